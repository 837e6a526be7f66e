//! Baseline for `decrypt_jwe`'s ECDH-ES+A128KW token: the bare primitives doing the same work on
//! the token's parts (already decoded), with the same runtime and printing. P-256 ECDH with the
//! ephemeral public key, the Concat KDF (one SHA-256 block, RFC 7518 §4.6.2) for the A128KW key,
//! AES key unwrap of the CEK, AES-128-GCM decryption in place. The difference is what the JOSE
//! layer costs.

#![no_std]
#![no_main]

use aes_gcm::aead::array::Array;
use aes_gcm::{AeadInOut, Aes128Gcm, KeyInit};
use aes_kw::KwAes128;
use cortex_m_rt::entry;
use p256::{PublicKey, SecretKey};
use sha2::{Digest, Sha256};
use tinyjose_firmware::data::jwe;
use tinyjose_firmware::{Scenario, instructions, measure};

/// The token's parts, as the primitives take them.
struct Parts<'a> {
    epk_x: &'a [u8],
    epk_y: &'a [u8],
    encrypted_key: &'a [u8],
    iv: &'a [u8],
    aad: &'a [u8],
    ciphertext: &'a [u8],
    tag: &'a [u8],
}

/// ECDH-ES+A128KW with A128GCM under the P-256 scalar `d`: the ciphertext copied into `out` and
/// decrypted there, returning the plaintext length, or `None` if anything fails.
#[inline(never)]
fn ecdh_es_a128kw_decrypt(d: &[u8], parts: &Parts<'_>, out: &mut [u8]) -> Option<usize> {
    let mut sec1 = [4u8; 65];
    sec1[1..33].copy_from_slice(parts.epk_x);
    sec1[33..].copy_from_slice(parts.epk_y);
    let peer = PublicKey::from_sec1_bytes(&sec1).ok()?;
    let scalar = SecretKey::from_slice(d).ok()?.to_nonzero_scalar();
    let shared = p256::ecdh::diffie_hellman(&scalar, peer.as_affine());
    // Concat KDF: SHA-256(counter 1 || Z || len || "ECDH-ES+A128KW" || empty apu || empty apv
    // || 128 bits), the first 16 bytes.
    let alg = b"ECDH-ES+A128KW";
    let mut hash = Sha256::new();
    hash.update(1u32.to_be_bytes());
    hash.update(shared.raw_secret_bytes());
    hash.update([0, 0, 0, 14]);
    hash.update(alg);
    hash.update([0u8; 8]);
    hash.update(128u32.to_be_bytes());
    let digest = hash.finalize();
    let kw = KwAes128::new_from_slice(digest.get(..16)?).ok()?;
    let mut cek = [0u8; 16];
    kw.unwrap_key(parts.encrypted_key, &mut cek).ok()?;
    let aead = Aes128Gcm::new_from_slice(&cek).ok()?;
    let nonce = Array::try_from(parts.iv).ok()?;
    let tag = Array::try_from(parts.tag).ok()?;
    let buf = out.get_mut(..parts.ciphertext.len())?;
    buf.copy_from_slice(parts.ciphertext);
    aead.decrypt_inout_detached(&nonce, parts.aad, buf.into(), &tag)
        .ok()?;
    Some(buf.len())
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("baseline_jwe_ecdh");
    let parts = Parts {
        epk_x: jwe::ECDH_EPK_X,
        epk_y: jwe::ECDH_EPK_Y,
        encrypted_key: jwe::ECDH_ENCRYPTED_KEY,
        iv: jwe::ECDH_IV,
        aad: jwe::ECDH_AAD.as_bytes(),
        ciphertext: jwe::ECDH_CIPHERTEXT,
        tag: jwe::ECDH_TAG,
    };
    let mut buf = [0u8; 256];
    let expected = jwe::CONFIG.as_bytes();
    let exact =
        |len: Option<usize>, buf: &[u8]| len.is_some_and(|n| buf.get(..n) == Some(expected));
    let (len, stack) = measure(|| ecdh_es_a128kw_decrypt(jwe::DEVICE_D, &parts, &mut buf));
    s.check("ECDH-ES+A128KW, A128GCM: exact plaintext", exact(len, &buf));
    s.report_stack("ecdh_es_a128kw_decrypt", stack);
    buf.fill(0);
    let (len, count) = instructions(|| ecdh_es_a128kw_decrypt(jwe::DEVICE_D, &parts, &mut buf));
    s.check("decrypted again, counting instructions", exact(len, &buf));
    s.report_time("ecdh_es_a128kw_decrypt", count);
    s.check(
        "another key refused",
        ecdh_es_a128kw_decrypt(jwe::OTHER_D, &parts, &mut buf).is_none(),
    );
    s.finish()
}
