//! SD-JWT (RFC 9901): issue, present and verify round trips, and every refusal of a hostile
//! presentation with its exact error.

#![cfg(all(feature = "sd-jwt", feature = "es256", feature = "eddsa"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unwrap_in_result,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

use common::{TestRng, b64e, sign_to_string};
use sha2::{Digest, Sha256};
use tinyjose::{
    Claim, DisclosureReason, Ed25519SigningKey, Error, Es256SigningKey, Es256VerifyingKey,
    HeaderParams, HmacKey, JwkKey, JwsSigner, KeyBindingParams, Limit, Limits, Part, SdJwtIssue,
    SdJwtValidation, UnixTime, UntrustedSdJwt, Validation, issue_sd_jwt, present_sd_jwt,
};

const NOW: u64 = 1_700_000_000;
const AUD: &str = "https://verifier.example";
const NONCE: &str = "n-0S6_WzA2Mj";
const ISS: &str = "https://issuer.example";

fn issuer() -> Es256SigningKey {
    Es256SigningKey::from_bytes(&[1; 32]).unwrap()
}

fn holder() -> Es256SigningKey {
    Es256SigningKey::from_bytes(&[2; 32]).unwrap()
}

fn holder_jwk() -> JwkKey {
    JwkKey::Es256(holder().verifying_key())
}

const CLAIMS: &str = r#"{"iss":"https://issuer.example","iat":1699999000,"exp":1800000000,"given_name":"Erika","family_name":"Mustermann","address":{"street_address":"Heidestraße 17","locality":"Köln","country":"DE"},"nationalities":["DE","FR"],"age_over_18":true}"#;

const DISCLOSABLE: [&str; 7] = [
    "/given_name",
    "/family_name",
    "/address",
    "/address/street_address",
    "/address/locality",
    "/nationalities/1",
    "/age_over_18",
];

/// The SD-JWT of `CLAIMS`, bound to the holder's key, with three decoys.
fn issued() -> String {
    let jwk = holder_jwk();
    let params = SdJwtIssue::new(HeaderParams::new().typ("dc+sd-jwt"))
        .disclosable(&DISCLOSABLE)
        .decoys(3)
        .holder(&jwk);
    let (mut scratch, mut out) = ([0u8; 4096], [0u8; 4096]);
    issue_sd_jwt(
        CLAIMS,
        &params,
        &issuer(),
        &mut TestRng(7),
        &mut scratch,
        &mut out,
    )
    .unwrap()
    .to_owned()
}

fn kb_params(iat: u64) -> KeyBindingParams<'static> {
    KeyBindingParams::new(AUD, NONCE, UnixTime::from_secs(iat))
}

/// A presentation of `sd_jwt` keeping the disclosures `keep` names (array elements by value),
/// with a Key Binding JWT by `signer` when given.
fn present(sd_jwt: &str, keep: &[&str], signer: Option<&dyn JwsSigner>) -> Result<String, Error> {
    let params = kb_params(NOW);
    let (mut scratch, mut out) = ([0u8; 4096], [0u8; 4096]);
    present_sd_jwt(
        sd_jwt,
        &mut |d| {
            keep.iter()
                .any(|k| d.is_named(k) || (d.name().is_none() && d.value_json() == *k))
        },
        signer.map(|s| (s, &params)),
        &mut scratch,
        &mut out,
    )
    .map(str::to_owned)
}

fn validation() -> SdJwtValidation<'static> {
    SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW)).issuer(ISS))
        .key_binding(AUD, NONCE)
}

/// Verifies `presentation` with the issuer's key, returning the disclosed claims.
fn verify_with(presentation: &str, v: &SdJwtValidation<'_>) -> Result<String, Error> {
    let sd_jwt = UntrustedSdJwt::parse(presentation)?;
    let mut scratch = vec![0u8; sd_jwt.scratch_len()];
    let mut out = [0u8; 4096];
    let verified = sd_jwt.verify(&issuer().verifying_key(), v, &mut scratch, &mut out)?;
    Ok(verified.claims().json().to_owned())
}

fn verify(presentation: &str) -> Result<String, Error> {
    verify_with(presentation, &validation())
}

/// The holder's public JWK as the issuer writes it into `cnf`.
fn cnf() -> String {
    let mut buf = [0u8; 256];
    let jwk = holder_jwk().public_jwk(&mut buf).unwrap().to_owned();
    format!(r#""cnf":{{"jwk":{jwk}}}"#)
}

#[test]
fn everything_disclosed_rebuilds_the_claims() {
    let presentation = present(
        &issued(),
        &[
            "given_name",
            "family_name",
            "address",
            "street_address",
            "locality",
            r#""FR""#,
            "age_over_18",
        ],
        Some(&holder()),
    )
    .unwrap();
    // Disclosed claims follow the object's own members, in the order of the sorted digests.
    let claims: serde_json::Value = serde_json::from_str(&verify(&presentation).unwrap()).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&format!(
        r#"{{"iss":"https://issuer.example","iat":1699999000,"exp":1800000000,"given_name":"Erika","family_name":"Mustermann","address":{{"street_address":"Heidestraße 17","locality":"Köln","country":"DE"}},"nationalities":["DE","FR"],"age_over_18":true,{}}}"#,
        cnf()
    ))
    .unwrap();
    assert_eq!(claims, expected);
}

