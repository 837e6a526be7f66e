//! Owned JWS JSON serializations and detached content: the RFC 7520 §4 examples verified with
//! key sets and reproduced byte for byte (RSA signing included), and round trips.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use serde_json::Value;
use tinyjose::{Error as JoseError, HeaderParams, JsonForm, JsonSigner, Limits, Part};
use tinyjose_std::{
    KeySet, sign_detached_to_string, sign_json_to_string, verify_detached, verify_json,
};

fn cookbook(name: &str) -> Value {
    let path = format!(
        "{}/../tinyjose/tests/data/rfc7520/jws/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text(v: &Value) -> String {
    serde_json::to_string(v).unwrap()
}

#[cfg(feature = "rsa-private")]
#[test]
fn rfc7520_4_1_rs256_is_reproduced_and_verified_with_a_set() {
    use tinyjose::JwsAlg;
    use tinyjose_std::SignatureKey;

    let v = cookbook("4_1.rsa_v15_signature");
    let jwk = text(&v["input"]["key"]);
    let key = SignatureKey::from_private_jwk(&jwk, Some(JwsAlg::Rs256)).unwrap();
    let kid = v["input"]["key"]["kid"].as_str().unwrap();
    let payload = v["input"]["payload"].as_str().unwrap().as_bytes();
    let signers = [JsonSigner::new(key.signer().unwrap()).protected(HeaderParams::new().kid(kid))];
    for (form, member) in [
        (JsonForm::General, "json"),
        (JsonForm::Flattened, "json_flat"),
    ] {
        let ours = sign_json_to_string(form, &signers, payload, false).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&ours).unwrap(),
            v["output"][member]
        );
        let mut keys = KeySet::default();
        keys.insert(Some(kid), key.public_key().unwrap().verifier().clone())
            .unwrap();
        let verified = verify_json(&ours, &keys, &Limits::DEFAULT).unwrap();
        assert_eq!(verified.payload, payload);
        assert_eq!(verified.header.kid.as_deref(), Some(kid));
    }
}

