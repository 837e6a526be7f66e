//! The token profiles, owned: RFC 9449 DPoP proofs (the RFC's own proofs, and proofs made here
//! with every asymmetric key type), the OpenID Connect Core Appendix A ID tokens with the A.7
//! key, RFC 9068 access tokens, and JARM responses signed, encrypted and read from URLs and
//! form bodies; each refusal with its exact error.
#![cfg(all(feature = "profiles", feature = "jwe"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

use serde_json::{Value, json};
use tinyjose_std::tinyjose::{A256GCM, Error as Jose, KeyReason};
use tinyjose_std::{
    AccessTokenValidation, Claim, DpopParams, DpopValidation, EncryptionKey, Error, HeaderParams,
    IdTokenValidation, JarmValidation, JtiCache, JweAlg, JwsAlg, KeySet, ResponseKind,
    ResponseMode, SignatureKey, UnixTime, create_dpop_proof, jarm_response, sign_to_string,
    validate_jarm_response, verify_access_token, verify_dpop_proof, verify_id_token,
};

const RFC9449: &str = include_str!("../../tinyjose/tests/data/profiles/rfc9449.json");
const OIDC: &str = include_str!("../../tinyjose/tests/data/profiles/oidc-core.json");
const JARM: &str = include_str!("../../tinyjose/tests/data/profiles/jarm.json");

/// The RFC 7638 thumbprint of the RFC 9449 DPoP key (§6.1, Figure 9).
const DPOP_JKT: &str = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

