//! Fuzzes JWE parsing and decryption, compact and JSON: arbitrary bytes as a token, decrypted with
//! a key of every key management family and every content encryption allowed, and arbitrary bytes
//! as a plaintext encrypted and decrypted back, compact and to two recipients.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use tinyjose::jwe::{JweJsonParams, JweRecipient, encrypt_json, jwe_json_len};
use tinyjose::{
    A128CBC_HS256, A256GCM, ALL_CONTENT_ENCRYPTIONS, Error, HeaderParams, JweAlg, JweKey, Jwk,
    Limits, Pbes2Key, UntrustedJwe, UntrustedJweJson, encrypt, rand_core,
};

/// One JWK for each key management family the core has, as `(JWK, alg)`.
const JWKS: [(&str, JweAlg); 6] = [
    (
        r#"{"kty":"oct","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}"#,
        JweAlg::Dir,
    ),
    (
        r#"{"kty":"oct","k":"GawgguFyGrWKav7AX4VKUg"}"#,
        JweAlg::A128Kw,
    ),
    (
        r#"{"kty":"oct","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}"#,
        JweAlg::A256GcmKw,
    ),
    // RFC 7520 §5.5 (P-256), §5.4 (P-384) and RFC 8037 A.6 (X25519) recipient keys.
    (
        r#"{"kty":"EC","crv":"P-256","x":"Ze2loSV3wrroKUN_4zhwGhCqo3Xhu1td4QjeQ5wIVR0","y":"HlLtdXARY_f55A3fnzQbPcm6hgr34Mp8p-nuzQCE0Zw","d":"r_kHyZ-a06rmxM3yESK84r1otSg-aQcVStkRhA-iCM8"}"#,
        JweAlg::EcdhEs,
    ),
    (
        r#"{"kty":"EC","crv":"P-384","x":"YU4rRUzdmVqmRtWOs2OpDE_T5fsNIodcG8G5FWPrTPMyxpzsSOGaQLpe2FpxBmu2","y":"A8-yxCHxkfBz3hKZfI1jUYMjUhsEveZ9THuwFjH2sCNdtksRJU7D5-SkgaFL1ETP","d":"iTx2pk7wW-GqJkHcEkFQb2EFyYcO7RugmaW3mRrQVAOUiPommT0IdnYK2xDlZh-j"}"#,
        JweAlg::EcdhEsA128Kw,
    ),
    (
        r#"{"kty":"OKP","crv":"X25519","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08","d":"XasIfmJKikt54X-Lg4AO5m87sSkmGLb9HC-LJ_-I4Os"}"#,
        JweAlg::EcdhEsA256Kw,
    ),
];

/// How many of the first [`JWKS`] are symmetric keys.
const SYMMETRIC_KEYS: usize = 3;

/// The fixed keys, built once, and a PBES2 key.
static KEYS: LazyLock<(Vec<JweKey>, Pbes2Key)> = LazyLock::new(|| {
    let keys = JWKS
        .iter()
        .map(|(jwk, alg)| {
            Jwk::parse(jwk)
                .and_then(|jwk| jwk.to_jwe_key(Some(*alg)))
                .unwrap_or_else(|err| panic!("fixed {alg} key: {err:?}"))
        })
        .collect();
    let pbes2 = Pbes2Key::new(JweAlg::Pbes2Hs256A128Kw, b"fuzzing password")
        .and_then(|k| k.with_count(1000))
        .unwrap_or_else(|err| panic!("PBES2 key: {err:?}"));
    (keys, pbes2)
});

/// Tight limits, to reach every limit check, with PBES2 kept cheap.
const SMALL: Limits = Limits::DEFAULT.with_token_len(4096).with_header_len(512).with_json_depth(4).with_jwks_keys(2).with_pbes2_count(1000).with_inflated_len(4096);

/// A counter as randomness: fuzzing needs reproducible runs, not secrets.
struct Counter(u8);

impl rand_core::TryRng for Counter {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(u32::from(self.next()))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(u64::from(self.next()))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.iter_mut().for_each(|b| *b = self.next());
        Ok(())
    }
}

impl rand_core::TryCryptoRng for Counter {}

impl Counter {
    fn next(&mut self) -> u8 {
        self.0 = self.0.wrapping_mul(5).wrapping_add(17);
        self.0
    }
}

