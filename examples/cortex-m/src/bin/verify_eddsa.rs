//! EdDSA (Ed25519): RFC 8037 A.4 and a host-signed command verified, claims checked at a fixed
//! time, and each way a token can be wrong rejected with its exact error.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinyjose::{Ed25519VerifyingKey, Error, UntrustedJws};
use tinyjose_firmware::{Scenario, command_checks, data, validation, verify_command};

#[entry]
fn main() -> ! {
    let s = Scenario::start("verify_eddsa");
    let mut buf = [0u8; 256];

    let rfc = Ed25519VerifyingKey::from_bytes(data::rfc8037_a4::X);
    s.check("RFC 8037 A.4 key imported", rfc.is_ok());
    if let Ok(rfc) = &rfc {
        let payload = UntrustedJws::parse(data::rfc8037_a4::TOKEN)
            .and_then(|jws| Ok(jws.verify(rfc, &mut buf)?.payload() == data::rfc8037_a4::PAYLOAD));
        s.check_eq("RFC 8037 A.4: exact payload", payload, &true);
    }

    let Ok(key) = Ed25519VerifyingKey::from_bytes(data::EDDSA_X) else {
        s.check("issuer key imported", false);
        s.finish();
    };
    command_checks(
        &s,
        "verify_eddsa",
        data::EDDSA_TOKEN,
        data::ES256_TOKEN,
        &key,
    );
    let other = validation(data::NOW).subject("device-43");
    s.check_err(
        "other subject",
        verify_command(data::EDDSA_TOKEN, &key, &other, &mut buf),
        Error::SubjectMismatch,
    );
    s.finish()
}
