//! RSA: RS256 signatures of RFC 7515 and RFC 7520 reproduced byte for byte, PS384 of RFC 7520
//! verified, every algorithm signed and verified at 2048 and 4096 bits, every PEM and DER form
//! loaded to the key Python's `cryptography` reads, sizes and algorithms outside the policy
//! refused with the reason, and HS256 tokens keyed with the RSA public key refused (RFC 8725
//! §2.1).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

use std::path::PathBuf;
use std::sync::OnceLock;

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;
use tinyjose::Error as Jose;
use tinyjose_std::{
    Error, HeaderParams, HmacKey, Jwk, JwkKey, JwsAlg, JwsSigner, JwsVerifier, KeySet,
    RsaSigningKey, RsaVerifyingKey, UntrustedJws, generate_signing_key, key_from_der, key_from_pem,
    public_jwk, sign_to_string, verify, verify_to_vec,
};

const RSA_ALGS: [JwsAlg; 6] = [
    JwsAlg::Rs256,
    JwsAlg::Rs384,
    JwsAlg::Rs512,
    JwsAlg::Ps256,
    JwsAlg::Ps384,
    JwsAlg::Ps512,
];

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn text(name: &str) -> String {
    std::fs::read_to_string(data(name)).unwrap()
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(data(name)).unwrap()
}

fn json(name: &str) -> Value {
    serde_json::from_str(&text(name)).unwrap()
}

fn b64(s: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(s).unwrap()
}

/// The message of a key error, and that it has the `key_rejected` code.
fn key_message<T: core::fmt::Debug>(result: Result<T, Error>) -> String {
    let err = result.unwrap_err();
    assert_eq!(err.code(), "key_rejected");
    let Error::Key(key) = err else {
        panic!("not a key error: {err:?}")
    };
    key.to_string()
}

fn jose<T: core::fmt::Debug>(result: Result<T, Error>) -> Jose {
    match result.unwrap_err() {
        Error::Jose(e) => e,
        other => panic!("not a core error: {other:?}"),
    }
}

/// A JWK with exactly these members, in this order.
fn jwk_text(jwk: &Value, members: &[&str]) -> String {
    let body: Vec<String> = members
        .iter()
        .map(|m| format!("\"{m}\":{}", jwk[*m]))
        .collect();
    format!("{{{}}}", body.join(","))
}

const PRIVATE_MEMBERS: [&str; 9] = ["d", "dp", "dq", "e", "kty", "n", "p", "q", "qi"];
const PUBLIC_MEMBERS: [&str; 3] = ["e", "kty", "n"];

/// A 2048-bit key generated once for the whole test binary.
fn generated() -> &'static RsaSigningKey {
    static KEY: OnceLock<RsaSigningKey> = OnceLock::new();
    KEY.get_or_init(|| RsaSigningKey::generate(JwsAlg::Rs256, 2048).unwrap())
}

/// The fixture key of 4096 bits, loaded once.
fn fixture_4096() -> &'static RsaSigningKey {
    static KEY: OnceLock<RsaSigningKey> = OnceLock::new();
    KEY.get_or_init(|| {
        RsaSigningKey::from_pem(&text("keys/rsa4096.pkcs8.pem"), JwsAlg::Rs256).unwrap()
    })
}

/// The same key material bound to `alg`.
fn rebind(key: &RsaSigningKey, alg: JwsAlg) -> RsaSigningKey {
    RsaSigningKey::from_jwk(&key.private_jwk(), Some(alg)).unwrap()
}

