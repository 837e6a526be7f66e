//! RFC 7515 Appendix A: the example JWSs (HS256, ES256, ES512 and the unsecured one), and the
//! JWT claims of A.1 under a fixed clock.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

use common::{rfc_vector, str_of};
use tinyjose::{Error, UntrustedJws};
#[cfg(not(feature = "rsa"))]
use tinyjose::{JwsAlg, MAX_SIGNATURE_LEN, Part};

#[test]
fn a5_unsecured_jws_is_refused() {
    let v = rfc_vector("rfc7515.json", "rfc7515-a5");
    assert_eq!(
        UntrustedJws::parse(str_of(&v, "compact")).unwrap_err(),
        Error::AlgNone
    );
    // The same header with a signature appended is refused just the same.
    let with_sig = format!("{}AAAA", str_of(&v, "compact"));
    assert_eq!(UntrustedJws::parse(&with_sig).unwrap_err(), Error::AlgNone);
}

#[cfg(not(feature = "rsa"))]
#[test]
fn a2_rs256_signature_exceeds_the_signature_capacity() {
    // Without the `rsa` feature a 2048-bit RSA signature (256 bytes) does not fit the signature
    // capacity of `UntrustedJws` (`MAX_SIGNATURE_LEN`, the ES512 size), so the token is refused
    // while parsing, after its header was read and found to be a well-formed RS256 header.
    let v = rfc_vector("rfc7515.json", "rfc7515-a2");
    let token = str_of(&v, "compact");
    assert_eq!(
        UntrustedJws::parse(token).unwrap_err(),
        Error::Malformed(Part::Signature)
    );
    assert!(common::b64d(str_of(&v, "signature_b64u")).len() > MAX_SIGNATURE_LEN);
    // With the signature cut down to the capacity, the same header parses as RS256.
    let (head, _) = token.rsplit_once('.').unwrap();
    let cut = format!("{head}.AAAA");
    let jws = UntrustedJws::parse(&cut).unwrap();
    assert_eq!(jws.header().alg(), JwsAlg::Rs256);
    assert_eq!(jws.header().json(), str_of(&v, "protected_header"));
}

#[cfg(feature = "rsa")]
mod a2 {
    use tinyjose::{Error, JwsAlg, JwsVerifier, MAX_SIGNATURE_LEN, RsaVerifyingKey, UntrustedJws};

    use super::common::{b64d, rfc_vector, str_of, verify};

    fn key(alg: JwsAlg) -> RsaVerifyingKey {
        let v = rfc_vector("rfc7515.json", "rfc7515-a2");
        RsaVerifyingKey::new(
            alg,
            &b64d(str_of(&v["key"], "n")),
            &b64d(str_of(&v["key"], "e")),
        )
        .unwrap()
    }

    #[test]
    fn verifies_with_the_exact_payload_and_header() {
        let v = rfc_vector("rfc7515.json", "rfc7515-a2");
        let token = str_of(&v, "compact");
        assert_eq!(
            verify(token, &key(JwsAlg::Rs256)).unwrap(),
            str_of(&v["expected"], "payload").as_bytes()
        );
        let jws = UntrustedJws::parse(token).unwrap();
        assert_eq!(jws.header().alg(), JwsAlg::Rs256);
        assert_eq!(jws.header().json(), str_of(&v, "protected_header"));
        assert_eq!(MAX_SIGNATURE_LEN, 512);
        let key = key(JwsAlg::Rs256);
        assert_eq!((key.bits(), key.modulus_len(), key.e()), (2048, 256, 65537));
    }

