//! The JWS JSON Serialization (RFC 7515 §7.2), unencoded payloads (RFC 7797) and detached
//! content: every such vector of RFC 7515, RFC 7520 §4 and RFC 7797, and the hostile cases.
#![cfg(all(feature = "jwk", feature = "hs"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

use common::{b64e, load_json, rfc_vector, str_of, to_text};
use serde_json::{Value, json};
use tinyjose::{
    Error, HeaderParams, HmacKey, JsonForm, JsonSigner, Jwk, JwkKey, JwkSet, JwsAlg, Limit, Limits,
    Part, UntrustedJws, UntrustedJwsJson, VerifiedJws, sign, sign_detached, sign_json,
    sign_json_len,
};

const SECRET: &[u8; 32] = b"a shared secret of at least 32 b";

fn hs256() -> HmacKey {
    HmacKey::hs256(SECRET).unwrap()
}

fn key(jwk: &Value, alg: JwsAlg) -> JwkKey {
    Jwk::parse(&to_text(jwk))
        .unwrap()
        .to_key(Some(alg))
        .unwrap()
}

fn signing_key(jwk: &Value, alg: JwsAlg) -> JwkKey {
    Jwk::parse(&to_text(jwk))
        .unwrap()
        .to_signing_key(Some(alg))
        .unwrap()
}

/// The payload `text` verifies to with `key`. The RFC examples' ECDSA signatures have a high
/// `s`, which only [`Limits::ecdsa_high_s`] accepts.
fn verify(text: &str, key: &dyn tinyjose::JwsVerifier) -> Result<Vec<u8>, Error> {
    verify_with(text, key, &HIGH_S)
}

const HIGH_S: Limits = Limits::DEFAULT.with_ecdsa_high_s(true);

fn verify_with(
    text: &str,
    key: &dyn tinyjose::JwsVerifier,
    limits: &Limits,
) -> Result<Vec<u8>, Error> {
    let jws = UntrustedJwsJson::parse_with_limits(text, limits)?;
    let mut out = vec![0u8; jws.buffer_len()];
    let verified = jws.verify(key, &mut out)?;
    Ok(verified.payload().to_vec())
}

fn parse_err(text: &str) -> Error {
    UntrustedJwsJson::parse(text).expect_err("the serialization must be refused")
}

/// A flattened JWS over `payload` with these members, signed with [`hs256`] over
/// `protected.payload`.
fn flattened(protected: Option<&str>, header: Option<Value>, payload: &[u8]) -> String {
    let protected_b64 = protected.map(|p| b64e(p.as_bytes()));
    let input = format!(
        "{}.{}",
        protected_b64.as_deref().unwrap_or(""),
        b64e(payload)
    );
    let mut sig = [0u8; 32];
    tinyjose::JwsSigner::sign(&hs256(), input.as_bytes(), &mut sig).unwrap();
    let mut object = json!({"payload": b64e(payload), "signature": b64e(&sig)});
    if let Some(p) = protected_b64 {
        object["protected"] = json!(p);
    }
    if let Some(h) = header {
        object["header"] = h;
    }
    to_text(&object)
}

// --- RFC 7515 A.6 and A.7 -------------------------------------------------------------------

#[cfg(all(feature = "rsa", feature = "es256"))]
#[test]
fn rfc7515_a6_general_verifies_with_either_key() {
    let v = rfc_vector("rfc7515.json", "rfc7515-a6");
    let text = to_text(&v["json"]);
    let expected = str_of(&v["expected"], "payload").as_bytes();
    let rsa = key(&v["keys"]["2010-12-29"], JwsAlg::Rs256);
    let ec = key(
        &v["keys"]["e9bc097a-ce51-4036-9562-d2ade882db0d"],
        JwsAlg::Es256,
    );
    assert_eq!(verify(&text, &rsa).unwrap(), expected);
    assert_eq!(verify(&text, &ec).unwrap(), expected);
    let jws = UntrustedJwsJson::parse(&text).unwrap();
    assert_eq!((jws.form(), jws.len()), (JsonForm::General, 2));
    // A key of neither algorithm.
    assert_eq!(verify(&text, &hs256()).unwrap_err(), Error::AlgMismatch);
}

