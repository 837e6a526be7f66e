//! RFC 7520 (JOSE Cookbook): the §3 keys and the §4 signatures, as far as a compact-only core
//! with no RSA goes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

use common::{b64e, load_json, str_of, to_text};
use serde_json::Value;
use tinyjose::{Error, Part, UntrustedJws};

fn jws(name: &str) -> Value {
    load_json(&format!("rfc7520/jws/{name}.json"))
}

#[allow(dead_code, reason = "used by the jwk feature")]
fn jwk(name: &str) -> String {
    to_text(&load_json(&format!("rfc7520/jwk/{name}.json")))
}

fn payload(v: &Value) -> &str {
    str_of(&v["input"], "payload")
}

#[test]
fn json_serializations_are_not_compact_tokens() {
    for name in [
        "4_1.rsa_v15_signature",
        "4_2.rsa-pss_signature",
        "4_3.ecdsa_signature",
        "4_4.hmac-sha2_integrity_protection",
        "4_5.signature_with_detached_content",
        "4_6.protecting_specific_header_fields",
        "4_7.protecting_content_only",
        "4_8.multiple_signatures",
    ] {
        let v = jws(name);
        for form in ["json", "json_flat"] {
            if v["output"][form].is_null() {
                continue;
            }
            // Both as a compact JSON text and as the pretty-printed one.
            let compact = to_text(&v["output"][form]);
            let pretty = serde_json::to_string_pretty(&v["output"][form]).unwrap();
            for text in [compact, pretty] {
                assert_eq!(
                    UntrustedJws::parse(&text).unwrap_err(),
                    Error::Malformed(Part::Token),
                    "{name} {form}"
                );
            }
        }
    }
}

#[cfg(not(feature = "rsa"))]
#[test]
fn rsa_signatures_exceed_the_signature_capacity() {
    // 4.1 (RS256) and 4.2 (PS384) use a 2048-bit key: without the `rsa` feature their 256-byte
    // signatures do not fit `MAX_SIGNATURE_LEN` (132, the ES512 size), so the compact tokens are
    // refused while parsing, after the header was read.
    for (name, alg) in [
        ("4_1.rsa_v15_signature", tinyjose::JwsAlg::Rs256),
        ("4_2.rsa-pss_signature", tinyjose::JwsAlg::Ps384),
    ] {
        let v = jws(name);
        let token = str_of(&v["output"], "compact");
        assert_eq!(
            UntrustedJws::parse(token).unwrap_err(),
            Error::Malformed(Part::Signature),
            "{name}"
        );
        // The header itself is a well-formed header for the RSA algorithm.
        let (head, _) = token.rsplit_once('.').unwrap();
        let cut = format!("{head}.AAAA");
        let parsed = UntrustedJws::parse(&cut).unwrap();
        assert_eq!(parsed.header().alg(), alg, "{name}");
        assert_eq!(
            parsed.header().kid(),
            Some("bilbo.baggins@hobbiton.example")
        );
    }
}

/// 4.1 (RS256) and 4.2 (PS384) with the §3.3 public key.
#[cfg(feature = "rsa")]
mod rsa_signatures {
    use tinyjose::{Error, JwsAlg, JwsVerifier, RsaVerifyingKey, UntrustedJws};

    use super::common::{b64d, load_json, str_of, verify};
    use super::{jws, payload};

    fn key(alg: JwsAlg) -> RsaVerifyingKey {
        let jwk = load_json("rfc7520/jwk/3_3.rsa_public_key.json");
        RsaVerifyingKey::new(alg, &b64d(str_of(&jwk, "n")), &b64d(str_of(&jwk, "e"))).unwrap()
    }

    #[test]
    fn rs256_4_1_verifies() {
        let v = jws("4_1.rsa_v15_signature");
        let token = str_of(&v["output"], "compact");
        assert_eq!(
            verify(token, &key(JwsAlg::Rs256)).unwrap(),
            payload(&v).as_bytes()
        );
        let parsed = UntrustedJws::parse(token).unwrap();
        assert_eq!(
            parsed.header().kid(),
            Some("bilbo.baggins@hobbiton.example")
        );
        // RSASSA-PKCS1-v1_5 is deterministic: the signature is the one the RFC prints.
        assert_eq!(
            token.rsplit('.').next().unwrap(),
            str_of(&v["signing"], "sig")
        );
    }

