//! `tinyjose verify` and `tinyjose sign` with the JWS JSON serializations, detached content and
//! unencoded payloads, run as scripts run them: the RFC 7520 §4 and RFC 7797 §4.2 vectors, round
//! trips, and the exit status and `error[CODE]` of each refusal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly, as tests do"
)]

#[path = "common/cli.rs"]
#[allow(dead_code, reason = "each test file uses part of the shared helpers")]
mod common;

use common::{Run, repo, run, run_with_stdin, scratch, write};
use serde_json::Value;

const HS256_JWK: &str = "examples/keys/demo-hs256.jwk.json";
const ES256_JWK: &str = "examples/keys/demo-es256.jwk.json";
const ES256_JWKS: &str = "examples/keys/demo-es256.jwks.json";
const NOW: &str = "1800000000";

/// A JSON file of the core's test data.
fn data(path: &str) -> Value {
    let path = repo().join("crates/tinyjose/tests/data").join(path);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// An RFC 7520 §4 example.
fn cookbook(name: &str) -> Value {
    data(&format!("rfc7520/jws/{name}.json"))
}

/// Writes `value` as JSON text to the file `name` of `dir`.
fn write_json(dir: &std::path::Path, name: &str, value: &Value) -> String {
    write(dir, name, serde_json::to_string(value).unwrap())
}

/// Runs `tinyjose sign` with `args` at [`NOW`] and returns its line.
fn sign(args: &[&str]) -> String {
    let mut all = vec!["sign", "--now", NOW];
    all.extend_from_slice(args);
    run(&all).ok().trim_end().to_owned()
}

/// Runs `tinyjose verify` at [`NOW`] with `args`, the token given on stdin.
fn verify(args: &[&str], token: &str) -> Run {
    let mut all = vec!["verify", "--now", NOW];
    all.extend_from_slice(args);
    run_with_stdin(&all, token)
}

#[test]
fn rfc7520_4_4_and_4_8_json_serializations_verify_from_a_file_an_argument_and_stdin() {
    let dir = scratch();
    let v = cookbook("4_4.hmac-sha2_integrity_protection");
    let key = write_json(&dir, "hmac.jwk", &v["input"]["key"]);
    let payload = format!("{}\n", v["input"]["payload"].as_str().unwrap());
    for member in ["json", "json_flat"] {
        let text = serde_json::to_string(&v["output"][member]).unwrap();
        let file = write(&dir, member, &text);
        assert_eq!(run(&["verify", "--key", &key, &file]).ok(), payload);
        assert_eq!(run(&["verify", "--key", &key, &text]).ok(), payload);
        assert_eq!(verify(&["--key", &key], &text).ok(), payload);
        let json: Value =
            serde_json::from_str(verify(&["--key", &key, "--json"], &text).ok()).unwrap();
        assert_eq!(json["header"]["kid"], v["input"]["key"]["kid"]);
        assert_eq!(json["payload"], v["input"]["payload"]);
    }

    // Three signatures (RS256, ES512, HS256): any one key verifies; the verified signature's
    // unprotected header is printed with --json.
    let v = cookbook("4_8.multiple_signatures");
    let text = serde_json::to_string(&v["output"]["json"]).unwrap();
    let hmac = write_json(&dir, "hmac8.jwk", &v["input"]["key"][2]);
    let json: Value =
        serde_json::from_str(verify(&["--key", &hmac, "--json"], &text).ok()).unwrap();
    assert_eq!(json["payload"], v["input"]["payload"]);
    assert_eq!(json["header"]["alg"], "HS256");
    assert!(json.get("unprotected").is_none());
    let rsa = write_json(&dir, "rsa8.jwk", &v["input"]["key"][0]);
    let args = ["--key", &rsa, "--alg", "RS256"];
    assert_eq!(verify(&args, &text).ok(), payload);
    let json: Value =
        serde_json::from_str(verify(&[&args[..], &["--json"]].concat(), &text).ok()).unwrap();
    assert_eq!(json["header"], serde_json::json!({"alg": "RS256"}));
    assert_eq!(json["unprotected"]["kid"], v["input"]["key"][0]["kid"]);
    // The ES512 signature's "alg" is unprotected only: it never verifies.
    let ec = write_json(&dir, "ec8.jwk", &v["input"]["key"][1]);
    assert_eq!(verify(&["--key", &ec, "--alg", "ES512"], &text).status, 1);
    // Only the HS256 key: the other signatures are skipped, not refused.
    let other = write(
        &dir,
        "other.jwk",
        r#"{"kty":"oct","alg":"HS256","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#,
    );
    verify(&["--key", &other], &text).rejected("invalid_signature");
}

#[test]
fn rfc7520_4_5_detached_content_needs_payload() {
    let dir = scratch();
    let v = cookbook("4_5.signature_with_detached_content");
    let key = write_json(&dir, "hmac.jwk", &v["input"]["key"]);
    let content = v["input"]["payload"].as_str().unwrap();
    let content_file = write(&dir, "content", content);
    let compact = v["output"]["compact"].as_str().unwrap().to_owned();
    let general = serde_json::to_string(&v["output"]["json"]).unwrap();
    let flattened = serde_json::to_string(&v["output"]["json_flat"]).unwrap();
    for token in [&compact, &general, &flattened] {
        assert_eq!(
            verify(&["--key", &key, "--payload", &content_file], token).ok(),
            format!("{content}\n")
        );
        // Without --payload: a usage error that says what to pass.
        verify(&["--key", &key], token).usage("pass the content with --payload FILE");
        // Other content: the signature does not verify.
        let wrong = write(&dir, "wrong", format!("{content}!"));
        verify(&["--key", &key, "--payload", &wrong], token).exactly(
            1,
            "",
            "error[invalid_signature]: invalid signature\n",
        );
    }
    verify(&["--key", &key], &compact).exactly(
        2,
        "",
        "error: the token's payload is detached: its payload segment is empty \
         (header..signature); pass the content with --payload FILE\n",
    );
    verify(&["--key", &key], &flattened).exactly(
        2,
        "",
        "error: the token's payload is detached: it has no \"payload\" member; pass the content \
         with --payload FILE\n",
    );
    // --payload for a token that carries its own payload.
    let attached = serde_json::to_string(
        &cookbook("4_4.hmac-sha2_integrity_protection")["output"]["json_flat"],
    )
    .unwrap();
    let refused = verify(&["--key", &key, "--payload", &content_file], &attached);
    assert!(
        refused
            .rejected("malformed")
            .contains("--payload is only for a detached one")
    );
}

#[test]
fn rfc7797_4_2_unencoded_payload_verifies_detached_and_in_json() {
    let dir = scratch();
    let v = &data("rfc/rfc7797.json")["vectors"][1];
    let key = write_json(&dir, "hmac.jwk", &v["key"]);
    let content = write(&dir, "content", "$.02");
    let compact = v["compact"].as_str().unwrap();
    let args = ["--key", &key, "--alg", "HS256"];
    let with_payload = [&args[..], &["--payload", &content]].concat();
    assert_eq!(verify(&with_payload, compact).ok(), "$.02\n");
    verify(&args, compact).usage("--payload");
    let flattened = serde_json::to_string(&v["json_flattened"]).unwrap();
    assert_eq!(verify(&args, &flattened).ok(), "$.02\n");
    let json: Value =
        serde_json::from_str(verify(&[&args[..], &["--json"]].concat(), &flattened).ok()).unwrap();
    assert_eq!(json["header"]["b64"], false);
    assert_eq!(json["payload"], "$.02");
    // The base64url form of the payload as content is a different signing input.
    let encoded = write(&dir, "encoded", "JC4wMg");
    verify(&[&args[..], &["--payload", &encoded]].concat(), compact).rejected("invalid_signature");
}

#[test]
fn flattened_and_general_round_trip() {
    let claims = r#"{"sub":"device-7"}"#;
    let flattened = sign(&["--key", HS256_JWK, "--json", "flattened", claims]);
    let json: Value = serde_json::from_str(&flattened).unwrap();
    assert!(json.get("signatures").is_none());
    assert!(json["protected"].is_string() && json["payload"].is_string());
    let general = sign(&["--key", HS256_JWK, "--json", "general", claims]);
    let json: Value = serde_json::from_str(&general).unwrap();
    assert_eq!(json["signatures"].as_array().unwrap().len(), 1);
    for text in [&flattened, &general] {
        assert_eq!(
            verify(&["--key", HS256_JWK], text).ok(),
            format!("{claims}\n")
        );
        let out: Value =
            serde_json::from_str(verify(&["--key", HS256_JWK, "--json"], text).ok()).unwrap();
        assert_eq!(
            out["header"],
            serde_json::json!({"alg": "HS256", "kid": "demo-hs256", "typ": "JWT"})
        );
    }
    // The compact form is unchanged without the new options, and JSON signs the same input.
    let compact = sign(&["--key", HS256_JWK, claims]);
    let (protected, _) = compact.split_once('.').unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&flattened).unwrap()["protected"],
        protected
    );
    assert_eq!(
        compact.rsplit('.').next().unwrap(),
        serde_json::from_str::<Value>(&flattened).unwrap()["signature"]
    );
}

