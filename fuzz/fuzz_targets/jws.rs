//! Fuzzes JWS parsing and verification (compact, detached and unencoded content, the JSON
//! serializations), JWT claims validation and claims deserialization: arbitrary bytes as a
//! token, and arbitrary bytes as a signed payload.

#![no_main]

use std::collections::BTreeMap;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use tinyjose::{
    Claims, Error, HeaderParams, JsonForm, JsonSigner, Jwk, JwkKey, JwsAlg, Limits, Part, UnixTime,
    UntrustedJws, UntrustedJwsJson, Validation, VerifiedJws, compact_len, sign, sign_detached,
    sign_json, sign_json_len,
};

/// The HS256 key of RFC 7515 A.1: the A.1 seed verifies and reaches the claims reader.
const HS256_JWK: &str = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;

/// The P-256 public key of RFC 7515 A.3.
const ES256_JWK: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;

/// The Ed25519 public key of RFC 8037 A.2.
const EDDSA_JWK: &str =
    r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;

/// The RSA public key of RFC 7515 A.2 (RS256).
const RS256_JWK: &str = r#"{"kty":"RSA","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB"}"#;

/// The HS256 key of RFC 7520 §3.5: the cookbook's HMAC examples (§4.4 to §4.7) verify with it.
const RFC7520_HS256_JWK: &str =
    r#"{"kty":"oct","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}"#;

/// The content detached tokens are verified against: the payload of RFC 7520 §4.5 and that of
/// RFC 7797 §4.2 (unencoded), so those seeds verify.
const CONTENTS: [&[u8]; 2] = [
    "It\u{2019}s a dangerous business, Frodo, going out your door. You step onto the road, and if you don't keep your feet, there\u{2019}s no knowing where you might be swept off to.".as_bytes(),
    b"$.02",
];

/// The fixed keys, built once.
static KEYS: LazyLock<[JwkKey; 5]> = LazyLock::new(|| {
    let key = |jwk: &str, alg| {
        Jwk::parse(jwk)
            .and_then(|jwk| jwk.to_key(Some(alg)))
            .unwrap_or_else(|err| panic!("fixed {alg} key: {err:?}"))
    };
    [
        key(HS256_JWK, JwsAlg::Hs256),
        key(ES256_JWK, JwsAlg::Es256),
        key(EDDSA_JWK, JwsAlg::EdDsa),
        key(RS256_JWK, JwsAlg::Rs256),
        key(RFC7520_HS256_JWK, JwsAlg::Hs256),
    ]
});

/// Tight limits, to reach every limit check.
const SMALL: Limits = Limits::DEFAULT
    .with_token_len(512)
    .with_header_len(64)
    .with_json_depth(2)
    .with_jwks_keys(2)
    .with_pbes2_count(1000)
    .with_inflated_len(256)
    .with_signatures(2)
    .with_unprotected_header_len(32);

/// The JSON serializations are verified with high `s` ECDSA signatures allowed, as the ES256
/// signatures of RFC 7515 A.6 and A.7 have one.
const HIGH_S: Limits = Limits::DEFAULT.with_ecdsa_high_s(true);

/// The time the claims are checked at: before the `exp` of RFC 7515 A.1.
const NOW: UnixTime = UnixTime::from_secs(1_300_000_000);