    #[test]
    fn ps384_4_2_verifies() {
        let v = jws("4_2.rsa-pss_signature");
        let token = str_of(&v["output"], "compact");
        assert_eq!(
            verify(token, &key(JwsAlg::Ps384)).unwrap(),
            payload(&v).as_bytes()
        );
        // The same signature under the other PSS hashes, or as PKCS#1 v1.5, is refused.
        let (input, sig) = token.rsplit_once('.').unwrap();
        for alg in [JwsAlg::Ps256, JwsAlg::Ps512, JwsAlg::Rs384] {
            assert_eq!(
                key(alg).verify(input.as_bytes(), &b64d(sig)),
                Err(Error::InvalidSignature),
                "{alg}"
            );
        }
        assert_eq!(verify(token, &key(JwsAlg::Rs384)), Err(Error::AlgMismatch));
    }
}

#[cfg(feature = "jwk")]
mod keys {
    use tinyjose::{Error, Jwk, JwsAlg};

    use super::jwk;

    #[test]
    fn ec_public_key_3_1() {
        let text = jwk("3_1.ec_public_key");
        let key = Jwk::parse(&text).unwrap();
        assert!(key.has_kid("bilbo.baggins@hobbiton.example"));
        assert!(!key.has_kid("bilbo.baggins@hobbiton.exampl"));
        assert!(!key.is_private());
        assert!(!key.is_symmetric());
        let built = key.to_key(None);
        #[cfg(feature = "es512")]
        {
            let built = built.unwrap();
            assert_eq!(tinyjose::JwsVerifier::alg(&built), JwsAlg::Es512);
            assert!(built.as_signer().is_none());
            assert!(matches!(built, tinyjose::JwkKey::Es512(_)));
            assert_eq!(
                key.to_signing_key(None).unwrap_err(),
                Error::KeyRejected(tinyjose::KeyReason::WrongUse)
            );
        }
        #[cfg(not(feature = "es512"))]
        assert_eq!(built.unwrap_err(), Error::UnsupportedAlg);
        // A P-521 key is never an ES256 key or an HMAC key.
        assert_eq!(
            key.to_key(Some(JwsAlg::Es256)).unwrap_err(),
            if cfg!(feature = "es256") {
                Error::KeyRejected(tinyjose::KeyReason::WrongType)
            } else {
                Error::UnsupportedAlg
            }
        );
        assert_eq!(
            key.to_key(Some(JwsAlg::Hs256)).unwrap_err(),
            if cfg!(feature = "hs") {
                Error::KeyRejected(tinyjose::KeyReason::WrongType)
            } else {
                Error::UnsupportedAlg
            }
        );
    }

    #[test]
    fn ec_private_key_3_2() {
        let public = Jwk::parse(&jwk("3_1.ec_public_key")).unwrap().thumbprint();
        let text = jwk("3_2.ec_private_key");
        let key = Jwk::parse(&text).unwrap();
        assert!(key.is_private());
        // The thumbprint covers only the public members.
        assert_eq!(key.thumbprint(), public);
        #[cfg(feature = "es512")]
        {
            let built = key.to_key(None).unwrap();
            assert!(matches!(built, tinyjose::JwkKey::Es512Private(..)));
            assert!(built.as_signer().is_some());
            assert_eq!(built.thumbprint(), public);
            let signing = key.to_signing_key(Some(JwsAlg::Es512)).unwrap();
            let mut out = [0u8; 256];
            let exported = signing.public_jwk(&mut out).unwrap();
            let original: serde_json::Value =
                serde_json::from_str(&jwk("3_1.ec_public_key")).unwrap();
            assert_eq!(
                exported,
                format!(
                    r#"{{"crv":"P-521","kty":"EC","x":"{}","y":"{}"}}"#,
                    original["x"].as_str().unwrap(),
                    original["y"].as_str().unwrap()
                )
            );
        }
        #[cfg(not(feature = "es512"))]
        assert_eq!(key.to_key(None).unwrap_err(), Error::UnsupportedAlg);
    }

