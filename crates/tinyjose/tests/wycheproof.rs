//! Project Wycheproof JSON Web vectors: every JWS and JWE case whose algorithms this build
//! supports is run through key import and strict compact verification or decryption; only
//! unexpected outcomes fail.
//!
//! Each case ends as passed, excluded (listed in `wycheproof/exclusions.json`, with a reason) or
//! out of scope (RSA key management, which `tinyjose-std` runs, or an algorithm whose feature is
//! not enabled). A JWE case is imported with `Jwk::to_jwe_key(None)`, decrypted with every
//! enabled `enc` allowed, and a valid one must give exactly its `pt`. Keys are imported the
//! way an application configures them: a single JWK with `Jwk::parse` and `to_key(None)`, so the
//! algorithm comes from the key; a JWK Set with `JwkSet::parse` and `verifier_for`, so the key is
//! chosen by the token's `kid`. The `public` key is used when the group has one, else `private`
//! (the secret of an `oct` key); when a group has both, the private form must give the same
//! outcome.
#![cfg(feature = "jwk")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

use core::fmt::Write as _;
use std::collections::BTreeMap;

use serde_json::Value;
use tinyjose::{Enc, Error, JweAlg, Jwk, JwkSet, JwsAlg, UntrustedJwe, UntrustedJws};

/// A case set aside on purpose, from `exclusions.json`.
struct Exclusion {
    file: String,
    tc_id: u64,
    reason: String,
}

fn exclusions() -> Vec<Exclusion> {
    let doc = common::load_json("wycheproof/exclusions.json");
    doc.as_array()
        .expect("an array of exclusions")
        .iter()
        .map(|e| {
            let reason = common::str_of(e, "reason").to_owned();
            assert!(reason.len() > 20, "each exclusion needs a real reason: {e}");
            Exclusion {
                file: common::str_of(e, "file").to_owned(),
                tc_id: e["tcId"].as_u64().expect("a numeric tcId"),
                reason,
            }
        })
        .collect()
}

/// Why a case is not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutOfScope {
    /// RSA key management: RSA-OAEP lives in `tinyjose-std`, whose tests run these cases.
    RsaKeyManagement,
    /// The key's algorithm is supported, but its feature is not enabled in this build.
    Disabled,
}

/// The JWS algorithm a JWK is for: its `alg` when that is a registered JWS algorithm, else the
/// one its `kty` and `crv` imply. `None` when nothing can be implied (an unknown curve).
fn key_alg(jwk: &Value) -> Option<JwsAlg> {
    if let Some(alg) = jwk["alg"].as_str().and_then(|a| JwsAlg::from_name(a).ok()) {
        return Some(alg);
    }
    match (jwk["kty"].as_str(), jwk["crv"].as_str()) {
        (Some("oct"), _) => Some(JwsAlg::Hs256),
        (Some("RSA"), _) => Some(JwsAlg::Rs256),
        (Some("EC"), Some("P-256")) => Some(JwsAlg::Es256),
        (Some("EC"), Some("P-384")) => Some(JwsAlg::Es384),
        (Some("EC"), Some("P-521")) => Some(JwsAlg::Es512),
        (Some("OKP"), Some("Ed25519")) => Some(JwsAlg::EdDsa),
        _ => None,
    }
}

/// Why this build cannot run a case whose key is for `alg`; `None` if it can.
fn out_of_scope(alg: Option<JwsAlg>) -> Option<OutOfScope> {
    let enabled = match alg {
        Some(JwsAlg::Hs256 | JwsAlg::Hs384 | JwsAlg::Hs512) => cfg!(feature = "hs"),
        Some(JwsAlg::Es256) => cfg!(feature = "es256"),
        Some(JwsAlg::Es384) => cfg!(feature = "es384"),
        Some(JwsAlg::Es512) => cfg!(feature = "es512"),
        Some(JwsAlg::EdDsa) => cfg!(feature = "eddsa"),
        Some(
            JwsAlg::Rs256
            | JwsAlg::Rs384
            | JwsAlg::Rs512
            | JwsAlg::Ps256
            | JwsAlg::Ps384
            | JwsAlg::Ps512,
        ) => cfg!(feature = "rsa"),
        // No algorithm can be implied: the key is refused in any build, so the case runs.
        None => true,
        Some(other) => panic!("algorithm {other} unknown to this harness"),
    };
    (!enabled).then_some(OutOfScope::Disabled)
}

