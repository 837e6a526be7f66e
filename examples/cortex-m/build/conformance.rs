//! Host side of the `conformance` scenario: the RFC 8725bis cases of the core's case file
//! (`crates/tinyjose/tests/data/conformance/rfc8725bis.json`) that list `firmware`, written into
//! `data.rs` as a table the device walks. Keys stay JWK text: the device imports them with the
//! core, as every other layer does.

use std::fmt::Write as _;

use serde_json::Value;

/// The case file, relative to this crate.
const FILE: &str = "../../crates/tinyjose/tests/data/conformance/rfc8725bis.json";

/// Writes `pub mod conformance` into `data`.
pub(crate) fn cases(data: &mut String) {
    println!("cargo:rerun-if-changed={FILE}");
    let json = std::fs::read_to_string(FILE).expect("reading the conformance case file");
    let file: Value = serde_json::from_str(&json).expect("the conformance case file is JSON");
    let keys = file["keys"].as_object().expect("keys");
    let cases = file["cases"].as_array().expect("cases");

    writeln!(
        data,
        "/// The RFC 8725bis conformance cases the firmware runs: the `verify` cases of the \
         core's case file that list `firmware`."
    )
    .unwrap();
    data.push_str(
        "pub mod conformance {
    /// One case: a token, its key, the claim checks and the exact verdict.
    pub struct Case {
        /// The case's `id` in the file.
        pub id: &'static str,
        /// The JWS JSON Serialization, rather than the compact one.
        pub json: bool,
        /// The token.
        pub token: &'static str,
        /// The key: a JWK, or a JWK Set when `set`.
        pub key: &'static str,
        /// `key` is a JWK Set.
        pub set: bool,
        /// The one algorithm the caller allows, if the case names one.
        pub alg: Option<&'static str>,
        /// The expected `iss`.
        pub iss: Option<&'static str>,
        /// The expected `aud`.
        pub aud: Option<&'static str>,
        /// The expected `sub`.
        pub sub: Option<&'static str>,
        /// The expected `typ`.
        pub typ: Option<&'static str>,
        /// The payload, exactly, or the error's code.
        pub expect: Result<&'static [u8], &'static str>,
    }
",
    );
    let now = file["now"].as_u64().expect("now");
    writeln!(data, "    /// The clock of every case.").unwrap();
    writeln!(data, "    pub const NOW: u64 = {now};").unwrap();

    let mut used = Vec::new();
    let mut table = String::new();
    for case in cases {
        let listed = case["layers"]
            .as_array()
            .expect("layers")
            .iter()
            .any(|l| l == "firmware");
        if !listed {
            continue;
        }
        assert_eq!(case["op"], "verify", "the firmware runs verify cases only");
        let key = text(&case["key"]);
        if !used.contains(&key) {
            used.push(key);
        }
        let checks = &case["checks"];
        let option = |value: &Value| match value.as_str() {
            Some(s) => format!("Some({s:?})"),
            None => "None".to_owned(),
        };
        let expect = match (case["expect"].get("payload"), case["expect"].get("error")) {
            (Some(payload), None) => format!("Ok({:?}.as_bytes())", text(payload)),
            (None, Some(code)) => format!("Err({:?})", text(code)),
            _ => panic!("a case expects a payload or an error"),
        };
        writeln!(
            table,
            "        Case {{ id: {:?}, json: {}, token: {:?}, key: {}, set: {}, alg: {}, \
             iss: {}, aud: {}, sub: {}, typ: {}, expect: {expect} }},",
            text(&case["id"]),
            case["form"] == "json",
            text(&case["token"]),
            constant(key),
            keys[key].get("keys").is_some(),
            option(&case["alg"]),
            option(&checks["iss"]),
            option(&checks["aud"]),
            option(&checks["sub"]),
            option(&checks["typ"]),
        )
        .unwrap();
    }
    for key in used {
        let json = serde_json::to_string(&keys[key]).unwrap();
        writeln!(data, "    /// The key `{key}` of the case file.").unwrap();
        writeln!(data, "    pub const {}: &str = {json:?};", constant(key)).unwrap();
    }
    writeln!(data, "    /// The cases, in the file's order.").unwrap();
    writeln!(data, "    pub const CASES: &[Case] = &[").unwrap();
    data.push_str(&table);
    writeln!(data, "    ];").unwrap();
    writeln!(data, "}}").unwrap();
}

/// The Rust constant of the key `name`: `KEY_` and the name in upper case, `-` as `_`.
fn constant(name: &str) -> String {
    format!("KEY_{}", name.to_uppercase().replace('-', "_"))
}

fn text(value: &Value) -> &str {
    value.as_str().expect("a string member")
}