#[cfg(feature = "es256")]
#[test]
fn rfc7515_a7_flattened_verifies() {
    let v = rfc_vector("rfc7515.json", "rfc7515-a7");
    let text = to_text(&v["json"]);
    let ec = key(&v["key"], JwsAlg::Es256);
    let jws = UntrustedJwsJson::parse_with_limits(&text, &HIGH_S).unwrap();
    assert_eq!(jws.form(), JsonForm::Flattened);
    let mut out = vec![0u8; jws.buffer_len()];
    let verified = jws.verify(&ec, &mut out).unwrap();
    assert_eq!(
        verified.payload(),
        str_of(&v["expected"], "payload").as_bytes()
    );
    assert_eq!(verified.header().json(), r#"{"alg":"ES256"}"#);
    assert_eq!(
        verified.unprotected_header(),
        Some(r#"{"kid":"e9bc097a-ce51-4036-9562-d2ade882db0d"}"#)
    );
}

// --- RFC 7520 §4 ------------------------------------------------------------------------------

fn cookbook(name: &str) -> Value {
    load_json(&format!("rfc7520/jws/{name}.json"))
}

/// The one key of a cookbook example, for its algorithm.
fn cookbook_key(v: &Value) -> JwkKey {
    let alg = JwsAlg::from_name(str_of(&v["input"], "alg")).unwrap();
    key(&v["input"]["key"], alg)
}

#[test]
fn rfc7520_4_json_forms_verify() {
    let mut names = vec![
        "4_4.hmac-sha2_integrity_protection",
        "4_6.protecting_specific_header_fields",
    ];
    if cfg!(feature = "rsa") {
        names.extend(["4_1.rsa_v15_signature", "4_2.rsa-pss_signature"]);
    }
    if cfg!(feature = "es512") {
        names.push("4_3.ecdsa_signature");
    }
    let mut count = 0;
    for name in names {
        let v = cookbook(name);
        let key = cookbook_key(&v);
        for form in ["json", "json_flat"] {
            let text = to_text(&v["output"][form]);
            let payload = verify(&text, &key).unwrap_or_else(|e| panic!("{name} {form}: {e}"));
            assert_eq!(payload, str_of(&v["input"], "payload").as_bytes(), "{name}");
            count += 1;
        }
    }
    assert!(count >= 4);
}

#[test]
fn rfc7520_4_7_alg_only_unprotected_needs_the_opt_in() {
    let v = cookbook("4_7.protecting_content_only");
    let key = cookbook_key(&v);
    let payload = str_of(&v["input"], "payload").as_bytes();
    let allow = Limits::DEFAULT.with_unprotected_alg(true);
    for form in ["json", "json_flat"] {
        let text = to_text(&v["output"][form]);
        assert_eq!(
            verify(&text, &key).unwrap_err(),
            Error::Malformed(Part::Header)
        );
        assert_eq!(verify_with(&text, &key, &allow).unwrap(), payload);
    }
}

#[test]
fn rfc7520_4_5_detached_content_verifies() {
    let v = cookbook("4_5.signature_with_detached_content");
    let key = cookbook_key(&v);
    let payload = str_of(&v["input"], "payload").as_bytes();
    for form in ["json", "json_flat"] {
        let text = to_text(&v["output"][form]);
        let jws = UntrustedJwsJson::parse(&text).unwrap();
        assert!(jws.is_detached());
        let mut out = vec![0u8; jws.detached_buffer_len(payload.len())];
        assert_eq!(
            jws.verify_detached(&key, payload, &mut out)
                .unwrap()
                .payload(),
            payload
        );
        assert_eq!(
            jws.verify(&key, &mut out).unwrap_err(),
            Error::Malformed(Part::Payload)
        );
        let mut changed = payload.to_vec();
        changed[0] ^= 1;
        assert_eq!(
            jws.verify_detached(&key, &changed, &mut out).unwrap_err(),
            Error::InvalidSignature
        );
        assert!(out.iter().all(|&b| b == 0), "wiped after a failure");
    }
    // The compact form, `header..signature`.
    let compact = UntrustedJws::parse(str_of(&v["output"], "compact")).unwrap();
    assert!(compact.is_detached());
    let mut scratch = vec![0u8; compact.detached_input_len(payload.len())];
    assert_eq!(
        compact
            .verify_detached(&key, payload, &mut scratch)
            .unwrap()
            .payload(),
        payload
    );
}

#[test]
fn rfc7520_4_4_and_4_6_are_reproduced_byte_for_byte() {
    for (name, unprotected) in [
        ("4_4.hmac-sha2_integrity_protection", false),
        ("4_6.protecting_specific_header_fields", true),
    ] {
        let v = cookbook(name);
        let jwk = &v["input"]["key"];
        let key = signing_key(jwk, JwsAlg::Hs256);
        let kid = str_of(jwk, "kid");
        let header = format!(r#"{{"kid":"{kid}"}}"#);
        let signer = if unprotected {
            JsonSigner::new(key.as_signer().unwrap()).unprotected(&header)
        } else {
            JsonSigner::new(key.as_signer().unwrap()).protected(HeaderParams::new().kid(kid))
        };
        let payload = str_of(&v["input"], "payload").as_bytes();
        for (form, member) in [
            (JsonForm::General, "json"),
            (JsonForm::Flattened, "json_flat"),
        ] {
            let mut out = vec![0u8; sign_json_len(form, &[signer], payload, false)];
            let text = sign_json(form, &[signer], payload, false, &mut out).unwrap();
            let ours: Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours, v["output"][member], "{name} {member}");
        }
    }
}

#[cfg(all(feature = "rsa", feature = "es512"))]
#[test]
fn rfc7520_4_8_multiple_signatures_verify_with_a_set() {
    let v = cookbook("4_8.multiple_signatures");
    let text = to_text(&v["output"]["json"]);
    let payload = str_of(&v["input"], "payload").as_bytes();
    let keys = v["input"]["key"].as_array().unwrap();
    // The private members are left out: a verifier holds public keys.
    let public: Vec<Value> = keys
        .iter()
        .map(|k| {
            let mut k = k.clone();
            for member in ["d", "p", "q", "dp", "dq", "qi"] {
                k.as_object_mut().unwrap().remove(member);
            }
            k
        })
        .collect();
    let jws = UntrustedJwsJson::parse(&text).unwrap();
    assert_eq!(jws.len(), 3);
    let mut out = vec![0u8; jws.buffer_len()];
    // A set holding one of the keys: the signatures naming the others are skipped. (The RSA and
    // EC keys share a `kid` without an `alg`, and a set never mixes secret and public keys, so
    // the three are never one set.)
    for one in &public {
        let set_text = to_text(&json!({ "keys": [one] }));
        let set = JwkSet::parse(&set_text).unwrap();
        let outcome = jws.verify_any(&set, &mut out).map(|v| v.payload().to_vec());
        if one["kty"] == "EC" {
            // The EC key is named by the RS256 signature, which it cannot verify; the ES512
            // signature's `alg` is unprotected.
            assert_eq!(
                outcome.unwrap_err(),
                Error::KeyRejected(tinyjose::KeyReason::WrongType)
            );
        } else {
            assert_eq!(outcome.unwrap(), payload, "{}", one["kty"]);
        }
    }

    // Each key alone: RS256 (first), HS256 (third); ES512 names its `alg` only unprotected.
    let rsa = key(&public[0], JwsAlg::Rs256);
    let ec = key(&public[1], JwsAlg::Es512);
    let hmac = key(&public[2], JwsAlg::Hs256);
    assert_eq!(verify(&text, &rsa).unwrap(), payload);
    assert_eq!(verify(&text, &hmac).unwrap(), payload);
    assert_eq!(verify(&text, &ec).unwrap_err(), Error::AlgMismatch);
    let allow = HIGH_S.with_unprotected_alg(true);
    assert_eq!(verify_with(&text, &ec, &allow).unwrap(), payload);
}

// --- RFC 7797 ---------------------------------------------------------------------------------

#[test]
fn rfc7797_4_2_verifies_detached_compact_and_flattened() {
    let v = rfc_vector("rfc7797.json", "rfc7797-4.2");
    let key = key(&v["key"], JwsAlg::Hs256);
    let payload = str_of(&v, "payload").as_bytes();
    let compact = str_of(&v, "compact");
    let jws = UntrustedJws::parse(compact).unwrap();
    assert!(!jws.b64());
    let mut scratch = vec![0u8; jws.detached_input_len(payload.len())];
    let verified = jws.verify_detached(&key, payload, &mut scratch).unwrap();
    assert_eq!((verified.payload(), verified.b64()), (payload, false));
    assert_eq!(&scratch[..], str_of(&v, "signing_input").as_bytes());
    // Confusion: the encoded payload is not what was signed.
    let encoded = b64e(payload);
    assert_eq!(
        jws.verify_detached(&key, encoded.as_bytes(), &mut [0u8; 128])
            .unwrap_err(),
        Error::InvalidSignature
    );
    // Reproduced byte for byte.
    let signer = signing_key(&v["key"], JwsAlg::Hs256);
    let mut out = [0u8; 256];
    let ours = sign_detached(
        &HeaderParams::new().b64(false),
        payload,
        signer.as_signer().unwrap(),
        &mut out,
    )
    .unwrap();
    assert_eq!(ours, compact);

    let flat = to_text(&v["json_flattened"]);
    assert_eq!(verify(&flat, &key).unwrap(), payload);
    let signers =
        [JsonSigner::new(signer.as_signer().unwrap()).protected(HeaderParams::new().b64(false))];
    let mut out = vec![0u8; sign_json_len(JsonForm::Flattened, &signers, payload, false)];
    let ours = sign_json(JsonForm::Flattened, &signers, payload, false, &mut out).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(ours).unwrap(),
        v["json_flattened"]
    );
}

#[test]
fn rfc7520_rfc7797_cookbook_outputs_verify_and_are_reproduced() {
    let v = load_json("rfc7520/rfc7797/hmac-sha2_b64_false.json");
    let jwk = &v["input"]["key"];
    let key = key(jwk, JwsAlg::Hs256);
    let payload = str_of(&v["input"], "payload").as_bytes();
    let compact = str_of(&v["output"], "compact");
    let mut out = [0u8; 256];
    let jws = UntrustedJws::parse(compact).unwrap();
    assert_eq!(jws.verify(&key, &mut out).unwrap().payload(), payload);
    let signer = signing_key(jwk, JwsAlg::Hs256);
    let signer = signer.as_signer().unwrap();
    let header = HeaderParams::new().b64(false);
    assert_eq!(sign(&header, payload, signer, &mut out).unwrap(), compact);
    for (form, member) in [
        (JsonForm::General, "json"),
        (JsonForm::Flattened, "json_flat"),
    ] {
        let text = to_text(&v["output"][member]);
        assert_eq!(verify(&text, &key).unwrap(), payload, "{member}");
        let signers = [JsonSigner::new(signer).protected(header)];
        let mut out = vec![0u8; sign_json_len(form, &signers, payload, false)];
        let ours = sign_json(form, &signers, payload, false, &mut out).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(ours).unwrap(),
            v["output"][member]
        );
    }
}

