//! SD-JWT (RFC 9901) interoperability between tinyjose and `sd-jwt-rs` 0.7.1 (the OpenWallet
//! Foundation's Rust implementation, written to draft 07), ES256 with key binding, both ways:
//!
//! - tinyjose issues and presents, `sd-jwt-rs`'s verifier accepts and returns the claims
//!   tinyjose's verifier returns, which are also written out here;
//! - `sd-jwt-rs` issues and its holder presents, tinyjose verifies to the claims `sd-jwt-rs`'s
//!   verifier returns, which are also written out here.
//!
//! `sd-jwt-rs` signs with `jsonwebtoken` 9 on `ring`, whose ECDSA signatures have a high `s` half
//! the time: tinyjose verifies them with `Limits::with_ecdsa_high_s`. The points where the two do
//! not interoperate are checked in `where_the_two_differ`.

#![expect(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test fixtures: a case that does not issue, present or verify must stop the test"
)]

#[path = "support/sd_jwt.rs"]
#[allow(dead_code, reason = "shared with the bench, which uses other parts")]
mod support;

use sd_jwt_rs::issuer::ClaimsForSelectiveDisclosureStrategy as Strategy;
use sd_jwt_rs::{SDJWTHolder, SDJWTIssuer, SDJWTSerializationFormat};
use serde_json::{Map, Value, json};
use support::{
    AUD, KB_IAT, NONCE, Party, VC_PATHS, VC_POINTERS, VCT, peer_verify, tiny_issue, tiny_present,
    tiny_validation, tiny_verify, vc_claims,
};
use tinyjose::{Claim, Disclosure, Error, SdJwtValidation, UnixTime, Validation};
use tinyjose_bench::{EXPIRES, ISSUED_AT, ISSUER, now};

/// `claims` with the issuer's registered claims (`iss`, `iat`, `exp`) added.
fn with_registered(claims: Value) -> Value {
    let mut map = claims.as_object().cloned().unwrap();
    map.insert("iss".into(), json!(ISSUER));
    map.insert("iat".into(), json!(ISSUED_AT));
    map.insert("exp".into(), json!(EXPIRES));
    Value::Object(map)
}

/// `claims` with `cnf` for `holder` added: what a key-bound verification returns.
fn with_cnf(claims: &Value, holder: &Party) -> Value {
    let mut map = claims.as_object().cloned().unwrap();
    map.insert("cnf".into(), holder.cnf().unwrap());
    Value::Object(map)
}

