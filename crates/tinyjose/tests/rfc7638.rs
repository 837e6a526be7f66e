//! RFC 7638 JWK thumbprints: the §3.1 example, invariance under optional members, order and
//! escapes, and agreement between `Jwk::thumbprint`, `JwkKey::thumbprint` and
//! `JwkKey::public_jwk` for every key type.
#![cfg(feature = "jwk")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

mod common;

use common::{b64e, hex, rfc_vector, str_of, to_text};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tinyjose::{Error, Jwk, KeyReason, Part};

fn thumbprint_b64(text: &str) -> Result<String, Error> {
    let jwk = Jwk::parse(text)?;
    let mut out = [0u8; 43];
    Ok(jwk.thumbprint_b64(&mut out)?.to_owned())
}

fn sha256_b64(text: &str) -> String {
    b64e(&Sha256::digest(text.as_bytes()))
}

#[test]
fn section_3_1_example() {
    let v = rfc_vector("rfc7638.json", "rfc7638-3.1");
    let expected = str_of(&v["expected"], "thumbprint_b64u");
    let text = to_text(&v["jwk"]);
    assert_eq!(thumbprint_b64(&text).unwrap(), expected);
    // The canonical form hashes to the same value, and the raw bytes match the RFC.
    assert_eq!(sha256_b64(str_of(&v, "canonical_json")), expected);
    assert_eq!(
        Jwk::parse(&text).unwrap().thumbprint().unwrap().to_vec(),
        hex(str_of(&v, "thumbprint_hex"))
    );
    let octets: Vec<u8> = v["thumbprint_octets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| u8::try_from(o.as_u64().unwrap()).unwrap())
        .collect();
    assert_eq!(octets, hex(str_of(&v, "thumbprint_hex")));
}

/// The §3.1 key built as an RSA key: its own thumbprint and public JWK are the RFC's.
#[cfg(feature = "rsa")]
#[test]
fn section_3_1_as_an_rsa_key() {
    let v = rfc_vector("rfc7638.json", "rfc7638-3.1");
    let key = Jwk::parse(&to_text(&v["jwk"]))
        .unwrap()
        .to_key(None)
        .unwrap();
    assert_eq!(tinyjose::JwsVerifier::alg(&key), tinyjose::JwsAlg::Rs256);
    assert_eq!(
        key.thumbprint().unwrap().to_vec(),
        hex(str_of(&v, "thumbprint_hex"))
    );
    let mut out = [0u8; 800];
    assert_eq!(
        key.public_jwk(&mut out).unwrap(),
        str_of(&v, "canonical_json")
    );
    assert_eq!(
        key.public_jwk(&mut [0u8; 64]).unwrap_err(),
        Error::BufferTooSmall {
            needed: str_of(&v, "canonical_json").len()
        }
    );
}

#[test]
fn optional_members_order_whitespace_and_escapes_do_not_matter() {
    let v = rfc_vector("rfc7638.json", "rfc7638-3.1");
    let expected = str_of(&v["expected"], "thumbprint_b64u");
    let n = str_of(&v["jwk"], "n");
    let variants = [
        // Without `alg` and `kid`.
        json!({"kty": "RSA", "n": n, "e": "AQAB"}).to_string(),
        // With `use`, `key_ops`, `x5t` and an unknown member added.
        json!({"kty": "RSA", "n": n, "e": "AQAB", "kid": "2011-04-29", "alg": "RS256",
               "use": "sig", "key_ops": ["verify"], "x5t": "abc", "ext": {"a": [1, 2]}})
        .to_string(),
        // Members in another order, with insignificant whitespace.
        format!("{{ \"e\" : \"AQAB\" ,\n\t\"n\": \"{n}\", \"kty\":\"RSA\" }}"),
        // Escaped characters in the values decode to the same members.
        format!(r#"{{"kty":"\u0052SA","n":"{n}","e":"\u0041QAB"}}"#),
    ];
    for text in &variants {
        assert_eq!(thumbprint_b64(text).as_deref(), Ok(expected), "{text}");
    }
    // Changing a required member changes it.
    let other = json!({"kty": "RSA", "n": n, "e": "AQAC"}).to_string();
    assert_ne!(thumbprint_b64(&other).unwrap(), expected);
}

#[test]
fn required_members_must_be_present_strings_of_a_known_key_type() {
    let (material, wrong_type) = (KeyReason::Material, KeyReason::WrongType);
    for (text, reason) in [
        (r#"{"kty":"RSA","n":"AQAB"}"#, material),
        (r#"{"kty":"EC","crv":"P-256","x":"AQAB"}"#, material),
        (r#"{"kty":"OKP","x":"AQAB"}"#, material),
        (r#"{"kty":"oct"}"#, material),
        (r#"{"kty":"XYZ","k":"AQAB"}"#, wrong_type),
        (r#"{"kty":"rsa","n":"AQAB","e":"AQAB"}"#, wrong_type),
    ] {
        assert_eq!(
            Jwk::parse(text).unwrap().thumbprint(),
            Err(Error::KeyRejected(reason)),
            "{text}"
        );
    }
    assert_eq!(
        Jwk::parse(r#"{"kty":"RSA","n":1,"e":"AQAB"}"#)
            .unwrap()
            .thumbprint(),
        Err(Error::Json(Part::Jwk))
    );
    // `kty` itself must be a string.
    assert_eq!(
        Jwk::parse(r#"{"kty":1,"k":"AQAB"}"#).unwrap_err(),
        Error::Json(Part::Jwk)
    );
    assert_eq!(
        Jwk::parse(r#"{"k":"AQAB"}"#).unwrap_err(),
        Error::Json(Part::Jwk)
    );
}

#[test]
fn ec_okp_and_oct_thumbprints_from_text() {
    // Computed independently as SHA-256 over the RFC 7638 canonical JSON.
    let ec = json!({"kty": "EC", "crv": "P-256", "kid": "rfc7515-a3",
        "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
        "d": "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"});
    assert_eq!(
        thumbprint_b64(&ec.to_string()).unwrap(),
        "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U"
    );
    let oct = json!({"kty": "oct", "alg": "HS256", "use": "sig",
        "kid": "018c0ae5-4d9b-471b-bfd6-eef314bc7037",
        "k": "hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"});
    assert_eq!(
        thumbprint_b64(&oct.to_string()).unwrap(),
        "RtoRur_1Dir5M4wuOfqNkDYOf9O_4RJ-aHkTA75RLA8"
    );
    let p521 = common::load_json("rfc7520/jwk/3_2.ec_private_key.json");
    assert_eq!(
        thumbprint_b64(&to_text(&p521)).unwrap(),
        "dHri3SADZkrush5HU_50AoRhcKFryN-PI6jPBtPL55M"
    );
    let okp = rfc_vector("rfc8037.json", "rfc8037-a3");
    assert_eq!(
        thumbprint_b64(&to_text(&okp["jwk"])).unwrap(),
        str_of(&okp, "thumbprint_b64u")
    );
}

/// `Jwk::thumbprint` of the text, `JwkKey::thumbprint` of the typed key and SHA-256 of
/// `JwkKey::public_jwk` all agree, for the public and the private form of a key.
#[allow(dead_code, reason = "used by the algorithm features that are enabled")]
fn typed_key_agrees(private: &Value) {
    let mut public = private.clone();
    public.as_object_mut().unwrap().remove("d");
    for form in [private, &public] {
        let text = to_text(form);
        let jwk = Jwk::parse(&text).unwrap();
        let key = jwk.to_key(None).unwrap();
        let mut out = [0u8; 256];
        let exported = key.public_jwk(&mut out).unwrap();
        let from_text = jwk.thumbprint().unwrap();
        assert_eq!(key.thumbprint(), Ok(from_text), "{text}");
        assert_eq!(b64e(&from_text), sha256_b64(exported), "{text}");
        // The export is the canonical form: exactly the required members, sorted, no spaces.
        let reparsed: Value = serde_json::from_str(exported).unwrap();
        let mut names: Vec<&String> = reparsed.as_object().unwrap().keys().collect();
        names.sort();
        let required: Vec<&str> = if form["kty"] == "EC" {
            vec!["crv", "kty", "x", "y"]
        } else {
            vec!["crv", "kty", "x"]
        };
        assert_eq!(names, required);
        assert!(!exported.contains(' '));
        for name in required {
            assert_eq!(reparsed[name], form[name], "{name}");
        }
    }
}

#[cfg(feature = "es256")]
#[test]
fn ec_p256_typed_key_agrees() {
    typed_key_agrees(&json!({"kty": "EC", "crv": "P-256", "kid": "rfc7515-a3",
        "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
        "d": "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}));
}

#[cfg(feature = "es384")]
#[test]
fn ec_p384_typed_key_agrees() {
    let key = tinyjose::Es384SigningKey::from_bytes(&[0x5a; 48]).unwrap();
    let (x, y) = key.verifying_key().coordinates();
    typed_key_agrees(
        &json!({"kty": "EC", "crv": "P-384", "x": b64e(&x), "y": b64e(&y),
        "d": b64e(&[0x5a; 48])}),
    );
}

#[cfg(feature = "es512")]
#[test]
fn ec_p521_typed_key_agrees() {
    typed_key_agrees(&common::load_json("rfc7520/jwk/3_2.ec_private_key.json"));
}

#[cfg(feature = "eddsa")]
#[test]
fn okp_typed_key_agrees() {
    typed_key_agrees(&rfc_vector("rfc8037.json", "rfc8037-a1")["jwk"]);
}

#[cfg(feature = "hs")]
#[test]
fn oct_keys_have_a_text_thumbprint_only() {
    let text =
        json!({"kty": "oct", "k": "hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}).to_string();
    let jwk = Jwk::parse(&text).unwrap();
    let key = jwk.to_key(Some(tinyjose::JwsAlg::Hs256)).unwrap();
    // A secret has no public JWK, so the typed key refuses both.
    assert_eq!(
        key.thumbprint(),
        Err(Error::KeyRejected(KeyReason::WrongType))
    );
    assert_eq!(
        key.public_jwk(&mut [0u8; 256]),
        Err(Error::KeyRejected(KeyReason::WrongType))
    );
    assert_eq!(
        key.private_jwk(&mut [0u8; 256]),
        Err(Error::KeyRejected(KeyReason::WrongUse))
    );
    assert_eq!(
        sha256_b64(r#"{"k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg","kty":"oct"}"#),
        b64e(&jwk.thumbprint().unwrap())
    );
}