#[cfg(feature = "jwt")]
#[test]
fn a_jwt_never_has_an_unencoded_payload() {
    let mut out = [0u8; 256];
    let token = sign(
        &HeaderParams::new().b64(false),
        br#"{"sub":"me"}"#,
        &hs256(),
        &mut out,
    )
    .unwrap();
    let jws = UntrustedJws::parse(token).unwrap();
    let mut buf = [0u8; 64];
    let verified: VerifiedJws<'_> = jws.verify(&hs256(), &mut buf).unwrap();
    assert_eq!(verified.payload(), br#"{"sub":"me"}"#);
    assert_eq!(
        verified
            .claims(&tinyjose::Validation::new(tinyjose::UnixTime::from_secs(0)))
            .unwrap_err(),
        Error::Malformed(Part::Payload)
    );
}

#[test]
fn unencoded_compact_payloads_with_a_dot_or_not_utf8_are_refused_when_signing() {
    let mut out = [0u8; 256];
    let header = HeaderParams::new().b64(false);
    for payload in [&b"$.02"[..], b"\xff"] {
        assert_eq!(
            sign(&header, payload, &hs256(), &mut out).unwrap_err(),
            Error::Malformed(Part::Payload)
        );
    }
    // Detached, anything goes.
    let token = sign_detached(&header, b"\xff.", &hs256(), &mut out).unwrap();
    let jws = UntrustedJws::parse(token).unwrap();
    let mut scratch = [0u8; 64];
    assert_eq!(
        jws.verify_detached(&hs256(), b"\xff.", &mut scratch)
            .unwrap()
            .payload(),
        b"\xff."
    );
}

// --- Round trips ------------------------------------------------------------------------------

#[test]
fn every_form_round_trips() {
    let a = hs256();
    let b = HmacKey::hs384(&[3; 48]).unwrap();
    for b64 in [true, false] {
        let header = HeaderParams::new().b64(b64).typ("JOSE+JSON");
        let signers = [
            JsonSigner::new(&a)
                .protected(header)
                .unprotected(r#"{"kid":"a","note":"x"}"#),
            JsonSigner::new(&b).protected(header.kid("b")),
        ];
        for payload in [&b""[..], b"hello", "caf\u{e9} \"quoted\" \\ \n".as_bytes()] {
            for (form, signers) in [
                (JsonForm::General, &signers[..]),
                (JsonForm::Flattened, &signers[..1]),
            ] {
                for detached in [false, true] {
                    let len = sign_json_len(form, signers, payload, detached);
                    let mut out = vec![0u8; len];
                    let text = sign_json(form, signers, payload, detached, &mut out).unwrap();
                    let jws = UntrustedJwsJson::parse(text).unwrap();
                    assert_eq!(
                        (jws.form(), jws.b64(), jws.is_detached()),
                        (form, b64, detached)
                    );
                    let mut buf =
                        vec![0u8; jws.buffer_len().max(jws.detached_buffer_len(payload.len()))];
                    let keys: [&dyn tinyjose::JwsVerifier; 2] = [&a, &b];
                    for key in keys.into_iter().take(signers.len()) {
                        let verified = if detached {
                            jws.verify_detached(key, payload, &mut buf)
                        } else {
                            jws.verify(key, &mut buf)
                        }
                        .unwrap();
                        assert_eq!(verified.payload(), payload);
                        assert_eq!(verified.header().typ(), Some("JOSE+JSON"));
                    }
                    // Too small a buffer is refused with the exact size.
                    let mut small = vec![0u8; len - 1];
                    assert_eq!(
                        sign_json(form, signers, payload, detached, &mut small).unwrap_err(),
                        Error::BufferTooSmall { needed: len }
                    );
                }
            }
        }
    }
}

#[test]
fn a_signature_whose_kid_the_set_lacks_is_skipped() {
    let a = HmacKey::hs256(&[1; 32]).unwrap();
    let b = HmacKey::hs256(&[2; 32]).unwrap();
    let signers = [
        JsonSigner::new(&a).unprotected(r#"{"kid":"a"}"#),
        JsonSigner::new(&b).unprotected(r#"{"kid":"b"}"#),
    ];
    let mut out = [0u8; 512];
    let text = sign_json(JsonForm::General, &signers, b"hi", false, &mut out).unwrap();
    let jws = UntrustedJwsJson::parse(text).unwrap();
    let mut buf = [0u8; 128];
    // "b" is the only key of the set: the signature naming "a" is skipped.
    let set = JwkSet::parse(
        r#"{"keys":[{"kty":"oct","kid":"b","alg":"HS256","k":"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI"}]}"#,
    )
    .unwrap();
    assert_eq!(jws.verify_any(&set, &mut buf).unwrap().payload(), b"hi");
    let none = JwkSet::parse(
        r#"{"keys":[{"kty":"oct","kid":"c","alg":"HS256","k":"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI"}]}"#,
    )
    .unwrap();
    assert_eq!(
        jws.verify_any(&none, &mut buf).unwrap_err(),
        Error::NoMatchingKey
    );
    // The right kid with the wrong secret.
    let wrong = JwkSet::parse(
        r#"{"keys":[{"kty":"oct","kid":"b","alg":"HS256","k":"AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM"}]}"#,
    )
    .unwrap();
    assert_eq!(
        jws.verify_any(&wrong, &mut buf).unwrap_err(),
        Error::InvalidSignature
    );
}

// --- Hostile ----------------------------------------------------------------------------------

#[test]
fn alg_only_in_the_unprotected_header_is_refused_by_default() {
    let text = flattened(None, Some(json!({"alg":"HS256"})), b"hi");
    assert_eq!(
        verify(&text, &hs256()).unwrap_err(),
        Error::Malformed(Part::Header)
    );
    let allow = Limits::DEFAULT.with_unprotected_alg(true);
    assert_eq!(verify_with(&text, &hs256(), &allow).unwrap(), b"hi");
    // Even then, the key decides: an HS384 key does not verify it.
    let other = HmacKey::hs384(&[3; 48]).unwrap();
    assert_eq!(
        verify_with(&text, &other, &allow).unwrap_err(),
        Error::AlgMismatch
    );
    // And `none` is never accepted, wherever it is.
    let none = flattened(None, Some(json!({"alg":"none"})), b"hi");
    assert_eq!(parse_err(&none), Error::AlgNone);
    // No `alg` at all.
    let nothing = flattened(None, Some(json!({"kid":"k"})), b"hi");
    assert_eq!(parse_err(&nothing), Error::Malformed(Part::Header));
}

#[test]
fn a_member_in_both_headers_is_refused() {
    for (protected, header) in [
        (r#"{"alg":"HS256"}"#, json!({"alg":"HS256"})),
        (r#"{"alg":"HS256","kid":"a"}"#, json!({"kid":"b"})),
        (r#"{"alg":"HS256","x":1}"#, json!({"x":2})),
    ] {
        assert_eq!(
            parse_err(&flattened(Some(protected), Some(header), b"hi")),
            Error::DuplicateMember(Part::Header)
        );
    }
    // Names are compared unescaped.
    let text = flattened(
        Some(r#"{"alg":"HS256","x":1}"#),
        Some(json!({"x":2})),
        b"hi",
    )
    .replace(r#""x":2"#, r#""\u0078":2"#);
    assert_eq!(parse_err(&text), Error::DuplicateMember(Part::Header));
}

#[test]
fn crit_and_b64_must_be_protected() {
    for header in [
        json!({"crit":["x"],"x":1}),
        json!({"b64":false}),
        json!({"enc":"A128GCM"}),
        json!({"zip":"DEF"}),
    ] {
        assert_eq!(
            parse_err(&flattened(Some(r#"{"alg":"HS256"}"#), Some(header), b"hi")),
            Error::Malformed(Part::Header)
        );
    }
    // `b64` without `crit`.
    assert_eq!(
        parse_err(&flattened(
            Some(r#"{"alg":"HS256","b64":false}"#),
            None,
            b"hi"
        )),
        Error::UnsupportedCrit
    );
}

#[test]
fn signatures_must_agree_on_b64() {
    let a = hs256();
    let plain = JsonSigner::new(&a);
    let raw = JsonSigner::new(&a).protected(HeaderParams::new().b64(false));
    let mut out = [0u8; 512];
    assert_eq!(
        sign_json(JsonForm::General, &[plain, raw], b"hi", false, &mut out).unwrap_err(),
        Error::Malformed(Part::Header)
    );
    // Built by hand.
    let one = flattened(Some(r#"{"alg":"HS256"}"#), None, b"hi");
    let two = flattened(
        Some(r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#),
        None,
        b"hi",
    );
    let one: Value = serde_json::from_str(&one).unwrap();
    let two: Value = serde_json::from_str(&two).unwrap();
    let text = to_text(&json!({
        "payload": one["payload"],
        "signatures": [
            {"protected": one["protected"], "signature": one["signature"]},
            {"protected": two["protected"], "signature": two["signature"]},
        ]
    }));
    assert_eq!(parse_err(&text), Error::Malformed(Part::Header));
}

#[test]
fn a_general_jws_whose_every_signature_fails_is_refused() {
    let wrong = HmacKey::hs256(&[9; 32]).unwrap();
    let signers = [JsonSigner::new(&wrong), JsonSigner::new(&wrong)];
    let mut out = [0u8; 512];
    let text = sign_json(JsonForm::General, &signers, b"hi", false, &mut out).unwrap();
    let jws = UntrustedJwsJson::parse(text).unwrap();
    let mut buf = vec![0u8; jws.buffer_len()];
    assert_eq!(
        jws.verify(&hs256(), &mut buf).unwrap_err(),
        Error::InvalidSignature
    );
    assert!(buf.iter().all(|&b| b == 0), "wiped after a failure");
}

#[test]
fn limits_are_enforced() {
    let a = hs256();
    let signers = [JsonSigner::new(&a); 9];
    let mut out = vec![0u8; 4096];
    let text = sign_json(JsonForm::General, &signers, b"hi", false, &mut out).unwrap();
    assert_eq!(parse_err(text), Error::LimitExceeded(Limit::Signatures));
    let fewer = Limits::DEFAULT.with_signatures(2);
    let text = sign_json(JsonForm::General, &signers[..3], b"hi", false, &mut out).unwrap();
    assert_eq!(
        UntrustedJwsJson::parse_with_limits(text, &fewer).unwrap_err(),
        Error::LimitExceeded(Limit::Signatures)
    );
    let long = "x".repeat(1100);
    let header = format!(r#"{{"note":"{long}"}}"#);
    let text = flattened(
        Some(r#"{"alg":"HS256"}"#),
        Some(serde_json::from_str(&header).unwrap()),
        b"hi",
    );
    assert_eq!(
        parse_err(&text),
        Error::LimitExceeded(Limit::UnprotectedHeaderLength)
    );
    let short = Limits::DEFAULT.with_token_len(64);
    assert_eq!(
        UntrustedJwsJson::parse_with_limits(&text, &short).unwrap_err(),
        Error::LimitExceeded(Limit::TokenLength)
    );
}

#[test]
fn structure_is_checked() {
    let good: Value =
        serde_json::from_str(&flattened(Some(r#"{"alg":"HS256"}"#), None, b"hi")).unwrap();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        to_text(&v)
    };
    // A compact token given to the JSON parser, and the reverse.
    let mut out = [0u8; 128];
    let compact = sign(&HeaderParams::new(), b"hi", &hs256(), &mut out).unwrap();
    assert_eq!(parse_err(compact), Error::Malformed(Part::Token));
    assert_eq!(
        UntrustedJws::parse(&to_text(&good)).unwrap_err(),
        Error::Malformed(Part::Token)
    );
    // `signatures` beside the flattened members.
    let mixed = with(&|v| {
        v["signatures"] = json!([{"protected": good["protected"], "signature": good["signature"]}]);
    });
    assert_eq!(parse_err(&mixed), Error::Malformed(Part::Token));
    for (text, error) in [
        (
            with(&|v| v["signatures"] = json!([])),
            Error::Malformed(Part::Token),
        ),
        (
            with(&|v| {
                v.as_object_mut().unwrap().remove("signature");
            }),
            Error::Malformed(Part::Signature),
        ),
        (
            with(&|v| {
                v.as_object_mut().unwrap().remove("protected");
            }),
            Error::Malformed(Part::Header),
        ),
        (
            with(&|v| v["signature"] = json!(7)),
            Error::Json(Part::Signature),
        ),
        (
            with(&|v| v["header"] = json!("kid")),
            Error::Json(Part::Header),
        ),
        (
            with(&|v| v["payload"] = json!(null)),
            Error::Json(Part::Payload),
        ),
        (
            with(&|v| v["signature"] = json!("AA=")),
            Error::Base64(Part::Signature),
        ),
        (
            with(&|v| v["protected"] = json!("e30")),
            Error::Malformed(Part::Header),
        ),
        (
            with(&|v| v["protected"] = json!("")),
            Error::Json(Part::Header),
        ),
    ] {
        assert_eq!(parse_err(&text), error, "{text}");
    }
    // Escapes in base64url text.
    let escaped = to_text(&good).replacen("\"payload\":\"a", "\"payload\":\"\\u0061", 1);
    assert_eq!(parse_err(&escaped), Error::Base64(Part::Payload));
    // Duplicate members at the top level.
    let dup = to_text(&good).replacen('{', r#"{"payload":"aGk","#, 1);
    assert_eq!(parse_err(&dup), Error::DuplicateMember(Part::Token));
    // A payload that is not base64url fails after the signature, as in compact.
    let text = with(&|v| v["payload"] = json!("a+b"));
    assert_eq!(
        verify(&text, &hs256()).unwrap_err(),
        Error::InvalidSignature
    );
    // Buffers are checked first, with the exact size.
    let text = to_text(&good);
    let jws = UntrustedJwsJson::parse(&text).unwrap();
    let needed = jws.buffer_len();
    assert_eq!(
        jws.verify(&hs256(), &mut vec![0u8; needed - 1])
            .unwrap_err(),
        Error::BufferTooSmall { needed }
    );
}

// --- Wycheproof -------------------------------------------------------------------------------

#[test]
fn wycheproof_json_serialization_case() {
    // `json_web_signature_test.json` tcId 17, "rejectsValidJsonSerialization": a compact-only
    // verifier must refuse it. Its text is cut short (the `signatures` array and the object are
    // never closed), so the JSON parser refuses it too; closed, it verifies.
    let doc = load_json("wycheproof/json_web_signature_test.json");
    let group = doc["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| {
            g["tests"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["tcId"] == 17)
        })
        .unwrap();
    let case = group["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tcId"] == 17)
        .unwrap();
    let text = str_of(case, "jws");
    assert_eq!(
        UntrustedJws::parse(text).unwrap_err(),
        Error::Malformed(Part::Token)
    );
    assert_eq!(parse_err(text), Error::Json(Part::Token));
    let closed = format!("{text}]}}");
    let key = key(&group["private"], JwsAlg::Hs256);
    let verified = {
        let jws = UntrustedJwsJson::parse(&closed).unwrap();
        let mut out = vec![0u8; jws.buffer_len()];
        let v = jws.verify(&key, &mut out).unwrap();
        (
            v.payload().to_vec(),
            v.unprotected_header().map(str::to_owned),
        )
    };
    assert_eq!(verified.0, b"foo");
    assert_eq!(
        verified.1.as_deref(),
        Some(r#"{"unknown":"untrustworthy"}"#)
    );
}

// --- What a caller's code cannot break ----------------------------------------------------------

/// Keys that claim success without any key verifying, and hand over keys of any algorithm.
struct Careless(Vec<Box<dyn tinyjose::JwsVerifier>>);

impl tinyjose::jws::JwsKeys for Careless {
    fn try_keys(
        &self,
        _kid: Option<&str>,
        _alg: JwsAlg,
        check: &mut dyn FnMut(&dyn tinyjose::JwsVerifier) -> Result<(), Error>,
    ) -> Result<(), Error> {
        for key in &self.0 {
            let _ = check(key.as_ref());
        }
        Ok(())
    }
}

#[cfg(feature = "eddsa")]
#[test]
fn only_a_key_of_the_signatures_alg_that_verified_counts() {
    let text = r#"{"payload":"ZXZpbA","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#;
    let jws = UntrustedJwsJson::parse(text).unwrap();
    let mut out = vec![0u8; jws.buffer_len()];
    assert_eq!(
        jws.verify_any(&Careless(vec![]), &mut out).unwrap_err(),
        Error::InvalidSignature
    );
    // An EdDSA signature under an HS256 header, with a set that offers the EdDSA key.
    let signer = tinyjose::Ed25519SigningKey::from_bytes(&[7; 32]).unwrap();
    let protected = b64e(br#"{"alg":"HS256"}"#);
    let mut sig = [0u8; 64];
    tinyjose::JwsSigner::sign(&signer, format!("{protected}.aGk").as_bytes(), &mut sig).unwrap();
    let text = format!(
        r#"{{"payload":"aGk","protected":"{protected}","signature":"{}"}}"#,
        b64e(&sig)
    );
    let jws = UntrustedJwsJson::parse(&text).unwrap();
    let keys = Careless(vec![Box::new(signer.verifying_key())]);
    assert_eq!(
        jws.verify_any(&keys, &mut out).unwrap_err(),
        Error::InvalidSignature
    );
}

#[test]
fn a_failed_signing_leaves_nothing_in_the_buffer() {
    let a = hs256();
    let b = HmacKey::hs256(&[2; 32]).unwrap();
    let signers = [
        JsonSigner::new(&a),
        JsonSigner::new(&b).protected(HeaderParams::new().kid("bad\nkid")),
    ];
    let mut out = vec![0u8; 4096];
    assert_eq!(
        sign_json(JsonForm::General, &signers, b"SECRET", false, &mut out).unwrap_err(),
        Error::Malformed(Part::Header)
    );
    assert!(out.iter().all(|&b| b == 0));
    let header = HeaderParams::new().b64(false).kid("bad\nkid");
    assert_eq!(
        sign_detached(&header, b"SECRET", &a, &mut out).unwrap_err(),
        Error::Malformed(Part::Header)
    );
    assert!(out.iter().all(|&b| b == 0));
}

#[test]
fn sign_json_refuses_unprotected_headers_the_parser_refuses() {
    let a = hs256();
    let long = format!(r#"{{"note":"{}"}}"#, "x".repeat(1100));
    let deep = format!(r#"{{"x":{}{}}}"#, "[".repeat(16), "]".repeat(16));
    for (header, error) in [
        (r#"{"enc":"A128GCM"}"#, Error::Malformed(Part::Header)),
        (r#"{"zip":"DEF"}"#, Error::Malformed(Part::Header)),
        (r#"{"kid":"a\nb"}"#, Error::Malformed(Part::Header)),
        (r#"{"kid":1}"#, Error::Json(Part::Header)),
        (r#"{"b64":false}"#, Error::DuplicateMember(Part::Header)),
        (r#"["kid"]"#, Error::Json(Part::Header)),
        (&long, Error::LimitExceeded(Limit::UnprotectedHeaderLength)),
        (&deep, Error::LimitExceeded(Limit::JsonDepth)),
    ] {
        let signers = [JsonSigner::new(&a).unprotected(header)];
        let mut out = vec![0u8; 8192];
        assert_eq!(
            sign_json(JsonForm::Flattened, &signers, b"hi", false, &mut out).unwrap_err(),
            error,
            "{header}"
        );
        assert!(out.iter().all(|&b| b == 0));
    }
}