#[test]
fn general_with_two_keys_verifies_with_either() {
    let text = sign(&[
        "--key", HS256_JWK, "--key", ES256_JWK, "--json", "general", "--sub", "x",
    ]);
    let json: Value = serde_json::from_str(&text).unwrap();
    let signatures = json["signatures"].as_array().unwrap();
    assert_eq!(signatures.len(), 2);
    let kids: Vec<Value> = signatures
        .iter()
        .map(|s| {
            let protected = base64ct_decode(s["protected"].as_str().unwrap());
            serde_json::from_slice::<Value>(&protected).unwrap()["kid"].clone()
        })
        .collect();
    assert_eq!(kids, ["demo-hs256", "demo-es256"]);
    for key in [HS256_JWK, ES256_JWKS] {
        assert_eq!(verify(&["--key", key], &text).ok(), "{\"sub\":\"x\"}\n");
    }
    // --kid once per key, in order.
    let text = sign(&[
        "--key", HS256_JWK, "--key", ES256_JWK, "--kid", "a", "--kid", "b", "--json", "general",
    ]);
    assert!(text.contains(&base64_json(r#"{"alg":"HS256","kid":"a","typ":"JWT"}"#)));
    assert!(text.contains(&base64_json(r#"{"alg":"ES256","kid":"b","typ":"JWT"}"#)));
    run(&[
        "sign", "--key", HS256_JWK, "--key", ES256_JWK, "--kid", "a", "--json", "general",
    ])
    .usage("--kid is given 1 times for 2 --key");
}

fn base64ct_decode(text: &str) -> Vec<u8> {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::decode_vec(text).unwrap()
}

fn base64_json(text: &str) -> String {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::encode_string(text.as_bytes())
}

#[test]
fn unencoded_payloads_round_trip() {
    // Compact, attached: the payload is in the token as it is.
    let compact = sign(&["--key", HS256_JWK, "--b64", "false", "--sub", "x"]);
    assert_eq!(compact.split('.').nth(1), Some(r#"{"sub":"x"}"#));
    let header = base64ct_decode(compact.split('.').next().unwrap());
    assert_eq!(
        core::str::from_utf8(&header).unwrap(),
        r#"{"alg":"HS256","kid":"demo-hs256","b64":false,"crit":["b64"]}"#
    );
    assert_eq!(
        verify(&["--key", HS256_JWK], &compact).ok(),
        "{\"sub\":\"x\"}\n"
    );
    for form in ["flattened", "general"] {
        let text = sign(&[
            "--key", HS256_JWK, "--b64", "false", "--json", form, "--sub", "x",
        ]);
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["payload"], r#"{"sub":"x"}"#);
        assert_eq!(
            verify(&["--key", HS256_JWK], &text).ok(),
            "{\"sub\":\"x\"}\n"
        );
    }
    // No JWT: an "exp" in the past is not checked; claim options refuse it.
    let old = run(&[
        "sign", "--key", HS256_JWK, "--now", "1", "--exp", "1", "--b64", "false",
    ]);
    let old = old.ok().trim_end();
    assert_eq!(verify(&["--key", HS256_JWK], old).ok(), "{\"exp\":2}\n");
    let refused = verify(&["--key", HS256_JWK, "--iss", "me"], old).rejected("malformed");
    assert!(refused.contains("not a JWT"), "{refused}");
    // --b64 true is the default form.
    assert_eq!(
        sign(&["--key", HS256_JWK, "--b64", "true", "{}"]),
        sign(&["--key", HS256_JWK, "{}"])
    );
    // A "." in an unencoded compact payload needs --detached.
    run(&[
        "sign",
        "--key",
        HS256_JWK,
        "--b64",
        "false",
        r#"{"a":"b.c"}"#,
    ])
    .usage("add --detached");
}

#[test]
fn detached_round_trips_with_payload() {
    let dir = scratch();
    let claims = r#"{"sub":"x.y"}"#;
    let content = write(&dir, "claims.json", claims);
    let claims_arg = format!("@{content}");
    for extra in [
        &[][..],
        &["--json", "flattened"],
        &["--json", "general"],
        &["--b64", "false"],
        &["--b64", "false", "--json", "general"],
    ] {
        let mut args = vec!["--key", HS256_JWK, "--detached"];
        args.extend_from_slice(extra);
        args.push(&claims_arg);
        let token = sign(&args);
        assert!(
            !token.contains("eyJzdWIiOiJ4LnkifQ") && !token.contains("x.y"),
            "{token}"
        );
        if extra.is_empty() {
            assert!(token.contains(".."), "{token}");
        }
        assert_eq!(
            verify(&["--key", HS256_JWK, "--payload", &content], &token).ok(),
            format!("{claims}\n")
        );
        verify(&["--key", HS256_JWK], &token).usage("--payload FILE");
    }
    // Detached claims are validated as attached ones are.
    let old = run(&[
        "sign",
        "--key",
        HS256_JWK,
        "--now",
        "1",
        "--exp",
        "1",
        "--detached",
        "--json",
        "general",
        "{}",
    ]);
    let exp = write(&dir, "exp.json", r#"{"exp":2}"#);
    verify(&["--key", HS256_JWK, "--payload", &exp], old.ok()).exactly(
        1,
        "",
        "error[expired]: token expired\n",
    );
}

#[test]
fn json_claims_are_validated_as_compact_ones() {
    let old = run(&[
        "sign", "--key", HS256_JWK, "--now", "1", "--exp", "1", "--json", "general",
    ]);
    verify(&["--key", HS256_JWK], old.ok()).exactly(1, "", "error[expired]: token expired\n");
    let text = sign(&["--key", HS256_JWK, "--json", "flattened", "--iss", "me"]);
    verify(&["--key", HS256_JWK, "--iss", "you"], &text).rejected("issuer_mismatch");
    verify(&["--key", HS256_JWK, "--typ", "JWT", "--iss", "me"], &text).ok();
    verify(&["--key", HS256_JWK, "--typ", "at+jwt"], &text).rejected("type_mismatch");
}

#[test]
fn a_tampered_signature_is_refused() {
    for form in ["flattened", "general"] {
        let text = sign(&["--key", HS256_JWK, "--json", form, "--sub", "x"]);
        let mut json: Value = serde_json::from_str(&text).unwrap();
        let signature = if form == "general" {
            &mut json["signatures"][0]["signature"]
        } else {
            &mut json["signature"]
        };
        let mut bytes = base64ct_decode(signature.as_str().unwrap());
        bytes[0] ^= 1;
        *signature = {
            use base64ct::{Base64UrlUnpadded, Encoding};
            Value::String(Base64UrlUnpadded::encode_string(&bytes))
        };
        verify(&["--key", HS256_JWK], &json.to_string()).exactly(
            1,
            "",
            "error[invalid_signature]: invalid signature\n",
        );
        // A tampered payload too.
        let mut json: Value = serde_json::from_str(&text).unwrap();
        json["payload"] = Value::String(base64_json(r#"{"sub":"y"}"#));
        verify(&["--key", HS256_JWK], &json.to_string()).exactly(
            1,
            "",
            "error[invalid_signature]: invalid signature\n",
        );
    }
}

#[test]
fn sign_options_are_checked() {
    let two = ["sign", "--key", HS256_JWK, "--key", ES256_JWK];
    run(&[&two[..], &["--json", "flattened"]].concat()).exactly(
        2,
        "",
        "error: --json flattened holds one signature: pass one --key, or use --json general\n",
    );
    run(&two).usage("pass one --key, or use --json general");
    let unknown = run(&["sign", "--key", HS256_JWK, "--json", "compact"]);
    unknown.usage("invalid value 'compact' for '--json <FORM>'");
    run(&["sign", "--key", HS256_JWK, "--json"]).usage("--json <FORM>");
    for bad in ["no", "0", "False", ""] {
        run(&["sign", "--key", HS256_JWK, "--b64", bad]).usage("'--b64 <true|false>'");
    }
    run(&[
        "sign", "--key", HS256_JWK, "--key", ES256_JWK, "--alg", "HS256", "--alg", "ES256",
        "--alg", "ES256", "--json", "general",
    ])
    .usage("--alg is given 3 times for 2 --key");
}
