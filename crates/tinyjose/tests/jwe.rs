//! Compact JWE end to end: RFC 7516 Appendix A.3, RFC 7517 Appendix C, the RFC 7520 §5 cookbook
//! tokens, and the structural and policy refusals of parsing and decryption.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::panic_in_result_fn,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]
// Which imports and helpers are used depends on the enabled features.
#![allow(unused_imports, dead_code)]

mod common;

use common::{ReplayRng, TestRng, b64d, b64e, load_json, rfc_vector, str_of, to_text};
use serde_json::Value;
use tinyjose::{
    ContentEncryption, DirectKey, Enc, Error, HeaderParams, JweAlg, Limit, Limits, Part,
    UntrustedJwe, UntrustedJws, encrypt,
};

fn cookbook(name: &str) -> Value {
    load_json(&format!("rfc7520/jwe/{name}.json"))
}

fn header_token(header: &str, rest: &str) -> String {
    format!("{}.{rest}", b64e(header.as_bytes()))
}

/// Five segments after the header: an empty encrypted key, a 12-byte IV, one byte of
/// ciphertext and a 16-byte tag.
const DIR_REST: &str = ".AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA";

/// Decrypts `token` with `key`, accepting every enabled `enc`, and returns the plaintext.
fn open(token: &str, key: &dyn tinyjose::JweDecrypter) -> Result<Vec<u8>, Error> {
    let jwe = UntrustedJwe::parse(token)?;
    let mut buf = vec![0u8; jwe.ciphertext_len() + (1 << 16)];
    let plaintext = jwe
        .decrypt(key, tinyjose::ALL_CONTENT_ENCRYPTIONS, &mut buf)?
        .plaintext()
        .to_vec();
    Ok(plaintext)
}

/// Checks that content encryption with the vector's CEK and IV, and the protected header as
/// AAD, reproduces its ciphertext and tag exactly (RFC 7520: "with the CEK and IV injected").
fn reproduces_content(
    content: &dyn ContentEncryption,
    cek: &[u8],
    iv: &[u8],
    aad: &str,
    plaintext: &[u8],
    ciphertext: &str,
    tag: &str,
) {
    let enc = content.enc();
    let mut buf = plaintext.to_vec();
    buf.resize(enc.ciphertext_len(plaintext.len()), 0);
    let mut t = vec![0u8; enc.tag_len()];
    let n = content
        .encrypt_in_place(cek, iv, aad.as_bytes(), &mut buf, plaintext.len(), &mut t)
        .unwrap();
    assert_eq!(b64e(&buf[..n]), ciphertext);
    assert_eq!(b64e(&t), tag);
}

#[cfg(all(feature = "aes-kw", feature = "aes-cbc-hs"))]
#[test]
fn rfc7516_a3_decrypts_and_encrypts_to_the_same_token() {
    let v = rfc_vector("rfc7516.json", "rfc7516-a3");
    let key = tinyjose::AesKwKey::new(JweAlg::A128Kw, &b64d(str_of(&v["key"], "k"))).unwrap();
    let compact = str_of(&v, "compact");
    assert_eq!(open(compact, &key).unwrap(), b"Live long and prosper.");

    // The header tinyjose writes is the RFC's, byte for byte, so with the CEK and IV injected the
    // whole token is reproduced.
    let mut rng = ReplayRng::new(&[&b64d(str_of(&v, "cek_b64u")), &b64d(str_of(&v, "iv_b64u"))]);
    let mut out = [0u8; 512];
    let token = encrypt(
        &HeaderParams::new(),
        b"Live long and prosper.",
        &key,
        tinyjose::A128CBC_HS256,
        &mut rng,
        &mut out,
    )
    .unwrap();
    assert_eq!(token, compact);
}

#[cfg(all(feature = "pbes2", feature = "aes-cbc-hs"))]
#[test]
fn rfc7517_c_pbes2_encrypted_jwk() {
    let v = rfc_vector("rfc7517.json", "rfc7517-c");
    let key = tinyjose::Pbes2Key::new(JweAlg::Pbes2Hs256A128Kw, str_of(&v, "password").as_bytes())
        .unwrap();
    let plaintext = open(str_of(&v, "compact"), &key).unwrap();
    let jwk: Value = serde_json::from_slice(&plaintext).unwrap();
    assert_eq!(jwk, v["plaintext_jwk"]);
    reproduces_content(
        tinyjose::A128CBC_HS256,
        &b64d(str_of(&v, "cek_b64u")),
        &b64d(str_of(&v, "iv_b64u")),
        str_of(&v, "protected_b64u"),
        &plaintext,
        str_of(&v, "ciphertext_b64u"),
        str_of(&v, "tag_b64u"),
    );
}

/// The RFC 7520 §5 tokens the core decrypts, with the key each one needs.
#[cfg(all(feature = "jwk", feature = "aes-gcm"))]
mod cookbook_5 {
    use super::*;

    fn plaintext(v: &Value) -> &[u8] {
        str_of(&v["input"], "plaintext").as_bytes()
    }

    fn compact(v: &Value) -> &str {
        str_of(&v["output"], "compact")
    }

    fn jwk_key(v: &Value) -> tinyjose::JweKey {
        let text = to_text(&v["input"]["key"]);
        tinyjose::Jwk::parse(&text)
            .unwrap()
            .to_jwe_key(Some(JweAlg::from_name(str_of(&v["input"], "alg")).unwrap()))
            .unwrap()
    }