fn vectors(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn t(secs: u64) -> UnixTime {
    UnixTime::from_secs(secs)
}

/// The core's error inside a `tinyjose-std` error.
#[track_caller]
fn jose<T: core::fmt::Debug>(result: Result<T, Error>) -> Jose {
    match result {
        Err(Error::Jose(e)) => e,
        other => panic!("expected a core error, got {other:?}"),
    }
}

// --- DPoP (RFC 9449) ---

fn proof(name: &str) -> (String, Value) {
    let v = vectors(RFC9449);
    let p = &v["proofs"][name];
    (p["compact"].as_str().unwrap().to_owned(), p.clone())
}

const FIG2: &str = "token_request_section_4_1";
const FIG7: &str = "refresh_token_request_section_5_figure_7";
const FIG13: &str = "protected_resource_request_section_7_1";
const TOKEN_URI: &str = "https://server.example.com/token";
const RESOURCE_URI: &str = "https://resource.example.org/protectedresource";
const ACCESS_TOKEN: &str = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";

fn cache() -> JtiCache {
    JtiCache::new(100, 300)
}

#[test]
fn rfc9449_figure_2_verifies_at_its_iat() {
    let (compact, p) = proof(FIG2);
    let v = DpopValidation::new("POST", TOKEN_URI, t(1_562_262_616));
    let checked = verify_dpop_proof(&compact, &v, &mut cache()).unwrap();
    assert_eq!(checked.jkt, DPOP_JKT);
    assert_eq!(checked.alg, JwsAlg::Es256);
    assert_eq!(
        checked.claims,
        p["payload_json_as_encoded"].as_str().unwrap()
    );
    assert_eq!(
        checked.header_json,
        p["header_json_as_encoded"].as_str().unwrap()
    );
    // Bound to the key of the access token (`cnf.jkt`, Figure 9).
    let bound = v.jkt(DPOP_JKT);
    assert_eq!(
        verify_dpop_proof(&compact, &bound, &mut cache())
            .unwrap()
            .jkt,
        DPOP_JKT
    );
    let other = v.jkt("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    assert_eq!(
        jose(verify_dpop_proof(&compact, &other, &mut cache())),
        Jose::ClaimMismatch(Claim::Cnf)
    );
}

#[test]
fn rfc9449_figure_13_binds_its_access_token() {
    let (compact, p) = proof(FIG13);
    let v = DpopValidation::new("GET", RESOURCE_URI, t(1_562_262_618)).access_token(ACCESS_TOKEN);
    let checked = verify_dpop_proof(&compact, &v, &mut cache()).unwrap();
    assert_eq!(
        checked.claims,
        p["payload_json_as_encoded"].as_str().unwrap()
    );
    assert_eq!(checked.jkt, DPOP_JKT);
    let wrong = v.access_token("other");
    assert_eq!(
        jose(verify_dpop_proof(&compact, &wrong, &mut cache())),
        Jose::ClaimMismatch(Claim::Ath)
    );
    // Figure 2 carries no `ath`: with an access token it is required.
    let (fig2, _) = proof(FIG2);
    let v = DpopValidation::new("POST", TOKEN_URI, t(1_562_262_616)).access_token(ACCESS_TOKEN);
    assert_eq!(
        jose(verify_dpop_proof(&fig2, &v, &mut cache())),
        Jose::MissingClaim(Claim::Ath)
    );
}

#[test]
fn rfc9449_replays_are_refused() {
    let (fig2, _) = proof(FIG2);
    let (fig7, _) = proof(FIG7);
    let mut cache = JtiCache::new(100, 3600);
    let at = |secs| DpopValidation::new("POST", TOKEN_URI, t(secs));
    verify_dpop_proof(&fig2, &at(1_562_262_616), &mut cache).unwrap();
    assert_eq!(
        jose(verify_dpop_proof(&fig2, &at(1_562_262_617), &mut cache)),
        Jose::Replayed
    );
    // Figure 7 reuses Figure 2's `jti` 45 minutes later: inside a one-hour window, a replay.
    let late = at(1_562_265_296).max_age(3600);
    assert_eq!(
        jose(verify_dpop_proof(&fig7, &late, &mut cache)),
        Jose::Replayed
    );
    // A proof refused for another reason leaves no `jti` behind.
    let mut fresh = JtiCache::new(100, 3600);
    let wrong = DpopValidation::new("GET", TOKEN_URI, t(1_562_262_616));
    assert_eq!(
        jose(verify_dpop_proof(&fig2, &wrong, &mut fresh)),
        Jose::ClaimMismatch(Claim::Htm)
    );
    assert!(fresh.is_empty());
}

#[test]
fn rfc9449_wrong_request_and_stale_proof() {
    let (compact, _) = proof(FIG2);
    let now = t(1_562_262_616);
    let refused = |v: DpopValidation<'_>| jose(verify_dpop_proof(&compact, &v, &mut cache()));
    // Figure 2's signature has a high `s`: accepted by default, refused on request.
    assert_eq!(
        jose(verify_dpop_proof(
            &compact,
            &DpopValidation::new("POST", TOKEN_URI, now).ecdsa_high_s(false),
            &mut cache()
        )),
        Jose::InvalidSignature
    );
    assert_eq!(
        refused(DpopValidation::new("GET", TOKEN_URI, now)),
        Jose::ClaimMismatch(Claim::Htm)
    );
    assert_eq!(
        refused(DpopValidation::new(
            "POST",
            "https://server.example.com/other",
            now
        )),
        Jose::ClaimMismatch(Claim::Htu)
    );
    // The URI is compared as RFC 3986 §6.2 normalizes it, without query and fragment.
    let same = DpopValidation::new("POST", "HTTPS://Server.Example.com:443/token?x=1#f", now);
    assert_eq!(
        verify_dpop_proof(&compact, &same, &mut cache())
            .unwrap()
            .jkt,
        DPOP_JKT
    );
    // 300 seconds is the default maximum age.
    verify_dpop_proof(
        &compact,
        &DpopValidation::new("POST", TOKEN_URI, t(1_562_262_916)),
        &mut cache(),
    )
    .unwrap();
    assert_eq!(
        refused(DpopValidation::new("POST", TOKEN_URI, t(1_562_262_917))),
        Jose::MaxAgeExceeded
    );
    assert_eq!(
        refused(DpopValidation::new("POST", TOKEN_URI, t(1_562_262_615))),
        Jose::IssuedAtInvalid
    );
    assert_eq!(
        refused(DpopValidation::new("POST", TOKEN_URI, now).algs(&[JwsAlg::EdDsa])),
        Jose::AlgNotAllowed
    );
}

#[test]
fn jti_cache_refuses_when_full_and_forgets_aged_entries() {
    let mut cache = JtiCache::new(2, 10);
    assert!(cache.insert("a", t(100)));
    assert!(cache.insert("b", t(105)));
    assert!(!cache.insert("c", t(109)));
    assert!(!cache.insert("a", t(109)));
    assert_eq!(cache.len(), 2);
    // "a" is 10 seconds old: out of the window, forgotten to make room.
    assert!(cache.insert("c", t(110)));
    assert_eq!(cache.len(), 2);
    assert!(!cache.insert("b", t(114)));
    assert!(cache.insert("b", t(115)));
    assert!(!cache.insert("b", t(124)));
}

/// Makes a proof with `key` and checks it, with an access token and a server nonce.
fn round_trip(key: &SignatureKey) {
    let now = t(1_700_000_000);
    let params = DpopParams::new("POST", "https://as.example/token?q=1", now)
        .access_token("an access token")
        .nonce("server-nonce");
    let proof = create_dpop_proof(key, &params).unwrap();
    let v = DpopValidation::new("POST", "https://as.example/token", now)
        .access_token("an access token")
        .nonce("server-nonce");
    let checked = verify_dpop_proof(&proof, &v, &mut cache()).unwrap();
    assert_eq!(
        (checked.alg, checked.jkt.clone()),
        (key.alg(), key.thumbprint().unwrap())
    );
    let claims: Value = serde_json::from_str(&checked.claims).unwrap();
    assert_eq!(claims["htu"], "https://as.example/token");
    assert_eq!(claims["iat"], 1_700_000_000);
    assert_eq!(claims["nonce"], "server-nonce");
    assert_eq!(claims["ath"], "FPlcM-1UXiivOYozpUrp7d117JnKzPF4YXuXNnfZmdU");
    assert_eq!(claims["jti"].as_str().unwrap().len(), 22);
    let other_nonce = DpopValidation::new("POST", "https://as.example/token", now)
        .access_token("an access token")
        .nonce("another");
    assert_eq!(
        jose(verify_dpop_proof(&proof, &other_nonce, &mut cache())),
        Jose::ClaimMismatch(Claim::Nonce)
    );
}

#[test]
fn proofs_made_with_each_asymmetric_key() {
    for alg in [
        JwsAlg::Es256,
        JwsAlg::Es384,
        JwsAlg::Es512,
        JwsAlg::EdDsa,
        JwsAlg::Ed25519,
    ] {
        round_trip(&SignatureKey::generate(alg, None).unwrap());
    }
    let rsa = include_str!("data/keys/rsa.pkcs8.pem");
    round_trip(&SignatureKey::from_pem(rsa, Some(JwsAlg::Rs256)).unwrap());
    round_trip(&SignatureKey::from_pem(rsa, Some(JwsAlg::Ps256)).unwrap());
}

#[test]
fn proofs_need_a_private_asymmetric_key() {
    let params = DpopParams::new("GET", "https://rs.example/", t(1_700_000_000));
    let secret = SignatureKey::generate(JwsAlg::Hs256, None).unwrap();
    assert_eq!(
        jose(create_dpop_proof(&secret, &params)),
        Jose::AlgNotAllowed
    );
    let public = SignatureKey::generate(JwsAlg::Es256, None)
        .unwrap()
        .public_key()
        .unwrap();
    assert_eq!(
        jose(create_dpop_proof(&public, &params)),
        Jose::KeyRejected(KeyReason::WrongUse)
    );
}

// --- OpenID Connect ID tokens (OIDC Core Appendix A) ---

const ISSUER: &str = "https://server.example.com";
const CLIENT: &str = "s6BhdRkqt3";
const NONCE: &str = "n-0S6_WzA2Mj";
/// Between the examples' `iat` (1311280970) and `exp` (1311281970).
const OIDC_NOW: u64 = 1_311_281_000;

fn a7_keys() -> KeySet {
    let v = vectors(OIDC);
    KeySet::from_jwk(&v["rsa_public_key_A7"].to_string()).unwrap()
}

fn a7_private() -> SignatureKey {
    let v = vectors(OIDC);
    let jwk = v["rsa_private_key_from_xml_comment"].to_string();
    SignatureKey::from_private_jwk(&jwk, Some(JwsAlg::Rs256)).unwrap()
}

fn example(name: &str) -> Value {
    vectors(OIDC)["examples"][name].clone()
}

fn id_validation(now: u64) -> IdTokenValidation<'static> {
    IdTokenValidation::new(ISSUER, CLIENT, t(now)).nonce(NONCE)
}

