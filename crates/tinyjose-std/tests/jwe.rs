//! JWE in `tinyjose-std`: RSA-OAEP of RFC 7516 A.1 and RFC 7520 §5.2 decrypted and, with the
//! CEK and IV injected, reproduced; RSA1_5 refused by design; RSA-OAEP and RSA-OAEP-256 round
//! trips; every failure to decrypt opaque; keys outside 2048 to 4096 bits refused; the owned
//! API (DEFLATE, growing buffers, encrypted and nested JWTs).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

use std::path::PathBuf;

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;
use tinyjose::{
    A128GCM, A192GCM, A256GCM, ContentEncryption, DirectKey, Enc, Error as Jose, HeaderParams,
    HmacKey, JweAlg, JweDecrypter, JwkKey, Limit, Limits, UnixTime, UntrustedJwe, Validation,
};
use tinyjose_std::{
    Error, KeySet, RsaOaepKey, RsaOaepPublicKey, decrypt_jwt, decrypt_nested_jwt, decrypt_to_vec,
    decrypt_to_vec_with_limits, encrypt_to_string, sign_to_string,
};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn text(name: &str) -> String {
    std::fs::read_to_string(data(name)).unwrap()
}

fn json(name: &str) -> Value {
    serde_json::from_str(&text(name)).unwrap()
}

fn b64(s: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(s).unwrap()
}

fn jose<T: core::fmt::Debug>(result: Result<T, Error>) -> Jose {
    match result.unwrap_err() {
        Error::Jose(e) => e,
        other => panic!("not a core error: {other:?}"),
    }
}

fn key_message<T: core::fmt::Debug>(result: Result<T, Error>) -> String {
    match result.unwrap_err() {
        Error::Key(key) => key.to_string(),
        other => panic!("not a key error: {other:?}"),
    }
}