    #[test]
    fn the_same_key_bound_to_another_rsa_algorithm_refuses_it() {
        let v = rfc_vector("rfc7515.json", "rfc7515-a2");
        let token = str_of(&v, "compact");
        for alg in [
            JwsAlg::Rs384,
            JwsAlg::Rs512,
            JwsAlg::Ps256,
            JwsAlg::Ps384,
            JwsAlg::Ps512,
        ] {
            assert_eq!(verify(token, &key(alg)), Err(Error::AlgMismatch), "{alg}");
            // Asked directly, the same signature is no PSS or other-hash signature either.
            assert_eq!(
                key(alg).verify(
                    str_of(&v, "signing_input").as_bytes(),
                    &b64d(str_of(&v, "signature_b64u"))
                ),
                Err(Error::InvalidSignature),
                "{alg}"
            );
        }
    }

    #[test]
    fn every_flipped_signature_bit_is_refused() {
        let v = rfc_vector("rfc7515.json", "rfc7515-a2");
        let input = str_of(&v, "signing_input").as_bytes();
        let signature = b64d(str_of(&v, "signature_b64u"));
        let key = key(JwsAlg::Rs256);
        assert_eq!(key.verify(input, &signature), Ok(()));
        // One bit in every byte (all bits would take 2048 public operations per build).
        for i in 0..signature.len() {
            let mut bad = signature.clone();
            bad[i] ^= 1 << (i % 8);
            assert_eq!(
                key.verify(input, &bad),
                Err(Error::InvalidSignature),
                "byte {i}"
            );
        }
    }
}

#[cfg(feature = "hs")]
mod a1 {
    use tinyjose::{Error, HeaderParams, HmacKey, JwsAlg, JwsSigner, UntrustedJws};

    use super::common::{b64d, rfc_vector, sign_to_string, str_of, verify};

    fn key() -> HmacKey {
        let v = rfc_vector("rfc7515.json", "rfc7515-a1");
        HmacKey::hs256(&b64d(str_of(&v["key"], "k"))).unwrap()
    }

    #[test]
    fn verifies_with_the_exact_payload_and_header() {
        let v = rfc_vector("rfc7515.json", "rfc7515-a1");
        let token = str_of(&v, "compact");
        assert_eq!(
            verify(token, &key()).unwrap(),
            str_of(&v["expected"], "payload").as_bytes()
        );
        let jws = UntrustedJws::parse(token).unwrap();
        // The header keeps its CR LF and spaces; it is never re-serialised.
        assert_eq!(jws.header().json(), str_of(&v, "protected_header"));
        assert_eq!(jws.header().typ(), Some("JWT"));
        assert_eq!(jws.header().kid(), None);
        assert_eq!(jws.header().alg(), JwsAlg::Hs256);
    }

