//! Decrypting compact JWEs in place with tinyjose, next to two floors: raw AES-256-GCM decryption
//! of the same ciphertext with the `aes-gcm` crate the core uses, and the same preceded by the
//! base64url decoding that any compact JWE needs: with the decoder the core uses for public
//! segments (`base64-simd`) and, for comparison, the table-driven one it used before
//! (`data-encoding`) and the constant-time one it keeps for secrets (`base64ct`). Groups
//! `b64-decode-<size>` time the decoding of the ciphertext alone with each.
//!
//! Three key management modes (`dir`, `A256KW`, `ECDH-ES+A256KW` on P-256), all with A256GCM, at
//! 1 KiB and 64 KiB of plaintext. Groups are named `JWE-<size>`, functions by path: criterion
//! writes each estimate to `target/criterion/JWE-<size>/<path>/new/estimates.json`. Both paths
//! start from the same bytes each iteration: the floor copies the ciphertext into its buffer
//! (decryption is in place), tinyjose decodes it from the token into its own.

#![expect(
    clippy::expect_used,
    reason = "benchmark setup: a fixture that does not decrypt must stop the run"
)]

use core::hint::black_box;

use aes_gcm::aead::array::Array;
use aes_gcm::{AeadInOut, Aes256Gcm, KeyInit};
use base64ct::{Base64UrlUnpadded, Encoding};
use criterion::{Criterion, Throughput};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tinyjose::{
    A256GCM, AesKwKey, DirectKey, EcdhEsPrivateKey, HeaderParams, JweAlg, JweDecrypter,
    JweEncrypter, UntrustedJwe, encrypt,
};

/// A fixed-sequence generator for the fixtures (CEK, IV, ephemeral key): benchmark input only.
struct Fixed(u64);

impl tinyjose::rand_core::TryRng for Fixed {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(u32::try_from(self.try_next_u64()? >> 32).unwrap_or_default())
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        Ok(self.0)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for b in dst {
            *b = self.try_next_u64()?.to_be_bytes()[0];
        }
        Ok(())
    }
}

impl tinyjose::rand_core::TryCryptoRng for Fixed {}

/// The P-256 recipient key of the ECDH-ES case (RFC 7520 §5.5's `d`).
const P256_D: &str = "r_kHyZ-a06rmxM3yESK84r1otSg-aQcVStkRhA-iCM8";

fn b64d(s: &str) -> Vec<u8> {
    let mut out = vec![0u8; s.len() * 3 / 4 + 3];
    let len = Base64UrlUnpadded::decode(s, &mut out)
        .expect("base64url")
        .len();
    out.truncate(len);
    out
}

fn token(key: &dyn JweEncrypter, plaintext: &[u8]) -> String {
    let mut out = vec![0u8; plaintext.len() * 2 + 1024];
    encrypt(
        &HeaderParams::new(),
        plaintext,
        key,
        A256GCM,
        &mut Fixed(7),
        &mut out,
    )
    .expect("encrypts")
    .to_owned()
}

fn tinyjose_decrypt(token: &str, key: &dyn JweDecrypter, buf: &mut [u8]) -> usize {
    let jwe =
        UntrustedJwe::parse_with_limits(token, &tinyjose::Limits::DEFAULT.with_token_len(1 << 20))
            .expect("parses");
    jwe.decrypt(key, &[A256GCM], buf)
        .expect("decrypts")
        .plaintext()
        .len()
}

