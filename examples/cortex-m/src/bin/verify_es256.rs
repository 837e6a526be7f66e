//! ES256: RFC 7515 A.3 and a host-signed command verified, claims checked at a fixed time, and
//! each way a token can be wrong rejected with its exact error. The A.3 signature has a high `s`:
//! refused by default, verified with `Limits::ecdsa_high_s`.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinyjose::{Error, Es256VerifyingKey, Limits, UntrustedJws};
use tinyjose_firmware::{Scenario, command_checks, data, validation, verify_command};

#[entry]
fn main() -> ! {
    let s = Scenario::start("verify_es256");
    let mut buf = [0u8; 256];

    let rfc = Es256VerifyingKey::from_coordinates(data::rfc7515_a3::X, data::rfc7515_a3::Y);
    s.check("RFC 7515 A.3 key imported", rfc.is_ok());
    if let Ok(rfc) = &rfc {
        s.check_err(
            "RFC 7515 A.3: high s refused by default",
            UntrustedJws::parse(data::rfc7515_a3::TOKEN)
                .and_then(|jws| jws.verify(rfc, &mut buf).map(|_| ())),
            Error::InvalidSignature,
        );
        let high_s = Limits::DEFAULT.with_ecdsa_high_s(true);
        let payload = UntrustedJws::parse_with_limits(data::rfc7515_a3::TOKEN, &high_s)
            .and_then(|jws| Ok(jws.verify(rfc, &mut buf)?.payload() == data::rfc7515_a3::PAYLOAD));
        s.check_eq(
            "RFC 7515 A.3: exact payload with ecdsa_high_s",
            payload,
            &true,
        );
    }

    let Ok(key) = Es256VerifyingKey::from_coordinates(data::ES256_X, data::ES256_Y) else {
        s.check("issuer key imported", false);
        s.finish();
    };
    command_checks(
        &s,
        "verify_es256",
        data::ES256_TOKEN,
        data::HS256_TOKEN,
        &key,
    );
    let now = validation(data::NOW);
    s.check_err(
        "signed by another key",
        verify_command(data::ROTATED_TOKEN, &key, &now, &mut buf),
        Error::InvalidSignature,
    );
    let early = validation(data::NOW - 120);
    s.check_err(
        "issued in the future",
        verify_command(data::ES256_TOKEN, &key, &early, &mut buf),
        Error::IssuedAtInvalid,
    );
    let other = validation(data::NOW).issuer("https://other.example");
    s.check_err(
        "other issuer",
        verify_command(data::ES256_TOKEN, &key, &other, &mut buf),
        Error::IssuerMismatch,
    );
    s.finish()
}
