//! Sign-then-verify round trips for every algorithm, with every one-bit change rejected, and
//! JWK import and export round trips.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

#[allow(
    unused_imports,
    reason = "used by the algorithm features that are enabled"
)]
use common::check_alg;

#[test]
fn stand_in_key_round_trips() {
    // The harness itself, with the non-cryptographic stand-in key: no feature needed.
    check_alg(&common::TestKey, &common::TestKey);
}

#[cfg(feature = "hs")]
mod hmac {
    use tinyjose::{Error, HmacKey, JwsAlg};

    use super::check_alg;

    fn secret(len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| u8::try_from(i * 7 % 251).unwrap())
            .collect()
    }

    #[test]
    fn hs256() {
        let key = HmacKey::hs256(&secret(32)).unwrap();
        check_alg(&key, &key);
    }

    #[test]
    fn hs384() {
        let key = HmacKey::hs384(&secret(48)).unwrap();
        check_alg(&key, &key);
    }

    #[test]
    fn hs512() {
        let key = HmacKey::hs512(&secret(64)).unwrap();
        check_alg(&key, &key);
    }

    #[test]
    fn keys_longer_than_the_hash_block_round_trip() {
        // Longer than the SHA-256 and SHA-512 blocks, so the key itself is hashed first.
        for alg in [JwsAlg::Hs256, JwsAlg::Hs384, JwsAlg::Hs512] {
            let key = HmacKey::new(alg, &secret(200)).unwrap();
            check_alg(&key, &key);
        }
    }

    #[test]
    fn same_secret_different_alg_is_a_mismatch() {
        let s = secret(64);
        let hs256 = HmacKey::hs256(&s).unwrap();
        let hs512 = HmacKey::hs512(&s).unwrap();
        let token = common::sign_to_string(&tinyjose::HeaderParams::new(), b"x", &hs256);
        assert_eq!(common::verify(&token, &hs512), Err(Error::AlgMismatch));
        assert_eq!(common::verify(&token, &hs256).as_deref(), Ok(&b"x"[..]));
    }

    use super::common;
}

#[cfg(feature = "es256")]
#[test]
fn es256() {
    let key = tinyjose::Es256SigningKey::from_bytes(&[0x11; 32]).unwrap();
    check_alg(&key, &key.verifying_key());
}

#[cfg(feature = "es384")]
#[test]
fn es384() {
    let key = tinyjose::Es384SigningKey::from_bytes(&[0x22; 48]).unwrap();
    check_alg(&key, &key.verifying_key());
}

#[cfg(feature = "es512")]
#[test]
fn es512() {
    let key = tinyjose::Es512SigningKey::from_bytes(&[0x01; 66]).unwrap();
    check_alg(&key, &key.verifying_key());
}

#[cfg(feature = "eddsa")]
#[test]
fn eddsa() {
    let key = tinyjose::Ed25519SigningKey::from_bytes(&[0x33; 32]).unwrap();
    check_alg(&key, &key.verifying_key());
}

#[cfg(feature = "jwk")]
mod jwk {
    use tinyjose::{Error, HeaderParams, Jwk, JwsAlg, JwsVerifier};

    use super::common::{b64e, sign_to_string, verify};