/// The keys of a key container: one JWK, or the members of a JWK Set.
fn keys_of(container: &Value) -> Vec<&Value> {
    match container["keys"].as_array() {
        Some(keys) => keys.iter().collect(),
        None => vec![container],
    }
}

/// Why this build cannot run the cases of `group`: any key whose feature is not enabled; `None`
/// if every key is supported.
fn group_out_of_scope(group: &Value) -> Option<OutOfScope> {
    keys_of(&group["private"])
        .iter()
        .find_map(|k| out_of_scope(key_alg(k)))
}

/// Whether a JWK's `key_ops`, if it has any, include "verify".
fn allows_verify(jwk: &Value) -> bool {
    jwk["key_ops"]
        .as_array()
        .is_none_or(|ops| ops.iter().any(|op| op == "verify"))
}

/// Why this build cannot run a JWE case with key `jwk` and content encryption `enc`.
fn jwe_out_of_scope(jwk: &Value, enc: Option<&str>, compressed: bool) -> Option<OutOfScope> {
    let alg = jwk["alg"].as_str().unwrap_or_default();
    if alg.starts_with("RSA") {
        return Some(OutOfScope::RsaKeyManagement);
    }
    let alg_enabled = match JweAlg::from_name(alg) {
        Ok(JweAlg::A128Kw | JweAlg::A192Kw | JweAlg::A256Kw) => cfg!(feature = "aes-kw"),
        Ok(JweAlg::A128GcmKw | JweAlg::A192GcmKw | JweAlg::A256GcmKw) => {
            cfg!(feature = "aes-gcm-kw")
        }
        Ok(a) if a.is_ecdh_es() => cfg!(feature = "ecdh-es"),
        Ok(JweAlg::Pbes2Hs256A128Kw | JweAlg::Pbes2Hs384A192Kw | JweAlg::Pbes2Hs512A256Kw) => {
            cfg!(feature = "pbes2")
        }
        // `dir`, or a `dir` key that names its `enc` as its `alg`.
        _ => true,
    };
    let enc_enabled = match enc.or(Some(alg)).map(Enc::from_name) {
        Some(Ok(Enc::A128Gcm | Enc::A192Gcm | Enc::A256Gcm)) => cfg!(feature = "aes-gcm"),
        Some(Ok(_)) => cfg!(feature = "aes-cbc-hs"),
        _ => true,
    };
    let enabled = alg_enabled && enc_enabled && (!compressed || cfg!(feature = "deflate"));
    (!enabled).then_some(OutOfScope::Disabled)
}

/// The expected plaintext (hex) of a valid JWE case: its `pt`, or for the cases of
/// `json_web_crypto_test.json`, which have none, the `pt` of the same token in
/// `json_web_encryption_test.json`.
fn plaintext_of(case: &Value, token: &str) -> String {
    if let Some(pt) = case["pt"].as_str() {
        return pt.to_owned();
    }
    let doc = common::load_json("wycheproof/json_web_encryption_test.json");
    doc["testGroups"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|g| g["tests"].as_array().into_iter().flatten())
        .find(|t| t["jwe"].as_str() == Some(token))
        .and_then(|t| t["pt"].as_str())
        .unwrap_or_else(|| panic!("no plaintext known for {token}"))
        .to_owned()
}

/// Imports the JWE key, then parses and decrypts the token, returning the plaintext.
fn run_jwe(jwk: &Value, token: &str) -> Result<Vec<u8>, Error> {
    let key = Jwk::parse(&common::to_text(jwk))?.to_jwe_key(None)?;
    let jwe = UntrustedJwe::parse(token)?;
    let mut out = vec![0u8; jwe.ciphertext_len() + (1 << 16)];
    let decrypted = jwe.decrypt(&key, tinyjose::ALL_CONTENT_ENCRYPTIONS, &mut out)?;
    Ok(decrypted.plaintext().to_vec())
}

