//! A device JWT, as IoT brokers require for device authentication: ES256-signed claims (`iss`,
//! `aud`, `iat`, `exp`) written into a stack buffer sized at compile time, then verified back,
//! and the claims kept in `heapless` strings after the token is gone.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinyjose::{
    Error, Es256SigningKey, HeaderParams, JwsAlg, UnixTime, UntrustedJws, Validation, compact_len,
    sign,
};
use tinyjose_firmware::{Scenario, Text, data, measure};

/// The device's identity and its broker.
const DEVICE: &str = "device-42";
const BROKER: &str = "https://broker.example";
/// Token lifetime, in seconds.
const LIFETIME: u64 = 3600;

/// The claims as a device keeps them once its token and payload buffers are reused: strings in
/// `heapless` strings of fixed capacity, so the value borrows nothing. A claim longer than its
/// capacity is refused ([`Error::Json`]), never truncated.
#[derive(Debug, PartialEq, Eq, serde::Deserialize)]
struct KeptClaims {
    iss: heapless::String<16>,
    aud: heapless::String<32>,
    iat: u64,
    exp: u64,
}

/// Room for the claims below: four members, two ten-digit times.
const CLAIMS_LEN: usize = 128;
/// The header is `{"alg":"ES256","kid":"device-42","typ":"JWT"}`.
const HEADER: HeaderParams<'static> = HeaderParams::new().kid(DEVICE).typ("JWT");
/// The whole token, sized at compile time.
const TOKEN_LEN: usize = compact_len(64, CLAIMS_LEN, 64);

#[entry]
fn main() -> ! {
    let s = Scenario::start("device_jwt");
    let Ok(key) = Es256SigningKey::from_bytes(data::DEVICE_D) else {
        s.check("device key imported", false);
        s.finish();
    };

    // The claims, written without formatting machinery.
    let mut claims = Text::<CLAIMS_LEN>::new();
    claims.push(r#"{"iss":""#);
    claims.push(DEVICE);
    claims.push(r#"","aud":""#);
    claims.push(BROKER);
    claims.push(r#"","iat":"#);
    claims.push_number(data::NOW);
    claims.push(r#","exp":"#);
    claims.push_number(data::NOW + LIFETIME);
    claims.push("}");
    s.check("claims fit their buffer", !claims.overflowed());

    let mut out = [0u8; TOKEN_LEN];
    let (token, stack) = measure(|| sign(&HEADER, claims.as_bytes(), &key, &mut out));
    s.report_stack("sign_es256", stack);
    let Ok(token) = token else {
        s.check("signed", false);
        s.finish();
    };
    s.check("signed into a stack buffer", token.len() <= TOKEN_LEN);
    let exact = compact_len(HEADER.json_len(JwsAlg::Es256), claims.as_bytes().len(), 64);
    s.check("compact_len is exact", token.len() == exact);

    // Verify it back, as the broker would.
    let public = key.verifying_key();
    let mut buf = [0u8; CLAIMS_LEN];
    let check = |now: u64, buf: &mut [u8]| -> Result<bool, Error> {
        let jws = UntrustedJws::parse(token)?;
        let verified = jws.verify(&public, buf)?;
        let validation = Validation::new(UnixTime::from_secs(now))
            .issuer(DEVICE)
            .audience(BROKER)
            .require(&["iat", "exp"]);
        verified.claims(&validation)?;
        Ok(verified.header().kid() == Some(DEVICE) && verified.payload() == claims.as_bytes())
    };
    s.check_eq(
        "verified back by the broker's rules",
        check(data::NOW, &mut buf),
        &true,
    );
    s.check_err(
        "expired an hour later",
        check(data::NOW + LIFETIME, &mut buf),
        Error::Expired,
    );

    // The claims kept after the token and payload buffers are wiped: the borrow checker would
    // refuse the wipe if `kept` still borrowed either of them.
    let kept = UntrustedJws::parse(token).and_then(|jws| {
        let verified = jws.verify(&public, &mut buf)?;
        let validation = Validation::new(UnixTime::from_secs(data::NOW)).audience(BROKER);
        verified
            .claims(&validation)?
            .deserialize::<KeptClaims>(&mut [0u8; 32])
    });
    out.fill(0);
    buf.fill(0);
    s.check(
        "claims kept in heapless strings after the token is wiped",
        kept.is_ok_and(|c| {
            c.iss == DEVICE
                && c.aud == BROKER
                && c.iat == data::NOW
                && c.exp == data::NOW + LIFETIME
        }),
    );

    let mut small = [0u8; 64];
    s.check_err(
        "a buffer too small is refused before signing",
        sign(&HEADER, claims.as_bytes(), &key, &mut small),
        Error::BufferTooSmall { needed: exact },
    );
    s.finish()
}