#[test]
fn rfc7520_4_5_detached_verifies_in_both_serializations() {
    let v = cookbook("4_5.signature_with_detached_content");
    let keys = KeySet::from_jwks(&format!(r#"{{"keys":[{}]}}"#, text(&v["input"]["key"]))).unwrap();
    let payload = v["input"]["payload"].as_str().unwrap().as_bytes();
    for member in ["compact", "json", "json_flat"] {
        let token = match &v["output"][member] {
            Value::String(s) => s.clone(),
            other => text(other),
        };
        let verified = verify_detached(&token, payload, &keys, &Limits::DEFAULT).unwrap();
        assert_eq!(verified.payload, payload, "{member}");
        let err = verify_detached(&token, b"other", &keys, &Limits::DEFAULT).unwrap_err();
        assert_eq!(err.code(), "invalid_signature", "{member}");
    }
}

#[test]
fn kid_selects_among_signatures_and_lone_keys_ignore_it() {
    let a = tinyjose::HmacKey::hs256(&[1; 32]).unwrap();
    let b = tinyjose::HmacKey::hs256(&[2; 32]).unwrap();
    let signers = [
        JsonSigner::new(&a).unprotected(r#"{"kid":"a"}"#),
        JsonSigner::new(&b).unprotected(r#"{"kid":"b"}"#),
    ];
    let text = sign_json_to_string(JsonForm::General, &signers, b"hi", false).unwrap();
    let mut keys = KeySet::default();
    keys.insert(Some("b"), tinyjose::JwkKey::Hmac(b.clone()))
        .unwrap();
    let verified = verify_json(&text, &keys, &Limits::DEFAULT).unwrap();
    assert_eq!(verified.payload, b"hi");
    assert_eq!(
        verified.unprotected_header.as_deref(),
        Some(r#"{"kid":"b"}"#)
    );
    let lone = KeySet::from_secret(&[2; 32]).unwrap();
    assert_eq!(
        verify_json(&text, &lone, &Limits::DEFAULT).unwrap().payload,
        b"hi"
    );
    let wrong = KeySet::from_secret(&[3; 32]).unwrap();
    assert_eq!(
        verify_json(&text, &wrong, &Limits::DEFAULT)
            .unwrap_err()
            .code(),
        "invalid_signature"
    );
}

#[test]
fn detached_compact_round_trips_and_refuses_an_attached_payload() {
    let key = tinyjose::HmacKey::hs256(&[5; 32]).unwrap();
    let keys = KeySet::from_secret(&[5; 32]).unwrap();
    for header in [HeaderParams::new(), HeaderParams::new().b64(false)] {
        let token = sign_detached_to_string(&header, b"$.02", &key).unwrap();
        assert!(token.contains(".."));
        let verified = verify_detached(&token, b"$.02", &keys, &Limits::DEFAULT).unwrap();
        assert_eq!(verified.payload, b"$.02");
    }
    let attached = tinyjose_std::sign_to_string(&HeaderParams::new(), b"x", &key).unwrap();
    let err = verify_detached(&attached, b"x", &keys, &Limits::DEFAULT).unwrap_err();
    assert!(matches!(
        err,
        tinyjose_std::Error::Jose(JoseError::Malformed(Part::Payload))
    ));
}

#[test]
fn claims_are_validated_in_json_and_detached_forms_and_b64_is_reported() {
    use tinyjose::{UnixTime, Validation};
    use tinyjose_std::{verify_detached_jwt, verify_json_jwt};

    let key = tinyjose::HmacKey::hs256(&[5; 32]).unwrap();
    let keys = KeySet::from_secret(&[5; 32]).unwrap();
    let claims = br#"{"iss":"me","exp":2000}"#;
    let at = |t| Validation::new(UnixTime::from_secs(t)).issuer("me");
    let other = Validation::new(UnixTime::from_secs(1000)).issuer("you");
    let limits = Limits::DEFAULT;
    for form in [JsonForm::General, JsonForm::Flattened] {
        let signers = [JsonSigner::new(&key)];
        let text = sign_json_to_string(form, &signers, claims, false).unwrap();
        let verified = verify_json_jwt(&text, &keys, &at(1000), &limits).unwrap();
        assert_eq!(
            (verified.payload.as_slice(), verified.b64),
            (&claims[..], true)
        );
        let code = |r: tinyjose_std::Result<_>| r.unwrap_err().code();
        assert_eq!(
            code(verify_json_jwt(&text, &keys, &at(3000), &limits)),
            "expired"
        );
        assert_eq!(
            code(verify_json_jwt(&text, &keys, &other, &limits)),
            "issuer_mismatch"
        );

        let detached = sign_json_to_string(form, &signers, claims, true).unwrap();
        assert!(verify_detached_jwt(&detached, claims, &keys, &at(1000), &limits).is_ok());
        let late = verify_detached_jwt(&detached, claims, &keys, &at(3000), &limits);
        assert_eq!(code(late), "expired");

        // An unencoded payload is no JWT: verified as bytes, refused as claims.
        let unencoded = [JsonSigner::new(&key).protected(HeaderParams::new().b64(false))];
        let text = sign_json_to_string(form, &unencoded, claims, false).unwrap();
        assert!(!verify_json(&text, &keys, &limits).unwrap().b64);
        let err = verify_json_jwt(&text, &keys, &at(1000), &limits).unwrap_err();
        assert!(matches!(
            err,
            tinyjose_std::Error::Jose(JoseError::Malformed(Part::Payload))
        ));
    }
    let compact = sign_detached_to_string(&HeaderParams::new(), claims, &key).unwrap();
    assert!(verify_detached_jwt(&compact, claims, &keys, &at(1000), &limits).is_ok());
    let late = verify_detached_jwt(&compact, claims, &keys, &at(3000), &limits);
    assert_eq!(late.unwrap_err().code(), "expired");
    let unencoded = HeaderParams::new().b64(false);
    let compact = sign_detached_to_string(&unencoded, claims, &key).unwrap();
    assert!(
        !verify_detached(&compact, claims, &keys, &limits)
            .unwrap()
            .b64
    );
}

#[test]
fn a_secret_serves_each_hmac_algorithm_its_length_allows_in_json() {
    let secret = [6u8; 64];
    let keys = KeySet::from_secret(&secret).unwrap();
    for key in [
        tinyjose::HmacKey::hs256(&secret).unwrap(),
        tinyjose::HmacKey::hs384(&secret).unwrap(),
        tinyjose::HmacKey::hs512(&secret).unwrap(),
    ] {
        let text = sign_json_to_string(JsonForm::Flattened, &[JsonSigner::new(&key)], b"x", false)
            .unwrap();
        assert_eq!(
            verify_json(&text, &keys, &Limits::DEFAULT).unwrap().payload,
            b"x"
        );
    }
    let short = KeySet::from_secret(&[6; 32]).unwrap();
    let key = tinyjose::HmacKey::hs384(&secret[..48]).unwrap();
    let text =
        sign_json_to_string(JsonForm::Flattened, &[JsonSigner::new(&key)], b"x", false).unwrap();
    let err = verify_json(&text, &short, &Limits::DEFAULT).unwrap_err();
    assert!(matches!(
        err,
        tinyjose_std::Error::Jose(JoseError::AlgMismatch)
    ));
}

#[test]
fn an_algorithm_list_refuses_the_others() {
    use tinyjose::JwsAlg;
    let key = tinyjose::HmacKey::hs256(&[5; 32]).unwrap();
    let keys = KeySet::from_secret(&[5; 32]).unwrap();
    let text =
        sign_json_to_string(JsonForm::General, &[JsonSigner::new(&key)], b"x", false).unwrap();
    let allowing = |algs: &[JwsAlg]| {
        tinyjose_std::verify_json_allowing(&text, None, &keys, algs, &Limits::DEFAULT)
    };
    assert_eq!(allowing(&[]).unwrap().payload, b"x");
    assert_eq!(allowing(&[JwsAlg::Hs256]).unwrap().payload, b"x");
    let err = allowing(&[JwsAlg::Es256]).unwrap_err();
    assert!(matches!(
        err,
        tinyjose_std::Error::Jose(JoseError::AlgNotAllowed)
    ));
    tinyjose_std::check_json(&text, &Limits::DEFAULT).unwrap();
    assert!(tinyjose_std::check_json("{}", &Limits::DEFAULT).is_err());
}