/// Imports the keys, then parses and verifies the token, returning the payload.
fn run(container: &Value, token: &str) -> Result<Vec<u8>, Error> {
    let text = common::to_text(container);
    if container.get("keys").is_some() {
        let set = JwkSet::parse(&text)?;
        let jws = UntrustedJws::parse(token)?;
        let key = set.verifier_for(&jws)?;
        let mut out = vec![0u8; jws.payload_len()];
        Ok(jws.verify(&key, &mut out)?.payload().to_vec())
    } else {
        let key = Jwk::parse(&text)?.to_key(None)?;
        common::verify(token, &key)
    }
}

/// Per-file counts.
#[derive(Default)]
struct Tally {
    passed: usize,
    excluded: usize,
    out_of_scope: usize,
    /// flag -> [passed, excluded, out of scope]
    flags: BTreeMap<String, [usize; 3]>,
    /// error code -> count, over the invalid cases that were rejected
    errors: BTreeMap<&'static str, usize>,
    acceptable: Vec<String>,
    dormant_exclusions: Vec<u64>,
}

/// Runs every case of `file`, appending unexpected outcomes to `problems`.
fn run_file(file: &str, problems: &mut Vec<String>) -> Tally {
    let doc = common::load_json(&format!("wycheproof/{file}"));
    let exclusions = exclusions();
    let excluded = |tc_id: u64| {
        exclusions
            .iter()
            .find(|e| e.file == file && e.tc_id == tc_id)
    };
    let mut tally = Tally::default();
    let mut seen = 0;
    for group in doc["testGroups"].as_array().expect("testGroups") {
        let group_scope = group_out_of_scope(group);
        for case in group["tests"].as_array().expect("tests") {
            seen += 1;
            let tc_id = case["tcId"].as_u64().expect("tcId");
            let result = common::str_of(case, "result");
            let flags: Vec<String> = case["flags"]
                .as_array()
                .map(|f| f.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
                .unwrap_or_default();
            let flag_keys = if flags.is_empty() {
                vec!["(no flag)".to_owned()]
            } else {
                flags.clone()
            };
            let mut count = |slot: usize| {
                for f in &flag_keys {
                    tally.flags.entry(f.clone()).or_default()[slot] += 1;
                }
            };

            let is_jwe = case.get("jwe").is_some();
            let scope = if is_jwe {
                let compressed = flags.iter().any(|f| f == "CompressedPlaintext");
                jwe_out_of_scope(&group["private"], case["enc"].as_str(), compressed)
            } else {
                group_scope
            };
            let exclusion = excluded(tc_id);
            if scope.is_some() {
                tally.out_of_scope += 1;
                count(2);
                if exclusion.is_some() {
                    tally.dormant_exclusions.push(tc_id);
                }
                continue;
            }

            // The compact form is a string; a JSON serialization is handed over as its text.
            let token = match &case[if is_jwe { "jwe" } else { "jws" }] {
                Value::String(s) => s.clone(),
                other => common::to_text(other),
            };
            let primary = if group["public"].is_null() {
                &group["private"]
            } else {
                &group["public"]
            };
            let outcome = if is_jwe {
                run_jwe(&group["private"], &token)
            } else {
                run(primary, &token)
            };
            if !is_jwe && !group["public"].is_null() {
                let private = run(&group["private"], &token);
                // A private key whose `key_ops` do not allow "verify" (tcId 349 has the single
                // operation "sign, verify") must be refused for verification, unless the public
                // key is already refused for what both share (tcId 355: no algorithm).
                let expected = if allows_verify(&group["private"])
                    || matches!(outcome, Err(Error::KeyRejected(_)))
                {
                    outcome.clone()
                } else {
                    Err(Error::KeyRejected(tinyjose::KeyReason::WrongUse))
                };
                if private != expected {
                    problems.push(format!(
                        "{file} tcId {tc_id} ({}): public key gives {outcome:?}, private key \
                         gives {private:?}",
                        case["comment"]
                    ));
                }
            }
            let matches_upstream = match (result, &outcome) {
                ("valid", Ok(payload)) => {
                    // A JWE gives its `pt`; a JWS payload is the strict decoding of the token's
                    // payload segment.
                    let expected = if is_jwe {
                        common::hex(&plaintext_of(case, &token))
                    } else {
                        common::b64d(token.split('.').nth(1).unwrap_or_default())
                    };
                    if *payload != expected {
                        problems.push(format!("{file} tcId {tc_id}: wrong payload {payload:?}"));
                    }
                    true
                }
                ("invalid", Err(_)) => true,
                ("acceptable", _) => {
                    tally
                        .acceptable
                        .push(format!("tcId {tc_id}: {:?}", outcome.as_ref().err()));
                    true
                }
                ("valid" | "invalid", _) => false,
                (other, _) => panic!("{file} tcId {tc_id}: unknown result {other:?}"),
            };

            match (exclusion, matches_upstream) {
                (Some(_), true) => problems.push(format!(
                    "{file} tcId {tc_id} ({}): excluded, but now gives the upstream result \
                     {result} ({outcome:?}); remove the exclusion",
                    case["comment"]
                )),
                (Some(_), false) => {
                    tally.excluded += 1;
                    count(1);
                }
                (None, true) => {
                    tally.passed += 1;
                    count(0);
                    if let Err(e) = outcome {
                        *tally.errors.entry(e.code()).or_default() += 1;
                    }
                }
                (None, false) => problems.push(format!(
                    "{file} tcId {tc_id} ({}, flags {flags:?}): expected {result}, got \
                     {outcome:?}",
                    case["comment"]
                )),
            }
        }
    }
    assert_eq!(
        seen,
        usize::try_from(doc["numberOfTests"].as_u64().unwrap()).unwrap(),
        "{file}: numberOfTests"
    );
    tally
}

fn report(file: &str, tally: &Tally) -> String {
    let mut out = format!(
        "wycheproof {file}: {} passed, {} excluded, {} out of scope\n",
        tally.passed, tally.excluded, tally.out_of_scope
    );
    for (flag, [p, e, o]) in &tally.flags {
        writeln!(
            out,
            "  flag {flag}: {p} passed, {e} excluded, {o} out of scope"
        )
        .unwrap();
    }
    let errors: Vec<String> = tally
        .errors
        .iter()
        .map(|(code, n)| format!("{code} {n}"))
        .collect();
    writeln!(out, "  rejections by error: {}", errors.join(", ")).unwrap();
    if !tally.acceptable.is_empty() {
        writeln!(out, "  acceptable: {}", tally.acceptable.join("; ")).unwrap();
    }
    if !tally.dormant_exclusions.is_empty() {
        writeln!(
            out,
            "  exclusions not applied (case out of scope): {:?}",
            tally.dormant_exclusions
        )
        .unwrap();
    }
    out
}

fn check_file(file: &str) {
    let mut problems = Vec::new();
    let tally = run_file(file, &mut problems);
    print!("{}", report(file, &tally));
    assert!(
        problems.is_empty(),
        "{} unexpected outcome(s) in {file}:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn json_web_signature() {
    check_file("json_web_signature_test.json");
}

#[test]
fn json_web_key() {
    check_file("json_web_key_test.json");
}

#[test]
fn json_web_crypto() {
    check_file("json_web_crypto_test.json");
}

#[test]
fn json_web_encryption() {
    check_file("json_web_encryption_test.json");
}

#[test]
fn exclusions_name_existing_cases_once() {
    let exclusions = exclusions();
    for (i, e) in exclusions.iter().enumerate() {
        let doc = common::load_json(&format!("wycheproof/{}", e.file));
        let found = doc["testGroups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["tests"].as_array().unwrap())
            .any(|t| t["tcId"].as_u64() == Some(e.tc_id));
        assert!(
            found,
            "{} tcId {} does not exist: {}",
            e.file, e.tc_id, e.reason
        );
        assert!(
            !exclusions[..i]
                .iter()
                .any(|o| o.file == e.file && o.tc_id == e.tc_id),
            "{} tcId {} is listed twice",
            e.file,
            e.tc_id
        );
    }
}
