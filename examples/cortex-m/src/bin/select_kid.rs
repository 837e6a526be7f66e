//! Key rotation: the issuer's JWK Set is held in flash, and each token's key is picked by its
//! `kid` (and its `alg`), parsed straight from the set with no copy.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinyjose::{Error, JwkSet, UntrustedJws};
use tinyjose_firmware::{EXPECTED, Scenario, accept, data, measure, validation};

/// Picks the key for `token` from the set in flash, then runs the whole command path.
#[inline(never)]
fn verify_with_set(
    set: &JwkSet<'_>,
    token: &str,
    buf: &mut [u8],
) -> Result<tinyjose_firmware::Accepted, Error> {
    let jws = UntrustedJws::parse(token)?;
    let key = set.verifier_for(&jws)?;
    accept(&jws, &key, &validation(data::NOW), buf)
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("select_kid");
    let mut buf = [0u8; 256];
    let Ok(set) = JwkSet::parse(data::JWKS) else {
        s.check("JWK Set parsed", false);
        s.finish();
    };
    let (rotated, stack) = measure(|| verify_with_set(&set, data::ROTATED_TOKEN, &mut buf));
    s.check_eq("kid issuer-es256-2026-07 (ES256)", rotated, &EXPECTED);
    s.report_stack("select_kid_es256", stack);
    s.check_eq(
        "kid issuer-es256 (ES256)",
        verify_with_set(&set, data::ES256_TOKEN, &mut buf),
        &EXPECTED,
    );
    s.check_eq(
        "kid issuer-eddsa (EdDSA)",
        verify_with_set(&set, data::EDDSA_TOKEN, &mut buf),
        &EXPECTED,
    );
    s.check_err(
        "unknown kid",
        verify_with_set(&set, data::UNKNOWN_KID_TOKEN, &mut buf),
        Error::NoMatchingKey,
    );
    s.check_err(
        "kid of another key",
        verify_with_set(&set, data::WRONG_KEY_TOKEN, &mut buf),
        Error::InvalidSignature,
    );
    s.check_err(
        "HS256 token, no secret in the set",
        verify_with_set(&set, data::HS256_TOKEN, &mut buf),
        Error::NoMatchingKey,
    );
    s.finish()
}
