//! `tinyjose verify --jwks-url` against a loopback server the test starts (HTTPS with a
//! certificate made here, or plain HTTP with --allow-http), `--allow-jku`, and `--x5c-roots`
//! with chains made here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly, as tests do"
)]

#[path = "common/cli.rs"]
#[allow(dead_code, reason = "each test file uses part of the shared helpers")]
mod common;
#[path = "../../tinyjose-std/tests/support/mod.rs"]
mod support;

use base64ct::{Base64, Encoding};
use common::{run, scratch, write};
use serde_json::{Value, json};
use support::{Reply, Server, Tls, es256_key as key};
use tinyjose_std::{JwkKey, key_from_der};

const CLAIMS: &str = r#"{"iss":"https://issuer.example","sub":"alice","exp":4000000000}"#;

/// A compact JWS with exactly this header JSON over `CLAIMS`.
fn sign_raw(header: &Value, key: &JwkKey) -> String {
    support::sign_raw(&header.to_string(), CLAIMS.as_bytes(), key)
}

#[test]
fn jwks_url_over_https_with_the_test_ca() {
    let tls = Tls::new();
    let server = Server::https(&tls);
    let (a, jwk) = key("a");
    server.route("/jwks", Reply::json(json!({"keys":[jwk]}).to_string()));
    let dir = scratch();
    let ca = write(&dir, "ca.pem", &tls.ca_pem);
    let token = sign_raw(&json!({"alg":"ES256","kid":"a"}), &a);
    let url = server.url("/jwks");
    let out = run(&[
        "verify",
        "--jwks-url",
        &url,
        "--jwks-ca",
        &ca,
        "--iss",
        "https://issuer.example",
        &token,
    ]);
    assert_eq!(out.ok(), format!("{CLAIMS}\n"));
    // Mozilla's roots do not know the test CA.
    let out = run(&["verify", "--jwks-url", &url, &token]);
    out.exactly(
        1,
        "",
        "error[fetch_failed]: JWK Set fetch failed: network or TLS failure\n",
    );
    // An algorithm outside --alg: refused before any fetch (compact), or no key bound to it
    // (JSON, whose signatures each name theirs).
    let with_alg = |alg: &str, token: &str| {
        run(&[
            "verify",
            "--jwks-url",
            &url,
            "--jwks-ca",
            &ca,
            "--alg",
            alg,
            token,
        ])
    };
    with_alg("EdDSA", &token).rejected("alg_not_allowed");
    let parts: Vec<&str> = token.split('.').collect();
    let flattened =
        json!({"protected": parts[0], "payload": parts[1], "signature": parts[2]}).to_string();
    with_alg("EdDSA", &flattened).rejected("no_matching_key");
    assert_eq!(
        with_alg("ES256", &flattened).ok(),
        format!(
            "{CLAIMS}
"
        )
    );
}

#[test]
fn jwks_url_failures_are_exit_1_with_their_code() {
    let server = Server::http();
    let (a, jwk) = key("a");
    let token = sign_raw(&json!({"alg":"ES256","kid":"a"}), &a);
    server.route("/500", Reply::status(500));
    server.route("/big", Reply::json("x".repeat(600 * 1024)));
    server.route("/bad", Reply::json("{\"keys\":"));
    server.route("/ok", Reply::json(json!({"keys":[jwk]}).to_string()));
    let ok = server.url("/ok");
    run(&["verify", "--jwks-url", &ok, &token]).exactly(
        1,
        "",
        "error[fetch_failed]: JWK Set fetch failed: not an https URL (http only when allowed)\n",
    );
    assert_eq!(
        run(&["verify", "--jwks-url", &ok, "--allow-http", &token]).ok(),
        format!("{CLAIMS}\n")
    );
    run(&[
        "verify",
        "--jwks-url",
        &server.url("/500"),
        "--allow-http",
        &token,
    ])
    .exactly(
        1,
        "",
        "error[fetch_failed]: JWK Set fetch failed: HTTP status 500\n",
    );
    run(&[
        "verify",
        "--jwks-url",
        &server.url("/404"),
        "--allow-http",
        &token,
    ])
    .exactly(
        1,
        "",
        "error[fetch_failed]: JWK Set fetch failed: HTTP status 404\n",
    );
    run(&[
        "verify",
        "--jwks-url",
        &server.url("/big"),
        "--allow-http",
        &token,
    ])
    .exactly(
        1,
        "",
        "error[fetch_failed]: JWK Set fetch failed: response body over the size cap\n",
    );
    run(&[
        "verify",
        "--jwks-url",
        &server.url("/bad"),
        "--allow-http",
        &token,
    ])
    .rejected("json");
    // A JSON serialization with its payload detached, given with --payload.
    let parts: Vec<&str> = token.split('.').collect();
    let detached = json!({"protected": parts[0], "signature": parts[2]}).to_string();
    let dir = scratch();
    let content = write(&dir, "claims.json", CLAIMS);
    let out = run(&[
        "verify",
        "--jwks-url",
        &ok,
        "--allow-http",
        "--payload",
        &content,
        &detached,
    ]);
    assert_eq!(out.ok(), format!("{CLAIMS}\n"));
    // A token whose kid the set lacks.
    let (b, _) = key("b");
    run(&[
        "verify",
        "--jwks-url",
        &ok,
        "--allow-http",
        &sign_raw(&json!({"alg":"ES256","kid":"b"}), &b),
    ])
    .rejected("no_matching_key");
    // Usage errors: exit 2.
    run(&["verify", "--jwks-url", &ok, "--key", "k.json", &token]).usage("cannot be used with");
    run(&["verify", "--allow-http", &token]).usage("--jwks-url");
}

