//! Where `serde-json-core` 0.7 and the core's deserializer (`Claims::deserialize`) differ on
//! the same claims text: the behaviour BENCHMARKS.md reports beside the speed and flash figures.
//!
//! Each case signs its claims set with HS256, verifies it and validates the claims with the
//! core, then deserializes `Claims::json` with both.

#![expect(
    clippy::expect_used,
    reason = "test fixtures: a token that does not sign or verify must stop the test"
)]

use serde::Deserialize;
use tinyjose::{Claims, Error, UnixTime, UntrustedJws, Validation};
use tinyjose_bench::{Alg, Signers};

/// Runs `f` on the outcome of validating `payload` as the claims of a verified token.
fn with_claims<R>(payload: &str, f: impl FnOnce(Result<Claims<'_>, Error>) -> R) -> R {
    let signers = Signers::new().expect("fixed keys");
    let token = signers.token_with(Alg::Hs256, payload).expect("signed");
    let jws = UntrustedJws::parse(&token).expect("parsed");
    let mut buf = [0u8; 512];
    let verified = jws.verify(&signers.hs256, &mut buf).expect("verified");
    f(verified.claims(&Validation::new(UnixTime::from_secs(0))))
}

/// `iss` borrowed from the text (or the scratch buffer).
#[derive(Debug, Deserialize)]
struct Borrowed<'a> {
    iss: &'a str,
}

/// `iss` copied out.
#[derive(Debug, Deserialize)]
struct Owned {
    iss: String,
}

fn tinyjose_de<'s, T: Deserialize<'s>>(claims: &Claims<'s>, scratch: &'s mut [u8]) -> Option<T> {
    claims.deserialize(scratch).ok()
}

fn sjc<'a, T: Deserialize<'a>>(text: &'a str) -> Option<T> {
    serde_json_core::from_str(text).ok().map(|(v, _)| v)
}

fn sjc_escaped<'a, T: Deserialize<'a>>(text: &'a str, scratch: &mut [u8]) -> Option<T> {
    serde_json_core::from_str_escaped(text, scratch)
        .ok()
        .map(|(v, _)| v)
}

#[test]
fn escaped_values_are_lent_raw_without_a_buffer_and_refused_as_borrowed_with_one() {
    with_claims(r#"{"iss":"https:\/\/issuer.example"}"#, |claims| {
        let claims = claims.expect("valid");
        let text = claims.json();
        let mut scratch = [0u8; 64];
        let own: Option<Borrowed<'_>> = tinyjose_de(&claims, &mut scratch);
        assert_eq!(own.map(|c| c.iss), Some("https://issuer.example"));
        // `from_slice` hands out the escaped text as if it were the value.
        let raw: Option<Borrowed<'_>> = sjc(text);
        assert_eq!(raw.map(|c| c.iss), Some(r"https:\/\/issuer.example"));
        // `from_slice_escaped` unescapes, but only into a visitor that copies.
        let mut scratch = [0u8; 64];
        assert!(sjc_escaped::<Borrowed<'_>>(text, &mut scratch).is_none());
        let owned: Option<Owned> = sjc_escaped(text, &mut scratch);
        assert_eq!(
            owned.map(|c| c.iss).as_deref(),
            Some("https://issuer.example")
        );
    });
}

#[test]
fn escaped_member_names_match_only_with_an_unescape_buffer() {
    // The core's validator reads `i\u0073s` as `iss` (and checks it); `from_slice` does not.
    with_claims(r#"{"i\u0073s":"https://issuer.example"}"#, |claims| {
        let claims = claims.expect("valid");
        let text = claims.json();
        let mut scratch = [0u8; 64];
        let own: Option<Borrowed<'_>> = tinyjose_de(&claims, &mut scratch);
        assert_eq!(own.map(|c| c.iss), Some("https://issuer.example"));
        assert!(sjc::<Borrowed<'_>>(text).is_none());
        let mut scratch = [0u8; 64];
        let escaped: Option<Borrowed<'_>> = sjc_escaped(text, &mut scratch);
        assert_eq!(escaped.map(|c| c.iss), Some("https://issuer.example"));
    });
}

#[test]
fn surrogate_pairs_are_refused_by_serde_json_core() {
    with_claims(r#"{"iss":"\ud83d\ude00"}"#, |claims| {
        let claims = claims.expect("valid");
        let mut scratch = [0u8; 64];
        let own: Option<Borrowed<'_>> = tinyjose_de(&claims, &mut scratch);
        assert_eq!(own.map(|c| c.iss), Some("\u{1f600}"));
        let mut scratch = [0u8; 64];
        assert!(sjc_escaped::<Owned>(claims.json(), &mut scratch).is_none());
    });
}

