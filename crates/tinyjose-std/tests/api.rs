//! The std API: `decode`, `encode`, `verify`, `verify_jwt`, `decode_header`, `KeySet`, the owned
//! outputs, key generation, the clock and the error type, each with its error paths.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

use serde::Deserialize;
use serde_json::{Value, json};
use tinyjose_std::tinyjose::Error as Jose;
use tinyjose_std::{
    Error, Header, HeaderParams, HmacKey, JwkKey, JwsAlg, JwsVerifier, KeySet, UnixTime,
    UntrustedJws, Validation, decode, decode_header, encode, generate_secret, generate_signing_key,
    now, private_jwk, public_jwk, secret_jwk, sign_to_string, unix_time, verify, verify_jwt,
    verify_jwt_with_limits, verify_to_vec, verify_with_limits,
};

/// RFC 7515 Appendix A.3: the ES256 example, its key and its payload.
const A3_TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
/// [`A3_TOKEN`] with its high `s` mirrored to `n - s`: the one form tinyjose accepts.
const A3_LOW_S: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmU69fgrc8OPGycO0lD3tat_FoFp57SETepkeks4eL_QfA";
const A3_JWK: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
const A3_PAYLOAD: &[u8] =
    b"{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
const SECRET: &[u8] = b"a shared secret of at least 32 bytes";

fn hs256() -> HmacKey {
    HmacKey::hs256(SECRET).unwrap()
}

fn hs256_set() -> KeySet {
    KeySet::from(JwkKey::Hmac(hs256()))
}

fn at(secs: u64) -> Validation<'static> {
    Validation::new(UnixTime::from_secs(secs))
}