    /// Decrypts the cookbook token and reproduces its ciphertext and tag.
    fn check(v: &Value, key: &dyn tinyjose::JweDecrypter, content: &dyn ContentEncryption) {
        let compact = compact(v);
        let decrypted = open(compact, key).unwrap();
        assert_eq!(decrypted, plaintext(v));
        let generated = &v["generated"];
        let cek = generated
            .get("cek")
            .or_else(|| v["encrypting_key"].get("cek"))
            .map(|c| b64d(c.as_str().unwrap()))
            .unwrap();
        let content_in = match generated.get("plaintext_c") {
            Some(c) => b64d(c.as_str().unwrap()),
            None => plaintext(v).to_vec(),
        };
        reproduces_content(
            content,
            &cek,
            &b64d(str_of(generated, "iv")),
            str_of(&v["encrypting_content"], "protected_b64u"),
            &content_in,
            str_of(&v["encrypting_content"], "ciphertext"),
            str_of(&v["encrypting_content"], "tag"),
        );
    }

    #[test]
    fn s5_1_rsa1_5_is_refused_by_name() {
        let v = cookbook("5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2");
        assert_eq!(
            UntrustedJwe::parse(compact(&v)).unwrap_err(),
            Error::AlgRsa1_5
        );
        assert_eq!(Error::AlgRsa1_5.code(), "alg_rsa1_5");
    }

    #[test]
    fn s5_2_rsa_oaep_parses_for_an_external_key() {
        let v = cookbook("5_2.key_encryption_using_rsa-oaep_with_aes-gcm");
        let jwe = UntrustedJwe::parse(compact(&v)).unwrap();
        assert_eq!(
            (jwe.header().alg(), jwe.enc()),
            (JweAlg::RsaOaep, Enc::A256Gcm)
        );
        assert_eq!(jwe.header().kid(), Some("samwise.gamgee@hobbiton.example"));
        // Without an RSA-OAEP key, a key of another algorithm is refused before any work.
        let dir = DirectKey::new(&[0; 32]).unwrap();
        let mut buf = vec![0u8; jwe.ciphertext_len()];
        assert_eq!(
            jwe.decrypt(&dir, &[tinyjose::A256GCM], &mut buf)
                .unwrap_err(),
            Error::AlgMismatch
        );
    }

    #[cfg(all(feature = "pbes2", feature = "aes-cbc-hs"))]
    #[test]
    fn s5_3_pbes2() {
        let v = cookbook("5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2");
        let pwd = str_of(&v["input"], "pwd").as_bytes();
        let key = tinyjose::Pbes2Key::new(JweAlg::Pbes2Hs512A256Kw, pwd).unwrap();
        check(&v, &key, tinyjose::A128CBC_HS256);
        assert_eq!(
            UntrustedJwe::parse(compact(&v)).unwrap().header().cty(),
            Some("jwk-set+json")
        );
    }

    #[cfg(feature = "ecdh-es")]
    #[test]
    fn s5_4_ecdh_es_a128kw_p384() {
        let v = cookbook(
            "5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm",
        );
        check(&v, &jwk_key(&v), tinyjose::A128GCM);
    }

    #[cfg(all(feature = "ecdh-es", feature = "aes-cbc-hs"))]
    #[test]
    fn s5_5_ecdh_es_direct_p256() {
        let v = cookbook("5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2");
        check(&v, &jwk_key(&v), tinyjose::A128CBC_HS256);
    }

    #[test]
    fn s5_6_dir_a128gcm() {
        let mut v = cookbook("5_6.direct_encryption_using_aes-gcm");
        // The key is the CEK.
        v["generated"]["cek"] = v["input"]["key"]["k"].clone();
        check(&v, &jwk_key(&v), tinyjose::A128GCM);
    }

    #[cfg(all(feature = "aes-gcm-kw", feature = "aes-cbc-hs"))]
    #[test]
    fn s5_7_a256gcmkw() {
        let v = cookbook("5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2");
        check(&v, &jwk_key(&v), tinyjose::A128CBC_HS256);
    }

    #[cfg(feature = "aes-kw")]
    #[test]
    fn s5_8_a128kw_a128gcm() {
        let v = cookbook("5_8.key_wrap_using_aes-keywrap_with_aes-gcm");
        check(&v, &jwk_key(&v), tinyjose::A128GCM);
    }

    #[cfg(all(feature = "aes-kw", feature = "deflate"))]
    #[test]
    fn s5_9_compressed_content() {
        let v = cookbook("5_9.compressed_content");
        assert!(UntrustedJwe::parse(compact(&v)).unwrap().is_compressed());
        check(&v, &jwk_key(&v), tinyjose::A128GCM);
    }

    #[test]
    fn s5_10_to_5_13_json_serializations_are_refused() {
        for name in [
            "5_10.including_additional_authentication_data",
            "5_11.protecting_specific_header_fields",
            "5_12.protecting_content_only",
            "5_13.encrypting_to_multiple_recipients",
        ] {
            let v = cookbook(name);
            for form in ["json", "json_flat"] {
                if let Some(json) = v["output"].get(form) {
                    assert_eq!(
                        UntrustedJwe::parse(&to_text(json)).unwrap_err(),
                        Error::Malformed(Part::Token),
                        "{name} {form}"
                    );
                }
            }
        }
    }
}

#[cfg(feature = "aes-gcm")]
mod hostile {
    use super::*;

