//! Helpers shared by the integration tests: vector loaders, base64url and hex, and `check_alg`.

#![allow(
    dead_code,
    unreachable_pub,
    reason = "each test file uses a different subset of these helpers"
)]

use std::path::PathBuf;

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;
use tinyjose::rand_core::{TryCryptoRng, TryRng};
use tinyjose::{
    Error, HeaderParams, JwsAlg, JwsSigner, JwsVerifier, MAX_SIGNATURE_LEN, Part, UntrustedJws,
    sign,
};

/// The path of a file under `tests/data/`.
pub fn data_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(rel)
}

/// Loads `tests/data/<rel>` as JSON.
pub fn load_json(rel: &str) -> Value {
    let path = data_path(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The vector whose `id` is `id` in an `rfc/*.json` file.
pub fn rfc_vector(file: &str, id: &str) -> Value {
    let doc = load_json(&format!("rfc/{file}"));
    doc["vectors"]
        .as_array()
        .expect("a vectors array")
        .iter()
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("no vector {id} in {file}"))
        .clone()
}

/// A JSON string member as `&str`, panicking with the member name if it is not one.
pub fn str_of<'a>(v: &'a Value, name: &str) -> &'a str {
    v[name]
        .as_str()
        .unwrap_or_else(|| panic!("member {name} is not a string in {v}"))
}

/// Serializes a JSON value (a JWK, a key set, a JSON serialization) to compact text.
pub fn to_text(v: &Value) -> String {
    serde_json::to_string(v).expect("serializable")
}

/// Strict unpadded base64url decoding.
pub fn b64d(s: &str) -> Vec<u8> {
    let mut out = vec![0u8; tinyjose::b64_decoded_len(s.len())];
    let len = Base64UrlUnpadded::decode(s, &mut out)
        .unwrap_or_else(|e| panic!("{s:?} is not base64url: {e}"))
        .len();
    out.truncate(len);
    out
}

/// Unpadded base64url encoding.
pub fn b64e(bytes: &[u8]) -> String {
    let mut out = vec![0u8; tinyjose::b64_encoded_len(bytes.len())];
    Base64UrlUnpadded::encode(bytes, &mut out)
        .expect("sized exactly")
        .to_owned()
}

/// Lowercase or uppercase hex decoding.
pub fn hex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd-length hex {s:?}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digits"))
        .collect()
}

/// Parses and verifies `token` with `key`, returning the payload.
///
/// # Errors
///
/// The first error of [`UntrustedJws::parse`] or [`UntrustedJws::verify`].
pub fn verify(token: &str, key: &dyn JwsVerifier) -> Result<Vec<u8>, Error> {
    let jws = UntrustedJws::parse(token)?;
    let mut out = vec![0u8; jws.payload_len()];
    let verified = jws.verify(key, &mut out)?;
    Ok(verified.payload().to_vec())
}

/// Verifies with `Limits::ecdsa_high_s` on, as published ECDSA examples with a high `s` need.
pub fn verify_high_s(token: &str, key: &dyn JwsVerifier) -> Result<Vec<u8>, Error> {
    let limits = tinyjose::Limits::DEFAULT.with_ecdsa_high_s(true);
    let jws = UntrustedJws::parse_with_limits(token, &limits)?;
    let mut out = vec![0u8; jws.payload_len()];
    let verified = jws.verify(key, &mut out)?;
    Ok(verified.payload().to_vec())
}

/// Signs `payload` with `header` into a freshly sized buffer.
pub fn sign_to_string(header: &HeaderParams<'_>, payload: &[u8], key: &dyn JwsSigner) -> String {
    let mut out = vec![0u8; 4096];
    sign(header, payload, key, &mut out)
        .expect("signing into a large buffer")
        .to_owned()
}

/// A token whose segments are `header_b64` and `payload_b64` exactly as given (canonical or
/// not), signed over those raw bytes by `signer`.
pub fn signed_raw(header_b64: &str, payload_b64: &str, signer: &dyn JwsSigner) -> String {
    let input = format!("{header_b64}.{payload_b64}");
    let mut sig = vec![0u8; signer.signature_len()];
    let n = signer
        .sign(input.as_bytes(), &mut sig)
        .expect("sized exactly");
    format!("{input}.{}", b64e(&sig[..n]))
}

