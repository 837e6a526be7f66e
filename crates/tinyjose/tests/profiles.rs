//! Token profiles against their published examples, and every refusal with its exact error:
//! DPoP proofs (RFC 9449), OpenID Connect ID tokens (OIDC Core Appendix A), RFC 9068 access
//! tokens and JARM responses.

#![cfg(all(feature = "profiles", feature = "es256", feature = "hs"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unwrap_in_result,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

use common::load_json;
use serde_json::Value;
use tinyjose::jws::OneKey;
use tinyjose::rand_core::{TryCryptoRng, TryRng};
use tinyjose::{
    AccessTokenValidation, Claim, DpopParams, DpopValidation, Error, Es256SigningKey, HeaderParams,
    HmacKey, JarmValidation, Jwk, JwkKey, JwkSet, JwsAlg, KeyReason, ResponseKind, ResponseMode,
    UnixTime, UntrustedJws, create_dpop_proof, sign, validate_jarm_response, verify_dpop_proof,
};

fn vectors(file: &str) -> Value {
    load_json(&format!("profiles/{file}"))
}

fn at(secs: u64) -> UnixTime {
    UnixTime::from_secs(secs)
}

/// A replay check that accepts every `jti` once.
#[derive(Default)]
struct Seen(Vec<String>);

impl Seen {
    fn check(&mut self) -> impl FnMut(&str) -> bool + '_ {
        |jti| {
            if self.0.iter().any(|j| j == jti) {
                false
            } else {
                self.0.push(jti.to_owned());
                true
            }
        }
    }
}

/// A deterministic random source for `jti`.
struct Counter(u8);

impl TryRng for Counter {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(u32::from(self.0))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(u64::from(self.0))
    }
    fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> {
        self.0 = self.0.wrapping_add(1);
        d.fill(self.0);
        Ok(())
    }
}
impl TryCryptoRng for Counter {}

// ---------------------------------------------------------------------------------------------
// DPoP (RFC 9449)

const RFC9449_JKT: &str = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

fn rfc9449(name: &str) -> (String, u64) {
    let v = vectors("rfc9449.json");
    let proof = &v["proofs"][name];
    (
        proof["compact"].as_str().unwrap().to_owned(),
        proof["payload"]["iat"].as_u64().unwrap(),
    )
}

fn check_proof(proof: &str, v: &DpopValidation<'_>) -> Result<String, Error> {
    let mut out = vec![0u8; proof.len()];
    let mut seen = Seen::default();
    verify_dpop_proof(proof, v, &mut seen.check(), &mut out).map(|p| p.jkt().to_owned())
}

#[test]
fn rfc9449_token_request_proof() {
    let (proof, iat) = rfc9449("token_request_section_4_1");
    let v = DpopValidation::new("POST", "https://server.example.com/token", at(iat));
    let mut out = vec![0u8; proof.len()];
    let mut seen = Seen::default();
    let checked = verify_dpop_proof(&proof, &v, &mut seen.check(), &mut out).unwrap();
    assert_eq!(checked.jkt(), RFC9449_JKT);
    assert_eq!(checked.alg(), JwsAlg::Es256);
    assert_eq!(
        checked.claims().json(),
        r#"{"jti":"-BwC3ESc6acc2lTc","htm":"POST","htu":"https://server.example.com/token","iat":1562262616}"#
    );
    assert_eq!(checked.claims().iat(), Some(at(iat)));
    // The same jti again.
    let mut out = vec![0u8; proof.len()];
    assert_eq!(
        verify_dpop_proof(&proof, &v, &mut seen.check(), &mut out).unwrap_err(),
        Error::Replayed
    );
    // Equivalent URIs: another case of scheme and host, the default port, a query.
    for htu in [
        "HTTPS://Server.Example.COM/token",
        "https://server.example.com:443/token",
        "https://server.example.com/token?a=b#c",
    ] {
        let v = DpopValidation::new("POST", htu, at(iat));
        assert_eq!(check_proof(&proof, &v).as_deref(), Ok(RFC9449_JKT), "{htu}");
    }
}

