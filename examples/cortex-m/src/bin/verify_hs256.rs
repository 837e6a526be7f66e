//! HS256: RFC 7515 A.1 and a host-signed command verified, claims checked at a fixed time, and
//! each way a token can be wrong rejected with its exact error.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinyjose::{Error, HmacKey, UnixTime, UntrustedJws, Validation};
use tinyjose_firmware::{Scenario, command_checks, data, validation, verify_command};

#[entry]
fn main() -> ! {
    let s = Scenario::start("verify_hs256");
    let mut buf = [0u8; 256];

    // RFC 7515 A.1: its claims hold an `exp` of 2011-03-22T18:43:00Z.
    let rfc = HmacKey::hs256(data::rfc7515_a1::K);
    s.check("RFC 7515 A.1 key imported", rfc.is_ok());
    if let Ok(rfc) = &rfc {
        let checked = UntrustedJws::parse(data::rfc7515_a1::TOKEN).and_then(|jws| {
            let verified = jws.verify(rfc, &mut buf)?;
            let before = Validation::new(UnixTime::from_secs(1_300_819_300));
            let at_exp = Validation::new(UnixTime::from_secs(1_300_819_380));
            Ok(verified.payload() == data::rfc7515_a1::PAYLOAD
                && verified.claims(&before).is_ok()
                && verified.claims(&at_exp).err() == Some(Error::Expired))
        });
        s.check_eq(
            "RFC 7515 A.1: payload, valid before exp, expired at exp",
            checked,
            &true,
        );
    }

    let Ok(key) = HmacKey::hs256(data::HS256_SECRET) else {
        s.check("issuer key imported", false);
        s.finish();
    };
    command_checks(
        &s,
        "verify_hs256",
        data::HS256_TOKEN,
        data::ES256_TOKEN,
        &key,
    );
    let other = validation(data::NOW).audience("device-43");
    s.check_err(
        "other audience",
        verify_command(data::HS256_TOKEN, &key, &other, &mut buf),
        Error::AudienceMismatch,
    );
    s.finish()
}
