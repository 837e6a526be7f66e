//! Baseline for `decrypt_jwe`'s `dir` token: the bare primitive, AES-256-GCM decryption in place
//! of the same ciphertext (already decoded) with the same key, IV, AAD and tag, with the same
//! runtime and printing. The difference is what the JOSE layer costs.

#![no_std]
#![no_main]

use aes_gcm::aead::array::Array;
use aes_gcm::{AeadInOut, Aes256Gcm, KeyInit};
use cortex_m_rt::entry;
use tinyjose_firmware::data::jwe;
use tinyjose_firmware::{Scenario, instructions, measure};

/// AES-256-GCM: `ciphertext` copied into `out` and decrypted there, returning the plaintext
/// length, or `None` if the tag does not verify.
#[inline(never)]
fn aes256gcm_decrypt(
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
    out: &mut [u8],
) -> Option<usize> {
    let aead = Aes256Gcm::new_from_slice(key).ok()?;
    let nonce = Array::try_from(iv).ok()?;
    let tag = Array::try_from(tag).ok()?;
    let buf = out.get_mut(..ciphertext.len())?;
    buf.copy_from_slice(ciphertext);
    aead.decrypt_inout_detached(&nonce, aad, buf.into(), &tag)
        .ok()?;
    Some(buf.len())
}

/// The dir token's parts, decrypted into `out`.
fn decrypt(tag: &[u8], out: &mut [u8]) -> Option<usize> {
    aes256gcm_decrypt(
        jwe::DIR_K,
        jwe::DIR_IV,
        jwe::DIR_AAD.as_bytes(),
        jwe::DIR_CIPHERTEXT,
        tag,
        out,
    )
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("baseline_jwe_dir");
    let mut buf = [0u8; 256];
    let expected = jwe::CONFIG.as_bytes();
    let exact =
        |len: Option<usize>, buf: &[u8]| len.is_some_and(|n| buf.get(..n) == Some(expected));
    let (len, stack) = measure(|| decrypt(jwe::DIR_TAG, &mut buf));
    s.check("A256GCM: exact plaintext", exact(len, &buf));
    s.report_stack("aes256gcm_decrypt", stack);
    buf.fill(0);
    let (len, count) = instructions(|| decrypt(jwe::DIR_TAG, &mut buf));
    s.check("decrypted again, counting instructions", exact(len, &buf));
    s.report_time("aes256gcm_decrypt", count);
    let mut tag = [0u8; 16];
    tag.copy_from_slice(jwe::DIR_TAG);
    tag[0] ^= 1;
    s.check("a wrong tag refused", decrypt(&tag, &mut buf).is_none());
    s.finish()
}