/// The validation an example's response type calls for: its access token and code.
fn bound<'a>(e: &'a Value, v: IdTokenValidation<'a>) -> IdTokenValidation<'a> {
    let mut v = v;
    if let Some(at) = e["access_token"].as_str() {
        v = v.access_token(at);
    }
    if let Some(code) = e["code"].as_str() {
        v = v.code(code);
    }
    v
}

#[test]
fn oidc_appendix_a_id_tokens_verify_with_the_a7_key() {
    let keys = a7_keys();
    for name in ["A.2", "A.3", "A.4", "A.6"] {
        let e = example(name);
        let token = e["id_token"].as_str().unwrap();
        let verified = verify_id_token(token, &keys, &bound(&e, id_validation(OIDC_NOW))).unwrap();
        assert_eq!(
            verified.payload,
            e["claims_json_as_encoded"].as_str().unwrap().as_bytes(),
            "{name}"
        );
        assert_eq!(verified.header.kid.as_deref(), Some("1e9gdk7"), "{name}");
    }
}

#[test]
fn oidc_id_tokens_refused_exactly_when_a_value_is_wrong() {
    let keys = a7_keys();
    let a6 = example("A.6");
    let token = a6["id_token"].as_str().unwrap();
    let refused = |v: IdTokenValidation<'_>| jose(verify_id_token(token, &keys, &v));
    let base = || bound(&a6, id_validation(OIDC_NOW));
    assert_eq!(
        refused(base().nonce("n-another")),
        Jose::ClaimMismatch(Claim::Nonce)
    );
    assert_eq!(
        refused(base().access_token("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Z")),
        Jose::ClaimMismatch(Claim::AtHash)
    );
    assert_eq!(
        refused(base().code("Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvl")),
        Jose::ClaimMismatch(Claim::CHash)
    );
    assert_eq!(
        refused(bound(
            &a6,
            IdTokenValidation::new("https://other.example.com", CLIENT, t(OIDC_NOW)).nonce(NONCE)
        )),
        Jose::IssuerMismatch
    );
    assert_eq!(
        refused(bound(
            &a6,
            IdTokenValidation::new(ISSUER, "another-client", t(OIDC_NOW)).nonce(NONCE)
        )),
        Jose::AudienceMismatch
    );
    assert_eq!(
        refused(bound(&a6, id_validation(1_311_281_970))),
        Jose::Expired
    );
    assert_eq!(
        refused(base().max_age(3600)),
        Jose::MissingClaim(Claim::AuthTime)
    );
    assert_eq!(
        refused(base().acr_values(&["urn:mace:incommon:iap:silver"])),
        Jose::MissingClaim(Claim::Acr)
    );
    // A.2 carries no `at_hash` and no `c_hash`: expecting them is refused.
    let a2 = example("A.2");
    let a2_token = a2["id_token"].as_str().unwrap();
    let v = id_validation(OIDC_NOW).access_token("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y");
    assert_eq!(
        jose(verify_id_token(a2_token, &keys, &v)),
        Jose::MissingClaim(Claim::AtHash)
    );
    // Without the nonce it was sent with, the token is refused too.
    let v = IdTokenValidation::new(ISSUER, CLIENT, t(OIDC_NOW));
    assert_eq!(
        jose(verify_id_token(a2_token, &keys, &v)),
        Jose::ClaimMismatch(Claim::Nonce)
    );
    // A flipped signature.
    let mut forged = a2_token.to_owned();
    forged.replace_range(forged.len() - 3.., "AAA");
    assert_eq!(
        jose(verify_id_token(&forged, &keys, &id_validation(OIDC_NOW))),
        Jose::InvalidSignature
    );
}