    fn dir_token(key: &DirectKey, header: HeaderParams<'_>, plaintext: &[u8]) -> String {
        let mut out = vec![0u8; 4096 + plaintext.len() * 2];
        encrypt(
            &header,
            plaintext,
            key,
            tinyjose::A256GCM,
            &mut TestRng(7),
            &mut out,
        )
        .unwrap()
        .to_owned()
    }

    /// A `dir` JWK whose `alg` names an `enc` serves that `enc` only: its 32-byte secret must
    /// not open (or seal) an A128CBC-HS256 token, whose key is 32 bytes too.
    #[cfg(all(feature = "jwk", feature = "aes-gcm", feature = "aes-cbc-hs"))]
    #[test]
    fn a_dir_jwk_named_for_one_enc_serves_that_enc_only() {
        let secret = [9u8; 32];
        let jwk = format!(r#"{{"kty":"oct","alg":"A256GCM","k":"{}"}}"#, b64e(&secret));
        let bound = tinyjose::Jwk::parse(&jwk)
            .unwrap()
            .to_jwe_key(None)
            .unwrap();
        assert_eq!(tinyjose::JweDecrypter::enc(&bound), Some(Enc::A256Gcm));
        let unbound = DirectKey::new(&secret).unwrap();
        let seal = |content: &dyn ContentEncryption, key: &dyn tinyjose::JweEncrypter| {
            let mut out = vec![0u8; 1024];
            encrypt(
                &HeaderParams::new(),
                b"door",
                key,
                content,
                &mut TestRng(3),
                &mut out,
            )
            .map(str::to_owned)
        };
        let gcm = seal(tinyjose::A256GCM, &unbound).unwrap();
        let cbc = seal(tinyjose::A128CBC_HS256, &unbound).unwrap();
        assert_eq!(open(&gcm, &bound).unwrap(), b"door");
        assert_eq!(open(&cbc, &unbound).unwrap(), b"door");
        assert_eq!(open(&cbc, &bound), Err(Error::AlgMismatch));
        assert_eq!(
            seal(tinyjose::A128CBC_HS256, &bound),
            Err(Error::AlgMismatch)
        );
        assert_eq!(
            seal(tinyjose::A256GCM, &bound).map(|t| open(&t, &bound)),
            Ok(Ok(b"door".to_vec()))
        );
        // The same binding when built by hand.
        let by_hand = DirectKey::for_enc(&secret, Enc::A256Gcm).unwrap();
        assert_eq!(open(&cbc, &by_hand), Err(Error::AlgMismatch));
        assert_eq!(
            DirectKey::for_enc(&secret, Enc::A192Gcm).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::WrongLength)
        );
    }

    #[test]
    fn structure_is_checked_before_anything_else() {
        let cases: [(&str, Error); 7] = [
            // A JWS is not a JWE.
            (
                "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
                Error::Malformed(Part::Token),
            ),
            ("a.b.c.d", Error::Malformed(Part::Token)),
            ("a.b.c.d.e.f", Error::Malformed(Part::Token)),
            (".b.c.d.e", Error::Malformed(Part::Token)),
            (
                "{\"protected\":\"a.b.c.d.e\"}",
                Error::Malformed(Part::Token),
            ),
            ("e30=.b.c.d.e", Error::Base64(Part::Header)),
            ("e30.b.c.d.e", Error::Malformed(Part::Header)),
        ];
        for (token, err) in cases {
            assert_eq!(UntrustedJwe::parse(token).unwrap_err(), err, "{token}");
        }
    }

