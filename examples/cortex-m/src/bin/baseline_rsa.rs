//! Baseline for `verify_rs256`: the bare arithmetic, an RSASSA-PKCS1-v1_5 SHA-256 signature over
//! the same signing input checked with `crypto-bigint` (the core's own arithmetic) and `sha2`,
//! with the exponentiation the core uses and the same runtime and printing. The difference
//! between the two binaries is what the JOSE layer costs. Built with the `rsa` feature only (see
//! `Cargo.toml`).

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Odd, U2048};
use sha2::{Digest, Sha256};
use tinyjose_firmware::{Scenario, data, instructions, measure};

/// The DER `DigestInfo` prefix of SHA-256 (RFC 8017 §9.2, note 1).
const DIGEST_INFO: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

type Monty = FixedMontyForm<{ U2048::LIMBS }>;

/// `base^e`, left to right: one squaring per bit of `e` below the top one and one
/// multiplication per set bit (16 squarings and 1 multiplication for 65537). The exponent is
/// public, so variable time is fine. `crypto-bigint`'s `pow_vartime` would first build a table
/// of 16 powers: 14 more multiplications and 4 KB more stack at 2048 bits.
fn pow(base: &Monty, e: u32) -> Monty {
    let mut z = *base;
    for bit in (0..u32::BITS - 1 - e.leading_zeros()).rev() {
        z = z.square();
        if (e >> bit) & 1 == 1 {
            z = z.mul(base);
        }
    }
    z
}

/// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2.2): `signature^e mod n` is exactly
/// `00 01 ff… 00 DigestInfo hash(input)`, for a 2048-bit modulus `n`.
#[inline(never)]
fn rsa_verify(n: &[u8], e: u32, input: &[u8], signature: &[u8]) -> bool {
    if n.len() != U2048::BYTES || signature.len() != U2048::BYTES {
        return false;
    }
    let s = U2048::from_be_slice(signature);
    let Some(n) = Option::<Odd<U2048>>::from(Odd::new(U2048::from_be_slice(n))) else {
        return false;
    };
    if s >= *n.as_ref() {
        return false;
    }
    let params = FixedMontyParams::new_vartime(n);
    let em = pow(&FixedMontyForm::new(&s, &params), e)
        .retrieve()
        .to_be_bytes();
    let hash = Sha256::digest(input);
    let t_at = U2048::BYTES - DIGEST_INFO.len() - hash.len();
    let mut diff = em[0] | (em[1] ^ 1) | em[t_at - 1];
    for &b in &em[2..t_at - 1] {
        diff |= b ^ 0xff;
    }
    for (&b, &t) in em[t_at..].iter().zip(DIGEST_INFO.iter().chain(hash.iter())) {
        diff |= b ^ t;
    }
    diff == 0
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("baseline_rsa");
    let input = data::RS256_SIGNING_INPUT.as_bytes();
    let (n, signature) = (data::RS256_N, data::RS256_SIGNATURE);
    let e = data::RS256_E
        .iter()
        .fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
    let (ok, stack) = measure(|| rsa_verify(n, e, input, signature));
    s.check("RSA signature verified", ok);
    s.report_stack("rsa_verify", stack);
    let (ok, count) = instructions(|| rsa_verify(n, e, input, signature));
    s.check("verified again, counting instructions", ok);
    s.report_time("rsa_verify", count);
    s.check("another input refused", !rsa_verify(n, e, b"x", signature));
    s.finish()
}