const AS: &str = "https://authorization-server.example.com/";
const RS: &str = "https://rs.example.com/";

/// The RFC 9068 §3 access token, signed with the A.7 private key as `typ`.
fn access_token(typ: &str) -> (String, String) {
    let claims = json!({
        "iss": AS, "sub": "5ba552d67", "aud": RS, "exp": 1_639_528_912u64,
        "iat": 1_618_354_090u64, "jti": "dbe39bf3a3ba4238a513f51d6e1691c4",
        "client_id": CLIENT, "scope": "openid profile reademail",
        "cnf": {"jkt": DPOP_JKT}
    })
    .to_string();
    let key = a7_private();
    let header = HeaderParams::new().typ(typ).kid("1e9gdk7");
    let token = sign_to_string(&header, claims.as_bytes(), key.signer().unwrap()).unwrap();
    (token, claims)
}

#[test]
fn rfc9068_access_tokens_and_id_tokens_are_not_interchangeable() {
    let keys = a7_keys();
    let (token, claims) = access_token("at+jwt");
    let v = AccessTokenValidation::new(AS, RS, t(1_618_354_100));
    let verified = verify_access_token(&token, &keys, &v).unwrap();
    assert_eq!(verified.verified.payload, claims.as_bytes());
    assert_eq!(verified.jkt.as_deref(), Some(DPOP_JKT));
    assert_eq!(
        jose(verify_access_token(
            &token,
            &keys,
            &AccessTokenValidation::new(AS, "https://other.example/", t(1_618_354_100))
        )),
        Jose::AudienceMismatch
    );
    // The access token offered as an ID token.
    let as_id = IdTokenValidation::new(AS, RS, t(1_618_354_100));
    assert_eq!(
        jose(verify_id_token(&token, &keys, &as_id)),
        Jose::TypeMismatch
    );
    // An OIDC ID token (A.2, no `typ`; and one with `typ` JWT) offered as an access token.
    let a2 = example("A.2");
    let v = AccessTokenValidation::new(ISSUER, CLIENT, t(OIDC_NOW));
    assert_eq!(
        jose(verify_access_token(
            a2["id_token"].as_str().unwrap(),
            &keys,
            &v
        )),
        Jose::TypeMismatch
    );
    let (jwt, _) = access_token("JWT");
    assert_eq!(
        jose(verify_access_token(
            &jwt,
            &keys,
            &AccessTokenValidation::new(AS, RS, t(1_618_354_100))
        )),
        Jose::TypeMismatch
    );
}

