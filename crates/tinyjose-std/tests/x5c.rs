//! Tokens verified with the leaf of their `x5c` chain, the chains made here with rcgen: valid,
//! expired, not yet valid, from another root, of the wrong extended key usage, with a leaf key of
//! another type than the token's `alg`, and with a wrong `x5t#S256`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly, as tests do"
)]

mod support;

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
};
use serde_json::json;
use sha2::Digest;
use support::sign_raw;
use tinyjose::{CertReason, Error as JoseError, JwkKey, JwsAlg, UnixTime, Validation};
use tinyjose_std::{X5cTrust, key_from_der, verify_x5c, verify_x5c_jwt};

/// 2030-01-01T00:00:00Z.
const NOW: u64 = 1_893_456_000;

struct Ca {
    pem: String,
    issuer: Issuer<'static, KeyPair>,
}

fn ca(name: &str) -> Ca {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    params.not_after = rcgen::date_time_ymd(2040, 1, 1);
    let cert = params.self_signed(&key).unwrap();
    Ca {
        pem: cert.pem(),
        issuer: Issuer::new(params, key),
    }
}

/// An intermediate CA issued by `root`, and its DER.
fn intermediate(root: &Ca) -> (Ca, Vec<u8>) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params
        .distinguished_name
        .push(DnType::CommonName, "tinyjose test intermediate");
    params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    params.not_after = rcgen::date_time_ymd(2040, 1, 1);
    let cert = params.signed_by(&key, &root.issuer).unwrap();
    let der = cert.der().to_vec();
    (
        Ca {
            pem: cert.pem(),
            issuer: Issuer::new(params, key),
        },
        der,
    )
}

struct Leaf {
    der: Vec<u8>,
    key: JwkKey,
}

/// A leaf issued by `ca`, valid over `years`, with these extended key usages.
fn leaf(
    ca: &Ca,
    alg: &'static rcgen::SignatureAlgorithm,
    years: (i32, i32),
    eku: Vec<ExtendedKeyUsagePurpose>,
) -> Leaf {
    let key = KeyPair::generate_for(alg).unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, "tinyjose test signer");
    params.not_before = rcgen::date_time_ymd(years.0, 1, 1);
    params.not_after = rcgen::date_time_ymd(years.1, 1, 1);
    params.extended_key_usages = eku;
    let cert = params.signed_by(&key, &ca.issuer).unwrap();
    Leaf {
        der: cert.der().to_vec(),
        key: key_from_der(&key.serialize_der(), None).unwrap(),
    }
}

fn valid_leaf(ca: &Ca) -> Leaf {
    leaf(ca, &rcgen::PKCS_ECDSA_P256_SHA256, (2025, 2035), vec![])
}

/// A compact JWS whose header is `header` plus `x5c` (`chain`, leaf first).
fn token(mut header: serde_json::Value, chain: &[&[u8]], key: &JwkKey) -> String {
    header["x5c"] = chain.iter().map(|der| Base64::encode_string(der)).collect();
    sign_raw(
        &header.to_string(),
        br#"{"sub":"device-7","exp":1900000000}"#,
        key,
    )
}

fn refused(result: tinyjose_std::Result<impl Sized>) -> JoseError {
    match result {
        Err(tinyjose_std::Error::Jose(e)) => e,
        Err(e) => panic!("not a core error: {e}"),
        Ok(_) => panic!("accepted"),
    }
}