/// A small claims type borrowing its strings from the payload or the scratch buffer.
#[derive(Debug, PartialEq, Deserialize)]
#[allow(dead_code, reason = "the fields are only read through Debug")]
struct Small<'a> {
    iss: Option<&'a str>,
    sub: Option<&'a str>,
    #[serde(borrow)]
    aud: Option<Audience<'a>>,
    exp: Option<u64>,
    nbf: Option<f64>,
    iat: Option<i64>,
    jti: Option<char>,
    admin: Option<bool>,
    #[serde(borrow)]
    roles: Option<Vec<&'a str>>,
    pair: Option<(u8, &'a str)>,
    kind: Option<Kind>,
    #[serde(borrow)]
    nested: Option<Nested<'a>>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
#[allow(dead_code, reason = "the fields are only read through Debug")]
enum Audience<'a> {
    One(&'a str),
    Many(Vec<&'a str>),
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    User,
    Admin,
}

#[derive(Debug, PartialEq, Deserialize)]
#[allow(dead_code, reason = "the fields are only read through Debug")]
struct Nested<'a> {
    name: &'a str,
    level: i32,
}

/// Any JSON value, through `deserialize_any`.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
#[allow(dead_code, reason = "the fields are only read through Debug")]
enum Any<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(&'a str),
    Array(#[serde(borrow)] Vec<Any<'a>>),
    Object(#[serde(borrow)] BTreeMap<&'a str, Any<'a>>),
}

fuzz_target!(|data: &[u8]| {
    if let Ok(token) = core::str::from_utf8(data) {
        token_case(token);
        json_case(token);
    }
    payload_case(data);
    other_forms_case(data);
});

/// Arbitrary text as a compact JWS.
fn token_case(token: &str) {
    if let Ok(jws) = UntrustedJws::parse_with_limits(token, &SMALL) {
        let _ = format!("{jws:?}");
    }
    let Ok(jws) = UntrustedJws::parse(token) else {
        return;
    };
    let _ = (
        jws.header().alg(),
        jws.header().kid(),
        jws.header().typ(),
        jws.header().cty(),
    );
    let _ = format!("{jws:?}");
    assert!(jws.header().json().len() <= tinyjose::MAX_HEADER_LEN);
    key_source_case(&jws);
    let _ = jws.payload_len();
    for key in KEYS.iter() {
        let mut buf = [0u8; 4096];
        if let Ok(verified) = jws.verify(key, &mut buf) {
            assert_eq!(verified.b64(), jws.b64());
            verified_case(&verified);
        }
    }
    detached_case(&jws);
}

/// What the header says of trusted key sources: its `x5c` certificates decoded (each into a
/// buffer as long as its text, or refused as malformed), `x5t` checked, a `jku` allowlisted.
fn key_source_case(jws: &UntrustedJws<'_>) {
    let header = jws.header();
    if let Ok(chain) = header.x5c() {
        assert!((1..=tinyjose::MAX_X5C_CERTS).contains(&chain.len()));
        for cert in chain.iter() {
            let mut buf = vec![0u8; cert.encoded_len()];
            match cert.der(&mut buf) {
                Ok(der) => {
                    assert_eq!(der.first(), Some(&0x30));
                    let _ = header.check_x5t(der);
                }
                Err(e) => assert_eq!(e, Error::Certificate(tinyjose::CertReason::Malformed)),
            }
        }
    }
    let mut buf = [0u8; tinyjose::MAX_HEADER_LEN];
    if let Ok(Some(url)) = tinyjose::trusted_jku(header.json(), &["https://a.example/k/"], false, &mut buf) {
        assert!(url.starts_with("https://a.example/k/"));
        assert!(!url.contains("/../") && !url.contains('@'));
    }
    let _ = tinyjose::CachePolicy::DEFAULT.freshness(Some(header.json()));
}

/// A compact token's detached content (RFC 7515 Appendix F, RFC 7797): verified against each of
/// [`CONTENTS`] with each key; a token that carries a payload is refused.
fn detached_case(jws: &UntrustedJws<'_>) {
    for content in CONTENTS {
        let needed = jws.detached_input_len(content.len());
        for key in KEYS.iter() {
            let mut scratch = vec![0u8; needed];
            let result = jws.verify_detached(key, content, &mut scratch);
            if !jws.is_detached() {
                assert_eq!(result.err(), Some(Error::Malformed(Part::Payload)));
                continue;
            }
            if let Ok(verified) = result {
                // The payload is the content the caller gave, and the header the token's.
                assert_eq!(verified.payload(), content);
                assert_eq!(verified.b64(), jws.b64());
                assert_eq!(verified.header().json(), jws.header().json());
                // Too small a scratch buffer is refused, with the size, before any cryptography.
                if needed > 0 {
                    let mut short = vec![0u8; needed - 1];
                    assert!(matches!(
                        jws.verify_detached(key, content, &mut short),
                        Err(Error::BufferTooSmall { .. })
                    ));
                }
                verified_case(&verified);
            }
        }
    }
}

/// Arbitrary text as a JWS JSON Serialization: parsed (also with tight limits), its accessors
/// read, then verified with each key (or, detached, against each of [`CONTENTS`]) into a buffer
/// of the size it asks for. A verified payload must be the one the text carries, decoded; a
/// failure leaves the buffer wiped.
fn json_case(text: &str) {
    if let Ok(jws) = UntrustedJwsJson::parse_with_limits(text, &SMALL) {
        let _ = format!("{jws:?}");
        assert!(jws.len() <= 2);
    }
    let Ok(jws) = UntrustedJwsJson::parse_with_limits(text, &HIGH_S) else {
        return;
    };
    let _ = (jws.form(), jws.b64(), format!("{jws:?}"));
    assert!(!jws.is_empty());
    let mut count = 0;
    for signature in jws.signatures() {
        let _ = (
            signature.protected(),
            signature.header(),
            signature.signature(),
        );
        count += 1;
    }
    assert_eq!(count, jws.len());
    assert!(jws.form() == JsonForm::General || jws.len() == 1);
    // The payload member as `serde_json` reads the same text, when it reads it (it refuses a
    // lone surrogate escape, say).
    let reference = serde_json::from_str::<serde_json::Value>(text).ok();
    let member = reference.as_ref().map(|value| value.get("payload"));
    if let Some(member) = member {
        assert_eq!(
            member.is_none(),
            jws.is_detached(),
            "payload member of {text:?}"
        );
    }
    let member = member.flatten().and_then(serde_json::Value::as_str);

    if jws.is_detached() {
        for content in CONTENTS {
            for key in KEYS.iter() {
                let mut buf = vec![0u8; jws.detached_buffer_len(content.len())];
                match jws.verify_detached(key, content, &mut buf) {
                    Ok(verified) => {
                        assert_eq!(verified.payload(), content);
                        assert_eq!(verified.b64(), jws.b64());
                        verified_case(&verified);
                    }
                    Err(_) => assert!(buf.iter().all(|&b| b == 0), "buffer left unwiped"),
                }
            }
        }
        let mut buf = vec![0u8; jws.buffer_len()];
        assert_eq!(
            jws.verify(&KEYS[0], &mut buf).err(),
            Some(Error::Malformed(Part::Payload))
        );
        return;
    }
    let mut buf = vec![0u8; jws.buffer_len()];
    assert_eq!(
        jws.verify_detached(&KEYS[0], b"", &mut buf).err(),
        Some(Error::Malformed(Part::Payload))
    );
    for key in KEYS.iter() {
        let mut buf = vec![0u8; jws.buffer_len()];
        match jws.verify(key, &mut buf) {
            Ok(verified) => {
                if let Some(member) = member {
                    let expected = if jws.b64() {
                        base64_url_decode(member).expect("a verified payload is base64url")
                    } else {
                        member.as_bytes().to_vec()
                    };
                    assert_eq!(verified.payload(), expected, "payload of {text:?}");
                }
                assert_eq!(verified.b64(), jws.b64());
                verified_case(&verified);
            }
            Err(_) => assert!(buf.iter().all(|&b| b == 0), "buffer left unwiped"),
        }
        if let Some(short) = jws.buffer_len().checked_sub(1) {
            let mut buf = vec![0u8; short];
            assert!(matches!(
                jws.verify(key, &mut buf),
                Err(Error::BufferTooSmall { .. })
            ));
        }
    }
}

/// Arbitrary bytes as the payload of the other forms, signed with the HS256 key and read back:
/// compact with detached content, encoded and unencoded (RFC 7797), and both JSON
/// serializations, attached and detached. Each step must succeed and give back the input.
fn other_forms_case(payload: &[u8]) {
    let [hs256, ..] = &*KEYS;
    let Some(signer) = hs256.as_signer() else {
        return;
    };
    let limits = Limits::DEFAULT.with_token_len(usize::MAX);
    for b64 in [true, false] {
        let header = HeaderParams::new().kid("k").b64(b64);
        let mut out = vec![0u8; compact_len(64, payload.len(), 64)];
        let token = sign_detached(&header, payload, signer, &mut out)
            .expect("signing detached into a large buffer");
        let jws = UntrustedJws::parse_with_limits(token, &limits)
            .expect("parsing a detached token just signed");
        assert!(jws.is_detached());
        assert_eq!(jws.b64(), b64);
        let mut scratch = vec![0u8; jws.detached_input_len(payload.len())];
        let verified = jws
            .verify_detached(hs256, payload, &mut scratch)
            .expect("verifying a detached token just signed");
        assert_eq!(verified.payload(), payload);
        assert_eq!(verified.header().kid(), Some("k"));

        // An unencoded attached payload is a JSON string: UTF-8 only.
        let utf8 = core::str::from_utf8(payload).is_ok();
        for (form, detached) in [
            (JsonForm::Flattened, false),
            (JsonForm::General, false),
            (JsonForm::Flattened, true),
            (JsonForm::General, true),
        ] {
            let signers = [JsonSigner::new(signer)
                .protected(HeaderParams::new().b64(b64))
                .unprotected(r#"{"kid":"k"}"#)];
            let mut out = vec![0u8; sign_json_len(form, &signers, payload, detached)];
            let text = match sign_json(form, &signers, payload, detached, &mut out) {
                Ok(text) => text,
                Err(err) => {
                    assert!(!b64 && !detached && !utf8, "signing {form:?}: {err:?}");
                    continue;
                }
            };
            let jws = UntrustedJwsJson::parse_with_limits(text, &limits)
                .unwrap_or_else(|err| panic!("parsing {text:?}: {err:?}"));
            assert_eq!((jws.form(), jws.len(), jws.b64()), (form, 1, b64));
            assert_eq!(jws.is_detached(), detached);
            let mut buf = vec![
                0u8;
                if detached {
                    jws.detached_buffer_len(payload.len())
                } else {
                    jws.buffer_len()
                }
            ];
            let verified = if detached {
                jws.verify_detached(hs256, payload, &mut buf)
            } else {
                jws.verify(hs256, &mut buf)
            }
            .unwrap_or_else(|err| panic!("verifying {text:?}: {err:?}"));
            assert_eq!(verified.payload(), payload);
        }
    }
}

/// Decodes unpadded base64url, or `None`.
fn base64_url_decode(text: &str) -> Option<Vec<u8>> {
    use base64ct::{Base64UrlUnpadded, Encoding as _};
    Base64UrlUnpadded::decode_vec(text).ok()
}

/// Arbitrary bytes as the payload of a token signed with the HS256 key, then read back.
fn payload_case(payload: &[u8]) {
    let [hs256, ..] = &*KEYS;
    let Some(signer) = hs256.as_signer() else {
        return;
    };
    let header = HeaderParams::new().typ("JWT");
    let mut out = vec![0u8; compact_len(64, payload.len(), 64)];
    let token = sign(&header, payload, signer, &mut out).expect("signing into a large buffer");
    let limits = Limits::DEFAULT.with_token_len(usize::MAX);
    let jws = UntrustedJws::parse_with_limits(token, &limits).expect("parsing a token just signed");
    let mut buf = vec![0u8; jws.payload_len()];
    let verified = jws
        .verify(hs256, &mut buf)
        .expect("verifying a token just signed");
    assert_eq!(verified.payload(), payload);
    assert_eq!(verified.header().typ(), Some("JWT"));
    verified_case(&verified);
}

/// Claims validation and deserialization of a verified token.
fn verified_case(verified: &VerifiedJws<'_>) {
    let _ = (
        verified.header().alg(),
        verified.header().kid(),
        verified.header().typ(),
        verified.header().cty(),
    );
    let _ = (verified.header().json(), format!("{verified:?}"));
    let strict = Validation::new(NOW)
        .leeway(60)
        .max_age(1_000_000_000)
        .issuer("joe")
        .audiences(&["api", "other"])
        .subject("me")
        .typ("JWT")
        .require(&["exp", "custom"]);
    let shallow = Validation::new(NOW).json_depth(1);
    let _ = verified.claims(&strict);
    let _ = verified.claims(&shallow);
    // A token with `aud` is refused unless an audience is expected.
    let plain = Validation::new(NOW);
    let claims = verified
        .claims(&plain)
        .or_else(|_| verified.claims(&plain.audience("api")));
    if let Ok(claims) = claims {
        claims_case(&claims);
    }
}

fn claims_case(claims: &Claims<'_>) {
    let _ = (claims.exp(), claims.nbf(), claims.iat(), claims.json());
    let mut buf = [0u8; 64];
    let _ = claims.get_str("iss", &mut buf);
    let _ = claims.get_str("name", &mut [0u8; 2]);

    let mut scratch = [0u8; 4096];
    same_as_serde_json(claims.json(), claims.deserialize::<Small<'_>>(&mut scratch));
    let mut scratch = [0u8; 16];
    let _ = claims.deserialize::<Small<'_>>(&mut scratch);
    let mut scratch = [0u8; 4096];
    same_as_serde_json(claims.json(), claims.deserialize::<Any<'_>>(&mut scratch));
    let _ = claims.deserialize::<BTreeMap<&str, serde::de::IgnoredAny>>(&mut []);
}

/// Whenever both succeed, the claims deserializer and `serde_json` agree. (`serde_json` cannot
/// lend strings with escapes, and refuses numbers beyond `f64`, so it fails more often.)
fn same_as_serde_json<'a, T>(json: &'a str, ours: Result<T, tinyjose::Error>)
where
    T: Deserialize<'a> + PartialEq + core::fmt::Debug,
{
    // `serde_json` reads the integer `-0` as the float -0.0.
    let negative_zero = json.match_indices("-0").any(|(at, _)| {
        !matches!(
            json.as_bytes().get(at + 2),
            Some(b'0'..=b'9' | b'.' | b'e' | b'E')
        )
    });
    if negative_zero {
        return;
    }
    if let (Ok(ours), Ok(reference)) = (ours, serde_json::from_str::<T>(json)) {
        assert_eq!(ours, reference, "claims {json:?}");
    }
}
