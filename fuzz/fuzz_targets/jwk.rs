//! Fuzzes JWK and JWK Set import: key building for every algorithm, signing keys, RFC 7638
//! thumbprints, public JWK export, and key selection in a set.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tinyjose::{Jwk, JwkKey, JwkSet, JwsAlg, JwsVerifier, Limits, UntrustedJws};

/// Tight limits, to reach every limit check.
const SMALL: Limits = Limits::DEFAULT.with_token_len(512).with_header_len(64).with_json_depth(2).with_jwks_keys(2).with_pbes2_count(1000).with_inflated_len(256);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    if let Ok(jwk) = Jwk::parse(text) {
        jwk_case(&jwk);
    }
    let _ = JwkSet::parse_with_limits(text, &SMALL);
    if let Ok(set) = JwkSet::parse(text) {
        set_case(&set);
    }
});

fn jwk_case(jwk: &Jwk<'_>) {
    let _ = format!("{jwk:?}");
    let _ = (
        jwk.has_kid("k"),
        jwk.kid_present(),
        jwk.is_symmetric(),
        jwk.is_private(),
    );
    let thumbprint = jwk.thumbprint();
    let mut out = [0u8; 43];
    let _ = jwk.thumbprint_b64(&mut out);
    let _ = jwk.thumbprint_b64(&mut [0u8; 42]);

    if let Ok(key) = jwk.to_key(None) {
        key_case(&key, &thumbprint);
    }
    if let Ok(key) = jwk.to_signing_key(None) {
        assert!(key.as_signer().is_some(), "a signing key that cannot sign");
        key_case(&key, &thumbprint);
    }
    for alg in JwsAlg::ALL {
        if let Ok(key) = jwk.to_key(Some(alg)) {
            assert_eq!(key.alg(), alg);
            key_case(&key, &thumbprint);
        }
        if let Ok(key) = jwk.to_signing_key(Some(alg)) {
            assert_eq!(key.alg(), alg);
            assert!(key.as_signer().is_some(), "a signing key that cannot sign");
        }
    }
}

/// Checks a key built from a JWK whose own thumbprint is `thumbprint`.
fn key_case(key: &JwkKey, thumbprint: &Result<[u8; 32], tinyjose::Error>) {
    let _ = format!("{key:?}");
    let alg = key.alg();
    if let Some(signer) = key.as_signer() {
        assert_eq!(signer.alg(), alg);
        let header = tinyjose::HeaderParams::new().kid("k");
        let mut out = [0u8; 512];
        let token = tinyjose::sign(&header, b"{}", signer, &mut out).expect("signing");
        let jws = UntrustedJws::parse(token).expect("parsing a token just signed");
        let mut buf = [0u8; 2];
        jws.verify(key, &mut buf)
            .expect("a key verifies its own signature");
    }
    // Room for the largest public key, a 4096-bit RSA modulus.
    let mut out = [0u8; 1024];
    match key.public_jwk(&mut out) {
        Ok(public) => {
            let own = key
                .thumbprint()
                .expect("the thumbprint of an exportable key");
            assert_eq!(thumbprint.as_ref().ok(), Some(&own), "thumbprints differ");
            let again = Jwk::parse(public).expect("an exported JWK parses");
            assert_eq!(again.thumbprint().ok(), Some(own));
            let rebuilt = again.to_key(Some(alg)).expect("an exported JWK imports");
            assert_eq!(rebuilt.thumbprint().ok(), Some(own));
            assert!(key.public_jwk(&mut [0u8; 16]).is_err());
        }
        Err(_) => assert!(alg.is_symmetric(), "an asymmetric key without a public JWK"),
    }
}

fn set_case(set: &JwkSet<'_>) {
    let _ = format!("{set:?}");
    for jwk in set.iter().flatten() {
        let _ = jwk.thumbprint();
    }
    for alg in JwsAlg::ALL {
        let _ = set.select(None, alg);
        let _ = set.select(Some("k"), alg);
    }
}