#[test]
fn jku_only_when_allowed() {
    let server = Server::http();
    let (a, jwk_a) = key("a");
    let (j, jwk_j) = key("j");
    server.route("/jwks", Reply::json(json!({"keys":[jwk_a]}).to_string()));
    server.route(
        "/keys/j.json",
        Reply::json(json!({"keys":[jwk_j]}).to_string()),
    );
    let jku = server.url("/keys/j.json");
    let token = sign_raw(&json!({"alg":"ES256","kid":"j","jku":jku}), &j);
    let url = server.url("/jwks");
    run(&["verify", "--jwks-url", &url, "--allow-http", &token]).rejected("no_matching_key");
    assert_eq!(server.hits("/keys/j.json"), 0);
    let prefix = server.url("/keys/");
    let allowing = |token: &str| {
        let args = [
            "verify",
            "--jwks-url",
            &url,
            "--allow-http",
            "--allow-jku",
            &prefix,
            token,
        ];
        run(&args).ok().to_owned()
    };
    assert_eq!(allowing(&token), format!("{CLAIMS}\n"));
    let token = sign_raw(&json!({"alg":"ES256","kid":"a"}), &a);
    assert_eq!(allowing(&token), format!("{CLAIMS}\n"));
}

#[test]
fn x5c_roots() {
    let root_key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "root");
    params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    params.not_after = rcgen::date_time_ymd(2040, 1, 1);
    let root = params.self_signed(&root_key).unwrap();
    let issuer = rcgen::Issuer::new(params, root_key);
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let mut leaf = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    leaf.not_before = rcgen::date_time_ymd(2025, 1, 1);
    leaf.not_after = rcgen::date_time_ymd(2030, 1, 1);
    leaf.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::CodeSigning];
    let leaf = leaf.signed_by(&leaf_key, &issuer).unwrap();
    let signer = key_from_der(&leaf_key.serialize_der(), None).unwrap();
    let token = sign_raw(
        &json!({"alg":"ES256","x5c":[Base64::encode_string(leaf.der())]}),
        &signer,
    );
    let dir = scratch();
    let roots = write(&dir, "roots.pem", root.pem());
    let at = |now: &str, extra: &[&str]| {
        let mut args = vec!["verify", "--x5c-roots", &roots, "--now", now];
        args.extend_from_slice(extra);
        args.push(&token);
        run(&args)
    };
    // 2027: inside the leaf's validity (and the token's exp).
    assert_eq!(at("1800000000", &[]).ok(), format!("{CLAIMS}\n"));
    assert_eq!(
        at("1800000000", &["--x5c-eku", "1.3.6.1.5.5.7.3.3"]).ok(),
        format!("{CLAIMS}\n")
    );
    at("1800000000", &["--x5c-eku", "1.3.6.1.5.5.7.3.1"]).exactly(
        1,
        "",
        "error[certificate_rejected]: x5c certificate rejected: a certificate is not for this usage\n",
    );
    at("1800000000", &["--alg", "EdDSA"]).rejected("alg_not_allowed");
    // 2031: the leaf has expired.
    at("1930000000", &[]).exactly(
        1,
        "",
        "error[certificate_rejected]: x5c certificate rejected: a certificate has expired\n",
    );
    // Another root.
    let other = rcgen::CertificateParams::new(Vec::<String>::new())
        .unwrap()
        .self_signed(&rcgen::KeyPair::generate().unwrap())
        .unwrap();
    let other = write(&dir, "other.pem", other.pem());
    run(&[
        "verify",
        "--x5c-roots",
        &other,
        "--now",
        "1800000000",
        &token,
    ])
    .rejected("certificate_rejected");
    run(&["verify", "--x5c-roots", "missing.pem", &token]).usage("missing.pem");
}