// --- JARM ---

const JARM_ISSUER: &str = "https://accounts.example.com";
const STATE: &str = "S8NJ7uqk5fY4EjNvP_G_FtyJu6pUsvH9jsYni9dMAJw";
/// Before the examples' `exp` (1311281970).
const JARM_NOW: u64 = 1_311_281_000;

struct Issuer {
    key: SignatureKey,
    keys: KeySet,
}

fn issuer() -> Issuer {
    let key = SignatureKey::generate(JwsAlg::Es256, None)
        .unwrap()
        .with_kid("jarm-1");
    let mut keys = KeySet::new();
    keys.insert(Some("jarm-1"), key.public_key().unwrap().verifier().clone())
        .unwrap();
    Issuer { key, keys }
}

impl Issuer {
    fn sign(&self, payload: &Value, kid: &str) -> (String, String) {
        let claims = payload.to_string();
        let header = HeaderParams::new().kid(kid);
        let jwt = sign_to_string(&header, claims.as_bytes(), self.key.signer().unwrap()).unwrap();
        (jwt, claims)
    }
}

fn jarm_payload(which: &str) -> Value {
    let v = vectors(JARM);
    match which {
        "code" => v["examples"]["code_success_2_1_1"]["payload"].clone(),
        "error" => v["examples"]["error_2_1_1"]["payload"].clone(),
        _ => v["examples"]["token_flow"]["decoded_from_fragment_jwt_example"].clone(),
    }
}