/// A token with the header JSON `header` written as given, signed by `signer`.
pub fn signed(header: &str, payload: &[u8], signer: &dyn JwsSigner) -> String {
    signed_raw(&b64e(header.as_bytes()), &b64e(payload), signer)
}

/// The error `UntrustedJws::parse` returns for `token`.
pub fn parse_err(token: &str) -> Error {
    UntrustedJws::parse(token).expect_err("the token must be refused")
}

/// A stand-in key with an 8-byte FNV-1a "signature", bound to HS256.
///
/// It is not a cryptographic key: it lets tests of the parser and of claims validation run in
/// builds without any algorithm feature, while still binding the signature to the signing input.
#[derive(Debug, Clone, Copy)]
pub struct TestKey;

impl TestKey {
    fn tag(input: &[u8]) -> [u8; 8] {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in input {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h.to_be_bytes()
    }
}

impl JwsVerifier for TestKey {
    fn alg(&self) -> JwsAlg {
        JwsAlg::Hs256
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), Error> {
        if signature == Self::tag(signing_input) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

impl JwsSigner for TestKey {
    fn alg(&self) -> JwsAlg {
        JwsAlg::Hs256
    }

    fn signature_len(&self) -> usize {
        8
    }

    fn sign(&self, signing_input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        let dst = out
            .get_mut(..8)
            .ok_or(Error::BufferTooSmall { needed: 8 })?;
        dst.copy_from_slice(&Self::tag(signing_input));
        Ok(8)
    }
}

/// The header `check_alg` signs with.
const CHECK_HEADER: HeaderParams<'static> = HeaderParams::new().kid("check-alg").typ("JWT");

/// The payload `check_alg` signs: a JSON object without `alg`, so that it is a well-formed but
/// unusable header when the segments are swapped.
const CHECK_PAYLOAD: &[u8] = br#"{"iss":"tinyjose","sub":"check_alg","n":[1,2,3]}"#;

/// The error a verifier must report for a token whose header JSON is `json` and whose signature
/// was made over a different header, when verified with a key for `key_alg`.
///
/// This restates `header.rs` for the headers `check_alg` produces: the whole text must be UTF-8
/// and strict JSON (`Json`); then members are read in order, with `alg` a string (`Json`), not
/// `none` (`AlgNone`) and registered (`UnsupportedAlg`), and `kid`/`typ`/`cty` strings (`Json`);
/// unknown members are ignored; a missing `alg` is `Malformed(Header)`. Then `verify` compares
/// the algorithm with the key (`AlgMismatch`) and finally checks the signature
/// (`InvalidSignature`). One bit flip changes one member at most, so the order in which members
/// are checked cannot change the outcome, and it cannot create `crit`, `b64` or `enc` from the
/// three-letter names written by `sign` (asserted below).
pub fn expected_header_error(json: &[u8], key_alg: JwsAlg) -> Error {
    let json_err = Error::Json(Part::Header);
    let Ok(text) = core::str::from_utf8(json) else {
        return json_err;
    };
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return json_err;
    };
    let Some(object) = value.as_object() else {
        return json_err;
    };
    for name in ["crit", "b64", "enc"] {
        assert!(
            !object.contains_key(name),
            "outside the scope of this model: {text}"
        );
    }
    let mut alg = None;
    for (name, member) in object {
        match name.as_str() {
            "alg" => {
                let Some(s) = member.as_str() else {
                    return json_err;
                };
                match JwsAlg::from_name(s) {
                    Ok(a) => alg = Some(a),
                    Err(e) => return e,
                }
            }
            "kid" | "typ" | "cty" if !member.is_string() => return json_err,
            _ => {}
        }
    }
    match alg {
        None => Error::Malformed(Part::Header),
        Some(a) if a != key_alg => Error::AlgMismatch,
        Some(_) => Error::InvalidSignature,
    }
}

/// Rebuilds a token from three segments.
fn join(h: &str, p: &str, s: &str) -> String {
    format!("{h}.{p}.{s}")
}

/// Signs with `signer`, verifies with `verifier` (exact payload), then checks the exact error of
/// every one-bit change of the decoded header, payload and signature, of a header/payload swap,
/// and of a signature one byte too short or too long.
///
/// Each mutation decodes a segment, flips one bit and re-encodes it, so every mutated token is
/// strict base64url and reaches the step under test.
pub fn check_alg(signer: &dyn JwsSigner, verifier: &dyn JwsVerifier) {
    assert_eq!(signer.alg(), verifier.alg());
    let alg = verifier.alg();
    let token = sign_to_string(&CHECK_HEADER, CHECK_PAYLOAD, signer);
    let header_json = format!(r#"{{"alg":"{alg}","kid":"check-alg","typ":"JWT"}}"#);
    assert_eq!(
        token.len(),
        tinyjose::compact_len(
            header_json.len(),
            CHECK_PAYLOAD.len(),
            signer.signature_len()
        )
    );
    assert_eq!(verify(&token, verifier).as_deref(), Ok(CHECK_PAYLOAD));

    let segments: Vec<&str> = token.split('.').collect();
    let [h, p, s] = segments[..] else {
        panic!("three segments expected in {token}");
    };
    let (header, payload, signature) = (b64d(h), b64d(p), b64d(s));
    assert_eq!(header, header_json.as_bytes());
    assert_eq!(signature.len(), signer.signature_len());

    let flips = |bytes: &[u8]| {
        let bytes = bytes.to_vec();
        (0..bytes.len() * 8).map(move |bit| {
            let mut m = bytes.clone();
            m[bit / 8] ^= 1 << (bit % 8);
            m
        })
    };

    for m in flips(&header) {
        let expected = expected_header_error(&m, alg);
        let mutated = join(&b64e(&m), p, s);
        assert_eq!(
            verify(&mutated, verifier),
            Err(expected),
            "{alg} header {:?}",
            String::from_utf8_lossy(&m)
        );
    }
    for m in flips(&payload) {
        let mutated = join(h, &b64e(&m), s);
        assert_eq!(
            verify(&mutated, verifier),
            Err(Error::InvalidSignature),
            "{alg} payload {:?}",
            String::from_utf8_lossy(&m)
        );
    }
    for (i, m) in flips(&signature).enumerate() {
        let mutated = join(h, p, &b64e(&m));
        assert_eq!(
            verify(&mutated, verifier),
            Err(Error::InvalidSignature),
            "{alg} signature bit {i}"
        );
    }

    // Swapped: the payload, a JSON object without `alg`, becomes the header.
    assert_eq!(
        verify(&join(p, h, s), verifier),
        Err(Error::Malformed(Part::Header))
    );

    // A signature one byte short, or one byte long, never verifies; past the capacity of
    // `UntrustedJws` (the ES512 length) it is refused while parsing.
    let short = &signature[..signature.len() - 1];
    assert_eq!(
        verify(&join(h, p, &b64e(short)), verifier),
        Err(Error::InvalidSignature)
    );
    let mut long = signature.clone();
    long.push(0);
    let expected = if long.len() > MAX_SIGNATURE_LEN {
        Error::Malformed(Part::Signature)
    } else {
        Error::InvalidSignature
    };
    assert_eq!(verify(&join(h, p, &b64e(&long)), verifier), Err(expected));
    assert_eq!(
        verify(&join(h, p, ""), verifier),
        Err(Error::InvalidSignature)
    );
}

/// An RNG that hands out the given bytes in order, then zeros: injects the CEK, IVs, salts and
/// ephemeral keys of a vector into encryption. Never use outside tests.
#[derive(Debug, Default)]
pub struct ReplayRng(pub std::collections::VecDeque<u8>);

impl ReplayRng {
    /// Replays the concatenation of `parts`.
    pub fn new(parts: &[&[u8]]) -> Self {
        Self(parts.iter().flat_map(|p| p.iter().copied()).collect())
    }
}

impl TryRng for ReplayRng {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for b in dst {
            *b = self.0.pop_front().unwrap_or(0);
        }
        Ok(())
    }
}

impl TryCryptoRng for ReplayRng {}

/// A deterministic RNG with varied output (a counter through SHA-256 would do as well; this is a
/// 64-bit LCG), for round trips that need distinct keys and IVs. Never use outside tests.
#[derive(Debug)]
pub struct TestRng(pub u64);

impl TryRng for TestRng {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let [a, b, c, d, ..] = self.try_next_u64()?.to_be_bytes();
        Ok(u32::from_be_bytes([a, b, c, d]))
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

impl TryCryptoRng for TestRng {}