    /// Imports the private JWK, signs with it, and verifies with the public JWK it exports, then
    /// checks that the export parses back to the same key and the same thumbprint.
    #[allow(dead_code, reason = "used by the algorithm features that are enabled")]
    fn private_jwk_round_trip(private_jwk: &str, alg: JwsAlg) {
        let jwk = Jwk::parse(private_jwk).unwrap();
        let signing = jwk.to_signing_key(None).unwrap();
        assert_eq!(signing.alg(), alg);
        let signer = signing.as_signer().expect("a private key signs");
        let token = sign_to_string(&HeaderParams::new().kid("k"), b"round trip", signer);

        let mut out = [0u8; 256];
        let public_text = signing.public_jwk(&mut out).unwrap().to_owned();
        let public_jwk = Jwk::parse(&public_text).unwrap();
        assert!(!public_jwk.is_private());
        let public = public_jwk.to_key(None).unwrap();
        assert_eq!(public.alg(), alg);
        assert!(public.as_signer().is_none());
        assert_eq!(verify(&token, &public).as_deref(), Ok(&b"round trip"[..]));
        assert_eq!(verify(&token, &signing).as_deref(), Ok(&b"round trip"[..]));

        // The export is canonical: exporting the re-imported key gives the same text, whose
        // SHA-256 is the thumbprint of both the typed key and the JWK text.
        let mut again = [0u8; 256];
        assert_eq!(public.public_jwk(&mut again).unwrap(), public_text);
        assert_eq!(public.thumbprint(), signing.thumbprint());
        assert_eq!(public.thumbprint(), jwk.thumbprint());
        assert_eq!(public_jwk.thumbprint(), jwk.thumbprint());

        // A public key never signs.
        assert_eq!(
            public_jwk.to_signing_key(None).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::WrongUse)
        );
        // The private export is the input, members sorted: it imports to the same signing key.
        let mut private_out = [0u8; 384];
        let private_text = signing.private_jwk(&mut private_out).unwrap();
        let reparsed: serde_json::Value = serde_json::from_str(private_text).unwrap();
        let original: serde_json::Value = serde_json::from_str(private_jwk).unwrap();
        assert_eq!(reparsed, original);
        let names: Vec<&String> = reparsed.as_object().unwrap().keys().collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "members in lexicographic order");
        let again = Jwk::parse(private_text)
            .unwrap()
            .to_signing_key(None)
            .unwrap();
        assert_eq!(verify(&token, &again).as_deref(), Ok(&b"round trip"[..]));
        // A public key has no private export.
        assert_eq!(
            public.private_jwk(&mut private_out),
            Err(Error::KeyRejected(tinyjose::KeyReason::WrongUse))
        );

        // The export is refused, with the size, when the buffer is short.
        let mut short = vec![0u8; public_text.len() - 1];
        assert_eq!(
            signing.public_jwk(&mut short),
            Err(Error::BufferTooSmall {
                needed: public_text.len()
            })
        );
    }

    #[allow(dead_code, reason = "used by the algorithm features that are enabled")]
    fn ec_private_jwk(crv: &str, d: &[u8], x: &[u8], y: &[u8]) -> String {
        format!(
            r#"{{"kty":"EC","crv":"{crv}","x":"{}","y":"{}","d":"{}"}}"#,
            b64e(x),
            b64e(y),
            b64e(d)
        )
    }

    #[cfg(feature = "es256")]
    #[test]
    fn es256_jwk() {
        let d = [0x44; 32];
        let key = tinyjose::Es256SigningKey::from_bytes(&d).unwrap();
        let (x, y) = key.verifying_key().coordinates();
        private_jwk_round_trip(&ec_private_jwk("P-256", &d, &x, &y), JwsAlg::Es256);
    }

    #[cfg(feature = "es384")]
    #[test]
    fn es384_jwk() {
        let d = [0x45; 48];
        let key = tinyjose::Es384SigningKey::from_bytes(&d).unwrap();
        let (x, y) = key.verifying_key().coordinates();
        private_jwk_round_trip(&ec_private_jwk("P-384", &d, &x, &y), JwsAlg::Es384);
    }

    #[cfg(feature = "es512")]
    #[test]
    fn es512_jwk() {
        let mut d = [0x46; 66];
        d[0] = 0;
        let key = tinyjose::Es512SigningKey::from_bytes(&d).unwrap();
        let (x, y) = key.verifying_key().coordinates();
        private_jwk_round_trip(&ec_private_jwk("P-521", &d, &x, &y), JwsAlg::Es512);
    }

    #[cfg(feature = "eddsa")]
    #[test]
    fn ed25519_jwk() {
        let d = [0x47; 32];
        let key = tinyjose::Ed25519SigningKey::from_bytes(&d).unwrap();
        let x = key.verifying_key().to_bytes();
        let text = format!(
            r#"{{"kty":"OKP","crv":"Ed25519","x":"{}","d":"{}"}}"#,
            b64e(&x),
            b64e(&d)
        );
        private_jwk_round_trip(&text, JwsAlg::EdDsa);
    }

    #[cfg(feature = "hs")]
    #[test]
    fn oct_jwk() {
        for (alg, len) in [
            (JwsAlg::Hs256, 32),
            (JwsAlg::Hs384, 48),
            (JwsAlg::Hs512, 64),
        ] {
            let secret: Vec<u8> = (0..len).map(|i| u8::try_from(i).unwrap()).collect();
            let text = format!(
                r#"{{"kty":"oct","alg":"{}","k":"{}"}}"#,
                alg.name(),
                b64e(&secret)
            );
            let jwk = Jwk::parse(&text).unwrap();
            let key = jwk.to_signing_key(None).unwrap();
            assert_eq!(key.alg(), alg);
            let token = sign_to_string(&HeaderParams::new(), b"mac", key.as_signer().unwrap());
            let direct = tinyjose::HmacKey::new(alg, &secret).unwrap();
            assert_eq!(verify(&token, &direct).as_deref(), Ok(&b"mac"[..]));
            assert_eq!(
                verify(&token, &jwk.to_key(None).unwrap()).as_deref(),
                Ok(&b"mac"[..])
            );
            super::check_alg(key.as_signer().unwrap(), &key);

            // A secret has no public form and no typed-key thumbprint; the JWK text has one.
            assert_eq!(
                key.public_jwk(&mut [0u8; 256]),
                Err(Error::KeyRejected(tinyjose::KeyReason::WrongType))
            );
            assert_eq!(
                key.thumbprint(),
                Err(Error::KeyRejected(tinyjose::KeyReason::WrongType))
            );
            assert!(jwk.thumbprint().is_ok());
            assert!(matches!(key, tinyjose::JwkKey::Hmac(_)));
        }
    }
}