    #[test]
    fn signing_the_signing_input_reproduces_the_mac() {
        let v = rfc_vector("rfc7515.json", "rfc7515-a1");
        let key = key();
        let mut sig = [0u8; 32];
        let n = JwsSigner::sign(&key, str_of(&v, "signing_input").as_bytes(), &mut sig).unwrap();
        assert_eq!(n, 32);
        assert_eq!(sig.to_vec(), b64d(str_of(&v, "signature_b64u")));
        // `sign` writes its own header, so the token differs from the RFC in the header only.
        let token = sign_to_string(
            &HeaderParams::new().typ("JWT"),
            str_of(&v, "payload").as_bytes(),
            &key,
        );
        let segments: Vec<&str> = token.split('.').collect();
        assert_eq!(segments[0], "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
        assert_eq!(segments[1], str_of(&v, "payload_b64u"));
        assert_eq!(
            verify(&token, &key).unwrap(),
            str_of(&v, "payload").as_bytes()
        );
    }

    #[test]
    fn other_hmac_algorithms_with_the_same_secret_are_refused() {
        let v = rfc_vector("rfc7515.json", "rfc7515-a1");
        let secret = b64d(str_of(&v["key"], "k"));
        let token = str_of(&v, "compact");
        let hs384 = HmacKey::new(JwsAlg::Hs384, &secret).unwrap();
        let hs512 = HmacKey::new(JwsAlg::Hs512, &secret).unwrap();
        assert_eq!(verify(token, &hs384), Err(Error::AlgMismatch));
        assert_eq!(verify(token, &hs512), Err(Error::AlgMismatch));
    }

    #[cfg(feature = "jwt")]
    mod claims {
        use tinyjose::{Claim, Error, UnixTime, UntrustedJws, Validation};

        use super::super::common::{rfc_vector, str_of};

        const EXP: u64 = 1_300_819_380;

        fn check(validation: &Validation<'_>) -> Result<Option<UnixTime>, Error> {
            let v = rfc_vector("rfc7515.json", "rfc7515-a1");
            let jws = UntrustedJws::parse(str_of(&v, "compact"))?;
            let mut buf = [0u8; 128];
            let verified = jws.verify(&super::key(), &mut buf)?;
            verified.claims(validation).map(|c| c.exp())
        }

        #[test]
        fn accepted_before_exp() {
            let now = UnixTime::from_secs(1_300_819_300);
            let v = Validation::new(now)
                .typ("JWT")
                .issuer("joe")
                .require(&["exp", "http://example.com/is_root"]);
            assert_eq!(check(&v), Ok(Some(UnixTime::from_secs(EXP))));
            assert_eq!(
                check(&Validation::new(UnixTime::from_secs(EXP - 1))),
                Ok(Some(UnixTime::from_secs(EXP)))
            );
        }

        #[test]
        fn expired_at_exp_and_beyond_the_leeway() {
            assert_eq!(
                check(&Validation::new(UnixTime::from_secs(EXP))),
                Err(Error::Expired)
            );
            assert_eq!(
                check(&Validation::new(UnixTime::from_secs(EXP + 59)).leeway(60)),
                Ok(Some(UnixTime::from_secs(EXP)))
            );
            assert_eq!(
                check(&Validation::new(UnixTime::from_secs(EXP + 60)).leeway(60)),
                Err(Error::Expired)
            );
            assert_eq!(
                check(&Validation::new(UnixTime::from_secs(EXP + 61)).leeway(60)),
                Err(Error::Expired)
            );
        }

        #[test]
        fn other_rules_apply_to_the_rfc_claims() {
            let now = UnixTime::from_secs(1_300_819_300);
            assert_eq!(
                check(&Validation::new(now).issuer("jo")),
                Err(Error::IssuerMismatch)
            );
            assert_eq!(
                check(&Validation::new(now).audience("api")),
                Err(Error::MissingClaim(Claim::Aud))
            );
            assert_eq!(
                check(&Validation::new(now).require(&["nbf"])),
                Err(Error::MissingClaim(Claim::Nbf))
            );
            assert_eq!(
                check(&Validation::new(now).typ("at+jwt")),
                Err(Error::TypeMismatch)
            );
        }
    }
}

#[cfg(feature = "es256")]
mod a3 {
    use tinyjose::{
        Error, Es256SigningKey, Es256VerifyingKey, HeaderParams, JwsSigner, JwsVerifier, Limits,
        UntrustedJws,
    };

    use super::common::{b64d, rfc_vector, sign_to_string, str_of, verify};

    /// The example's signature has a high `s`: refused by default (one valid signature per
    /// token), accepted with `Limits::ecdsa_high_s`, which mirrors it to low form.
    #[test]
    fn verifies_only_when_high_s_is_allowed() {
        let v = rfc_vector("rfc7515.json", "rfc7515-a3");
        let key = Es256VerifyingKey::from_coordinates(
            &b64d(str_of(&v["key"], "x")),
            &b64d(str_of(&v["key"], "y")),
        )
        .unwrap();
        assert_eq!(
            verify(str_of(&v, "compact"), &key),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            JwsVerifier::verify(
                &key,
                str_of(&v, "signing_input").as_bytes(),
                &b64d(str_of(&v, "signature_b64u"))
            ),
            Err(Error::InvalidSignature)
        );
        let limits = Limits::DEFAULT.with_ecdsa_high_s(true);
        let jws = UntrustedJws::parse_with_limits(str_of(&v, "compact"), &limits).unwrap();
        let mut out = [0u8; 128];
        assert_eq!(
            jws.verify(&key, &mut out).unwrap().payload(),
            str_of(&v["expected"], "payload").as_bytes()
        );
    }

