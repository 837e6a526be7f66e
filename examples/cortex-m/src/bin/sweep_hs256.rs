//! Peak stack of HS256 JWT verification as the payload grows: host-signed commands whose claims
//! are 256 B, 1 KiB, 4 KiB and 16 KiB (the command with a `pad` string), each parsed, verified,
//! validated and deserialized as `verify_hs256` does, with the stack painted for each size.
//!
//! Every buffer is the caller's and the parsed token holds fixed-size arrays and slices, so the
//! stack must not depend on the payload's length: the four figures are expected to be equal.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinyjose::{Error, HmacKey, JwsVerifier, Limits, UntrustedJws, Validation};
use tinyjose_firmware::{Accepted, HEADER_CAPACITY, Scenario, accept, data, measure, validation};

/// The device's limits with room for the largest token of the sweep (about 22 KB of text):
/// the default `token_len` is 16 KiB.
const LIMITS: Limits = Limits::DEFAULT.with_token_len(32 * 1024);

/// [`tinyjose_firmware::verify_command`] with [`LIMITS`].
#[inline(never)]
fn verify_large(
    token: &str,
    key: &dyn JwsVerifier,
    validation: &Validation<'_>,
    buf: &mut [u8],
) -> Result<Accepted, Error> {
    let jws = UntrustedJws::<HEADER_CAPACITY>::parse_with_capacity(token, &LIMITS)?;
    accept(&jws, key, validation, buf)
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("sweep_hs256");
    let Ok(key) = HmacKey::hs256(data::HS256_SECRET) else {
        s.check("issuer key imported", false);
        s.finish();
    };
    let now = validation(data::NOW);
    // The largest payload; every size decodes into the front of it.
    let mut buf = [0u8; 16 * 1024];
    for (operation, token, size) in [
        (
            "verify_hs256_256B",
            data::sweep::TOKEN_256B,
            data::sweep::CLAIMS_256B,
        ),
        (
            "verify_hs256_1KiB",
            data::sweep::TOKEN_1KIB,
            data::sweep::CLAIMS_1KIB,
        ),
        (
            "verify_hs256_4KiB",
            data::sweep::TOKEN_4KIB,
            data::sweep::CLAIMS_4KIB,
        ),
        (
            "verify_hs256_16KiB",
            data::sweep::TOKEN_16KIB,
            data::sweep::CLAIMS_16KIB,
        ),
    ] {
        buf.fill(0);
        let (accepted, stack) = measure(|| verify_large(token, &key, &now, &mut buf));
        let expected = Accepted {
            payload_len: size,
            reboot: true,
            after: 30,
        };
        s.check_eq(operation, accepted, &expected);
        s.check(
            "payload starts with the command's claims",
            buf.starts_with(br#"{"iss":"https://issuer.example","#),
        );
        s.report_stack(operation, stack);
    }
    s.finish()
}
