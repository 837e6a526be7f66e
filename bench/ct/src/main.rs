//! Constant-time evidence: dudect-style statistical timing tests of the core's secret-dependent
//! checks, through its public API in a release build, and a deliberately leaking control.
//!
//! Each case times one operation on inputs of two classes that must take the same time, drawn
//! at random and interleaved, then `dudect-bencher` applies Welch's t-test to the two run-time
//! distributions, raw and cropped at about a hundred percentiles, and prints the largest |t|.
//! `cargo xtask ct` runs this binary and holds every case to |t| ≤ 10 and the control to
//! |t| > 10 (BENCHMARKS.md, "Constant-time evidence").
//!
//! - `hs256_tag`: an HS256 JWS, parsed and verified, with the signature wrong in its first byte
//!   against wrong in its last byte.
//! - `cbc_hs_tag`: an A128CBC-HS256 JWE with a `dir` key, parsed and decrypted, with the tag
//!   wrong in its first byte against wrong in its last byte.
//! - `cbc_hs_padding`: the same JWE with an altered ciphertext and so a wrong tag, whose padding
//!   would be valid against invalid were it decrypted: no padding oracle.
//! - `aes_kw_unwrap`: A128KW key unwrap (`JweDecrypter::decrypt_cek` of an `AesKwKey`) of a
//!   wrapped key that unwraps against one whose integrity check fails.
//! - `jwe_one_error`: an A128KW + A128CBC-HS256 JWE, parsed and decrypted, whose wrapped key
//!   does not unwrap against one whose key unwraps and whose tag is wrong: the one
//!   `DecryptionFailed`, in the same time (RFC 7516 §11.5).
//! - `control_naive_eq`: `hs256_tag`'s verification followed by an early-exit byte comparison of
//!   the signature with the expected tag, the comparison a naive verifier makes. It must be
//!   flagged: it shows that a leak of that size is seen on this machine with this many samples.
//!
//! Every sample is a fresh token (new claims, or a new IV and CEK) made before it is timed, so
//! that the public bytes the timed code reads are distributed alike in both classes: only which
//! secret check fails tells the classes apart. The number of samples per case is
//! `$TINYJOSE_CT_SAMPLES` (default [`DEFAULT_SAMPLES`]); `--filter NAME` runs the cases whose
//! name contains `NAME`.

#![expect(
    clippy::expect_used,
    reason = "test setup: a fixture that does not behave as its class says must stop the run"
)]

use core::hint::black_box;

use base64ct::{Base64UrlUnpadded, Encoding};
use dudect_bencher::rand::RngExt;
use dudect_bencher::{BenchRng, Class, CtRunner, ctbench_main};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tinyjose::{
    A128CBC_HS256, AesKwKey, DirectKey, Error, HeaderParams, HmacKey, JweAlg, JweDecrypter,
    JweEncrypter, UntrustedJwe, UntrustedJws, encrypt, sign,
};

/// Samples per case when `$TINYJOSE_CT_SAMPLES` is not set.
const DEFAULT_SAMPLES: usize = 1_000_000;

/// The environment variable that sets the number of samples per case.
const SAMPLES_VAR: &str = "TINYJOSE_CT_SAMPLES";

/// Checked, untimed runs before the timed ones: each input's outcome is checked against its
/// class, and caches and branch predictors are warmed.
const WARM_UP: usize = 2000;

/// The HS256 secret.
const HS256_SECRET: &[u8; 32] = b"0123456789abcdef0123456789abcdef";

/// The JWT claims signed and encrypted (166 bytes); each sample writes a random `jti` over the
/// zeros.
const CLAIMS: &[u8; 166] = br#"{"iss":"https://issuer.example.com","sub":"user-1234","aud":"https://api.example.com","exp":4102444800,"iat":1700000000,"scope":"read write","jti":"0000000000000000"}"#;

/// The `dir` CEK of A128CBC-HS256: MAC key, then AES key.
const CBC_HS_CEK: [u8; 32] = [0x42; 32];

/// The A128KW key-encryption key.
const KEK: [u8; 16] = [0x17; 16];

/// A128CBC-HS256's tag length.
const TAG_LEN: usize = 16;

/// The encrypted key segment of a compact JWE.
const ENCRYPTED_KEY: usize = 1;
/// The IV segment of a compact JWE.
const IV: usize = 2;
/// The ciphertext segment of a compact JWE.
const CIPHERTEXT: usize = 3;
/// The tag segment of a compact JWE.
const TAG: usize = 4;
/// The signature segment of a compact JWS.
const SIGNATURE: usize = 2;