#[test]
fn only_what_the_holder_chose_is_disclosed() {
    let presentation = present(&issued(), &["given_name", "address"], Some(&holder())).unwrap();
    let claims = verify(&presentation).unwrap();
    assert_eq!(
        claims,
        format!(
            r#"{{"iss":"https://issuer.example","iat":1699999000,"exp":1800000000,"nationalities":["DE"],{},"address":{{"country":"DE"}},"given_name":"Erika"}}"#,
            cnf()
        )
        .replace(
            r#","address":{"country":"DE"},"given_name":"Erika""#,
            &order_of(&presentation, &["address", "given_name"]),
        )
    );
}

/// The two disclosed members `names` (`address` with only `country`, `given_name`) in the
/// order their digests are sorted in the payload.
fn order_of(presentation: &str, names: &[&str]) -> String {
    let d = |name: &str| {
        let disclosure = presentation
            .split('~')
            .skip(1)
            .find(|d| {
                String::from_utf8(common::b64d(d))
                    .unwrap()
                    .contains(&format!("\"{name}\""))
            })
            .unwrap();
        b64e(&Sha256::digest(disclosure.as_bytes()))
    };
    let payload = String::from_utf8(common::b64d(presentation.split('.').nth(1).unwrap())).unwrap();
    let mut at: Vec<(usize, &str)> = names
        .iter()
        .map(|n| (payload.find(&d(n)).unwrap(), *n))
        .collect();
    at.sort_unstable();
    at.iter()
        .map(|(_, n)| match *n {
            "address" => r#","address":{"country":"DE"}"#,
            _ => r#","given_name":"Erika""#,
        })
        .collect()
}

#[test]
fn a_nested_claim_is_presented_with_the_objects_it_is_inside() {
    // `street_address` is inside the disclosable `address`: both are presented.
    let presentation = present(&issued(), &["street_address"], Some(&holder())).unwrap();
    assert_eq!(presentation.split('~').count(), 4);
    let claims: serde_json::Value = serde_json::from_str(&verify(&presentation).unwrap()).unwrap();
    assert_eq!(
        claims["address"],
        serde_json::json!({"street_address": "Heidestraße 17", "country": "DE"})
    );
    assert!(claims.get("given_name").is_none());
}

#[test]
fn an_eddsa_holder_binds_too() {
    let holder = Ed25519SigningKey::from_bytes(&[9; 32]).unwrap();
    let jwk = JwkKey::Ed25519(holder.verifying_key());
    let params = SdJwtIssue::new(HeaderParams::new())
        .disclosable(&["/given_name"])
        .holder(&jwk);
    let (mut scratch, mut out) = ([0u8; 2048], [0u8; 2048]);
    let sd_jwt = issue_sd_jwt(
        r#"{"iss":"https://issuer.example","given_name":"Erika"}"#,
        &params,
        &issuer(),
        &mut TestRng(1),
        &mut scratch,
        &mut out,
    )
    .unwrap()
    .to_owned();
    let presentation = present(&sd_jwt, &["given_name"], Some(&holder)).unwrap();
    assert!(
        verify(&presentation)
            .unwrap()
            .ends_with(r#""given_name":"Erika"}"#)
    );
}

// Hostile presentations, made by hand: `craft` signs any payload as the issuer.

fn disclosure(json: &str) -> String {
    b64e(json.as_bytes())
}

fn digest_of(disclosure: &str) -> String {
    b64e(&Sha256::digest(disclosure.as_bytes()))
}

fn craft(payload: &str, disclosures: &[&str]) -> String {
    let jwt = sign_to_string(
        &HeaderParams::new().typ("example+sd-jwt"),
        payload.as_bytes(),
        &issuer(),
    );
    let mut s = jwt;
    for d in disclosures {
        s.push('~');
        s.push_str(d);
    }
    s.push('~');
    s
}

fn no_kb() -> SdJwtValidation<'static> {
    SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW)))
}

