//! SD-JWT (RFC 9901), owned: issue, present and verify round trips with ES256, EdDSA and RS256
//! issuers and holders, recursive (a kept claim keeps its parents) and array disclosures, key binding required, missing, and
//! for another verifier or nonce, SD-JWT VC types; and every verdict, claims or error, the one
//! the core gives for the same presentation.
#![cfg(all(feature = "sd-jwt", feature = "rsa-private"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::panic_in_result_fn,
    reason = "helpers outside #[test] functions fail loudly, as tests do"
)]

use std::sync::OnceLock;

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{Value, json};
use tinyjose_std::tinyjose::Error as Jose;
use tinyjose_std::{
    Claim, DisclosureReason, Error, HeaderParams, HmacKey, JwkKey, JwsAlg, JwsSigner,
    KeyBindingParams, KeySet, Limit, Limits, Part, RsaSigningKey, SdJwtIssue, SdJwtValidation,
    SignatureKey, UnixTime, UntrustedSdJwt, Validation, issue_sd_jwt, present_sd_jwt,
    verify_sd_jwt, verify_sd_jwt_with_limits,
};

const ISS: &str = "https://issuer.example";
const VERIFIER: &str = "https://verifier.example";
const NONCE: &str = "n-0S6_WzA2Mj";
const VCT: &str = "https://credentials.example/identity_credential";
const NOW: u64 = 1_700_000_000;

fn now() -> UnixTime {
    UnixTime::from_secs(NOW)
}

/// An identity credential: flat claims, an object and an array.
fn claims() -> String {
    json!({
        "iss": ISS,
        "iat": NOW - 60,
        "exp": NOW + 3600,
        "vct": VCT,
        "given_name": "Erika",
        "family_name": "Mustermann",
        "email": "erika@example.com",
        "address": {"street_address": "Heidestraße 17", "locality": "Köln", "country": "DE"},
        "nationalities": ["DE", "FR"],
    })
    .to_string()
}

/// Every claim disclosable, the address recursively, and each nationality.
const POINTERS: [&str; 8] = [
    "/given_name",
    "/family_name",
    "/email",
    "/address",
    "/address/street_address",
    "/address/locality",
    "/nationalities/0",
    "/nationalities/1",
];

/// The RSA key of the test data, for RS256.
fn rsa() -> &'static RsaSigningKey {
    static KEY: OnceLock<RsaSigningKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let pem = include_str!("data/keys/rsa.pkcs8.pem");
        RsaSigningKey::from_pem(pem, JwsAlg::Rs256).unwrap()
    })
}

/// A new key of each kind the tests issue and hold with.
fn key(alg: JwsAlg) -> SignatureKey {
    match alg {
        JwsAlg::Rs256 => SignatureKey::from(rsa().clone()),
        alg => SignatureKey::generate(alg, None).unwrap(),
    }
}

fn keys_of(issuer: &SignatureKey) -> KeySet {
    KeySet::from(issuer.public_key().unwrap().verifier().clone())
}

/// `claims` issued by `issuer` with `pointers` disclosable, bound to `holder`.
fn issue(issuer: &SignatureKey, holder: Option<&SignatureKey>, pointers: &[&str]) -> String {
    let public = holder.map(|h| h.public_key().unwrap());
    let mut params = SdJwtIssue::new(HeaderParams::new().typ("dc+sd-jwt"))
        .disclosable(pointers)
        .decoys(2);
    if let Some(public) = &public {
        params = params.holder(public.verifier());
    }
    issue_sd_jwt(&claims(), &params, issuer.signer().unwrap()).unwrap()
}

fn validation() -> Validation<'static> {
    Validation::new(now()).issuer(ISS)
}

fn bound() -> SdJwtValidation<'static> {
    SdJwtValidation::new(validation()).key_binding(VERIFIER, NONCE)
}

fn kb(aud: &'static str, nonce: &'static str) -> KeyBindingParams<'static> {
    KeyBindingParams::new(aud, nonce, now())
}