#[test]
fn a_chain_through_an_intermediate_verifies() {
    let root = ca("tinyjose test root");
    let (inter, inter_der) = intermediate(&root);
    let leaf = valid_leaf(&inter);
    let thumb = Base64UrlUnpadded::encode_string(&sha2::Sha256::digest(&leaf.der));
    let t = token(
        json!({"alg":"ES256","x5t#S256":thumb}),
        &[&leaf.der, &inter_der],
        &leaf.key,
    );
    let trust = X5cTrust::from_pem(&root.pem).unwrap();
    let verified = verify_x5c_jwt(&t, &trust, &Validation::new(UnixTime::from_secs(NOW))).unwrap();
    assert_eq!(verified.payload, br#"{"sub":"device-7","exp":1900000000}"#);
    // The intermediate alone is no anchor for a chain that names it... but trusting it works.
    let trust = X5cTrust::from_pem(&inter.pem).unwrap();
    assert!(verify_x5c(&t, &trust, UnixTime::from_secs(NOW)).is_ok());
    // Without the intermediate in x5c, the leaf does not lead to the root.
    let t = token(json!({"alg":"ES256"}), &[&leaf.der], &leaf.key);
    let trust = X5cTrust::from_pem(&root.pem).unwrap();
    assert_eq!(
        refused(verify_x5c(&t, &trust, UnixTime::from_secs(NOW))),
        JoseError::Certificate(CertReason::UnknownIssuer)
    );
}

#[test]
fn validity_is_checked_at_the_verification_time() {
    let root = ca("root");
    let trust = X5cTrust::from_pem(&root.pem).unwrap();
    let expired = leaf(&root, &rcgen::PKCS_ECDSA_P256_SHA256, (2020, 2025), vec![]);
    let t = token(json!({"alg":"ES256"}), &[&expired.der], &expired.key);
    assert_eq!(
        refused(verify_x5c(&t, &trust, UnixTime::from_secs(NOW))),
        JoseError::Certificate(CertReason::Expired)
    );
    // The same chain at a time inside its validity.
    assert!(verify_x5c(&t, &trust, UnixTime::from_secs(1_700_000_000)).is_ok());
    let future = leaf(&root, &rcgen::PKCS_ECDSA_P256_SHA256, (2035, 2039), vec![]);
    let t = token(json!({"alg":"ES256"}), &[&future.der], &future.key);
    assert_eq!(
        refused(verify_x5c(&t, &trust, UnixTime::from_secs(NOW))),
        JoseError::Certificate(CertReason::NotYetValid)
    );
}

#[test]
fn another_root_is_not_trusted() {
    let root = ca("root");
    let other = ca("other root");
    let leaf = valid_leaf(&root);
    let t = token(json!({"alg":"ES256"}), &[&leaf.der], &leaf.key);
    let trust = X5cTrust::from_pem(&other.pem).unwrap();
    assert_eq!(
        refused(verify_x5c(&t, &trust, UnixTime::from_secs(NOW))),
        JoseError::Certificate(CertReason::UnknownIssuer)
    );
    // A chain whose "root" is the attacker's own self-signed certificate, sent in x5c.
    let (_, rogue_inter) = intermediate(&other);
    let t = token(
        json!({"alg":"ES256"}),
        &[&leaf.der, &rogue_inter],
        &leaf.key,
    );
    let trust = X5cTrust::from_pem(&ca("third").pem).unwrap();
    assert_eq!(
        refused(verify_x5c(&t, &trust, UnixTime::from_secs(NOW))),
        JoseError::Certificate(CertReason::UnknownIssuer)
    );
}

#[test]
fn extended_key_usage_when_required() {
    let root = ca("root");
    let code_signing = "1.3.6.1.5.5.7.3.3";
    let server = leaf(
        &root,
        &rcgen::PKCS_ECDSA_P256_SHA256,
        (2025, 2035),
        vec![ExtendedKeyUsagePurpose::ServerAuth],
    );
    let signer = leaf(
        &root,
        &rcgen::PKCS_ECDSA_P256_SHA256,
        (2025, 2035),
        vec![ExtendedKeyUsagePurpose::CodeSigning],
    );
    let none = valid_leaf(&root);
    let trust = X5cTrust::from_pem(&root.pem)
        .unwrap()
        .require_eku(code_signing)
        .unwrap();
    let at = UnixTime::from_secs(NOW);
    let t = token(json!({"alg":"ES256"}), &[&server.der], &server.key);
    assert_eq!(
        refused(verify_x5c(&t, &trust, at)),
        JoseError::Certificate(CertReason::Usage)
    );
    let t = token(json!({"alg":"ES256"}), &[&none.der], &none.key);
    assert_eq!(
        refused(verify_x5c(&t, &trust, at)),
        JoseError::Certificate(CertReason::Usage)
    );
    let t = token(json!({"alg":"ES256"}), &[&signer.der], &signer.key);
    assert!(verify_x5c(&t, &trust, at).is_ok());
    // Without a required usage, any is accepted.
    let any = X5cTrust::from_pem(&root.pem).unwrap();
    let t = token(json!({"alg":"ES256"}), &[&server.der], &server.key);
    assert!(verify_x5c(&t, &any, at).is_ok());
}

#[test]
fn the_leaf_key_must_be_of_the_tokens_alg() {
    let root = ca("root");
    let trust = X5cTrust::from_pem(&root.pem).unwrap();
    let at = UnixTime::from_secs(NOW);
    let p256 = valid_leaf(&root);
    let ed = leaf(&root, &rcgen::PKCS_ED25519, (2025, 2035), vec![]);
    // An Ed25519 leaf, a token that says ES256 (signed with a P-256 key the attacker holds).
    let t = token(json!({"alg":"ES256"}), &[&ed.der], &p256.key);
    assert_eq!(refused(verify_x5c(&t, &trust, at)), JoseError::AlgMismatch);
    // A P-256 leaf and a token that says RS256 or EdDSA.
    for alg in ["RS256", "EdDSA", "ES384"] {
        let t = token(json!({"alg":alg}), &[&p256.der], &ed.key);
        assert_eq!(
            refused(verify_x5c(&t, &trust, at)),
            JoseError::AlgMismatch,
            "{alg}"
        );
    }
    // The Ed25519 leaf verifies EdDSA and Ed25519 tokens.
    for alg in ["EdDSA", "Ed25519"] {
        let t = token(
            json!({"alg":alg}),
            &[&ed.der],
            &ed.key
                .clone()
                .for_alg(JwsAlg::from_name(alg).unwrap())
                .unwrap(),
        );
        assert!(verify_x5c(&t, &trust, at).is_ok(), "{alg}");
    }
    // A valid chain does not make a signature by another key valid.
    let t = token(json!({"alg":"ES256"}), &[&p256.der], &valid_leaf(&root).key);
    assert_eq!(
        refused(verify_x5c(&t, &trust, at)),
        JoseError::InvalidSignature
    );
}

#[test]
fn thumbprints_must_name_the_leaf() {
    let root = ca("root");
    let trust = X5cTrust::from_pem(&root.pem).unwrap();
    let at = UnixTime::from_secs(NOW);
    let leaf = valid_leaf(&root);
    let other = valid_leaf(&root);
    let s256 = |der: &[u8]| Base64UrlUnpadded::encode_string(&sha2::Sha256::digest(der));
    let t = token(
        json!({"alg":"ES256","x5t#S256":s256(&other.der)}),
        &[&leaf.der],
        &leaf.key,
    );
    assert_eq!(
        refused(verify_x5c(&t, &trust, at)),
        JoseError::Certificate(CertReason::Thumbprint)
    );
    let t = token(
        json!({"alg":"ES256","x5t":"AAAAAAAAAAAAAAAAAAAAAAAAAAA"}),
        &[&leaf.der],
        &leaf.key,
    );
    assert_eq!(
        refused(verify_x5c(&t, &trust, at)),
        JoseError::Certificate(CertReason::Thumbprint)
    );
    let t = token(
        json!({"alg":"ES256","x5t#S256":s256(&leaf.der)}),
        &[&leaf.der],
        &leaf.key,
    );
    assert!(verify_x5c(&t, &trust, at).is_ok());
}

#[test]
fn malformed_and_missing_chains() {
    let root = ca("root");
    let trust = X5cTrust::from_pem(&root.pem).unwrap();
    let at = UnixTime::from_secs(NOW);
    let leaf = valid_leaf(&root);
    let t = token(json!({"alg":"ES256"}), &[], &leaf.key);
    assert_eq!(
        refused(verify_x5c(&t, &trust, at)),
        JoseError::Certificate(CertReason::Missing)
    );
    let t = token(json!({"alg":"ES256"}), &[b"0\x03abc"], &leaf.key);
    assert_eq!(
        refused(verify_x5c(&t, &trust, at)),
        JoseError::Certificate(CertReason::Malformed)
    );
    assert!(X5cTrust::from_pem("no certificates here").is_err());
}

#[test]
fn algorithms_and_the_leaf_check_narrow_the_signers() {
    let root = ca("root");
    let at = UnixTime::from_secs(NOW);
    let leaf = valid_leaf(&root);
    let t = token(json!({"alg":"ES256"}), &[&leaf.der], &leaf.key);
    let trust = X5cTrust::from_pem(&root.pem).unwrap();
    assert!(verify_x5c(&t, &trust.clone().algorithms(&[JwsAlg::Es256]), at).is_ok());
    assert_eq!(
        refused(verify_x5c(
            &t,
            &trust.clone().algorithms(&[JwsAlg::EdDsa]),
            at
        )),
        JoseError::AlgNotAllowed
    );
    let pinned: Vec<u8> = sha2::Sha256::digest(&leaf.der).to_vec();
    let pin = move |der: &[u8]| sha2::Sha256::digest(der)[..] == pinned[..];
    assert!(verify_x5c(&t, &trust.clone().leaf_check(pin.clone()), at).is_ok());
    let other = valid_leaf(&root);
    let t = token(json!({"alg":"ES256"}), &[&other.der], &other.key);
    assert_eq!(
        refused(verify_x5c(&t, &trust.leaf_check(pin), at)),
        JoseError::Certificate(CertReason::Usage)
    );
}

#[test]
fn a_long_chain_and_payload_within_the_x5c_limits() {
    let root = ca("root");
    let (i1, d1) = intermediate(&root);
    let leaf = valid_leaf(&i1);
    // A header of about 12 KiB (the chain, padded), a token of about 17 KiB.
    let mut header = json!({"alg":"ES256","pad":"x".repeat(11_000)});
    header["x5c"] = json!([Base64::encode_string(&leaf.der), Base64::encode_string(&d1)]);
    let payload = format!(
        r#"{{"sub":"device-7","exp":1900000000,"data":"{}"}}"#,
        "y".repeat(3500)
    );
    let t = sign_raw(&header.to_string(), payload.as_bytes(), &leaf.key);
    assert!(t.len() > 16 * 1024, "{}", t.len());
    let trust = X5cTrust::from_pem(&root.pem).unwrap();
    assert!(verify_x5c(&t, &trust, UnixTime::from_secs(NOW)).is_ok());
}

#[test]
fn extended_key_usage_through_an_intermediate_without_one() {
    let root = ca("root");
    let (inter, inter_der) = intermediate(&root);
    let signer = leaf(
        &inter,
        &rcgen::PKCS_ECDSA_P256_SHA256,
        (2025, 2035),
        vec![ExtendedKeyUsagePurpose::CodeSigning],
    );
    let t = token(
        json!({"alg":"ES256"}),
        &[&signer.der, &inter_der],
        &signer.key,
    );
    let trust = X5cTrust::from_pem(&root.pem)
        .unwrap()
        .require_eku("1.3.6.1.5.5.7.3.3")
        .unwrap();
    assert!(verify_x5c(&t, &trust, UnixTime::from_secs(NOW)).is_ok());
    // The OID's arcs are digits only.
    assert!(
        X5cTrust::from_pem(&root.pem)
            .unwrap()
            .require_eku("1.+3.6")
            .is_err()
    );
}

#[test]
fn a_malformed_extended_key_usage_is_refused_whatever_comes_first() {
    let root = ca("root");
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.not_before = rcgen::date_time_ymd(2025, 1, 1);
    params.not_after = rcgen::date_time_ymd(2035, 1, 1);
    // extKeyUsage = SEQUENCE { codeSigning, then two bytes that are no OID }.
    let content = [
        0x30, 0x0c, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03, 0xff, 0xff,
    ];
    params.custom_extensions = vec![rcgen::CustomExtension::from_oid_content(
        &[2, 5, 29, 37],
        content.to_vec(),
    )];
    let cert = params.signed_by(&key, &root.issuer).unwrap();
    let signer = key_from_der(&key.serialize_der(), None).unwrap();
    let t = token(json!({"alg":"ES256"}), &[cert.der()], &signer);
    let at = UnixTime::from_secs(NOW);
    let trust = X5cTrust::from_pem(&root.pem).unwrap();
    let with_eku = trust.clone().require_eku("1.3.6.1.5.5.7.3.3").unwrap();
    assert!(matches!(
        refused(verify_x5c(&t, &trust, at)),
        JoseError::Certificate(_)
    ));
    assert!(matches!(
        refused(verify_x5c(&t, &with_eku, at)),
        JoseError::Certificate(_)
    ));
}