    #[test]
    fn rsa_keys_3_3_and_3_4() {
        for name in ["3_3.rsa_public_key", "3_4.rsa_private_key"] {
            let text = jwk(name);
            let key = Jwk::parse(&text).unwrap();
            assert!(!key.is_symmetric());
            assert_eq!(key.is_private(), name.contains("private"), "{name}");
            // Without an `alg` the key names no algorithm, and its type implies none.
            assert_eq!(
                key.to_key(None).unwrap_err(),
                Error::KeyRejected(tinyjose::KeyReason::NoAlg),
                "{name}"
            );
            for alg in [JwsAlg::Rs256, JwsAlg::Ps384] {
                let built = key.to_key(Some(alg));
                #[cfg(feature = "rsa")]
                {
                    let built = built.unwrap();
                    assert_eq!(tinyjose::JwsVerifier::alg(&built), alg, "{name}");
                    // The core verifies RSA; it does not sign with it.
                    assert!(built.as_signer().is_none());
                    assert_eq!(built.thumbprint(), key.thumbprint(), "{name}");
                    let mut out = [0u8; 800];
                    let public = built.public_jwk(&mut out).unwrap();
                    assert_eq!(Jwk::parse(public).unwrap().thumbprint(), key.thumbprint());
                    assert!(public.starts_with(r#"{"e":"AQAB","kty":"RSA","n":"n4EPtAOCc9AlkeQHPzHStgAbgs7bTZLwUBZdR8_KuKPEHLd4rHVTeT"#));
                }
                #[cfg(not(feature = "rsa"))]
                assert_eq!(built.unwrap_err(), Error::UnsupportedAlg, "{name}");
            }
            // An RSA key is never an HMAC or ECDSA key.
            for alg in [JwsAlg::Hs256, JwsAlg::Es256] {
                let expected = match alg {
                    JwsAlg::Hs256 if cfg!(feature = "hs") => {
                        Error::KeyRejected(tinyjose::KeyReason::WrongType)
                    }
                    JwsAlg::Es256 if cfg!(feature = "es256") => {
                        Error::KeyRejected(tinyjose::KeyReason::WrongType)
                    }
                    _ => Error::UnsupportedAlg,
                };
                assert_eq!(key.to_key(Some(alg)).unwrap_err(), expected, "{name} {alg}");
            }
            let signing = key.to_signing_key(Some(JwsAlg::Rs256)).unwrap_err();
            let expected = if name.contains("private") {
                Error::UnsupportedAlg
            } else {
                Error::KeyRejected(tinyjose::KeyReason::WrongUse)
            };
            assert_eq!(signing, expected, "{name}");
            // The thumbprint works on any key type; both halves share it.
            assert_eq!(
                key.thumbprint(),
                Jwk::parse(&jwk("3_3.rsa_public_key")).unwrap().thumbprint()
            );
        }
    }

    #[test]
    fn symmetric_mac_key_3_5() {
        let text = jwk("3_5.symmetric_key_mac_computation");
        let key = Jwk::parse(&text).unwrap();
        assert!(key.is_symmetric());
        assert!(key.is_private());
        assert!(key.has_kid("018c0ae5-4d9b-471b-bfd6-eef314bc7037"));
        #[cfg(feature = "hs")]
        {
            let built = key.to_key(None).unwrap();
            assert_eq!(tinyjose::JwsVerifier::alg(&built), JwsAlg::Hs256);
            assert!(built.as_signer().is_some());
            assert!(key.to_key(Some(JwsAlg::Hs256)).is_ok());
        }
        #[cfg(not(feature = "hs"))]
        assert_eq!(key.to_key(None).unwrap_err(), Error::UnsupportedAlg);
        // The key's `alg` is binding.
        assert_eq!(
            key.to_key(Some(JwsAlg::Hs512)).unwrap_err(),
            Error::AlgMismatch
        );
        assert_eq!(
            key.to_key(Some(JwsAlg::Es256)).unwrap_err(),
            Error::AlgMismatch
        );
    }

    #[test]
    fn symmetric_encryption_key_3_6_is_not_a_signature_key() {
        let text = jwk("3_6.symmetric_key_encryption");
        let key = Jwk::parse(&text).unwrap();
        assert!(key.is_symmetric());
        // `alg: A256GCM` is not a JWS algorithm, and `use` is `enc`.
        assert_eq!(
            key.to_key(None).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::NoAlg)
        );
        assert_eq!(
            key.to_key(Some(JwsAlg::Hs256)).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::NoAlg)
        );
        assert_eq!(
            key.to_signing_key(None).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::NoAlg)
        );
    }
}

#[cfg(all(feature = "jwk", feature = "es512"))]
mod ecdsa_4_3 {
    use tinyjose::{Error, HeaderParams, Jwk, JwkSet, JwsAlg, Limits, UntrustedJws};

    use super::common::{sign_to_string, to_text, verify, verify_high_s};
    use super::{jws, payload};