fn a3_keys() -> KeySet {
    KeySet::from_jwks(&format!(r#"{{"keys":[{A3_JWK}]}}"#)).unwrap()
}

fn jose(result: Result<impl core::fmt::Debug, Error>) -> Jose {
    match result.unwrap_err() {
        Error::Jose(e) => e,
        other => panic!("not a core error: {other:?}"),
    }
}

#[test]
fn rfc7515_a3_verifies_and_decodes() {
    let keys = a3_keys();
    // The example's `s` is high: ECDSA signatures are accepted in low-S form only, unless the
    // caller accepts high-S signatures explicitly.
    assert_eq!(jose(verify(A3_TOKEN, &keys)), Jose::InvalidSignature);
    let high_s = tinyjose::Limits::DEFAULT.with_ecdsa_high_s(true);
    assert_eq!(
        verify_with_limits(A3_TOKEN, &keys, &high_s)
            .unwrap()
            .payload,
        A3_PAYLOAD
    );
    assert_eq!(
        jose(verify_jwt(A3_TOKEN, &keys, &at(1_300_819_379))),
        Jose::InvalidSignature
    );
    assert!(verify_jwt_with_limits(A3_TOKEN, &keys, &at(1_300_819_379), &high_s).is_ok());
    let verified = verify(A3_LOW_S, &keys).unwrap();
    assert_eq!(verified.payload, A3_PAYLOAD);
    assert_eq!(verified.header_json, r#"{"alg":"ES256"}"#);
    let mut header = Header::new(JwsAlg::Es256);
    header.typ = None;
    assert_eq!(verified.header, header);

    let data = decode::<Value>(A3_LOW_S, &keys, &at(1_300_819_379)).unwrap();
    assert_eq!(
        data.claims,
        json!({"iss": "joe", "exp": 1_300_819_380_u64, "http://example.com/is_root": true})
    );
    // At `exp` the token has expired (RFC 7519 §4.1.4: "on or after").
    assert_eq!(
        jose(decode::<Value>(A3_LOW_S, &keys, &at(1_300_819_380))),
        Jose::Expired
    );
    assert_eq!(
        jose(verify_jwt(A3_LOW_S, &keys, &at(1_300_819_380))),
        Jose::Expired
    );
    // `verify` alone does not read claims.
    assert!(verify(A3_LOW_S, &keys).is_ok());
}

#[derive(Debug, Deserialize, PartialEq)]
struct Claims {
    sub: String,
    exp: u64,
    #[serde(default)]
    admin: bool,
}

#[test]
fn encode_then_decode_into_a_typed_struct() {
    let token = encode(
        &Header::new(JwsAlg::Hs256),
        &json!({"sub": "alice", "exp": 2000, "admin": true}),
        &hs256(),
    )
    .unwrap();
    let header = decode_header(&token).unwrap();
    assert_eq!(header, Header::new(JwsAlg::Hs256));
    let data = decode::<Claims>(&token, &hs256_set(), &at(1000)).unwrap();
    assert_eq!(
        data.claims,
        Claims {
            sub: "alice".into(),
            exp: 2000,
            admin: true
        }
    );
    assert_eq!(data.header.typ.as_deref(), Some("JWT"));

    // Header members round-trip.
    let mut header = Header::new(JwsAlg::Hs256);
    header.kid = Some("k1".into());
    header.cty = Some("example".into());
    header.typ = None;
    let token = encode(&header, &json!({}), &hs256()).unwrap();
    assert_eq!(decode_header(&token).unwrap(), header);
}

#[test]
fn claims_that_do_not_fit_the_type_are_a_json_error() {
    let claims = json!({"sub": "a", "exp": 2000, "admin": "yes"});
    let token = encode(&Header::new(JwsAlg::Hs256), &claims, &hs256()).unwrap();
    let err = decode::<Claims>(&token, &hs256_set(), &at(1000)).unwrap_err();
    assert!(matches!(err, Error::Json(_)));
    assert_eq!(err.code(), "json");
    assert!(err.to_string().starts_with("claims JSON: invalid type"));
    assert!(core::error::Error::source(&err).is_some());
}

#[test]
fn encode_refuses_a_header_alg_the_key_does_not_have() {
    let result = encode(&Header::new(JwsAlg::Hs384), &json!({}), &hs256());
    assert_eq!(jose(result), Jose::AlgMismatch);
}

#[test]
fn encode_refuses_claims_serde_cannot_write() {
    let mut claims = std::collections::HashMap::new();
    claims.insert((1, 2), "tuple keys are not JSON object names");
    let err = encode(&Header::new(JwsAlg::Hs256), &claims, &hs256()).unwrap_err();
    assert!(matches!(err, Error::Json(_)));
}

#[test]
fn claims_are_validated_before_the_type_sees_them() {
    let keys = hs256_set();
    let sign = |claims: Value| encode(&Header::new(JwsAlg::Hs256), &claims, &hs256()).unwrap();
    let token = sign(json!({"sub": "a", "exp": 2000, "nbf": 1500}));
    assert_eq!(
        jose(decode::<Value>(&token, &keys, &at(1000))),
        Jose::NotYetValid
    );
    assert!(decode::<Value>(&token, &keys, &at(1500)).is_ok());
    let token = sign(json!({"sub": "a", "iss": "x", "exp": 2000}));
    assert_eq!(
        jose(decode::<Value>(&token, &keys, &at(1000).issuer("y"))),
        Jose::IssuerMismatch
    );
    let token = sign(json!({"aud": "api", "exp": 2000}));
    assert_eq!(
        jose(decode::<Value>(&token, &keys, &at(1000))),
        Jose::AudienceMismatch
    );
    assert!(decode::<Value>(&token, &keys, &at(1000).audience("api")).is_ok());
    // A payload that is not a claim set is a JSON error of the core, with `verify_jwt`...
    let token = sign_to_string(&HeaderParams::new(), b"not json", &hs256()).unwrap();
    assert!(matches!(
        jose(verify_jwt(&token, &keys, &at(1000))),
        Jose::Json(_)
    ));
    // ...and fine with `verify`.
    assert_eq!(verify(&token, &keys).unwrap().payload, b"not json");
}

#[test]
fn tampered_and_malformed_tokens_are_refused() {
    let keys = a3_keys();
    // One payload character changed.
    let mut tampered = A3_LOW_S.to_owned();
    let c = if &A3_LOW_S[30..31] == "A" { "B" } else { "A" };
    tampered.replace_range(30..31, c);
    assert_eq!(jose(verify(&tampered, &keys)), Jose::InvalidSignature);
    assert_eq!(
        jose(verify(&A3_LOW_S.replacen('.', "x", 1), &keys)),
        Jose::Malformed(tinyjose_std::Part::Token)
    );
    let mut bad_sig = A3_LOW_S.to_owned();
    let at = bad_sig.len() - 2;
    bad_sig.replace_range(
        at..at + 1,
        if &A3_LOW_S[at..=at] == "A" { "B" } else { "A" },
    );
    assert_eq!(jose(verify(&bad_sig, &keys)), Jose::InvalidSignature);
    assert!(matches!(jose(verify("a.b", &keys)), Jose::Malformed(_)));
    assert!(matches!(jose(decode_header("a.b")), Jose::Malformed(_)));
    // `none` never verifies, whatever the keys.
    let none = "eyJhbGciOiJub25lIn0.e30.";
    assert_eq!(jose(verify(none, &keys)), Jose::AlgNone);
}

#[test]
fn verify_to_vec_and_sign_to_string_size_their_buffers() {
    for payload in [&b""[..], b"x", &[7u8; 1000]] {
        let token = sign_to_string(&HeaderParams::new().kid("k"), payload, &hs256()).unwrap();
        let jws = UntrustedJws::parse(&token).unwrap();
        assert_eq!(verify_to_vec(&jws, &hs256()).unwrap(), payload);
    }
    let token = sign_to_string(&HeaderParams::new(), b"x", &hs256()).unwrap();
    let jws = UntrustedJws::parse(&token).unwrap();
    let other = HmacKey::hs256(&[9; 32]).unwrap();
    assert_eq!(jose(verify_to_vec(&jws, &other)), Jose::InvalidSignature);
    let es = JwkKey::Es256(
        match a3_keys().select(&UntrustedJws::parse(A3_LOW_S).unwrap()) {
            Ok(JwkKey::Es256(k)) => *k,
            other => panic!("{other:?}"),
        },
    );
    assert_eq!(jose(verify_to_vec(&jws, &es)), Jose::AlgMismatch);
}

#[test]
fn key_set_from_jwks_binds_each_key_and_leaves_out_unusable_ones() {
    let short = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"; // 32 bytes
    let long =
        "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMw"; // 64 bytes
    // A 32-byte secret without `alg` serves HS256 only; a 64-byte one all three.
    let set = KeySet::from_jwks(&format!(r#"{{"keys":[{{"kty":"oct","k":"{short}"}}]}}"#)).unwrap();
    assert_eq!(set.algorithms(), [JwsAlg::Hs256]);
    let set = KeySet::from_jwks(&format!(r#"{{"keys":[{{"kty":"oct","k":"{long}"}}]}}"#)).unwrap();
    assert_eq!(
        set.algorithms(),
        [JwsAlg::Hs256, JwsAlg::Hs384, JwsAlg::Hs512]
    );
    let set = KeySet::from_jwks(&format!(
        r#"{{"keys":[{{"kty":"oct","alg":"HS384","k":"{long}"}}]}}"#
    ))
    .unwrap();
    assert_eq!(set.algorithms(), [JwsAlg::Hs384]);
    // Encryption keys, RSA keys shorter than 2048 bits and unknown types are left out.
    let set = KeySet::from_jwks(
        r#"{"keys":[
        {"kty":"RSA","n":"AQAB","e":"AQAB"},
        {"kty":"EC","crv":"P-256","use":"enc","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
        {"kty":"nope"}]}"#,
    )
    .unwrap();
    assert!(set.is_empty());
    // The core's set checks apply.
    assert_eq!(
        jose(KeySet::from_jwks("{}")),
        Jose::Json(tinyjose_std::Part::Jwk)
    );
    let twice =
        format!(r#"{{"keys":[{A3_JWK},{A3_JWK}]}}"#).replace(r#""kty""#, r#""kid":"a","kty""#);
    assert_eq!(jose(KeySet::from_jwks(&twice)), Jose::AmbiguousKey);
    let mixed = format!(r#"{{"keys":[{A3_JWK},{{"kty":"oct","k":"{short}"}}]}}"#);
    assert_eq!(jose(KeySet::from_jwks(&mixed)), Jose::AmbiguousKey);
    // An escaped `kid` is unescaped.
    let escaped = A3_JWK.replace(r#""kty""#, r#""kid":"k\u0031","kty""#);
    let set = KeySet::from_jwks(&format!(r#"{{"keys":[{escaped}]}}"#)).unwrap();
    let token = A3_LOW_S.replacen(
        "eyJhbGciOiJFUzI1NiJ9",
        "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0",
        1,
    );
    assert_eq!(
        jose(verify(&token, &set)),
        Jose::InvalidSignature,
        "found by kid k1"
    );
}

fn hmac(byte: u8, alg: JwsAlg) -> JwkKey {
    JwkKey::Hmac(HmacKey::new(alg, &[byte; 64]).unwrap())
}

fn token(kid: Option<&str>, key: &JwkKey) -> String {
    let mut header = HeaderParams::new();
    header.kid = kid;
    sign_to_string(&header, b"payload", key.as_signer().unwrap()).unwrap()
}

#[test]
fn key_set_selects_by_kid_then_alg() {
    let mut set = KeySet::new();
    set.insert(Some("a"), hmac(1, JwsAlg::Hs256)).unwrap();
    set.insert(Some("b"), hmac(2, JwsAlg::Hs256)).unwrap();
    set.insert(Some("b"), hmac(3, JwsAlg::Hs512)).unwrap();
    assert_eq!(set.len(), 3);

    // By kid and alg.
    for (kid, key) in [
        ("a", hmac(1, JwsAlg::Hs256)),
        ("b", hmac(2, JwsAlg::Hs256)),
        ("b", hmac(3, JwsAlg::Hs512)),
    ] {
        assert_eq!(
            verify(&token(Some(kid), &key), &set).unwrap().payload,
            b"payload"
        );
    }
    // The kid names a key of another algorithm.
    assert_eq!(
        jose(verify(&token(Some("a"), &hmac(1, JwsAlg::Hs384)), &set)),
        Jose::AlgMismatch
    );
    // An unknown kid, with no unnamed key to fall back on.
    assert_eq!(
        jose(verify(&token(Some("z"), &hmac(1, JwsAlg::Hs256)), &set)),
        Jose::NoMatchingKey
    );
    // No kid: both HS256 keys are tried, in order.
    assert!(verify(&token(None, &hmac(1, JwsAlg::Hs256)), &set).is_ok());
    assert!(verify(&token(None, &hmac(2, JwsAlg::Hs256)), &set).is_ok());
    assert_eq!(
        jose(verify(&token(None, &hmac(9, JwsAlg::Hs256)), &set)),
        Jose::InvalidSignature
    );
    // At most `key_candidates` of them.
    let one = tinyjose::Limits::DEFAULT.with_key_candidates(1);
    assert_eq!(
        jose(verify_with_limits(
            &token(None, &hmac(2, JwsAlg::Hs256)),
            &set,
            &one
        )),
        Jose::InvalidSignature
    );
    // No kid: none is for HS384.
    assert_eq!(
        jose(verify(&token(None, &hmac(1, JwsAlg::Hs384)), &set)),
        Jose::NoMatchingKey
    );
    // No kid, one HS512 key: found.
    assert!(verify(&token(None, &hmac(3, JwsAlg::Hs512)), &set).is_ok());

    // A kid names exactly one key: an unnamed key is not a fallback for a kid no key has.
    let mut set = KeySet::new();
    set.insert(None, hmac(4, JwsAlg::Hs256)).unwrap();
    set.insert(Some("x"), hmac(5, JwsAlg::Hs256)).unwrap();
    assert_eq!(
        jose(verify(&token(Some("other"), &hmac(4, JwsAlg::Hs256)), &set)),
        Jose::NoMatchingKey
    );
    assert!(verify(&token(None, &hmac(4, JwsAlg::Hs256)), &set).is_ok());
    assert!(verify(&token(Some("x"), &hmac(5, JwsAlg::Hs256)), &set).is_ok());
    assert_eq!(
        jose(verify(&token(Some("x"), &hmac(4, JwsAlg::Hs256)), &set)),
        Jose::InvalidSignature
    );

    // One key: another algorithm is a mismatch; an empty set has no key.
    let one = KeySet::from(hmac(1, JwsAlg::Hs256));
    assert_eq!(
        jose(verify(&token(None, &hmac(1, JwsAlg::Hs512)), &one)),
        Jose::AlgMismatch
    );
    assert_eq!(
        jose(verify(
            &token(None, &hmac(1, JwsAlg::Hs256)),
            &KeySet::new()
        )),
        Jose::NoMatchingKey
    );
}

#[test]
fn key_set_insert_refuses_confusion() {
    let mut set = KeySet::new();
    set.insert(Some("a"), hmac(1, JwsAlg::Hs256)).unwrap();
    assert_eq!(
        jose(set.insert(Some("a"), hmac(2, JwsAlg::Hs256))),
        Jose::AmbiguousKey
    );
    // Keys without a kid may repeat: a token without kid tries each.
    set.insert(None, hmac(2, JwsAlg::Hs256)).unwrap();
    set.insert(None, hmac(3, JwsAlg::Hs256)).unwrap();
    let es = generate_signing_key(JwsAlg::Es256).unwrap();
    assert_eq!(
        jose(set.insert(Some("e"), es)),
        Jose::AmbiguousKey,
        "secret and public mixed"
    );
    assert_eq!(set.len(), 3);
}

#[test]
fn generated_keys_sign_and_verify_and_export() {
    for alg in [JwsAlg::Es256, JwsAlg::Es384, JwsAlg::Es512, JwsAlg::EdDsa] {
        let key = generate_signing_key(alg).unwrap();
        assert_eq!(key.alg(), alg);
        let token = token(None, &key);
        let public = tinyjose_std::Jwk::parse(&public_jwk(&key).unwrap())
            .unwrap()
            .to_key(None)
            .unwrap();
        assert_eq!(
            verify(&token, &KeySet::from(public)).unwrap().payload,
            b"payload"
        );
        let private = private_jwk(&key).unwrap();
        let again = tinyjose_std::Jwk::parse(&private)
            .unwrap()
            .to_signing_key(None)
            .unwrap();
        assert_eq!(again.thumbprint(), key.thumbprint());
        assert_ne!(
            generate_signing_key(alg).unwrap().thumbprint(),
            key.thumbprint()
        );
    }
    assert_eq!(
        jose(generate_signing_key(JwsAlg::Hs256)),
        Jose::UnsupportedAlg
    );
    // RSA private keys do not fit a core JwkKey: the error says where to go instead.
    for alg in [JwsAlg::Rs256, JwsAlg::Ps256] {
        let err = generate_signing_key(alg).unwrap_err();
        assert_eq!(err.code(), "key_rejected");
        assert_eq!(
            err.to_string(),
            format!(
                "a JwkKey holds only RSA public keys: generate {alg} keys with \
                 RsaSigningKey::generate({alg:?}, bits)"
            )
        );
    }
    let a = generate_secret(32).unwrap();
    let b = generate_secret(32).unwrap();
    assert_eq!(a.len(), 32);
    assert_ne!(*a, *b);
    assert!(generate_secret(0).unwrap().is_empty());
}

#[test]
fn jwk_exports() {
    let key = hmac(1, JwsAlg::Hs256);
    // A secret has no public half, and is exported with `secret_jwk`.
    let wrong_type = Jose::KeyRejected(tinyjose::KeyReason::WrongType);
    assert_eq!(jose(public_jwk(&key)), wrong_type);
    assert_eq!(
        jose(private_jwk(&key)),
        Jose::KeyRejected(tinyjose::KeyReason::WrongUse)
    );
    let public = tinyjose_std::Jwk::parse(A3_JWK)
        .unwrap()
        .to_key(None)
        .unwrap();
    assert_eq!(
        jose(private_jwk(&public)),
        Jose::KeyRejected(tinyjose::KeyReason::WrongUse)
    );
    assert_eq!(
        public_jwk(&public).unwrap(),
        r#"{"crv":"P-256","kty":"EC","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#
    );
    // RFC 7517 Appendix A.3's first key.
    let secret = [
        0x03, 0x23, 0x35, 0x4b, 0x2b, 0x0f, 0xa5, 0xbc, 0x83, 0x7e, 0x06, 0x65, 0x77, 0x7b, 0xa6,
        0x8f, 0x5a, 0xb3, 0x28, 0xe6, 0xf0, 0x54, 0xc9, 0x28, 0xa9, 0x0f, 0x84, 0xb2, 0xd2, 0x50,
        0x2e, 0xbf, 0xd3, 0xfb, 0x5a, 0x92, 0xd2, 0x06, 0x47, 0xef, 0x96, 0x8a, 0xb4, 0xc3, 0x77,
        0x62, 0x3d, 0x22, 0x3d, 0x2e, 0x21, 0x72, 0x05, 0x2e, 0x4f, 0x08, 0xc0, 0xcd, 0x9a, 0xf5,
        0x67, 0xd0, 0x80, 0xa3,
    ];
    assert_eq!(
        *secret_jwk(&secret),
        r#"{"k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow","kty":"oct"}"#
    );
}

#[test]
fn now_is_the_system_clock() {
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let t = now().unwrap().as_secs();
    assert!(t >= before && t <= before + 5);
}

#[test]
fn a_clock_before_1970_is_an_error_not_the_epoch() {
    use core::time::Duration;
    use std::time::UNIX_EPOCH;
    assert!(unix_time(UNIX_EPOCH - Duration::from_secs(1)).is_err());
    assert!(unix_time(UNIX_EPOCH - Duration::from_nanos(1)).is_err());
    assert_eq!(unix_time(UNIX_EPOCH).unwrap().as_secs(), 0);
    assert_eq!(
        unix_time(UNIX_EPOCH + Duration::from_millis(1_999))
            .unwrap()
            .as_secs(),
        1
    );
}

#[test]
fn errors_have_codes_messages_and_sources() {
    let jose_err = Error::from(Jose::Expired);
    assert_eq!(jose_err.code(), "expired");
    assert_eq!(jose_err.to_string(), Jose::Expired.to_string());
    let source = core::error::Error::source(&jose_err).unwrap();
    assert_eq!(source.to_string(), Jose::Expired.to_string());

    let key_err = Error::from(tinyjose_std::KeyError::with_source(
        "cannot read the key",
        std::io::Error::other("disk"),
    ));
    assert_eq!(key_err.code(), "key_rejected");
    assert_eq!(key_err.to_string(), "cannot read the key");
    let source = core::error::Error::source(&key_err).unwrap();
    assert_eq!(
        core::error::Error::source(source).unwrap().to_string(),
        "disk"
    );
    let plain = tinyjose_std::KeyError::new("plain");
    assert!(core::error::Error::source(&plain).is_none());

    let json_err = Error::from(serde_json::from_str::<Value>("{").unwrap_err());
    assert_eq!(json_err.code(), "json");
    assert!(core::error::Error::source(&json_err).is_some());
}

#[test]
fn key_set_from_one_jwk_or_secret_ignores_kid() {
    let keys = KeySet::from_jwk(&A3_JWK.replace(r#""kty""#, r#""kid":"x","kty""#)).unwrap();
    let other_kid = A3_LOW_S.replacen(
        "eyJhbGciOiJFUzI1NiJ9",
        "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0",
        1,
    );
    // Found despite the other kid (the signature no longer matches the changed header).
    assert_eq!(jose(verify(&other_kid, &keys)), Jose::InvalidSignature);
    assert!(verify(A3_LOW_S, &keys).is_ok());
    assert_eq!(
        jose(KeySet::from_jwk(
            r#"{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}"#
        )),
        Jose::KeyRejected(tinyjose::KeyReason::WrongLength)
    );
    assert_eq!(
        jose(KeySet::from_jwk(r#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#)),
        Jose::KeyRejected(tinyjose::KeyReason::TooShort)
    );
    assert!(matches!(jose(KeySet::from_jwk("[]")), Jose::Json(_)));

    let keys = KeySet::from_secret(&[1; 64]).unwrap();
    assert_eq!(
        keys.algorithms(),
        [JwsAlg::Hs256, JwsAlg::Hs384, JwsAlg::Hs512]
    );
    for alg in [JwsAlg::Hs256, JwsAlg::Hs512] {
        assert!(verify(&token(Some("any"), &hmac(1, alg)), &keys).is_ok());
    }
    assert_eq!(
        jose(KeySet::from_secret(&[1; 31])),
        Jose::KeyRejected(tinyjose::KeyReason::TooShort)
    );
    // One secret serving several algorithms is still one key: another algorithm is a mismatch.
    let other = sign_to_string(
        &HeaderParams::new(),
        b"x",
        generate_signing_key(JwsAlg::Es256)
            .unwrap()
            .as_signer()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(jose(verify(&other, &keys)), Jose::AlgMismatch);
}
