//! Baseline for `verify_eddsa`: the bare primitive, an Ed25519 signature over the same signing
//! input verified (strictly, as the core does) with the same public key, with the same runtime
//! and printing. The difference between the two binaries is what the JOSE layer costs.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use ed25519_dalek::{Signature, VerifyingKey};
use tinyjose_firmware::{Scenario, data, instructions, measure};

/// Ed25519 `signature` over `input` under the public key `x`, by `verify_strict`.
#[inline(never)]
fn ed25519_verify(x: &[u8], input: &[u8], signature: &[u8]) -> bool {
    let Ok(x) = <[u8; 32]>::try_from(x) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(&x) else {
        return false;
    };
    let Ok(signature) = Signature::from_slice(signature) else {
        return false;
    };
    key.verify_strict(input, &signature).is_ok()
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("baseline_ed25519");
    let input = data::EDDSA_SIGNING_INPUT.as_bytes();
    let (ok, stack) = measure(|| ed25519_verify(data::EDDSA_X, input, data::EDDSA_SIGNATURE));
    s.check("Ed25519 signature verified", ok);
    s.report_stack("ed25519_verify", stack);
    let (ok, count) = instructions(|| ed25519_verify(data::EDDSA_X, input, data::EDDSA_SIGNATURE));
    s.check("verified again, counting instructions", ok);
    s.report_time("ed25519_verify", count);
    s.check(
        "another input refused",
        !ed25519_verify(data::EDDSA_X, b"x", data::EDDSA_SIGNATURE),
    );
    s.finish()
}