    #[test]
    fn private_key_matches_and_signs_deterministically() {
        let v = rfc_vector("rfc7515.json", "rfc7515-a3");
        let private = Es256SigningKey::from_bytes(&b64d(str_of(&v["key"], "d"))).unwrap();
        let public = Es256VerifyingKey::from_coordinates(
            &b64d(str_of(&v["key"], "x")),
            &b64d(str_of(&v["key"], "y")),
        )
        .unwrap();
        assert_eq!(private.verifying_key(), public);

        // RFC 6979 nonces: the same input signs to the same bytes (the RFC's own signature used a
        // random nonce, so it differs), and the result verifies.
        let input = str_of(&v, "signing_input").as_bytes();
        let (mut a, mut b) = ([0u8; 64], [0u8; 64]);
        assert_eq!(JwsSigner::sign(&private, input, &mut a), Ok(64));
        assert_eq!(JwsSigner::sign(&private, input, &mut b), Ok(64));
        assert_eq!(a, b);
        assert_eq!(JwsVerifier::verify(&public, input, &a), Ok(()));
        assert_eq!(
            JwsSigner::sign(&private, input, &mut [0u8; 63]),
            Err(Error::BufferTooSmall { needed: 64 })
        );

        let payload = str_of(&v, "payload").as_bytes();
        let token = sign_to_string(&HeaderParams::new(), payload, &private);
        assert_eq!(verify(&token, &public).unwrap(), payload);
    }
}

#[cfg(feature = "es512")]
mod a4 {
    use tinyjose::{Es512SigningKey, Es512VerifyingKey, HeaderParams};

    use super::common::{b64d, rfc_vector, sign_to_string, str_of, verify};

    fn public() -> Es512VerifyingKey {
        let v = rfc_vector("rfc7515.json", "rfc7515-a4");
        Es512VerifyingKey::from_coordinates(
            &b64d(str_of(&v["key"], "x")),
            &b64d(str_of(&v["key"], "y")),
        )
        .unwrap()
    }

    #[test]
    fn verifies() {
        let v = rfc_vector("rfc7515.json", "rfc7515-a4");
        assert_eq!(
            verify(str_of(&v, "compact"), &public()).unwrap(),
            str_of(&v["expected"], "payload").as_bytes()
        );
    }

    #[test]
    fn private_key_matches_and_round_trips() {
        let v = rfc_vector("rfc7515.json", "rfc7515-a4");
        let private = Es512SigningKey::from_bytes(&b64d(str_of(&v["key"], "d"))).unwrap();
        assert_eq!(private.verifying_key(), public());
        let token = sign_to_string(&HeaderParams::new(), b"Payload", &private);
        assert_eq!(verify(&token, &public()).unwrap(), b"Payload");
    }
}

#[cfg(all(feature = "es256", feature = "es512"))]
#[test]
fn a3_and_a4_keys_do_not_verify_each_other() {
    let a3 = rfc_vector("rfc7515.json", "rfc7515-a3");
    let a4 = rfc_vector("rfc7515.json", "rfc7515-a4");
    let es256 = tinyjose::Es256VerifyingKey::from_coordinates(
        &common::b64d(str_of(&a3["key"], "x")),
        &common::b64d(str_of(&a3["key"], "y")),
    )
    .unwrap();
    let es512 = tinyjose::Es512VerifyingKey::from_coordinates(
        &common::b64d(str_of(&a4["key"], "x")),
        &common::b64d(str_of(&a4["key"], "y")),
    )
    .unwrap();
    assert_eq!(
        common::verify(str_of(&a3, "compact"), &es512),
        Err(Error::AlgMismatch)
    );
    assert_eq!(
        common::verify(str_of(&a4, "compact"), &es256),
        Err(Error::AlgMismatch)
    );
}
