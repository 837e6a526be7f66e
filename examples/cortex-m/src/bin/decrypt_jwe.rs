//! JWE: a device configuration decrypted in place, sent to the device's P-256 key
//! (ECDH-ES+A128KW with A128GCM) and under its shared secret (`dir` with A256GCM), and each way a
//! token can be wrong refused with its exact error, the output buffer wiped.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinyjose::{
    A128GCM, A256GCM, ContentEncryption, DirectKey, EcdhEsPrivateKey, Error, JweAlg, JweDecrypter,
    Part, UntrustedJwe,
};
use tinyjose_firmware::data::{self, jwe};
use tinyjose_firmware::{Scenario, instructions, measure, tamper};

/// The `enc` values the device accepts.
static ENCS: &[&dyn ContentEncryption] = &[A128GCM, A256GCM];

/// The whole JOSE path: parse, recover the CEK with `key`, check the tag and decrypt in place in
/// `buf`, returning the plaintext's length (it starts at `buf[0]`).
///
/// # Errors
///
/// The first check that fails, exactly as the core reports it.
#[inline(never)]
fn decrypt(
    token: &str,
    key: &dyn JweDecrypter,
    encs: &[&dyn ContentEncryption],
    buf: &mut [u8],
) -> Result<usize, Error> {
    let jwe = UntrustedJwe::parse(token)?;
    Ok(jwe.decrypt(key, encs, buf)?.plaintext().len())
}

/// Decrypts `token` with `key`, checks the exact plaintext (`checks`: the two checks' names), and
/// reports the stack and instructions of the call as `operation`.
fn decrypts(s: &Scenario, operation: &str, checks: [&str; 2], token: &str, key: &dyn JweDecrypter) {
    let mut buf = [0u8; 256];
    let expected = jwe::CONFIG.as_bytes();
    let (len, stack) = measure(|| decrypt(token, key, ENCS, &mut buf));
    let exact = len.is_ok_and(|len| buf.get(..len) == Some(expected));
    s.check(checks[0], exact);
    s.report_stack(operation, stack);
    buf.fill(0);
    let (len, count) = instructions(|| decrypt(token, key, ENCS, &mut buf));
    let exact = len.is_ok_and(|len| buf.get(..len) == Some(expected));
    s.check(checks[1], exact);
    s.report_time(operation, count);
}

/// `token` refused by `key` with `DecryptionFailed`, and the output buffer, filled beforehand,
/// all zeros afterwards.
fn fails(s: &Scenario, what: &str, token: &str, key: &dyn JweDecrypter) {
    let mut buf = [0xA5u8; 256];
    s.check_err(
        what,
        decrypt(token, key, ENCS, &mut buf),
        Error::DecryptionFailed,
    );
    s.check("output buffer all zeros", buf.iter().all(|&b| b == 0));
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("decrypt_jwe");
    let device = EcdhEsPrivateKey::p256(JweAlg::EcdhEsA128Kw, jwe::DEVICE_D);
    let other = EcdhEsPrivateKey::p256(JweAlg::EcdhEsA128Kw, jwe::OTHER_D);
    let shared = DirectKey::new(jwe::DIR_K);
    let (Ok(device), Ok(other), Ok(shared)) = (device, other, shared) else {
        s.check("device keys imported", false);
        s.finish();
    };

    decrypts(
        &s,
        "decrypt_ecdh_es_a128kw",
        [
            "ECDH-ES+A128KW, A128GCM: exact plaintext",
            "ECDH-ES+A128KW again, counting instructions",
        ],
        jwe::ECDH_TOKEN,
        &device,
    );
    decrypts(
        &s,
        "decrypt_dir_a256gcm",
        [
            "dir, A256GCM: exact plaintext",
            "dir again, counting instructions",
        ],
        jwe::DIR_TOKEN,
        &shared,
    );

    let mut buf = [0u8; 256];
    // The longest token here is the ECDH one, 504 characters.
    let mut copy = [0u8; 640];
    s.check_err(
        "A256GCM token, only A128GCM accepted",
        decrypt(jwe::DIR_TOKEN, &shared, &[A128GCM], &mut buf),
        Error::UnsupportedEnc,
    );
    fails(
        &s,
        "tag tampered",
        tamper(jwe::ECDH_TOKEN, 4, &mut copy),
        &device,
    );
    fails(
        &s,
        "ciphertext tampered",
        tamper(jwe::ECDH_TOKEN, 3, &mut copy),
        &device,
    );
    fails(
        &s,
        "encrypted key tampered",
        tamper(jwe::ECDH_TOKEN, 1, &mut copy),
        &device,
    );
    fails(
        &s,
        "dir: tag tampered",
        tamper(jwe::DIR_TOKEN, 4, &mut copy),
        &shared,
    );
    fails(
        &s,
        "dir: ciphertext tampered",
        tamper(jwe::DIR_TOKEN, 3, &mut copy),
        &shared,
    );
    s.check_err(
        "ECDH token, dir key",
        decrypt(jwe::ECDH_TOKEN, &shared, ENCS, &mut buf),
        Error::AlgMismatch,
    );
    fails(&s, "ECDH token, another P-256 key", jwe::ECDH_TOKEN, &other);
    fails(&s, "epk not on the curve", jwe::OFF_CURVE_TOKEN, &device);
    s.check_err(
        "a JWS (3 segments)",
        UntrustedJwe::parse(data::ES256_TOKEN).map(|_| ()),
        Error::Malformed(Part::Token),
    );
    s.finish()
}