fn decrypt(c: &mut Criterion) {
    let dir_key = [0x42u8; 32];
    let dir = DirectKey::new(&dir_key).expect("dir key");
    let kw = AesKwKey::new(JweAlg::A256Kw, &[0x24; 32]).expect("A256KW key");
    let ecdh = EcdhEsPrivateKey::p256(JweAlg::EcdhEsA256Kw, &b64d(P256_D)).expect("P-256 key");
    let ecdh_public = ecdh.public_key();

    for size in [1024usize, 64 * 1024] {
        let plaintext: Vec<u8> = (0..size)
            .map(|i| u8::try_from(i % 251).expect("< 251"))
            .collect();
        let mut group = c.benchmark_group(format!("JWE-{}KiB", size / 1024));
        group.throughput(Throughput::Bytes(u64::try_from(size).expect("fits")));
        let mut buf = vec![0u8; size];

        // The floor: the `dir` token's own ciphertext, IV, tag and AAD, decrypted by `aes-gcm`.
        let dir_token = token(&dir, &plaintext);
        let parts: Vec<&str> = dir_token.split('.').collect();
        let (aad, iv, ciphertext, tag) = (
            parts[0].as_bytes(),
            b64d(parts[2]),
            b64d(parts[3]),
            b64d(parts[4]),
        );
        let cipher = Aes256Gcm::new_from_slice(&dir_key).expect("key");
        let nonce = Array::try_from(iv.as_slice()).expect("iv");
        let tag = Array::try_from(tag.as_slice()).expect("tag");
        let raw = |buf: &mut [u8]| {
            buf.copy_from_slice(black_box(&ciphertext));
            cipher
                .decrypt_inout_detached(&nonce, aad, buf.into(), &tag)
                .expect("decrypts");
        };
        // Each path is checked once before it is timed (a filter may leave it untimed).
        raw(&mut buf);
        assert_eq!(buf, plaintext);
        group.bench_function("raw-aes-gcm", |b| b.iter(|| raw(&mut buf)));

        // The floor of any compact JWE: the same, from the base64url text of the token, decoded
        // as the core decodes public segments; then with the constant-time decoder.
        let ciphertext_b64 = parts[3].as_bytes();
        let fast = |buf: &mut [u8]| {
            data_encoding::BASE64URL_NOPAD
                .decode_mut(black_box(ciphertext_b64), buf)
                .expect("base64url");
            cipher
                .decrypt_inout_detached(&nonce, aad, buf.into(), &tag)
                .expect("decrypts");
        };
        buf.fill(0);
        fast(&mut buf);
        assert_eq!(buf, plaintext);
        group.bench_function("raw-base64-aes-gcm", |b| b.iter(|| fast(&mut buf)));
        let constant_time = |buf: &mut [u8]| {
            Base64UrlUnpadded::decode(black_box(ciphertext_b64), buf).expect("base64url");
            cipher
                .decrypt_inout_detached(&nonce, aad, buf.into(), &tag)
                .expect("decrypts");
        };
        buf.fill(0);
        constant_time(&mut buf);
        assert_eq!(buf, plaintext);
        group.bench_function("raw-base64ct-aes-gcm", |b| {
            b.iter(|| constant_time(&mut buf));
        });
        let simd = |buf: &mut [u8]| {
            base64_simd::URL_SAFE_NO_PAD
                .decode(black_box(ciphertext_b64), base64_simd::Out::from_slice(buf))
                .expect("base64url");
            cipher
                .decrypt_inout_detached(&nonce, aad, buf.into(), &tag)
                .expect("decrypts");
        };
        buf.fill(0);
        simd(&mut buf);
        assert_eq!(buf, plaintext);
        group.bench_function("raw-base64simd-aes-gcm", |b| b.iter(|| simd(&mut buf)));

        let cases: [(&str, String, &dyn JweDecrypter); 3] = [
            ("tinyjose-dir", dir_token.clone(), &dir),
            ("tinyjose-A256KW", token(&kw, &plaintext), &kw),
            (
                "tinyjose-ECDH-ES+A256KW",
                token(&ecdh_public, &plaintext),
                &ecdh,
            ),
        ];
        for (name, token, key) in cases {
            assert_eq!(tinyjose_decrypt(&token, key, &mut buf), size);
            assert_eq!(buf, plaintext);
            group.bench_function(name, |b| {
                b.iter(|| tinyjose_decrypt(black_box(&token), key, &mut buf));
            });
        }
        group.finish();

        // The decoding alone, with each decoder.
        let mut decode_group = c.benchmark_group(format!("b64-decode-{}KiB", size / 1024));
        decode_group.throughput(Throughput::Bytes(
            u64::try_from(ciphertext_b64.len()).expect("fits"),
        ));
        decode_group.bench_function("data-encoding", |b| {
            b.iter(|| {
                data_encoding::BASE64URL_NOPAD
                    .decode_mut(black_box(ciphertext_b64), &mut buf)
                    .expect("base64url")
            });
        });
        decode_group.bench_function("base64ct", |b| {
            b.iter(|| {
                Base64UrlUnpadded::decode(black_box(ciphertext_b64), &mut buf)
                    .expect("base64url")
                    .len()
            });
        });
        decode_group.bench_function("base64-simd", |b| {
            b.iter(|| {
                base64_simd::URL_SAFE_NO_PAD
                    .decode(
                        black_box(ciphertext_b64),
                        base64_simd::Out::from_slice(&mut buf),
                    )
                    .expect("base64url")
                    .len()
            });
        });
        decode_group.finish();
    }
}

