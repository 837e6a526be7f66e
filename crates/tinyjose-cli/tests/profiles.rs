//! `tinyjose jarm`, `tinyjose dpop` and `tinyjose verify --profile`, run as scripts run them:
//! each success with its exact output, the authorization error response (exit 3), each refusal
//! with its exact `error[CODE]` line, usage errors, and a DPoP round trip.
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

use common::{jwk_generate, key_file, repo, run, run_with_stdin, scratch, write};
use serde_json::{Value, json};

const DATA: &str = "crates/tinyjose/tests/data/profiles";

fn vectors(name: &str) -> Value {
    let text = std::fs::read_to_string(repo().join(DATA).join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

// --- jarm ---

const ISSUER: &str = "https://accounts.example.com";
const CLIENT: &str = "s6BhdRkqt3";
const STATE: &str = "S8NJ7uqk5fY4EjNvP_G_FtyJu6pUsvH9jsYni9dMAJw";
const JARM_NOW: &str = "1311281000";

/// An issuer's private JWK (kid `as-1`) and its public JWK Set, in `dir`.
fn issuer_keys(dir: &Path) -> (String, String) {
    let private = jwk_generate(&["--kty", "EC", "--kid", "as-1"]);
    let private = write(dir, "as.jwk", private.ok());
    let public = run(&["jwk", "public", &private]);
    let set = format!(r#"{{"keys":[{}]}}"#, public.ok().trim());
    (private, write(dir, "as.jwks", set))
}

/// `claims` signed with the key file `key`, and the claims as `jarm` prints them.
fn sign(key: &str, claims: &Value) -> (String, String) {
    let claims = claims.to_string();
    let jwt = run(&["sign", "--key", key, &claims]).ok().trim().to_owned();
    (jwt, format!("{claims}\n"))
}

fn jarm_payload(which: &str) -> Value {
    let v = vectors("jarm.json");
    match which {
        "code" => v["examples"]["code_success_2_1_1"]["payload"].clone(),
        "error" => v["examples"]["error_2_1_1"]["payload"].clone(),
        _ => v["examples"]["token_flow"]["decoded_from_fragment_jwt_example"].clone(),
    }
}

fn jarm<'a>(keys: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "jarm",
        "--key",
        keys,
        "--issuer",
        ISSUER,
        "--client-id",
        CLIENT,
        "--state",
        STATE,
        "--now",
        JARM_NOW,
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn jarm_code_token_and_error_responses() {
    let dir = scratch();
    let (private, keys) = issuer_keys(&dir);
    let (code, claims) = sign(&private, &jarm_payload("code"));
    let url = format!("https://client.example.org/cb?response={code}");
    run(&jarm(&keys, &[&url])).exactly(0, &claims, "");

    // A token response in the fragment, from stdin.
    let (token, claims) = sign(&private, &jarm_payload("token"));
    let url = format!("https://client.example.org/cb#state=x&response={token}");
    run_with_stdin(&jarm(&keys, &["-"]), url).exactly(0, &claims, "");

    // An authorization error response, posted as a form: valid, and still a refusal.
    let (error, claims) = sign(&private, &jarm_payload("error"));
    let form = format!("response={error}");
    run(&jarm(&keys, &[&form])).exactly(3, &claims, "");

    // The bare JWT, from a file.
    let file = write(&dir, "response.jwt", format!("{code}\n"));
    let (_, claims) = sign(&private, &jarm_payload("code"));
    run(&jarm(&keys, &[&file])).exactly(0, &claims, "");
}

#[test]
fn jarm_refusals() {
    let dir = scratch();
    let (private, keys) = issuer_keys(&dir);
    let (code, _) = sign(&private, &jarm_payload("code"));
    let url = format!("https://client.example.org/cb?response={code}");
    let refused = |extra: &[&str], line: &str| {
        let mut args = vec![
            "jarm",
            "--key",
            &keys,
            "--issuer",
            ISSUER,
            "--client-id",
            CLIENT,
        ];
        args.extend_from_slice(extra);
        run(&args).exactly(1, "", &format!("{line}\n"));
    };
    refused(
        &["--state", "another", "--now", JARM_NOW, &url],
        "error[claim_mismatch]: unexpected state claim value",
    );
    refused(
        &["--state", STATE, "--now", "1311281970", &url],
        "error[expired]: token expired",
    );
    // The client accepts RS256 only (its authorization_signed_response_alg), from a set that
    // holds the ES256 key too.
    let set: Value = serde_json::from_str(&std::fs::read_to_string(&keys).unwrap()).unwrap();
    let mut both = set["keys"].as_array().unwrap().clone();
    both.push(vectors("oidc-core.json")["rsa_public_key_A7"].clone());
    let both = write(&dir, "both.jwks", json!({ "keys": both }).to_string());
    run(&[
        "jarm",
        "--key",
        &both,
        "--issuer",
        ISSUER,
        "--client-id",
        CLIENT,
        "--state",
        STATE,
        "--now",
        JARM_NOW,
        "--alg",
        "RS256",
        &url,
    ])
    .exactly(
        1,
        "",
        "error[alg_not_allowed]: algorithm not in the allowed list
",
    );
    let mut args = jarm(&keys, &[&url]);
    args[4] = "https://evil.example";
    run(&args).exactly(1, "", "error[issuer_mismatch]: unexpected issuer\n");
    let mut args = jarm(&keys, &[&url]);
    args[6] = "another-client";
    run(&args).exactly(1, "", "error[audience_mismatch]: unexpected audience\n");

    // Signed by another key with another kid.
    let other = write(
        &dir,
        "other.jwk",
        jwk_generate(&["--kty", "EC", "--kid", "as-2"]).ok(),
    );
    let (unknown, _) = sign(&other, &jarm_payload("code"));
    run(&jarm(&keys, &[&unknown])).exactly(1, "", "error[no_matching_key]: no key matches\n");
    let forged = format!("{}AAAA", &code[..code.len() - 4]);
    run(&jarm(&keys, &[&forged])).exactly(1, "", "error[invalid_signature]: invalid signature\n");

    // A token response in a query must be encrypted.
    let (token, _) = sign(&private, &jarm_payload("token"));
    let query = format!("https://client.example.org/cb?response={token}");
    run(&jarm(&keys, &[&query])).exactly(
        1,
        "",
        "error[encryption_required]: the response must be encrypted\n",
    );

    // The response parameter, read strictly.
    let twice = format!("https://client.example.org/cb?response={code}&response={code}");
    run(&jarm(&keys, &[&twice])).exactly(
        1,
        "",
        "error[malformed]: authorization response: the parameter \"response\" appears twice\n",
    );
    let escape = format!("state=%2&response={code}");
    run(&jarm(&keys, &[&escape])).exactly(
        1,
        "",
        "error[malformed]: authorization response: the form body has a \"%\" that is not \
         followed by two hexadecimal digits\n",
    );
}

#[test]
fn jarm_encrypted_responses() {
    let dir = scratch();
    let (private, keys) = issuer_keys(&dir);
    let client = jwk_generate(&["--kty", "EC", "--alg", "ECDH-ES"]);
    let client = write(&dir, "client.jwk", client.ok());
    let client_public = write(&dir, "client.pub", run(&["jwk", "public", &client]).ok());
    let (token, claims) = sign(&private, &jarm_payload("token"));
    let jwe = run(&[
        "encrypt",
        "--key",
        &client_public,
        "--enc",
        "A256GCM",
        "--cty",
        "JWT",
        &token,
    ]);
    let jwe = jwe.ok().trim();
    let url = format!("https://client.example.org/cb?response={jwe}");
    run(&jarm(&keys, &["--decrypt-key", &client, &url])).exactly(0, &claims, "");
    // Registered for encryption, the client refuses a response that is only signed ...
    let signed = format!("https://client.example.org/cb#response={token}");
    run(&jarm(&keys, &["--decrypt-key", &client, &signed])).exactly(
        1,
        "",
        "error[encryption_required]: the response must be encrypted\n",
    );
    // ... and without a key, an encrypted one.
    run(&jarm(&keys, &[&url])).exactly(1, "", "error[unsupported]: not supported\n");
}

#[test]
fn jarm_usage_errors() {
    let dir = scratch();
    let (_, keys) = issuer_keys(&dir);
    let r = run(&[
        "jarm",
        "--key",
        &keys,
        "--issuer",
        ISSUER,
        "--client-id",
        CLIENT,
        "x.y.z",
    ]);
    r.usage("--state <STATE>");
    run(&[
        "jarm",
        "--issuer",
        ISSUER,
        "--client-id",
        CLIENT,
        "--state",
        STATE,
        "x.y.z",
    ])
    .usage("--key <ISSUER_KEYS>");
    let public = write(&dir, "client.pub", "{}");
    run(&jarm(&keys, &["--decrypt-alg", "ECDH-ES", "x.y.z"])).usage("--decrypt-key");
    run(&jarm(&public, &["x.y.z"])).usage("key file");
}

// --- verify --profile id-token / access-token ---

const NONCE: &str = "n-0S6_WzA2Mj";
const OIDC_NOW: &str = "1311281000";
const A3_ACCESS_TOKEN: &str = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";

/// The OIDC Core A.7 public key, as a JWK file in `dir`.
fn a7_key(dir: &Path) -> String {
    write(
        dir,
        "a7.jwk",
        vectors("oidc-core.json")["rsa_public_key_A7"].to_string(),
    )
}

fn id_token(name: &str) -> (String, String) {
    let e = &vectors("oidc-core.json")["examples"][name];
    (
        e["id_token"].as_str().unwrap().to_owned(),
        format!("{}\n", e["claims_json_as_encoded"].as_str().unwrap()),
    )
}

#[test]
fn verify_profile_id_token() {
    let dir = scratch();
    let key = a7_key(&dir);
    let (token, claims) = id_token("A.3");
    let go = |nonce: &str, access_token: &str| {
        run(&[
            "verify",
            "--profile",
            "id-token",
            "--key",
            &key,
            "--issuer",
            "https://server.example.com",
            "--client-id",
            "s6BhdRkqt3",
            "--nonce",
            nonce,
            "--access-token",
            access_token,
            "--now",
            OIDC_NOW,
            &token,
        ])
    };
    go(NONCE, A3_ACCESS_TOKEN).exactly(0, &claims, "");
    go("n-another", A3_ACCESS_TOKEN).exactly(
        1,
        "",
        "error[claim_mismatch]: unexpected nonce claim value\n",
    );
    go(NONCE, "another-access-token").exactly(
        1,
        "",
        "error[claim_mismatch]: unexpected at_hash claim value\n",
    );

    // A.4, with its code; --json shows the header too.
    let (a4, a4_claims) = id_token("A.4");
    let code = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";
    let base = [
        "verify",
        "--profile",
        "id-token",
        "--key",
        &key,
        "--issuer",
        "https://server.example.com",
        "--client-id",
        "s6BhdRkqt3",
        "--nonce",
        NONCE,
        "--now",
        OIDC_NOW,
    ];
    run(&[&base[..], &["--code", code, &a4]].concat()).exactly(0, &a4_claims, "");
    let expected = json!({
        "header": {"kid": "1e9gdk7", "alg": "RS256"},
        "payload": serde_json::from_str::<Value>(&a4_claims).unwrap(),
    });
    let r = run(&[&base[..], &["--code", code, "--json", &a4]].concat());
    assert_eq!(serde_json::from_str::<Value>(r.ok()).unwrap(), expected);
    run(&[&base[..], &["--code", "another", &a4]].concat()).exactly(
        1,
        "",
        "error[claim_mismatch]: unexpected c_hash claim value\n",
    );
    run(&[&base[..], &["--max-age", "600", &a4]].concat()).exactly(
        1,
        "",
        "error[missing_claim]: missing required claim auth_time\n",
    );
    let mut late = base.to_vec();
    late[12] = "1311281970";
    run(&[&late[..], &[&a4]].concat()).exactly(1, "", "error[expired]: token expired\n");

    // An ID token is no access token.
    run(&[
        "verify",
        "--profile",
        "access-token",
        "--key",
        &key,
        "--issuer",
        "https://server.example.com",
        "--audience",
        "s6BhdRkqt3",
        "--now",
        OIDC_NOW,
        &a4,
    ])
    .exactly(1, "", "error[type_mismatch]: unexpected token type\n");
}

#[test]
fn verify_profile_access_token() {
    let dir = scratch();
    let private = write(
        &dir,
        "a7-private.jwk",
        vectors("oidc-core.json")["rsa_private_key_from_xml_comment"].to_string(),
    );
    let key = a7_key(&dir);
    let claims = r#"{"iss":"https://as.example/","sub":"5ba552d67","aud":"https://rs.example.com/","exp":1639528912,"iat":1618354090,"jti":"dbe39bf3a3ba4238a513f51d6e1691c4","client_id":"s6BhdRkqt3","scope":"openid profile reademail"}"#;
    let token = run(&[
        "sign", "--key", &private, "--alg", "RS256", "--typ", "at+jwt", claims,
    ]);
    let token = token.ok().trim();
    let base = [
        "verify",
        "--profile",
        "access-token",
        "--key",
        &key,
        "--issuer",
        "https://as.example/",
        "--now",
        "1618354100",
    ];
    run(&[&base[..], &["--audience", "https://rs.example.com/", token]].concat()).exactly(
        0,
        &format!("{claims}\n"),
        "",
    );
    run(&[&base[..], &["--audience", "https://other.example/", token]].concat()).exactly(
        1,
        "",
        "error[audience_mismatch]: unexpected audience\n",
    );
    // Plain `verify`'s names for the issuer and the audience, once each.
    let plain = [
        "verify",
        "--profile",
        "access-token",
        "--key",
        &key,
        "--iss",
        "https://as.example/",
        "--aud",
        "https://rs.example.com/",
        "--now",
        "1618354100",
    ];
    run(&[&plain[..], &[token]].concat()).exactly(0, &format!("{claims}\n"), "");
    run(&[&plain[..], &["--issuer", "https://as.example/", token]].concat())
        .usage("--profile access-token takes the issuer once: --issuer or --iss");
    run(&[&plain[..], &["--aud", "https://other.example/", token]].concat())
        .usage("--profile access-token takes one audience");
    // An access token is no ID token.
    run(&[
        "verify",
        "--profile",
        "id-token",
        "--key",
        &key,
        "--issuer",
        "https://as.example/",
        "--client-id",
        "https://rs.example.com/",
        "--now",
        "1618354100",
        token,
    ])
    .exactly(1, "", "error[type_mismatch]: unexpected token type\n");
}

#[test]
fn verify_profile_usage_errors() {
    let dir = scratch();
    let key = a7_key(&dir);
    let (token, _) = id_token("A.2");
    run(&["verify", "--key", &key, "--htm", "GET", &token]).usage("--profile <PROFILE>");
    run(&["verify", "--key", &key, "--issuer", "x", &token]).usage("--profile <PROFILE>");
    run(&[
        "verify",
        "--profile",
        "id-token",
        "--key",
        &key,
        "--issuer",
        "x",
        "--client-id",
        "y",
        "--htm",
        "GET",
        &token,
    ])
    .exactly(2, "", "error: --profile id-token does not take --htm\n");
    run(&[
        "verify",
        "--profile",
        "id-token",
        "--key",
        &key,
        "--iss",
        "x",
        "--client-id",
        "y",
        "--aud",
        "z",
        &token,
    ])
    .exactly(2, "", "error: --profile id-token does not take --aud\n");
    run(&[
        "verify",
        "--profile",
        "id-token",
        "--issuer",
        "x",
        "--client-id",
        "y",
        &token,
    ])
    .exactly(
        2,
        "",
        "error: --profile id-token needs --key, the issuer's keys\n",
    );
    run(&[
        "verify",
        "--profile",
        "id-token",
        "--key",
        &key,
        "--client-id",
        "y",
        &token,
    ])
    .exactly(2, "", "error: --profile id-token needs --issuer\n");
    run(&[
        "verify",
        "--profile",
        "access-token",
        "--key",
        &key,
        "--issuer",
        "x",
        "--audience",
        "y",
        "--max-age",
        "60",
        &token,
    ])
    .exactly(
        2,
        "",
        "error: --profile access-token does not take --max-age\n",
    );
    run(&[
        "verify",
        "--profile",
        "dpop",
        "--key",
        &key,
        "--htm",
        "GET",
        "--htu",
        "https://x/",
        &token,
    ])
    .exactly(
        2,
        "",
        "error: --profile dpop does not take --key: a DPoP proof is checked with the key in its \
         header\n",
    );
    run(&["verify", "--profile", "dpop", "--htu", "https://x/", &token]).exactly(
        2,
        "",
        "error: --profile dpop needs --htm\n",
    );
    run(&["verify", "--profile", "jwt", "--key", &key, &token]).usage("invalid value 'jwt'");
}

// --- dpop and verify --profile dpop ---

const TOKEN_URI: &str = "https://server.example.com/token";
const DPOP_JKT: &str = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

fn rfc9449_proof(name: &str) -> (String, String) {
    let p = &vectors("rfc9449.json")["proofs"][name];
    (
        p["compact"].as_str().unwrap().to_owned(),
        p["payload_json_as_encoded"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn verify_profile_dpop_rfc9449() {
    let (proof, claims) = rfc9449_proof("token_request_section_4_1");
    let base = [
        "verify",
        "--profile",
        "dpop",
        "--htm",
        "POST",
        "--htu",
        TOKEN_URI,
        "--now",
        "1562262616",
    ];
    // Its signature has a high `s`, as WebCrypto's do half the time: accepted for DPoP.
    run(&[&base[..], &[&proof]].concat()).exactly(0, &format!("{claims}\n{DPOP_JKT}\n"), "");
    run(&[&base[..], &["--jkt", DPOP_JKT, "--json", &proof]].concat()).exactly(
        0,
        &format!(
            "{}\n",
            json!({
                "header": serde_json::from_str::<Value>(&common_header(&proof)).unwrap(),
                "payload": serde_json::from_str::<Value>(&claims).unwrap(),
                "jkt": DPOP_JKT,
            })
        ),
        "",
    );
    run(&[
        "verify",
        "--profile",
        "dpop",
        "--htm",
        "GET",
        "--htu",
        TOKEN_URI,
        "--now",
        "1562262616",
        &proof,
    ])
    .exactly(1, "", "error[claim_mismatch]: unexpected htm claim value\n");
    run(&[
        "verify",
        "--profile",
        "dpop",
        "--htm",
        "POST",
        "--htu",
        "https://server.example.com/x",
        "--now",
        "1562262616",
        &proof,
    ])
    .exactly(1, "", "error[claim_mismatch]: unexpected htu claim value\n");
    run(&[
        "verify",
        "--profile",
        "dpop",
        "--htm",
        "POST",
        "--htu",
        TOKEN_URI,
        "--now",
        "1562262977",
        &proof,
    ])
    .exactly(
        1,
        "",
        "error[max_age_exceeded]: token older than the maximum age\n",
    );
    run(&[
        "verify",
        "--profile",
        "dpop",
        "--htm",
        "POST",
        "--htu",
        TOKEN_URI,
        "--now",
        "1562262977",
        "--max-age",
        "600",
        &proof,
    ])
    .exactly(0, &format!("{claims}\n{DPOP_JKT}\n"), "");

    // Figure 13, with its access token.
    let (proof, claims) = rfc9449_proof("protected_resource_request_section_7_1");
    let base = [
        "verify",
        "--profile",
        "dpop",
        "--htm",
        "GET",
        "--htu",
        "https://resource.example.org/protectedresource",
        "--now",
        "1562262618",
    ];
    let at = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
    run(&[&base[..], &["--access-token", at, &proof]].concat()).exactly(
        0,
        &format!("{claims}\n{DPOP_JKT}\n"),
        "",
    );
    run(&[&base[..], &["--access-token", "other", &proof]].concat()).exactly(
        1,
        "",
        "error[claim_mismatch]: unexpected ath claim value\n",
    );
}

/// The decoded protected header of a compact token, as text.
fn common_header(token: &str) -> String {
    common::header_of(token).to_string()
}

#[test]
fn dpop_round_trips() {
    let dir = scratch();
    let ec = write(
        &dir,
        "ec.jwk",
        jwk_generate(&["--kty", "EC", "--crv", "P-384"]).ok(),
    );
    let rsa = key_file("rsa.pkcs8.pem");
    let keys: [(&str, Option<&str>); 3] = [
        (&ec, None),
        ("examples/keys/demo-eddsa.pem", None),
        (&rsa, Some("PS256")),
    ];
    for (key, alg) in keys {
        let mut args = vec![
            "dpop",
            "--key",
            key,
            "--htm",
            "GET",
            "--htu",
            "https://rs.example/data?page=2",
            "--ath",
            "an-access-token",
            "--nonce",
            "n-1",
            "--now",
            "1700000000",
        ];
        if let Some(alg) = alg {
            args.extend(["--alg", alg]);
        }
        let proof = run(&args);
        let proof = proof.ok().trim().to_owned();
        let thumbprint = run(&["jwk", "thumbprint", key]);
        let jkt = thumbprint.ok().trim();
        let header = common::header_of(&proof);
        assert_eq!(header["typ"], "dpop+jwt", "{key}");
        let r = run(&[
            "verify",
            "--profile",
            "dpop",
            "--htm",
            "GET",
            "--htu",
            "https://rs.example/data",
            "--access-token",
            "an-access-token",
            "--nonce",
            "n-1",
            "--jkt",
            jkt,
            "--now",
            "1700000030",
            &proof,
        ]);
        let out = r.ok();
        let (claims, printed_jkt) = out.trim_end().split_once('\n').unwrap();
        assert_eq!(printed_jkt, jkt, "{key}");
        let claims: Value = serde_json::from_str(claims).unwrap();
        assert_eq!(claims["htu"], "https://rs.example/data");
        assert_eq!(claims["iat"], 1_700_000_000);
        assert_eq!(claims["ath"], "YiHPD2T9DaX5B837XJXto32BKkT6ZcpVAT6si9f5KiY");
        assert_eq!(claims["nonce"], "n-1");
        // Another nonce, or a proof bound to another key.
        run(&[
            "verify",
            "--profile",
            "dpop",
            "--htm",
            "GET",
            "--htu",
            "https://rs.example/data",
            "--nonce",
            "n-2",
            "--now",
            "1700000030",
            &proof,
        ])
        .exactly(
            1,
            "",
            "error[claim_mismatch]: unexpected nonce claim value\n",
        );
        run(&[
            "verify",
            "--profile",
            "dpop",
            "--htm",
            "GET",
            "--htu",
            "https://rs.example/data",
            "--jkt",
            DPOP_JKT,
            "--now",
            "1700000030",
            &proof,
        ])
        .exactly(1, "", "error[claim_mismatch]: unexpected cnf claim value\n");
    }
}

#[test]
fn dpop_usage_errors() {
    let dir = scratch();
    let secret = write(&dir, "hs.jwk", jwk_generate(&["--kty", "oct"]).ok());
    run(&[
        "dpop",
        "--key",
        &secret,
        "--htm",
        "GET",
        "--htu",
        "https://rs.example/",
    ])
    .exactly(
        2,
        "",
        &format!(
            "error: key file {secret}: a DPoP proof carries its public key, which a secret has \
             not; pass an EC, Ed25519 or RSA private key\n"
        ),
    );
    let rsa = key_file("rsa.pkcs8.pem");
    run(&[
        "dpop",
        "--key",
        &rsa,
        "--htm",
        "GET",
        "--htu",
        "https://rs.example/",
    ])
    .usage("an RSA key carries no algorithm; pass --alg");
    let public = key_file("p256.spki.pem");
    run(&[
        "dpop",
        "--key",
        &public,
        "--htm",
        "GET",
        "--htu",
        "https://rs.example/",
    ])
    .usage("a public key cannot sign");
    run(&["dpop", "--key", &rsa, "--htu", "https://rs.example/"]).usage("--htm <METHOD>");
}

#[test]
fn ed25519_algorithm_name() {
    // RFC 9864: an Ed25519 key bound to the fully specified name signs and verifies under it,
    // makes DPoP proofs under it, and an EdDSA-bound key refuses its tokens.
    let dir = scratch();
    let generated = jwk_generate(&["--kty", "OKP", "--alg", "Ed25519"])
        .ok()
        .to_owned();
    let jwk: Value = serde_json::from_str(&generated).unwrap();
    assert_eq!(
        (&jwk["alg"], &jwk["crv"]),
        (&json!("Ed25519"), &json!("Ed25519"))
    );
    let private = write(&dir, "ed.jwk", &generated);
    let public = write(&dir, "ed.pub.jwk", run(&["jwk", "public", &private]).ok());
    let token = run(&["sign", "--key", &private, r#"{"sub":"x"}"#])
        .ok()
        .trim()
        .to_owned();
    assert_eq!(common::header_of(&token)["alg"], "Ed25519");
    run(&["verify", "--key", &public, &token]).exactly(0, "{\"sub\":\"x\"}\n", "");
    let mut eddsa = jwk.clone();
    eddsa["alg"] = json!("EdDSA");
    eddsa.as_object_mut().unwrap().remove("d");
    let eddsa = write(&dir, "eddsa.pub.jwk", eddsa.to_string());
    run(&["verify", "--key", &eddsa, &token]).exactly(
        1,
        "",
        "error[alg_mismatch]: token algorithm does not match the key\n",
    );
    let proof = run(&[
        "dpop",
        "--key",
        &private,
        "--htm",
        "GET",
        "--htu",
        "https://rs.example/x",
        "--now",
        "1700000000",
    ])
    .ok()
    .trim()
    .to_owned();
    assert_eq!(common::header_of(&proof)["alg"], "Ed25519");
    let checked = run(&[
        "verify",
        "--profile",
        "dpop",
        "--htm",
        "GET",
        "--htu",
        "https://rs.example/x",
        "--now",
        "1700000000",
        &proof,
    ]);
    let jkt = run(&["jwk", "thumbprint", &public]).ok().to_owned();
    assert!(checked.ok().ends_with(&jkt), "{checked:?}");
}
