//! The RSA key management cases of Project Wycheproof's `json_web_encryption_test.json` (the
//! core runs every other case; RSA-OAEP lives here), and RFC 7520 §6, a nested JWT signed with
//! PS256 and encrypted with RSA-OAEP.
//!
//! RSA-OAEP and RSA-OAEP-256 cases must give their upstream result, with the exact plaintext
//! when valid. RSA1_5 is refused by design (RFC 8725 §3.2): its valid cases are counted as
//! refused, and every one of them must be refused.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

use std::path::PathBuf;

use serde_json::Value;
use tinyjose::{A128GCM, ALL_CONTENT_ENCRYPTIONS, Error as Jose, UnixTime, Validation};
use tinyjose_std::{KeySet, RsaOaepKey, decrypt_nested_jwt, decrypt_to_vec};

fn json(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn wycheproof_rsa_key_management() {
    let doc = json("wycheproof/json_web_encryption_test.json");
    let (mut passed, mut refused_by_design, mut problems) = (0, 0, Vec::new());
    for group in doc["testGroups"].as_array().unwrap() {
        let jwk = &group["private"];
        let key_alg = jwk["alg"].as_str().unwrap_or_default();
        if !key_alg.starts_with("RSA") {
            continue;
        }
        let key = RsaOaepKey::from_jwk(&jwk.to_string(), None);
        if key_alg == "RSA1_5" {
            let err = key.as_ref().err().map(tinyjose_std::Error::code);
            assert_eq!(err, Some("alg_rsa1_5"), "RSA1_5 keys are refused");
        }
        for case in group["tests"].as_array().unwrap() {
            let tc_id = &case["tcId"];
            let token = match &case["jwe"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let outcome = match &key {
                Ok(key) => {
                    decrypt_to_vec(&token, key, ALL_CONTENT_ENCRYPTIONS).map(|d| d.plaintext)
                }
                Err(_) => Err(tinyjose_std::Error::from(Jose::AlgRsa1_5)),
            };
            match (case["result"].as_str().unwrap(), outcome) {
                ("valid", Ok(plaintext)) => {
                    if plaintext == hex(case["pt"].as_str().unwrap()) {
                        passed += 1;
                    } else {
                        problems.push(format!("tcId {tc_id}: wrong plaintext"));
                    }
                }
                ("valid", Err(e))
                    if key_alg == "RSA1_5" || token.starts_with("eyJhbGciOiJSU0ExXzUi") =>
                {
                    assert_eq!(e.code(), "alg_rsa1_5", "tcId {tc_id}");
                    refused_by_design += 1;
                }
                ("invalid", Err(_)) => passed += 1,
                (result, outcome) => problems.push(format!(
                    "tcId {tc_id} ({}): expected {result}, got {outcome:?}",
                    case["comment"]
                )),
            }
        }
    }
    println!(
        "wycheproof json_web_encryption_test.json, RSA key management: {passed} passed, \
         {refused_by_design} valid RSA1_5 cases refused by design"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!((passed, refused_by_design), (36, 8));
}

#[test]
fn rfc7520_6_nested_jwt() {
    let v = json("rfc7520/6.nesting_signatures_and_encryption.json");
    let decryption_key =
        RsaOaepKey::from_jwk(&v["encrypt"]["input"]["key"].to_string(), None).unwrap();
    let mut signer = v["sign"]["input"]["key"].clone();
    signer["alg"] = "PS256".into();
    let keys = KeySet::from_jwk(&signer.to_string()).unwrap();
    let token = v["encrypt"]["output"]["compact"].as_str().unwrap();

    // exp is 1300819380: valid just before, expired after.
    let before = Validation::new(UnixTime::from_secs(1_300_819_300)).issuer("hobbiton.example");
    let nested = decrypt_nested_jwt(token, &decryption_key, &[A128GCM], &keys, &before).unwrap();
    assert_eq!(nested.jwe.cty.as_deref(), Some("JWT"));
    assert_eq!(
        nested.jws.payload,
        v["sign"]["input"]["payload"].as_str().unwrap().as_bytes()
    );
    assert_eq!(nested.jws.header_json, r#"{"alg":"PS256","typ":"JWT"}"#);

    let after = Validation::new(UnixTime::from_secs(1_300_819_381));
    let err = decrypt_nested_jwt(token, &decryption_key, &[A128GCM], &keys, &after).unwrap_err();
    assert_eq!(err.code(), "expired");
    // The inner JWS is exactly the cookbook's.
    let decrypted = decrypt_to_vec(token, &decryption_key, &[A128GCM]).unwrap();
    assert_eq!(
        decrypted.nested_jws().unwrap(),
        v["encrypt"]["input"]["plaintext"].as_str().unwrap()
    );
}