/// The samples per case: `$TINYJOSE_CT_SAMPLES`, or [`DEFAULT_SAMPLES`].
fn samples() -> usize {
    std::env::var(SAMPLES_VAR)
        .ok()
        .map(|value| {
            value
                .trim()
                .parse()
                .ok()
                .filter(|&n: &usize| n >= 1000)
                .expect("TINYJOSE_CT_SAMPLES must be a number of at least 1000")
        })
        .unwrap_or(DEFAULT_SAMPLES)
}

/// Times `op` on `samples()` inputs, each of a class drawn at random: the two classes are
/// interleaved, so that drift and the machine's other work fall on both alike.
///
/// `make` writes a fresh input of the class into `slot` before each run, untimed, so every input
/// of both classes is read from the same memory (the heap layout of inputs is not measured) and
/// from a warm cache. `check` is called on the outcome of each warm-up run, and stops the run if
/// an input does not fail as its class says.
fn measure<I, T>(
    runner: &mut CtRunner,
    rng: &mut BenchRng,
    slot: &mut I,
    make: impl Fn(Class, &mut BenchRng, &mut I),
    op: impl Fn(&I) -> T,
    check: impl Fn(Class, &I, T),
) {
    for i in 0..WARM_UP {
        let class = if i % 2 == 0 {
            Class::Left
        } else {
            Class::Right
        };
        make(class, rng, slot);
        let outcome = op(black_box(slot));
        check(class, slot, outcome);
    }
    for _ in 0..samples() {
        let class = if rng.random::<bool>() {
            Class::Left
        } else {
            Class::Right
        };
        make(class, rng, slot);
        let input = &*slot;
        runner.run_one(class, || op(black_box(input)));
    }
}

/// A random byte other than zero: what a wrong byte is XORed with.
fn nonzero(rng: &mut BenchRng) -> u8 {
    rng.random_range(1..=u8::MAX)
}

/// [`CLAIMS`] with a random `jti`.
fn claims(rng: &mut BenchRng) -> [u8; 166] {
    let mut claims = *CLAIMS;
    let jti = claims.len() - 18..claims.len() - 2;
    for digit in &mut claims[jti] {
        *digit = b"0123456789abcdef"[rng.random_range(0..16)];
    }
    claims
}

/// Decodes the base64url segment `index` of a compact token into `out`, returning its length.
fn decode_segment(token: &str, index: usize, out: &mut [u8]) -> usize {
    let text = token.split('.').nth(index).expect("no such segment");
    Base64UrlUnpadded::decode(text, out)
        .expect("segment is not base64url")
        .len()
}

/// Writes `token` into `slot`, with byte `at` of its segment `index` XORed with `xor` for each
/// `(index, at, xor)` of `changes`; no allocation once `slot` has grown to a token's length.
fn write_altered(slot: &mut String, token: &str, changes: &[(usize, usize, u8)]) {
    let mut bytes = [0u8; 512];
    let mut text = [0u8; 1024];
    slot.clear();
    for (i, segment) in token.split('.').enumerate() {
        if i > 0 {
            slot.push('.');
        }
        let mut changed = changes
            .iter()
            .filter(|(index, _, _)| *index == i)
            .peekable();
        if changed.peek().is_none() {
            slot.push_str(segment);
            continue;
        }
        let len = decode_segment(token, i, &mut bytes);
        for &(_, at, xor) in changed {
            bytes[at] ^= xor;
        }
        slot.push_str(Base64UrlUnpadded::encode(&bytes[..len], &mut text).expect("encode"));
    }
}

/// A fresh HS256 token of [`claims`] in `out`.
fn hs256_token<'o>(key: &HmacKey, rng: &mut BenchRng, out: &'o mut [u8]) -> &'o str {
    let claims = claims(rng);
    sign(&HeaderParams::new().typ("JWT"), &claims, key, out).expect("sign")
}

/// A fresh A128CBC-HS256 JWE of [`claims`] (new IV, and new CEK unless `key` is `dir`) in `out`.
fn jwe_token<'o>(key: &dyn JweEncrypter, rng: &mut BenchRng, out: &'o mut [u8]) -> &'o str {
    let claims = claims(rng);
    encrypt(&HeaderParams::new(), &claims, key, A128CBC_HS256, rng, out).expect("encrypt")
}

/// Parses and decrypts a JWE as an application does, returning the plaintext length.
fn decrypt(token: &str, key: &dyn JweDecrypter) -> Result<usize, Error> {
    let mut out = [0u8; 256];
    let jwe = UntrustedJwe::parse(token)?;
    jwe.decrypt(key, &[A128CBC_HS256], &mut out)
        .map(|jwe| jwe.plaintext().len())
}

/// Parses and verifies a JWS as an application does, returning the payload length.
fn verify(token: &str, key: &HmacKey) -> Result<usize, Error> {
    let mut out = [0u8; 256];
    let jws = UntrustedJws::parse(token)?;
    jws.verify(key, &mut out).map(|jws| jws.payload().len())
}

