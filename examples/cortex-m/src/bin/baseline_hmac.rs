//! Baseline for `verify_hs256`: the bare primitive, HMAC-SHA256 over the same signing input
//! checked against the same tag, with the same runtime and printing. The difference between the
//! two binaries is what the JOSE layer costs.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tinyjose_firmware::{Scenario, data, instructions, measure};

/// HMAC-SHA256 of `input` under `secret`, compared with `tag` in constant time.
#[inline(never)]
fn hmac_verify(secret: &[u8], input: &[u8], tag: &[u8]) -> bool {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(input);
    mac.verify_slice(tag).is_ok()
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("baseline_hmac");
    let input = data::HS256_SIGNING_INPUT.as_bytes();
    let (ok, stack) = measure(|| hmac_verify(data::HS256_SECRET, input, data::HS256_SIGNATURE));
    s.check("HMAC-SHA256 tag verified", ok);
    s.report_stack("hmac_sha256", stack);
    let (ok, count) =
        instructions(|| hmac_verify(data::HS256_SECRET, input, data::HS256_SIGNATURE));
    s.check("verified again, counting instructions", ok);
    s.report_time("hmac_sha256", count);
    s.check(
        "a wrong tag refused",
        !hmac_verify(data::HS256_SECRET, input, &[0; 32]),
    );
    s.finish()
}