#[test]
fn rfc7515_a2_rs256_signature_is_reproduced() {
    let all = json("rfc/rfc7515.json");
    let v = all["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "rfc7515-a2")
        .unwrap();
    let key = RsaSigningKey::from_jwk(&v["key"].to_string(), Some(JwsAlg::Rs256)).unwrap();
    let input = v["signing_input"].as_str().unwrap();
    let mut signature = vec![0u8; key.signature_len()];
    assert_eq!(key.sign(input.as_bytes(), &mut signature), Ok(256));
    assert_eq!(signature, b64(v["signature_b64u"].as_str().unwrap()));
    let compact = format!("{input}.{}", Base64UrlUnpadded::encode_string(&signature));
    assert_eq!(compact, v["compact"].as_str().unwrap());

    // The token verifies through the core, with the key's public half and with the public JWK.
    let jws = UntrustedJws::parse(&compact).unwrap();
    let payload = v["expected"]["payload"].as_str().unwrap().as_bytes();
    assert_eq!(verify_to_vec(&jws, &key.verifying_key()).unwrap(), payload);
    let public = Jwk::parse(&key.public_jwk())
        .unwrap()
        .to_key(Some(JwsAlg::Rs256))
        .unwrap();
    assert_eq!(verify_to_vec(&jws, &public).unwrap(), payload);
    // The private JWK it exports is the RFC's, member for member.
    assert_eq!(*key.private_jwk(), jwk_text(&v["key"], &PRIVATE_MEMBERS));
}

#[test]
fn rfc7520_4_1_rs256_signature_is_reproduced() {
    let v = json("rfc7520/jws/4_1.rsa_v15_signature.json");
    let private = json("rfc7520/jwk/3_4.rsa_private_key.json");
    assert_eq!(v["input"]["key"], private);
    // The JWK has no "alg": the algorithm is given.
    let key = RsaSigningKey::from_jwk(&private.to_string(), Some(JwsAlg::Rs256)).unwrap();
    let payload = v["input"]["payload"].as_str().unwrap();
    let input = format!(
        "{}.{}",
        v["signing"]["protected_b64u"].as_str().unwrap(),
        Base64UrlUnpadded::encode_string(payload.as_bytes())
    );
    assert_eq!(input, v["signing"]["sig-input"].as_str().unwrap());
    let mut signature = [0u8; 512];
    let len = key.sign(input.as_bytes(), &mut signature).unwrap();
    assert_eq!(signature[..len], b64(v["signing"]["sig"].as_str().unwrap()));

    let compact = v["output"]["compact"].as_str().unwrap();
    let jws = UntrustedJws::parse(compact).unwrap();
    assert_eq!(
        verify_to_vec(&jws, &key.verifying_key()).unwrap(),
        payload.as_bytes()
    );
    // The RFC's public key, as a JWK and as a key set chosen by kid.
    let public = json("rfc7520/jwk/3_3.rsa_public_key.json");
    let keys = KeySet::from_jwks(&format!(r#"{{"keys":[{public}]}}"#)).unwrap();
    assert_eq!(keys.algorithms(), RSA_ALGS);
    assert_eq!(verify(compact, &keys).unwrap().payload, payload.as_bytes());
    assert_eq!(key.public_jwk(), jwk_text(&public, &PUBLIC_MEMBERS));
    assert_eq!(*key.private_jwk(), jwk_text(&private, &PRIVATE_MEMBERS));
}

#[test]
fn rfc7520_4_2_ps384_verifies_and_signs() {
    let v = json("rfc7520/jws/4_2.rsa-pss_signature.json");
    let payload = v["input"]["payload"].as_str().unwrap().as_bytes();
    let compact = v["output"]["compact"].as_str().unwrap();
    let public = json("rfc7520/jwk/3_3.rsa_public_key.json").to_string();
    let jws = UntrustedJws::parse(compact).unwrap();
    assert_eq!(jws.header().alg(), JwsAlg::Ps384);

    let core_key = Jwk::parse(&public)
        .unwrap()
        .to_key(Some(JwsAlg::Ps384))
        .unwrap();
    assert_eq!(verify_to_vec(&jws, &core_key).unwrap(), payload);
    assert_eq!(
        verify(compact, &KeySet::from_jwk(&public).unwrap())
            .unwrap()
            .payload,
        payload
    );
    // The same key for PS256 refuses it.
    let ps256 = Jwk::parse(&public)
        .unwrap()
        .to_key(Some(JwsAlg::Ps256))
        .unwrap();
    assert_eq!(jose(verify_to_vec(&jws, &ps256)), Jose::AlgMismatch);

    // The RFC's private key signs PS384 tokens that verify with the RFC's public key.
    let private = json("rfc7520/jwk/3_4.rsa_private_key.json").to_string();
    let key = RsaSigningKey::from_jwk(&private, Some(JwsAlg::Ps384)).unwrap();
    let token = sign_to_string(&HeaderParams::new().kid("bilbo"), payload, &key).unwrap();
    assert!(token.starts_with("eyJhbGciOiJQUzM4NCIsImtpZCI6ImJpbGJvIn0."));
    let jws = UntrustedJws::parse(&token).unwrap();
    assert_eq!(verify_to_vec(&jws, &core_key).unwrap(), payload);
}

/// Signs, verifies, and checks that a flipped bit, another algorithm and a cut signature fail.
fn round_trip(key: &RsaSigningKey, modulus_bytes: usize) {
    let alg = key.alg();
    assert_eq!(key.signature_len(), modulus_bytes, "{alg}");
    let token = sign_to_string(&HeaderParams::new(), b"round trip", key).unwrap();
    let jws = UntrustedJws::parse(&token).unwrap();
    assert_eq!(jws.header().alg(), alg);
    let public = key.verifying_key();
    assert_eq!(
        (public.alg(), public.modulus_len()),
        (alg, modulus_bytes),
        "{alg}"
    );
    assert_eq!(
        verify_to_vec(&jws, &public).unwrap(),
        b"round trip",
        "{alg}"
    );
    // Through the public JWK, as another party would.
    let keys = KeySet::from_jwk(&key.public_jwk()).unwrap();
    assert_eq!(verify(&token, &keys).unwrap().payload, b"round trip");

    let (head, signature) = token.rsplit_once('.').unwrap();
    let mut sig = b64(signature);
    sig[modulus_bytes / 2] ^= 0x10;
    let tampered = format!("{head}.{}", Base64UrlUnpadded::encode_string(&sig));
    let jws = UntrustedJws::parse(&tampered).unwrap();
    assert_eq!(
        jose(verify_to_vec(&jws, &public)),
        Jose::InvalidSignature,
        "{alg}"
    );
    let short = format!(
        "{head}.{}",
        Base64UrlUnpadded::encode_string(&b64(signature)[1..])
    );
    let jws = UntrustedJws::parse(&short).unwrap();
    assert_eq!(
        jose(verify_to_vec(&jws, &public)),
        Jose::InvalidSignature,
        "{alg}"
    );
    let other = RSA_ALGS.into_iter().find(|&a| a != alg).unwrap();
    let wrong = RsaVerifyingKey::new(other, public.n(), &[1, 0, 1]).unwrap();
    let jws = UntrustedJws::parse(&token).unwrap();
    assert_eq!(
        jose(verify_to_vec(&jws, &wrong)),
        Jose::AlgMismatch,
        "{alg}"
    );

    // PKCS#1 v1.5 is deterministic; PSS draws a new salt each time.
    let again = sign_to_string(&HeaderParams::new(), b"round trip", key).unwrap();
    let deterministic = matches!(alg, JwsAlg::Rs256 | JwsAlg::Rs384 | JwsAlg::Rs512);
    assert_eq!(again == token, deterministic, "{alg}");
}

#[test]
fn every_algorithm_signs_and_verifies_at_2048_bits() {
    let base = generated();
    assert_eq!(base.bits(), 2048);
    for alg in RSA_ALGS {
        round_trip(&rebind(base, alg), 256);
    }
}

#[test]
fn signing_and_verifying_at_4096_bits() {
    let base = fixture_4096();
    assert_eq!(base.bits(), 4096);
    for alg in [JwsAlg::Rs256, JwsAlg::Ps512] {
        round_trip(&rebind(base, alg), 512);
    }
}

#[test]
fn sign_needs_room_for_the_whole_signature() {
    let key = generated();
    let mut out = [0u8; 255];
    assert_eq!(
        key.sign(b"x", &mut out),
        Err(Jose::BufferTooSmall { needed: 256 })
    );
    let mut out = [0u8; 300];
    assert_eq!(key.sign(b"x", &mut out), Ok(256));
    assert_eq!(out[256..], [0u8; 44]);
}

#[test]
fn generate_makes_distinct_keys_of_the_asked_size_only() {
    let key = generated();
    assert_eq!(key.verifying_key().e(), 65537);
    assert_eq!(
        format!("{key:?}"),
        "RsaSigningKey { alg: Rs256, bits: 2048, .. }"
    );
    let copy = key.clone();
    assert_eq!(copy.private_jwk(), key.private_jwk());
    let fixture = RsaSigningKey::from_pem(&text("keys/rsa.pkcs8.pem"), JwsAlg::Rs256).unwrap();
    assert_ne!(key.public_jwk(), fixture.public_jwk());
    for bits in [0, 1024, 2047, 2049, 8192] {
        assert_eq!(
            jose(RsaSigningKey::generate(JwsAlg::Rs256, bits)),
            Jose::Unsupported,
            "{bits}"
        );
    }
    assert_eq!(
        key_message(RsaSigningKey::generate(JwsAlg::Es256, 2048)),
        "the key is an RSA key, for RS256, RS384, RS512, PS256, PS384 or PS512, not ES256"
    );
    let err = generate_signing_key(JwsAlg::Ps256).unwrap_err();
    assert_eq!(err.code(), "key_rejected");
    assert_eq!(
        err.to_string(),
        "a JwkKey holds only RSA public keys: generate PS256 keys with \
         RsaSigningKey::generate(Ps256, bits)"
    );
}

/// The JWK of the 2048-bit fixture key, as Python's `cryptography` reads it.
fn expected(name: &str) -> Value {
    json("keys/expected.json")[name]["jwk"].clone()
}

#[test]
fn every_form_of_the_rsa_key_loads_to_the_same_key() {
    let jwk = expected("rsa");
    let public_text = jwk_text(&jwk, &PUBLIC_MEMBERS);
    let forms = [
        ("rsa.spki.pem", false),
        ("rsa.spki.der", false),
        ("rsa.pkcs1-public.pem", false),
        ("rsa.pkcs1-public.der", false),
        ("rsa.pkcs8.pem", true),
        ("rsa.pkcs8.der", true),
        ("rsa.pkcs1.pem", true),
        ("rsa.pkcs1.der", true),
    ];
    for (file, private) in forms {
        let path = format!("keys/{file}");
        for alg in [JwsAlg::Rs256, JwsAlg::Ps512] {
            let key = if file.ends_with(".pem") {
                key_from_pem(&text(&path), Some(alg))
            } else {
                key_from_der(&bytes(&path), Some(alg))
            }
            .unwrap_or_else(|e| panic!("{file}: {e}"));
            let JwkKey::Rsa(public) = &key else {
                panic!("{file}: {key:?}")
            };
            assert_eq!(public.alg(), alg, "{file}");
            assert_eq!(public.e(), 65537, "{file}");
            assert_eq!(public.n(), b64(jwk["n"].as_str().unwrap()), "{file}");
            // Verification only: the private half is for RsaSigningKey.
            assert!(key.as_signer().is_none(), "{file}");
            assert_eq!(public_jwk(&key).unwrap(), public_text, "{file}");
        }
        let signing = if file.ends_with(".pem") {
            RsaSigningKey::from_pem(&text(&path), JwsAlg::Rs256)
        } else {
            RsaSigningKey::from_der(&bytes(&path), JwsAlg::Rs256)
        };
        if private {
            let signing = signing.unwrap();
            assert_eq!(
                *signing.private_jwk(),
                jwk_text(&jwk, &PRIVATE_MEMBERS),
                "{file}"
            );
            assert_eq!(signing.public_jwk(), public_text, "{file}");
        } else {
            assert_eq!(
                key_message(signing),
                "a public key cannot sign: an RSA signing key needs the private key",
                "{file}"
            );
        }
    }
    // The private JWK loads back; PKCS#8 export is OpenSSL's encoding byte for byte.
    let key = RsaSigningKey::from_jwk(&jwk.to_string(), Some(JwsAlg::Rs256)).unwrap();
    assert_eq!(*key.to_pkcs8_pem().unwrap(), text("keys/rsa.pkcs8.pem"));

    let big = fixture_4096();
    assert_eq!(
        *big.private_jwk(),
        jwk_text(&expected("rsa4096"), &PRIVATE_MEMBERS)
    );
    let public = key_from_pem(&text("keys/rsa4096.spki.pem"), Some(JwsAlg::Rs256)).unwrap();
    assert_eq!(public_jwk(&public).unwrap(), big.public_jwk());
}

#[test]
fn rsa_keys_outside_2048_to_4096_bits_are_refused_in_every_form() {
    let refused = |bits: usize| {
        format!(
            "the RSA key has {bits} bits: tinyjose accepts 2048 to 4096 (RFC 7518 §3.3 requires \
             at least 2048)"
        )
    };
    for file in [
        "rsa1024.spki.pem",
        "rsa1024.pkcs1-public.pem",
        "rsa1024.pkcs8.pem",
        "rsa1024.pkcs1.pem",
    ] {
        let pem = text(&format!("keys/{file}"));
        assert_eq!(
            key_message(key_from_pem(&pem, Some(JwsAlg::Rs256))),
            refused(1024),
            "{file}"
        );
        let der = bytes(&format!("keys/{}", file.replace(".pem", ".der")));
        assert_eq!(
            key_message(key_from_der(&der, Some(JwsAlg::Rs256))),
            refused(1024),
            "{file}"
        );
        if !file.contains("public") && !file.contains("spki") {
            assert_eq!(
                key_message(RsaSigningKey::from_pem(&pem, JwsAlg::Rs256)),
                refused(1024),
                "{file}"
            );
            assert_eq!(
                key_message(RsaSigningKey::from_der(&der, JwsAlg::Rs256)),
                refused(1024),
                "{file}"
            );
        }
    }
    let jwk = text("keys/rsa1024.jwk.json");
    assert_eq!(
        key_message(RsaSigningKey::from_jwk(&jwk, Some(JwsAlg::Rs256))),
        refused(1024)
    );
    assert_eq!(
        jose(KeySet::from_jwk(&jwk)),
        Jose::KeyRejected(tinyjose::KeyReason::TooShort)
    );
    let set = KeySet::from_jwks(&format!(r#"{{"keys":[{jwk}]}}"#)).unwrap();
    assert!(set.is_empty());

    for file in ["rsa8192.spki.pem", "rsa8192.pkcs8.pem"] {
        let pem = text(&format!("keys/{file}"));
        assert_eq!(
            key_message(key_from_pem(&pem, Some(JwsAlg::Ps256))),
            refused(8192),
            "{file}"
        );
    }
    assert_eq!(
        key_message(RsaSigningKey::from_pem(
            &text("keys/rsa8192.pkcs8.pem"),
            JwsAlg::Ps256
        )),
        refused(8192)
    );
}

#[test]
fn an_rsa_key_is_bound_to_one_rsa_algorithm() {
    let spki = text("keys/rsa.spki.pem");
    let pkcs8 = text("keys/rsa.pkcs8.pem");
    let not_rsa = |alg: JwsAlg| {
        format!("the key is an RSA key, for RS256, RS384, RS512, PS256, PS384 or PS512, not {alg}")
    };
    for alg in [JwsAlg::Hs256, JwsAlg::Es256, JwsAlg::EdDsa] {
        assert_eq!(key_message(key_from_pem(&spki, Some(alg))), not_rsa(alg));
        assert_eq!(key_message(key_from_pem(&pkcs8, Some(alg))), not_rsa(alg));
        assert_eq!(
            key_message(key_from_der(&bytes("keys/rsa.pkcs1.der"), Some(alg))),
            not_rsa(alg)
        );
        assert_eq!(
            key_message(RsaSigningKey::from_pem(&pkcs8, alg)),
            not_rsa(alg)
        );
        assert_eq!(
            key_message(RsaSigningKey::from_jwk(
                &text("keys/rsa1024.jwk.json"),
                Some(alg)
            )),
            not_rsa(alg)
        );
    }
    let no_alg = "an RSA key implies no algorithm: name the one it is for (RS256, RS384, RS512, \
                  PS256, PS384 or PS512)";
    for file in [
        "rsa.spki.pem",
        "rsa.pkcs1-public.pem",
        "rsa.pkcs8.pem",
        "rsa.pkcs1.pem",
    ] {
        let pem = text(&format!("keys/{file}"));
        assert_eq!(key_message(key_from_pem(&pem, None)), no_alg, "{file}");
        let der = bytes(&format!("keys/{}", file.replace(".pem", ".der")));
        assert_eq!(key_message(key_from_der(&der, None)), no_alg, "{file}");
    }

    // A JWK's "alg" binds it: the argument must agree, and one of the two must be there.
    let jwk = expected("rsa");
    let mut named = jwk.clone();
    named["alg"] = "PS256".into();
    let named = named.to_string();
    assert_eq!(
        RsaSigningKey::from_jwk(&named, None).unwrap().alg(),
        JwsAlg::Ps256
    );
    assert_eq!(
        RsaSigningKey::from_jwk(&named, Some(JwsAlg::Ps256))
            .unwrap()
            .alg(),
        JwsAlg::Ps256
    );
    assert_eq!(
        jose(RsaSigningKey::from_jwk(&named, Some(JwsAlg::Rs256))),
        Jose::AlgMismatch
    );
    assert_eq!(
        key_message(RsaSigningKey::from_jwk(&jwk.to_string(), None)),
        "the RSA JWK has no \"alg\": say which algorithm it signs with (RS256, RS384, RS512, \
         PS256, PS384 or PS512)"
    );
    let mut hs = jwk.clone();
    hs["alg"] = "HS256".into();
    assert_eq!(
        key_message(RsaSigningKey::from_jwk(&hs.to_string(), None)),
        not_rsa(JwsAlg::Hs256)
    );
    // The core cannot hold the private half: it refuses to make an RSA signing key.
    assert_eq!(
        Jwk::parse(&named)
            .unwrap()
            .to_signing_key(None)
            .unwrap_err(),
        Jose::UnsupportedAlg
    );
}

#[test]
fn private_jwk_policy() {
    let jwk = expected("rsa");
    let with = |name: &str, value: Value| {
        let mut changed = jwk.clone();
        changed[name] = value;
        RsaSigningKey::from_jwk(&changed.to_string(), Some(JwsAlg::Rs256))
    };
    let without = |name: &str| {
        let mut changed = jwk.clone();
        changed.as_object_mut().unwrap().remove(name);
        RsaSigningKey::from_jwk(&changed.to_string(), Some(JwsAlg::Rs256))
    };
    assert!(with("use", "sig".into()).is_ok());
    assert!(with("key_ops", serde_json::json!(["sign", "verify"])).is_ok());
    assert_eq!(
        key_message(with("use", "enc".into())),
        "the JWK's \"use\" is not \"sig\": signing needs \"sig\""
    );
    assert_eq!(
        key_message(with("key_ops", serde_json::json!(["verify"]))),
        "the JWK's \"key_ops\" does not allow \"sign\""
    );
    assert_eq!(
        key_message(with("key_ops", serde_json::json!(["sign", "sign"]))),
        "the JWK's \"key_ops\" is not a list of distinct operations"
    );
    assert_eq!(
        key_message(with("key_ops", "sign".into())),
        "the JWK's \"key_ops\" is not a list of distinct operations"
    );
    assert_eq!(
        key_message(with("oth", serde_json::json!([]))),
        "multi-prime RSA keys (\"oth\") are not supported"
    );
    assert_eq!(
        key_message(with("kty", "EC".into())),
        "the JWK is not an RSA key (\"kty\" is not \"RSA\")"
    );
    assert_eq!(
        key_message(with("alg", "XS256".into())),
        "the JWK's \"alg\" \"XS256\" is not a JWS algorithm"
    );
    assert_eq!(
        key_message(with("d", "a+b".into())),
        "the JWK's \"d\" is not base64url"
    );
    assert_eq!(
        key_message(with("n", 5.into())),
        "the JWK's \"n\" is not a string"
    );
    // The public key alone cannot sign.
    let public = json("rfc7520/jwk/3_3.rsa_public_key.json").to_string();
    assert_eq!(
        key_message(RsaSigningKey::from_jwk(&public, Some(JwsAlg::Rs256))),
        "the RSA JWK has no \"d\": a public key cannot sign"
    );
    for name in ["p", "q"] {
        assert_eq!(
            key_message(without(name)),
            format!("the RSA JWK has no {name:?}: a public key cannot sign")
        );
    }
    // The CRT values are optional, but checked when present.
    for name in ["dp", "dq", "qi"] {
        assert!(without(name).is_ok(), "{name}");
    }
    let other = expected("rsa4096");
    for name in ["dp", "dq", "qi"] {
        let mut wrong = b64(jwk[name].as_str().unwrap());
        wrong[10] ^= 1;
        let wrong = Base64UrlUnpadded::encode_string(&wrong);
        assert_eq!(
            key_message(with(name, wrong.into())),
            "the RSA key's CRT values (dp, dq, qi) do not match its primes and exponent",
            "{name}"
        );
        assert_eq!(
            key_message(with(name, other[name].clone())),
            "the RSA key's CRT values (dp, dq, qi) do not match its primes and exponent",
            "{name}"
        );
    }
    // A private exponent or prime that does not fit the modulus.
    let mut d = b64(jwk["d"].as_str().unwrap());
    d[100] ^= 1;
    let err = with("d", Base64UrlUnpadded::encode_string(&d).into()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the RSA private key is not consistent with its modulus"
    );
    assert!(core::error::Error::source(&err).is_some());
    assert_eq!(
        with("p", other["p"].clone()).unwrap_err().to_string(),
        "the RSA private key is not consistent with its modulus"
    );
    // Not strict JSON: the core's parser says why.
    let twice = jwk.to_string().replacen('{', r#"{"kty":"RSA","#, 1);
    assert_eq!(
        jose(RsaSigningKey::from_jwk(&twice, Some(JwsAlg::Rs256))),
        Jose::DuplicateMember(tinyjose_std::Part::Jwk)
    );
}

#[test]
fn pem_and_der_refusals_name_the_reason() {
    assert_eq!(
        key_message(RsaSigningKey::from_pem("no key here", JwsAlg::Rs256)),
        "no PEM block (-----BEGIN ...-----) found"
    );
    assert_eq!(
        key_message(RsaSigningKey::from_pem(
            &text("keys/p256.encrypted.pem"),
            JwsAlg::Rs256
        )),
        "encrypted private keys are not supported: decrypt it first (openssl pkcs8 -in KEY.pem \
         -out PLAIN.pem)"
    );
    assert_eq!(
        key_message(RsaSigningKey::from_pem(
            &text("keys/p256.sec1.pem"),
            JwsAlg::Rs256
        )),
        "unexpected PEM label \"EC PRIVATE KEY\": expected PRIVATE KEY or RSA PRIVATE KEY"
    );
    assert_eq!(
        key_message(RsaSigningKey::from_pem(
            &text("keys/p256.pkcs8.pem"),
            JwsAlg::Rs256
        )),
        "the PKCS#8 key is not an RSA key (algorithm 1.2.840.10045.2.1)"
    );
    assert_eq!(
        key_message(RsaSigningKey::from_der(b"\x30\x00", JwsAlg::Rs256)),
        "not a PKCS#8 or PKCS#1 RSA private key (DER)"
    );
    let mut der = bytes("keys/rsa.spki.der");
    der.truncate(der.len() - 1);
    assert_eq!(
        key_message(key_from_der(&der, Some(JwsAlg::Rs256))),
        "not a SPKI public key, PKCS#8 private key, PKCS#1 RSA key or SEC1 EC private key (DER)"
    );
    // An even exponent: the core's reason is the source.
    let mut der = bytes("keys/rsa.pkcs1-public.der");
    let last = der.len() - 1;
    der[last] ^= 1;
    let err = key_from_der(&der, Some(JwsAlg::Rs256)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a valid RSA public key: the modulus must be odd, and the exponent odd, at least 3 \
         and below 2^32"
    );
    assert!(core::error::Error::source(&err).is_some());
}

/// RFC 8725 §2.1: a verifier configured with an RSA public key must not accept an HS256 token
/// whose HMAC secret is that public key's text or bytes.
#[test]
fn hs256_keyed_with_the_rsa_public_key_is_refused() {
    let pem = text("keys/rsa.spki.pem");
    let pkcs1_pem = text("keys/rsa.pkcs1-public.pem");
    let der = bytes("keys/rsa.spki.der");
    let jwk = jwk_text(&expected("rsa"), &PUBLIC_MEMBERS);
    let jwk_rs256 = jwk.replacen('{', r#"{"alg":"RS256","#, 1);
    let jwks = format!(r#"{{"keys":[{jwk}]}}"#);
    let jwks_kid = format!(
        r#"{{"keys":[{}]}}"#,
        jwk.replacen('{', r#"{"kid":"k1","#, 1)
    );

    let secrets: [&[u8]; 5] = [
        pem.as_bytes(),
        pkcs1_pem.as_bytes(),
        &der,
        jwk.as_bytes(),
        jwk_rs256.as_bytes(),
    ];
    for secret in secrets {
        let hmac = HmacKey::hs256(secret).unwrap();
        for kid in [None, Some("k1"), Some("other")] {
            let mut header = HeaderParams::new();
            header.kid = kid;
            let token = sign_to_string(&header, br#"{"sub":"admin"}"#, &hmac).unwrap();
            let from_pem = KeySet::from(key_from_pem(&pem, Some(JwsAlg::Rs256)).unwrap());
            let from_der = KeySet::from(key_from_der(&der, Some(JwsAlg::Rs256)).unwrap());
            let sets = [
                ("PEM", from_pem, Jose::AlgMismatch),
                ("DER", from_der, Jose::AlgMismatch),
                ("JWK", KeySet::from_jwk(&jwk).unwrap(), Jose::AlgMismatch),
                (
                    "JWK RS256",
                    KeySet::from_jwk(&jwk_rs256).unwrap(),
                    Jose::AlgMismatch,
                ),
                // In a set, no key serves HS256; a key named by the token's kid is for another
                // algorithm.
                (
                    "JWKS",
                    KeySet::from_jwks(&jwks).unwrap(),
                    Jose::NoMatchingKey,
                ),
                (
                    "JWKS kid",
                    KeySet::from_jwks(&jwks_kid).unwrap(),
                    if kid == Some("k1") {
                        Jose::AlgMismatch
                    } else {
                        Jose::NoMatchingKey
                    },
                ),
            ];
            for (form, keys, expected) in sets {
                assert_eq!(jose(verify(&token, &keys)), expected, "{form} {kid:?}");
            }
            // And the core's key directly.
            let jws = UntrustedJws::parse(&token).unwrap();
            let rsa = RsaVerifyingKey::new(
                JwsAlg::Rs256,
                &b64(expected("rsa")["n"].as_str().unwrap()),
                &[1, 0, 1],
            )
            .unwrap();
            assert_eq!(jose(verify_to_vec(&jws, &rsa)), Jose::AlgMismatch);
        }
    }
}

#[test]
fn key_sets_hold_rsa_keys() {
    let ps256 = rebind(generated(), JwsAlg::Ps256);
    let mut keys = KeySet::new();
    keys.insert(Some("rsa"), JwkKey::Rsa(ps256.verifying_key()))
        .unwrap();
    keys.insert(
        Some("ec"),
        JwkKey::Es256(match generate_signing_key(JwsAlg::Es256).unwrap() {
            JwkKey::Es256Private(_, public) => public,
            other => panic!("{other:?}"),
        }),
    )
    .unwrap();
    assert_eq!(keys.algorithms(), [JwsAlg::Ps256, JwsAlg::Es256]);
    let token = sign_to_string(&HeaderParams::new().kid("rsa"), b"in a set", &ps256).unwrap();
    assert_eq!(verify(&token, &keys).unwrap().payload, b"in a set");
    let token = sign_to_string(&HeaderParams::new().kid("ec"), b"in a set", &ps256).unwrap();
    assert_eq!(jose(verify(&token, &keys)), Jose::AlgMismatch);
    // The same kid twice for the same algorithm is ambiguous.
    assert_eq!(
        jose(keys.insert(Some("rsa"), JwkKey::Rsa(ps256.verifying_key()))),
        Jose::AmbiguousKey
    );

    // A JWK Set: a key with "alg" serves that one only.
    let mut public: Value = serde_json::from_str(&ps256.public_jwk()).unwrap();
    public["alg"] = "PS256".into();
    public["kid"] = "a".into();
    let set = KeySet::from_jwks(&format!(r#"{{"keys":[{public}]}}"#)).unwrap();
    assert_eq!(set.algorithms(), [JwsAlg::Ps256]);
    let token = sign_to_string(&HeaderParams::new().kid("a"), b"jwks", &ps256).unwrap();
    assert_eq!(verify(&token, &set).unwrap().payload, b"jwks");
    let rs256 = rebind(generated(), JwsAlg::Rs256);
    let token = sign_to_string(&HeaderParams::new().kid("a"), b"jwks", &rs256).unwrap();
    assert_eq!(jose(verify(&token, &set)), Jose::AlgMismatch);
}