/// An early-exit comparison, byte by byte: what a constant-time check must not be.
#[inline(never)]
fn naive_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    // One byte at a time, as a naive verifier compares: `black_box` keeps the optimizer from
    // turning the loop into a wide comparison whose time does not depend on where it differs.
    for (x, y) in a.iter().zip(b) {
        if black_box(*x) != black_box(*y) {
            return false;
        }
    }
    true
}

/// Where a class alters a tag of `len` bytes: its first byte (left) or its last (right).
fn tag_byte(class: Class, len: usize) -> usize {
    match class {
        Class::Left => 0,
        Class::Right => len - 1,
    }
}

/// The HS256 key.
fn hs256_key() -> HmacKey {
    HmacKey::hs256(HS256_SECRET).expect("HS256 key")
}

/// HS256 verification: signature wrong in its first byte against wrong in its last.
fn hs256_tag(runner: &mut CtRunner, rng: &mut BenchRng) {
    let key = hs256_key();
    measure(
        runner,
        rng,
        &mut String::new(),
        |class, rng, slot| {
            let mut out = [0u8; 1024];
            let token = hs256_token(&key, rng, &mut out);
            write_altered(
                slot,
                token,
                &[(SIGNATURE, tag_byte(class, 32), nonzero(rng))],
            );
        },
        |token| verify(token, &key),
        |_, _, outcome| assert_eq!(outcome, Err(Error::InvalidSignature)),
    );
}

/// A token, its signature as sent and the signature expected, for the control.
struct Signed {
    token: String,
    signature: [u8; 32],
    expected: [u8; 32],
}

/// The control: `hs256_tag` followed by [`naive_eq`] of the signature and the expected one.
fn control_naive_eq(runner: &mut CtRunner, rng: &mut BenchRng) {
    let key = hs256_key();
    let mut slot = Signed {
        token: String::new(),
        signature: [0; 32],
        expected: [0; 32],
    };
    measure(
        runner,
        rng,
        &mut slot,
        |class, rng, slot| {
            let mut out = [0u8; 1024];
            let token = hs256_token(&key, rng, &mut out);
            decode_segment(token, SIGNATURE, &mut slot.expected);
            let (at, xor) = (tag_byte(class, 32), nonzero(rng));
            slot.signature = slot.expected;
            slot.signature[at] ^= xor;
            write_altered(&mut slot.token, token, &[(SIGNATURE, at, xor)]);
        },
        |input| {
            let verified = verify(&input.token, &key);
            (verified, naive_eq(&input.signature, &input.expected))
        },
        |_, _, outcome| assert_eq!(outcome, (Err(Error::InvalidSignature), false)),
    );
}

/// A128CBC-HS256 decryption: tag wrong in its first byte against wrong in its last.
fn cbc_hs_tag(runner: &mut CtRunner, rng: &mut BenchRng) {
    let key = DirectKey::new(&CBC_HS_CEK).expect("dir key");
    measure(
        runner,
        rng,
        &mut String::new(),
        |class, rng, slot| {
            let mut out = [0u8; 1024];
            let token = jwe_token(&key, rng, &mut out);
            write_altered(
                slot,
                token,
                &[(TAG, tag_byte(class, TAG_LEN), nonzero(rng))],
            );
        },
        |token| decrypt(token, &key),
        |_, _, outcome| assert_eq!(outcome, Err(Error::DecryptionFailed)),
    );
}

/// `token` with the tag recomputed over its segments with the MAC half of [`CBC_HS_CEK`]: what
/// only a holder of the key could send.
fn retagged(token: &str) -> String {
    let segments: Vec<&str> = token.split('.').collect();
    let decoded = |index| Base64UrlUnpadded::decode_vec(segments[index]).expect("base64url");
    let aad = segments[0].as_bytes();
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&CBC_HS_CEK[..16]).expect("MAC key");
    mac.update(aad);
    mac.update(&decoded(IV));
    mac.update(&decoded(CIPHERTEXT));
    let aad_bits = u64::try_from(aad.len()).expect("length") * 8;
    mac.update(&aad_bits.to_be_bytes());
    let tag = mac.finalize().into_bytes();
    let prefix = token.rsplit_once('.').expect("tag").0;
    format!(
        "{prefix}.{}",
        Base64UrlUnpadded::encode_string(&tag[..TAG_LEN])
    )
}