/// The scaling sweep: JWE `dir` and HS256 JWT verification from 256 B to 16 KiB of plaintext or
/// payload, each timed per byte of token (criterion's throughput), next to its floor (the
/// base64url decoding and AES-GCM, or the HMAC over the signing input). Groups `sweep-dir` and
/// `sweep-HS256`, functions `<path>/<size>`.
fn sweep(c: &mut Criterion) {
    const SIZES: [usize; 4] = [256, 1024, 4096, 16 * 1024];
    let limits = tinyjose::Limits::DEFAULT.with_token_len(1 << 20);

    let dir_key = [0x42u8; 32];
    let dir = DirectKey::new(&dir_key).expect("dir key");
    let cipher = Aes256Gcm::new_from_slice(&dir_key).expect("key");
    let mut group = c.benchmark_group("sweep-dir");
    for size in SIZES {
        let plaintext = vec![0x61u8; size];
        let token = token(&dir, &plaintext);
        group.throughput(Throughput::Bytes(u64::try_from(token.len()).expect("fits")));
        let parts: Vec<&str> = token.split('.').collect();
        let (aad, iv, tag) = (parts[0].as_bytes(), b64d(parts[2]), b64d(parts[4]));
        let nonce = Array::try_from(iv.as_slice()).expect("iv");
        let tag = Array::try_from(tag.as_slice()).expect("tag");
        let mut buf = vec![0u8; size];
        group.bench_function(format!("floor/{size}"), |b| {
            b.iter(|| {
                base64_simd::URL_SAFE_NO_PAD
                    .decode(
                        black_box(parts[3].as_bytes()),
                        base64_simd::Out::from_slice(&mut buf),
                    )
                    .expect("base64url");
                cipher
                    .decrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into(), &tag)
                    .expect("decrypts");
            });
        });
        assert_eq!(tinyjose_decrypt(&token, &dir, &mut buf), size);
        group.bench_function(format!("tinyjose/{size}"), |b| {
            b.iter(|| tinyjose_decrypt(black_box(&token), &dir, &mut buf));
        });
    }
    group.finish();

    let key = tinyjose::HmacKey::hs256(&[0x11; 32]).expect("HS256 key");
    let mut group = c.benchmark_group("sweep-HS256");
    for size in SIZES {
        // A claim set of `size` bytes: `exp` and a filler string.
        let filler = "a".repeat(size - r#"{"exp":4102444800,"x":""}"#.len());
        let claims = format!(r#"{{"exp":4102444800,"x":"{filler}"}}"#);
        let mut out = vec![0u8; 2 * size + 256];
        let token = tinyjose::sign(&HeaderParams::new(), claims.as_bytes(), &key, &mut out)
            .expect("signs")
            .to_owned();
        group.throughput(Throughput::Bytes(u64::try_from(token.len()).expect("fits")));
        let (signing_input, _) = token.rsplit_once('.').expect("three segments");
        // The keyed state is made once, as the core's `HmacKey` does.
        let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(&[0x11; 32]).expect("key");
        group.bench_function(format!("floor/{size}"), |b| {
            b.iter(|| {
                let mut mac = keyed.clone();
                mac.update(black_box(signing_input.as_bytes()));
                mac.finalize()
            });
        });
        let mut payload = vec![0u8; size];
        let validation = tinyjose::Validation::new(tinyjose::UnixTime::from_secs(1_800_000_000));
        let verify = |token: &str, payload: &mut [u8]| {
            let jws = tinyjose::UntrustedJws::parse_with_limits(token, &limits).expect("parses");
            let verified = jws.verify(&key, payload).expect("verifies");
            verified.claims(&validation).expect("valid").exp()
        };
        assert!(verify(&token, &mut payload).is_some());
        group.bench_function(format!("tinyjose/{size}"), |b| {
            b.iter(|| verify(black_box(&token), &mut payload));
        });
    }
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    decrypt(&mut c);
    sweep(&mut c);
    c.final_summary();
}
