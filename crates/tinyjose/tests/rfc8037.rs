//! RFC 8037 Appendix A: Ed25519 keys as JWKs, their thumbprint, and deterministic EdDSA signing
//! and validation (plus the cookbook's copy of the same example).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

#[allow(unused_imports, reason = "used by the eddsa and jwk features")]
use common::{b64d, hex, load_json, rfc_vector, str_of, to_text};

#[cfg(feature = "jwk")]
#[test]
fn a3_thumbprint() {
    let v = rfc_vector("rfc8037.json", "rfc8037-a3");
    let text = to_text(&v["jwk"]);
    let jwk = tinyjose::Jwk::parse(&text).unwrap();
    assert_eq!(
        jwk.thumbprint().unwrap().to_vec(),
        hex(str_of(&v, "thumbprint_hex"))
    );
    let mut out = [0u8; 43];
    assert_eq!(
        jwk.thumbprint_b64(&mut out).unwrap(),
        str_of(&v["expected"], "thumbprint_b64u")
    );
    assert_eq!(
        jwk.thumbprint_b64(&mut [0u8; 42]),
        Err(tinyjose::Error::BufferTooSmall { needed: 43 })
    );
    // The private key of A.1 has the same thumbprint: `d` is not a required member.
    let a1 = rfc_vector("rfc8037.json", "rfc8037-a1");
    let private_text = to_text(&a1["jwk"]);
    assert_eq!(
        tinyjose::Jwk::parse(&private_text).unwrap().thumbprint(),
        jwk.thumbprint()
    );
}

#[cfg(feature = "eddsa")]
mod ed25519 {
    use tinyjose::{
        Ed25519SigningKey, Ed25519VerifyingKey, Error, HeaderParams, JwsSigner, JwsVerifier,
    };

    use super::common::{b64d, hex, load_json, rfc_vector, sign_to_string, str_of, verify};

    fn a4_key() -> Ed25519SigningKey {
        let v = rfc_vector("rfc8037.json", "rfc8037-a4");
        Ed25519SigningKey::from_bytes(&b64d(str_of(&v["key"], "d"))).unwrap()
    }

