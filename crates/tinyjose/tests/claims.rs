//! JWT claims (RFC 7519): every `Validation` rule at its boundaries with the exact error,
//! NumericDate parsing, duplicate and escaped claim names, and serde deserialization that borrows
//! from the payload or from a scratch buffer.
//!
//! Tokens are signed with the stand-in `TestKey`, so these rules are tested in every build with
//! the `jwt` feature, whatever algorithms are enabled.
#![cfg(feature = "jwt")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

use common::{TestKey, sign_to_string};
use serde::Deserialize;
use tinyjose::{Claim, Error, HeaderParams, Limit, Part, UnixTime, UntrustedJws, Validation};

/// Signs `claims` with header `typ`, verifies, and validates.
fn validate_typed(typ: Option<&str>, claims: &str, v: &Validation<'_>) -> Result<(), Error> {
    let header = match typ {
        Some(t) => HeaderParams::new().typ(t),
        None => HeaderParams::new(),
    };
    let token = sign_to_string(&header, claims.as_bytes(), &TestKey);
    let jws = UntrustedJws::parse(&token)?;
    let mut buf = vec![0u8; jws.payload_len()];
    let verified = jws.verify(&TestKey, &mut buf)?;
    verified.claims(v).map(|_| ())
}

fn validate(claims: &str, v: &Validation<'_>) -> Result<(), Error> {
    validate_typed(Some("JWT"), claims, v)
}

/// The `exp` the validator read, rounded as it rounds.
fn exp_of(claims: &str) -> Result<Option<u64>, Error> {
    let token = sign_to_string(&HeaderParams::new(), claims.as_bytes(), &TestKey);
    let jws = UntrustedJws::parse(&token)?;
    let mut buf = vec![0u8; jws.payload_len()];
    let verified = jws.verify(&TestKey, &mut buf)?;
    let claims = verified.claims(&Validation::new(at(0)).leeway(1))?;
    Ok(claims.exp().map(UnixTime::as_secs))
}

fn at(secs: u64) -> UnixTime {
    UnixTime::from_secs(secs)
}

fn now(secs: u64) -> Validation<'static> {
    Validation::new(at(secs))
}

#[test]
fn exp_is_exclusive_and_leeway_extends_it() {
    let c = r#"{"exp":1000}"#;
    assert_eq!(validate(c, &now(0)), Ok(()));
    assert_eq!(validate(c, &now(999)), Ok(()));
    assert_eq!(validate(c, &now(1000)), Err(Error::Expired));
    assert_eq!(validate(c, &now(1001)), Err(Error::Expired));
    assert_eq!(validate(c, &now(1009).leeway(10)), Ok(()));
    assert_eq!(validate(c, &now(1010).leeway(10)), Err(Error::Expired));
    // A leeway that would overflow saturates instead.
    assert_eq!(validate(c, &now(u64::MAX - 1).leeway(u64::MAX)), Ok(()));
    assert_eq!(
        validate(c, &now(u64::MAX).leeway(u64::MAX)),
        Err(Error::Expired)
    );
    // No `exp`, nothing to expire (requiring it is `require`'s job).
    assert_eq!(validate("{}", &now(u64::MAX)), Ok(()));
}

#[test]
fn nbf_is_inclusive_and_leeway_extends_it() {
    let c = r#"{"nbf":1000}"#;
    assert_eq!(validate(c, &now(1000)), Ok(()));
    assert_eq!(validate(c, &now(999)), Err(Error::NotYetValid));
    assert_eq!(validate(c, &now(0)), Err(Error::NotYetValid));
    assert_eq!(validate(c, &now(990).leeway(10)), Ok(()));
    assert_eq!(validate(c, &now(989).leeway(10)), Err(Error::NotYetValid));
}

#[test]
fn iat_in_the_future_is_refused_beyond_the_leeway() {
    let c = r#"{"iat":1000}"#;
    assert_eq!(validate(c, &now(1000)), Ok(()));
    assert_eq!(validate(c, &now(5000)), Ok(()));
    assert_eq!(validate(c, &now(999)), Err(Error::IssuedAtInvalid));
    assert_eq!(validate(c, &now(995).leeway(5)), Ok(()));
    assert_eq!(
        validate(c, &now(994).leeway(5)),
        Err(Error::IssuedAtInvalid)
    );
}