fuzz_target!(|data: &[u8]| {
    let (keys, pbes2) = &*KEYS;
    if let Ok(text) = std::str::from_utf8(data) {
        for limits in [Limits::DEFAULT, SMALL] {
            let Ok(jwe) = UntrustedJwe::parse_with_limits(text, &limits) else {
                continue;
            };
            let _ = (
                jwe.header().kid(),
                jwe.header().typ(),
                jwe.header().cty(),
                jwe.header().json(),
                jwe.key_params(),
            );
            let mut buf = vec![0xa5u8; jwe.ciphertext_len() + 4096];
            let decrypters = keys.iter().map(|k| k as &dyn tinyjose::JweDecrypter);
            for key in decrypters.chain([pbes2 as &dyn tinyjose::JweDecrypter]) {
                match jwe.decrypt(key, ALL_CONTENT_ENCRYPTIONS, &mut buf) {
                    Ok(d) => assert!(d.plaintext().len() <= buf.len()),
                    // Refused before anything is written: the buffer is untouched.
                    Err(
                        Error::AlgMismatch | Error::UnsupportedEnc | Error::BufferTooSmall { .. },
                    ) => {
                        assert!(buf.iter().all(|&b| b == 0xa5), "a refusal writes nothing")
                    }
                    Err(_) => assert!(buf.iter().all(|&b| b == 0), "a failed decryption wipes"),
                }
                buf.fill(0xa5);
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        for limits in [Limits::DEFAULT, SMALL] {
            let Ok(jwe) = UntrustedJweJson::parse_with_limits(text, &limits) else {
                continue;
            };
            let _ = (jwe.protected_json(), jwe.unprotected_json(), jwe.recipient_count());
            let mut buf = vec![0xa5u8; jwe.max_buffer_len()];
            let decrypters = keys.iter().map(|k| k as &dyn tinyjose::JweDecrypter);
            for key in decrypters.chain([pbes2 as &dyn tinyjose::JweDecrypter]) {
                match jwe.decrypt(key, ALL_CONTENT_ENCRYPTIONS, &mut buf) {
                    Ok(d) => assert!(d.plaintext().len() <= buf.len()),
                    Err(Error::DecryptionFailed) => {
                        assert!(buf.iter().all(|&b| b == 0), "a failed decryption wipes")
                    }
                    Err(_) => {}
                }
                buf.fill(0xa5);
            }
        }
    }
    // Round trip to two recipients (A128KW and A256GCMKW) in the general serialization.
    let recipients = [JweRecipient::new(&keys[1]).kid("a"), JweRecipient::new(&keys[2]).kid("b")];
    let params = JweJsonParams::new().aad(b"fuzz");
    let mut out = vec![0u8; jwe_json_len(&params, &recipients, A256GCM.enc(), data.len())];
    let text = encrypt_json(&params, data, &recipients, A256GCM, &mut Counter(9), &mut out)
        .expect("sized exactly");
    let limits = Limits::DEFAULT.with_token_len(usize::MAX);
    let jwe = UntrustedJweJson::parse_with_limits(text, &limits).expect("our own JWE parses");
    for key in &keys[1..3] {
        let mut buf = vec![0u8; jwe.max_buffer_len()];
        let decrypted = jwe.decrypt(key, &[A256GCM], &mut buf).expect("each recipient decrypts");
        assert_eq!(decrypted.plaintext(), data);
        assert_eq!(decrypted.aad(), Some(&b"fuzz"[..]));
    }
    // Round trip: whatever is encrypted decrypts to itself, with each symmetric key. The
    // ECDH-ES keys decrypt every input above; their round trips, whose cost is the key agreement
    // and not the input, are in the core's tests (tests/ecdh_es.rs), so each input here stays
    // cheap enough for ten million executions.
    let mut out = vec![0u8; data.len() * 2 + 2048];
    for (i, key) in keys.iter().enumerate().take(SYMMETRIC_KEYS) {
        let content = if i % 2 == 0 { A256GCM } else { A128CBC_HS256 };
        let encrypted = encrypt(
            &HeaderParams::new().kid("k"),
            data,
            key,
            content,
            &mut Counter(i as u8),
            &mut out,
        );
        let token = match encrypted {
            Ok(t) => t.to_owned(),
            // `dir` with a 32-byte key does not fit A256GCM's and A128CBC-HS256's needs alike.
            Err(Error::KeyRejected(_)) => continue,
            Err(e) => panic!("encrypting {} bytes with {}: {e:?}", data.len(), JWKS[i].1),
        };
        let limits = Limits::DEFAULT.with_token_len(usize::MAX);
        let jwe = UntrustedJwe::parse_with_limits(&token, &limits).expect("our own token parses");
        let mut buf = vec![0u8; jwe.ciphertext_len()];
        let plaintext = jwe
            .decrypt(key, &[content], &mut buf)
            .expect("our own token decrypts");
        assert_eq!(plaintext.plaintext(), data);
    }
});