    #[test]
    fn a1_public_key_derives_from_the_private_key() {
        let v = rfc_vector("rfc8037.json", "rfc8037-a1");
        let d = hex(str_of(&v, "d_hex"));
        assert_eq!(d, b64d(str_of(&v["jwk"], "d")));
        let key = Ed25519SigningKey::from_bytes(&d).unwrap();
        assert_eq!(
            key.verifying_key().to_bytes().to_vec(),
            hex(str_of(&v, "x_hex"))
        );
        assert_eq!(
            key.verifying_key().to_bytes().to_vec(),
            b64d(str_of(&v["expected"], "public_from_private_x"))
        );
        assert_eq!(
            Ed25519SigningKey::from_bytes(&d[..31]).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::WrongLength)
        );
    }

    #[test]
    fn a4_signing_reproduces_the_rfc_signature() {
        let v = rfc_vector("rfc8037.json", "rfc8037-a4");
        let key = a4_key();
        let mut sig = [0u8; 64];
        assert_eq!(
            JwsSigner::sign(&key, str_of(&v, "signing_input").as_bytes(), &mut sig),
            Ok(64)
        );
        assert_eq!(sig.to_vec(), hex(str_of(&v, "signature_hex")));
        // The RFC header is exactly the one `sign` writes, so the whole token is reproduced.
        let token = sign_to_string(&HeaderParams::new(), str_of(&v, "payload").as_bytes(), &key);
        assert_eq!(token, str_of(&v["expected"], "sign"));
        assert_eq!(token, str_of(&v, "compact"));
    }

    #[test]
    fn a5_validation() {
        let v = rfc_vector("rfc8037.json", "rfc8037-a5");
        let key = Ed25519VerifyingKey::from_bytes(&b64d(str_of(&v["key"], "x"))).unwrap();
        assert_eq!(key, a4_key().verifying_key());
        assert_eq!(
            verify(str_of(&v, "compact"), &key).unwrap(),
            str_of(&v["expected"], "payload").as_bytes()
        );
        let a4 = rfc_vector("rfc8037.json", "rfc8037-a4");
        assert_eq!(
            JwsVerifier::verify(
                &key,
                str_of(&a4, "signing_input").as_bytes(),
                &b64d(str_of(&a4, "signature_b64u"))
            ),
            Ok(())
        );
    }

    #[test]
    fn cookbook_copy_of_the_example() {
        let v = load_json("rfc7520/curve25519/jws.json");
        let key = Ed25519SigningKey::from_bytes(&b64d(str_of(&v["input"]["key"], "d"))).unwrap();
        let token = sign_to_string(
            &HeaderParams::new(),
            str_of(&v["input"], "payload").as_bytes(),
            &key,
        );
        assert_eq!(token, str_of(&v["output"], "compact"));
        assert_eq!(
            verify(&token, &key.verifying_key()).unwrap(),
            str_of(&v["input"], "payload").as_bytes()
        );
    }

    #[cfg(feature = "jwk")]
    mod jwk {
        use tinyjose::{Error, Jwk, JwkKey, JwsAlg, JwsVerifier};

        use super::super::common::{rfc_vector, str_of, to_text, verify};

        #[test]
        fn a1_private_jwk_imports_and_exports_its_public_part() {
            let v = rfc_vector("rfc8037.json", "rfc8037-a1");
            let text = to_text(&v["jwk"]);
            let jwk = Jwk::parse(&text).unwrap();
            assert!(jwk.is_private());
            let key = jwk.to_key(None).unwrap();
            assert!(matches!(key, JwkKey::Ed25519Private(..)));
            assert_eq!(key.alg(), JwsAlg::EdDsa);
            let mut out = [0u8; 128];
            let a3 = rfc_vector("rfc8037.json", "rfc8037-a3");
            assert_eq!(
                key.public_jwk(&mut out).unwrap(),
                str_of(&a3, "canonical_json")
            );
            assert_eq!(key.thumbprint(), jwk.thumbprint());
            let signing = jwk.to_signing_key(Some(JwsAlg::EdDsa)).unwrap();
            assert!(signing.as_signer().is_some());
        }

        #[test]
        fn a2_public_jwk_imports() {
            let v = rfc_vector("rfc8037.json", "rfc8037-a2");
            let text = to_text(&v["jwk"]);
            let jwk = Jwk::parse(&text).unwrap();
            assert!(!jwk.is_private());
            let key = jwk.to_key(None).unwrap();
            assert!(matches!(key, JwkKey::Ed25519(_)));
            assert!(key.as_signer().is_none());
            assert_eq!(
                jwk.to_signing_key(None).unwrap_err(),
                Error::KeyRejected(tinyjose::KeyReason::WrongUse)
            );
            let a5 = rfc_vector("rfc8037.json", "rfc8037-a5");
            assert_eq!(
                verify(str_of(&a5, "compact"), &key).unwrap(),
                str_of(&a5["expected"], "payload").as_bytes()
            );
        }

        #[test]
        fn a4_signing_through_the_jwk() {
            let v = rfc_vector("rfc8037.json", "rfc8037-a4");
            let text = to_text(&v["key"]);
            let key = Jwk::parse(&text).unwrap().to_signing_key(None).unwrap();
            let token = super::super::common::sign_to_string(
                &tinyjose::HeaderParams::new(),
                str_of(&v, "payload").as_bytes(),
                key.as_signer().unwrap(),
            );
            assert_eq!(token, str_of(&v["expected"], "sign"));
        }

        #[test]
        fn private_part_must_match_the_public_part() {
            // A.1's `d` with another key's `x` (the public key of d = 9...9).
            let v = rfc_vector("rfc8037.json", "rfc8037-a1");
            let other = tinyjose::Ed25519SigningKey::from_bytes(&[9; 32])
                .unwrap()
                .verifying_key()
                .to_bytes();
            let text = format!(
                r#"{{"kty":"OKP","crv":"Ed25519","d":"{}","x":"{}"}}"#,
                str_of(&v["jwk"], "d"),
                super::super::common::b64e(&other)
            );
            assert_eq!(
                Jwk::parse(&text).unwrap().to_key(None).unwrap_err(),
                Error::KeyRejected(tinyjose::KeyReason::InvalidScalar)
            );
            // X25519 is not a signature curve.
            let x25519 =
                r#"{"kty":"OKP","crv":"X25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}"#;
            assert_eq!(
                Jwk::parse(x25519).unwrap().to_key(None).unwrap_err(),
                Error::KeyRejected(tinyjose::KeyReason::NoAlg)
            );
            assert_eq!(
                Jwk::parse(x25519)
                    .unwrap()
                    .to_key(Some(JwsAlg::EdDsa))
                    .unwrap_err(),
                Error::KeyRejected(tinyjose::KeyReason::WrongType)
            );
        }
    }
}
