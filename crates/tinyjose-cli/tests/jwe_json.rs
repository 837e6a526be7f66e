//! `tinyjose encrypt --json` and `tinyjose decrypt` with the JWE JSON serializations, run as
//! scripts run them: the RFC 7516 A.4/A.5 and RFC 7520 §5.8 vectors, round trips to one and
//! several recipients, and the exit status and `error[CODE]` of each refusal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly, as tests do"
)]

#[path = "common/cli.rs"]
#[allow(dead_code, reason = "each test file uses part of the shared helpers")]
mod common;

use std::path::Path;

use common::{jwk_generate, repo, run, run_with_stdin, scratch, write};
use serde_json::Value;

/// A JSON file of the core's test data.
fn data(path: &str) -> Value {
    let path = repo().join("crates/tinyjose/tests/data").join(path);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn write_json(dir: &Path, name: &str, value: &Value) -> String {
    write(dir, name, serde_json::to_string(value).unwrap())
}

/// A fresh JWK made by `tinyjose jwk generate` with `args`, written to `dir`.
fn generate(dir: &Path, name: &str, args: &[&str]) -> String {
    write(dir, name, jwk_generate(args).ok())
}

/// Runs `tinyjose encrypt` with `args` and returns its line.
fn encrypt(args: &[&str]) -> String {
    let mut all = vec!["encrypt"];
    all.extend_from_slice(args);
    run(&all).ok().trim_end().to_owned()
}

/// Runs `tinyjose decrypt` with `args`, the token on stdin.
fn decrypt(args: &[&str], token: &str) -> common::Run {
    let mut all = vec!["decrypt"];
    all.extend_from_slice(args);
    run_with_stdin(&all, token)
}

#[test]
fn rfc7516_a4_a5_and_rfc7520_5_8_decrypt() {
    let dir = scratch();
    let vectors = data("rfc/rfc7516_json.json");
    // A.4: general, two recipients; the A128KW key (kid "7") opens its own.
    let a4 = &vectors["vectors"][0];
    let key = write_json(&dir, "a4.jwk", &a4["recipient_keys"]["7"]);
    let text = serde_json::to_string(&a4["json"]).unwrap();
    let expected = format!("{}\n", a4["plaintext"].as_str().unwrap());
    assert_eq!(
        decrypt(&["--key", &key, "--alg", "A128KW"], &text).ok(),
        expected
    );
    // A.5: flattened, from a file and from the argument.
    let a5 = &vectors["vectors"][1];
    let key = write_json(&dir, "a5.jwk", &a5["key"]);
    let text = serde_json::to_string(&a5["json"]).unwrap();
    let file = write(&dir, "a5.json", &text);
    assert_eq!(
        run(&["decrypt", "--key", &key, "--alg", "A128KW", &file]).ok(),
        expected
    );
    assert_eq!(
        run(&["decrypt", "--key", &key, "--alg", "A128KW", &text]).ok(),
        expected
    );
    // A key that names no algorithm needs --alg with a JSON serialization.
    decrypt(&["--key", &key], &text).usage("pass --alg");

    let v = data("rfc7520/jwe/5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json");
    let key = write_json(&dir, "5_8.jwk", &v["input"]["key"]);
    let expected = format!("{}\n", v["input"]["plaintext"].as_str().unwrap());
    for member in ["json", "json_flat"] {
        let text = serde_json::to_string(&v["output"][member]).unwrap();
        assert_eq!(decrypt(&["--key", &key], &text).ok(), expected);
    }
}

#[test]
fn flattened_and_general_round_trip() {
    let dir = scratch();
    let alice = generate(
        &dir,
        "alice.jwk",
        &["--kty", "oct", "--alg", "A128KW", "--kid", "alice"],
    );
    let bob = generate(
        &dir,
        "bob.jwk",
        &["--kty", "oct", "--alg", "A256KW", "--kid", "bob"],
    );
    let carol = generate(
        &dir,
        "carol.jwk",
        &[
            "--kty",
            "EC",
            "--crv",
            "P-256",
            "--alg",
            "ECDH-ES+A128KW",
            "--kid",
            "carol",
        ],
    );
    let flattened = encrypt(&[
        "--key",
        &alice,
        "--enc",
        "A128GCM",
        "--json",
        "flattened",
        "hi",
    ]);
    let json: Value = serde_json::from_str(&flattened).unwrap();
    assert!(json.get("recipients").is_none());
    assert_eq!(json["header"]["kid"], "alice");
    assert_eq!(decrypt(&["--key", &alice], &flattened).ok(), "hi\n");

    let general = encrypt(&[
        "--key",
        &alice,
        "--key",
        &bob,
        "--key",
        &carol,
        "--enc",
        "A256GCM",
        "--json",
        "general",
        "--typ",
        "example",
        "to all three",
    ]);
    let json: Value = serde_json::from_str(&general).unwrap();
    let recipients = json["recipients"].as_array().unwrap();
    let kids: Vec<&Value> = recipients.iter().map(|r| &r["header"]["kid"]).collect();
    assert_eq!(kids, ["alice", "bob", "carol"]);
    for key in [&alice, &bob, &carol] {
        assert_eq!(decrypt(&["--key", key], &general).ok(), "to all three\n");
    }
    // --kid once per key, in order.
    let renamed = encrypt(&[
        "--key", &alice, "--key", &bob, "--kid", "a", "--kid", "b", "--enc", "A128GCM", "--json",
        "general", "x",
    ]);
    let json: Value = serde_json::from_str(&renamed).unwrap();
    assert_eq!(json["recipients"][0]["header"]["kid"], "a");
    assert_eq!(json["recipients"][1]["header"]["kid"], "b");
    // The compact form is unchanged without --json.
    let compact = encrypt(&["--key", &alice, "--enc", "A128GCM", "x"]);
    assert_eq!(compact.split('.').count(), 5);
    assert_eq!(decrypt(&["--key", &alice], &compact).ok(), "x\n");
}

#[test]
fn refusals() {
    let dir = scratch();
    let alice = generate(
        &dir,
        "alice.jwk",
        &["--kty", "oct", "--alg", "A128KW", "--kid", "alice"],
    );
    let bob = generate(
        &dir,
        "bob.jwk",
        &["--kty", "oct", "--alg", "A128KW", "--kid", "bob"],
    );
    let general = encrypt(&[
        "--key", &alice, "--key", &bob, "--enc", "A128GCM", "--json", "general", "secret",
    ]);
    // A key that is no recipient's, and a tampered ciphertext.
    let eve = generate(&dir, "eve.jwk", &["--kty", "oct", "--alg", "A128KW"]);
    decrypt(&["--key", &eve], &general).exactly(
        1,
        "",
        "error[decryption_failed]: decryption failed\n",
    );
    let mut json: Value = serde_json::from_str(&general).unwrap();
    json["ciphertext"] = Value::String("AAAAAAAA".to_owned());
    decrypt(&["--key", &alice], &json.to_string()).exactly(
        1,
        "",
        "error[decryption_failed]: decryption failed\n",
    );
    // Usage errors.
    run(&[
        "encrypt",
        "--key",
        &alice,
        "--key",
        &bob,
        "--enc",
        "A128GCM",
        "--json",
        "flattened",
        "x",
    ])
    .exactly(
        2,
        "",
        "error: --json flattened holds one recipient: pass one --key, or use --json general\n",
    );
    run(&[
        "encrypt", "--key", &alice, "--key", &bob, "--enc", "A128GCM", "x",
    ])
    .usage("use --json general");
    run(&[
        "encrypt", "--key", &alice, "--enc", "A128GCM", "--json", "compact", "x",
    ])
    .usage("invalid value 'compact' for '--json <FORM>'");
    run(&[
        "encrypt", "--key", &alice, "--enc", "A128GCM", "--json", "general", "--zip", "x",
    ])
    .usage("--zip is for the compact form");
    let dir_a = generate(&dir, "dir-a.jwk", &["--kty", "oct", "--alg", "dir"]);
    let dir_b = generate(&dir, "dir-b.jwk", &["--kty", "oct", "--alg", "dir"]);
    run(&[
        "encrypt", "--key", &dir_a, "--key", &dir_b, "--enc", "A256GCM", "--json", "general", "x",
    ])
    .usage("serve one recipient alone");
    // A JWS JSON serialization given to decrypt, and a JWE one given to verify, are named.
    let jws = run(&[
        "sign",
        "--key",
        "examples/keys/demo-hs256.jwk.json",
        "--json",
        "flattened",
    ]);
    let refused = decrypt(&["--key", &alice], jws.ok()).rejected("malformed");
    assert!(
        refused.contains("this is a JWS JSON serialization"),
        "{refused}"
    );
    let refused = run_with_stdin(
        &["verify", "--key", "examples/keys/demo-hs256.jwk.json"],
        &general,
    )
    .rejected("malformed");
    assert!(
        refused.contains("this is a JWE JSON serialization"),
        "{refused}"
    );
}

#[test]
fn a_jwk_set_decrypts_a_general_serialization() {
    let dir = scratch();
    // RFC 7520 §5.13: three recipients (RSA1_5, ECDH-ES+A256KW, A256GCMKW); a set holding the
    // EC key opens the second, whatever else the set holds.
    let v = data("rfc7520/jwe/5_13.encrypting_to_multiple_recipients.json");
    let text = serde_json::to_string(&v["output"]["json"]).unwrap();
    let expected = format!("{}\n", v["input"]["plaintext"].as_str().unwrap());
    let set = serde_json::json!({ "keys": [v["input"]["key"][1]] });
    let jwks = write_json(&dir, "set.jwks", &set);
    assert_eq!(decrypt(&["--key", &jwks], &text).ok(), expected);
    // Restricted by --alg to an algorithm no recipient of this key uses.
    let refused = decrypt(&["--key", &jwks, "--alg", "ECDH-ES"], &text);
    assert_eq!(refused.status, 1);
    assert!(
        refused.stderr.starts_with("error[no_matching_key]"),
        "{}",
        refused.stderr
    );
}