    #[test]
    fn headers_are_checked() {
        let cases: [(&str, Error); 14] = [
            // A JWS header (no enc) never decrypts, and a JWS algorithm is not a JWE one.
            (r#"{"alg":"dir"}"#, Error::Malformed(Part::Header)),
            (
                r#"{"alg":"HS256","enc":"A256GCM"}"#,
                Error::Malformed(Part::Header),
            ),
            (r#"{"alg":"none","enc":"A256GCM"}"#, Error::AlgNone),
            (r#"{"alg":"RSA1_5","enc":"A256GCM"}"#, Error::AlgRsa1_5),
            (r#"{"alg":"dir","enc":"A256CTR"}"#, Error::UnsupportedEnc),
            (
                r#"{"alg":"dir","enc":"A256GCM","zip":"GZIP"}"#,
                Error::UnsupportedAlg,
            ),
            (
                r#"{"alg":"dir","enc":"A256GCM","enc":"A128GCM"}"#,
                Error::DuplicateMember(Part::Header),
            ),
            (
                r#"{"alg":"dir","enc":"A256GCM","crit":["exp"],"exp":1}"#,
                Error::UnsupportedCrit,
            ),
            (
                r#"{"alg":"dir","enc":"A256GCM","crit":["zip"]}"#,
                Error::UnsupportedCrit,
            ),
            (r#"{"alg":"dir","enc":7}"#, Error::Json(Part::Header)),
            (
                r#"{"alg":"ECDH-ES","enc":"A256GCM","epk":{"kty":"EC","crv":"P-256","x":"AA","y":"AA","d":"AA"}}"#,
                Error::Malformed(Part::Header),
            ),
            (
                r#"{"alg":"ECDH-ES","enc":"A256GCM","epk":{"kty":"EC","crv":"P-256"}}"#,
                Error::Malformed(Part::Header),
            ),
            (
                r#"{"alg":"ECDH-ES","enc":"A256GCM","epk":"AAAA"}"#,
                Error::Json(Part::Header),
            ),
            (
                r#"{"alg":"dir","enc":"A256GCM","kid":1}"#,
                Error::Json(Part::Header),
            ),
        ];
        for (header, err) in cases {
            assert_eq!(
                UntrustedJwe::parse(&header_token(header, DIR_REST)).unwrap_err(),
                err,
                "{header}"
            );
        }
    }

    #[test]
    fn pbes2_count_is_capped_when_parsing() {
        let token = |p2c: &str| {
            header_token(
                &format!(
                    r#"{{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2s":"AAAAAAAAAAA","p2c":{p2c}}}"#
                ),
                DIR_REST,
            )
        };
        assert_eq!(
            UntrustedJwe::parse(&token("10000"))
                .unwrap()
                .key_params()
                .p2c(),
            Some(10_000)
        );
        for huge in [
            "10001",
            "4294967295",
            "4294967296",
            "99999999999999999999999",
        ] {
            assert_eq!(
                UntrustedJwe::parse(&token(huge)).unwrap_err(),
                Error::LimitExceeded(Limit::Pbes2Count),
                "{huge}"
            );
        }
        for bad in ["0", "-1", "1.5", "1e3", "\"100\"", "null"] {
            assert_eq!(
                UntrustedJwe::parse(&token(bad)).unwrap_err(),
                Error::Json(Part::Header),
                "{bad}"
            );
        }
        let strict = Limits::DEFAULT.with_pbes2_count(1000);
        assert_eq!(
            UntrustedJwe::parse_with_limits(&token("1001"), &strict).unwrap_err(),
            Error::LimitExceeded(Limit::Pbes2Count)
        );
    }

    #[test]
    fn segment_lengths_are_bounded() {
        let header = r#"{"alg":"dir","enc":"A256GCM"}"#;
        let long_tag = format!(".AAAAAAAAAAAAAAAA.AA.{}", "A".repeat(44));
        assert_eq!(
            UntrustedJwe::parse(&header_token(header, &long_tag)).unwrap_err(),
            Error::Malformed(Part::Tag)
        );
        let long_iv = format!(".{}.AA.AAAAAAAAAAAAAAAAAAAAAA", "A".repeat(24));
        assert_eq!(
            UntrustedJwe::parse(&header_token(header, &long_iv)).unwrap_err(),
            Error::Malformed(Part::Iv)
        );
        let long_key = format!(
            "{}.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA",
            "A".repeat(684)
        );
        assert_eq!(
            UntrustedJwe::parse(&header_token(header, &long_key)).unwrap_err(),
            Error::Malformed(Part::EncryptedKey)
        );
        assert_eq!(
            UntrustedJwe::parse(&header_token(
                header,
                ".AAAAAAAAAAAAAAA=.AA.AAAAAAAAAAAAAAAAAAAAAA"
            ))
            .unwrap_err(),
            Error::Base64(Part::Iv)
        );
    }

    #[test]
    fn a_jwe_never_verifies_as_a_jws() {
        let key = DirectKey::new(&[3; 32]).unwrap();
        let token = dir_token(&key, HeaderParams::new(), b"{}");
        assert_eq!(
            UntrustedJws::parse(&token).unwrap_err(),
            Error::Malformed(Part::Token)
        );
        // Cut down to three segments, its `alg` is no JWS algorithm.
        let parts: Vec<&str> = token.split('.').collect();
        let three = format!("{}.{}.{}", parts[0], parts[3], parts[4]);
        assert_eq!(
            UntrustedJws::parse(&three).unwrap_err(),
            Error::UnsupportedAlg
        );
    }

    #[test]
    fn zip_is_refused_in_a_jws() {
        let token = format!("{}.e30.c2ln", b64e(br#"{"alg":"HS256","zip":"DEF"}"#));
        assert_eq!(
            UntrustedJws::parse(&token).unwrap_err(),
            Error::Malformed(Part::Header)
        );
    }

    #[test]
    fn each_encryption_draws_a_fresh_cek_and_iv() {
        let key = DirectKey::new(&[3; 32]).unwrap();
        let mut rng = TestRng(99);
        let mut ivs = std::collections::HashSet::new();
        for _ in 0..64 {
            let mut out = [0u8; 256];
            let token = encrypt(
                &HeaderParams::new(),
                b"same",
                &key,
                tinyjose::A256GCM,
                &mut rng,
                &mut out,
            )
            .unwrap();
            assert!(
                ivs.insert(token.split('.').nth(2).unwrap().to_owned()),
                "an IV repeated"
            );
        }
    }

    #[test]
    fn decryption_policy() {
        let key = DirectKey::new(&[3; 32]).unwrap();
        let token = dir_token(&key, HeaderParams::new().kid("k1"), b"top secret");
        let jwe = UntrustedJwe::parse(&token).unwrap();
        assert_eq!(jwe.header().kid(), Some("k1"));
        let mut buf = [0u8; 64];
        assert_eq!(
            jwe.decrypt(&key, &[tinyjose::A128GCM], &mut buf)
                .unwrap_err(),
            Error::UnsupportedEnc
        );
        assert_eq!(
            jwe.decrypt(&key, &[], &mut buf).unwrap_err(),
            Error::UnsupportedEnc
        );
        assert_eq!(
            jwe.decrypt(&key, &[tinyjose::A256GCM], &mut buf[..9])
                .unwrap_err(),
            Error::BufferTooSmall { needed: 10 }
        );
        let other = DirectKey::new(&[4; 32]).unwrap();
        assert_eq!(
            jwe.decrypt(&other, &[tinyjose::A256GCM], &mut buf)
                .unwrap_err(),
            Error::DecryptionFailed
        );
        assert_eq!(buf, [0; 64], "a failed decryption leaves nothing behind");
        let short = DirectKey::new(&[3; 16]).unwrap();
        assert_eq!(
            jwe.decrypt(&short, &[tinyjose::A256GCM], &mut buf)
                .unwrap_err(),
            Error::DecryptionFailed
        );
        let decrypted = jwe
            .decrypt(&key, &[tinyjose::A128GCM, tinyjose::A256GCM], &mut buf)
            .unwrap();
        assert_eq!(decrypted.plaintext(), b"top secret");
        assert_eq!(
            (
                decrypted.header().alg(),
                decrypted.enc(),
                decrypted.header().kid()
            ),
            (JweAlg::Dir, Enc::A256Gcm, Some("k1"))
        );
        assert_eq!(
            decrypted.header().json(),
            r#"{"alg":"dir","enc":"A256GCM","kid":"k1"}"#
        );
    }

    #[test]
    fn every_tampered_segment_fails_the_same_way() {
        let key = DirectKey::new(&[3; 32]).unwrap();
        let token = dir_token(&key, HeaderParams::new(), b"attack at dawn");
        let parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        let mut buf = [0xaa; 64];
        for segment in [0, 2, 3, 4] {
            let bytes = b64d(&parts[segment]);
            for bit in 0..bytes.len() * 8 {
                let mut flipped = bytes.clone();
                flipped[bit / 8] ^= 1 << (bit % 8);
                let mut p = parts.clone();
                p[segment] = b64e(&flipped);
                let t = p.join(".");
                let Ok(jwe) = UntrustedJwe::parse(&t) else {
                    assert_eq!(segment, 0, "only a flipped header can fail to parse");
                    continue;
                };
                buf.fill(0xaa);
                assert_eq!(
                    jwe.decrypt(&key, &[tinyjose::A256GCM], &mut buf)
                        .unwrap_err(),
                    Error::DecryptionFailed,
                    "segment {segment} bit {bit}"
                );
                assert_eq!(buf, [0; 64]);
            }
        }
        // Wrong IV and tag lengths, and a non-empty encrypted key for `dir`.
        for (segment, value) in [
            (2, b64e(&[0; 11])),
            (2, b64e(&[0; 16])),
            (4, b64e(&[0; 15])),
            (4, b64e(&[0; 17])),
            (4, String::new()),
            (1, b64e(&[0; 16])),
        ] {
            let mut p = parts.clone();
            p[segment] = value;
            let t = p.join(".");
            let jwe = UntrustedJwe::parse(&t).unwrap();
            assert_eq!(
                jwe.decrypt(&key, &[tinyjose::A256GCM], &mut buf)
                    .unwrap_err(),
                Error::DecryptionFailed,
                "segment {segment}"
            );
        }
    }

    #[test]
    fn header_keys_are_never_trusted() {
        // An attacker encrypts with their own key and names it in `jwk`; the recipient's key is
        // the only one ever used.
        let attacker = DirectKey::new(&[9; 32]).unwrap();
        let mut out = vec![0u8; 512];
        let header = r#"{"alg":"dir","enc":"A256GCM","jwk":{"kty":"oct","k":"CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk"},"jku":"https://evil.example/keys"}"#;
        // Build the token by hand around the attacker's header.
        let token = {
            let h = b64e(header.as_bytes());
            let iv = [1u8; 12];
            let mut body = b"owned".to_vec();
            let mut tag = [0u8; 16];
            tinyjose::A256GCM
                .encrypt_in_place(&[9; 32], &iv, h.as_bytes(), &mut body, 5, &mut tag)
                .unwrap();
            format!("{h}..{}.{}.{}", b64e(&iv), b64e(&body), b64e(&tag))
        };
        assert_eq!(open(&token, &attacker).unwrap(), b"owned");
        let recipient = DirectKey::new(&[3; 32]).unwrap();
        assert_eq!(
            open(&token, &recipient).unwrap_err(),
            Error::DecryptionFailed
        );
        out.clear();
    }

    #[cfg(feature = "deflate")]
    #[test]
    fn compressed_content_round_trips_and_bombs_are_refused() {
        let key = DirectKey::new(&[3; 32]).unwrap();
        let text = "JOSE ".repeat(1000);
        let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
        let mut out = vec![0u8; 1024];
        let token = tinyjose::encrypt_deflated(
            &HeaderParams::new(),
            &deflated,
            &key,
            tinyjose::A256GCM,
            &mut TestRng(1),
            &mut out,
        )
        .unwrap()
        .to_owned();
        assert_eq!(open(&token, &key).unwrap(), text.as_bytes());
        let jwe = UntrustedJwe::parse(&token).unwrap();
        // The inflated text needs room after the ciphertext: 4999 bytes are one too few.
        let mut small = vec![0u8; jwe.ciphertext_len() + 4999];
        assert_eq!(
            jwe.decrypt(&key, &[tinyjose::A256GCM], &mut small)
                .unwrap_err(),
            Error::LimitExceeded(Limit::InflatedLength)
        );
        assert!(small.iter().all(|&b| b == 0));

        // 16 MiB of zeros deflate to about 16 KiB; in an authentic token they still never
        // inflate beyond the buffer or the limit.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 16 << 20], 10);
        let mut out = vec![0u8; bomb.len() * 2 + 1024];
        let token = tinyjose::encrypt_deflated(
            &HeaderParams::new(),
            &bomb,
            &key,
            tinyjose::A256GCM,
            &mut TestRng(2),
            &mut out,
        )
        .unwrap()
        .to_owned();
        let jwe = UntrustedJwe::parse_with_limits(&token, &Limits::DEFAULT.with_token_len(1 << 20))
            .unwrap();
        let mut buf = vec![0u8; jwe.ciphertext_len() + (1 << 20)];
        assert_eq!(
            jwe.decrypt(&key, &[tinyjose::A256GCM], &mut buf)
                .unwrap_err(),
            Error::LimitExceeded(Limit::InflatedLength)
        );
        assert!(buf.iter().all(|&b| b == 0));
        // A corrupt stream that authenticates is still refused.
        let token = tinyjose::encrypt_deflated(
            &HeaderParams::new(),
            &[0xff, 0xff, 0xff],
            &key,
            tinyjose::A256GCM,
            &mut TestRng(3),
            &mut out,
        )
        .unwrap()
        .to_owned();
        assert_eq!(open(&token, &key).unwrap_err(), Error::DecryptionFailed);
    }

    #[test]
    fn encryption_reports_the_exact_size_needed() {
        let key = DirectKey::new(&[3; 32]).unwrap();
        let mut out = [0u8; 512];
        let len = encrypt(
            &HeaderParams::new(),
            b"hello",
            &key,
            tinyjose::A256GCM,
            &mut TestRng(5),
            &mut out,
        )
        .unwrap()
        .len();
        let mut short = vec![0u8; len - 1];
        assert_eq!(
            encrypt(
                &HeaderParams::new(),
                b"hello",
                &key,
                tinyjose::A256GCM,
                &mut TestRng(5),
                &mut short
            )
            .unwrap_err(),
            Error::BufferTooSmall { needed: len }
        );
        assert!(short.iter().all(|&b| b == 0));
        let mut exact = vec![0u8; len];
        assert!(
            encrypt(
                &HeaderParams::new(),
                b"hello",
                &key,
                tinyjose::A256GCM,
                &mut TestRng(5),
                &mut exact
            )
            .is_ok()
        );
        // A key of the wrong size for the `enc` is refused before anything is written.
        assert_eq!(
            encrypt(
                &HeaderParams::new(),
                b"hello",
                &key,
                tinyjose::A128GCM,
                &mut TestRng(5),
                &mut out
            )
            .unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::WrongLength)
        );
    }

    #[cfg(feature = "jwk")]
    #[test]
    fn a_key_has_one_role() {
        let k = "AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM";
        let texts = [
            format!(r#"{{"kty":"oct","use":"sig","k":"{k}"}}"#),
            format!(r#"{{"kty":"oct","key_ops":["sign","verify"],"k":"{k}"}}"#),
            format!(r#"{{"kty":"oct","use":"enc","k":"{k}"}}"#),
            format!(r#"{{"kty":"oct","alg":"dir","k":"{k}"}}"#),
            format!(
                r#"{{"keys":[{{"kty":"oct","kid":"s","use":"sig","k":"{k}"}},{{"kty":"oct","kid":"e","alg":"dir","use":"enc","k":"{k}"}}]}}"#
            ),
        ];
        let sig = tinyjose::Jwk::parse(&texts[0]).unwrap();
        assert_eq!(
            sig.to_jwe_key(Some(JweAlg::Dir)).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::WrongUse)
        );
        let ops = tinyjose::Jwk::parse(&texts[1]).unwrap();
        assert_eq!(
            ops.to_jwe_key(Some(JweAlg::Dir)).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::WrongUse)
        );
        let enc = tinyjose::Jwk::parse(&texts[2]).unwrap();
        assert!(enc.to_jwe_key(Some(JweAlg::Dir)).is_ok());
        assert_eq!(
            enc.to_jwe_key(None).unwrap_err(),
            Error::KeyRejected(tinyjose::KeyReason::NoAlg)
        );
        let named = tinyjose::Jwk::parse(&texts[3]).unwrap();
        assert_eq!(
            named.to_jwe_key(Some(JweAlg::A256Kw)).unwrap_err(),
            Error::AlgMismatch
        );
        #[cfg(feature = "hs")]
        {
            assert_eq!(
                enc.to_key(Some(tinyjose::JwsAlg::Hs256)).unwrap_err(),
                Error::KeyRejected(tinyjose::KeyReason::WrongUse)
            );
            assert_eq!(
                named.to_key(Some(tinyjose::JwsAlg::Hs256)).unwrap_err(),
                Error::KeyRejected(tinyjose::KeyReason::NoAlg)
            );
        }
        let set = tinyjose::JwkSet::parse(&texts[4]).unwrap();
        let key = DirectKey::new(&[3; 32]).unwrap();
        for (kid, result) in [
            ("e", Ok(())),
            ("s", Err(Error::KeyRejected(tinyjose::KeyReason::WrongUse))),
            ("x", Err(Error::NoMatchingKey)),
        ] {
            let token = dir_token(&key, HeaderParams::new().kid(kid), b"x");
            let jwe = UntrustedJwe::parse(&token).unwrap();
            assert_eq!(set.jwe_key_for(&jwe).map(|_| ()), result, "{kid}");
        }
        let token = dir_token(&key, HeaderParams::new(), b"x");
        assert!(
            set.jwe_key_for(&UntrustedJwe::parse(&token).unwrap())
                .is_ok()
        );
    }
}

/// Nested JWTs (RFC 7519 §5.2): decrypt, then verify the inner JWS with its own key.
#[cfg(all(feature = "jwt", feature = "hs", feature = "aes-gcm"))]
mod nested {
    use super::*;
    use tinyjose::{HmacKey, UnixTime, Validation, decrypt_nested_jwt, sign};

    const NOW: u64 = 1_700_000_000;

    fn signer() -> HmacKey {
        HmacKey::hs256(b"the inner signing key, 32 bytes long").unwrap()
    }

    fn seal(outer: HeaderParams<'_>, inner: &[u8], key: &DirectKey) -> String {
        let mut out = vec![0u8; 2048];
        encrypt(
            &outer,
            inner,
            key,
            tinyjose::A256GCM,
            &mut TestRng(11),
            &mut out,
        )
        .unwrap()
        .to_owned()
    }

    fn jws(header: HeaderParams<'_>, claims: &str) -> String {
        let mut out = vec![0u8; 1024];
        sign(&header, claims.as_bytes(), &signer(), &mut out)
            .unwrap()
            .to_owned()
    }

    fn open_nested(token: &str, key: &DirectKey, v: &Validation<'_>) -> Result<String, Error> {
        let (mut scratch, mut out) = ([0u8; 1024], [0u8; 512]);
        let result = decrypt_nested_jwt(
            token,
            key,
            &[tinyjose::A256GCM],
            &signer(),
            v,
            &mut scratch,
            &mut out,
        )
        .map(|c| c.json().to_owned());
        assert_eq!(scratch, [0; 1024], "the decrypted JWS is wiped");
        result
    }

    #[test]
    fn decrypts_then_verifies() {
        let key = DirectKey::new(&[5; 32]).unwrap();
        let v = Validation::new(UnixTime::from_secs(NOW))
            .issuer("iss")
            .typ("JWT");
        let inner = jws(
            HeaderParams::new().typ("JWT"),
            r#"{"iss":"iss","exp":1800000000}"#,
        );
        let token = seal(HeaderParams::new().cty("JWT"), inner.as_bytes(), &key);
        assert_eq!(
            open_nested(&token, &key, &v).unwrap(),
            r#"{"iss":"iss","exp":1800000000}"#
        );
        // `cty` compares as a media type.
        let token = seal(
            HeaderParams::new().cty("application/jwt"),
            inner.as_bytes(),
            &key,
        );
        assert!(open_nested(&token, &key, &v).is_ok());
    }

    #[test]
    fn every_layer_is_checked() {
        let key = DirectKey::new(&[5; 32]).unwrap();
        let v = Validation::new(UnixTime::from_secs(NOW)).typ("JWT");
        let good = jws(HeaderParams::new().typ("JWT"), r#"{"exp":1800000000}"#);
        let cases: Vec<(String, Error)> = vec![
            // Not declared as a nested JWT.
            (
                seal(HeaderParams::new(), good.as_bytes(), &key),
                Error::Malformed(Part::Payload),
            ),
            (
                seal(HeaderParams::new().cty("json"), good.as_bytes(), &key),
                Error::Malformed(Part::Payload),
            ),
            // Inner signature, claims and type.
            (
                seal(
                    HeaderParams::new().cty("JWT"),
                    format!("{good}x").as_bytes(),
                    &key,
                ),
                Error::InvalidSignature,
            ),
            (
                seal(
                    HeaderParams::new().cty("JWT"),
                    jws(HeaderParams::new().typ("JWT"), r#"{"exp":1600000000}"#).as_bytes(),
                    &key,
                ),
                Error::Expired,
            ),
            (
                seal(
                    HeaderParams::new().cty("JWT"),
                    jws(HeaderParams::new().typ("at+jwt"), r#"{}"#).as_bytes(),
                    &key,
                ),
                Error::TypeMismatch,
            ),
            (
                seal(HeaderParams::new().cty("JWT"), b"\xff\xfe", &key),
                Error::Malformed(Part::Payload),
            ),
        ];
        for (token, err) in cases {
            assert_eq!(open_nested(&token, &key, &v).unwrap_err(), err);
        }
        // Another key for the inner JWS.
        let other = HmacKey::hs256(b"another inner key, also 32 bytes!!").unwrap();
        let mut buf = vec![0u8; 512];
        let forged = sign(&HeaderParams::new().typ("JWT"), b"{}", &other, &mut buf)
            .unwrap()
            .to_owned();
        let token = seal(HeaderParams::new().cty("JWT"), forged.as_bytes(), &key);
        assert_eq!(
            open_nested(&token, &key, &v).unwrap_err(),
            Error::InvalidSignature
        );
        // Two levels of encryption are refused.
        let once = seal(HeaderParams::new().cty("JWT"), good.as_bytes(), &key);
        let twice = seal(HeaderParams::new().cty("JWT"), once.as_bytes(), &key);
        assert_eq!(
            open_nested(&twice, &key, &v).unwrap_err(),
            Error::Malformed(Part::Token)
        );
        // The outer layer fails as any JWE does.
        let wrong = DirectKey::new(&[6; 32]).unwrap();
        assert_eq!(
            open_nested(&once, &wrong, &v).unwrap_err(),
            Error::DecryptionFailed
        );
    }

    #[test]
    fn an_encrypted_jwt_validates_its_claims() {
        let key = DirectKey::new(&[5; 32]).unwrap();
        let token = seal(
            HeaderParams::new().typ("JWT"),
            br#"{"aud":"api","exp":1600000000}"#,
            &key,
        );
        let jwe = UntrustedJwe::parse(&token).unwrap();
        let mut buf = [0u8; 128];
        let decrypted = jwe.decrypt(&key, &[tinyjose::A256GCM], &mut buf).unwrap();
        let v = Validation::new(UnixTime::from_secs(NOW)).audience("api");
        assert_eq!(decrypted.claims(&v).unwrap_err(), Error::Expired);
        let v = Validation::new(UnixTime::from_secs(1_500_000_000))
            .audience("api")
            .typ("JWT");
        assert!(decrypted.claims(&v).is_ok());
    }
}

/// `jwe_compact_len` is the exact length of the token `encrypt` writes, for every key family,
/// header and plaintext length: wrappers size their buffer once.
#[cfg(all(
    feature = "aes-gcm",
    feature = "aes-cbc-hs",
    feature = "aes-kw",
    feature = "aes-gcm-kw",
    feature = "ecdh-es",
    feature = "pbes2",
    feature = "jwk"
))]
#[test]
fn jwe_compact_len_is_exact_for_every_key_family() {
    use tinyjose::{
        A128GCM, A256CBC_HS512, A256GCM, AesGcmKwKey, AesKwKey, EcdhEsPrivateKey, JweEncrypter,
        Pbes2Key, encrypt_deflated, jwe_compact_len,
    };
    let p256 = EcdhEsPrivateKey::p256(JweAlg::EcdhEsA128Kw, &[5; 32]).unwrap();
    let p384 = EcdhEsPrivateKey::p384(JweAlg::EcdhEs, &[6; 48]).unwrap();
    let x25519 = EcdhEsPrivateKey::x25519(JweAlg::EcdhEsA256Kw, &[7; 32]).unwrap();
    type Case<'a> = (Box<dyn JweEncrypter>, Vec<&'a dyn ContentEncryption>);
    let keys: Vec<Case<'_>> = vec![
        (Box::new(DirectKey::new(&[1; 16]).unwrap()), vec![A128GCM]),
        (
            Box::new(DirectKey::new(&[1; 64]).unwrap()),
            vec![A256CBC_HS512],
        ),
        (
            Box::new(AesKwKey::new(JweAlg::A192Kw, &[2; 24]).unwrap()),
            vec![A128GCM, A256CBC_HS512],
        ),
        (
            Box::new(AesGcmKwKey::new(JweAlg::A256GcmKw, &[3; 32]).unwrap()),
            vec![A256GCM],
        ),
        (Box::new(p256.public_key()), vec![A128GCM]),
        (
            Box::new(
                p256.public_key()
                    .with_party_info(b"alice", b"bob, the recipient"),
            ),
            vec![A256CBC_HS512],
        ),
        (Box::new(p384.public_key()), vec![A256GCM, A256CBC_HS512]),
        (Box::new(x25519.public_key()), vec![A128GCM]),
        // A key from a JWK: the `JweKey` that wraps it adds the same `epk` shape.
        (
            Box::new(
                tinyjose::Jwk::parse(
                    r#"{"kty":"EC","crv":"P-256","x":"Ze2loSV3wrroKUN_4zhwGhCqo3Xhu1td4QjeQ5wIVR0","y":"HlLtdXARY_f55A3fnzQbPcm6hgr34Mp8p-nuzQCE0Zw"}"#,
                )
                .and_then(|jwk| jwk.to_jwe_key(Some(JweAlg::EcdhEs)))
                .unwrap(),
            ),
            vec![A128GCM],
        ),
        (
            Box::new(Pbes2Key::new(JweAlg::Pbes2Hs256A128Kw, b"pw").unwrap()),
            vec![A128GCM],
        ),
        (
            Box::new(
                Pbes2Key::new(JweAlg::Pbes2Hs512A256Kw, b"pw")
                    .unwrap()
                    .with_count(1000)
                    .unwrap(),
            ),
            vec![A256GCM],
        ),
    ];
    let headers = [
        HeaderParams::new(),
        HeaderParams::new()
            .kid("2026-12 key \"one\"")
            .typ("JWT")
            .cty("JWT"),
    ];
    for (key, contents) in &keys {
        for content in contents {
            for header in &headers {
                for len in [0, 1, 15, 16, 17, 100] {
                    for zip in [false, true] {
                        let plaintext = vec![0x61; len];
                        let expected =
                            jwe_compact_len(header, key.as_ref(), content.enc(), len, zip);
                        let mut out = vec![0u8; expected];
                        let mut rng = TestRng(9);
                        let token = if zip {
                            encrypt_deflated(
                                header,
                                &plaintext,
                                key.as_ref(),
                                *content,
                                &mut rng,
                                &mut out,
                            )
                        } else {
                            encrypt(
                                header,
                                &plaintext,
                                key.as_ref(),
                                *content,
                                &mut rng,
                                &mut out,
                            )
                        }
                        .unwrap();
                        assert_eq!(
                            token.len(),
                            expected,
                            "{:?} {:?} {len} {zip}",
                            key.alg(),
                            content.enc()
                        );
                        // One byte less is refused, with the exact size.
                        let mut short = vec![0u8; expected - 1];
                        let err = encrypt(
                            header,
                            &plaintext,
                            key.as_ref(),
                            *content,
                            &mut TestRng(9),
                            &mut short,
                        );
                        if !zip {
                            assert_eq!(err, Err(Error::BufferTooSmall { needed: expected }));
                        }
                    }
                }
            }
        }
    }
}