fn jarm_validation() -> JarmValidation<'static> {
    JarmValidation::new(JARM_ISSUER, CLIENT, t(JARM_NOW)).state(STATE)
}

#[test]
fn jarm_code_token_and_error_responses() {
    let issuer = issuer();
    for (which, kind, mode) in [
        ("code", ResponseKind::Code, ResponseMode::Query),
        ("token", ResponseKind::Token, ResponseMode::Fragment),
        ("error", ResponseKind::Error, ResponseMode::FormPost),
    ] {
        let (jwt, claims) = issuer.sign(&jarm_payload(which), "jarm-1");
        let v = jarm_validation().response_mode(mode);
        let answer = validate_jarm_response(&jwt, &issuer.keys, &v, None).unwrap();
        assert_eq!((answer.kind, answer.params), (kind, claims), "{which}");
    }
}

#[test]
fn jarm_refusals() {
    let issuer = issuer();
    let (jwt, _) = issuer.sign(&jarm_payload("code"), "jarm-1");
    let refused = |jwt: &str, v: JarmValidation<'_>| {
        jose(validate_jarm_response(jwt, &issuer.keys, &v, None))
    };
    assert_eq!(
        refused(&jwt, jarm_validation().state("another")),
        Jose::ClaimMismatch(Claim::State)
    );
    assert_eq!(
        refused(
            &jwt,
            JarmValidation::new("https://evil.example", CLIENT, t(JARM_NOW)).state(STATE)
        ),
        Jose::IssuerMismatch
    );
    assert_eq!(
        refused(
            &jwt,
            JarmValidation::new(JARM_ISSUER, "another", t(JARM_NOW)).state(STATE)
        ),
        Jose::AudienceMismatch
    );
    assert_eq!(
        refused(
            &jwt,
            JarmValidation::new(JARM_ISSUER, CLIENT, t(1_311_281_970)).state(STATE)
        ),
        Jose::Expired
    );
    let mut forged = jwt.clone();
    forged.replace_range(forged.len() - 3.., "AAA");
    assert_eq!(refused(&forged, jarm_validation()), Jose::InvalidSignature);
    let (unknown, _) = issuer.sign(&jarm_payload("code"), "jarm-2");
    assert_eq!(refused(&unknown, jarm_validation()), Jose::NoMatchingKey);
    assert_eq!(
        refused(&jwt, jarm_validation().algs(&[JwsAlg::Rs256])),
        Jose::AlgNotAllowed
    );
    // A token response in a URL's query must be encrypted (JARM §2.3.1).
    let (token, _) = issuer.sign(&jarm_payload("token"), "jarm-1");
    assert_eq!(
        refused(&token, jarm_validation().response_mode(ResponseMode::Query)),
        Jose::EncryptionRequired
    );
    // Neither code, token nor error.
    let mut neither = jarm_payload("code");
    neither.as_object_mut().unwrap().remove("code");
    let (neither, _) = issuer.sign(&neither, "jarm-1");
    assert_eq!(
        refused(&neither, jarm_validation()),
        Jose::MissingClaim(Claim::Code)
    );
}