#[test]
fn rfc9449_refusals() {
    let (proof, iat) = rfc9449("token_request_section_4_1");
    let ok = DpopValidation::new("POST", "https://server.example.com/token", at(iat));
    let cases: [(DpopValidation<'_>, Error); 12] = [
        (
            DpopValidation::new("GET", "https://server.example.com/token", at(iat)),
            Error::ClaimMismatch(Claim::Htm),
        ),
        (
            DpopValidation::new("post", "https://server.example.com/token", at(iat)),
            Error::ClaimMismatch(Claim::Htm),
        ),
        (
            DpopValidation::new("POST", "https://server.example.com/token2", at(iat)),
            Error::ClaimMismatch(Claim::Htu),
        ),
        (
            DpopValidation::new("POST", "http://server.example.com/token", at(iat)),
            Error::ClaimMismatch(Claim::Htu),
        ),
        (
            DpopValidation::new("POST", "https://server.example.com:8443/token", at(iat)),
            Error::ClaimMismatch(Claim::Htu),
        ),
        (
            DpopValidation::new("POST", "https://server.example.com/Token", at(iat)),
            Error::ClaimMismatch(Claim::Htu),
        ),
        (
            DpopValidation::new("POST", "https://server.example.com/token", at(iat + 61))
                .max_age(60),
            Error::MaxAgeExceeded,
        ),
        (
            DpopValidation::new("POST", "https://server.example.com/token", at(iat - 1)),
            Error::IssuedAtInvalid,
        ),
        (
            ok.nonce("eyJ7S_zG.eyJH0-Z.HX4w-7v"),
            Error::MissingClaim(Claim::Nonce),
        ),
        (
            ok.access_token("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
            Error::MissingClaim(Claim::Ath),
        ),
        (
            ok.algs(&[JwsAlg::EdDsa, JwsAlg::Es384]),
            Error::AlgNotAllowed,
        ),
        (
            ok.jkt("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"),
            Error::ClaimMismatch(Claim::Cnf),
        ),
    ];
    for (i, (v, expected)) in cases.into_iter().enumerate() {
        assert_eq!(check_proof(&proof, &v), Err(expected), "case {i}");
    }
    // At the edge of the window, and within the leeway.
    let edge = DpopValidation::new("POST", "https://server.example.com/token", at(iat + 300));
    assert_eq!(check_proof(&proof, &edge).as_deref(), Ok(RFC9449_JKT));
    let early =
        DpopValidation::new("POST", "https://server.example.com/token", at(iat - 5)).leeway(5);
    assert_eq!(check_proof(&proof, &early).as_deref(), Ok(RFC9449_JKT));
    // The key the access token is bound to.
    assert_eq!(
        check_proof(&proof, &ok.jkt(RFC9449_JKT)).as_deref(),
        Ok(RFC9449_JKT)
    );
}

#[test]
fn rfc9449_resource_request_proof_with_ath() {
    let (proof, iat) = rfc9449("protected_resource_request_section_7_1");
    let token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
    let v = DpopValidation::new(
        "GET",
        "https://resource.example.org/protectedresource",
        at(iat),
    )
    .access_token(token)
    .jkt(RFC9449_JKT);
    assert_eq!(check_proof(&proof, &v).as_deref(), Ok(RFC9449_JKT));
    let other = v.access_token("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxV");
    assert_eq!(
        check_proof(&proof, &other),
        Err(Error::ClaimMismatch(Claim::Ath))
    );
}

/// Signs `claims` with `key` under the header JSON `header` (members after `alg`).
fn signed(header: HeaderParams<'_>, claims: &str, key: &dyn tinyjose::JwsSigner) -> String {
    let mut out = vec![0u8; 2048];
    sign(&header, claims.as_bytes(), key, &mut out)
        .unwrap()
        .to_owned()
}

fn device_key() -> (JwkKey, String) {
    let d = Es256SigningKey::from_bytes(&[7; 32]).unwrap();
    let key = JwkKey::Es256Private(d.clone(), d.verifying_key());
    let mut jwk = [0u8; 256];
    let public = key.public_jwk(&mut jwk).unwrap().to_owned();
    (key, public)
}

#[test]
fn dpop_hostile_proofs() {
    let (key, public) = device_key();
    let signer = key.as_signer().unwrap();
    let claims = r#"{"jti":"j1","htm":"POST","htu":"https://as.example/token","iat":1700000000}"#;
    let v = DpopValidation::new("POST", "https://as.example/token", at(1_700_000_000));
    let good = signed(
        HeaderParams::new().typ("dpop+jwt").jwk(&public),
        claims,
        signer,
    );
    assert!(check_proof(&good, &v).is_ok());

    // Another typ, or none.
    let typ_jwt = signed(HeaderParams::new().typ("JWT").jwk(&public), claims, signer);
    assert_eq!(check_proof(&typ_jwt, &v), Err(Error::TypeMismatch));
    let no_typ = signed(HeaderParams::new().jwk(&public), claims, signer);
    assert_eq!(check_proof(&no_typ, &v), Err(Error::TypeMismatch));
    // No jwk, a jwk that is not an object.
    let no_jwk = signed(HeaderParams::new().typ("dpop+jwt"), claims, signer);
    assert_eq!(
        check_proof(&no_jwk, &v),
        Err(Error::KeyRejected(KeyReason::Material))
    );
    // A private key in the header.
    let mut private = [0u8; 512];
    let private = key.private_jwk(&mut private).unwrap().to_owned();
    let leaked = signed(
        HeaderParams::new().typ("dpop+jwt").jwk(&private),
        claims,
        signer,
    );
    assert_eq!(
        check_proof(&leaked, &v),
        Err(Error::KeyRejected(KeyReason::WrongUse))
    );
    // A symmetric algorithm, whatever its header key.
    let hmac = HmacKey::hs256(&[1; 32]).unwrap();
    let symmetric = signed(
        HeaderParams::new().typ("dpop+jwt").jwk(&public),
        claims,
        &hmac,
    );
    assert_eq!(check_proof(&symmetric, &v), Err(Error::AlgNotAllowed));
    // Signed by another key than the header's.
    let other = Es256SigningKey::from_bytes(&[8; 32]).unwrap();
    let forged = signed(
        HeaderParams::new().typ("dpop+jwt").jwk(&public),
        claims,
        &other,
    );
    assert_eq!(check_proof(&forged, &v), Err(Error::InvalidSignature));
    // Claims missing or of the wrong type.
    for (claims, expected) in [
        (
            r#"{"htm":"POST","htu":"https://as.example/token","iat":1700000000}"#,
            Error::MissingClaim(Claim::Jti),
        ),
        (
            r#"{"jti":"j","htu":"https://as.example/token","iat":1700000000}"#,
            Error::MissingClaim(Claim::Htm),
        ),
        (
            r#"{"jti":"j","htm":"POST","iat":1700000000}"#,
            Error::MissingClaim(Claim::Htu),
        ),
        (
            r#"{"jti":"j","htm":"POST","htu":"https://as.example/token"}"#,
            Error::MissingClaim(Claim::Iat),
        ),
        (
            r#"{"jti":"j","htm":1,"htu":"https://as.example/token","iat":1700000000}"#,
            Error::InvalidClaim(Claim::Htm),
        ),
        (
            r#"{"jti":"j","htm":"POST","htu":"https:\/\/as.example\/token","iat":1700000000,"exp":1600000000}"#,
            Error::Expired,
        ),
        (
            r#"{"jti":"j","htm":"POST","htu":"urn:x","iat":1700000000}"#,
            Error::ClaimMismatch(Claim::Htu),
        ),
        (
            r#"{"jti":"j","htm":"POST","htu":"https://user@as.example/token","iat":1700000000}"#,
            Error::ClaimMismatch(Claim::Htu),
        ),
    ] {
        let proof = signed(
            HeaderParams::new().typ("dpop+jwt").jwk(&public),
            claims,
            signer,
        );
        assert_eq!(check_proof(&proof, &v), Err(expected), "{claims}");
    }
    // An escaped htu is unescaped before comparison.
    let escaped =
        r#"{"jti":"j","htm":"POST","htu":"https:\/\/as.example\/token","iat":1700000000}"#;
    let proof = signed(
        HeaderParams::new().typ("dpop+jwt").jwk(&public),
        escaped,
        signer,
    );
    assert!(check_proof(&proof, &v).is_ok());
}

#[test]
fn dpop_created_on_a_device() {
    let (key, public) = device_key();
    let now = at(1_700_000_000);
    let token = "an.access.token";
    let params = DpopParams::new("GET", "https://rs.example/data?page=2#top", now)
        .access_token(token)
        .nonce("server-nonce");
    let mut out = [0u8; 1024];
    let proof = create_dpop_proof(&key, &params, &mut Counter(0), &mut out)
        .unwrap()
        .to_owned();

    let jws = UntrustedJws::parse(&proof).unwrap();
    assert_eq!(
        jws.header().json(),
        format!(r#"{{"alg":"ES256","typ":"dpop+jwt","jwk":{public}}}"#)
    );
    let mut buf = [0u8; 512];
    let verified = jws.verify(&key, &mut buf).unwrap();
    assert_eq!(
        core::str::from_utf8(verified.payload()).unwrap(),
        r#"{"jti":"AQEBAQEBAQEBAQEBAQEBAQ","htm":"GET","htu":"https://rs.example/data","iat":1700000000,"ath":"UkM2b42E54u4hWzuKV_B3zyulUA6vtNYjJUv_ru2Qck","nonce":"server-nonce"}"#
    );
    let jkt = Jwk::parse(&public)
        .unwrap()
        .thumbprint_b64(&mut [0u8; 43])
        .unwrap()
        .to_owned();
    let v = DpopValidation::new("GET", "https://rs.example/data", now)
        .access_token(token)
        .nonce("server-nonce")
        .jkt(&jkt);
    assert_eq!(check_proof(&proof, &v), Ok(jkt.clone()));
    assert_eq!(
        check_proof(&proof, &v.nonce("stale")),
        Err(Error::ClaimMismatch(Claim::Nonce))
    );
    // A public key or a shared secret cannot make a proof.
    let public_key = Jwk::parse(&public).unwrap().to_key(None).unwrap();
    assert_eq!(
        create_dpop_proof(&public_key, &params, &mut Counter(0), &mut out).unwrap_err(),
        Error::KeyRejected(KeyReason::WrongUse)
    );
    let secret = JwkKey::Hmac(HmacKey::hs256(&[1; 32]).unwrap());
    assert_eq!(
        create_dpop_proof(&secret, &params, &mut Counter(0), &mut out).unwrap_err(),
        Error::AlgNotAllowed
    );
    // An output too small says how much is needed; claims beyond the bound are a limit.
    assert!(matches!(
        create_dpop_proof(&key, &params, &mut Counter(0), &mut [0u8; 64]),
        Err(Error::BufferTooSmall { .. })
    ));
    let long = format!("https://rs.example/{}", "a".repeat(800));
    assert_eq!(
        create_dpop_proof(
            &key,
            &DpopParams::new("GET", &long, now),
            &mut Counter(0),
            &mut out
        )
        .unwrap_err(),
        Error::LimitExceeded(tinyjose::Limit::TokenLength)
    );
}

#[cfg(feature = "eddsa")]
#[test]
fn dpop_with_the_ed25519_algorithm_name() {
    let d = tinyjose::Ed25519SigningKey::from_bytes(&[3; 32])
        .unwrap()
        .for_alg(JwsAlg::Ed25519)
        .unwrap();
    let key = JwkKey::Ed25519Private(d.clone(), d.verifying_key());
    let now = at(1_700_000_000);
    let mut out = [0u8; 1024];
    let proof = create_dpop_proof(
        &key,
        &DpopParams::new("POST", "https://as.example/t", now),
        &mut Counter(0),
        &mut out,
    )
    .unwrap()
    .to_owned();
    assert_eq!(
        UntrustedJws::parse(&proof).unwrap().header().alg(),
        JwsAlg::Ed25519
    );
    let v = DpopValidation::new("POST", "https://as.example/t", now);
    assert!(check_proof(&proof, &v).is_ok());
    assert_eq!(
        check_proof(&proof, &v.algs(&[JwsAlg::EdDsa])),
        Err(Error::AlgNotAllowed)
    );
}

// ---------------------------------------------------------------------------------------------
// OpenID Connect ID tokens (OIDC Core Appendix A)

#[cfg(feature = "rsa")]
mod oidc {
    use super::*;
    use tinyjose::IdTokenValidation;

    const ISSUER: &str = "https://server.example.com";
    const CLIENT: &str = "s6BhdRkqt3";
    const NONCE: &str = "n-0S6_WzA2Mj";
    const NOW: u64 = 1_311_281_000;

    fn example(name: &str) -> (String, Value) {
        let v = vectors("oidc-core.json");
        let e = v["examples"][name].clone();
        (e["id_token"].as_str().unwrap().to_owned(), e)
    }

    fn op_keys() -> String {
        let v = vectors("oidc-core.json");
        format!(r#"{{"keys":[{}]}}"#, v["rsa_public_key_A7"])
    }

    fn check(token: &str, v: &IdTokenValidation<'_>) -> Result<String, Error> {
        let keys = op_keys();
        let set = JwkSet::parse(&keys).unwrap();
        let jws = UntrustedJws::parse(token).unwrap();
        let mut out = vec![0u8; token.len()];
        let verified = set.verify(&jws, &mut out)?;
        verified.id_token(v).map(|c| c.json().to_owned())
    }

    fn base() -> IdTokenValidation<'static> {
        IdTokenValidation::new(ISSUER, CLIENT, at(NOW)).nonce(NONCE)
    }

    #[test]
    fn appendix_a_id_tokens() {
        let (a2, e) = example("A.2");
        assert_eq!(
            check(&a2, &base()).unwrap(),
            e["claims_json_as_encoded"].as_str().unwrap()
        );
        let (a3, e) = example("A.3");
        let at3 = e["access_token"].as_str().unwrap();
        assert!(check(&a3, &base().access_token(at3)).is_ok());
        let (a4, e) = example("A.4");
        let code = e["code"].as_str().unwrap();
        assert!(check(&a4, &base().code(code)).is_ok());
        let (a6, e) = example("A.6");
        let (at6, code6) = (
            e["access_token"].as_str().unwrap(),
            e["code"].as_str().unwrap(),
        );
        assert!(check(&a6, &base().access_token(at6).code(code6)).is_ok());
    }

    #[test]
    fn appendix_a_refusals() {
        let (a2, _) = example("A.2");
        let (a6, e) = example("A.6");
        let (at6, code6) = (
            e["access_token"].as_str().unwrap(),
            e["code"].as_str().unwrap(),
        );
        let cases: Vec<(&str, IdTokenValidation<'_>, Error)> = vec![
            (
                &a2,
                IdTokenValidation::new(ISSUER, CLIENT, at(NOW)),
                Error::ClaimMismatch(Claim::Nonce),
            ),
            (
                &a2,
                base().nonce("n-other"),
                Error::ClaimMismatch(Claim::Nonce),
            ),
            (
                &a2,
                IdTokenValidation::new("https://evil.example", CLIENT, at(NOW)).nonce(NONCE),
                Error::IssuerMismatch,
            ),
            (
                &a2,
                IdTokenValidation::new(ISSUER, "other-client", at(NOW)).nonce(NONCE),
                Error::AudienceMismatch,
            ),
            (
                &a2,
                IdTokenValidation::new(ISSUER, CLIENT, at(1_311_281_970)).nonce(NONCE),
                Error::Expired,
            ),
            (
                &a2,
                IdTokenValidation::new(ISSUER, CLIENT, at(1_311_280_969)).nonce(NONCE),
                Error::IssuedAtInvalid,
            ),
            (
                &a2,
                base().access_token("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
                Error::MissingClaim(Claim::AtHash),
            ),
            (
                &a2,
                base().max_age(60),
                Error::MissingClaim(Claim::AuthTime),
            ),
            (
                &a2,
                base().acr_values(&["urn:mace:incommon:iap:silver"]),
                Error::MissingClaim(Claim::Acr),
            ),
            (
                &a6,
                base().access_token("another").code(code6),
                Error::ClaimMismatch(Claim::AtHash),
            ),
            (
                &a6,
                base().access_token(at6).code("another"),
                Error::ClaimMismatch(Claim::CHash),
            ),
        ];
        for (i, (token, v, expected)) in cases.into_iter().enumerate() {
            assert_eq!(check(token, &v), Err(expected), "case {i}");
        }
        // A signature that does not verify.
        let mut tampered = a2.clone();
        tampered.pop();
        tampered.push('A');
        assert!(matches!(
            check(&tampered, &base()),
            Err(Error::InvalidSignature | Error::Base64(_))
        ));
    }

    #[test]
    fn hs256_id_tokens_azp_auth_time_acr_and_typ() {
        let key = HmacKey::hs256(b"the client secret, 32 bytes long").unwrap();
        let run = |header: HeaderParams<'_>, claims: &str, v: &IdTokenValidation<'_>| {
            let token = signed(header, claims, &key);
            let jws = UntrustedJws::parse(&token).unwrap();
            let mut out = vec![0u8; token.len()];
            jws.verify(&key, &mut out).unwrap().id_token(v).map(|_| ())
        };
        let plain = HeaderParams::new();
        let claims = |extra: &str| {
            format!(r#"{{"iss":"{ISSUER}","sub":"u","exp":1311281970,"iat":1311280970{extra}}}"#)
        };
        let v = IdTokenValidation::new(ISSUER, CLIENT, at(NOW));
        let one = r#","aud":"s6BhdRkqt3""#;
        let two = r#","aud":["s6BhdRkqt3","other"]"#;
        assert_eq!(run(plain, &claims(one), &v), Ok(()));
        assert_eq!(run(plain.typ("JWT"), &claims(one), &v), Ok(()));
        assert_eq!(run(plain.typ("application/jwt"), &claims(one), &v), Ok(()));
        assert_eq!(
            run(plain.typ("at+jwt"), &claims(one), &v),
            Err(Error::TypeMismatch)
        );
        assert_eq!(
            run(plain.typ("dpop+jwt"), &claims(one), &v),
            Err(Error::TypeMismatch)
        );
        // azp with several audiences.
        assert_eq!(
            run(plain, &claims(two), &v),
            Err(Error::MissingClaim(Claim::Azp))
        );
        assert_eq!(
            run(plain, &claims(&format!(r#"{two},"azp":"s6BhdRkqt3""#)), &v),
            Ok(())
        );
        assert_eq!(
            run(plain, &claims(&format!(r#"{two},"azp":"other""#)), &v),
            Err(Error::ClaimMismatch(Claim::Azp))
        );
        assert_eq!(
            run(plain, &claims(&format!(r#"{one},"azp":"other""#)), &v),
            Err(Error::ClaimMismatch(Claim::Azp))
        );
        assert_eq!(
            run(plain, &claims(&format!(r#"{one},"azp":5"#)), &v),
            Err(Error::InvalidClaim(Claim::Azp))
        );
        // auth_time with a maximum age.
        let recent = format!(r#"{one},"auth_time":1311280900"#);
        assert_eq!(run(plain, &claims(&recent), &v.max_age(100)), Ok(()));
        assert_eq!(
            run(plain, &claims(&recent), &v.max_age(99)),
            Err(Error::MaxAgeExceeded)
        );
        assert_eq!(
            run(plain, &claims(&recent), &v.max_age(99).leeway(1)),
            Ok(())
        );
        assert_eq!(
            run(plain, &claims(one), &v.require_auth_time()),
            Err(Error::MissingClaim(Claim::AuthTime))
        );
        assert_eq!(
            run(
                plain,
                &claims(&format!(r#"{one},"auth_time":"yesterday""#)),
                &v
            ),
            Err(Error::InvalidClaim(Claim::AuthTime))
        );
        // acr.
        let silver = format!(r#"{one},"acr":"urn:mace:incommon:iap:silver""#);
        assert_eq!(
            run(
                plain,
                &claims(&silver),
                &v.acr_values(&["urn:mace:incommon:iap:silver"])
            ),
            Ok(())
        );
        assert_eq!(
            run(plain, &claims(&silver), &v.acr_values(&["gold"])),
            Err(Error::ClaimMismatch(Claim::Acr))
        );
        // Required claims.
        let no_sub =
            format!(r#"{{"iss":"{ISSUER}","aud":"{CLIENT}","exp":1311281970,"iat":1311280970}}"#);
        assert_eq!(
            run(plain, &no_sub, &v),
            Err(Error::MissingClaim(Claim::Sub))
        );
        let no_iat = format!(r#"{{"iss":"{ISSUER}","sub":"u","aud":"{CLIENT}","exp":1311281970}}"#);
        assert_eq!(
            run(plain, &no_iat, &v),
            Err(Error::MissingClaim(Claim::Iat))
        );
    }

    #[test]
    fn at_hash_uses_the_hash_of_the_alg() {
        // HS384: the left 24 bytes of SHA-384.
        let key = HmacKey::new(JwsAlg::Hs384, &[5; 48]).unwrap();
        let token_value = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
        use sha2::Digest;
        let digest = sha2::Sha384::digest(token_value.as_bytes());
        let at_hash = common::b64e(&digest[..24]);
        let claims = format!(
            r#"{{"iss":"{ISSUER}","sub":"u","aud":"{CLIENT}","exp":1311281970,"iat":1311280970,"at_hash":"{at_hash}"}}"#
        );
        let token = signed(HeaderParams::new(), &claims, &key);
        let jws = UntrustedJws::parse(&token).unwrap();
        let mut out = vec![0u8; token.len()];
        let v = IdTokenValidation::new(ISSUER, CLIENT, at(NOW)).access_token(token_value);
        assert!(jws.verify(&key, &mut out).unwrap().id_token(&v).is_ok());
    }
}

// ---------------------------------------------------------------------------------------------
// RFC 9068 access tokens

#[test]
fn rfc9068_access_tokens() {
    let key = HmacKey::hs256(b"a shared secret of at least 32 bytes").unwrap();
    let v = vectors("rfc9068.json");
    let claims = serde_json::to_string(&v["example"]["claims"]).unwrap_or_default();
    let claims = if claims == "null" {
        r#"{"iss":"https://authorization-server.example.com/","sub":"5ba552d67","aud":"https://rs.example.com/","exp":1639528912,"iat":1618354090,"jti":"dbe39bf3a3ba4238a513f51d6e1691c4","client_id":"s6BhdRkqt3","scope":"openid profile reademail"}"#.to_owned()
    } else {
        claims
    };
    let check = |typ: &str, claims: &str, v: &AccessTokenValidation<'_>| {
        let token = signed(HeaderParams::new().typ(typ), claims, &key);
        let jws = UntrustedJws::parse(&token).unwrap();
        let mut out = vec![0u8; token.len()];
        jws.verify(&key, &mut out)
            .unwrap()
            .access_token(v)
            .map(|c| c.json().to_owned())
    };
    let iss = "https://authorization-server.example.com/";
    let good = AccessTokenValidation::new(iss, "https://rs.example.com/", at(1_618_354_100));
    // RFC 9068's own example says `at+JWT`: media types compare case-insensitively.
    for typ in ["at+jwt", "at+JWT", "application/at+jwt"] {
        assert_eq!(
            check(typ, &claims, &good).as_deref(),
            Ok(claims.as_str()),
            "{typ}"
        );
    }
    // An ID token is not an access token.
    assert_eq!(check("JWT", &claims, &good), Err(Error::TypeMismatch));
    assert_eq!(check("dpop+jwt", &claims, &good), Err(Error::TypeMismatch));
    assert_eq!(
        check(
            "at+jwt",
            &claims,
            &AccessTokenValidation::new(iss, "https://other.example/", at(1_618_354_100))
        ),
        Err(Error::AudienceMismatch)
    );
    assert_eq!(
        check(
            "at+jwt",
            &claims,
            &AccessTokenValidation::new(
                "https://evil/",
                "https://rs.example.com/",
                at(1_618_354_100)
            )
        ),
        Err(Error::IssuerMismatch)
    );
    assert_eq!(
        check(
            "at+jwt",
            &claims,
            &AccessTokenValidation::new(iss, "https://rs.example.com/", at(1_639_528_912))
        ),
        Err(Error::Expired)
    );
    for name in ["client_id", "jti", "sub", "iat", "exp"] {
        let mut object: serde_json::Map<String, Value> = serde_json::from_str(&claims).unwrap();
        object.remove(name);
        let missing = serde_json::to_string(&object).unwrap();
        assert_eq!(
            check("at+jwt", &missing, &good),
            Err(Error::MissingClaim(Claim::from_name(name).unwrap())),
            "{name}"
        );
    }
    let bad_client = claims.replace(r#""client_id":"s6BhdRkqt3""#, r#""client_id":7"#);
    assert_eq!(
        check("at+jwt", &bad_client, &good),
        Err(Error::InvalidClaim(Claim::ClientId))
    );

    // A DPoP-bound token's cnf.jkt.
    let bound = claims.replace('}', &format!(r#","cnf":{{"jkt":"{RFC9449_JKT}"}}}}"#));
    let token = signed(HeaderParams::new().typ("at+jwt"), &bound, &key);
    let jws = UntrustedJws::parse(&token).unwrap();
    let mut out = vec![0u8; token.len()];
    let claims = jws
        .verify(&key, &mut out)
        .unwrap()
        .access_token(&good)
        .unwrap();
    assert_eq!(claims.jkt(), Ok(Some(RFC9449_JKT)));
}

// ---------------------------------------------------------------------------------------------
// JARM

const AS: &str = "https://accounts.example.com";
const CLIENT_ID: &str = "s6BhdRkqt3";
const STATE: &str = "S8NJ7uqk5fY4EjNvP_G_FtyJu6pUsvH9jsYni9dMAJw";
const JARM_NOW: u64 = 1_311_281_000;

fn jarm_payload(name: &str) -> String {
    let v = vectors("jarm.json");
    let p = match name {
        "token" => &v["examples"]["token_flow"]["decoded_from_fragment_jwt_example"],
        other => &v["examples"][other]["payload"],
    };
    serde_json::to_string(p).unwrap()
}

struct Issuer {
    signer: Es256SigningKey,
    jwks: String,
}

fn issuer() -> Issuer {
    let signer = Es256SigningKey::from_bytes(&[11; 32]).unwrap();
    let key = JwkKey::Es256(signer.verifying_key());
    let mut jwk = [0u8; 256];
    let public = key.public_jwk(&mut jwk).unwrap();
    let with_kid = public.replacen('{', r#"{"kid":"laeb","alg":"ES256","#, 1);
    Issuer {
        signer,
        jwks: format!(r#"{{"keys":[{with_kid}]}}"#),
    }
}

fn jarm(
    response: &str,
    v: &JarmValidation<'_>,
    jwks: &str,
) -> Result<(ResponseKind, String), Error> {
    let set = JwkSet::parse(jwks).unwrap();
    let mut jwe_buf = vec![0u8; response.len()];
    let mut out = vec![0u8; response.len()];
    validate_jarm_response(response, &set, v, &mut jwe_buf, &mut out)
        .map(|r| (r.kind(), r.claims().json().to_owned()))
}

#[test]
fn jarm_code_token_and_error_responses() {
    let issuer = issuer();
    let v = JarmValidation::new(AS, CLIENT_ID, at(JARM_NOW)).state(STATE);
    for (name, kind) in [
        ("code_success_2_1_1", ResponseKind::Code),
        ("token", ResponseKind::Token),
        ("error_2_1_1", ResponseKind::Error),
    ] {
        let payload = jarm_payload(name);
        let response = signed(HeaderParams::new().kid("laeb"), &payload, &issuer.signer);
        assert_eq!(
            jarm(&response, &v, &issuer.jwks),
            Ok((kind, payload.clone())),
            "{name}"
        );
        // Fragment and form post carry a token response unencrypted.
        for mode in [
            ResponseMode::Fragment,
            ResponseMode::FormPost,
            ResponseMode::Jwt,
        ] {
            assert!(jarm(&response, &v.response_mode(mode), &issuer.jwks).is_ok());
        }
    }
    let code = signed(
        HeaderParams::new().kid("laeb"),
        &jarm_payload("code_success_2_1_1"),
        &issuer.signer,
    );
    assert!(jarm(&code, &v.response_mode(ResponseMode::Query), &issuer.jwks).is_ok());
    let token = signed(
        HeaderParams::new().kid("laeb"),
        &jarm_payload("token"),
        &issuer.signer,
    );
    assert_eq!(
        jarm(&token, &v.response_mode(ResponseMode::Query), &issuer.jwks),
        Err(Error::EncryptionRequired)
    );
    assert_eq!(
        ResponseMode::from_name("query.jwt"),
        Ok(ResponseMode::Query)
    );
    assert_eq!(ResponseMode::from_name("query"), Err(Error::Unsupported));
}

#[test]
fn jarm_refusals() {
    let issuer = issuer();
    let payload = jarm_payload("code_success_2_1_1");
    let response = signed(HeaderParams::new().kid("laeb"), &payload, &issuer.signer);
    let v = JarmValidation::new(AS, CLIENT_ID, at(JARM_NOW)).state(STATE);
    let cases: [(JarmValidation<'_>, Error); 6] = [
        (v.state("another"), Error::ClaimMismatch(Claim::State)),
        (
            JarmValidation::new(AS, CLIENT_ID, at(JARM_NOW)),
            Error::ClaimMismatch(Claim::State),
        ),
        (
            JarmValidation::new("https://evil.example", CLIENT_ID, at(JARM_NOW)).state(STATE),
            Error::IssuerMismatch,
        ),
        (
            JarmValidation::new(AS, "another-client", at(JARM_NOW)).state(STATE),
            Error::AudienceMismatch,
        ),
        (
            JarmValidation::new(AS, CLIENT_ID, at(1_311_281_970)).state(STATE),
            Error::Expired,
        ),
        (v.algs(&[JwsAlg::Rs256]), Error::AlgNotAllowed),
    ];
    for (i, (v, expected)) in cases.into_iter().enumerate() {
        assert_eq!(jarm(&response, &v, &issuer.jwks), Err(expected), "case {i}");
    }
    // Signed by another key under the issuer's kid; an unknown kid.
    let other = Es256SigningKey::from_bytes(&[12; 32]).unwrap();
    let forged = signed(HeaderParams::new().kid("laeb"), &payload, &other);
    assert_eq!(
        jarm(&forged, &v, &issuer.jwks),
        Err(Error::InvalidSignature)
    );
    let unknown = signed(HeaderParams::new().kid("nope"), &payload, &issuer.signer);
    assert_eq!(jarm(&unknown, &v, &issuer.jwks), Err(Error::NoMatchingKey));
    // Missing parameters.
    for (claims, expected) in [
        (
            r#"{"iss":"https://accounts.example.com","aud":"s6BhdRkqt3","exp":1311281970,"state":"S8NJ7uqk5fY4EjNvP_G_FtyJu6pUsvH9jsYni9dMAJw"}"#,
            Error::MissingClaim(Claim::Code),
        ),
        (
            r#"{"iss":"https://accounts.example.com","aud":"s6BhdRkqt3","code":"c","state":"S8NJ7uqk5fY4EjNvP_G_FtyJu6pUsvH9jsYni9dMAJw"}"#,
            Error::MissingClaim(Claim::Exp),
        ),
        (
            r#"{"iss":"https://accounts.example.com","exp":1311281970,"code":"c","state":"S8NJ7uqk5fY4EjNvP_G_FtyJu6pUsvH9jsYni9dMAJw"}"#,
            Error::MissingClaim(Claim::Aud),
        ),
        (
            r#"{"iss":"https://accounts.example.com","aud":"s6BhdRkqt3","exp":1311281970,"code":"c"}"#,
            Error::MissingClaim(Claim::State),
        ),
        (
            r#"{"iss":"https://accounts.example.com","aud":"s6BhdRkqt3","exp":1311281970,"code":5,"state":"S8NJ7uqk5fY4EjNvP_G_FtyJu6pUsvH9jsYni9dMAJw"}"#,
            Error::Json(tinyjose::Part::Payload),
        ),
    ] {
        let response = signed(HeaderParams::new().kid("laeb"), claims, &issuer.signer);
        assert_eq!(jarm(&response, &v, &issuer.jwks), Err(expected), "{claims}");
    }
    // A response that is not signed at all.
    let unsigned = format!("eyJhbGciOiJub25lIn0.{}.", common::b64e(payload.as_bytes()));
    assert_eq!(jarm(&unsigned, &v, &issuer.jwks), Err(Error::AlgNone));
}

#[cfg(feature = "aes-gcm")]
#[test]
fn jarm_encrypted_responses() {
    use tinyjose::{A256GCM, DirectKey, encrypt};
    let issuer = issuer();
    let client_key = DirectKey::new(&[9; 32]).unwrap();
    let encs: [&dyn tinyjose::ContentEncryption; 1] = [A256GCM];
    let token = signed(
        HeaderParams::new().kid("laeb"),
        &jarm_payload("token"),
        &issuer.signer,
    );
    let mut out = vec![0u8; 4096];
    let encrypted = encrypt(
        &HeaderParams::new().cty("JWT"),
        token.as_bytes(),
        &client_key,
        A256GCM,
        &mut Counter(0),
        &mut out,
    )
    .unwrap()
    .to_owned();
    let v = JarmValidation::new(AS, CLIENT_ID, at(JARM_NOW))
        .state(STATE)
        .response_mode(ResponseMode::Query)
        .decrypt_with(&client_key, &encs);
    assert_eq!(
        jarm(&encrypted, &v, &issuer.jwks).map(|r| r.0),
        Ok(ResponseKind::Token)
    );
    // Without cty, as some servers send it.
    let bare = encrypt(
        &HeaderParams::new(),
        token.as_bytes(),
        &client_key,
        A256GCM,
        &mut Counter(0),
        &mut out,
    )
    .unwrap()
    .to_owned();
    assert_eq!(
        jarm(&bare, &v, &issuer.jwks).map(|r| r.0),
        Ok(ResponseKind::Token)
    );
    // Only signed, for a client registered for encryption.
    assert_eq!(
        jarm(&token, &v, &issuer.jwks),
        Err(Error::EncryptionRequired)
    );
    // Encrypted, for a client that is not.
    let plain = JarmValidation::new(AS, CLIENT_ID, at(JARM_NOW)).state(STATE);
    assert_eq!(
        jarm(&encrypted, &plain, &issuer.jwks),
        Err(Error::Unsupported)
    );
    // Another client's key; a JWE holding claims instead of a signed JWT.
    let other = DirectKey::new(&[10; 32]).unwrap();
    let wrong = JarmValidation::new(AS, CLIENT_ID, at(JARM_NOW))
        .state(STATE)
        .decrypt_with(&other, &encs);
    assert_eq!(
        jarm(&encrypted, &wrong, &issuer.jwks),
        Err(Error::DecryptionFailed)
    );
    let claims_only = encrypt(
        &HeaderParams::new().cty("JWT"),
        jarm_payload("token").as_bytes(),
        &client_key,
        A256GCM,
        &mut Counter(0),
        &mut out,
    )
    .unwrap()
    .to_owned();
    assert_eq!(
        jarm(&claims_only, &v, &issuer.jwks),
        Err(Error::Malformed(tinyjose::Part::Token))
    );
    // A single key instead of a set.
    let single = JwkKey::Es256(issuer.signer.verifying_key());
    let mut jwe_buf = vec![0u8; encrypted.len()];
    let mut buf = vec![0u8; encrypted.len()];
    let answer =
        validate_jarm_response(&encrypted, &OneKey(&single), &v, &mut jwe_buf, &mut buf).unwrap();
    assert_eq!(
        answer.param("access_token", &mut []).unwrap(),
        Some("2YotnFZFEjr1zCsicMWpAA")
    );
    assert!(
        jwe_buf.iter().all(|&b| b == 0),
        "the decrypted JWS is wiped"
    );
}
