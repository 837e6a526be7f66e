//! The JWE JSON serializations (RFC 7516 §7.2): RFC 7516 A.4 and A.5, the RFC 7520 §5 `json`
//! and `json_flat` outputs, round trips of `encrypt_json`, and the hostile cases.
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

use common::{b64e, load_json, str_of, to_text};
use serde_json::{Value, json};
use tinyjose::{
    ALL_CONTENT_ENCRYPTIONS, DirectKey, Enc, Error, JsonForm, JweAlg, JweDecrypter, Limit, Limits,
    Part, UntrustedJwe, UntrustedJweJson,
};

fn cookbook(name: &str) -> Value {
    load_json(&format!("rfc7520/jwe/{name}.json"))
}

fn rfc7516(id: &str) -> Value {
    common::rfc_vector("rfc7516_json.json", id)
}

/// Decrypts `text` with `key`, accepting every `enc` of the build.
fn open(text: &str, key: &dyn JweDecrypter) -> Result<Vec<u8>, Error> {
    let jwe = UntrustedJweJson::parse(text)?;
    let mut out = vec![0u8; jwe.max_buffer_len()];
    let d = jwe.decrypt(key, ALL_CONTENT_ENCRYPTIONS, &mut out)?;
    Ok(d.plaintext().to_vec())
}

/// A minimal flattened JWE around `unprotected` and `header`, to test structure.
fn flat(extra: Value) -> String {
    let mut v = json!({
        "iv": "AAAAAAAAAAAAAAAA",
        "ciphertext": "AAAA",
        "tag": "AAAAAAAAAAAAAAAAAAAAAA",
    });
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    to_text(&v)
}

#[cfg(feature = "jwk")]
fn jwk_key(jwk: &Value, alg: &str) -> tinyjose::JweKey {
    tinyjose::Jwk::parse(&to_text(jwk))
        .unwrap()
        .to_jwe_key(Some(JweAlg::from_name(alg).unwrap()))
        .unwrap()
}

#[cfg(all(feature = "jwk", feature = "aes-kw", feature = "aes-cbc-hs"))]
mod rfc7516_appendix_a {
    use super::*;