    #[test]
    fn verifies_with_the_public_part_of_the_key() {
        let v = jws("4_3.ecdsa_signature");
        let token = v["output"]["compact"].as_str().unwrap();
        let mut public = v["input"]["key"].clone();
        public.as_object_mut().unwrap().remove("d");
        let public_text = to_text(&public);
        let jwk = Jwk::parse(&public_text).unwrap();
        // The key has no `alg`: pass the one the verifier expects, or let the curve imply it.
        // The example's `s` is high: refused by default, accepted with `ecdsa_high_s`.
        let key = jwk.to_key(Some(JwsAlg::Es512)).unwrap();
        assert_eq!(verify(token, &key), Err(Error::InvalidSignature));
        assert_eq!(verify_high_s(token, &key).unwrap(), payload(&v).as_bytes());
        let key = jwk.to_key(None).unwrap();
        assert_eq!(verify_high_s(token, &key).unwrap(), payload(&v).as_bytes());

        let limits = Limits::DEFAULT.with_ecdsa_high_s(true);
        let parsed = UntrustedJws::parse_with_limits(token, &limits).unwrap();
        assert_eq!(
            parsed.header().kid(),
            Some("bilbo.baggins@hobbiton.example")
        );
        assert_eq!(parsed.header().alg(), JwsAlg::Es512);

        // Through a key set, selected by the token's `kid`.
        let set_text = format!(r#"{{"keys":[{public_text}]}}"#);
        let set = JwkSet::parse(&set_text).unwrap();
        let key = set.verifier_for(&parsed).unwrap();
        let mut out = vec![0u8; parsed.payload_len()];
        assert_eq!(
            parsed.verify(&key, &mut out).unwrap().payload(),
            payload(&v).as_bytes()
        );
        assert_eq!(
            set.select(Some("frodo"), JwsAlg::Es512).unwrap_err(),
            Error::NoMatchingKey
        );
    }

    #[test]
    fn the_private_key_signs_tokens_the_public_key_verifies() {
        let v = jws("4_3.ecdsa_signature");
        let private_text = to_text(&v["input"]["key"]);
        let private = Jwk::parse(&private_text)
            .unwrap()
            .to_signing_key(None)
            .unwrap();
        let token = sign_to_string(
            &HeaderParams::new().kid("bilbo.baggins@hobbiton.example"),
            payload(&v).as_bytes(),
            private.as_signer().unwrap(),
        );
        // The header is the RFC's, byte for byte; the signature is deterministic here and
        // randomised in the RFC, so only the first two segments match.
        let rfc = v["output"]["compact"].as_str().unwrap();
        let (rfc_head, _) = rfc.rsplit_once('.').unwrap();
        let (head, _) = token.rsplit_once('.').unwrap();
        assert_eq!(head, rfc_head);
        assert_eq!(verify(&token, &private).unwrap(), payload(&v).as_bytes());
    }
}

#[cfg(feature = "hs")]
mod hmac_4_4_and_4_5 {
    use tinyjose::{Error, HeaderParams, HmacKey, JwsSigner};

    use super::common::{b64d, b64e, sign_to_string, str_of, verify};
    use super::{jws, payload};

    fn key() -> HmacKey {
        let v = jws("4_4.hmac-sha2_integrity_protection");
        HmacKey::hs256(&b64d(str_of(&v["input"]["key"], "k"))).unwrap()
    }

    #[test]
    fn verifies_4_4() {
        let v = jws("4_4.hmac-sha2_integrity_protection");
        let token = str_of(&v["output"], "compact");
        assert_eq!(verify(token, &key()).unwrap(), payload(&v).as_bytes());
    }

    #[test]
    fn signing_reproduces_4_4_exactly() {
        let v = jws("4_4.hmac-sha2_integrity_protection");
        let mut sig = [0u8; 32];
        assert_eq!(
            JwsSigner::sign(
                &key(),
                str_of(&v["signing"], "sig-input").as_bytes(),
                &mut sig
            ),
            Ok(32)
        );
        assert_eq!(b64e(&sig), str_of(&v["signing"], "sig"));
        // The protected header of 4.4 is exactly what `sign` writes for this `kid`.
        let kid = str_of(&v["input"]["key"], "kid");
        let token = sign_to_string(
            &HeaderParams::new().kid(kid),
            payload(&v).as_bytes(),
            &key(),
        );
        assert_eq!(token, str_of(&v["output"], "compact"));
    }

    #[test]
    fn detached_content_4_5() {
        // Detached content is outside the compact API: as it stands, the token's signing input
        // has an empty payload, so the MAC does not match.
        let v = jws("4_5.signature_with_detached_content");
        let token = str_of(&v["output"], "compact");
        assert_eq!(verify(token, &key()), Err(Error::InvalidSignature));
        // Putting the base64url payload back into its segment gives the 4.4 token.
        let (head, sig) = token.split_once("..").unwrap();
        let attached = format!("{head}.{}.{sig}", b64e(payload(&v).as_bytes()));
        assert_eq!(verify(&attached, &key()).unwrap(), payload(&v).as_bytes());
        assert_eq!(
            attached,
            str_of(
                &jws("4_4.hmac-sha2_integrity_protection")["output"],
                "compact"
            )
        );
    }
}

#[test]
fn payload_is_the_utf8_text_of_the_rfc() {
    // The cookbook payload has U+2019 quotes: the payload segment is its UTF-8 bytes.
    let v = jws("4_4.hmac-sha2_integrity_protection");
    let token = str_of(&v["output"], "compact");
    assert_eq!(
        token.split('.').nth(1).unwrap(),
        b64e(payload(&v).as_bytes())
    );
}
