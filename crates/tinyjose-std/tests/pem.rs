//! PEM and DER keys in every supported form load to the key an independent implementation
//! (Python's `cryptography`) reads from them; every other key is refused with a message that
//! says why.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad vectors, as tests do"
)]

use std::path::PathBuf;

use serde_json::Value;
use tinyjose_std::{
    Error, JwsAlg, JwsVerifier, key_from_der, key_from_pem, private_jwk, public_jwk,
};

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/keys")
        .join(name)
}

fn text(name: &str) -> String {
    std::fs::read_to_string(path(name)).unwrap()
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(path(name)).unwrap()
}

fn expected(name: &str) -> (JwsAlg, Value) {
    let all: Value = serde_json::from_str(&text("expected.json")).unwrap();
    let alg = JwsAlg::from_name(all[name]["alg"].as_str().unwrap()).unwrap();
    (alg, all[name]["jwk"].clone())
}

fn public_of(private: &Value) -> Value {
    let mut public = private.clone();
    public.as_object_mut().unwrap().remove("d");
    public
}

/// The message of a key error, and that it has the `key_rejected` code.
fn key_message(result: Result<tinyjose_std::JwkKey, Error>) -> String {
    let err = result.unwrap_err();
    assert_eq!(err.code(), "key_rejected");
    let Error::Key(key) = err else {
        panic!("not a key error: {err:?}")
    };
    key.to_string()
}

#[test]
fn every_form_of_every_key_loads_to_the_same_key() {
    for name in ["p256", "p384", "p521", "ed25519"] {
        let (alg, jwk) = expected(name);
        let forms = [
            ("spki.pem", false),
            ("pkcs8.pem", true),
            ("sec1.pem", true),
            ("spki.der", false),
            ("pkcs8.der", true),
            ("sec1.der", true),
        ];
        for (form, private) in forms {
            let file = format!("{name}.{form}");
            if name == "ed25519" && form.starts_with("sec1") {
                continue;
            }
            let key = if form.ends_with(".pem") {
                key_from_pem(&text(&file), None)
            } else {
                key_from_der(&bytes(&file), None)
            }
            .unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(key.alg(), alg, "{file}");
            assert_eq!(key.as_signer().is_some(), private, "{file}");
            let public: Value = serde_json::from_str(&public_jwk(&key).unwrap()).unwrap();
            assert_eq!(public, public_of(&jwk), "{file}");
            if private {
                let text = private_jwk(&key).unwrap();
                let private: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(private, jwk, "{file}");
            }
        }
    }
}

#[test]
fn openssl_ec_parameters_block_and_surrounding_text_are_skipped() {
    let (alg, jwk) = expected("p256.params-and-sec1");
    let pem = format!(
        "Key for the tests\n{}\ntrailing words\n",
        text("p256.params-and-sec1.pem")
    );
    let key = key_from_pem(&pem, Some(alg)).unwrap();
    let private: Value = serde_json::from_str(&private_jwk(&key).unwrap()).unwrap();
    assert_eq!(private, jwk);
}

#[test]
fn the_key_decides_the_algorithm() {
    let pem = text("p256.spki.pem");
    assert_eq!(
        key_from_pem(&pem, Some(JwsAlg::Es256)).unwrap().alg(),
        JwsAlg::Es256
    );
    for other in [JwsAlg::Es384, JwsAlg::Hs256, JwsAlg::EdDsa, JwsAlg::Rs256] {
        assert_eq!(
            key_message(key_from_pem(&pem, Some(other))),
            format!("the key is for ES256, not {other}")
        );
    }
    assert_eq!(
        key_message(key_from_der(
            &bytes("ed25519.spki.der"),
            Some(JwsAlg::Es256)
        )),
        "the key is for EdDSA, not ES256"
    );
}

#[test]
fn keys_tinyjose_does_not_use_are_refused_with_the_reason() {
    for (file, message) in [
        (
            "rsa.spki.pem",
            "an RSA key implies no algorithm: name the one it is for (RS256, RS384, RS512, \
             PS256, PS384 or PS512)",
        ),
        (
            "rsa.pkcs1.pem",
            "an RSA key implies no algorithm: name the one it is for (RS256, RS384, RS512, \
             PS256, PS384 or PS512)",
        ),
        (
            "p256.encrypted.pem",
            "encrypted private keys are not supported: decrypt it first (openssl pkcs8 -in \
             KEY.pem -out PLAIN.pem)",
        ),
        (
            "secp256k1.spki.pem",
            "unsupported elliptic curve 1.3.132.0.10: expected P-256, P-384 or P-521",
        ),
        ("x25519.pkcs8.pem", "unsupported key algorithm 1.3.101.110"),
    ] {
        assert_eq!(
            key_message(key_from_pem(&text(file), None)),
            message,
            "{file}"
        );
    }
}

#[test]
fn broken_pem_and_der_are_refused_with_the_parser_error_as_source() {
    assert_eq!(
        key_message(key_from_pem("just text", None)),
        "no PEM block (-----BEGIN ...-----) found"
    );
    let params_only =
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
    assert_eq!(
        key_message(key_from_pem(params_only, None)),
        "the PEM holds EC parameters but no key"
    );
    let label = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    assert_eq!(
        key_message(key_from_pem(label, None)),
        "unexpected PEM label \"CERTIFICATE\": expected PUBLIC KEY, PRIVATE KEY, EC PRIVATE KEY, \
         RSA PUBLIC KEY or RSA PRIVATE KEY"
    );

    // A block whose base64 is broken: the PEM parser's error is the source.
    let broken = "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n";
    let err = key_from_pem(broken, None).unwrap_err();
    assert_eq!(err.to_string(), "a PEM block is malformed");
    let source = core::error::Error::source(&err).unwrap();
    assert!(
        core::error::Error::source(source).is_some(),
        "the parser error is chained"
    );

    // A public key whose point is cut short.
    let mut der = bytes("p256.spki.der");
    der.truncate(der.len() - 1);
    assert_eq!(
        key_message(key_from_der(&der, None)),
        "not a SPKI public key, PKCS#8 private key, PKCS#1 RSA key or SEC1 EC private key (DER)"
    );
    assert_eq!(
        key_message(key_from_der(b"", None)),
        "not a SPKI public key, PKCS#8 private key, PKCS#1 RSA key or SEC1 EC private key (DER)"
    );

    // A SPKI whose point is not on the curve.
    let mut der = bytes("p256.spki.der");
    let last = der.len() - 1;
    der[last] ^= 1;
    assert!(key_message(key_from_der(&der, None)).starts_with("not a valid P-256 public key"));
}