/// The RFC 7516 vector `id`.
fn rfc7516(id: &str) -> Value {
    json("rfc/rfc7516.json")["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .unwrap()
        .clone()
}

fn rfc7520_5_2() -> Value {
    json("rfc7520/jwe/5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json")
}

fn rsa(alg: JweAlg) -> RsaOaepKey {
    RsaOaepKey::from_pem(&text("keys/rsa.pkcs8.pem"), alg).unwrap()
}

/// `token` with the segment `index` changed in its middle character.
fn tampered(token: &str, index: usize) -> String {
    let mut segments: Vec<String> = token.split('.').map(str::to_owned).collect();
    let segment = &mut segments[index];
    let middle = segment.len() / 2;
    let c = if segment.as_bytes()[middle] == b'A' {
        "B"
    } else {
        "A"
    };
    segment.replace_range(middle..=middle, c);
    segments.join(".")
}

/// Decrypts the CEK of `token` with `key` directly, as the core asks the key to.
fn cek_of(token: &str, key: &RsaOaepKey) -> Vec<u8> {
    let jwe = UntrustedJwe::parse(token).unwrap();
    let encrypted_key = b64(token.split('.').nth(1).unwrap());
    let mut cek = vec![0u8; jwe.enc().key_len()];
    key.decrypt_cek(&jwe.key_params(), &encrypted_key, &mut cek)
        .unwrap();
    cek
}

/// Content encryption with the CEK and IV of a vector injected: ciphertext and tag.
fn seal(
    content: &dyn ContentEncryption,
    cek: &[u8],
    iv: &[u8],
    aad: &str,
    plaintext: &[u8],
) -> (Vec<u8>, Vec<u8>) {
    let mut buf = plaintext.to_vec();
    let mut tag = vec![0u8; content.enc().tag_len()];
    let n = content
        .encrypt_in_place(cek, iv, aad.as_bytes(), &mut buf, plaintext.len(), &mut tag)
        .unwrap();
    buf.truncate(n);
    (buf, tag)
}

#[test]
fn rfc7516_a1_rsa_oaep_a256gcm() {
    let v = rfc7516("rfc7516-a1");
    let jwk = v["key"].to_string();
    // The JWK has no "alg": the caller names it.
    assert!(RsaOaepKey::from_jwk(&jwk, None).is_err());
    let key = RsaOaepKey::from_jwk(&jwk, Some(JweAlg::RsaOaep)).unwrap();
    let compact = v["compact"].as_str().unwrap();
    let decrypted = decrypt_to_vec(compact, &key, &[A256GCM]).unwrap();
    assert_eq!(
        decrypted.plaintext,
        b"The true sign of intelligence is not knowledge but imagination."
    );
    assert_eq!(
        decrypted.header_json,
        v["protected_header"].as_str().unwrap()
    );
    assert_eq!(
        (
            decrypted.header.alg,
            decrypted.header.enc,
            decrypted.header.zip
        ),
        (JweAlg::RsaOaep, Enc::A256Gcm, false)
    );
    // The CEK decrypts exactly; with it and the IV, A256GCM reproduces ciphertext and tag.
    let cek = cek_of(compact, &key);
    assert_eq!(cek, b64(v["cek_b64u"].as_str().unwrap()));
    let (ciphertext, tag) = seal(
        A256GCM,
        &cek,
        &b64(v["iv_b64u"].as_str().unwrap()),
        v["aad"].as_str().unwrap(),
        v["plaintext"].as_str().unwrap().as_bytes(),
    );
    assert_eq!(ciphertext, b64(v["ciphertext_b64u"].as_str().unwrap()));
    assert_eq!(tag, b64(v["tag_b64u"].as_str().unwrap()));
    // The enc must be accepted by the caller, and the key decides the alg.
    assert_eq!(
        jose(decrypt_to_vec(compact, &key, &[A128GCM])),
        Jose::UnsupportedEnc
    );
    let oaep256 = RsaOaepKey::from_jwk(&jwk, Some(JweAlg::RsaOaep256)).unwrap();
    assert_eq!(
        jose(decrypt_to_vec(compact, &oaep256, &[A256GCM])),
        Jose::AlgMismatch
    );
}

#[test]
fn rfc7516_a2_rsa1_5_is_refused_by_design() {
    let v = rfc7516("rfc7516-a2");
    let compact = v["compact"].as_str().unwrap();
    assert_eq!(UntrustedJwe::parse(compact).unwrap_err(), Jose::AlgRsa1_5);
    let key = RsaOaepKey::from_jwk(&v["key"].to_string(), Some(JweAlg::RsaOaep)).unwrap();
    let err = decrypt_to_vec(compact, &key, tinyjose::ALL_CONTENT_ENCRYPTIONS).unwrap_err();
    assert!(matches!(err, Error::Jose(Jose::AlgRsa1_5)), "{err:?}");
    assert_eq!(err.code(), "alg_rsa1_5");
    let message = err.to_string();
    assert!(
        message.starts_with("RSA1_5 (RSAES-PKCS1-v1_5 key transport) is never accepted"),
        "{message}"
    );
    // An RSA1_5 JWK is refused by name, with the same error.
    let mut jwk = v["key"].clone();
    jwk["alg"] = "RSA1_5".into();
    let err = RsaOaepKey::from_jwk(&jwk.to_string(), None).unwrap_err();
    assert!(matches!(err, Error::Jose(Jose::AlgRsa1_5)), "{err:?}");
    assert_eq!(JweAlg::from_name("RSA1_5"), Err(Jose::AlgRsa1_5));
}

#[test]
fn rfc7520_5_2_rsa_oaep_a256gcm() {
    let v = rfc7520_5_2();
    let jwk = v["input"]["key"].to_string();
    // The JWK says "alg":"RSA-OAEP" and "use":"enc".
    let key = RsaOaepKey::from_jwk(&jwk, None).unwrap();
    assert_eq!((key.alg(), key.bits()), (JweAlg::RsaOaep, 4096));
    let compact = v["output"]["compact"].as_str().unwrap();
    let plaintext = v["input"]["plaintext"].as_str().unwrap().as_bytes();
    let decrypted = decrypt_to_vec(compact, &key, &[A256GCM]).unwrap();
    assert_eq!(decrypted.plaintext, plaintext);
    assert_eq!(
        decrypted.header.kid.as_deref(),
        Some("samwise.gamgee@hobbiton.example")
    );
    let cek = cek_of(compact, &key);
    assert_eq!(cek, b64(v["generated"]["cek"].as_str().unwrap()));
    let content = &v["encrypting_content"];
    let (ciphertext, tag) = seal(
        A256GCM,
        &cek,
        &b64(v["generated"]["iv"].as_str().unwrap()),
        content["protected_b64u"].as_str().unwrap(),
        plaintext,
    );
    assert_eq!(ciphertext, b64(content["ciphertext"].as_str().unwrap()));
    assert_eq!(tag, b64(content["tag"].as_str().unwrap()));
    assert_eq!(
        b64(compact.split('.').nth(1).unwrap()),
        b64(v["encrypting_key"]["encrypted_key"].as_str().unwrap())
    );
    // The public JWK encrypts to the same key; the private key decrypts.
    let public = RsaOaepPublicKey::from_jwk(&jwk, None).unwrap();
    let token =
        encrypt_to_string(&HeaderParams::new(), plaintext, &public, A256GCM, false).unwrap();
    assert_eq!(
        decrypt_to_vec(&token, &key, &[A256GCM]).unwrap().plaintext,
        plaintext
    );
    // A "sig" key or one whose key_ops do not allow decryption is refused.
    let mut sig = v["input"]["key"].clone();
    sig["use"] = "sig".into();
    let message = key_message(RsaOaepKey::from_jwk(&sig.to_string(), None));
    assert_eq!(
        message,
        "the JWK's \"use\" is not \"enc\": decryption needs \"enc\""
    );
    let mut ops = v["input"]["key"].clone();
    ops["key_ops"] = serde_json::json!(["encrypt", "wrapKey"]);
    assert!(RsaOaepKey::from_jwk(&ops.to_string(), None).is_err());
    assert!(RsaOaepPublicKey::from_jwk(&ops.to_string(), None).is_ok());
}

#[test]
fn rsa_oaep_round_trips() {
    let keys = [
        ("keys/rsa.pkcs8.pem", 2048),
        ("keys/rsa4096.pkcs8.pem", 4096),
    ];
    for (file, bits) in keys {
        for alg in [JweAlg::RsaOaep, JweAlg::RsaOaep256] {
            let key = RsaOaepKey::from_pem(&text(file), alg).unwrap();
            assert_eq!(key.bits(), bits);
            for content in [A128GCM, A192GCM, A256GCM] {
                let header = HeaderParams::new().kid("k").typ("JWT").cty("text/plain");
                let token =
                    encrypt_to_string(&header, b"round trip", &key.public_key(), content, false)
                        .unwrap();
                let jwe = UntrustedJwe::parse(&token).unwrap();
                assert_eq!(
                    jwe.header().json(),
                    format!(
                        r#"{{"alg":"{}","enc":"{}","kid":"k","typ":"JWT","cty":"text/plain"}}"#,
                        alg.name(),
                        content.enc().name()
                    )
                );
                assert_eq!(b64(token.split('.').nth(1).unwrap()).len(), bits / 8);
                let decrypted = decrypt_to_vec(&token, &key, &[content]).unwrap();
                assert_eq!(decrypted.plaintext, b"round trip");
                // The private key encrypts for itself too; OAEP is randomised.
                let again =
                    encrypt_to_string(&header, b"round trip", &key, content, false).unwrap();
                assert_ne!(again, token);
                assert_eq!(
                    decrypt_to_vec(&again, &key, &[content]).unwrap().plaintext,
                    b"round trip"
                );
            }
        }
    }
}

#[test]
fn rsa_keys_load_from_every_form() {
    let alg = JweAlg::RsaOaep256;
    let private = rsa(alg);
    let jwk = private.public_jwk();
    for file in ["keys/rsa.pkcs1.pem", "keys/rsa.pkcs8.pem"] {
        assert_eq!(
            RsaOaepKey::from_pem(&text(file), alg).unwrap().public_jwk(),
            jwk
        );
    }
    for file in ["keys/rsa.pkcs1.der", "keys/rsa.pkcs8.der"] {
        let der = std::fs::read(data(file)).unwrap();
        assert_eq!(RsaOaepKey::from_der(&der, alg).unwrap().public_jwk(), jwk);
    }
    for file in [
        "keys/rsa.spki.pem",
        "keys/rsa.pkcs1-public.pem",
        "keys/rsa.pkcs8.pem",
    ] {
        assert_eq!(
            RsaOaepPublicKey::from_pem(&text(file), alg)
                .unwrap()
                .public_jwk(),
            jwk
        );
    }
    for file in ["keys/rsa.spki.der", "keys/rsa.pkcs1-public.der"] {
        let der = std::fs::read(data(file)).unwrap();
        assert_eq!(
            RsaOaepPublicKey::from_der(&der, alg).unwrap().public_jwk(),
            jwk
        );
    }
    let again = RsaOaepKey::from_jwk(&private.private_jwk(), Some(alg)).unwrap();
    assert_eq!(again.public_jwk(), jwk);
    // A public key cannot decrypt; an EC key is not an RSA key; a signature alg is refused.
    let message = key_message(RsaOaepKey::from_pem(&text("keys/rsa.spki.pem"), alg));
    assert!(
        message.starts_with("a public key cannot decrypt"),
        "{message}"
    );
    let message = key_message(RsaOaepPublicKey::from_pem(&text("keys/p256.spki.pem"), alg));
    assert_eq!(message, "RSA-OAEP needs an RSA key; this key is for ES256");
    let message = key_message(RsaOaepKey::from_pem(
        &text("keys/rsa.pkcs8.pem"),
        JweAlg::Dir,
    ));
    assert!(
        message.starts_with("an RSA key serves RSA-OAEP or RSA-OAEP-256, not dir"),
        "{message}"
    );
    assert!(format!("{private:?}").starts_with("RsaOaepKey { alg: RsaOaep256, bits: 2048"));
}

#[test]
fn keys_outside_2048_to_4096_bits_are_refused() {
    for alg in [JweAlg::RsaOaep, JweAlg::RsaOaep256] {
        for file in ["keys/rsa1024.pkcs8.pem", "keys/rsa1024.pkcs1.pem"] {
            let message = key_message(RsaOaepKey::from_pem(&text(file), alg));
            assert!(message.contains("1024 bits"), "{message}");
        }
        for file in ["keys/rsa1024.spki.pem", "keys/rsa1024.pkcs1-public.pem"] {
            let message = key_message(RsaOaepPublicKey::from_pem(&text(file), alg));
            assert!(message.contains("1024 bits"), "{message}");
        }
        let message = key_message(RsaOaepKey::from_jwk(
            &text("keys/rsa1024.jwk.json"),
            Some(alg),
        ));
        assert!(message.contains("1024 bits"), "{message}");
        let message = key_message(RsaOaepPublicKey::from_jwk(
            &text("keys/rsa1024.jwk.json"),
            Some(alg),
        ));
        assert!(message.contains("1024 bits"), "{message}");
        let message = key_message(RsaOaepKey::from_pem(&text("keys/rsa8192.pkcs8.pem"), alg));
        assert!(message.contains("8192 bits"), "{message}");
        let message = key_message(RsaOaepPublicKey::from_pem(
            &text("keys/rsa8192.spki.pem"),
            alg,
        ));
        assert!(message.contains("8192 bits"), "{message}");
    }
    assert_eq!(
        jose(RsaOaepKey::generate(JweAlg::RsaOaep, 1024)),
        Jose::Unsupported
    );
}

#[test]
fn every_failure_to_decrypt_is_decryption_failed() {
    let key = rsa(JweAlg::RsaOaep256);
    let token = encrypt_to_string(
        &HeaderParams::new(),
        b"secret",
        &key.public_key(),
        A256GCM,
        false,
    )
    .unwrap();
    // Encrypted key, IV, ciphertext and tag tampered with.
    for segment in 1..=4 {
        let bad = tampered(&token, segment);
        assert_eq!(
            jose(decrypt_to_vec(&bad, &key, &[A256GCM])),
            Jose::DecryptionFailed,
            "segment {segment}"
        );
    }
    // The header is the AAD.
    let header =
        Base64UrlUnpadded::encode_string(br#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"x"}"#);
    let (_, rest) = token.split_once('.').unwrap();
    assert_eq!(
        jose(decrypt_to_vec(
            &format!("{header}.{rest}"),
            &key,
            &[A256GCM]
        )),
        Jose::DecryptionFailed
    );
    // Another RSA key, and an encrypted key of the wrong length.
    let other = RsaOaepKey::from_pem(&text("keys/rsa4096.pkcs8.pem"), JweAlg::RsaOaep256).unwrap();
    assert_eq!(
        jose(decrypt_to_vec(&token, &other, &[A256GCM])),
        Jose::DecryptionFailed
    );
    let segments: Vec<&str> = token.split('.').collect();
    let short = [segments[0], "AAAA", segments[2], segments[3], segments[4]].join(".");
    assert_eq!(
        jose(decrypt_to_vec(&short, &key, &[A256GCM])),
        Jose::DecryptionFailed
    );
    // A CEK of the wrong length for the enc (a 16-byte key sent for A256GCM).
    let a128 = encrypt_to_string(&HeaderParams::new(), b"secret", &key, A128GCM, false).unwrap();
    let ek = a128.split('.').nth(1).unwrap();
    let mixed = [segments[0], ek, segments[2], segments[3], segments[4]].join(".");
    assert_eq!(
        jose(decrypt_to_vec(&mixed, &key, &[A256GCM])),
        Jose::DecryptionFailed
    );
    // A wrong dir key too.
    let dir = DirectKey::new(&[1; 32]).unwrap();
    let token = encrypt_to_string(&HeaderParams::new(), b"secret", &dir, A256GCM, false).unwrap();
    let wrong = DirectKey::new(&[2; 32]).unwrap();
    assert_eq!(
        jose(decrypt_to_vec(&token, &wrong, &[A256GCM])),
        Jose::DecryptionFailed
    );
}

#[test]
fn zip_round_trips_and_grows_the_buffer() {
    let key = DirectKey::new(&[9; 32]).unwrap();
    // 200 KB that DEFLATE makes tiny: decryption grows its buffer beyond the first guess.
    let plaintext: Vec<u8> = b"all work and no play makes a dull token. "
        .iter()
        .copied()
        .cycle()
        .take(200_000)
        .collect();
    let token = encrypt_to_string(&HeaderParams::new(), &plaintext, &key, A256GCM, true).unwrap();
    assert!(token.len() < 4_000, "{}", token.len());
    let jwe = UntrustedJwe::parse(&token).unwrap();
    assert!(jwe.is_compressed());
    assert_eq!(
        jwe.header().json(),
        r#"{"alg":"dir","enc":"A256GCM","zip":"DEF"}"#
    );
    let decrypted = decrypt_to_vec(&token, &key, &[A256GCM]).unwrap();
    assert_eq!(decrypted.plaintext, plaintext);
    assert!(decrypted.header.zip);
    // Beyond the limit, refused and not truncated.
    let limits = Limits::DEFAULT.with_inflated_len(199_999);
    assert_eq!(
        jose(decrypt_to_vec_with_limits(
            &token,
            &key,
            &[A256GCM],
            &limits
        )),
        Jose::LimitExceeded(Limit::InflatedLength)
    );
    let exact = Limits::DEFAULT.with_inflated_len(200_000);
    let decrypted = decrypt_to_vec_with_limits(&token, &key, &[A256GCM], &exact).unwrap();
    assert_eq!(decrypted.plaintext.len(), 200_000);
    // Small and incompressible content, with RSA-OAEP.
    let rsa_key = rsa(JweAlg::RsaOaep);
    for plaintext in [&b""[..], b"x", b"\x00\xff\x10 random-ish \x7f"] {
        let token =
            encrypt_to_string(&HeaderParams::new(), plaintext, &rsa_key, A128GCM, true).unwrap();
        assert_eq!(
            decrypt_to_vec(&token, &rsa_key, &[A128GCM])
                .unwrap()
                .plaintext,
            plaintext
        );
    }
}

#[test]
fn owned_api_round_trips_dir_a256gcm() {
    let key = DirectKey::new(&[4; 32]).unwrap();
    for plaintext in [&b""[..], b"a", &[0u8; 5000][..]] {
        let header = HeaderParams::new()
            .kid("dir-1")
            .cty("application/octet-stream");
        let token = encrypt_to_string(&header, plaintext, &key, A256GCM, false).unwrap();
        let segments: Vec<&str> = token.split('.').collect();
        assert_eq!(segments.len(), 5);
        assert_eq!(segments[1], "", "dir has an empty encrypted key");
        let decrypted = decrypt_to_vec(&token, &key, &[A256GCM]).unwrap();
        assert_eq!(decrypted.plaintext, plaintext);
        assert_eq!(
            decrypted.header_json,
            r#"{"alg":"dir","enc":"A256GCM","kid":"dir-1","cty":"application/octet-stream"}"#
        );
        assert_eq!(decrypted.header.kid.as_deref(), Some("dir-1"));
        assert_eq!(decrypted.header.typ, None);
    }
    // A key that cannot serve the enc is refused before anything is written.
    assert_eq!(
        jose(encrypt_to_string(
            &HeaderParams::new(),
            b"x",
            &key,
            A128GCM,
            false
        )),
        Jose::KeyRejected(tinyjose::KeyReason::WrongLength)
    );
    // A long kid still fits.
    let kid = "k".repeat(900);
    let token =
        encrypt_to_string(&HeaderParams::new().kid(&kid), b"x", &key, A256GCM, false).unwrap();
    assert_eq!(
        decrypt_to_vec(&token, &key, &[A256GCM]).unwrap().header.kid,
        Some(kid)
    );
}

#[test]
fn encrypted_jwt_claims_are_validated() {
    let key = DirectKey::new(&[6; 32]).unwrap();
    let claims = br#"{"iss":"https://issuer.example","aud":"api","exp":2000,"nbf":500}"#;
    let token = encrypt_to_string(
        &HeaderParams::new().typ("JWT"),
        claims,
        &key,
        A256GCM,
        false,
    )
    .unwrap();
    let at = |t| Validation::new(UnixTime::from_secs(t)).audience("api");
    let decrypted = decrypt_jwt(&token, &key, &[A256GCM], &at(1000)).unwrap();
    assert_eq!(decrypted.plaintext, claims);
    let code = |v: &Validation<'_>| decrypt_jwt(&token, &key, &[A256GCM], v).unwrap_err().code();
    assert_eq!(code(&at(2000)), "expired");
    assert_eq!(code(&at(100)), "not_yet_valid");
    assert_eq!(
        code(&Validation::new(UnixTime::from_secs(1000))),
        "audience_mismatch"
    );
    assert_eq!(
        code(&at(1000).issuer("https://other.example")),
        "issuer_mismatch"
    );
    assert_eq!(code(&at(1000).typ("at+jwt")), "type_mismatch");
    assert!(decrypt_jwt(&token, &key, &[A256GCM], &at(1000).typ("application/jwt")).is_ok());
    assert_eq!(code(&at(1000).require(&["scope"])), "missing_claim");
    // A plaintext that is not a claim set.
    let token = encrypt_to_string(&HeaderParams::new(), b"not json", &key, A256GCM, false).unwrap();
    assert_eq!(
        jose(decrypt_jwt(&token, &key, &[A256GCM], &at(1000))),
        Jose::Json(tinyjose::Part::Payload)
    );
}

#[test]
fn nested_jwt_is_decrypted_then_verified() {
    let signer = HmacKey::hs256(b"a shared secret of at least 32 bytes").unwrap();
    let keys = KeySet::from(JwkKey::Hmac(signer.clone()));
    let jws = sign_to_string(
        &HeaderParams::new().typ("JWT"),
        br#"{"sub":"alice","exp":2000}"#,
        &signer,
    )
    .unwrap();
    let recipient = rsa(JweAlg::RsaOaep256);
    let outer = HeaderParams::new().cty("JWT");
    let token = encrypt_to_string(
        &outer,
        jws.as_bytes(),
        &recipient.public_key(),
        A256GCM,
        false,
    )
    .unwrap();
    let at = |t| Validation::new(UnixTime::from_secs(t));
    let nested = decrypt_nested_jwt(&token, &recipient, &[A256GCM], &keys, &at(1000)).unwrap();
    assert_eq!(nested.jws.payload, br#"{"sub":"alice","exp":2000}"#);
    assert_eq!(nested.jws.header_json, r#"{"alg":"HS256","typ":"JWT"}"#);
    assert_eq!(nested.jwe.alg, JweAlg::RsaOaep256);
    // The inner claims are validated, and the inner signature verified with its own key.
    let code = |token: &str, keys: &KeySet, t| {
        decrypt_nested_jwt(token, &recipient, &[A256GCM], keys, &at(t))
            .unwrap_err()
            .code()
    };
    assert_eq!(code(&token, &keys, 3000), "expired");
    let other = KeySet::from(JwkKey::Hmac(
        HmacKey::hs256(b"another shared secret of 32 bytes!").unwrap(),
    ));
    assert_eq!(code(&token, &other, 1000), "invalid_signature");
    // "application/jwt" and any case are JWT too.
    for cty in ["application/jwt", "jwt"] {
        let token = encrypt_to_string(
            &HeaderParams::new().cty(cty),
            jws.as_bytes(),
            &recipient,
            A256GCM,
            false,
        )
        .unwrap();
        assert!(decrypt_nested_jwt(&token, &recipient, &[A256GCM], &keys, &at(1000)).is_ok());
    }
    // Without cty JWT, refused.
    let bare = encrypt_to_string(
        &HeaderParams::new(),
        jws.as_bytes(),
        &recipient,
        A256GCM,
        false,
    )
    .unwrap();
    assert_eq!(
        jose(decrypt_nested_jwt(
            &bare,
            &recipient,
            &[A256GCM],
            &keys,
            &at(1000)
        )),
        Jose::Malformed(tinyjose::Part::Payload)
    );
    // A JWE inside a JWE is refused.
    let inner = encrypt_to_string(&HeaderParams::new(), b"{}", &recipient, A256GCM, false).unwrap();
    let double = encrypt_to_string(&outer, inner.as_bytes(), &recipient, A256GCM, false).unwrap();
    assert_eq!(
        jose(decrypt_nested_jwt(
            &double,
            &recipient,
            &[A256GCM],
            &keys,
            &at(1000)
        )),
        Jose::Malformed(tinyjose::Part::Token)
    );
}

/// The inner token of a nested JWT passes the core's one check, untrimmed: what the core refuses,
/// this crate refuses with the same error.
#[test]
fn nested_jwt_inner_token_is_checked_as_the_core_checks_it() {
    let signer = HmacKey::hs256(b"a shared secret of at least 32 bytes").unwrap();
    let keys = KeySet::from(JwkKey::Hmac(signer.clone()));
    let jws = sign_to_string(&HeaderParams::new(), br#"{"sub":"alice"}"#, &signer).unwrap();
    let key = DirectKey::new(&[4; 32]).unwrap();
    let at = Validation::new(UnixTime::from_secs(1000));
    for (inner, cty) in [
        (format!("{jws}\n"), "JWT"),
        (format!(" {jws}"), "JWT"),
        (format!("{jws}\r\n"), "application/jwt"),
        (jws.clone(), "JWS"),
        (jws.clone(), "application/jwt/x"),
    ] {
        let token = encrypt_to_string(
            &HeaderParams::new().cty(cty),
            inner.as_bytes(),
            &key,
            A256GCM,
            false,
        )
        .unwrap();
        let (mut jwe_buf, mut out) = ([0u8; 1024], [0u8; 1024]);
        let core = tinyjose::decrypt_nested_jwt(
            &token,
            &key,
            &[A256GCM],
            &signer,
            &at,
            &mut jwe_buf,
            &mut out,
        )
        .unwrap_err();
        let std = decrypt_nested_jwt(&token, &key, &[A256GCM], &keys, &at);
        assert_eq!(jose(std), core, "{inner:?} with cty {cty}");
    }
    let token = encrypt_to_string(
        &HeaderParams::new().cty("JWT"),
        jws.as_bytes(),
        &key,
        A256GCM,
        false,
    )
    .unwrap();
    assert!(decrypt_nested_jwt(&token, &key, &[A256GCM], &keys, &at).is_ok());
}

#[test]
fn owned_api_serves_every_core_key_family() {
    use tinyjose::{
        A128CBC_HS256, A256CBC_HS512, AesGcmKwKey, AesKwKey, EcdhEsPrivateKey, Jwk, Pbes2Key,
    };
    let jwe_key = |json: &str| Jwk::parse(json).unwrap().to_jwe_key(None).unwrap();
    let ecdh = jwe_key(
        r#"{"kty":"OKP","crv":"X25519","alg":"ECDH-ES+A128KW","d":"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}"#,
    );
    let p256 = EcdhEsPrivateKey::p256(JweAlg::EcdhEs, &[5; 32]).unwrap();
    let keys: [(&dyn JweDecrypter, &dyn tinyjose::JweEncrypter); 5] = [
        (
            &AesKwKey::new(JweAlg::A256Kw, &[1; 32]).unwrap(),
            &AesKwKey::new(JweAlg::A256Kw, &[1; 32]).unwrap(),
        ),
        (
            &AesGcmKwKey::new(JweAlg::A128GcmKw, &[2; 16]).unwrap(),
            &AesGcmKwKey::new(JweAlg::A128GcmKw, &[2; 16]).unwrap(),
        ),
        (
            &Pbes2Key::new(JweAlg::Pbes2Hs256A128Kw, b"pw").unwrap(),
            &Pbes2Key::new(JweAlg::Pbes2Hs256A128Kw, b"pw").unwrap(),
        ),
        (&ecdh, &ecdh),
        (&p256, &p256.public_key()),
    ];
    for (decrypter, encrypter) in keys {
        for content in [A128CBC_HS256, A256CBC_HS512, A256GCM] {
            for zip in [false, true] {
                let token =
                    encrypt_to_string(&HeaderParams::new(), b"family", encrypter, content, zip)
                        .unwrap();
                let decrypted = decrypt_to_vec(&token, decrypter, &[content]).unwrap();
                assert_eq!(decrypted.plaintext, b"family");
                assert_eq!(decrypted.header.alg, decrypter.alg());
                assert_eq!(
                    jose(decrypt_to_vec(&tampered(&token, 3), decrypter, &[content])),
                    Jose::DecryptionFailed
                );
            }
        }
    }
    // A p2c above the limit is refused when the token is parsed.
    let key = Pbes2Key::new(JweAlg::Pbes2Hs256A128Kw, b"pw")
        .unwrap()
        .with_count(20_000)
        .unwrap();
    let token = encrypt_to_string(&HeaderParams::new(), b"x", &key, A256GCM, false).unwrap();
    assert_eq!(
        jose(decrypt_to_vec(&token, &key, &[A256GCM])),
        Jose::LimitExceeded(Limit::Pbes2Count)
    );
    let limits = Limits::DEFAULT.with_pbes2_count(20_000);
    assert_eq!(
        decrypt_to_vec_with_limits(&token, &key, &[A256GCM], &limits)
            .unwrap()
            .plaintext,
        b"x"
    );
}

#[test]
fn ecdh_es_keys_load_from_pem_and_der() {
    use tinyjose_std::{ecdh_es_key_from_der, ecdh_es_key_from_pem};
    let keys = |name: &str| text(&format!("keys/{name}"));
    for (private, public) in [
        ("x25519.pkcs8.pem", "x25519.spki.pem"),
        ("p256.pkcs8.pem", "p256.spki.pem"),
        ("p256.sec1.pem", "p256.spki.pem"),
        ("p384.pkcs8.pem", "p384.spki.pem"),
    ] {
        for alg in [JweAlg::EcdhEs, JweAlg::EcdhEsA256Kw] {
            let recipient = ecdh_es_key_from_pem(&keys(private), alg).unwrap();
            let sender = ecdh_es_key_from_pem(&keys(public), alg).unwrap();
            assert!(
                recipient.can_decrypt() && !sender.can_decrypt(),
                "{private}"
            );
            let token = encrypt_to_string(
                &HeaderParams::new(),
                b"to the device",
                &sender,
                A256GCM,
                false,
            )
            .unwrap();
            let decrypted = decrypt_to_vec(&token, &recipient, &[A256GCM]).unwrap();
            assert_eq!(decrypted.plaintext, b"to the device", "{private} {alg}");
            // The public key cannot decrypt, whatever the token.
            assert_eq!(
                decrypt_to_vec(&token, &sender, &[A256GCM])
                    .unwrap_err()
                    .code(),
                "decryption_failed"
            );
        }
    }
    let der = std::fs::read(data("keys/p256.pkcs8.der")).unwrap();
    assert!(
        ecdh_es_key_from_der(&der, JweAlg::EcdhEs)
            .unwrap()
            .can_decrypt()
    );
    // Keys of other kinds, and other algorithms, are refused.
    for other in [
        "ed25519.pkcs8.pem",
        "p521.pkcs8.pem",
        "rsa.pkcs8.pem",
        "secp256k1.spki.pem",
        "p256.encrypted.pem",
    ] {
        assert!(
            ecdh_es_key_from_pem(&keys(other), JweAlg::EcdhEs).is_err(),
            "{other}"
        );
    }
    let err = ecdh_es_key_from_pem(&keys("x25519.pkcs8.pem"), JweAlg::A128Kw).unwrap_err();
    assert_eq!(err.code(), "unsupported_alg");
}