/// A128CBC-HS256 decryption of an altered ciphertext (so a wrong tag) whose padding is valid
/// (left: a byte of the first block altered, which garbles the first two plaintext blocks) or
/// invalid (right: the last byte of the next-to-last block XORed with 0x20 or more, so that the
/// last plaintext byte, a padding length of 16 or less, becomes 0x20 or more).
fn cbc_hs_padding(runner: &mut CtRunner, rng: &mut BenchRng) {
    let key = DirectKey::new(&CBC_HS_CEK).expect("dir key");
    measure(
        runner,
        rng,
        &mut String::new(),
        |class, rng, slot| {
            let mut out = [0u8; 1024];
            let token = jwe_token(&key, rng, &mut out);
            let len = decode_segment(token, CIPHERTEXT, &mut [0u8; 512]);
            // Both drawn for either class, so that both run the same code before the timing.
            let left = (rng.random_range(0..16), nonzero(rng));
            let right = (len - 17, rng.random_range(0x20..=u8::MAX));
            let (at, xor) = match class {
                Class::Left => left,
                Class::Right => right,
            };
            write_altered(slot, token, &[(CIPHERTEXT, at, xor)]);
        },
        |token| decrypt(token, &key),
        |class, token, outcome| {
            assert_eq!(outcome, Err(Error::DecryptionFailed));
            // The classes are what they claim: with the tag made right, the left ones decrypt
            // and the right ones fail on their padding alone.
            let padded = decrypt(&retagged(token), &key);
            match class {
                Class::Left => assert_eq!(padded, Ok(CLAIMS.len())),
                Class::Right => assert_eq!(padded, Err(Error::DecryptionFailed)),
            }
        },
    );
}

/// A128KW unwrap: a fresh wrapped key that unwraps against one whose integrity check fails (a
/// random byte of a fresh one altered).
fn aes_kw_unwrap(runner: &mut CtRunner, rng: &mut BenchRng) {
    let key = AesKwKey::new(JweAlg::A128Kw, &KEK).expect("A128KW key");
    let mut out = [0u8; 1024];
    let token = jwe_token(&key, rng, &mut out).to_owned();
    let jwe = UntrustedJwe::parse(&token).expect("parse");
    let params = jwe.key_params();
    let len = key.encrypted_key_len(params.enc());
    let decrypter: &dyn JweDecrypter = &key;
    measure(
        runner,
        rng,
        &mut [0u8; 40],
        |class, rng, slot| {
            let mut out = [0u8; 1024];
            let token = jwe_token(&key, rng, &mut out);
            assert_eq!(decode_segment(token, ENCRYPTED_KEY, slot), len);
            let (at, xor) = (rng.random_range(0..len), nonzero(rng));
            slot[at] ^= match class {
                Class::Left => 0,
                Class::Right => xor,
            };
        },
        |wrapped| {
            let mut cek = [0u8; 32];
            let unwrapped = decrypter.decrypt_cek(&params, wrapped, &mut cek);
            (unwrapped, cek)
        },
        |class, _, (unwrapped, cek)| match class {
            Class::Left => assert_eq!(unwrapped, Ok(())),
            Class::Right => assert_eq!((unwrapped, cek), (Err(Error::DecryptionFailed), [0; 32])),
        },
    );
}

/// A128KW + A128CBC-HS256 decryption: a wrapped key that does not unwrap against a key that
/// unwraps and a tag that is wrong.
fn jwe_one_error(runner: &mut CtRunner, rng: &mut BenchRng) {
    let key = AesKwKey::new(JweAlg::A128Kw, &KEK).expect("A128KW key");
    let mut out = [0u8; 1024];
    let token = jwe_token(&key, rng, &mut out).to_owned();
    let jwe = UntrustedJwe::parse(&token).expect("parse");
    let params = jwe.key_params();
    let len = key.encrypted_key_len(params.enc());
    measure(
        runner,
        rng,
        &mut String::new(),
        |class, rng, slot| {
            let mut out = [0u8; 1024];
            let token = jwe_token(&key, rng, &mut out);
            // Both segments are rewritten for either class, one of them unchanged (XORed with
            // zero), so that both run the same code before the timing.
            let key_at = rng.random_range(0..len);
            let tag_at = rng.random_range(0..TAG_LEN);
            let xor = nonzero(rng);
            let (key_xor, tag_xor) = match class {
                Class::Left => (xor, 0),
                Class::Right => (0, xor),
            };
            let changes = [(ENCRYPTED_KEY, key_at, key_xor), (TAG, tag_at, tag_xor)];
            write_altered(slot, token, &changes);
        },
        |token| decrypt(token, &key),
        |class, token, outcome| {
            assert_eq!(outcome, Err(Error::DecryptionFailed));
            // The left ones fail to unwrap, the right ones unwrap.
            let mut wrapped = [0u8; 40];
            decode_segment(token, ENCRYPTED_KEY, &mut wrapped);
            let unwrapped = key.decrypt_cek(&params, &wrapped, &mut [0u8; 32]);
            assert_eq!(unwrapped.is_ok(), matches!(class, Class::Right));
        },
    );
}

ctbench_main!(
    hs256_tag,
    cbc_hs_tag,
    cbc_hs_padding,
    aes_kw_unwrap,
    jwe_one_error,
    control_naive_eq
);