    #[test]
    fn a4_general_two_recipients() {
        let v = rfc7516("rfc7516-a4");
        let text = to_text(&v["json"]);
        let key = jwk_key(&v["recipient_keys"]["7"], "A128KW");
        let jwe = UntrustedJweJson::parse(&text).unwrap();
        assert_eq!((jwe.recipient_count(), jwe.enc()), (2, Enc::A128CbcHs256));
        let mut out = vec![0u8; jwe.max_buffer_len()];
        let d = jwe
            .decrypt(&key, &[tinyjose::A128CBC_HS256], &mut out)
            .unwrap();
        assert_eq!(d.plaintext(), b"Live long and prosper.");
        assert_eq!(
            (d.recipient_index(), d.kid(), d.alg()),
            (1, Some("7"), JweAlg::A128Kw)
        );
        assert_eq!(d.protected_json(), r#"{"enc":"A128CBC-HS256"}"#);
        assert_eq!(
            d.unprotected_json(),
            Some(r#"{"jku":"https://server.example.com/keys.jwks"}"#)
        );
        assert_eq!(
            d.recipient_header_json(),
            Some(r#"{"alg":"A128KW","kid":"7"}"#)
        );
        assert_eq!(d.aad(), None);
        // With its kid, and skipping the recipient named for another key.
        let mut out = vec![0u8; jwe.max_buffer_len()];
        let d = jwe.decrypt_with_kid(&key, Some("7"), ALL_CONTENT_ENCRYPTIONS, &mut out);
        assert_eq!(d.unwrap().plaintext(), b"Live long and prosper.");
        let mut out = vec![0u8; jwe.max_buffer_len()];
        let e = jwe.decrypt_with_kid(&key, Some("8"), ALL_CONTENT_ENCRYPTIONS, &mut out);
        assert_eq!(e.unwrap_err(), Error::NoMatchingKey);
        assert!(out.iter().all(|&b| b == 0));
    }

    #[test]
    fn a5_flattened() {
        let v = rfc7516("rfc7516-a5");
        let key = jwk_key(&v["key"], "A128KW");
        assert_eq!(
            open(&to_text(&v["json"]), &key).unwrap(),
            b"Live long and prosper."
        );
    }

    #[test]
    fn a4_rsa1_5_alone_is_refused_by_name() {
        let v = rfc7516("rfc7516-a4");
        let mut j = v["json"].clone();
        j["recipients"].as_array_mut().unwrap().truncate(1);
        assert_eq!(
            UntrustedJweJson::parse(&to_text(&j)).unwrap_err(),
            Error::AlgRsa1_5
        );
    }

    #[test]
    fn a4_given_to_the_compact_parser_is_refused() {
        let v = rfc7516("rfc7516-a4");
        let err = UntrustedJwe::parse(&to_text(&v["json"])).unwrap_err();
        assert_eq!(err, Error::Malformed(Part::Token));
    }

    #[test]
    fn a3_compact_given_to_the_json_parser_is_refused() {
        let v = common::rfc_vector("rfc7516.json", "rfc7516-a3");
        let err = UntrustedJweJson::parse(str_of(&v, "compact")).unwrap_err();
        assert_eq!(err, Error::Malformed(Part::Token));
    }
}

/// The RFC 7520 §5 `json` and `json_flat` outputs.
#[cfg(all(feature = "jwk", feature = "aes-gcm"))]
mod cookbook_5 {
    use super::*;

    fn plaintext(v: &Value) -> &[u8] {
        str_of(&v["input"], "plaintext").as_bytes()
    }

    /// Both forms of `v` decrypt to its plaintext with `key`; the forms given are returned.
    fn check(v: &Value, key: &dyn JweDecrypter) -> usize {
        let mut forms = 0;
        for form in ["json", "json_flat"] {
            let Some(j) = v["output"].get(form) else {
                continue;
            };
            forms += 1;
            let text = to_text(j);
            assert_eq!(open(&text, key).unwrap(), plaintext(v), "{form}");
            // Pretty-printed JSON is the same serialization.
            let pretty = serde_json::to_string_pretty(j).unwrap();
            assert_eq!(open(&pretty, key).unwrap(), plaintext(v), "{form} pretty");
            assert_eq!(
                UntrustedJwe::parse(&text).unwrap_err(),
                Error::Malformed(Part::Token),
                "{form} given to the compact parser"
            );
        }
        forms
    }

    fn key_of(v: &Value) -> tinyjose::JweKey {
        jwk_key(&v["input"]["key"], str_of(&v["input"], "alg"))
    }

    #[test]
    fn s5_1_rsa1_5_is_refused_by_name() {
        let v = cookbook("5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2");
        for form in ["json", "json_flat"] {
            let err = UntrustedJweJson::parse(&to_text(&v["output"][form])).unwrap_err();
            assert_eq!(err, Error::AlgRsa1_5);
        }
    }

    #[test]
    fn s5_2_rsa_oaep_parses_for_an_external_key() {
        let v = cookbook("5_2.key_encryption_using_rsa-oaep_with_aes-gcm");
        let text = to_text(&v["output"]["json"]);
        let jwe = UntrustedJweJson::parse(&text).unwrap();
        assert_eq!(jwe.enc(), Enc::A256Gcm);
        // A key of another algorithm finds no recipient.
        let mut out = vec![0u8; jwe.max_buffer_len()];
        let key = DirectKey::new(&[0; 32]).unwrap();
        let err = jwe
            .decrypt(&key, ALL_CONTENT_ENCRYPTIONS, &mut out)
            .unwrap_err();
        assert_eq!(err, Error::AlgMismatch);
    }

    #[cfg(all(feature = "pbes2", feature = "aes-cbc-hs"))]
    #[test]
    fn s5_3_pbes2() {
        let v = cookbook("5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2");
        let pwd = str_of(&v["input"], "pwd").as_bytes();
        let key = tinyjose::Pbes2Key::new(JweAlg::Pbes2Hs512A256Kw, pwd).unwrap();
        assert_eq!(check(&v, &key), 2);
    }

    #[cfg(feature = "ecdh-es")]
    #[test]
    fn s5_4_ecdh_es_a128kw_p384() {
        let v = cookbook(
            "5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm",
        );
        assert_eq!(check(&v, &key_of(&v)), 2);
    }

    #[cfg(all(feature = "ecdh-es", feature = "aes-cbc-hs"))]
    #[test]
    fn s5_5_ecdh_es_direct_p256() {
        let v = cookbook("5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2");
        assert_eq!(check(&v, &key_of(&v)), 2);
    }

    #[test]
    fn s5_6_dir_a128gcm() {
        let v = cookbook("5_6.direct_encryption_using_aes-gcm");
        assert_eq!(check(&v, &key_of(&v)), 2);
    }

    #[cfg(all(feature = "aes-gcm-kw", feature = "aes-cbc-hs"))]
    #[test]
    fn s5_7_a256gcmkw() {
        let v = cookbook("5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2");
        assert_eq!(check(&v, &key_of(&v)), 2);
    }

    #[cfg(feature = "aes-kw")]
    #[test]
    fn s5_8_a128kw() {
        let v = cookbook("5_8.key_wrap_using_aes-keywrap_with_aes-gcm");
        assert_eq!(check(&v, &key_of(&v)), 2);
    }

    #[cfg(all(feature = "aes-kw", feature = "deflate"))]
    #[test]
    fn s5_9_compressed_content() {
        let v = cookbook("5_9.compressed_content");
        assert_eq!(check(&v, &key_of(&v)), 2);
    }

    #[cfg(feature = "aes-kw")]
    #[test]
    fn s5_10_aad() {
        let v = cookbook("5_10.including_additional_authentication_data");
        assert_eq!(check(&v, &key_of(&v)), 2);
        let text = to_text(&v["output"]["json"]);
        let jwe = UntrustedJweJson::parse(&text).unwrap();
        let mut out = vec![0u8; jwe.max_buffer_len()];
        let d = jwe
            .decrypt(&key_of(&v), ALL_CONTENT_ENCRYPTIONS, &mut out)
            .unwrap();
        let aad = d.aad().unwrap();
        assert_eq!(aad, str_of(&v["input"], "aad").as_bytes());
        assert!(aad.starts_with(b"[\"vcard\""));
    }

    #[cfg(feature = "aes-kw")]
    #[test]
    fn s5_10_a_changed_aad_does_not_decrypt() {
        let v = cookbook("5_10.including_additional_authentication_data");
        for form in ["json", "json_flat"] {
            let mut j = v["output"][form].clone();
            let mut aad = common::b64d(j["aad"].as_str().unwrap());
            aad[3] ^= 1;
            j["aad"] = Value::String(b64e(&aad));
            let text = to_text(&j);
            let jwe = UntrustedJweJson::parse(&text).unwrap();
            let mut out = vec![0xAAu8; jwe.max_buffer_len()];
            let err = jwe
                .decrypt(&key_of(&v), ALL_CONTENT_ENCRYPTIONS, &mut out)
                .unwrap_err();
            assert_eq!(err, Error::DecryptionFailed);
            assert!(out.iter().all(|&b| b == 0), "the buffer is wiped");
            // Without the aad at all, neither.
            j.as_object_mut().unwrap().remove("aad");
            assert_eq!(
                open(&to_text(&j), &key_of(&v)).unwrap_err(),
                Error::DecryptionFailed
            );
        }
    }

    #[cfg(feature = "aes-kw")]
    #[test]
    fn s5_11_protecting_specific_header_fields() {
        let v = cookbook("5_11.protecting_specific_header_fields");
        assert_eq!(check(&v, &key_of(&v)), 2);
    }

    #[cfg(feature = "aes-kw")]
    #[test]
    fn s5_12_protecting_content_only() {
        let v = cookbook("5_12.protecting_content_only");
        assert_eq!(check(&v, &key_of(&v)), 2);
        let text = to_text(&v["output"]["json_flat"]);
        let jwe = UntrustedJweJson::parse(&text).unwrap();
        let mut out = vec![0u8; jwe.max_buffer_len()];
        let d = jwe
            .decrypt(&key_of(&v), ALL_CONTENT_ENCRYPTIONS, &mut out)
            .unwrap();
        assert_eq!(d.protected_json(), "");
        assert_eq!(d.kid(), Some("81b20965-8332-43d9-a468-82160ad91ac8"));
    }

    #[cfg(all(feature = "ecdh-es", feature = "aes-gcm-kw", feature = "aes-cbc-hs"))]
    #[test]
    fn s5_13_multiple_recipients() {
        let v = cookbook("5_13.encrypting_to_multiple_recipients");
        let text = to_text(&v["output"]["json"]);
        let keys = v["input"]["key"].as_array().unwrap();
        let algs = v["input"]["alg"].as_array().unwrap();
        for i in [1, 2] {
            let key = jwk_key(&keys[i], algs[i].as_str().unwrap());
            let jwe = UntrustedJweJson::parse(&text).unwrap();
            assert_eq!(jwe.recipient_count(), 3);
            let mut out = vec![0u8; jwe.max_buffer_len()];
            let kid = keys[i]["kid"].as_str();
            let d = jwe
                .decrypt_with_kid(&key, kid, ALL_CONTENT_ENCRYPTIONS, &mut out)
                .unwrap();
            assert_eq!(d.plaintext(), plaintext(&v));
            assert_eq!((d.recipient_index(), d.kid()), (i, kid));
            assert_eq!(d.cty(), Some("text/plain"));
        }
    }
}

mod hostile {
    use super::*;

    fn dir_a128gcm() -> Value {
        json!({"alg": "dir", "enc": "A128GCM"})
    }

    #[test]
    fn a_member_in_two_headers_is_a_duplicate() {
        let protected = b64e(br#"{"enc":"A128GCM","kid":"a"}"#);
        let cases = [
            json!({"protected": protected, "unprotected": {"alg": "dir", "kid": "b"}}),
            json!({"protected": protected, "header": {"alg": "dir", "kid": "b"}}),
            json!({"unprotected": {"alg": "dir", "enc": "A128GCM"}, "header": {"alg": "dir"}}),
            json!({"unprotected": {"alg": "dir", "enc": "A128GCM"}, "recipients": [{}, {"header": {"alg": "dir"}}]}),
        ];
        for case in cases {
            assert_eq!(
                UntrustedJweJson::parse(&flat(case.clone())).unwrap_err(),
                Error::DuplicateMember(Part::Header),
                "{case}"
            );
        }
    }

    #[test]
    fn duplicates_within_the_text_are_refused() {
        let text = r#"{"unprotected":{"alg":"dir","enc":"A128GCM"},"iv":"AAAAAAAAAAAAAAAA","iv":"AAAAAAAAAAAAAAAA","ciphertext":"AA","tag":"AAAAAAAAAAAAAAAAAAAAAA"}"#;
        assert_eq!(
            UntrustedJweJson::parse(text).unwrap_err(),
            Error::DuplicateMember(Part::Token)
        );
    }

    #[test]
    fn crit_and_zip_must_be_protected() {
        for member in [json!({"crit": ["x"], "x": 1}), json!({"zip": "DEF"})] {
            let mut header = dir_a128gcm();
            for (k, x) in member.as_object().unwrap() {
                header[k] = x.clone();
            }
            for place in ["unprotected", "header"] {
                let err = UntrustedJweJson::parse(&flat(json!({ place: header }))).unwrap_err();
                assert_eq!(err, Error::Malformed(Part::Header), "{place} {header}");
            }
        }
        // Protected, an unknown `crit` is refused as it is in the compact form.
        let protected = b64e(br#"{"enc":"A128GCM","crit":["x"],"x":1}"#);
        let text = flat(json!({"protected": protected, "header": {"alg": "dir"}}));
        assert_eq!(
            UntrustedJweJson::parse(&text).unwrap_err(),
            Error::UnsupportedCrit
        );
    }

    #[test]
    fn recipients_over_the_limit_and_none() {
        let one = json!({"header": {"alg": "dir"}});
        let many =
            flat(json!({"unprotected": {"enc": "A128GCM"}, "recipients": vec![one.clone(); 9]}));
        assert_eq!(
            UntrustedJweJson::parse(&many).unwrap_err(),
            Error::LimitExceeded(Limit::Recipients)
        );
        let limits = Limits::DEFAULT.with_recipients(9);
        assert_eq!(
            UntrustedJweJson::parse_with_limits(&many, &limits)
                .unwrap()
                .recipient_count(),
            9
        );
        let none = flat(json!({"unprotected": dir_a128gcm(), "recipients": []}));
        assert_eq!(
            UntrustedJweJson::parse(&none).unwrap_err(),
            Error::Malformed(Part::Token)
        );
    }

    #[test]
    fn unprotected_headers_over_the_limit() {
        let long = "x".repeat(1100);
        let big = json!({"alg": "dir", "enc": "A128GCM", "x": long});
        for place in ["unprotected", "header"] {
            let err = UntrustedJweJson::parse(&flat(json!({ place: big }))).unwrap_err();
            assert_eq!(
                err,
                Error::LimitExceeded(Limit::UnprotectedHeaderLength),
                "{place}"
            );
        }
    }

    #[test]
    fn recipients_with_a_top_level_header_or_encrypted_key() {
        for extra in [
            json!({"header": {"kid": "a"}}),
            json!({"encrypted_key": "AAAA"}),
        ] {
            let mut v = json!({"unprotected": dir_a128gcm(), "recipients": [{}]});
            for (k, x) in extra.as_object().unwrap() {
                v[k] = x.clone();
            }
            assert_eq!(
                UntrustedJweJson::parse(&flat(v)).unwrap_err(),
                Error::Malformed(Part::Token)
            );
        }
    }

    #[test]
    fn structure() {
        let ok = flat(json!({"unprotected": dir_a128gcm()}));
        assert!(UntrustedJweJson::parse(&ok).is_ok());
        let mut v: Value = serde_json::from_str(&ok).unwrap();
        for (member, part) in [
            ("iv", Part::Iv),
            ("ciphertext", Part::Ciphertext),
            ("tag", Part::Tag),
        ] {
            let mut w = v.clone();
            w.as_object_mut().unwrap().remove(member);
            assert_eq!(
                UntrustedJweJson::parse(&to_text(&w)).unwrap_err(),
                Error::Malformed(part)
            );
            w[member] = Value::String("AA=".into());
            assert_eq!(
                UntrustedJweJson::parse(&to_text(&w)).unwrap_err(),
                Error::Base64(part)
            );
        }
        // An empty protected header is absent, not "".
        v["protected"] = Value::String(String::new());
        assert_eq!(
            UntrustedJweJson::parse(&to_text(&v)).unwrap_err(),
            Error::Malformed(Part::Header)
        );
        // No `alg` anywhere.
        let no_alg = flat(json!({"unprotected": {"enc": "A128GCM"}}));
        assert_eq!(
            UntrustedJweJson::parse(&no_alg).unwrap_err(),
            Error::Malformed(Part::Header)
        );
        // Recipients that disagree on `enc`.
        let two = flat(json!({"unprotected": {"alg": "dir"}, "recipients": [
            {"header": {"enc": "A128GCM"}}, {"header": {"enc": "A256GCM"}}]}));
        assert_eq!(
            UntrustedJweJson::parse(&two).unwrap_err(),
            Error::Malformed(Part::Header)
        );
        // Not an object, and too long.
        assert_eq!(
            UntrustedJweJson::parse("[]").unwrap_err(),
            Error::Malformed(Part::Token)
        );
        let limits = Limits::DEFAULT.with_token_len(10);
        assert_eq!(
            UntrustedJweJson::parse_with_limits(&ok, &limits).unwrap_err(),
            Error::LimitExceeded(Limit::TokenLength)
        );
    }

    #[cfg(feature = "aes-gcm")]
    #[test]
    fn every_failure_of_every_recipient_is_one_error() {
        // Two `dir` recipients, neither the key's: one error, and the buffer wiped.
        let text = flat(json!({"unprotected": dir_a128gcm(), "recipients": [{}, {}]}));
        let jwe = UntrustedJweJson::parse(&text).unwrap();
        let key = DirectKey::new(&[1; 16]).unwrap();
        let mut out = [0x55u8; 8];
        let err = jwe
            .decrypt(&key, &[tinyjose::A128GCM], &mut out)
            .unwrap_err();
        assert_eq!(err, Error::DecryptionFailed);
        assert_eq!(out, [0; 8]);
        // An `enc` the caller does not accept.
        let err = jwe
            .decrypt(&key, &[tinyjose::A256GCM], &mut out)
            .unwrap_err();
        assert_eq!(err, Error::UnsupportedEnc);
    }
}

/// `encrypt_json` then `UntrustedJweJson`: both forms, every key family, exact lengths.
#[cfg(all(
    feature = "aes-gcm",
    feature = "aes-kw",
    feature = "aes-gcm-kw",
    feature = "ecdh-es",
    feature = "pbes2"
))]
mod roundtrip {
    use super::*;
    use common::TestRng;
    use tinyjose::jwe::{
        AesGcmKwKey, AesKwKey, EcdhEsPrivateKey, JweJsonParams, JweRecipient, Pbes2Key,
        encrypt_json, jwe_json_len,
    };
    use tinyjose::{A128GCM, A256GCM, HeaderParams, JweEncrypter};

    fn seal(
        params: &JweJsonParams<'_>,
        to: &[JweRecipient<'_>],
        plaintext: &[u8],
    ) -> Result<String, Error> {
        let len = jwe_json_len(params, to, Enc::A256Gcm, plaintext.len());
        let mut out = vec![0u8; len];
        let text = encrypt_json(params, plaintext, to, A256GCM, &mut TestRng(7), &mut out)?;
        assert_eq!(text.len(), len, "jwe_json_len is exact: {text}");
        Ok(text.to_owned())
    }

    fn unseal(
        text: &str,
        key: &dyn JweDecrypter,
        kid: Option<&str>,
    ) -> Result<(Vec<u8>, Option<Vec<u8>>), Error> {
        let jwe = UntrustedJweJson::parse(text)?;
        let mut out = vec![0u8; jwe.max_buffer_len()];
        let d = jwe.decrypt_with_kid(key, kid, &[A256GCM], &mut out)?;
        Ok((d.plaintext().to_vec(), d.aad().map(<[u8]>::to_vec)))
    }

    #[test]
    fn a_pbes2_key_tries_one_recipient_at_most() {
        // Two recipients under the same password: the key derivation runs once per token, so
        // the second is never tried, whatever the first's failure.
        let pbes2 = Pbes2Key::new(JweAlg::Pbes2Hs256A128Kw, b"correct horse").unwrap();
        let to = [JweRecipient::new(&pbes2), JweRecipient::new(&pbes2)];
        let text = seal(&JweJsonParams::new(), &to, b"hi").unwrap();
        assert_eq!(unseal(&text, &pbes2, None).unwrap().0, b"hi");
        let mut v: Value = serde_json::from_str(&text).unwrap();
        let garbage = Value::String(b64e(&[7; 24]));
        v["recipients"][0]["encrypted_key"] = garbage;
        assert_eq!(
            unseal(&to_text(&v), &pbes2, None).unwrap_err(),
            Error::DecryptionFailed
        );
    }

    #[test]
    fn an_unprotected_header_is_one_object() {
        let kw = AesKwKey::new(JweAlg::A256Kw, &[1; 32]).unwrap();
        let to = [JweRecipient::new(&kw)];
        for smuggled in [r#"{},"aad":"QUJD""#, r#"{"a":1},"x":2"#, "[]"] {
            let params = JweJsonParams::new().unprotected(smuggled);
            assert_eq!(
                seal(&params, &to, b"hi").unwrap_err(),
                Error::Json(Part::Header),
                "{smuggled}"
            );
        }
    }

    #[test]
    fn white_space_around_the_protected_header_is_json() {
        // The compact serialization accepts it; so does the JSON one.
        let key = AesKwKey::new(JweAlg::A256Kw, &[1; 32]).unwrap();
        let mut out = [0u8; 512];
        let token = tinyjose::encrypt(
            &HeaderParams::new(),
            b"hi",
            &key,
            A256GCM,
            &mut TestRng(3),
            &mut out,
        )
        .unwrap()
        .to_owned();
        let [protected, ek, iv, ciphertext, tag]: [&str; 5] =
            token.split('.').collect::<Vec<_>>().try_into().unwrap();
        let json = String::from_utf8(common::b64d(protected)).unwrap();
        let spaced = b64e(format!(" {json}\n").as_bytes());
        // The tag covers the protected text: re-encrypt under the spaced header by hand is not
        // possible, so check the header is read, and that only the tag then fails.
        let text = to_text(&serde_json::json!({
            "protected": spaced, "encrypted_key": ek, "iv": iv, "ciphertext": ciphertext, "tag": tag,
        }));
        let jwe = UntrustedJweJson::parse(&text).unwrap();
        let mut buf = vec![0u8; jwe.max_buffer_len()];
        assert_eq!(
            jwe.decrypt(&key, &[A256GCM], &mut buf).unwrap_err(),
            Error::DecryptionFailed
        );
    }

    #[test]
    fn general_to_every_key_family() {
        let kw = AesKwKey::new(JweAlg::A256Kw, &[1; 32]).unwrap();
        let gcmkw = AesGcmKwKey::new(JweAlg::A128GcmKw, &[2; 16]).unwrap();
        let ecdh = EcdhEsPrivateKey::p256(JweAlg::EcdhEsA128Kw, &[3; 32]).unwrap();
        let ecdh_public = ecdh.public_key();
        let pbes2 = Pbes2Key::new(JweAlg::Pbes2Hs256A128Kw, b"correct horse").unwrap();
        let to = [
            JweRecipient::new(&kw).kid("kw"),
            JweRecipient::new(&gcmkw).kid("gcmkw"),
            JweRecipient::new(&ecdh_public).kid("ecdh"),
            JweRecipient::new(&pbes2),
        ];
        for params in [
            JweJsonParams::new(),
            JweJsonParams::new()
                .header(HeaderParams::new().typ("JWT").cty("text/plain"))
                .unprotected(r#"{"jku":"https://example.com/keys"}"#)
                .aad(b"some context \x00\xff"),
        ] {
            let text = seal(&params, &to, b"to all of you").unwrap();
            let v: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["recipients"].as_array().unwrap().len(), 4);
            assert!(v["recipients"][2]["header"]["epk"].is_object(), "{text}");
            assert!(v["recipients"][1]["header"]["iv"].is_string(), "{text}");
            let keys: [(&dyn JweDecrypter, Option<&str>); 4] = [
                (&kw, Some("kw")),
                (&gcmkw, Some("gcmkw")),
                (&ecdh, Some("ecdh")),
                (&pbes2, None),
            ];
            for (key, kid) in keys {
                let (plaintext, aad) = unseal(&text, key, kid).unwrap();
                assert_eq!(plaintext, b"to all of you");
                assert_eq!(aad.as_deref(), params.aad);
            }
            // A key of the right algorithm that is no recipient's.
            let other = AesKwKey::new(JweAlg::A256Kw, &[9; 32]).unwrap();
            assert_eq!(
                unseal(&text, &other, None).unwrap_err(),
                Error::DecryptionFailed
            );
            // A changed `aad`, or none, does not decrypt.
            if params.aad.is_some() {
                let mut v = v.clone();
                v["aad"] = Value::String(b64e(b"other context"));
                assert_eq!(
                    unseal(&to_text(&v), &kw, None).unwrap_err(),
                    Error::DecryptionFailed
                );
            }
        }
    }

    #[test]
    fn flattened_puts_alg_and_key_parameters_in_the_protected_header() {
        let ecdh = EcdhEsPrivateKey::p256(JweAlg::EcdhEs, &[3; 32]).unwrap();
        let public = ecdh.public_key();
        let dir = DirectKey::new(&[4; 32]).unwrap();
        let cases: [(&dyn JweEncrypter, &dyn JweDecrypter); 2] = [(&public, &ecdh), (&dir, &dir)];
        for (enc_key, dec_key) in cases {
            for aad in [None, Some(&b"x"[..])] {
                let mut params = JweJsonParams::new().form(JsonForm::Flattened);
                params.aad = aad;
                let to = [JweRecipient::new(enc_key).kid("only")];
                let text = seal(&params, &to, b"just you").unwrap();
                let v: Value = serde_json::from_str(&text).unwrap();
                assert!(v.get("recipients").is_none());
                assert_eq!(v["header"], json!({"kid": "only"}));
                let protected =
                    String::from_utf8(common::b64d(v["protected"].as_str().unwrap())).unwrap();
                assert!(protected.starts_with(r#"{"alg":""#), "{protected}");
                let (plaintext, got_aad) = unseal(&text, dec_key, Some("only")).unwrap();
                assert_eq!(
                    (plaintext.as_slice(), got_aad.as_deref()),
                    (&b"just you"[..], aad)
                );
            }
        }
    }

    #[test]
    fn a_single_recipient_in_the_general_form_may_be_direct() {
        let dir = DirectKey::new(&[4; 32]).unwrap();
        let text = seal(&JweJsonParams::new(), &[JweRecipient::new(&dir)], b"hi").unwrap();
        assert!(!text.contains("encrypted_key"), "{text}");
        assert_eq!(unseal(&text, &dir, None).unwrap().0, b"hi");
    }

    #[test]
    fn headers_longer_together_than_one_header() {
        // Each header within its own limit, the three together longer than any one may be: the
        // union is checked in room for two headers, and the JWE decrypts.
        let kw = AesKwKey::new(JweAlg::A256Kw, &[1; 32]).unwrap();
        let shared = format!(r#"{{"x-shared":"{}"}}"#, "s".repeat(900));
        let params = JweJsonParams::new()
            .form(JsonForm::Flattened)
            .unprotected(&shared);
        let kid = "k".repeat(900);
        let text = seal(&params, &[JweRecipient::new(&kw).kid(&kid)], b"hi").unwrap();
        assert!(text.len() > 2 * 900, "{text}");
        let (plaintext, _) = unseal(&text, &kw, Some(&kid)).unwrap();
        assert_eq!(plaintext, b"hi");
        // Its `Debug` shows the headers and sizes, never a key.
        let jwe = UntrustedJweJson::parse(&text).unwrap();
        let shown = format!("{jwe:?}");
        assert!(
            shown.starts_with("UntrustedJweJson { protected: \"{"),
            "{shown}"
        );
        assert!(
            shown.contains("x-shared") && shown.contains("recipients: 1"),
            "{shown}"
        );
        assert!(shown.ends_with("ciphertext_len: 2, .. }"), "{shown}");
    }

    #[test]
    fn refusals() {
        let dir = DirectKey::new(&[4; 32]).unwrap();
        let kw = AesKwKey::new(JweAlg::A256Kw, &[1; 32]).unwrap();
        let two = [JweRecipient::new(&kw), JweRecipient::new(&dir)];
        let mut out = vec![0u8; 4096];
        let mut rng = TestRng(1);
        let general = JweJsonParams::new();
        // One CEK for all: `dir` and `ECDH-ES` cannot be among several recipients.
        let err = encrypt_json(&general, b"x", &two, A256GCM, &mut rng, &mut out).unwrap_err();
        assert_eq!(err, Error::Unsupported);
        let flat = JweJsonParams::new().form(JsonForm::Flattened);
        let both = [JweRecipient::new(&kw), JweRecipient::new(&kw)];
        let err = encrypt_json(&flat, b"x", &both, A256GCM, &mut rng, &mut out).unwrap_err();
        assert_eq!(err, Error::Unsupported);
        let err = encrypt_json(&general, b"x", &[], A256GCM, &mut rng, &mut out).unwrap_err();
        assert_eq!(err, Error::Malformed(Part::Token));
        // An unprotected header that repeats a protected member, or holds `zip`.
        let one = [JweRecipient::new(&kw)];
        let dup = general
            .header(HeaderParams::new().typ("JWT"))
            .unprotected(r#"{"typ":"JWT"}"#);
        let err = encrypt_json(&dup, b"x", &one, A256GCM, &mut rng, &mut out).unwrap_err();
        assert_eq!(err, Error::DuplicateMember(Part::Header));
        assert!(out.iter().all(|&b| b == 0), "the buffer is wiped");
        let zip = general.unprotected(r#"{"zip":"DEF"}"#);
        let err = encrypt_json(&zip, b"x", &one, A256GCM, &mut rng, &mut out).unwrap_err();
        assert_eq!(err, Error::Malformed(Part::Header));
        // Too small a buffer: the exact size.
        let needed = jwe_json_len(&general, &one, Enc::A256Gcm, 1);
        let err = encrypt_json(
            &general,
            b"x",
            &one,
            A256GCM,
            &mut rng,
            &mut out[..needed - 1],
        );
        assert_eq!(err.unwrap_err(), Error::BufferTooSmall { needed });
    }
}

/// Wycheproof `json_web_encryption_test.json` tcId 22, "rejectsValidJsonSerialization": a
/// compact-only decrypter must refuse it; as the flattened JSON serialization it is, it
/// decrypts, with its unprotected headers kept apart from the protected one.
#[cfg(all(feature = "jwk", feature = "aes-kw", feature = "aes-cbc-hs"))]
#[test]
fn wycheproof_json_serialization_case() {
    let doc = load_json("wycheproof/json_web_encryption_test.json");
    let (group, case) = doc["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|g| {
            let case = g["tests"].as_array()?.iter().find(|t| t["tcId"] == 22)?;
            Some((g, case))
        })
        .unwrap();
    let text = str_of(case, "jwe");
    assert_eq!(
        UntrustedJwe::parse(text).unwrap_err(),
        Error::Malformed(Part::Token)
    );
    let key = tinyjose::Jwk::parse(&to_text(&group["private"]))
        .unwrap()
        .to_jwe_key(None)
        .unwrap();
    let jwe = UntrustedJweJson::parse(text).unwrap();
    let mut out = vec![0u8; jwe.max_buffer_len()];
    let decrypted = jwe
        .decrypt_with_kid(
            &key,
            Some("kid-aes-encrypt"),
            ALL_CONTENT_ENCRYPTIONS,
            &mut out,
        )
        .unwrap();
    assert_eq!(decrypted.enc(), Enc::A256CbcHs512);
    assert_eq!(
        decrypted.unprotected_json(),
        Some(r#"{"unknown": "untrustworthy"}"#)
    );
    assert_eq!(
        decrypted.recipient_header_json(),
        Some(r#"{"unknown2": "untrustworthy"}"#)
    );
    assert_eq!(decrypted.plaintext(), b"foo");
}