#[test]
fn a_crafted_sd_jwt_verifies_as_the_rfc_says() {
    let name = disclosure(r#"["salt-1","given_name","Erika"]"#);
    let elem = disclosure(r#"["salt-2","FR"]"#);
    let payload = format!(
        r#"{{"_sd":["{}","{}"],"nationalities":["DE",{{"...":"{}"}},{{"...":"{}"}}],"_sd_alg":"sha-256"}}"#,
        digest_of(&name),
        b64e(&[7; 32]),
        digest_of(&elem),
        b64e(&[8; 32]),
    );
    let sd = craft(&payload, &[&name, &elem]);
    assert_eq!(
        verify_with(&sd, &no_kb()).unwrap(),
        r#"{"nationalities":["DE","FR"],"given_name":"Erika"}"#
    );
    // Nothing disclosed: the digests vanish.
    let sd = craft(&payload, &[]);
    assert_eq!(
        verify_with(&sd, &no_kb()).unwrap(),
        r#"{"nationalities":["DE"]}"#
    );
}

#[test]
fn a_digest_listed_twice_is_refused() {
    let name = disclosure(r#"["salt-1","given_name","Erika"]"#);
    let twice = format!(r#"{{"_sd":["{0}","{0}"]}}"#, digest_of(&name));
    let dup = Err(Error::Disclosure(DisclosureReason::DuplicateDigest));
    assert_eq!(verify_with(&craft(&twice, &[&name]), &no_kb()), dup);
    // Undisclosed, and in two places.
    let decoy = b64e(&[5; 32]);
    let spread = format!(r#"{{"_sd":["{decoy}"],"a":{{"_sd":["{decoy}"]}}}}"#);
    assert_eq!(verify_with(&craft(&spread, &[]), &no_kb()), dup);
    // In an array and in an `_sd` list.
    let elem = disclosure(r#"["salt-2","FR"]"#);
    let mixed = format!(
        r#"{{"_sd":["{0}"],"n":[{{"...":"{0}"}}]}}"#,
        digest_of(&elem)
    );
    assert_eq!(verify_with(&craft(&mixed, &[&elem]), &no_kb()), dup);
    // The same disclosure sent twice.
    let once = format!(r#"{{"_sd":["{}"]}}"#, digest_of(&name));
    assert_eq!(verify_with(&craft(&once, &[&name, &name]), &no_kb()), dup);
}

#[test]
fn a_claim_whose_value_is_a_digest_is_no_second_digest() {
    // Two disclosures whose digests begin with the same two bytes in some order, so that the
    // second looks met before to a filter of those bytes: only digests count.
    let a = disclosure(r#"["salt-a","a",1]"#);
    let da = Sha256::digest(a.as_bytes());
    let b = (0u32..)
        .map(|i| disclosure(&format!(r#"["salt-{i}","b",2]"#)))
        .find(|b| {
            let db = Sha256::digest(b.as_bytes());
            [db[0], db[1]].iter().all(|x| *x == da[0] || *x == da[1])
        })
        .unwrap();
    for note in [digest_of(&a), digest_of(&b)] {
        let payload = format!(
            r#"{{"_sd":["{}","{}"],"note":"{note}"}}"#,
            digest_of(&a),
            digest_of(&b)
        );
        assert_eq!(
            verify_with(&craft(&payload, &[&a, &b]), &no_kb()).unwrap(),
            format!(r#"{{"note":"{note}","a":1,"b":2}}"#)
        );
    }
}

#[test]
fn a_disclosure_no_digest_refers_to_is_refused() {
    let name = disclosure(r#"["salt-1","given_name","Erika"]"#);
    let other = disclosure(r#"["salt-9","admin",true]"#);
    let payload = format!(r#"{{"_sd":["{}"]}}"#, digest_of(&name));
    assert_eq!(
        verify_with(&craft(&payload, &[&name, &other]), &no_kb()),
        Err(Error::Disclosure(DisclosureReason::Unreferenced))
    );
    // A tampered salt is another disclosure.
    let tampered = disclosure(r#"["salt-2","given_name","Erika"]"#);
    assert_eq!(
        verify_with(&craft(&payload, &[&tampered]), &no_kb()),
        Err(Error::Disclosure(DisclosureReason::Unreferenced))
    );
    // So is a tampered value, in an issued SD-JWT.
    let sd = issued();
    let first = sd.split('~').nth(1).unwrap();
    let text = String::from_utf8(common::b64d(first)).unwrap();
    let evil = disclosure(
        &text
            .replace("Erika", "Mallory")
            .replace("Mustermann", "Mallory"),
    );
    let forged = sd.replace(first, &evil);
    let presentation = present(&forged, &["given_name", "family_name"], Some(&holder())).unwrap();
    assert_eq!(
        verify(&presentation),
        Err(Error::Disclosure(DisclosureReason::Unreferenced))
    );
}

#[test]
fn a_disclosure_may_not_take_a_reserved_or_existing_name() {
    for (json, reason) in [
        (r#"["s","_sd","x"]"#, DisclosureReason::ReservedName),
        (r#"["s","...","x"]"#, DisclosureReason::ReservedName),
        (
            r#"["s","_sd_alg","sha-256"]"#,
            DisclosureReason::ReservedName,
        ),
        (r#"["s","role","admin"]"#, DisclosureReason::ClaimExists),
        (r#"["s","FR"]"#, DisclosureReason::WrongForm),
    ] {
        let d = disclosure(json);
        let payload = format!(r#"{{"role":"user","_sd":["{}"]}}"#, digest_of(&d));
        assert_eq!(
            verify_with(&craft(&payload, &[&d]), &no_kb()),
            Err(Error::Disclosure(reason)),
            "{json}"
        );
    }
    // Two disclosures of one name in one object.
    let (a, b) = (
        disclosure(r#"["s1","role","user"]"#),
        disclosure(r#"["s2","role","admin"]"#),
    );
    let payload = format!(r#"{{"_sd":["{}","{}"]}}"#, digest_of(&a), digest_of(&b));
    assert_eq!(
        verify_with(&craft(&payload, &[&a, &b]), &no_kb()),
        Err(Error::Disclosure(DisclosureReason::ClaimExists))
    );
    // An object property where an array element belongs.
    let d = disclosure(r#"["s","n","FR"]"#);
    let payload = format!(r#"{{"n":[{{"...":"{}"}}]}}"#, digest_of(&d));
    assert_eq!(
        verify_with(&craft(&payload, &[&d]), &no_kb()),
        Err(Error::Disclosure(DisclosureReason::WrongForm))
    );
}

#[test]
fn claims_that_decide_validity_are_never_selectively_disclosed() {
    for name in ["iss", "exp", "nbf", "cnf", "vct", "status"] {
        let d = disclosure(&format!(r#"["s","{name}",1]"#));
        let payload = format!(r#"{{"_sd":["{}"]}}"#, digest_of(&d));
        assert_eq!(
            verify_with(&craft(&payload, &[&d]), &no_kb()),
            Err(Error::Disclosure(DisclosureReason::ValidityClaim)),
            "{name}"
        );
        // Kept back, it is simply absent: refused all the same, as the holder cannot choose.
        assert_eq!(verify_with(&craft(&payload, &[]), &no_kb()).unwrap(), "{}");
        // Inside another claim, the name is any name.
        let payload = format!(r#"{{"a":{{"_sd":["{}"]}}}}"#, digest_of(&d));
        assert_eq!(
            verify_with(&craft(&payload, &[&d]), &no_kb()).unwrap(),
            format!(r#"{{"a":{{"{name}":1}}}}"#)
        );
    }
}

#[test]
fn malformed_disclosures_and_digests_are_refused() {
    let payload = r#"{"_sd":[]}"#;
    for (d, err) in [
        ("not*base64".to_owned(), Error::Base64(Part::Disclosure)),
        (disclosure("[\"s\",\"n\""), Error::Json(Part::Disclosure)),
        (disclosure(r#"{"s":"n"}"#), Error::Json(Part::Disclosure)),
        (disclosure(r#"["s"]"#), Error::Malformed(Part::Disclosure)),
        (
            disclosure(r#"["s","n",1,2]"#),
            Error::Malformed(Part::Disclosure),
        ),
        (
            disclosure(r#"[1,"n",1]"#),
            Error::Malformed(Part::Disclosure),
        ),
        (
            disclosure(r#"["s",1,1]"#),
            Error::Malformed(Part::Disclosure),
        ),
    ] {
        assert_eq!(
            verify_with(&craft(payload, &[&d]), &no_kb()),
            Err(err),
            "{d}"
        );
    }
    for payload in [
        r#"{"_sd":"abc"}"#,
        r#"{"_sd":[1]}"#,
        r#"{"_sd":["short"]}"#,
        r#"{"a":[{"...":5}]}"#,
    ] {
        assert_eq!(
            verify_with(&craft(payload, &[]), &no_kb()),
            Err(Error::Malformed(Part::Payload)),
            "{payload}"
        );
    }
}

#[test]
fn only_sha_256_digests_are_accepted() {
    for (alg, err) in [
        (r#""sha-512""#, Error::UnsupportedAlg),
        (r#""none""#, Error::UnsupportedAlg),
        (r#""SHA-256""#, Error::UnsupportedAlg),
        ("5", Error::InvalidClaim(Claim::SdAlg)),
    ] {
        let payload = format!(r#"{{"_sd_alg":{alg},"a":1}}"#);
        assert_eq!(
            verify_with(&craft(&payload, &[]), &no_kb()),
            Err(err),
            "{alg}"
        );
    }
    let payload = r#"{"_sd_alg":"sha-256","a":1}"#;
    assert_eq!(
        verify_with(&craft(payload, &[]), &no_kb()).unwrap(),
        r#"{"a":1}"#
    );
}

#[test]
fn the_structure_is_checked_first() {
    let sd = issued();
    let jwt = sd.split('~').next().unwrap();
    assert_eq!(
        UntrustedSdJwt::parse(jwt).unwrap_err(),
        Error::Malformed(Part::Token)
    );
    let empty = sd.replacen('~', "~~", 1);
    assert_eq!(
        UntrustedSdJwt::parse(&empty).unwrap_err(),
        Error::Malformed(Part::Token)
    );
    let many = format!("{jwt}~{}", "WyJzIiwxXQ~".repeat(65));
    assert_eq!(
        UntrustedSdJwt::parse(&many).unwrap_err(),
        Error::LimitExceeded(Limit::Disclosures)
    );
    let small = UntrustedSdJwt::<'_, 2>::parse_with_capacity(&sd, &Limits::DEFAULT);
    assert_eq!(small.unwrap_err(), Error::LimitExceeded(Limit::Disclosures));
    let long = Limits::DEFAULT.with_token_len(100);
    assert_eq!(
        UntrustedSdJwt::parse_with_limits(&sd, &long).unwrap_err(),
        Error::LimitExceeded(Limit::TokenLength)
    );
}

#[test]
fn the_issuer_signature_and_key_are_checked() {
    let presentation = present(&issued(), &["given_name"], Some(&holder())).unwrap();
    let sd_jwt = UntrustedSdJwt::parse(&presentation).unwrap();
    let mut scratch = vec![0u8; sd_jwt.scratch_len()];
    let mut out = [0u8; 4096];
    let other = Es256SigningKey::from_bytes(&[3; 32]).unwrap();
    assert_eq!(
        sd_jwt
            .verify(
                &other.verifying_key(),
                &validation(),
                &mut scratch,
                &mut out
            )
            .unwrap_err(),
        Error::InvalidSignature
    );
    let hmac = HmacKey::hs256(&[1; 32]).unwrap();
    assert_eq!(
        sd_jwt
            .verify(&hmac, &validation(), &mut scratch, &mut out)
            .unwrap_err(),
        Error::AlgMismatch
    );
}

#[test]
fn buffers_too_small_say_exactly_what_is_needed() {
    let presentation = present(&issued(), &["given_name", "address"], Some(&holder())).unwrap();
    let claims = verify(&presentation).unwrap();
    let sd_jwt = UntrustedSdJwt::parse(&presentation).unwrap();
    let key: Es256VerifyingKey = issuer().verifying_key();
    let needed = sd_jwt.scratch_len();
    let mut out = vec![0u8; claims.len()];
    let mut short = vec![0u8; needed - 1];
    assert_eq!(
        sd_jwt
            .verify(&key, &validation(), &mut short, &mut out)
            .unwrap_err(),
        Error::BufferTooSmall { needed }
    );
    let mut scratch = vec![0u8; needed];
    let mut out = vec![0u8; claims.len() - 1];
    assert_eq!(
        sd_jwt
            .verify(&key, &validation(), &mut scratch, &mut out)
            .unwrap_err(),
        Error::BufferTooSmall {
            needed: claims.len()
        }
    );
    assert!(
        out.iter().all(|&b| b == 0),
        "nothing is left in a failed buffer"
    );
    assert!(
        scratch.iter().all(|&b| b == 0),
        "the scratch buffer is wiped"
    );
    let mut out = vec![0u8; claims.len()];
    let verified = sd_jwt
        .verify(&key, &validation(), &mut scratch, &mut out)
        .unwrap();
    assert_eq!(verified.claims().json(), claims);
}

#[test]
fn claims_nested_deeper_than_the_limit_are_refused() {
    // Each disclosure nests the next: the payload is shallow, the claims are not.
    let mut inner = disclosure(r#"["s0","leaf",1]"#);
    let mut all = vec![inner.clone()];
    for i in 1..6 {
        inner = disclosure(&format!(
            r#"["s{i}","n{i}",{{"_sd":["{}"]}}]"#,
            digest_of(&inner)
        ));
        all.push(inner.clone());
    }
    let payload = format!(r#"{{"_sd":["{}"]}}"#, digest_of(&inner));
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    let sd = craft(&payload, &refs);
    let deep = SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW)).json_depth(7));
    assert_eq!(
        verify_with(&sd, &deep).unwrap(),
        r#"{"n5":{"n4":{"n3":{"n2":{"n1":{"leaf":1}}}}}}"#
    );
    let shallow = SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW)).json_depth(5));
    assert_eq!(
        verify_with(&sd, &shallow),
        Err(Error::LimitExceeded(Limit::JsonDepth))
    );
}

#[test]
fn the_issuer_claims_are_validated_after_disclosure() {
    let presentation = present(&issued(), &["given_name"], Some(&holder())).unwrap();
    let late =
        SdJwtValidation::new(Validation::new(UnixTime::from_secs(1_800_000_000)).issuer(ISS))
            .key_binding(AUD, NONCE);
    assert_eq!(verify_with(&presentation, &late), Err(Error::Expired));
    // Refused after the claims were rebuilt: nothing of them is left.
    let sd_jwt = UntrustedSdJwt::parse(&presentation).unwrap();
    let mut scratch = vec![0u8; sd_jwt.scratch_len()];
    let mut out = [0u8; 4096];
    let key = issuer().verifying_key();
    assert_eq!(
        sd_jwt
            .verify(&key, &late, &mut scratch, &mut out)
            .unwrap_err(),
        Error::Expired
    );
    assert!(out.iter().all(|&b| b == 0) && scratch.iter().all(|&b| b == 0));
    let other = SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW)).issuer("x"))
        .key_binding(AUD, NONCE);
    assert_eq!(
        verify_with(&presentation, &other),
        Err(Error::IssuerMismatch)
    );
    // A claim the holder kept back is missing.
    let need = ["family_name"];
    let v = SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW)).require(&need))
        .key_binding(AUD, NONCE);
    assert_eq!(
        verify_with(&presentation, &v),
        Err(Error::MissingClaim(Claim::Required(0)))
    );
}

#[test]
fn an_sd_jwt_vc_needs_its_type_and_vct() {
    let vct = "https://credentials.example/identity_credential";
    let jwk = holder_jwk();
    let claims = format!(r#"{{"vct":"{vct}","given_name":"Erika"}}"#);
    let make = |typ: &str, claims: &str| {
        let params = SdJwtIssue::new(HeaderParams::new().typ(typ))
            .disclosable(&["/given_name"])
            .holder(&jwk);
        let (mut scratch, mut out) = ([0u8; 2048], [0u8; 2048]);
        let sd = issue_sd_jwt(
            claims,
            &params,
            &issuer(),
            &mut TestRng(3),
            &mut scratch,
            &mut out,
        )
        .unwrap();
        present(sd, &["given_name"], Some(&holder())).unwrap()
    };
    let types = [vct];
    let v = SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW)))
        .key_binding(AUD, NONCE)
        .vct(&types);
    assert!(verify_with(&make("dc+sd-jwt", &claims), &v).is_ok());
    assert!(verify_with(&make("vc+sd-jwt", &claims), &v).is_ok());
    assert_eq!(
        verify_with(&make("example+sd-jwt", &claims), &v),
        Err(Error::TypeMismatch)
    );
    assert_eq!(
        verify_with(&make("dc+sd-jwt", r#"{"given_name":"Erika"}"#), &v),
        Err(Error::MissingClaim(Claim::Vct))
    );
    let other = r#"{"vct":"https://other.example","given_name":"Erika"}"#;
    assert_eq!(
        verify_with(&make("dc+sd-jwt", other), &v),
        Err(Error::ClaimMismatch(Claim::Vct))
    );
}

#[test]
fn the_key_binding_jwt_is_checked_in_full() {
    let sd = issued();
    let good = present(&sd, &["given_name"], Some(&holder())).unwrap();
    assert!(verify(&good).is_ok());

    // Required and absent.
    let bare = present(&sd, &["given_name"], None).unwrap();
    assert_eq!(verify(&bare), Err(Error::KeyBindingRequired));
    assert!(verify_with(&bare, &validation_without_kb()).is_ok());
    // Present and not asked for: its audience is not the verifier's.
    assert_eq!(
        verify_with(&good, &validation_without_kb()),
        Err(Error::AudienceMismatch)
    );

    // Another nonce, another audience.
    let v = SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW)).issuer(ISS))
        .key_binding(AUD, "another nonce");
    assert_eq!(
        verify_with(&good, &v),
        Err(Error::ClaimMismatch(Claim::Nonce))
    );
    let v = SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW)).issuer(ISS))
        .key_binding("https://other.example", NONCE);
    assert_eq!(verify_with(&good, &v), Err(Error::AudienceMismatch));

    // Too old, and from the future.
    let later = SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW + 301)).issuer(ISS))
        .key_binding(AUD, NONCE);
    assert_eq!(verify_with(&good, &later), Err(Error::MaxAgeExceeded));
    assert!(verify_with(&good, &later.key_binding_max_age(301)).is_ok());
    let earlier = SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW - 1)).issuer(ISS))
        .key_binding(AUD, NONCE);
    assert_eq!(verify_with(&good, &earlier), Err(Error::IssuedAtInvalid));

    // Signed by another key than `cnf.jwk`'s.
    let thief = Es256SigningKey::from_bytes(&[4; 32]).unwrap();
    let stolen = present(&sd, &["given_name"], Some(&thief)).unwrap();
    assert_eq!(verify(&stolen), Err(Error::InvalidSignature));

    // A disclosure dropped after binding: `sd_hash` no longer covers the presentation.
    let two = present(&sd, &["given_name", "family_name"], Some(&holder())).unwrap();
    let mut parts: Vec<&str> = two.split('~').collect();
    parts.remove(2);
    assert_eq!(
        verify(&parts.join("~")),
        Err(Error::ClaimMismatch(Claim::SdHash))
    );
}

fn validation_without_kb() -> SdJwtValidation<'static> {
    SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW)).issuer(ISS))
}

/// A Key Binding JWT made by hand, with `header` and `claims`, over `hashed`.
fn kb_jwt(typ: Option<&str>, claims: &str, signer: &dyn JwsSigner) -> String {
    let header = match typ {
        Some(t) => HeaderParams::new().typ(t),
        None => HeaderParams::new(),
    };
    sign_to_string(&header, claims.as_bytes(), signer)
}

#[test]
fn a_key_binding_jwt_must_be_one() {
    let bare = present(&issued(), &["given_name"], None).unwrap();
    let sd_hash = b64e(&Sha256::digest(bare.as_bytes()));
    let claims =
        format!(r#"{{"iat":{NOW},"aud":"{AUD}","nonce":"{NONCE}","sd_hash":"{sd_hash}"}}"#);
    assert!(
        verify(&format!(
            "{bare}{}",
            kb_jwt(Some("kb+jwt"), &claims, &holder())
        ))
        .is_ok()
    );
    for typ in [None, Some("JWT"), Some("dpop+jwt")] {
        let kb = kb_jwt(typ, &claims, &holder());
        assert_eq!(
            verify(&format!("{bare}{kb}")),
            Err(Error::TypeMismatch),
            "{typ:?}"
        );
    }
    // An HMAC key binding, keyed with anything, is never accepted.
    let hmac = HmacKey::hs256(&[1; 32]).unwrap();
    let kb = kb_jwt(Some("kb+jwt"), &claims, &hmac);
    assert_eq!(verify(&format!("{bare}{kb}")), Err(Error::AlgNotAllowed));
    // Each claim is required.
    for (drop, claim) in [
        ("nonce", Claim::Nonce),
        ("sd_hash", Claim::SdHash),
        ("aud", Claim::Aud),
        ("iat", Claim::Iat),
    ] {
        let v: serde_json::Value = serde_json::from_str(&claims).unwrap();
        let mut map = v.as_object().unwrap().clone();
        map.remove(drop);
        let kb = kb_jwt(
            Some("kb+jwt"),
            &serde_json::to_string(&map).unwrap(),
            &holder(),
        );
        assert_eq!(
            verify(&format!("{bare}{kb}")),
            Err(Error::MissingClaim(claim)),
            "{drop}"
        );
    }
}

#[test]
fn key_binding_needs_a_public_cnf_jwk() {
    // No `cnf` at all.
    let name = disclosure(r#"["salt-1","given_name","Erika"]"#);
    let payload = format!(r#"{{"_sd":["{}"]}}"#, digest_of(&name));
    let bare = craft(&payload, &[&name]);
    let kb_for = |bare: &str| {
        let sd_hash = b64e(&Sha256::digest(bare.as_bytes()));
        let claims =
            format!(r#"{{"iat":{NOW},"aud":"{AUD}","nonce":"{NONCE}","sd_hash":"{sd_hash}"}}"#);
        format!("{bare}{}", kb_jwt(Some("kb+jwt"), &claims, &holder()))
    };
    let v = SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW))).key_binding(AUD, NONCE);
    assert_eq!(
        verify_with(&kb_for(&bare), &v),
        Err(Error::MissingClaim(Claim::Cnf))
    );
    // A `cnf` with only a thumbprint.
    let payload = format!(
        r#"{{"_sd":["{}"],"cnf":{{"jkt":"abc"}}}}"#,
        digest_of(&name)
    );
    assert_eq!(
        verify_with(&kb_for(&craft(&payload, &[&name])), &v),
        Err(Error::InvalidClaim(Claim::Cnf))
    );
    // A private JWK.
    let payload = format!(
        r#"{{"_sd":["{}"],"cnf":{{"jwk":{{"kty":"EC","crv":"P-256","x":"a","y":"b","d":"c"}}}}}}"#,
        digest_of(&name)
    );
    assert_eq!(
        verify_with(&kb_for(&craft(&payload, &[&name])), &v),
        Err(Error::KeyRejected(tinyjose::KeyReason::WrongUse))
    );
}

#[test]
fn presenting_refuses_what_cannot_be_presented() {
    let sd = issued();
    let bound = present(&sd, &["given_name"], Some(&holder())).unwrap();
    assert_eq!(
        present(&bound, &[], None),
        Err(Error::Malformed(Part::Token))
    );
    let hmac = HmacKey::hs256(&[1; 32]).unwrap();
    assert_eq!(
        present(&sd, &["given_name"], Some(&hmac)),
        Err(Error::AlgNotAllowed)
    );
    // The exact length, before anything is signed.
    let params = kb_params(NOW);
    let mut scratch = [0u8; 4096];
    let mut small = vec![0u8; bound.len() - 1];
    assert_eq!(
        present_sd_jwt(
            &sd,
            &mut |d| d.is_named("given_name"),
            Some((&holder(), &params)),
            &mut scratch,
            &mut small
        ),
        Err(Error::BufferTooSmall {
            needed: bound.len()
        })
    );
    let largest = sd
        .split('~')
        .skip(1)
        .map(|d| d.len() * 3 / 4)
        .max()
        .unwrap();
    let mut out = [0u8; 4096];
    assert_eq!(
        present_sd_jwt(
            &sd,
            &mut |_| true,
            None,
            &mut vec![0; largest - 1],
            &mut out
        ),
        Err(Error::BufferTooSmall { needed: largest })
    );
}

#[test]
fn issuing_refuses_what_cannot_be_issued() {
    let jwk = holder_jwk();
    let issue = |claims: &str, pointers: &[&str]| {
        let params = SdJwtIssue::new(HeaderParams::new())
            .disclosable(pointers)
            .holder(&jwk);
        let (mut scratch, mut out) = ([0u8; 2048], [0u8; 2048]);
        issue_sd_jwt(
            claims,
            &params,
            &issuer(),
            &mut TestRng(1),
            &mut scratch,
            &mut out,
        )
        .map(str::to_owned)
    };
    for claims in [
        r#"{"_sd":[]}"#,
        r#"{"a":{"...":1}}"#,
        r#"{"_sd_alg":"sha-256"}"#,
    ] {
        assert_eq!(
            issue(claims, &[]),
            Err(Error::Disclosure(DisclosureReason::ReservedName)),
            "{claims}"
        );
    }
    assert_eq!(
        issue(r#"{"cnf":{}}"#, &[]),
        Err(Error::Disclosure(DisclosureReason::ClaimExists))
    );
    for pointer in ["/iss", "/exp", "/nbf", "/vct", "/status"] {
        assert_eq!(
            issue(
                r#"{"iss":"i","exp":1,"nbf":1,"vct":"v","status":{}}"#,
                &[pointer]
            ),
            Err(Error::Disclosure(DisclosureReason::ValidityClaim)),
            "{pointer}"
        );
    }
    let decoys = SdJwtIssue::new(HeaderParams::new()).decoys(tinyjose::MAX_DECOYS + 1);
    let (mut scratch, mut out) = ([0u8; 2048], [0u8; 2048]);
    assert_eq!(
        issue_sd_jwt(
            "{}",
            &decoys,
            &issuer(),
            &mut TestRng(1),
            &mut scratch,
            &mut out
        ),
        Err(Error::LimitExceeded(Limit::Disclosures))
    );
    assert_eq!(
        issue(r#"{"a":1,"b":[1]}"#, &["/a", "/b/1", "/c"]),
        Err(Error::MissingClaim(Claim::Required(1)))
    );
    assert_eq!(issue("[1]", &[]), Err(Error::Json(Part::Payload)));
    // An array index has no leading zero, sign or space (RFC 6901 §4).
    for pointer in ["/n/01", "/n/+1", "/n/ 1", "/n/-"] {
        assert_eq!(
            issue(r#"{"n":[0,1]}"#, &[pointer]),
            Err(Error::MissingClaim(Claim::Required(0))),
            "{pointer}"
        );
    }
    // JSON Pointer escapes name members with `/` and `~`.
    let sd = issue(r#"{"a/b":1,"c~d":2}"#, &["/a~1b", "/c~0d"]).unwrap();
    assert_eq!(sd.split('~').filter(|s| !s.is_empty()).count(), 3);
    // The exact length of the SD-JWT.
    let params = SdJwtIssue::new(HeaderParams::new()).disclosable(&["/a"]);
    let full = {
        let (mut scratch, mut out) = ([0u8; 2048], [0u8; 2048]);
        issue_sd_jwt(
            r#"{"a":1}"#,
            &params,
            &issuer(),
            &mut TestRng(1),
            &mut scratch,
            &mut out,
        )
        .unwrap()
        .len()
    };
    let (mut scratch, mut out) = ([0u8; 2048], vec![0u8; full - 1]);
    assert_eq!(
        issue_sd_jwt(
            r#"{"a":1}"#,
            &params,
            &issuer(),
            &mut TestRng(1),
            &mut scratch,
            &mut out
        ),
        Err(Error::BufferTooSmall { needed: full })
    );
}

#[test]
fn scratch_len_is_enough_to_issue() {
    let jwk = holder_jwk();
    let params = SdJwtIssue::new(HeaderParams::new().typ("dc+sd-jwt"))
        .disclosable(&DISCLOSABLE)
        .decoys(tinyjose::MAX_DECOYS)
        .holder(&jwk);
    let mut scratch = vec![0u8; params.scratch_len(CLAIMS.len())];
    let mut out = [0u8; 8192];
    let issued = issue_sd_jwt(
        CLAIMS,
        &params,
        &issuer(),
        &mut TestRng(7),
        &mut scratch,
        &mut out,
    );
    assert!(issued.is_ok(), "{issued:?}");
}

#[test]
fn issued_digests_are_sorted_and_decoys_hide_the_count() {
    let sd = issued();
    let payload: serde_json::Value =
        serde_json::from_slice(&common::b64d(sd.split('.').nth(1).unwrap())).unwrap();
    let top: Vec<&str> = payload["_sd"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    // given_name, family_name, address, age_over_18, and three decoys.
    assert_eq!(top.len(), 7);
    let bytes: Vec<Vec<u8>> = top.iter().map(|d| common::b64d(d)).collect();
    assert!(bytes.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(payload["_sd_alg"], "sha-256");
    assert_eq!(payload["cnf"]["jwk"]["kty"], "EC");
    assert_eq!(payload["nationalities"][0], "DE");
    assert!(payload["nationalities"][1]["..."].is_string());
    assert!(payload.get("given_name").is_none());
    // Seven disclosures, each salted with 16 fresh bytes.
    assert_eq!(sd.split('~').filter(|s| !s.is_empty()).count(), 8);
}
