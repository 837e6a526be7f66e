//! RFC 8725bis conformance through `tinyjose-std`: every case of the core's
//! `tests/data/conformance/rfc8725bis.json` that lists `std`, run with the crate's owned API
//! (`KeySet`, `verify_jwt_with_limits`, `verify_json_jwt`, `EncryptionKey`,
//! `decrypt_to_vec_with_limits`, `decrypt_nested_jwt`), with the exact verdict the case states.
#![cfg(feature = "jwe")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::panic_in_result_fn,
    clippy::unwrap_in_result,
    reason = "helpers outside #[test] functions fail loudly on bad cases, as tests do"
)]

use serde_json::Value;
use tinyjose_std::{
    ALL_CONTENT_ENCRYPTIONS, ContentEncryption, Enc, EncryptionKey, JweAlg, JwsAlg, KeySet, Limits,
    Result, UnixTime, Validation, decrypt_nested_jwt, decrypt_to_vec_with_limits, verify_json_jwt,
    verify_jwt_with_limits,
};

/// The case file, read once per test.
fn case_file() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tinyjose/tests/data/conformance/rfc8725bis.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn text(value: &Value) -> Option<&str> {
    value.as_str()
}

/// The JWK or JWK Set named `name`, as text.
fn key_text(file: &Value, name: &str) -> String {
    serde_json::to_string(&file["keys"][name]).unwrap()
}

/// The signature keys of a case: a JWK Set by `kid`; a JWK by itself, bound to the case's `alg`
/// when it gives one.
fn keys(file: &Value, case: &Value) -> Result<KeySet> {
    let name = text(&case["key"]).unwrap();
    let json = key_text(file, name);
    if file["keys"][name].get("keys").is_some() {
        return KeySet::from_jwks(&json);
    }
    match text(&case["alg"]) {
        Some(alg) => {
            let mut set = KeySet::new();
            set.insert_jwk(&json, &[JwsAlg::from_name(alg).unwrap()])?;
            Ok(set.ignoring_kid())
        }
        None => KeySet::from_jwk(&json),
    }
}

/// The content encryptions the case allows.
fn encs(case: &Value) -> Vec<&'static dyn ContentEncryption> {
    let all = ALL_CONTENT_ENCRYPTIONS.iter().copied();
    match text(&case["enc"]) {
        Some(name) => {
            let enc = Enc::from_name(name).unwrap();
            all.filter(|c| c.enc() == enc).collect()
        }
        None => all.collect(),
    }
}

/// Runs `check` with the case's claim checks at the file's clock.
fn with_validation<T>(file: &Value, case: &Value, check: impl FnOnce(&Validation<'_>) -> T) -> T {
    let checks = &case["checks"];
    let aud: Vec<&str> = text(&checks["aud"]).into_iter().collect();
    let mut validation = Validation::new(UnixTime::from_secs(file["now"].as_u64().unwrap()));
    if let Some(iss) = text(&checks["iss"]) {
        validation = validation.issuer(iss);
    }
    if !aud.is_empty() {
        validation = validation.audiences(&aud);
    }
    if let Some(sub) = text(&checks["sub"]) {
        validation = validation.subject(sub);
    }
    if let Some(typ) = text(&checks["typ"]) {
        validation = validation.typ(typ);
    }
    check(&validation)
}

fn run(file: &Value, case: &Value) -> Result<Vec<u8>> {
    let token = text(&case["token"]).unwrap();
    let limits = Limits::DEFAULT;
    match text(&case["op"]).unwrap() {
        "verify" => {
            let keys = keys(file, case)?;
            with_validation(file, case, |v| match text(&case["form"]).unwrap() {
                "json" => verify_json_jwt(token, &keys, v, &limits),
                _ => verify_jwt_with_limits(token, &keys, v, &limits),
            })
            .map(|verified| verified.payload)
        }
        "decrypt" => {
            let alg = text(&case["alg"]).map(|a| JweAlg::from_name(a).unwrap());
            let key = EncryptionKey::from_jwk(&key_text(file, text(&case["key"]).unwrap()), alg)?;
            let decrypter = key.decrypter().expect("a decryption key");
            decrypt_to_vec_with_limits(token, decrypter, &encs(case), &limits)
                .map(|decrypted| decrypted.plaintext)
        }
        "nested" => {
            let jwe_key = text(&case["jwe_key"]).unwrap();
            let key = EncryptionKey::from_jwk(&key_text(file, jwe_key), None)?;
            let keys = keys(file, case)?;
            let decrypter = key.decrypter().expect("a decryption key");
            with_validation(file, case, |v| {
                decrypt_nested_jwt(token, decrypter, &encs(case), &keys, v)
            })
            .map(|nested| nested.jws.payload)
        }
        op => panic!("unknown op {op}"),
    }
}

#[test]
fn every_std_case_has_its_verdict() {
    let file = case_file();
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in file["cases"].as_array().unwrap() {
        if !case["layers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l == "std")
        {
            continue;
        }
        ran += 1;
        let got = match run(&file, case) {
            Ok(payload) => ("payload", String::from_utf8(payload).unwrap()),
            Err(e) => ("error", e.code().to_owned()),
        };
        let expect = case["expect"].as_object().unwrap();
        let (kind, value) = expect.iter().next().unwrap();
        if (kind.as_str(), value.as_str().unwrap()) != (got.0, got.1.as_str()) {
            failures.push(format!(
                "{}: expected {kind} {value}, got {} {}",
                case["id"], got.0, got.1
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(ran > 0);
}