#[test]
fn max_age_bounds_iat_and_requires_it() {
    let c = r#"{"iat":1000}"#;
    assert_eq!(validate(c, &now(1060).max_age(60)), Ok(()));
    assert_eq!(
        validate(c, &now(1061).max_age(60)),
        Err(Error::MaxAgeExceeded)
    );
    assert_eq!(validate(c, &now(1065).max_age(60).leeway(5)), Ok(()));
    assert_eq!(
        validate(c, &now(1066).max_age(60).leeway(5)),
        Err(Error::MaxAgeExceeded)
    );
    assert_eq!(
        validate(r#"{"exp":2000}"#, &now(1000).max_age(60)),
        Err(Error::MissingClaim(Claim::Iat))
    );
}

#[test]
fn time_rules_are_checked_in_a_fixed_order() {
    // Expired and not yet valid at once: `nbf` is reported, as jose does.
    let c = r#"{"nbf":2000,"exp":1000}"#;
    assert_eq!(validate(c, &now(1500)), Err(Error::NotYetValid));
    let c = r#"{"nbf":2000,"iat":3000}"#;
    assert_eq!(validate(c, &now(1500)), Err(Error::NotYetValid));
}

#[test]
fn issuer_is_compared_exactly() {
    let c = r#"{"iss":"https://idp.example"}"#;
    assert_eq!(validate(c, &now(0).issuer("https://idp.example")), Ok(()));
    for other in [
        "https://idp.example/",
        "https://IDP.example",
        "https://idp.exampl",
        "https://idp.example.evil",
        "",
    ] {
        assert_eq!(
            validate(c, &now(0).issuer(other)),
            Err(Error::IssuerMismatch),
            "{other}"
        );
    }
    let list = ["https://a.example", "https://idp.example"];
    assert_eq!(validate(c, &now(0).issuers(&list)), Ok(()));
    assert_eq!(
        validate(c, &now(0).issuers(&["https://a.example"])),
        Err(Error::IssuerMismatch)
    );
    assert_eq!(
        validate(c, &now(0).issuers(&[])),
        Err(Error::IssuerMismatch)
    );
    assert_eq!(
        validate("{}", &now(0).issuer("https://idp.example")),
        Err(Error::MissingClaim(Claim::Iss))
    );
    // The escaped form is the same string.
    assert_eq!(
        validate(
            r#"{"iss":"https:\/\/idp.\u0065xample"}"#,
            &now(0).issuer("https://idp.example")
        ),
        Ok(())
    );
}

#[test]
fn audience_string_array_and_absence() {
    let one = r#"{"aud":"api"}"#;
    let many = r#"{"aud":["web","api"]}"#;
    assert_eq!(validate(one, &now(0).audience("api")), Ok(()));
    assert_eq!(validate(many, &now(0).audience("api")), Ok(()));
    assert_eq!(
        validate(one, &now(0).audience("web")),
        Err(Error::AudienceMismatch)
    );
    assert_eq!(
        validate(many, &now(0).audience("ap")),
        Err(Error::AudienceMismatch)
    );
    assert_eq!(validate(many, &now(0).audiences(&["x", "web"])), Ok(()));
    assert_eq!(
        validate(many, &now(0).audiences(&["x", "y"])),
        Err(Error::AudienceMismatch)
    );
    // A token with an audience is refused when none is expected (RFC 7519 §4.1.3).
    assert_eq!(validate(one, &now(0)), Err(Error::AudienceMismatch));
    assert_eq!(validate(many, &now(0)), Err(Error::AudienceMismatch));
    assert_eq!(
        validate(r#"{"aud":[]}"#, &now(0)),
        Err(Error::AudienceMismatch)
    );
    // Expected but absent.
    assert_eq!(
        validate("{}", &now(0).audience("api")),
        Err(Error::MissingClaim(Claim::Aud))
    );
    // Empty strings and empty arrays match nothing.
    assert_eq!(
        validate(r#"{"aud":[""]}"#, &now(0).audience("api")),
        Err(Error::AudienceMismatch)
    );
    assert_eq!(
        validate(r#"{"aud":[]}"#, &now(0).audience("api")),
        Err(Error::AudienceMismatch)
    );
    // A value of the wrong type matches no audience (as in jose); one with a matching string
    // but other items is invalid, once every other check passed.
    for bad in [
        r#"{"aud":1}"#,
        r#"{"aud":null}"#,
        r#"{"aud":{"api":true}}"#,
        r#"{"aud":[["api"]]}"#,
    ] {
        assert_eq!(
            validate(bad, &now(0).audience("api")),
            Err(Error::AudienceMismatch),
            "{bad}"
        );
        assert_eq!(
            validate(bad, &now(0)),
            Err(Error::AudienceMismatch),
            "{bad}"
        );
    }
    let mixed = r#"{"aud":["api",1]}"#;
    assert_eq!(
        validate(mixed, &now(0).audience("api")),
        Err(Error::InvalidClaim(Claim::Aud))
    );
    assert_eq!(
        validate(mixed, &now(0).audience("web")),
        Err(Error::AudienceMismatch)
    );
    assert_eq!(validate(mixed, &now(0)), Err(Error::AudienceMismatch));
}

#[test]
fn subject_and_jti() {
    let c = r#"{"sub":"alice","jti":"1"}"#;
    assert_eq!(validate(c, &now(0).subject("alice")), Ok(()));
    assert_eq!(
        validate(c, &now(0).subject("Alice")),
        Err(Error::SubjectMismatch)
    );
    assert_eq!(
        validate(c, &now(0).subject("alic")),
        Err(Error::SubjectMismatch)
    );
    assert_eq!(
        validate("{}", &now(0).subject("alice")),
        Err(Error::MissingClaim(Claim::Sub))
    );
    assert_eq!(
        validate(r#"{"sub":7}"#, &now(0)),
        Err(Error::InvalidClaim(Claim::Sub))
    );
    assert_eq!(
        validate(r#"{"jti":7}"#, &now(0)),
        Err(Error::InvalidClaim(Claim::Jti))
    );
    assert_eq!(
        validate(r#"{"iss":["a"]}"#, &now(0)),
        Err(Error::InvalidClaim(Claim::Iss))
    );
}

#[test]
fn typ_is_a_case_insensitive_media_type() {
    let v = now(0).typ("JWT");
    for ok in ["JWT", "jwt", "Jwt", "application/jwt", "APPLICATION/JWT"] {
        assert_eq!(validate_typed(Some(ok), "{}", &v), Ok(()), "{ok}");
    }
    for bad in [
        "JWS",
        "at+jwt",
        "application/at+jwt",
        "JWT ",
        "application/",
        "jwt/jwt",
    ] {
        assert_eq!(
            validate_typed(Some(bad), "{}", &v),
            Err(Error::TypeMismatch),
            "{bad}"
        );
    }
    assert_eq!(validate_typed(None, "{}", &v), Err(Error::TypeMismatch));
    let at = now(0).typ("at+jwt");
    assert_eq!(
        validate_typed(Some("application/at+jwt"), "{}", &at),
        Ok(())
    );
    assert_eq!(
        validate_typed(Some("JWT"), "{}", &at),
        Err(Error::TypeMismatch)
    );
    // Without an expected type, any `typ` (or none) is accepted.
    assert_eq!(validate_typed(Some("anything"), "{}", &now(0)), Ok(()));
    assert_eq!(validate_typed(None, "{}", &now(0)), Ok(()));
    // The type is checked before the payload is read.
    assert_eq!(
        validate_typed(Some("JOSE"), "not json", &v),
        Err(Error::TypeMismatch)
    );
}

#[test]
fn required_claims() {
    let all = r#"{"iss":"i","sub":"s","aud":"a","exp":9,"nbf":1,"iat":1,"jti":"j","scope":"x"}"#;
    let names = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "scope"];
    assert_eq!(validate(all, &now(5).audience("a").require(&names)), Ok(()));
    for (name, claim) in [
        ("iss", Claim::Iss),
        ("sub", Claim::Sub),
        ("aud", Claim::Aud),
        ("exp", Claim::Exp),
        ("nbf", Claim::Nbf),
        ("iat", Claim::Iat),
        ("jti", Claim::Jti),
        ("scope", Claim::Required(0)),
        ("EXP", Claim::Required(0)),
    ] {
        assert_eq!(
            validate("{}", &now(5).require(&[name])),
            Err(Error::MissingClaim(claim)),
            "{name}"
        );
    }
    // The last missing one of the list is reported: jose checks the list from its end.
    assert_eq!(
        validate(r#"{"sub":"s"}"#, &now(5).require(&["exp", "custom", "sub"])),
        Err(Error::MissingClaim(Claim::Required(1)))
    );
    assert_eq!(
        Error::MissingClaim(Claim::Required(1)).to_string(),
        "missing required claim (entry 1 of the required list)"
    );
    // Present with a null value is present (and for an unregistered claim, valid).
    assert_eq!(
        validate(r#"{"custom":null}"#, &now(5).require(&["custom"])),
        Ok(())
    );
    // A required claim is looked up after unescaping its name.
    assert_eq!(
        validate(r#"{"\u0063ustom":1}"#, &now(5).require(&["custom"])),
        Ok(())
    );
    // Missing required claims are reported before time checks.
    assert_eq!(
        validate(r#"{"exp":1}"#, &now(5).require(&["sub"])),
        Err(Error::MissingClaim(Claim::Sub))
    );
}

#[test]
fn numeric_dates_round_up_and_are_range_checked() {
    assert_eq!(exp_of(r#"{"exp":1000}"#), Ok(Some(1000)));
    assert_eq!(exp_of(r#"{"exp":1000.0}"#), Ok(Some(1000)));
    assert_eq!(exp_of(r#"{"exp":1000.5}"#), Ok(Some(1001)));
    assert_eq!(exp_of(r#"{"exp":1000.000001}"#), Ok(Some(1001)));
    assert_eq!(exp_of(r#"{"exp":1e3}"#), Ok(Some(1000)));
    assert_eq!(exp_of(r#"{"exp":1.0005E3}"#), Ok(Some(1001)));
    assert_eq!(exp_of(r#"{"exp":0}"#), Ok(Some(0)));
    assert_eq!(exp_of(r#"{"exp":253402300799}"#), Ok(Some(253_402_300_799)));
    assert_eq!(exp_of("{}"), Ok(None));
    // A fractional `exp` expires at the next whole second.
    assert_eq!(validate(r#"{"exp":1000.5}"#, &now(1000)), Ok(()));
    assert_eq!(
        validate(r#"{"exp":1000.5}"#, &now(1001)),
        Err(Error::Expired)
    );

    for bad in [
        "253402300800",
        "253402300799.5",
        "1e20",
        "1e999999",
        "99999999999999999999",
        "18446744073709551616",
        "-1",
        "-0",
        "-0.5",
        "\"1000\"",
        "true",
        "null",
        "[1000]",
        "{\"t\":1000}",
    ] {
        for (name, claim) in [
            ("exp", Claim::Exp),
            ("nbf", Claim::Nbf),
            ("iat", Claim::Iat),
        ] {
            assert_eq!(
                validate(&format!(r#"{{"{name}":{bad}}}"#), &now(0)),
                Err(Error::InvalidClaim(claim)),
                "{name}: {bad}"
            );
        }
    }
}

#[test]
fn claim_types_jose_does_not_check_come_last() {
    // Expired, and `iss` has the wrong type: jose reports the expiry, and so does tinyjose.
    assert_eq!(
        validate(r#"{"exp":1,"iss":1}"#, &now(5)),
        Err(Error::Expired)
    );
    assert_eq!(
        validate(r#"{"iss":1,"exp":"x"}"#, &now(5).require(&["nope"])),
        Err(Error::MissingClaim(Claim::Required(0)))
    );
}

// A token with several faults reports the first in jose's order (`validateClaimsSet` of jose 6):
// `typ`, then presence, then `iss`/`sub`/`aud` values, then time, then tinyjose's own type checks.

#[test]
fn order_typ_before_everything() {
    let v = now(5).typ("JWT").issuer("i").require(&["x"]);
    assert_eq!(
        validate_typed(Some("JOSE"), r#"{"exp":1,"iss":"j"}"#, &v),
        Err(Error::TypeMismatch)
    );
}

#[test]
fn order_json_errors_before_claim_errors() {
    assert_eq!(
        validate(r#"{"iss":1,"exp":1,"exp":2}"#, &now(5).issuer("i")),
        Err(Error::DuplicateMember(Part::Payload))
    );
    assert_eq!(
        validate(r#"{"exp":"x","a":[[1]]}"#, &now(5).json_depth(2)),
        Err(Error::LimitExceeded(Limit::JsonDepth))
    );
}

#[test]
fn order_missing_before_expired() {
    assert_eq!(
        validate(r#"{"exp":1}"#, &now(5).require(&["scope"])),
        Err(Error::MissingClaim(Claim::Required(0)))
    );
    assert_eq!(
        validate(r#"{"exp":"x","nbf":9}"#, &now(5).require(&["scope"])),
        Err(Error::MissingClaim(Claim::Required(0)))
    );
}

#[test]
fn order_presence_iss_sub_aud_iat_then_required_reversed() {
    let all = now(5)
        .issuer("i")
        .subject("s")
        .audience("a")
        .max_age(10)
        .require(&["x", "y"]);
    assert_eq!(validate("{}", &all), Err(Error::MissingClaim(Claim::Iss)));
    assert_eq!(
        validate(r#"{"iss":"i"}"#, &all),
        Err(Error::MissingClaim(Claim::Sub))
    );
    assert_eq!(
        validate(r#"{"iss":"i","sub":"s"}"#, &all),
        Err(Error::MissingClaim(Claim::Aud))
    );
    assert_eq!(
        validate(r#"{"iss":"i","sub":"s","aud":"a"}"#, &all),
        Err(Error::MissingClaim(Claim::Iat))
    );
    // The required list is checked from its end: "y" (entry 1) before "x".
    assert_eq!(
        validate(r#"{"iss":"i","sub":"s","aud":"a","iat":1}"#, &all),
        Err(Error::MissingClaim(Claim::Required(1)))
    );
    assert_eq!(
        validate(r#"{"iss":"i","sub":"s","aud":"a","iat":1,"y":0}"#, &all),
        Err(Error::MissingClaim(Claim::Required(0)))
    );
    assert_eq!(
        validate("{}", &now(5).require(&["a", "b"])),
        Err(Error::MissingClaim(Claim::Required(1)))
    );
    assert_eq!(
        validate("{}", &now(5).require(&["exp", "scope", "jti"])),
        Err(Error::MissingClaim(Claim::Jti))
    );
    // A registered claim expected by an option comes before the required list, which names it.
    assert_eq!(
        validate("{}", &now(5).subject("s").require(&["jti", "sub"])),
        Err(Error::MissingClaim(Claim::Sub))
    );
}

#[test]
fn order_missing_before_mismatch() {
    assert_eq!(
        validate(r#"{"iss":"j"}"#, &now(5).issuer("i").subject("s")),
        Err(Error::MissingClaim(Claim::Sub))
    );
    assert_eq!(
        validate(
            r#"{"iss":"j","aud":"b"}"#,
            &now(5).issuer("i").require(&["x"])
        ),
        Err(Error::MissingClaim(Claim::Required(0)))
    );
}

#[test]
fn order_iss_then_sub_then_aud_mismatch_before_time() {
    let v = now(5).issuer("i").subject("s").audience("a");
    assert_eq!(
        validate(r#"{"iss":"j","sub":"t","aud":"b","exp":1}"#, &v),
        Err(Error::IssuerMismatch)
    );
    assert_eq!(
        validate(r#"{"iss":"i","sub":"t","aud":"b","exp":1}"#, &v),
        Err(Error::SubjectMismatch)
    );
    assert_eq!(
        validate(r#"{"iss":"i","sub":"s","aud":"b","exp":1}"#, &v),
        Err(Error::AudienceMismatch)
    );
    assert_eq!(
        validate(r#"{"iss":"j","exp":1}"#, &now(5).issuer("i")),
        Err(Error::IssuerMismatch)
    );
    // An `aud` where none is expected is refused at the audience's place.
    assert_eq!(
        validate(r#"{"sub":"t","aud":"b"}"#, &now(5).subject("s")),
        Err(Error::SubjectMismatch)
    );
    assert_eq!(
        validate(r#"{"aud":"b","exp":1,"iat":"x"}"#, &now(5)),
        Err(Error::AudienceMismatch)
    );
}

#[test]
fn order_a_checked_claim_of_the_wrong_type_is_a_mismatch() {
    assert_eq!(
        validate(r#"{"iss":5}"#, &now(5).issuer("i")),
        Err(Error::IssuerMismatch)
    );
    assert_eq!(
        validate(r#"{"iss":["i"]}"#, &now(5).issuers(&["i"])),
        Err(Error::IssuerMismatch)
    );
    assert_eq!(
        validate(r#"{"sub":5}"#, &now(5).subject("s")),
        Err(Error::SubjectMismatch)
    );
    assert_eq!(
        validate(r#"{"aud":5}"#, &now(5).audience("a")),
        Err(Error::AudienceMismatch)
    );
    assert_eq!(
        validate(r#"{"aud":5}"#, &now(5)),
        Err(Error::AudienceMismatch)
    );
    assert_eq!(
        validate(r#"{"iss":5,"sub":"t"}"#, &now(5).issuer("i").subject("s")),
        Err(Error::IssuerMismatch)
    );
    assert_eq!(
        validate(r#"{"sub":null,"exp":1}"#, &now(5).subject("s")),
        Err(Error::SubjectMismatch)
    );
}

#[test]
fn order_time_iat_type_nbf_exp_max_age_iat_future() {
    assert_eq!(
        validate(r#"{"iat":"x","nbf":9}"#, &now(5)),
        Err(Error::InvalidClaim(Claim::Iat))
    );
    assert_eq!(
        validate(r#"{"exp":"x","iat":"x"}"#, &now(5)),
        Err(Error::InvalidClaim(Claim::Iat))
    );
    assert_eq!(
        validate(r#"{"nbf":"x","exp":1}"#, &now(5)),
        Err(Error::InvalidClaim(Claim::Nbf))
    );
    assert_eq!(
        validate(r#"{"nbf":9,"exp":"x"}"#, &now(5)),
        Err(Error::NotYetValid)
    );
    assert_eq!(
        validate(r#"{"nbf":9,"exp":1}"#, &now(5)),
        Err(Error::NotYetValid)
    );
    assert_eq!(
        validate(r#"{"exp":"x","iat":1}"#, &now(50).max_age(10)),
        Err(Error::InvalidClaim(Claim::Exp))
    );
    assert_eq!(
        validate(r#"{"exp":1,"iat":1}"#, &now(50).max_age(10)),
        Err(Error::Expired)
    );
    // `iat` in the future is checked last, with or without a maximum age.
    assert_eq!(
        validate(r#"{"exp":1,"iat":9}"#, &now(5)),
        Err(Error::Expired)
    );
    assert_eq!(
        validate(r#"{"nbf":9,"iat":9}"#, &now(5).max_age(10)),
        Err(Error::NotYetValid)
    );
}

#[test]
fn order_tinyjose_type_checks_last_iss_sub_aud_jti() {
    // jose does not type-check these; tinyjose does, once every jose check passed.
    assert_eq!(
        validate(r#"{"iss":1,"exp":1}"#, &now(5)),
        Err(Error::Expired)
    );
    assert_eq!(
        validate(r#"{"jti":1,"iat":9}"#, &now(5)),
        Err(Error::IssuedAtInvalid)
    );
    assert_eq!(
        validate(r#"{"jti":1,"aud":"b"}"#, &now(5).audience("a")),
        Err(Error::AudienceMismatch)
    );
    assert_eq!(
        validate(r#"{"jti":1,"sub":1,"iss":1}"#, &now(5)),
        Err(Error::InvalidClaim(Claim::Iss))
    );
    let v = now(5).audience("a");
    assert_eq!(
        validate(r#"{"jti":1,"aud":["a",1],"sub":1}"#, &v),
        Err(Error::InvalidClaim(Claim::Sub))
    );
    assert_eq!(
        validate(r#"{"jti":1,"aud":["a",1]}"#, &v),
        Err(Error::InvalidClaim(Claim::Aud))
    );
    assert_eq!(
        validate(r#"{"jti":1,"aud":"a"}"#, &v),
        Err(Error::InvalidClaim(Claim::Jti))
    );
}

#[test]
fn an_explicitly_empty_issuer_or_audience_list_matches_nothing() {
    assert_eq!(
        validate(r#"{"iss":"i"}"#, &now(5).issuers(&[])),
        Err(Error::IssuerMismatch)
    );
    assert_eq!(
        validate(r#"{"exp":1}"#, &now(5).issuers(&[])),
        Err(Error::MissingClaim(Claim::Iss))
    );
    assert_eq!(
        validate(r#"{"aud":"a"}"#, &now(5).audiences(&[])),
        Err(Error::AudienceMismatch)
    );
    assert_eq!(
        validate(r#"{"aud":["a"]}"#, &now(5).audiences(&[])),
        Err(Error::AudienceMismatch)
    );
    assert_eq!(
        validate(r#"{"exp":1}"#, &now(5).audiences(&[])),
        Err(Error::MissingClaim(Claim::Aud))
    );
}

#[test]
fn escaped_registered_names_are_the_registered_claims() {
    // `\u0065xp` is `exp`: it must expire like `exp`.
    assert_eq!(
        validate(r#"{"\u0065xp":1000}"#, &now(1000)),
        Err(Error::Expired)
    );
    assert_eq!(
        validate(r#"{"n\u0062f":1000}"#, &now(999)),
        Err(Error::NotYetValid)
    );
    assert_eq!(
        validate(r#"{"\u0069ss":"a"}"#, &now(0).issuer("b")),
        Err(Error::IssuerMismatch)
    );
    assert_eq!(
        validate(r#"{"\u0061ud":"a"}"#, &now(0)),
        Err(Error::AudienceMismatch)
    );
    assert_eq!(
        validate(r#"{"su\u0062":1}"#, &now(0)),
        Err(Error::InvalidClaim(Claim::Sub))
    );
    assert_eq!(exp_of(r#"{"\u0065\u0078\u0070":7}"#), Ok(Some(7)));
}

#[test]
fn duplicate_claims_are_refused() {
    for c in [
        r#"{"exp":1,"exp":2}"#,
        r#"{"sub":"a","sub":"a"}"#,
        r#"{"exp":1,"\u0065xp":2}"#,
        r#"{"aud":"x","a\u0075d":"y"}"#,
        r#"{"custom":{"k":1,"k":2}}"#,
        r#"{"list":[{"k":1,"\u006b":2}]}"#,
    ] {
        assert_eq!(
            validate(c, &now(0)),
            Err(Error::DuplicateMember(Part::Payload)),
            "{c}"
        );
    }
    // The same name in different objects is not a duplicate.
    assert_eq!(validate(r#"{"a":{"k":1},"b":{"k":1}}"#, &now(0)), Ok(()));
}

#[test]
fn payload_must_be_a_json_object_within_limits() {
    for bad in [
        "",
        "[]",
        "\"x\"",
        "1",
        "{",
        "{\"a\":1,}",
        "{\"a\":1} x",
        "{'a':1}",
    ] {
        assert_eq!(
            validate(bad, &now(0)),
            Err(Error::Json(Part::Payload)),
            "{bad}"
        );
    }
    assert_eq!(
        validate(r#"{"a":[{"b":{}}]}"#, &now(0).json_depth(3)),
        Err(Error::LimitExceeded(Limit::JsonDepth))
    );
    assert_eq!(
        validate(r#"{"a":[{"b":{}}]}"#, &now(0).json_depth(4)),
        Ok(())
    );
    let deep = format!("{{\"a\":{}1{}}}", "[".repeat(200), "]".repeat(200));
    assert_eq!(
        validate(&deep, &now(0)),
        Err(Error::LimitExceeded(Limit::JsonDepth))
    );
}

/// Claims of an application, borrowing every string.
#[derive(Debug, Deserialize, PartialEq)]
struct AppClaims<'a> {
    iss: &'a str,
    plain: &'a str,
    url: &'a str,
    quote: &'a str,
    accent: &'a str,
    emoji: &'a str,
    exp: u64,
    scopes: Vec<&'a str>,
    missing: Option<&'a str>,
}

const APP: &str = concat!(
    r#"{"iss":"idp","plain":"no escapes","url":"https:\/\/idp.example\/a","#,
    r#""quote":"say \"hi\"","accent":"Zo\u00e9","emoji":"\ud83d\ude00!","#,
    r#""exp":4000000000,"scopes":["read","wr\u0069te"],"extra":{"ignored":[1,2]}}"#
);

/// Decoded lengths of the escaped strings of `APP`, in document order.
const ESCAPED: [(&str, usize); 5] = [
    ("https://idp.example/a", 21),
    ("say \"hi\"", 8),
    ("Zoé", 4),
    ("😀!", 5),
    ("write", 5),
];

fn scratch_needed() -> usize {
    ESCAPED.iter().map(|(_, n)| n).sum()
}

#[test]
fn user_claims_borrow_from_the_payload_and_the_scratch_buffer() {
    for (s, n) in ESCAPED {
        assert_eq!(s.len(), n);
    }
    let token = sign_to_string(&HeaderParams::new().typ("JWT"), APP.as_bytes(), &TestKey);
    let jws = UntrustedJws::parse(&token).unwrap();
    let mut buf = vec![0u8; jws.payload_len()];
    let verified = jws.verify(&TestKey, &mut buf).unwrap();
    let claims = verified.claims(&now(0).issuer("idp")).unwrap();
    assert_eq!(claims.json(), APP);
    assert_eq!(claims.exp(), Some(at(4_000_000_000)));

    let mut scratch = vec![0u8; scratch_needed()];
    let scratch_range = scratch.as_ptr_range();
    let payload_range = verified.payload().as_ptr_range();
    let app: AppClaims<'_> = claims.deserialize(&mut scratch).unwrap();
    assert_eq!(
        app,
        AppClaims {
            iss: "idp",
            plain: "no escapes",
            url: "https://idp.example/a",
            quote: "say \"hi\"",
            accent: "Zoé",
            emoji: "😀!",
            exp: 4_000_000_000,
            scopes: vec!["read", "write"],
            missing: None,
        }
    );
    // Strings without escapes point into the payload; the others into the scratch buffer.
    for s in [app.iss, app.plain, app.scopes[0]] {
        assert!(payload_range.contains(&s.as_ptr()), "{s}");
    }
    for s in [app.url, app.quote, app.accent, app.emoji, app.scopes[1]] {
        assert!(scratch_range.contains(&s.as_ptr()), "{s}");
    }
}

#[test]
fn a_short_scratch_buffer_names_the_size_of_the_string_that_does_not_fit() {
    let token = sign_to_string(&HeaderParams::new(), APP.as_bytes(), &TestKey);
    let jws = UntrustedJws::parse(&token).unwrap();
    let mut buf = vec![0u8; jws.payload_len()];
    let verified = jws.verify(&TestKey, &mut buf).unwrap();
    let claims = verified.claims(&now(0)).unwrap();

    // Strings take their room in document order; the first that does not fit is reported with
    // its own decoded length.
    let mut used = 0;
    for (text, len) in ESCAPED {
        for short in [used, used + len - 1] {
            let mut scratch = vec![0u8; short];
            assert_eq!(
                claims.deserialize::<AppClaims<'_>>(&mut scratch),
                Err(Error::BufferTooSmall { needed: len }),
                "{text} with {short} bytes"
            );
        }
        used += len;
    }
    assert_eq!(used, scratch_needed());
    let mut scratch = vec![0u8; used];
    assert!(claims.deserialize::<AppClaims<'_>>(&mut scratch).is_ok());
}

#[test]
fn get_str_borrows_or_unescapes() {
    let token = sign_to_string(&HeaderParams::new(), APP.as_bytes(), &TestKey);
    let jws = UntrustedJws::parse(&token).unwrap();
    let mut buf = vec![0u8; jws.payload_len()];
    let verified = jws.verify(&TestKey, &mut buf).unwrap();
    let claims = verified.claims(&now(0)).unwrap();
    let mut out = [0u8; 32];
    assert_eq!(claims.get_str("plain", &mut out), Ok(Some("no escapes")));
    assert_eq!(claims.get_str("emoji", &mut out), Ok(Some("😀!")));
    assert_eq!(claims.get_str("nothing", &mut out), Ok(None));
    assert_eq!(
        claims.get_str("exp", &mut out),
        Err(Error::Json(Part::Payload))
    );
    assert_eq!(
        claims.get_str("url", &mut [0u8; 20]),
        Err(Error::BufferTooSmall { needed: 21 })
    );
    // A short buffer is fine for a string without escapes: it is borrowed.
    assert_eq!(claims.get_str("plain", &mut []), Ok(Some("no escapes")));
}

#[test]
fn user_claims_of_the_wrong_shape_are_json_errors() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code, reason = "only the outcome of deserializing matters")]
    struct Strict<'a> {
        iss: &'a str,
        exp: i32,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code, reason = "only the outcome of deserializing matters")]
    struct Needs {
        absent: u64,
    }
    let token = sign_to_string(&HeaderParams::new(), APP.as_bytes(), &TestKey);
    let jws = UntrustedJws::parse(&token).unwrap();
    let mut buf = vec![0u8; jws.payload_len()];
    let verified = jws.verify(&TestKey, &mut buf).unwrap();
    let claims = verified.claims(&now(0)).unwrap();
    let mut scratch = [0u8; 64];
    // 4000000000 does not fit an i32.
    assert_eq!(
        claims.deserialize::<Strict<'_>>(&mut scratch).unwrap_err(),
        Error::Json(Part::Payload)
    );
    assert_eq!(
        claims.deserialize::<Needs>(&mut scratch).unwrap_err(),
        Error::Json(Part::Payload)
    );
}

#[test]
fn numbers_beyond_f64_are_refused_not_infinite() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct Score {
        score: f64,
    }
    let score = |json: &str| {
        let token = sign_to_string(&HeaderParams::new(), json.as_bytes(), &TestKey);
        let jws = UntrustedJws::parse(&token).unwrap();
        let mut buf = vec![0u8; jws.payload_len()];
        let verified = jws.verify(&TestKey, &mut buf).unwrap();
        let claims = verified.claims(&now(0)).unwrap();
        claims.deserialize::<Score>(&mut [0u8; 16])
    };
    assert_eq!(score(r#"{"score":1.5e3}"#), Ok(Score { score: 1500.0 }));
    assert_eq!(score(r#"{"score":1e308}"#), Ok(Score { score: 1e308 }));
    for huge in ["1e400", "-1e400", "1E+309"] {
        assert_eq!(
            score(&format!(r#"{{"score":{huge}}}"#)),
            Err(Error::Json(Part::Payload)),
            "{huge}"
        );
    }
}

#[test]
fn a_string_field_refuses_a_number_followed_by_a_string() {
    // A number where a string is expected is refused, with a string after it too.
    #[derive(Debug, Deserialize, PartialEq)]
    struct Named<'a> {
        name: &'a str,
    }
    let named = |json: &str| {
        let token = sign_to_string(&HeaderParams::new(), json.as_bytes(), &TestKey);
        let jws = UntrustedJws::parse(&token).unwrap();
        let mut buf = vec![0u8; jws.payload_len()];
        let verified = jws.verify(&TestKey, &mut buf).unwrap();
        let claims = verified.claims(&now(0)).unwrap();
        let mut scratch = [0u8; 16];
        claims
            .deserialize::<Named<'_>>(&mut scratch)
            .map(|n| n.name.to_owned())
    };
    assert_eq!(named(r#"{"name":"ann","x":"y"}"#), Ok("ann".to_owned()));
    assert_eq!(
        named(r#"{"name":12,"x":"y"}"#),
        Err(Error::Json(Part::Payload))
    );
}

#[test]
fn every_claim_is_found_by_its_name() {
    let claims = [
        Claim::Iss,
        Claim::Sub,
        Claim::Aud,
        Claim::Exp,
        Claim::Nbf,
        Claim::Iat,
        Claim::Jti,
        Claim::Nonce,
        Claim::Azp,
        Claim::AuthTime,
        Claim::Acr,
        Claim::AtHash,
        Claim::CHash,
        Claim::ClientId,
        Claim::Htm,
        Claim::Htu,
        Claim::Ath,
        Claim::Cnf,
        Claim::State,
        Claim::Code,
    ];
    for claim in claims {
        assert_eq!(Claim::from_name(claim.name()), Some(claim), "{claim:?}");
    }
    for other in ["(required)", "C_HASH", "c_hash ", "", "name"] {
        assert_eq!(Claim::from_name(other), None, "{other:?}");
    }
}

#[test]
fn the_time_claims_are_read_back_as_validated() {
    let token = sign_to_string(
        &HeaderParams::new(),
        br#"{"iat":1000,"nbf":1500.25,"exp":4000}"#,
        &TestKey,
    );
    let jws = UntrustedJws::parse(&token).unwrap();
    let mut buf = vec![0u8; jws.payload_len()];
    let verified = jws.verify(&TestKey, &mut buf).unwrap();
    let claims = verified.claims(&now(2000)).unwrap();
    // `nbf` rounds up, `exp` down: never valid outside the window the token gave.
    assert_eq!(claims.nbf(), Some(at(1501)));
    assert_eq!(claims.exp(), Some(at(4000)));
    assert_eq!(claims.iat(), Some(at(1000)));
}