#[derive(Debug, Deserialize)]
struct Int {
    after: u32,
}

#[derive(Debug, Deserialize)]
struct Float {
    x: f64,
}

#[test]
fn numbers() {
    let int = |payload: &str| {
        with_claims(payload, |claims| {
            let claims = claims.expect("valid");
            let mut scratch = [0u8; 8];
            (
                tinyjose_de::<Int>(&claims, &mut scratch).map(|v| v.after),
                sjc::<Int>(claims.json()).map(|v| v.after),
            )
        })
    };
    // A fraction or an exponent is no integer for either.
    assert_eq!(int(r#"{"after":1.5}"#), (None, None));
    assert_eq!(int(r#"{"after":1e3}"#), (None, None));
    assert_eq!(int(r#"{"after":4294967296}"#), (None, None));
    assert_eq!(
        int(r#"{"after":4294967295}"#),
        (Some(u32::MAX), Some(u32::MAX))
    );
    // `-0` is valid JSON: the core reads it as 0, serde-json-core refuses a sign on unsigned.
    assert_eq!(int(r#"{"after":-0}"#), (Some(0), None));

    let float = |payload: &str| {
        with_claims(payload, |claims| {
            let claims = claims.expect("valid");
            let mut scratch = [0u8; 8];
            (
                tinyjose_de::<Float>(&claims, &mut scratch).map(|v| v.x),
                sjc::<Float>(claims.json()).map(|v| v.x),
            )
        })
    };
    assert_eq!(float(r#"{"x":0.5}"#), (Some(0.5), Some(0.5)));
    // Beyond f64: the core refuses, serde-json-core rounds to infinity.
    assert_eq!(float(r#"{"x":1e400}"#), (None, Some(f64::INFINITY)));
    // `null` for a float: the core refuses, serde-json-core yields NaN.
    let (own, other) = float(r#"{"x":null}"#);
    assert_eq!(own, None);
    assert!(other.is_some_and(f64::is_nan));
}

/// One string or an array of them, as RFC 7519 §4.1.3 allows for `aud` (the core checks `aud`
/// itself, so the test uses a claim of its own).
#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged)]
enum OneOrMany<'a> {
    One(&'a str),
    Many(Vec<&'a str>),
}

#[derive(Debug, Deserialize)]
struct Roles<'a> {
    #[serde(borrow)]
    roles: OneOrMany<'a>,
}

#[test]
fn self_describing_types_need_deserialize_any() {
    for (payload, expected) in [
        (r#"{"roles":"a"}"#, OneOrMany::One("a")),
        (r#"{"roles":["a","b"]}"#, OneOrMany::Many(vec!["a", "b"])),
    ] {
        with_claims(payload, |claims| {
            let claims = claims.expect("valid");
            let mut scratch = [0u8; 8];
            let own: Option<Roles<'_>> = tinyjose_de(&claims, &mut scratch);
            assert_eq!(own.map(|c| c.roles), Some(expected));
            // `deserialize_any` is `AnyIsUnsupported`: no untagged enum, no `flatten`.
            assert!(sjc::<Roles<'_>>(claims.json()).is_none());
        });
    }
}

#[derive(Debug, Deserialize)]
struct Sub<'a> {
    sub: &'a str,
}

#[test]
fn duplicates_and_invalid_json_are_the_validator_s_to_refuse() {
    // The core refuses each of these before any deserializer runs.
    for payload in [
        r#"{"sub":"a","sub":"b"}"#,
        r#"{"x":1,"x":2,"sub":"a"}"#,
        r#"{"sub":"a","x":tru}"#,
        r#"{"sub":"a","x":1.2.3}"#,
    ] {
        with_claims(payload, |claims| assert!(claims.is_err(), "{payload}"));
    }
    // serde-json-core alone: a duplicated field is refused by serde's derive, not by the
    // parser; a duplicated member it ignores passes, and so does an ignored member that is
    // not JSON (it skips to the next delimiter).
    assert!(sjc::<Sub<'_>>(r#"{"sub":"a","sub":"b"}"#).is_none());
    for text in [
        r#"{"x":1,"x":2,"sub":"a"}"#,
        r#"{"sub":"a","x":tru}"#,
        r#"{"sub":"a","x":1.2.3}"#,
    ] {
        assert_eq!(sjc::<Sub<'_>>(text).map(|c| c.sub), Some("a"), "{text}");
    }
}