/// Which disclosures tinyjose's holder keeps.
#[derive(Clone, Copy, Debug)]
enum Keep {
    /// The object property of this name.
    Name(&'static str),
    /// The array element whose JSON is exactly this.
    Value(&'static str),
    /// The array element whose JSON contains this.
    ValueWith(&'static str),
}

impl Keep {
    fn accepts(self, d: &Disclosure<'_>) -> bool {
        match self {
            Self::Name(n) => d.is_named(n),
            Self::Value(v) => d.name().is_none() && d.value_json() == v,
            Self::ValueWith(v) => d.name().is_none() && d.value_json().contains(v),
        }
    }
}

/// A tinyjose case: name, header `typ`, claims (without `iss`, `iat`, `exp`), disclosable
/// pointers, what the holder keeps, and the claims the verifier must return (without the
/// registered ones and `cnf`).
struct TinyCase {
    name: &'static str,
    typ: &'static str,
    claims: Value,
    pointers: &'static [&'static str],
    keep: &'static [Keep],
    expected: Value,
}

fn tinyjose_cases() -> Vec<TinyCase> {
    use Keep::{Name, Value as V, ValueWith};
    let person = json!({"sub":"user_42","given_name":"Erika","family_name":"Müller","email":"erika@example.com","birthdate":"1963-08-12"});
    let flat: &[&str] = &["/given_name", "/family_name", "/email", "/birthdate"];
    let address = json!({"address":{"street_address":"Schulstr. 12","locality":"Schulpforta","region":"Sachsen-Anhalt","country":"DE"}});
    let structured: &[&str] = &[
        "/address/street_address",
        "/address/locality",
        "/address/region",
    ];
    let nations = json!({"nationalities":["DE","FR","PL"]});
    let array: &[&str] = &["/nationalities/1", "/nationalities/2"];
    let home =
        json!({"address":{"street_address":"Heidestraße 17","locality":"Köln","country":"DE"}});
    let recursive: &[&str] = &["/address", "/address/street_address", "/address/locality"];
    let degrees = json!({"degrees":[{"type":"BSc","university":"TU Berlin"},{"type":"MSc","university":"LMU"}]});
    let vc = vc_claims();
    let mut vc_bare = vc.as_object().cloned().unwrap();
    for registered in ["iss", "iat", "exp"] {
        vc_bare.remove(registered);
    }
    let vc_bare = Value::Object(vc_bare);
    let case = |name, claims: &Value, pointers, keep, expected| TinyCase {
        name,
        typ: "example+sd-jwt",
        claims: claims.clone(),
        pointers,
        keep,
        expected,
    };
    vec![
        case(
            "flat, all disclosed",
            &person,
            flat,
            &[
                Name("given_name"),
                Name("family_name"),
                Name("email"),
                Name("birthdate"),
            ],
            person.clone(),
        ),
        case(
            "flat, two of four",
            &person,
            flat,
            &[Name("given_name"), Name("email")],
            json!({"sub":"user_42","given_name":"Erika","email":"erika@example.com"}),
        ),
        case(
            "structured address, all disclosed",
            &address,
            structured,
            &[Name("street_address"), Name("locality"), Name("region")],
            address.clone(),
        ),
        case(
            "structured address, one member",
            &address,
            structured,
            &[Name("locality")],
            json!({"address":{"locality":"Schulpforta","country":"DE"}}),
        ),
        case(
            "array elements, all disclosed",
            &nations,
            array,
            &[V(r#""FR""#), V(r#""PL""#)],
            nations.clone(),
        ),
        case(
            "array elements, the last",
            &nations,
            array,
            &[V(r#""PL""#)],
            json!({"nationalities":["DE","PL"]}),
        ),
        case(
            "array elements, none",
            &nations,
            array,
            &[],
            json!({"nationalities":["DE"]}),
        ),
        case(
            "recursive address, all disclosed",
            &home,
            recursive,
            &[Name("address"), Name("street_address"), Name("locality")],
            home.clone(),
        ),
        case(
            "recursive address, one member",
            &home,
            recursive,
            &[Name("address"), Name("street_address")],
            json!({"address":{"street_address":"Heidestraße 17","country":"DE"}}),
        ),
        case(
            "recursive address, none of its members",
            &home,
            recursive,
            &[Name("address")],
            json!({"address":{"country":"DE"}}),
        ),
        case(
            "recursive array element objects",
            &degrees,
            &["/degrees/0", "/degrees/1", "/degrees/1/university"],
            &[ValueWith(r#""MSc""#), Name("university")],
            json!({"degrees":[{"type":"MSc","university":"LMU"}]}),
        ),
        TinyCase {
            name: "SD-JWT VC of the bench, ten disclosures",
            typ: "dc+sd-jwt",
            claims: vc_bare.clone(),
            pointers: &VC_POINTERS,
            keep: &[
                Name("given_name"),
                Name("family_name"),
                Name("birthdate"),
                Name("email"),
                Name("phone_number"),
                Name("address"),
                Name("street_address"),
                Name("locality"),
                Name("postal_code"),
                Name("age_over_18"),
            ],
            expected: vc_bare,
        },
    ]
}

/// tinyjose's presentation of `case`.
fn tinyjose_presents(case: &TinyCase, seed: u64, issuer: &Party, holder: &Party) -> String {
    let claims = with_registered(case.claims.clone());
    let sd_jwt = tiny_issue(&claims, case.pointers, 2, case.typ, issuer, holder, seed)
        .unwrap_or_else(|e| panic!("{}: issue: {e:?}", case.name));
    tiny_present(
        &sd_jwt,
        &mut |d| case.keep.iter().any(|k| k.accepts(d)),
        holder,
        KB_IAT,
    )
    .unwrap_or_else(|e| panic!("{}: present: {e:?}", case.name))
}

#[test]
fn sd_jwt_rs_verifies_what_tinyjose_issues_and_presents() {
    let (issuer, holder) = (Party::issuer().unwrap(), Party::holder().unwrap());
    let cases = tinyjose_cases();
    for (seed, case) in (1..).zip(&cases) {
        let presentation = tinyjose_presents(case, seed, &issuer, &holder);
        assert_eq!(
            presentation.split('~').count() - 2,
            case.keep.len(),
            "{}",
            case.name
        );
        let expected = with_cnf(&with_registered(case.expected.clone()), &holder);
        let (ours, bound) =
            tiny_verify(&presentation, &issuer, &tiny_validation(KB_IAT + 10), false)
                .unwrap_or_else(|e| panic!("{}: tinyjose: {e:?}", case.name));
        assert!(bound, "{}", case.name);
        assert_eq!(ours, expected, "{}: tinyjose", case.name);
        let theirs = peer_verify(&presentation, &issuer, Some((AUD, NONCE)))
            .unwrap_or_else(|e| panic!("{}: sd-jwt-rs: {e:?}", case.name));
        assert_eq!(theirs, expected, "{}: sd-jwt-rs", case.name);
    }
    assert_eq!(cases.len(), 12);
}

#[test]
fn sd_jwt_rs_refuses_a_tinyjose_presentation_bound_elsewhere() {
    let (issuer, holder) = (Party::issuer().unwrap(), Party::holder().unwrap());
    let cases = tinyjose_cases();
    let vc = cases.last().unwrap();
    let presentation = tinyjose_presents(vc, 99, &issuer, &holder);
    assert!(peer_verify(&presentation, &issuer, Some((AUD, NONCE))).is_ok());
    // Another nonce, another audience.
    assert!(peer_verify(&presentation, &issuer, Some((AUD, "another nonce"))).is_err());
    assert!(
        peer_verify(
            &presentation,
            &issuer,
            Some(("https://other.example", NONCE))
        )
        .is_err()
    );
    // A disclosure dropped after binding: `sd_hash` no longer covers the presentation.
    let mut parts: Vec<&str> = presentation.split('~').collect();
    parts.remove(1);
    let dropped = parts.join("~");
    assert!(peer_verify(&dropped, &issuer, Some((AUD, NONCE))).is_err());
    assert_eq!(
        tiny_verify(&dropped, &issuer, &tiny_validation(KB_IAT + 10), false).unwrap_err(),
        Error::ClaimMismatch(Claim::SdHash)
    );
    // Signed by another key than `cnf.jwk`'s.
    let thief = Party::new(&[0x11; 32]).unwrap();
    let sd_jwt = tiny_issue(
        &vc_claims(),
        &VC_POINTERS,
        2,
        "dc+sd-jwt",
        &issuer,
        &holder,
        5,
    )
    .unwrap();
    let stolen = tiny_present(&sd_jwt, &mut |_| true, &thief, KB_IAT).unwrap();
    assert!(peer_verify(&stolen, &issuer, Some((AUD, NONCE))).is_err());
}

/// A `sd-jwt-rs` case: name, strategy (its JSONPaths), claims (without `iss`, `iat`, `exp`),
/// decoys, what its holder discloses, and the claims a verifier must return (without the
/// registered ones and `cnf`).
struct PeerCase {
    name: &'static str,
    strategy: Strategy<'static>,
    claims: Value,
    decoys: bool,
    disclose: Value,
    expected: Value,
}

fn sd_jwt_rs_cases() -> Vec<PeerCase> {
    let person = json!({"sub":"user_42","given_name":"Erika","family_name":"Müller","email":"erika@example.com","birthdate":"1963-08-12"});
    let flat = || {
        Strategy::Custom(vec![
            "$.given_name",
            "$.family_name",
            "$.email",
            "$.birthdate",
        ])
    };
    let address = json!({"address":{"street_address":"Schulstr. 12","locality":"Schulpforta","region":"Sachsen-Anhalt","country":"DE"}});
    let nations = json!({"nationalities":["DE","FR","PL"]});
    let home =
        json!({"address":{"street_address":"Heidestraße 17","locality":"Köln","country":"DE"}});
    let everything = json!({
        "sub":"user_42","given_name":"Erika","email":"erika@example.com",
        "address":{"street_address":"Heidestraße 17","locality":"Köln","country":"DE"},
        "nationalities":["DE","FR"],
        "degrees":[{"type":"BSc","university":"TU Berlin"},{"type":"MSc","university":"LMU"}],
        "age_over_18":true
    });
    let vc = vc_claims();
    let mut vc_bare = vc.as_object().cloned().unwrap();
    for registered in ["iss", "iat", "exp"] {
        vc_bare.remove(registered);
    }
    let vc_bare = Value::Object(vc_bare);
    vec![
        PeerCase {
            name: "flat, two of four",
            strategy: flat(),
            claims: person.clone(),
            decoys: false,
            disclose: json!({"given_name":true,"email":true}),
            expected: json!({"sub":"user_42","given_name":"Erika","email":"erika@example.com"}),
        },
        PeerCase {
            name: "flat, all disclosed, decoys",
            strategy: flat(),
            claims: person.clone(),
            decoys: true,
            disclose: json!({"given_name":true,"family_name":true,"email":true,"birthdate":true}),
            expected: person.clone(),
        },
        PeerCase {
            name: "structured address, one member",
            strategy: Strategy::Custom(vec![
                "$.address.street_address",
                "$.address.locality",
                "$.address.region",
            ]),
            claims: address,
            decoys: false,
            disclose: json!({"address":{"locality":true}}),
            expected: json!({"address":{"locality":"Schulpforta","country":"DE"}}),
        },
        PeerCase {
            name: "array elements, the last",
            strategy: Strategy::Custom(vec!["$.nationalities[1]", "$.nationalities[2]"]),
            claims: nations,
            decoys: false,
            disclose: json!({"nationalities":[false,false,true]}),
            expected: json!({"nationalities":["DE","PL"]}),
        },
        PeerCase {
            name: "recursive address, one member",
            strategy: Strategy::Custom(vec![
                "$.address",
                "$.address.street_address",
                "$.address.locality",
            ]),
            claims: home.clone(),
            decoys: false,
            disclose: json!({"address":{"street_address":true}}),
            expected: json!({"address":{"street_address":"Heidestraße 17","country":"DE"}}),
        },
        PeerCase {
            name: "top level, decoys, two claims",
            strategy: Strategy::TopLevel,
            claims: everything.clone(),
            decoys: true,
            disclose: json!({"given_name":true,"address":true}),
            expected: json!({"address":{"street_address":"Heidestraße 17","locality":"Köln","country":"DE"},"given_name":"Erika"}),
        },
        PeerCase {
            name: "all levels, decoys, everything disclosed",
            strategy: Strategy::AllLevels,
            claims: everything.clone(),
            decoys: true,
            disclose: json!({
                "sub":true,"given_name":true,"email":true,
                "address":{"street_address":true,"locality":true,"country":true},
                "nationalities":[true,true],
                "degrees":[{"type":true,"university":true},{"type":true,"university":true}],
                "age_over_18":true
            }),
            expected: everything.clone(),
        },
        PeerCase {
            name: "all levels, decoys, one array element object in part",
            strategy: Strategy::AllLevels,
            claims: everything,
            decoys: true,
            disclose: json!({"degrees":[false,{"type":true}]}),
            expected: json!({"degrees":[{"type":"MSc"}]}),
        },
        PeerCase {
            name: "SD-JWT VC of the bench, ten disclosures",
            strategy: Strategy::Custom(VC_PATHS.to_vec()),
            claims: vc_bare.clone(),
            decoys: true,
            disclose: json!({
                "given_name":true,"family_name":true,"birthdate":true,"email":true,
                "phone_number":true,"age_over_18":true,
                "address":{"street_address":true,"locality":true,"postal_code":true}
            }),
            expected: vc_bare,
        },
    ]
}

/// `sd-jwt-rs` issues `claims` bound to `holder`, then its holder presents `disclose` with a Key
/// Binding JWT for [`AUD`] and [`NONCE`].
fn sd_jwt_rs_presents(
    claims: Value,
    strategy: Strategy<'_>,
    decoys: bool,
    disclose: &Value,
    issuer: &Party,
    holder: &Party,
) -> String {
    let sd_jwt = SDJWTIssuer::new(issuer.encoding.clone(), Some("ES256".into()))
        .issue_sd_jwt(
            with_registered(claims),
            strategy,
            Some(holder.jwk.clone()),
            decoys,
            SDJWTSerializationFormat::Compact,
        )
        .expect("sd-jwt-rs issues");
    SDJWTHolder::new(sd_jwt, SDJWTSerializationFormat::Compact)
        .expect("sd-jwt-rs holder")
        .create_presentation(
            disclose.as_object().cloned().unwrap_or_else(Map::new),
            Some(NONCE.into()),
            Some(AUD.into()),
            Some(holder.encoding.clone()),
            Some("ES256".into()),
        )
        .expect("sd-jwt-rs presents")
}

#[test]
fn tinyjose_verifies_what_sd_jwt_rs_issues_and_presents() {
    let (issuer, holder) = (Party::issuer().unwrap(), Party::holder().unwrap());
    let cases = sd_jwt_rs_cases();
    for case in cases {
        let presentation = sd_jwt_rs_presents(
            case.claims,
            case.strategy,
            case.decoys,
            &case.disclose,
            &issuer,
            &holder,
        );
        let expected = with_cnf(&with_registered(case.expected), &holder);
        let theirs = peer_verify(&presentation, &issuer, Some((AUD, NONCE)))
            .unwrap_or_else(|e| panic!("{}: sd-jwt-rs: {e:?}", case.name));
        assert_eq!(theirs, expected, "{}: sd-jwt-rs", case.name);
        // The Key Binding JWT's `iat` is the holder's clock: the verifier reads it after.
        let (ours, bound) = tiny_verify(&presentation, &issuer, &tiny_validation(now()), true)
            .unwrap_or_else(|e| panic!("{}: tinyjose: {e:?}", case.name));
        assert!(bound, "{}", case.name);
        assert_eq!(ours, theirs, "{}: tinyjose", case.name);
        // Under the default limits, the only refusal is of a high-S signature (`ring` does not
        // normalize `s`; about half of the issuer's and the holder's signatures have a high one).
        match tiny_verify(&presentation, &issuer, &tiny_validation(now()), false) {
            Ok((strict, _)) => assert_eq!(strict, theirs, "{}", case.name),
            Err(e) => assert_eq!(e, Error::InvalidSignature, "{}", case.name),
        }
    }
    assert_eq!(sd_jwt_rs_cases().len(), 9);
}

#[test]
fn tinyjose_refuses_a_sd_jwt_rs_presentation_bound_elsewhere() {
    let (issuer, holder) = (Party::issuer().unwrap(), Party::holder().unwrap());
    let case = sd_jwt_rs_cases().pop().unwrap();
    let presentation = sd_jwt_rs_presents(
        case.claims,
        case.strategy,
        case.decoys,
        &case.disclose,
        &issuer,
        &holder,
    );
    let at = now();
    assert!(tiny_verify(&presentation, &issuer, &tiny_validation(at), true).is_ok());
    let other = SdJwtValidation::new(Validation::new(UnixTime::from_secs(at)).issuer(ISSUER))
        .key_binding(AUD, "another nonce");
    assert_eq!(
        tiny_verify(&presentation, &issuer, &other, true).unwrap_err(),
        Error::ClaimMismatch(Claim::Nonce)
    );
    let mut parts: Vec<&str> = presentation.split('~').collect();
    parts.remove(1);
    assert_eq!(
        tiny_verify(&parts.join("~"), &issuer, &tiny_validation(at), true).unwrap_err(),
        Error::ClaimMismatch(Claim::SdHash)
    );
}

/// Where the two do not interoperate, or disagree on what RFC 9901 allows.
#[test]
fn where_the_two_differ() {
    let (issuer, holder) = (Party::issuer().unwrap(), Party::holder().unwrap());
    let at = now();

    // 1. `sd-jwt-rs` cannot set the issuer-signed JWT's `typ` (its `typ` is private and never
    //    set; extra header parameters are `unimplemented!`), so its SD-JWT VC has no `typ`
    //    `dc+sd-jwt` and a verifier of SD-JWT VCs refuses it (draft-ietf-oauth-sd-jwt-vc
    //    §3.2.1). tinyjose accepts the same presentation as a plain SD-JWT (the test above).
    let vc = sd_jwt_rs_cases().pop().unwrap();
    let presentation = sd_jwt_rs_presents(
        vc.claims,
        vc.strategy,
        vc.decoys,
        &vc.disclose,
        &issuer,
        &holder,
    );
    let types = [VCT];
    let as_vc = tiny_validation(at).vct(&types);
    assert_eq!(
        tiny_verify(&presentation, &issuer, &as_vc, true).unwrap_err(),
        Error::TypeMismatch
    );

    // 2. `sd-jwt-rs` verifies the issuer-signed JWT with `jsonwebtoken`'s default validation,
    //    which requires `exp`; RFC 9901 does not (§4.1: `exp` is optional), and tinyjose
    //    accepts an SD-JWT without it. (An `aud` in the issuer-signed JWT is refused by both
    //    when the verifier names no audience: RFC 7519 §4.1.3.)
    let no_exp = json!({"iss": ISSUER, "iat": ISSUED_AT, "given_name": "Erika"});
    let sd_jwt = tiny_issue(
        &no_exp,
        &["/given_name"],
        0,
        "example+sd-jwt",
        &issuer,
        &holder,
        3,
    )
    .unwrap();
    let p = tiny_present(&sd_jwt, &mut |_| true, &holder, KB_IAT).unwrap();
    assert!(tiny_verify(&p, &issuer, &tiny_validation(KB_IAT + 10), false).is_ok());
    assert!(peer_verify(&p, &issuer, Some((AUD, NONCE))).is_err());
    let with_aud = json!({"iss": ISSUER, "exp": EXPIRES, "aud": "https://wallet.example"});
    let sd_jwt = tiny_issue(&with_aud, &[], 0, "example+sd-jwt", &issuer, &holder, 3).unwrap();
    let p = tiny_present(&sd_jwt, &mut |_| true, &holder, KB_IAT).unwrap();
    assert_eq!(
        tiny_verify(&p, &issuer, &tiny_validation(KB_IAT + 10), false).unwrap_err(),
        Error::AudienceMismatch
    );
    assert!(peer_verify(&p, &issuer, Some((AUD, NONCE))).is_err());

    // 3. An empty array anywhere in the claims: `sd-jwt-rs`'s verifier refuses it ("Array of
    //    disclosed claims cannot be empty"), also when nothing in it was disclosable.
    let empty = json!({"iss": ISSUER, "exp": EXPIRES, "given_name": "Erika", "roles": []});
    let sd_jwt = tiny_issue(
        &empty,
        &["/given_name"],
        0,
        "example+sd-jwt",
        &issuer,
        &holder,
        4,
    )
    .unwrap();
    let p = tiny_present(&sd_jwt, &mut |_| true, &holder, KB_IAT).unwrap();
    let (claims, _) = tiny_verify(&p, &issuer, &tiny_validation(KB_IAT + 10), false).unwrap();
    assert_eq!(claims["roles"], json!([]));
    assert!(peer_verify(&p, &issuer, Some((AUD, NONCE))).is_err());

    // 4. No `iss`: `sd-jwt-rs`'s verifier panics (it indexes the unverified payload's `iss` to
    //    find the issuer's key); RFC 9901 does not require `iss`.
    let anonymous = json!({"exp": EXPIRES, "given_name": "Erika"});
    let sd_jwt = tiny_issue(
        &anonymous,
        &["/given_name"],
        0,
        "example+sd-jwt",
        &issuer,
        &holder,
        6,
    )
    .unwrap();
    let p = tiny_present(&sd_jwt, &mut |_| true, &holder, KB_IAT).unwrap();
    let v = SdJwtValidation::new(Validation::new(UnixTime::from_secs(KB_IAT + 10)))
        .key_binding(AUD, NONCE);
    assert!(tiny_verify(&p, &issuer, &v, false).is_ok());
    // (The panic's message is captured with the test's output.)
    let outcome = std::panic::catch_unwind(|| peer_verify(&p, &issuer, Some((AUD, NONCE))).is_ok());
    assert!(outcome.is_err(), "sd-jwt-rs no longer panics without `iss`");
}
