//! Owned JWE JSON serializations: RFC 7520 §5.2 (RSA-OAEP) in both JSON forms, and round trips
//! of `encrypt_json_to_string` to owned keys, RSA-OAEP among them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail loudly"
)]

use std::path::PathBuf;

use serde_json::Value;
use tinyjose::jwe::{JweJsonParams, JweRecipient};
use tinyjose::{A128GCM, A256GCM, DirectKey, Enc, Error as Jose, HeaderParams, JweAlg};
use tinyjose_std::{
    EncryptionKey, Error, RsaOaepKey, decrypt_json_to_vec, decrypt_json_with_keys,
    encrypt_json_to_string,
};

fn json(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn jose<T: core::fmt::Debug>(result: Result<T, Error>) -> Jose {
    match result.unwrap_err() {
        Error::Jose(e) => e,
        other => panic!("not a core error: {other:?}"),
    }
}

fn rsa_oaep_5_2() -> (Value, RsaOaepKey) {
    let v = json("rfc7520/jwe/5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json");
    let key = RsaOaepKey::from_jwk(&v["input"]["key"].to_string(), Some(JweAlg::RsaOaep)).unwrap();
    (v, key)
}

#[test]
fn rfc7520_5_2_rsa_oaep_json_and_flattened() {
    let (v, key) = rsa_oaep_5_2();
    let plaintext = v["input"]["plaintext"].as_str().unwrap().as_bytes();
    for form in ["json", "json_flat"] {
        let text = v["output"][form].to_string();
        let decrypted = decrypt_json_to_vec(&text, &key, &[A256GCM]).unwrap();
        assert_eq!(decrypted.plaintext, plaintext, "{form}");
        assert_eq!(
            (decrypted.header.alg, decrypted.header.enc),
            (JweAlg::RsaOaep, Enc::A256Gcm)
        );
        assert_eq!(
            decrypted.header.kid.as_deref(),
            Some("samwise.gamgee@hobbiton.example")
        );
        assert_eq!(decrypted.recipient, 0);
        // Through a key list, by `kid`.
        let owned =
            EncryptionKey::from_jwk(&v["input"]["key"].to_string(), Some(JweAlg::RsaOaep)).unwrap();
        let by_list = decrypt_json_with_keys(&text, &[owned], &[A256GCM]).unwrap();
        assert_eq!(by_list.plaintext, plaintext);
        // A changed tag: one error.
        let mut changed = v["output"][form].clone();
        changed["tag"] = Value::String("AAAAAAAAAAAAAAAAAAAAAA".into());
        let err = jose(decrypt_json_to_vec(&changed.to_string(), &key, &[A256GCM]));
        assert_eq!(err, Jose::DecryptionFailed);
    }
}

#[test]
fn general_to_owned_keys_rsa_oaep_included() {
    let (_, rsa) = rsa_oaep_5_2();
    let rsa_owned = EncryptionKey::from_jwk(&rsa.private_jwk(), Some(JweAlg::RsaOaep))
        .unwrap()
        .with_kid("rsa");
    let ecdh = EncryptionKey::generate(JweAlg::EcdhEsA256Kw, Some("P-256"), None)
        .unwrap()
        .with_kid("ecdh");
    let kw = EncryptionKey::from_secret(&[5; 32], JweAlg::A256Kw)
        .unwrap()
        .with_kid("kw");
    let to = [rsa_owned.recipient(), ecdh.recipient(), kw.recipient()];
    let params = JweJsonParams::new()
        .header(HeaderParams::new().cty("text/plain"))
        .unprotected(r#"{"jku":"https://example.com/keys"}"#)
        .aad(b"context");
    let text = encrypt_json_to_string(&params, b"three of you", &to, A128GCM).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["recipients"][0]["header"]["alg"], "RSA-OAEP");
    for (i, key) in [rsa_owned, ecdh, kw].into_iter().enumerate() {
        let d = decrypt_json_with_keys(&text, core::slice::from_ref(&key), &[A128GCM]).unwrap();
        assert_eq!(d.plaintext, b"three of you");
        assert_eq!(d.recipient, i);
        assert_eq!(d.aad.as_deref(), Some(&b"context"[..]));
        assert_eq!(d.header.cty.as_deref(), Some("text/plain"));
        assert_eq!(
            d.unprotected_json.as_deref(),
            Some(r#"{"jku":"https://example.com/keys"}"#)
        );
        let header: Value = serde_json::from_str(&d.recipient_header_json.unwrap()).unwrap();
        assert_eq!(header, v["recipients"][i]["header"]);
    }
    // A key no recipient was encrypted to.
    let stranger = EncryptionKey::from_secret(&[6; 32], JweAlg::A256Kw).unwrap();
    let err = jose(decrypt_json_with_keys(&text, &[stranger], &[A128GCM]));
    assert_eq!(err, Jose::DecryptionFailed);
    // A key whose `kid` no recipient names, and a key of another algorithm.
    let named = EncryptionKey::from_secret(&[5; 32], JweAlg::A256Kw)
        .unwrap()
        .with_kid("other");
    assert_eq!(
        jose(decrypt_json_with_keys(&text, &[named], &[A128GCM])),
        Jose::NoMatchingKey
    );
    let dir = EncryptionKey::from_secret(&[5; 16], JweAlg::Dir).unwrap();
    assert_eq!(
        jose(decrypt_json_with_keys(&text, &[dir], &[A128GCM])),
        Jose::NoMatchingKey
    );
}

#[test]
fn flattened_and_refusals() {
    let key = DirectKey::new(&[7; 16]).unwrap();
    let flat = JweJsonParams::new().flattened(true);
    let text = encrypt_json_to_string(&flat, b"one", &[JweRecipient::new(&key).kid("k")], A128GCM)
        .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v.get("recipients").is_none() && v.get("encrypted_key").is_none());
    assert_eq!(
        decrypt_json_to_vec(&text, &key, &[A128GCM])
            .unwrap()
            .plaintext,
        b"one"
    );
    // `dir` among several recipients: one CEK cannot be two keys.
    let kw = EncryptionKey::from_secret(&[5; 16], JweAlg::A128Kw).unwrap();
    let two = [JweRecipient::new(&key), kw.recipient()];
    let err = jose(encrypt_json_to_string(
        &JweJsonParams::new(),
        b"x",
        &two,
        A128GCM,
    ));
    assert_eq!(err, Jose::Unsupported);
    // A compact JWE is not a JSON serialization.
    let compact =
        tinyjose_std::encrypt_to_string(&HeaderParams::new(), b"x", &key, A128GCM, false).unwrap();
    let err = jose(decrypt_json_to_vec(&compact, &key, &[A128GCM]));
    assert_eq!(err, Jose::Malformed(tinyjose::Part::Token));
}
