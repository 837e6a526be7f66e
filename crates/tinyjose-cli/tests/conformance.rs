//! RFC 8725bis conformance through the `tinyjose` command: every case of the core's
//! `tests/data/conformance/rfc8725bis.json` that lists `cli`, run as a script runs the binary
//! (`verify`, `decrypt`, `verify --decrypt-key`) with the token and keys in files, and the exact
//! verdict: the payload on stdout (exit 0), or `error[CODE]` on stderr (exit 1).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::panic_in_result_fn,
    clippy::unwrap_in_result,
    reason = "helpers outside #[test] functions fail loudly, as tests do"
)]

#[path = "common/cli.rs"]
#[allow(dead_code, reason = "this file uses a few of the shared helpers")]
mod common;

use std::path::Path;

use base64ct::{Base64UrlUnpadded, Encoding};
use common::{Run, repo, run, scratch, write};
use serde_json::Value;

fn case_file() -> Value {
    let path = repo().join("crates/tinyjose/tests/data/conformance/rfc8725bis.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text(value: &Value) -> Option<&str> {
    value.as_str()
}

/// Writes the key `name` to `dir`: a JWK or JWK Set file, or for PBES2 the password file the
/// command reads (`--alg PBES2-...`), the JWK's `k`.
fn key_file(dir: &Path, file: &Value, name: &str, pbes2: bool) -> String {
    let jwk = &file["keys"][name];
    if pbes2 {
        let password = Base64UrlUnpadded::decode_vec(text(&jwk["k"]).unwrap()).unwrap();
        return write(dir, &format!("{name}.password"), password);
    }
    write(
        dir,
        &format!("{name}.json"),
        serde_json::to_string(jwk).unwrap(),
    )
}

/// The arguments of the claim checks, at the file's clock.
fn check_args(file: &Value, case: &Value) -> Vec<String> {
    let mut args = vec![
        "--now".to_owned(),
        file["now"].as_u64().unwrap().to_string(),
    ];
    for (name, option) in [
        ("iss", "--iss"),
        ("aud", "--aud"),
        ("sub", "--sub"),
        ("typ", "--typ"),
    ] {
        if let Some(value) = text(&case["checks"][name]) {
            args.extend([option.to_owned(), value.to_owned()]);
        }
    }
    args
}

/// Runs a case; returns the run and the path of its key file.
fn run_case(file: &Value, case: &Value) -> (Run, String) {
    let dir = scratch();
    let token = write(&dir, "token", text(&case["token"]).unwrap());
    let alg = text(&case["alg"]);
    let pbes2 = alg.is_some_and(|a| a.starts_with("PBES2-"));
    let key = key_file(&dir, file, text(&case["key"]).unwrap(), pbes2);
    let mut args: Vec<String> = Vec::new();
    match text(&case["op"]).unwrap() {
        "verify" => {
            args.extend(["verify".to_owned(), "--key".to_owned(), key.clone()]);
            args.extend(check_args(file, case));
        }
        "decrypt" => {
            args.extend(["decrypt".to_owned(), "--key".to_owned(), key.clone()]);
            if let Some(enc) = text(&case["enc"]) {
                args.extend(["--enc".to_owned(), enc.to_owned()]);
            }
        }
        "nested" => {
            let jwe_key = key_file(&dir, file, text(&case["jwe_key"]).unwrap(), false);
            args.extend(["verify".to_owned(), "--key".to_owned(), key.clone()]);
            args.extend(["--decrypt-key".to_owned(), jwe_key]);
            args.extend(check_args(file, case));
        }
        op => panic!("unknown op {op}"),
    }
    if let Some(alg) = alg {
        args.extend(["--alg".to_owned(), alg.to_owned()]);
    }
    args.push(token);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = run(&args);
    std::fs::remove_dir_all(&dir).unwrap();
    (result, key)
}

/// The verdict of a run: `("payload", stdout without its newline)` on exit 0, `("error",
/// CODE)` for exit 1 and its one line `error[CODE]: message`.
///
/// The command loads its keys before it reads the token, and a key it cannot use is a usage
/// error (exit 2): `error: key file PATH: key rejected: REASON`, the core's message for
/// `key_rejected` (`Error::KeyRejected`), which is then the verdict.
fn verdict(run: &Run, key: &str) -> (String, String) {
    let key_file = format!("error: key file {key}: key rejected: ");
    match run.status {
        2 if run.stdout.is_empty() && run.stderr.starts_with(&key_file) => {
            assert_eq!(run.stderr.lines().count(), 1, "{run:?}");
            ("error".to_owned(), "key_rejected".to_owned())
        }
        0 => {
            let payload = run
                .stdout
                .strip_suffix('\n')
                .expect("a newline after the payload");
            ("payload".to_owned(), payload.to_owned())
        }
        1 => {
            assert_eq!(run.stdout, "", "{run:?}");
            assert_eq!(run.stderr.lines().count(), 1, "{run:?}");
            let code = run
                .stderr
                .strip_prefix("error[")
                .and_then(|rest| rest.split_once("]: "))
                .map(|(code, _)| code.to_owned())
                .unwrap_or_else(|| panic!("no error[CODE] in {run:?}"));
            ("error".to_owned(), code)
        }
        status => (format!("exit {status}"), run.stderr.trim_end().to_owned()),
    }
}

#[test]
fn every_command_case_has_its_verdict() {
    let file = case_file();
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in file["cases"].as_array().unwrap() {
        if !case["layers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l == "cli")
        {
            continue;
        }
        ran += 1;
        let (run, key) = run_case(&file, case);
        let (kind, value) = verdict(&run, &key);
        let expect = case["expect"].as_object().unwrap();
        let (want_kind, want) = expect.iter().next().unwrap();
        if (want_kind.as_str(), want.as_str().unwrap()) != (kind.as_str(), value.as_str()) {
            failures.push(format!(
                "{}: expected {want_kind} {want}, got {kind} {value}",
                case["id"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(ran > 0);
}
