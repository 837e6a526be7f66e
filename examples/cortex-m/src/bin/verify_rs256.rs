//! RS256: RFC 7515 A.2 and a host-signed command verified with a 2048-bit key, claims checked at
//! a fixed time, and each way a token can be wrong rejected with its exact error. Built with the
//! `rsa` feature only (see `Cargo.toml`).

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinyjose::{Error, JwsAlg, RsaVerifyingKey, UntrustedJws};
use tinyjose_firmware::{Scenario, command_checks, data, validation, verify_command};

/// RFC 7515 A.2 with the RFC's key, and each of the two keys refusing the other's token. In a
/// frame of its own, so that its tokens are off the stack when the command checks run.
#[inline(never)]
fn rfc7515_a2(s: &Scenario, key: &RsaVerifyingKey) {
    let mut buf = [0u8; 128];
    let rfc = RsaVerifyingKey::new(JwsAlg::Rs256, data::rfc7515_a2::N, data::rfc7515_a2::E);
    s.check("RFC 7515 A.2 key imported", rfc.is_ok());
    let Ok(rfc) = &rfc else {
        return;
    };
    let payload = UntrustedJws::parse(data::rfc7515_a2::TOKEN)
        .and_then(|jws| Ok(jws.verify(rfc, &mut buf)?.payload() == data::rfc7515_a2::PAYLOAD));
    s.check_eq("RFC 7515 A.2: exact payload", payload, &true);
    s.check_err(
        "RFC 7515 A.2 token, issuer key",
        UntrustedJws::parse(data::rfc7515_a2::TOKEN)
            .and_then(|jws| jws.verify(key, &mut buf).map(|_| ())),
        Error::InvalidSignature,
    );
    let mut buf = [0u8; 256];
    s.check_err(
        "command token, RFC 7515 A.2 key",
        verify_command(data::RS256_TOKEN, rfc, &validation(data::NOW), &mut buf),
        Error::InvalidSignature,
    );
}

/// The refusals specific to RSA keys.
#[inline(never)]
fn rsa_refusals(s: &Scenario, key: &RsaVerifyingKey) {
    let mut buf = [0u8; 256];
    let now = validation(data::NOW);
    s.check_err(
        "HS256 keyed with the public key (alg confusion)",
        verify_command(data::RS256_CONFUSION_TOKEN, key, &now, &mut buf),
        Error::AlgMismatch,
    );
    s.check_err(
        "signature one byte short",
        verify_command(data::RS256_SHORT_SIGNATURE_TOKEN, key, &now, &mut buf),
        Error::InvalidSignature,
    );
    s.check_err(
        "signature one byte long",
        verify_command(data::RS256_LONG_SIGNATURE_TOKEN, key, &now, &mut buf),
        Error::InvalidSignature,
    );
    let other = validation(data::NOW).audience("device-7");
    s.check_err(
        "other audience",
        verify_command(data::RS256_TOKEN, key, &other, &mut buf),
        Error::AudienceMismatch,
    );
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("verify_rs256");
    let Ok(key) = RsaVerifyingKey::new(JwsAlg::Rs256, data::RS256_N, data::RS256_E) else {
        s.check("issuer key imported", false);
        s.finish();
    };
    rfc7515_a2(&s, &key);
    command_checks(
        &s,
        "verify_rs256",
        data::RS256_TOKEN,
        data::ES256_TOKEN,
        &key,
    );
    rsa_refusals(&s, &key);
    s.finish()
}
