//! Baseline for `verify_es256`: the bare primitive, a P-256 ECDSA signature over the same
//! signing input verified with the same public key, with the same runtime and printing. The
//! difference between the two binaries is what the JOSE layer costs.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use tinyjose_firmware::{Scenario, data, instructions, measure};

/// ECDSA P-256 with SHA-256: `signature` (r || s) over `input` under the point (`x`, `y`).
#[inline(never)]
fn p256_verify(x: &[u8], y: &[u8], input: &[u8], signature: &[u8]) -> bool {
    let mut sec1 = [4u8; 65];
    sec1[1..33].copy_from_slice(x);
    sec1[33..].copy_from_slice(y);
    let Ok(key) = VerifyingKey::from_sec1_bytes(&sec1) else {
        return false;
    };
    let Ok(signature) = Signature::from_slice(signature) else {
        return false;
    };
    key.verify(input, &signature).is_ok()
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("baseline_p256");
    let input = data::ES256_SIGNING_INPUT.as_bytes();
    let (ok, stack) =
        measure(|| p256_verify(data::ES256_X, data::ES256_Y, input, data::ES256_SIGNATURE));
    s.check("P-256 signature verified", ok);
    s.report_stack("p256_verify", stack);
    let (ok, count) =
        instructions(|| p256_verify(data::ES256_X, data::ES256_Y, input, data::ES256_SIGNATURE));
    s.check("verified again, counting instructions", ok);
    s.report_time("p256_verify", count);
    s.check(
        "another input refused",
        !p256_verify(data::ES256_X, data::ES256_Y, b"x", data::ES256_SIGNATURE),
    );
    s.finish()
}
