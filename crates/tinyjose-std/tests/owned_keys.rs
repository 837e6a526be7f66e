//! The owned key types, `SignatureKey` and `EncryptionKey`: every algorithm from generation to a
//! verified or decrypted token through its exported JWK, the published thumbprint and RFC 7520
//! vectors, and each refusal with its exact error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

use std::path::PathBuf;

use serde_json::Value;
use tinyjose_std::tinyjose::{Error as Jose, KeyReason};
use tinyjose_std::{
    A128GCM, A256GCM, EncryptionKey, Error, HeaderParams, JweAlg, JwsAlg, SignatureKey,
    UntrustedJwe, UntrustedJws, decrypt_to_vec, sign_to_string, verify_to_vec,
};

fn data(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn jose<T: core::fmt::Debug>(result: Result<T, Error>) -> Jose {
    match result.unwrap_err() {
        Error::Jose(e) => e,
        other => panic!("not a core error: {other:?}"),
    }
}

fn rejected(reason: KeyReason) -> Jose {
    Jose::KeyRejected(reason)
}

/// Signs with `key`, then verifies with the key read back from its public (or, for a secret,
/// private) JWK, and checks that both forms have the same thumbprint.
fn sign_and_verify(key: &SignatureKey) {
    let alg = key.alg();
    let token = sign_to_string(&HeaderParams::new(), b"payload", key.signer().unwrap()).unwrap();
    let exported = if key.is_secret() {
        key.private_jwk().unwrap().to_string()
    } else {
        key.public_jwk().unwrap()
    };
    let again = SignatureKey::from_jwk(&exported, Some(alg)).unwrap();
    assert_eq!(again.alg(), alg);
    assert_eq!(
        again.thumbprint().unwrap(),
        key.thumbprint().unwrap(),
        "{alg}"
    );
    let jws = UntrustedJws::parse(&token).unwrap();
    assert_eq!(verify_to_vec(&jws, again.verifier()).unwrap(), b"payload");
    // The private JWK signs again, and the result verifies with the original key.
    let private = SignatureKey::from_jwk(&key.private_jwk().unwrap(), Some(alg)).unwrap();
    let token = sign_to_string(&HeaderParams::new(), b"again", private.signer().unwrap()).unwrap();
    let jws = UntrustedJws::parse(&token).unwrap();
    assert_eq!(verify_to_vec(&jws, key.verifier()).unwrap(), b"again");
}

#[test]
fn every_signature_algorithm_generates_signs_exports_and_verifies() {
    for alg in JwsAlg::ALL {
        let key = SignatureKey::generate(alg, None).unwrap();
        assert_eq!(key.alg(), alg);
        assert_eq!(key.is_secret(), alg.is_symmetric());
        sign_and_verify(&key);
        if !alg.is_symmetric() {
            let public = key.public_key().unwrap();
            assert!(public.signer().is_none(), "{alg}");
            assert_eq!(public.public_jwk().unwrap(), key.public_jwk().unwrap());
            assert_eq!(jose(public.private_jwk()), rejected(KeyReason::WrongUse));
        }
    }
}

#[test]
fn signature_key_sizes_are_checked_at_generation() {
    let bits = |alg, bits| SignatureKey::generate(alg, Some(bits));
    for (alg, size) in [
        (JwsAlg::Hs384, 256),
        (JwsAlg::Hs256, 260),
        (JwsAlg::Es256, 256),
    ] {
        assert_eq!(jose(bits(alg, size)), Jose::Unsupported, "{alg} {size}");
    }
    assert_eq!(
        bits(JwsAlg::Hs256, 512)
            .unwrap()
            .private_jwk()
            .unwrap()
            .len(),
        106
    );
    assert_eq!(jose(bits(JwsAlg::Ps256, 1024)), Jose::Unsupported);
}

#[test]
fn signature_key_thumbprint_is_rfc_7638s() {
    let vectors: Value = serde_json::from_str(&data("../tinyjose/tests/data/rfc/rfc7638.json"))
        .expect("RFC 7638 vectors");
    let v = &vectors["vectors"][0];
    let key = SignatureKey::from_jwk(&v["jwk"].to_string(), None).unwrap();
    assert_eq!((key.alg(), key.kid()), (JwsAlg::Rs256, Some("2011-04-29")));
    assert_eq!(
        key.thumbprint().unwrap(),
        v["thumbprint_b64u"].as_str().unwrap()
    );
    assert_eq!(key.public_key().unwrap().kid(), Some("2011-04-29"));
}

#[test]
fn signature_key_refusals_are_exact() {
    let secret = r#"{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"}"#;
    assert_eq!(
        jose(SignatureKey::from_jwk(secret, None)),
        rejected(KeyReason::NoAlg)
    );
    let hs256 = SignatureKey::from_jwk(secret, Some(JwsAlg::Hs256)).unwrap();
    assert_eq!(jose(hs256.public_key()), rejected(KeyReason::WrongType));
    assert_eq!(jose(hs256.public_jwk()), rejected(KeyReason::WrongType));
    let enc = r#"{"kty":"oct","use":"enc","alg":"HS256","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"}"#;
    assert_eq!(
        jose(SignatureKey::from_jwk(enc, None)),
        rejected(KeyReason::WrongUse)
    );
    let mismatch =
        r#"{"kty":"oct","alg":"HS512","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"}"#;
    assert_eq!(
        jose(SignatureKey::from_jwk(mismatch, Some(JwsAlg::Hs256))),
        Jose::AlgMismatch
    );
    assert_eq!(
        jose(SignatureKey::from_secret(&[1; 31], JwsAlg::Hs256)),
        rejected(KeyReason::TooShort)
    );
    // A private key whose key_ops forbid signing still verifies, and cannot sign.
    let key = SignatureKey::generate(JwsAlg::EdDsa, None).unwrap();
    let verify_only = key
        .private_jwk()
        .unwrap()
        .replace("{", r#"{"key_ops":["verify"],"#);
    let key = SignatureKey::from_jwk(&verify_only, None).unwrap();
    assert!(key.signer().is_none());
}

#[test]
fn signature_keys_load_from_pem_and_der() {
    let pkcs8 = data("tests/data/keys/rsa.pkcs8.pem");
    let rsa = SignatureKey::from_pem(&pkcs8, Some(JwsAlg::Ps384)).unwrap();
    assert!(rsa.signer().is_some());
    sign_and_verify(&rsa);
    let spki = data("tests/data/keys/rsa.spki.pem");
    let public = SignatureKey::from_pem(&spki, Some(JwsAlg::Ps384)).unwrap();
    assert!(public.signer().is_none());
    assert_eq!(public.thumbprint().unwrap(), rsa.thumbprint().unwrap());
    assert_eq!(
        SignatureKey::from_pem(&spki, None).unwrap_err().code(),
        "key_rejected"
    );
    let p256 = SignatureKey::from_pem(&data("tests/data/keys/p256.pkcs8.pem"), None).unwrap();
    assert_eq!(p256.alg(), JwsAlg::Es256);
    sign_and_verify(&p256);
}

/// Encrypts with the key read back from `key`'s public JWK (or, for a secret, its private
/// JWK) and decrypts with `key`.
fn encrypt_and_decrypt(key: &EncryptionKey) {
    let alg = key.alg();
    let exported = if key.is_secret() {
        key.private_jwk().unwrap().to_string()
    } else {
        key.public_jwk().unwrap()
    };
    let sender = EncryptionKey::from_jwk(&exported, Some(alg)).unwrap();
    assert_eq!(
        sender.thumbprint().unwrap(),
        key.thumbprint().unwrap(),
        "{alg}"
    );
    let token = sender
        .encrypt(&HeaderParams::new(), b"plaintext", A256GCM, false)
        .unwrap();
    assert_eq!(UntrustedJwe::parse(&token).unwrap().header().alg(), alg);
    let decrypted = decrypt_to_vec(&token, key.decrypter().unwrap(), &[A256GCM]).unwrap();
    assert_eq!(decrypted.plaintext, b"plaintext", "{alg}");
}

#[test]
fn every_key_management_algorithm_generates_exports_and_decrypts() {
    for alg in JweAlg::ALL {
        if matches!(
            alg,
            JweAlg::Pbes2Hs256A128Kw | JweAlg::Pbes2Hs384A192Kw | JweAlg::Pbes2Hs512A256Kw
        ) {
            assert_eq!(
                jose(EncryptionKey::generate(alg, None, None)),
                Jose::Unsupported
            );
            let key = EncryptionKey::from_secret(b"a password", alg).unwrap();
            encrypt_and_decrypt(&key.with_pbes2_count(1000).unwrap());
            continue;
        }
        let key = EncryptionKey::generate(alg, None, None).unwrap();
        encrypt_and_decrypt(&key);
        if !key.is_secret() {
            let public = key.public_key().unwrap();
            assert!(public.decrypter().is_none(), "{alg}");
            assert_eq!(jose(public.private_jwk()), rejected(KeyReason::WrongUse));
        }
    }
    for crv in ["P-256", "P-384", "X25519"] {
        let key = EncryptionKey::generate(JweAlg::EcdhEsA256Kw, Some(crv), None).unwrap();
        assert!(key.private_jwk().unwrap().contains(crv));
        encrypt_and_decrypt(&key);
    }
}

#[test]
fn encryption_key_refusals_are_exact() {
    let generate = EncryptionKey::generate;
    for (alg, crv, bits) in [
        (JweAlg::A128Kw, None, Some(256)),
        (JweAlg::Dir, None, Some(100)),
        (JweAlg::Dir, Some("P-256"), None),
        (JweAlg::EcdhEs, Some("P-521"), None),
        (JweAlg::EcdhEs, None, Some(256)),
    ] {
        assert_eq!(jose(generate(alg, crv, bits)), Jose::Unsupported, "{alg}");
    }
    let p256 = include_str!("data/keys/p256.spki.pem");
    assert_eq!(
        jose(EncryptionKey::from_pem(p256, JweAlg::A128Kw)),
        Jose::Unsupported
    );
    assert_eq!(
        jose(EncryptionKey::from_secret(&[1; 32], JweAlg::RsaOaep256)),
        rejected(KeyReason::WrongType)
    );
    let kw = EncryptionKey::from_secret(&[1; 16], JweAlg::A128Kw).unwrap();
    assert_eq!(
        jose(kw.clone().with_pbes2_count(2000)),
        Jose::UnsupportedAlg
    );
    assert_eq!(
        jose(kw.clone().with_party_info(vec![], vec![])),
        Jose::UnsupportedAlg
    );
    assert_eq!(jose(kw.public_key()), rejected(KeyReason::WrongType));
    let rsa1_5 = r#"{"kty":"RSA","alg":"RSA1_5","n":"AQAB","e":"AQAB"}"#;
    assert_eq!(jose(EncryptionKey::from_jwk(rsa1_5, None)), Jose::AlgRsa1_5);
    let no_alg = r#"{"kty":"oct","k":"GawgguFyGrWKav7AX4VKUg"}"#;
    assert_eq!(
        jose(EncryptionKey::from_jwk(no_alg, None)),
        rejected(KeyReason::NoAlg)
    );
    let sig = r#"{"kty":"oct","use":"sig","k":"GawgguFyGrWKav7AX4VKUg"}"#;
    assert_eq!(
        jose(EncryptionKey::from_jwk(sig, Some(JweAlg::A128Kw))),
        rejected(KeyReason::WrongUse)
    );
    // A dir key that names its enc is bound to it.
    let bound = r#"{"kty":"oct","alg":"A128GCM","k":"GawgguFyGrWKav7AX4VKUg"}"#;
    let key = EncryptionKey::from_jwk(bound, None).unwrap();
    assert_eq!(key.alg(), JweAlg::Dir);
    let token = key
        .encrypt(&HeaderParams::new(), b"x", A128GCM, false)
        .unwrap();
    assert_eq!(
        decrypt_to_vec(&token, key.decrypter().unwrap(), &[A128GCM])
            .unwrap()
            .plaintext,
        b"x"
    );
}

#[test]
fn pbes2_password_jwk_decrypts_and_its_count_is_written() {
    let jwk = r#"{"kty":"oct","alg":"PBES2-HS256+A128KW","k":"cGFzc3dvcmQ"}"#;
    let key = EncryptionKey::from_jwk(jwk, None).unwrap();
    assert_eq!(key.alg(), JweAlg::Pbes2Hs256A128Kw);
    let token = key
        .clone()
        .with_pbes2_count(1234)
        .unwrap()
        .encrypt(&HeaderParams::new(), b"x", A256GCM, false)
        .unwrap();
    assert!(
        UntrustedJwe::parse(&token)
            .unwrap()
            .header()
            .json()
            .contains(r#""p2c":1234"#)
    );
    let same = EncryptionKey::from_secret(b"password", JweAlg::Pbes2Hs256A128Kw).unwrap();
    let decrypted = decrypt_to_vec(&token, same.decrypter().unwrap(), &[A256GCM]).unwrap();
    assert_eq!(decrypted.plaintext, b"x");
    assert_eq!(
        jose(EncryptionKey::from_jwk(jwk, Some(JweAlg::Pbes2Hs512A256Kw))),
        Jose::AlgMismatch
    );
    let sig = jwk.replace(r#""kty""#, r#""use":"sig","kty""#);
    assert_eq!(
        jose(EncryptionKey::from_jwk(&sig, None)),
        rejected(KeyReason::WrongUse)
    );
    let ops = jwk.replace(r#""kty""#, r#""key_ops":["sign"],"kty""#);
    assert_eq!(
        jose(EncryptionKey::from_jwk(&ops, None)),
        rejected(KeyReason::WrongUse)
    );
}

#[test]
fn rfc_7520_5_2_decrypts_with_the_key_chosen_from_a_set() {
    let v: Value = serde_json::from_str(&data(
        "tests/data/rfc7520/jwe/5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json",
    ))
    .unwrap();
    let jwk = v["input"]["key"].to_string();
    let compact = v["output"]["compact"].as_str().unwrap();
    let plaintext = v["input"]["plaintext"].as_str().unwrap().as_bytes();
    let jwe = UntrustedJwe::parse(compact).unwrap();
    let other = EncryptionKey::generate(JweAlg::RsaOaep, None, None)
        .unwrap()
        .private_jwk()
        .unwrap()
        .replace("{", r#"{"kid":"other","#);
    let set = format!(r#"{{"keys":[{other},{jwk}]}}"#);
    let key = EncryptionKey::from_jwks_for(&set, &jwe).unwrap();
    assert_eq!(key.kid(), Some("samwise.gamgee@hobbiton.example"));
    let decrypted = decrypt_to_vec(compact, key.decrypter().unwrap(), &[A256GCM]).unwrap();
    assert_eq!(decrypted.plaintext, plaintext);
    // Without a kid in the token, two RSA-OAEP keys that decrypt are ambiguous.
    let token = key
        .encrypt(&HeaderParams::new(), b"x", A256GCM, false)
        .unwrap();
    assert_eq!(
        jose(EncryptionKey::from_jwks_for(
            &set,
            &UntrustedJwe::parse(&token).unwrap()
        )),
        Jose::AmbiguousKey
    );
    // A set with only public keys has none that decrypts.
    let public = EncryptionKey::from_jwk(&jwk, None)
        .unwrap()
        .public_key()
        .unwrap()
        .public_jwk()
        .unwrap();
    let public_set = format!(r#"{{"keys":[{public}]}}"#);
    assert_eq!(
        jose(EncryptionKey::from_jwks_for(
            &public_set,
            &UntrustedJwe::parse(&token).unwrap()
        )),
        Jose::NoMatchingKey
    );
}