/// The disclosures named `names`, or whose value is one of `values`.
fn named<'a>(
    names: &'a [&str],
    values: &'a [&str],
) -> impl FnMut(&tinyjose_std::Disclosure<'_>) -> bool + 'a {
    |d| names.iter().any(|n| d.is_named(n)) || values.contains(&d.value_json())
}

/// The core's own verdict for `presentation`: the disclosed claims, or its error; with the key
/// set, and with the issuer's one key.
fn core_verdict(
    presentation: &str,
    keys: &KeySet,
    issuer: Option<&SignatureKey>,
    v: &SdJwtValidation<'_>,
) -> Result<(String, bool), Jose> {
    let sd_jwt = UntrustedSdJwt::parse(presentation)?;
    let mut scratch = vec![0u8; sd_jwt.scratch_len()];
    let mut out = vec![0u8; 1 << 16];
    let verified = sd_jwt.verify_with(keys, v, &mut scratch, &mut out)?;
    let with_set = (verified.claims().json().to_owned(), verified.is_key_bound());
    if let Some(issuer) = issuer {
        let verified = sd_jwt.verify(issuer.verifier(), v, &mut scratch, &mut out)?;
        let one = (verified.claims().json().to_owned(), verified.is_key_bound());
        assert_eq!(one, with_set);
    }
    Ok(with_set)
}

/// `verify_sd_jwt`'s verdict, asserted to be the core's, as claims (parsed) or the core's error.
#[track_caller]
fn verdict(
    presentation: &str,
    issuer: &SignatureKey,
    v: &SdJwtValidation<'_>,
) -> Result<Value, Jose> {
    let keys = keys_of(issuer);
    let owned = verify_sd_jwt(presentation, &keys, v);
    let core = core_verdict(presentation, &keys, Some(issuer), v);
    match (&owned, &core) {
        (Ok(owned), Ok((json, key_bound))) => {
            assert_eq!((&owned.claims_json, owned.key_bound), (json, *key_bound));
            assert_eq!(owned.header.typ.as_deref(), Some("dc+sd-jwt"));
            assert_eq!(owned.header.alg, issuer.alg());
        }
        (Err(Error::Jose(owned)), Err(core)) => assert_eq!(owned, core),
        _ => panic!("tinyjose-std said {owned:?}, the core {core:?}"),
    }
    owned
        .map(|v| serde_json::from_str(&v.claims_json).unwrap())
        .map_err(|e| match e {
            Error::Jose(e) => e,
            e => panic!("{e:?}"),
        })
}

/// The holder's public JWK as `cnf` holds it.
fn cnf(holder: &SignatureKey) -> Value {
    json!({"jwk": serde_json::from_str::<Value>(&holder.public_jwk().unwrap()).unwrap()})
}

#[test]
fn round_trip_with_every_issuer_and_holder_key_type() {
    let algs = [JwsAlg::Es256, JwsAlg::EdDsa, JwsAlg::Rs256];
    for issuer_alg in algs {
        for holder_alg in algs {
            let issuer = key(issuer_alg);
            let holder = key(holder_alg);
            let sd_jwt = issue(&issuer, Some(&holder), &POINTERS);
            assert_eq!(sd_jwt.matches('~').count(), 1 + POINTERS.len());

            let presentation = present_sd_jwt(
                &sd_jwt,
                named(&["given_name", "address", "locality"], &[r#""FR""#]),
                Some((holder.signer().unwrap(), kb(VERIFIER, NONCE))),
            )
            .unwrap();
            let claims = verdict(&presentation, &issuer, &bound().vct(&[VCT])).unwrap();
            assert_eq!(
                claims,
                json!({
                    "iss": ISS, "iat": NOW - 60, "exp": NOW + 3600, "vct": VCT,
                    "given_name": "Erika",
                    "address": {"country": "DE", "locality": "Köln"},
                    "nationalities": ["FR"],
                    "cnf": cnf(&holder),
                }),
                "{issuer_alg} issuer, {holder_alg} holder"
            );
            let keys = keys_of(&issuer);
            assert!(
                verify_sd_jwt(&presentation, &keys, &bound())
                    .unwrap()
                    .key_bound
            );
        }
    }
}

#[test]
fn everything_and_nothing_disclosed() {
    let issuer = key(JwsAlg::Es256);
    let sd_jwt = issue(&issuer, None, &POINTERS);
    let v = SdJwtValidation::new(validation());
    // The SD-JWT as issued is a presentation of every claim.
    let all = serde_json::from_str::<Value>(&claims()).unwrap();
    assert_eq!(verdict(&sd_jwt, &issuer, &v).unwrap(), all);
    let every = present_sd_jwt(&sd_jwt, |_| true, None).unwrap();
    assert_eq!(every, sd_jwt);
    assert_eq!(verdict(&every, &issuer, &v).unwrap(), all);
    // No disclosure: the claims that are not selectively disclosable, an empty array stays.
    let none = present_sd_jwt(&sd_jwt, |_| false, None).unwrap();
    assert!(none.ends_with('~') && none.matches('~').count() == 1);
    assert_eq!(
        verdict(&none, &issuer, &v).unwrap(),
        json!({"iss": ISS, "iat": NOW - 60, "exp": NOW + 3600, "vct": VCT, "nationalities": []})
    );
}

#[test]
fn recursive_disclosures_keep_their_parent() {
    let issuer = key(JwsAlg::EdDsa);
    let sd_jwt = issue(&issuer, None, &POINTERS);
    let v = SdJwtValidation::new(validation());
    let address = |d: &tinyjose_std::Disclosure<'_>| d.is_named("address");
    // The street alone: the address disclosure, which holds its digest, is kept with it.
    let street = present_sd_jwt(&sd_jwt, named(&["street_address"], &[]), None).unwrap();
    let both = present_sd_jwt(&sd_jwt, named(&["street_address", "address"], &[]), None).unwrap();
    assert_eq!(street, both);
    assert_eq!(
        verdict(&street, &issuer, &v).unwrap()["address"],
        json!({"country": "DE", "street_address": "Heidestraße 17"})
    );
    // Without it, as another holder could send it: the street's digest is nowhere.
    let parent = present_sd_jwt(&sd_jwt, address, None).unwrap();
    let parent = parent.split('~').nth(1).unwrap();
    let orphan = street.replace(&format!("~{parent}~"), "~");
    assert_eq!(orphan.matches('~').count(), 2);
    assert_eq!(
        verdict(&orphan, &issuer, &v),
        Err(Jose::Disclosure(DisclosureReason::Unreferenced))
    );
    // The address alone: an object with none of its disclosable members.
    let alone = present_sd_jwt(&sd_jwt, address, None).unwrap();
    assert_eq!(
        verdict(&alone, &issuer, &v).unwrap()["address"],
        json!({"country": "DE"})
    );
}

#[test]
fn array_elements_disclosed_one_by_one() {
    let issuer = key(JwsAlg::Es256);
    let sd_jwt = issue(&issuer, None, &["/nationalities/1"]);
    let v = SdJwtValidation::new(validation());
    let all = present_sd_jwt(&sd_jwt, |d| d.name().is_none(), None).unwrap();
    assert_eq!(
        verdict(&all, &issuer, &v).unwrap()["nationalities"],
        json!(["DE", "FR"])
    );
    let none = present_sd_jwt(&sd_jwt, |d| d.name().is_some(), None).unwrap();
    assert_eq!(
        verdict(&none, &issuer, &v).unwrap()["nationalities"],
        json!(["DE"])
    );
    // A selector sees each disclosure decoded.
    let mut seen = Vec::new();
    present_sd_jwt(
        &sd_jwt,
        |d| {
            seen.push((d.name().map(str::to_owned), d.value_json().to_owned()));
            false
        },
        None,
    )
    .unwrap();
    assert_eq!(seen, [(None, r#""FR""#.to_owned())]);
}

#[test]
fn key_binding_required_missing_and_refused() {
    let issuer = key(JwsAlg::Es256);
    let holder = key(JwsAlg::EdDsa);
    let sd_jwt = issue(&issuer, Some(&holder), &POINTERS);
    let signer = holder.signer().unwrap();
    let present =
        |params| present_sd_jwt(&sd_jwt, named(&["email"], &[]), Some((signer, params))).unwrap();

    // Without a Key Binding JWT, a verifier that requires one refuses.
    let unbound = present_sd_jwt(&sd_jwt, named(&["email"], &[]), None).unwrap();
    assert_eq!(
        verdict(&unbound, &issuer, &bound()),
        Err(Jose::KeyBindingRequired)
    );
    let plain = verdict(&unbound, &issuer, &SdJwtValidation::new(validation())).unwrap();
    assert_eq!(plain["email"], "erika@example.com");
    assert!(
        !verify_sd_jwt(
            &unbound,
            &keys_of(&issuer),
            &SdJwtValidation::new(validation())
        )
        .unwrap()
        .key_bound
    );

    // Another nonce, another verifier.
    let good = present(kb(VERIFIER, NONCE));
    assert!(verdict(&good, &issuer, &bound()).is_ok());
    assert_eq!(
        verdict(&present(kb(VERIFIER, "another")), &issuer, &bound()),
        Err(Jose::ClaimMismatch(Claim::Nonce))
    );
    assert_eq!(
        verdict(
            &present(kb("https://other.example", NONCE)),
            &issuer,
            &bound()
        ),
        Err(Jose::AudienceMismatch)
    );
    // A verifier that does not name itself cannot check what the holder bound.
    assert_eq!(
        verdict(&good, &issuer, &SdJwtValidation::new(validation())),
        Err(Jose::AudienceMismatch)
    );

    // Too old, or from the future.
    let old = KeyBindingParams::new(VERIFIER, NONCE, UnixTime::from_secs(NOW - 301));
    let old = present_sd_jwt(&sd_jwt, |_| true, Some((signer, old))).unwrap();
    assert_eq!(verdict(&old, &issuer, &bound()), Err(Jose::MaxAgeExceeded));
    assert!(verdict(&old, &issuer, &bound().key_binding_max_age(600)).is_ok());
    let early = KeyBindingParams::new(VERIFIER, NONCE, UnixTime::from_secs(NOW + 60));
    let early = present_sd_jwt(&sd_jwt, |_| true, Some((signer, early))).unwrap();
    assert_eq!(
        verdict(&early, &issuer, &bound()),
        Err(Jose::IssuedAtInvalid)
    );

    // Signed by a key that is not the holder's.
    let other = key(JwsAlg::EdDsa);
    let stolen = present_sd_jwt(
        &sd_jwt,
        |_| true,
        Some((other.signer().unwrap(), kb(VERIFIER, NONCE))),
    )
    .unwrap();
    assert_eq!(
        verdict(&stolen, &issuer, &bound()),
        Err(Jose::InvalidSignature)
    );

    // A disclosure dropped after binding: `sd_hash` no longer covers the presentation.
    let (head, kb_jwt) = good.rsplit_once('~').unwrap();
    let (jwt, _) = head.split_once('~').unwrap();
    let stripped = format!("{jwt}~{kb_jwt}");
    assert_eq!(
        verdict(&stripped, &issuer, &bound()),
        Err(Jose::ClaimMismatch(Claim::SdHash))
    );

    // An SD-JWT issued without a holder key cannot be bound.
    let unheld = issue(&issuer, None, &POINTERS);
    let unheld = present_sd_jwt(&unheld, |_| true, Some((signer, kb(VERIFIER, NONCE)))).unwrap();
    assert_eq!(
        verdict(&unheld, &issuer, &bound()),
        Err(Jose::MissingClaim(Claim::Cnf))
    );

    // A presentation is not presented again, and a secret key binds nothing.
    assert_eq!(
        present_sd_jwt(&good, |_| true, None).unwrap_err().code(),
        "malformed"
    );
    let secret = HmacKey::hs256(&[7; 32]).unwrap();
    let refused = present_sd_jwt(&sd_jwt, |_| true, Some((&secret, kb(VERIFIER, NONCE))));
    assert!(matches!(refused, Err(Error::Jose(Jose::AlgNotAllowed))));
}

#[test]
fn issuer_signature_keys_and_vc_type() {
    let issuer = key(JwsAlg::Es256);
    let sd_jwt = issue(&issuer, None, &POINTERS);
    let v = SdJwtValidation::new(validation());

    // Another issuer's key, a tampered signature, another `iss`, too late.
    assert_eq!(
        verdict(&sd_jwt, &key(JwsAlg::Es256), &v),
        Err(Jose::InvalidSignature)
    );
    let (jwt, rest) = sd_jwt.split_once('~').unwrap();
    let mut signature: Vec<char> = jwt.rsplit('.').next().unwrap().chars().collect();
    signature[10] = if signature[10] == 'A' { 'B' } else { 'A' };
    let head = jwt.rsplit_once('.').unwrap().0;
    let tampered = format!("{head}.{}~{rest}", signature.iter().collect::<String>());
    assert_eq!(verdict(&tampered, &issuer, &v), Err(Jose::InvalidSignature));
    let other_iss = SdJwtValidation::new(Validation::new(now()).issuer("https://other.example"));
    assert_eq!(
        verdict(&sd_jwt, &issuer, &other_iss),
        Err(Jose::IssuerMismatch)
    );
    let later = SdJwtValidation::new(Validation::new(UnixTime::from_secs(NOW + 7200)));
    assert_eq!(verdict(&sd_jwt, &issuer, &later), Err(Jose::Expired));
    // An issuer key of another algorithm: the key set's refusal.
    assert_eq!(
        verdict(&sd_jwt, &key(JwsAlg::EdDsa), &v),
        Err(Jose::AlgMismatch)
    );

    // SD-JWT VC: the type and the header `typ`.
    assert!(verdict(&sd_jwt, &issuer, &v.vct(&[VCT, "urn:other"])).is_ok());
    assert_eq!(
        verdict(&sd_jwt, &issuer, &v.vct(&["urn:other"])),
        Err(Jose::ClaimMismatch(Claim::Vct))
    );
    let untyped = SdJwtIssue::new(HeaderParams::new()).disclosable(&POINTERS);
    let untyped = issue_sd_jwt(&claims(), &untyped, issuer.signer().unwrap()).unwrap();
    let keys = keys_of(&issuer);
    assert_eq!(
        verify_sd_jwt(&untyped, &keys, &v.vct(&[VCT]))
            .unwrap_err()
            .code(),
        "type_mismatch"
    );
    assert_eq!(
        core_verdict(&untyped, &keys, None, &v.vct(&[VCT])),
        Err(Jose::TypeMismatch)
    );
}

#[test]
fn disclosures_the_issuer_did_not_sign() {
    let issuer = key(JwsAlg::Es256);
    let sd_jwt = issue(&issuer, None, &POINTERS);
    let v = SdJwtValidation::new(validation());
    let (jwt, rest) = sd_jwt.split_once('~').unwrap();
    let first = rest.split('~').next().unwrap();

    // A disclosure of another SD-JWT, sent twice, or not base64url.
    let foreign = issue(&issuer, None, &POINTERS);
    let foreign = foreign.split('~').nth(1).unwrap();
    assert_eq!(
        verdict(&format!("{jwt}~{foreign}~"), &issuer, &v),
        Err(Jose::Disclosure(DisclosureReason::Unreferenced))
    );
    let twice = verdict(&format!("{jwt}~{first}~{first}~"), &issuer, &v);
    assert_eq!(
        twice,
        Err(Jose::Disclosure(DisclosureReason::DuplicateDigest))
    );
    assert_eq!(
        verdict(&format!("{jwt}~{first}=~"), &issuer, &v),
        Err(Jose::Base64(Part::Disclosure))
    );
    // Not an SD-JWT.
    let keys = keys_of(&issuer);
    assert_eq!(
        verify_sd_jwt(jwt, &keys, &v).unwrap_err().code(),
        Jose::Malformed(Part::Token).code()
    );
    assert_eq!(
        core_verdict(jwt, &keys, None, &v),
        Err(Jose::Malformed(Part::Token))
    );
}

#[test]
fn issuing_refuses_what_cannot_be_disclosed() {
    let issuer = key(JwsAlg::EdDsa);
    let signer = issuer.signer().unwrap();
    let params = |pointers: &'static [&'static str]| {
        SdJwtIssue::new(HeaderParams::new()).disclosable(pointers)
    };
    let refused = |claims: &str, params: &SdJwtIssue<'_>| match issue_sd_jwt(claims, params, signer)
    {
        Err(Error::Jose(e)) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        refused(&claims(), &params(&["/given_name", "/middle_name"])),
        Jose::MissingClaim(Claim::Required(1))
    );
    assert_eq!(
        refused(r#"{"_sd":[]}"#, &params(&[])),
        Jose::Disclosure(DisclosureReason::ReservedName)
    );
    let holder = key(JwsAlg::Es256).public_key().unwrap();
    let with_cnf = params(&[]).holder(holder.verifier());
    assert_eq!(
        refused(r#"{"cnf":{}}"#, &with_cnf),
        Jose::Disclosure(DisclosureReason::ClaimExists)
    );
    assert_eq!(refused("[1]", &params(&[])), Jose::Json(Part::Payload));
    let many: Vec<String> = (0..65).map(|i| format!("/c{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let many = SdJwtIssue::new(HeaderParams::new()).disclosable(&many);
    assert_eq!(
        refused(&claims(), &many),
        Jose::LimitExceeded(Limit::Disclosures)
    );
}

#[test]
fn buffers_are_sized_by_the_core() {
    // Tiny claims with a 4096-bit holder key (its JWK in `cnf`), 64 disclosures and the most
    // decoys: far more than twice the claims.
    let holder =
        RsaSigningKey::from_pem(include_str!("data/keys/rsa4096.pkcs8.pem"), JwsAlg::Rs256)
            .unwrap();
    let holder_public = JwkKey::Rsa(holder.verifying_key());
    let claims: serde_json::Map<String, Value> =
        (0..64).map(|i| (format!("c{i}"), json!(i))).collect();
    let claims = Value::Object(claims).to_string();
    let pointers: Vec<String> = (0..64).map(|i| format!("/c{i}")).collect();
    let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
    let params = SdJwtIssue::new(HeaderParams::new())
        .disclosable(&pointers)
        .decoys(tinyjose::MAX_DECOYS)
        .holder(&holder_public);
    let issuer = key(JwsAlg::Es256);
    let sd_jwt = issue_sd_jwt(&claims, &params, issuer.signer().unwrap()).unwrap();
    assert_eq!(sd_jwt.matches('~').count(), 65);
    // The payload holds 128 digests; only the default token length keeps it from verifying.
    let keys = keys_of(&issuer);
    let v = SdJwtValidation::new(Validation::new(now()));
    assert_eq!(
        verify_sd_jwt(&sd_jwt, &keys, &v).unwrap_err().code(),
        "limit_exceeded"
    );

    // Too many decoys: the core's limit.
    let params = SdJwtIssue::new(HeaderParams::new()).decoys(tinyjose::MAX_DECOYS + 1);
    let refused = issue_sd_jwt(&claims, &params, issuer.signer().unwrap()).unwrap_err();
    assert_eq!(refused.code(), "limit_exceeded", "{refused:?}");

    // Without decoys it verifies, bound to the RSA holder.
    let params = SdJwtIssue::new(HeaderParams::new())
        .disclosable(&pointers)
        .holder(&holder_public);
    let sd_jwt = issue_sd_jwt(&claims, &params, issuer.signer().unwrap()).unwrap();
    let signer: &dyn JwsSigner = &holder;
    let presentation = present_sd_jwt(
        &sd_jwt,
        |d| d.is_named("c7"),
        Some((signer, kb(VERIFIER, NONCE))),
    )
    .unwrap();
    let v = SdJwtValidation::new(Validation::new(now())).key_binding(VERIFIER, NONCE);
    let verified = verify_sd_jwt(&presentation, &keys, &v).unwrap();
    assert!(verified.key_bound);
    let claims: Value = serde_json::from_str(&verified.claims_json).unwrap();
    assert_eq!(claims["c7"], 7);
    assert_eq!(claims.as_object().unwrap().len(), 2, "c7 and cnf");
}

/// The compact ES256 JWS `jwt` with its signature's `s` replaced by `n - s`: as valid, and high
/// where it was low.
fn high_s(jwt: &str) -> String {
    const N: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63,
        0x25, 0x51,
    ];
    let (head, signature) = jwt.rsplit_once('.').unwrap();
    let mut signature = Base64UrlUnpadded::decode_vec(signature).unwrap();
    let mut borrow = 0u16;
    for (s, n) in signature[32..].iter_mut().zip(N).rev() {
        let d = u16::from(n) + 256 - u16::from(*s) - borrow;
        *s = d.to_le_bytes()[0];
        borrow = u16::from(d < 256);
    }
    format!("{head}.{}", Base64UrlUnpadded::encode_string(&signature))
}

#[test]
fn high_s_signatures_with_the_limits_that_accept_them() {
    let issuer = key(JwsAlg::Es256);
    let holder = key(JwsAlg::Es256);
    let sd_jwt = issue(&issuer, Some(&holder), &POINTERS);
    let (jwt, rest) = sd_jwt.split_once('~').unwrap();
    let sd_jwt = format!("{}~{rest}", high_s(jwt));
    let presentation = present_sd_jwt(
        &sd_jwt,
        named(&["email"], &[]),
        Some((holder.signer().unwrap(), kb(VERIFIER, NONCE))),
    )
    .unwrap();
    // The Key Binding JWT's too.
    let (head, kb_jwt) = presentation.rsplit_once('~').unwrap();
    let presentation = format!("{head}~{}", high_s(kb_jwt));

    let keys = keys_of(&issuer);
    assert_eq!(
        verdict(&presentation, &issuer, &bound()),
        Err(Jose::InvalidSignature)
    );
    let lax = Limits::DEFAULT.with_ecdsa_high_s(true);
    let owned = verify_sd_jwt_with_limits(&presentation, &keys, &bound(), &lax).unwrap();
    assert!(owned.key_bound);
    let sd = UntrustedSdJwt::parse_with_limits(&presentation, &lax).unwrap();
    let (mut scratch, mut out) = (vec![0u8; sd.scratch_len()], vec![0u8; 4096]);
    let core = sd
        .verify_with(&keys, &bound(), &mut scratch, &mut out)
        .unwrap();
    assert_eq!(owned.claims_json, core.claims().json());
    // Only the issuer's signature high: the Key Binding JWT's is checked under the same limits.
    let low_kb = format!("{head}~{kb_jwt}");
    assert!(verify_sd_jwt_with_limits(&low_kb, &keys, &bound(), &lax).is_ok());
    assert_eq!(
        verdict(&low_kb, &issuer, &bound()),
        Err(Jose::InvalidSignature)
    );
}