#[test]
fn jarm_encrypted_responses() {
    let issuer = issuer();
    let rsa = include_str!("data/keys/rsa.pkcs8.pem");
    let clients = [
        EncryptionKey::generate(JweAlg::EcdhEs, Some("P-256"), None).unwrap(),
        EncryptionKey::from_pem(rsa, JweAlg::RsaOaep256).unwrap(),
    ];
    for client in &clients {
        let public = client.public_key().unwrap();
        let (jwt, claims) = issuer.sign(&jarm_payload("token"), "jarm-1");
        let jwe = public
            .encrypt(
                &HeaderParams::new().cty("JWT"),
                jwt.as_bytes(),
                A256GCM,
                false,
            )
            .unwrap();
        // Encrypted, a token response may come in the query.
        let v = jarm_validation().response_mode(ResponseMode::Query);
        let answer = validate_jarm_response(&jwe, &issuer.keys, &v, Some(client)).unwrap();
        assert_eq!((answer.kind, answer.params), (ResponseKind::Token, claims));
        // A client registered for encryption refuses a response that is only signed.
        assert_eq!(
            jose(validate_jarm_response(&jwt, &issuer.keys, &v, Some(client))),
            Jose::EncryptionRequired
        );
        // A client that is not refuses an encrypted one.
        assert_eq!(
            jose(validate_jarm_response(&jwe, &issuer.keys, &v, None)),
            Jose::Unsupported
        );
        // A public key cannot decrypt.
        assert_eq!(
            jose(validate_jarm_response(
                &jwe,
                &issuer.keys,
                &v,
                Some(&public)
            )),
            Jose::KeyRejected(KeyReason::WrongUse)
        );
        // Another client's key.
        let other = EncryptionKey::generate(client.alg(), None, None)
            .or_else(|_| EncryptionKey::generate(client.alg(), Some("P-256"), None))
            .unwrap();
        assert_eq!(
            jose(validate_jarm_response(&jwe, &issuer.keys, &v, Some(&other))),
            Jose::DecryptionFailed
        );
    }
}

#[test]
fn jarm_response_parameter_is_read_strictly() {
    let jwt = "eyJhbGciOiJFUzI1NiJ9.eyJhIjoxfQ.c2ln";
    let jwe = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA";
    let ok = |input: &str| jarm_response(input).unwrap();
    assert_eq!(
        ok(&format!(
            "https://client.example.com/cb?state=x&response={jwt}"
        )),
        (jwt.to_owned(), ResponseMode::Query)
    );
    assert_eq!(
        ok(&format!(
            "https://client.example.com/cb?a=1#response={jwt}&b=%20"
        )),
        (jwt.to_owned(), ResponseMode::Fragment)
    );
    assert_eq!(
        ok(&format!("  state=a+b%2Fc&response={jwt}\n")),
        (jwt.to_owned(), ResponseMode::FormPost)
    );
    // Percent-encoded dots decode.
    assert_eq!(
        ok(&format!("response={}", jwt.replace('.', "%2e"))),
        (jwt.to_owned(), ResponseMode::FormPost)
    );
    assert_eq!(ok(jwt), (jwt.to_owned(), ResponseMode::Jwt));
    assert_eq!(ok(jwe), (jwe.to_owned(), ResponseMode::Jwt));

    let refused = |input: &str| {
        let e = jarm_response(input).unwrap_err();
        assert_eq!(e.code(), "malformed");
        e.to_string()
    };
    assert_eq!(
        refused(&format!("response={jwt}&state=1&state=2")),
        "authorization response: the parameter \"state\" appears twice"
    );
    assert_eq!(
        refused(&format!(
            "https://c.example/cb?response={jwt}&response={jwt}"
        )),
        "authorization response: the parameter \"response\" appears twice"
    );
    assert_eq!(
        refused(&format!(
            "https://c.example/cb?response={jwt}#response={jwt}"
        )),
        "authorization response: the URL has a \"response\" parameter in both its query and its fragment"
    );
    assert_eq!(
        refused(&format!("response={jwt}&x=%G1")),
        "authorization response: the form body has a \"%\" that is not followed by two hexadecimal digits"
    );
    assert_eq!(
        refused(&format!("https://c.example/cb?response={jwt}%2")),
        "authorization response: the query has a \"%\" that is not followed by two hexadecimal digits"
    );
    assert_eq!(
        refused("response=%FF"),
        "authorization response: the form body decodes to text that is not UTF-8"
    );
    assert_eq!(
        refused("https://c.example/cb?code=abc&state=x"),
        "authorization response: the URL has no \"response\" parameter"
    );
    assert_eq!(
        refused("code=abc"),
        "authorization response: the form body has no \"response\" parameter"
    );
    assert_eq!(
        refused("not a token"),
        "authorization response: expected a redirect URL, a form body (response=...), or a compact JWT or JWE"
    );
}
