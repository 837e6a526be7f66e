//! `tinyjose encrypt`, `tinyjose decrypt` and `tinyjose verify --decrypt-key`, run as scripts run
//! them: round trips for every key management family this build has, the exit status and
//! `error[CODE]` of each refusal, RSA1_5 refused by design.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly, as tests do"
)]

#[path = "common/cli.rs"]
mod common;

use std::path::Path;
use std::process::Command;

use base64ct::{Base64UrlUnpadded, Encoding};
use common::{
    header_of, jwk_generate, jwk_generate_refuses, key_file, repo, run, run_with_stdin, scratch,
    tampered, write,
};
use serde_json::{Value, json};

const HS256_JWK: &str = "examples/keys/demo-hs256.jwk.json";

/// Encrypts `plaintext` with `args` and returns the token.
fn encrypt(args: &[&str], plaintext: &str) -> String {
    let mut all = vec!["encrypt"];
    all.extend_from_slice(args);
    all.push(plaintext);
    run(&all).ok().trim().to_owned()
}

/// Encrypts `plaintext` with RSA-OAEP-256 and A256GCM to the RSA test key of `tinyjose-std`.
fn to_rsa_test_key(plaintext: &str) -> String {
    let public = key_file("rsa.spki.pem");
    encrypt(
        &[
            "--key",
            &public,
            "--alg",
            "RSA-OAEP-256",
            "--enc",
            "A256GCM",
        ],
        plaintext,
    )
}

/// A 256-bit `oct` JWK with these extra members.
fn oct_jwk(dir: &Path, name: &str, extra: &Value) -> String {
    let mut jwk = json!({"kty": "oct", "k": Base64UrlUnpadded::encode_string(&[7; 32])});
    for (k, v) in extra.as_object().unwrap() {
        jwk[k] = v.clone();
    }
    write(dir, name, jwk.to_string().as_bytes())
}

#[test]
fn dir_round_trips() {
    let dir = scratch();
    let key = oct_jwk(&dir, "dir.json", &json!({"alg": "dir", "use": "enc"}));
    let token = encrypt(
        &[
            "--key",
            &key,
            "--enc",
            "A256GCM",
            "--kid",
            "k1",
            "--cty",
            "text/plain",
        ],
        "hello, world",
    );
    assert_eq!(token.split('.').count(), 5);
    assert_eq!(
        header_of(&token),
        json!({"alg": "dir", "enc": "A256GCM", "kid": "k1", "cty": "text/plain"})
    );
    assert_eq!(
        run(&["decrypt", "--key", &key, &token]).ok(),
        "hello, world\n"
    );
    // The token from stdin, and from a file.
    assert_eq!(
        run_with_stdin(&["decrypt", "--key", &key, "-"], token.as_bytes()).ok(),
        "hello, world\n"
    );
    let file = write(&dir, "token.jwe", format!("{token}\n").as_bytes());
    assert_eq!(
        run(&["decrypt", "--key", &key, &file]).ok(),
        "hello, world\n"
    );
    // The plaintext from stdin and from @FILE.
    let token = run_with_stdin(
        &["encrypt", "--key", &key, "--enc", "A256GCM"],
        b"from stdin",
    )
    .ok()
    .trim()
    .to_owned();
    assert_eq!(
        run(&["decrypt", "--key", &key, &token]).ok(),
        "from stdin\n"
    );
    let plain = write(&dir, "plain.bin", b"\x00\x01binary\xff");
    let token = encrypt(&["--key", &key, "--enc", "A256GCM"], &format!("@{plain}"));
    let out = Command::new(env!("CARGO_BIN_EXE_tinyjose"))
        .args(["decrypt", "--key", &key, &token])
        .current_dir(repo())
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"\x00\x01binary\xff\n");
    // A secret without "alg" needs --alg, to encrypt and to decrypt: the token never chooses
    // among the families it serves.
    let bare = oct_jwk(&dir, "bare.json", &json!({}));
    run(&["encrypt", "--key", &bare, "--enc", "A256GCM", "x"]).usage("pass --alg");
    let token = encrypt(&["--key", &bare, "--alg", "dir", "--enc", "A256GCM"], "x");
    run(&["decrypt", "--key", &bare, &token]).usage("pass --alg");
    assert_eq!(
        run(&["decrypt", "--key", &bare, "--alg", "dir", &token]).ok(),
        "x\n"
    );
    // --alg restricts the key and the token.
    run(&["decrypt", "--key", &key, "--alg", "RSA-OAEP", &token])
        .usage("the key is for dir, which --alg does not allow");
    run(&[
        "decrypt", "--key", &bare, "--alg", "RSA-OAEP", "--alg", "A256KW", &token,
    ])
    .rejected("alg_mismatch");
    // --enc restricts the content encryption.
    run(&["decrypt", "--key", &key, "--enc", "A128GCM", &token]).rejected("unsupported_enc");
    assert_eq!(
        run(&[
            "decrypt", "--key", &key, "--enc", "A128GCM", "--enc", "A256GCM", &token
        ])
        .ok(),
        "x\n"
    );
    // A 256-bit dir key is for A256GCM (or A128CBC-HS256), not A128GCM.
    run(&["encrypt", "--key", &key, "--enc", "A128GCM", "x"]).usage("cannot encrypt with A128GCM");
    // A signing key is not an encryption key.
    let sig = oct_jwk(&dir, "sig.json", &json!({"alg": "dir", "use": "sig"}));
    run(&["encrypt", "--key", &sig, "--enc", "A256GCM", "x"]).usage("encryption needs \"enc\"");
}

#[test]
fn every_key_management_family_round_trips() {
    let dir = scratch();
    let oct = jwk_generate(&["--kty", "oct", "--use", "enc"])
        .ok()
        .trim()
        .to_owned();
    let oct = write(&dir, "oct.json", oct.as_bytes());
    let ec = jwk_generate(&["--kty", "EC", "--crv", "P-384", "--use", "enc"])
        .ok()
        .trim()
        .to_owned();
    let ec = write(&dir, "ec.json", ec.as_bytes());
    let ec_public = run(&["jwk", "public", &ec]).ok().trim().to_owned();
    assert!(!ec_public.contains("\"d\""), "{ec_public}");
    let ec_public = write(&dir, "ec.pub.json", ec_public.as_bytes());
    // RFC 7748 §6.1: Alice's X25519 key.
    let x25519 = json!({"kty": "OKP", "crv": "X25519", "use": "enc",
        "d": "dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo",
        "x": "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"});
    let x25519 = write(&dir, "x25519.json", x25519.to_string().as_bytes());
    let x25519_public = run(&["jwk", "public", &x25519]).ok().trim().to_owned();
    let x25519_public = write(&dir, "x25519.pub.json", x25519_public.as_bytes());
    let password = write(&dir, "password.txt", b"correct horse battery staple\n");
    let ec_pem = "examples/keys/demo-es256.pem";
    let ec_pub_pem = "examples/keys/demo-es256.pub.pem";
    let oct128 = json!({"kty": "oct", "k": Base64UrlUnpadded::encode_string(&[3; 16])});
    let oct128 = write(&dir, "oct128.json", oct128.to_string().as_bytes());
    let cases: [(&str, &str, &str, &str); 13] = [
        ("A128KW", &oct128, &oct128, "A128GCM"),
        ("A128GCMKW", &oct128, &oct128, "A256GCM"),
        ("A256KW", &oct, &oct, "A256CBC-HS512"),
        ("A256GCMKW", &oct, &oct, "A128CBC-HS256"),
        ("ECDH-ES", &ec_public, &ec, "A256GCM"),
        ("ECDH-ES+A128KW", &ec_public, &ec, "A256GCM"),
        ("ECDH-ES+A256KW", &ec, &ec, "A192CBC-HS384"),
        ("ECDH-ES+A128KW", ec_pub_pem, ec_pem, "A128GCM"),
        ("ECDH-ES", ec_pem, ec_pem, "A256GCM"),
        ("ECDH-ES+A192KW", &x25519_public, &x25519, "A192GCM"),
        ("PBES2-HS256+A128KW", &password, &password, "A128CBC-HS256"),
        ("PBES2-HS512+A256KW", &password, &password, "A256GCM"),
        (
            "RSA-OAEP-256",
            &key_file("rsa.spki.pem"),
            &key_file("rsa.pkcs8.pem"),
            "A256GCM",
        ),
    ];
    for (alg, public, private, enc) in cases {
        let token = encrypt(&["--key", public, "--alg", alg, "--enc", enc], "family");
        let header = header_of(&token);
        assert_eq!(
            (header["alg"].as_str(), header["enc"].as_str()),
            (Some(alg), Some(enc))
        );
        assert_eq!(
            run(&["decrypt", "--key", private, "--alg", alg, &token]).ok(),
            "family\n",
            "{alg}"
        );
        run(&[
            "decrypt",
            "--key",
            private,
            "--alg",
            alg,
            &tampered(&token, 3),
        ])
        .rejected("decryption_failed");
    }
    // The password file's last line ending is not part of the password.
    let token = encrypt(
        &[
            "--key",
            &password,
            "--alg",
            "PBES2-HS256+A128KW",
            "--enc",
            "A128GCM",
        ],
        "pw",
    );
    let bare = write(&dir, "bare.txt", b"correct horse battery staple");
    assert_eq!(
        run(&[
            "decrypt",
            "--key",
            &bare,
            "--alg",
            "PBES2-HS256+A128KW",
            &token
        ])
        .ok(),
        "pw\n"
    );
    let other = write(&dir, "other.txt", b"Tr0ub4dor&3");
    run(&[
        "decrypt",
        "--key",
        &other,
        "--alg",
        "PBES2-HS256+A128KW",
        &token,
    ])
    .rejected("decryption_failed");
    // A public key cannot decrypt; an EC key serves only ECDH-ES.
    let token = encrypt(
        &["--key", &ec_public, "--alg", "ECDH-ES", "--enc", "A256GCM"],
        "x",
    );
    run(&["decrypt", "--key", &ec_public, "--alg", "ECDH-ES", &token])
        .usage("a public key cannot decrypt");
    run(&[
        "encrypt", "--key", ec_pem, "--alg", "A128KW", "--enc", "A128GCM", "x",
    ])
    .usage("an EC key serves the ECDH-ES algorithms, not A128KW");
}

#[test]
fn zip_round_trips() {
    let dir = scratch();
    let key = oct_jwk(&dir, "dir.json", &json!({"alg": "dir"}));
    let text = "all work and no play makes a dull token. ".repeat(5000);
    let plain = write(&dir, "plain.txt", text.as_bytes());
    let token = encrypt(
        &["--key", &key, "--enc", "A256GCM", "--zip"],
        &format!("@{plain}"),
    );
    assert_eq!(header_of(&token)["zip"], "DEF");
    assert!(token.len() < 2_000, "{}", token.len());
    assert_eq!(
        run(&["decrypt", "--key", &key, &token]).ok(),
        format!("{text}\n")
    );
    // Without --zip, no "zip".
    let token = encrypt(&["--key", &key, "--enc", "A256GCM"], "short");
    assert_eq!(header_of(&token).get("zip"), None);
}

#[test]
fn rsa_oaep_round_trips() {
    let dir = scratch();
    let private_jwk = run(&["jwk", "convert", &key_file("rsa.pkcs8.pem")])
        .ok()
        .trim()
        .to_owned();
    let private_jwk = write(&dir, "rsa.jwk.json", private_jwk.as_bytes());
    let public_jwk = run(&["jwk", "public", &private_jwk]).ok().trim().to_owned();
    let kid = serde_json::from_str::<Value>(&public_jwk).unwrap()["kid"].clone();
    assert!(kid.is_string());
    let public_jwk = write(&dir, "rsa.pub.json", public_jwk.as_bytes());
    for alg in ["RSA-OAEP-256", "RSA-OAEP"] {
        for (public, private) in [
            (key_file("rsa.spki.pem"), key_file("rsa.pkcs8.pem")),
            (key_file("rsa.pkcs1-public.der"), key_file("rsa.pkcs1.der")),
            (public_jwk.clone(), private_jwk.clone()),
        ] {
            for enc in ["A128GCM", "A256GCM"] {
                let token = encrypt(&["--key", &public, "--alg", alg, "--enc", enc], "secret");
                let mut header = json!({"alg": alg, "enc": enc});
                if public == public_jwk {
                    // The JWK's kid (its thumbprint, from `jwk convert`) names the key.
                    header["kid"] = kid.clone();
                }
                assert_eq!(header_of(&token), header);
                assert_eq!(
                    run(&["decrypt", "--key", &private, "--alg", alg, &token]).ok(),
                    "secret\n"
                );
                // A public key cannot decrypt.
                run(&["decrypt", "--key", &public, "--alg", alg, &token])
                    .usage("a public key cannot decrypt");
            }
        }
    }
    // An RSA key serves only RSA-OAEP: the token's, restricted by --alg.
    let token = to_rsa_test_key("x");
    run(&["decrypt", "--key", &key_file("rsa.pkcs8.pem"), &token]).exactly(0, "x\n", "");
    run(&[
        "decrypt",
        "--key",
        &key_file("rsa.pkcs8.pem"),
        "--alg",
        "RSA-OAEP",
        &token,
    ])
    .rejected("alg_mismatch");
    run(&[
        "encrypt",
        "--key",
        &key_file("rsa.spki.pem"),
        "--alg",
        "dir",
        "--enc",
        "A256GCM",
        "x",
    ])
    .usage("an RSA key serves RSA-OAEP or RSA-OAEP-256, not dir");
    // Keys outside 2048 to 4096 bits are refused.
    run(&[
        "encrypt",
        "--key",
        &key_file("rsa1024.spki.pem"),
        "--alg",
        "RSA-OAEP-256",
        "--enc",
        "A256GCM",
        "x",
    ])
    .usage("1024 bits");
    // A JWK Set chooses the key by kid.
    let mut jwk: Value =
        serde_json::from_str(&std::fs::read_to_string(&private_jwk).unwrap()).unwrap();
    jwk["kid"] = "r1".into();
    let set = write(
        &dir,
        "set.json",
        json!({"keys": [jwk]}).to_string().as_bytes(),
    );
    let to_kid = |kid: &str, plaintext: &str| {
        let args = [
            "--key",
            &public_jwk,
            "--alg",
            "RSA-OAEP-256",
            "--enc",
            "A256GCM",
            "--kid",
            kid,
        ];
        encrypt(&args, plaintext)
    };
    let token = to_kid("r1", "from the set");
    assert_eq!(
        run(&["decrypt", "--key", &set, &token]).ok(),
        "from the set\n"
    );
    let other = to_kid("r2", "x");
    run(&["decrypt", "--key", &set, &other]).rejected("no_matching_key");
}

#[test]
fn tampered_tokens_and_wrong_keys_fail_to_decrypt() {
    let dir = scratch();
    let rsa_token = to_rsa_test_key("secret");
    let rsa = ["--key", &key_file("rsa.pkcs8.pem"), "--alg", "RSA-OAEP-256"];
    let key = oct_jwk(&dir, "dir.json", &json!({"alg": "dir"}));
    let dir_token = encrypt(&["--key", &key, "--enc", "A256GCM"], "secret");
    for segment in 1..=4 {
        let mut args = vec!["decrypt"];
        args.extend_from_slice(&rsa);
        let bad = tampered(&rsa_token, segment);
        args.push(&bad);
        let message = run(&args).rejected("decryption_failed");
        assert_eq!(message, "error[decryption_failed]: decryption failed\n");
        if segment > 1 {
            run(&["decrypt", "--key", &key, &tampered(&dir_token, segment)])
                .rejected("decryption_failed");
        }
    }
    // Another key of the right kind.
    run(&[
        "decrypt",
        "--key",
        &key_file("rsa4096.pkcs8.pem"),
        "--alg",
        "RSA-OAEP-256",
        &rsa_token,
    ])
    .rejected("decryption_failed");
    let other = write(
        &dir,
        "other.json",
        json!({"kty": "oct", "alg": "dir", "k": Base64UrlUnpadded::encode_string(&[8; 32])})
            .to_string()
            .as_bytes(),
    );
    run(&["decrypt", "--key", &other, &dir_token]).rejected("decryption_failed");
    // Not a JWE at all.
    run(&["decrypt", "--key", &key, "a.b.c"]).rejected("malformed");
}

#[test]
fn pbes2_count_above_the_limit_is_refused_before_any_work() {
    let dir = scratch();
    let password = write(&dir, "password.txt", b"correct horse battery staple\n");
    let token = |p2c: u32| {
        let header = json!({"alg": "PBES2-HS256+A128KW", "enc": "A128GCM",
            "p2s": "AAAAAAAAAAAAAAAAAAAAAA", "p2c": p2c});
        format!(
            "{}.{}.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA",
            Base64UrlUnpadded::encode_string(header.to_string().as_bytes()),
            "A".repeat(32)
        )
    };
    let args = ["decrypt", "--key", &password, "--alg", "PBES2-HS256+A128KW"];
    let t10001 = token(10_001);
    let message = run(&[&args[..], &[&t10001]].concat()).rejected("limit_exceeded");
    assert!(message.contains("pbes2 iteration count"), "{message}");
    let t1001 = token(1001);
    let lowered = [&args[..], &["--max-pbes2-count", "1000", &t1001]].concat();
    run(&lowered).rejected("limit_exceeded");
    let t1 = token(1);
    run(&[&args[..], &["--max-pbes2-count", "many", &t1]].concat()).usage("invalid value");
}

#[test]
fn pbes2_count_is_chosen_when_encrypting() {
    let dir = scratch();
    let password = write(
        &dir,
        "password.txt",
        b"correct horse battery staple
",
    );
    let alg = ["--key", &password, "--alg", "PBES2-HS256+A128KW"];
    let token = encrypt(
        &[&alg[..], &["--enc", "A128GCM", "--pbes2-count", "20000"]].concat(),
        "hi",
    );
    assert_eq!(header_of(&token)["p2c"], 20_000);
    run(&[&["decrypt"][..], &alg, &[&token]].concat()).rejected("limit_exceeded");
    let raised = [
        &["decrypt"][..],
        &alg,
        &["--max-pbes2-count", "20000", &token],
    ]
    .concat();
    assert_eq!(run(&raised).ok(), "hi\n");
    let default = encrypt(&[&alg[..], &["--enc", "A128GCM"]].concat(), "hi");
    assert_eq!(header_of(&default)["p2c"], 10_000);
    let low = [
        &["encrypt"][..],
        &alg,
        &["--enc", "A128GCM", "--pbes2-count", "999", "hi"],
    ]
    .concat();
    run(&low).usage("at least 1000");
    let dir_key = oct_jwk(&dir, "dir.json", &json!({"alg": "dir"}));
    run(&[
        "encrypt",
        "--key",
        &dir_key,
        "--enc",
        "A128GCM",
        "--pbes2-count",
        "2000",
        "hi",
    ])
    .usage("for a PBES2 --alg");
}

#[test]
fn rsa1_5_is_refused_by_design() {
    let dir = scratch();
    run(&[
        "encrypt",
        "--key",
        &key_file("rsa.spki.pem"),
        "--alg",
        "RSA1_5",
        "--enc",
        "A128GCM",
        "x",
    ])
    .usage("RSA1_5 (RSAES-PKCS1-v1_5 key transport) is never accepted");
    run(&[
        "decrypt",
        "--key",
        &key_file("rsa.pkcs8.pem"),
        "--alg",
        "RSA1_5",
        "x",
    ])
    .usage("is never accepted");
    // RFC 7516 A.2, with its own key.
    let vectors: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("crates/tinyjose-std/tests/data/rfc/rfc7516.json"))
            .unwrap(),
    )
    .unwrap();
    let a2 = vectors["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "rfc7516-a2")
        .unwrap();
    let mut jwk = a2["key"].clone();
    let key = write(&dir, "a2.json", jwk.to_string().as_bytes());
    let compact = a2["compact"].as_str().unwrap();
    let message =
        run(&["decrypt", "--key", &key, "--alg", "RSA-OAEP", compact]).rejected("alg_rsa1_5");
    assert!(
        message.contains("RSA1_5") && message.contains("never accepted"),
        "{message}"
    );
    jwk["alg"] = "RSA1_5".into();
    let key = write(&dir, "a2-rsa1_5.json", jwk.to_string().as_bytes());
    run(&["encrypt", "--key", &key, "--enc", "A128GCM", "x"]).usage("is never accepted");
    // RFC 7516 A.1, RSA-OAEP, decrypts.
    let a1 = vectors["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "rfc7516-a1")
        .unwrap();
    let key = write(&dir, "a1.json", a1["key"].to_string().as_bytes());
    assert_eq!(
        run(&[
            "decrypt",
            "--key",
            &key,
            "--alg",
            "RSA-OAEP",
            a1["compact"].as_str().unwrap()
        ])
        .ok(),
        "The true sign of intelligence is not knowledge but imagination.\n"
    );
}

#[test]
fn verify_decrypts_a_nested_jwt() {
    let dir = scratch();
    let claims = r#"{"sub":"device-9","exp":1900000000}"#;
    let jws = run(&["sign", "--key", HS256_JWK, "--now", "1800000000", claims])
        .ok()
        .trim()
        .to_owned();
    let public = key_file("rsa.spki.pem");
    let private = key_file("rsa.pkcs8.pem");
    let seal = |cty: &[&str], plaintext: &str| {
        let mut args = vec![
            "--key",
            public.as_str(),
            "--alg",
            "RSA-OAEP-256",
            "--enc",
            "A256GCM",
        ];
        args.extend_from_slice(cty);
        encrypt(&args, plaintext)
    };
    let token = seal(&["--cty", "JWT"], &jws);
    let verify_with = |key: &str, token: &str, now: &str| {
        run(&[
            "verify",
            "--decrypt-key",
            &private,
            "--decrypt-alg",
            "RSA-OAEP-256",
            "--key",
            key,
            "--now",
            now,
            token,
        ])
    };
    let verify = |token: &str, now: &str| verify_with(HS256_JWK, token, now);
    assert_eq!(verify(&token, "1800000000").ok(), format!("{claims}\n"));
    // The inner claims are validated and the inner signature verified.
    verify(&token, "1900000000").rejected("expired");
    let other = write(
        &dir,
        "other.json",
        json!({"kty": "oct", "alg": "HS256", "k": Base64UrlUnpadded::encode_string(&[1; 32])})
            .to_string()
            .as_bytes(),
    );
    verify_with(&other, &token, "1800000000").rejected("invalid_signature");
    // The JWE must say cty JWT, and hold a JWS, not another JWE.
    let message = verify(&seal(&[], &jws), "1800000000").rejected("malformed");
    assert!(message.contains("\"cty\" must be \"JWT\""), "{message}");
    let inner = seal(&[], "{}");
    let message = verify(&seal(&["--cty", "JWT"], &inner), "1800000000").rejected("malformed");
    assert!(
        message.contains("a JWE inside a JWE is refused"),
        "{message}"
    );
    // A tampered outer token, and a plain JWS where a JWE is expected.
    verify(&tampered(&token, 3), "1800000000").rejected("decryption_failed");
    verify(&jws, "1800000000").rejected("malformed");
    // --decrypt-alg needs --decrypt-key.
    run(&[
        "verify",
        "--key",
        HS256_JWK,
        "--decrypt-alg",
        "RSA-OAEP",
        &jws,
    ])
    .usage("--decrypt-key <FILE>");
}

#[test]
fn help_lists_the_jwe_commands() {
    let help = run(&["--help"]);
    assert!(help.ok().contains("encrypt"), "{help:?}");
    assert!(help.ok().contains("decrypt"), "{help:?}");
    assert!(
        run(&["decrypt", "--help"])
            .ok()
            .contains("--max-pbes2-count <N>")
    );
    assert!(run(&["encrypt", "--help"]).ok().contains("--zip"));
    assert!(
        run(&["verify", "--help"])
            .ok()
            .contains("--decrypt-key <FILE>")
    );
}

#[test]
fn jwk_generate_makes_encryption_keys() {
    let dir = scratch();
    let cases = [
        (
            &["--kty", "oct", "--alg", "dir", "--size", "128"][..],
            "A128GCM",
            "oct",
            None,
        ),
        (&["--kty", "oct", "--alg", "A256KW"], "A256GCM", "oct", None),
        (
            &["--kty", "oct", "--alg", "A192GCMKW"],
            "A128CBC-HS256",
            "oct",
            None,
        ),
        (
            &["--kty", "EC", "--alg", "ECDH-ES+A128KW"],
            "A128GCM",
            "EC",
            Some("P-256"),
        ),
        (
            &["--kty", "EC", "--crv", "P-384", "--alg", "ECDH-ES"],
            "A256GCM",
            "EC",
            Some("P-384"),
        ),
        (
            &["--kty", "OKP", "--alg", "ECDH-ES+A256KW"],
            "A256GCM",
            "OKP",
            Some("X25519"),
        ),
        (
            &["--kty", "RSA", "--alg", "RSA-OAEP-256"],
            "A256GCM",
            "RSA",
            None,
        ),
    ];
    for (i, (args, enc, kty, crv)) in cases.into_iter().enumerate() {
        let jwk: Value = serde_json::from_str(jwk_generate(args).ok()).unwrap();
        let alg = args[args.iter().position(|a| *a == "--alg").unwrap() + 1];
        assert_eq!(jwk["alg"], alg, "{args:?}");
        assert_eq!(jwk["use"], "enc", "{args:?}");
        assert_eq!(jwk["kty"], kty, "{args:?}");
        assert_eq!(jwk["crv"].as_str(), crv, "{args:?}");
        assert_eq!(jwk.get("kid").is_some(), kty != "oct", "{args:?}");
        let private = write(&dir, &format!("gen-{i}.json"), jwk.to_string().as_bytes());
        // Encrypt to the public form where there is one, decrypt with the private key.
        let sender = if kty == "oct" {
            private.clone()
        } else {
            let public = run(&["jwk", "public", &private]).ok().trim().to_owned();
            assert!(!public.contains("\"d\""), "{public}");
            write(&dir, &format!("gen-{i}.pub.json"), public.as_bytes())
        };
        let token = encrypt(&["--key", &sender, "--enc", enc], "generated");
        assert_eq!(
            run(&["decrypt", "--key", &private, &token]).ok(),
            "generated\n"
        );
    }
    jwk_generate_refuses(
        "
        --kty oct --alg PBES2-HS256+A128KW => password file
        --kty oct --alg A128KW --size 256  => 128 bits
        --kty EC --alg A128KW              => does not fit
        --kty OKP --alg ECDH-ES --use sig  => one role
        --kty RSA --alg RSA1_5             => RSA1_5
        ",
    );
}

#[test]
fn ecdh_es_keys_load_from_openssl_pem() {
    for (private, public) in [
        ("x25519.pkcs8.pem", "x25519.spki.pem"),
        ("p384.pkcs8.pem", "p384.spki.pem"),
    ] {
        let token = encrypt(
            &[
                "--key",
                &key_file(public),
                "--alg",
                "ECDH-ES+A128KW",
                "--enc",
                "A128GCM",
            ],
            "pem",
        );
        let args = [
            "decrypt",
            "--key",
            &key_file(private),
            "--alg",
            "ECDH-ES+A128KW",
            &token,
        ];
        assert_eq!(run(&args).ok(), "pem\n", "{private}");
        let public_args = [
            "decrypt",
            "--key",
            &key_file(public),
            "--alg",
            "ECDH-ES+A128KW",
            &token,
        ];
        run(&public_args).usage("public key cannot decrypt");
    }
    run(&[
        "encrypt",
        "--key",
        &key_file("ed25519.pkcs8.pem"),
        "--alg",
        "ECDH-ES",
        "--enc",
        "A128GCM",
        "x",
    ])
    .usage("cannot serve ECDH-ES");
}

/// The JWK of `path` without the `members` named, written to `name`.
fn without(dir: &Path, path: &str, name: &str, members: &[&str]) -> String {
    let mut jwk: Value =
        serde_json::from_slice(&std::fs::read(repo().join(path)).unwrap()).unwrap();
    for member in members {
        jwk.as_object_mut().unwrap().remove(*member);
    }
    write(dir, name, jwk.to_string().as_bytes())
}

#[test]
fn a_key_without_alg_decrypts_the_algorithms_its_type_admits() {
    let dir = scratch();
    // A secret without alg serves several families with the same bytes: --alg is required, and
    // the token never chooses.
    let oct128 = json!({"kty": "oct", "k": Base64UrlUnpadded::encode_string(&[3; 16])});
    let oct128 = write(&dir, "oct128.json", oct128.to_string().as_bytes());
    for (alg, enc) in [
        ("A128KW", "A128GCM"),
        ("A128GCMKW", "A256GCM"),
        ("dir", "A128GCM"),
    ] {
        let token = encrypt(&["--key", &oct128, "--alg", alg, "--enc", enc], "hello");
        run(&["decrypt", "--key", &oct128, &token])
            .usage("serves dir, AES key wrap and AES-GCM key wrap alike; pass --alg");
        run(&["decrypt", "--key", &oct128, "--alg", alg, &token]).exactly(0, "hello\n", "");
    }
    // --alg restricts: a token of another algorithm is refused.
    let oct256 = oct_jwk(&dir, "oct256.json", &json!({}));
    let token = encrypt(
        &["--key", &oct256, "--alg", "A256KW", "--enc", "A128GCM"],
        "hello",
    );
    run(&[
        "decrypt",
        "--key",
        &oct256,
        "--alg",
        "A256GCMKW",
        "--alg",
        "dir",
        &token,
    ])
    .exactly(
        1,
        "",
        "error[alg_mismatch]: token algorithm does not match the key\n",
    );

    // An EC P-256 key, JWK or PEM: the ECDH-ES family.
    let ec = without(
        &dir,
        "examples/keys/demo-es256.jwk.json",
        "ec.json",
        &["alg", "use"],
    );
    let ec_pem = "examples/keys/demo-es256.pem";
    for alg in ["ECDH-ES", "ECDH-ES+A256KW"] {
        let token = encrypt(&["--key", &ec, "--alg", alg, "--enc", "A256GCM"], "ec");
        for key in [ec.as_str(), ec_pem] {
            run(&["decrypt", "--key", key, &token]).exactly(0, "ec\n", "");
        }
    }
    let token = encrypt(
        &["--key", &oct128, "--alg", "A128KW", "--enc", "A128GCM"],
        "hello",
    );
    run(&["decrypt", "--key", ec_pem, &token]).exactly(
        1,
        "",
        "error[alg_mismatch]: token algorithm does not match the key: the token says A128KW; \
         the key names no algorithm and serves ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, \
         ECDH-ES+A256KW\n",
    );

    // An RSA key: the RSA-OAEP family.
    let rsa = run(&["jwk", "convert", &key_file("rsa.pkcs8.pem")])
        .ok()
        .trim()
        .to_owned();
    assert!(!rsa.contains("\"alg\""), "{rsa}");
    let rsa = write(&dir, "rsa.json", rsa.as_bytes());
    for alg in ["RSA-OAEP", "RSA-OAEP-256"] {
        let token = encrypt(&["--key", &rsa, "--alg", alg, "--enc", "A128GCM"], "rsa");
        run(&["decrypt", "--key", &rsa, &token]).exactly(0, "rsa\n", "");
        run(&["decrypt", "--key", &key_file("rsa.pkcs8.pem"), &token]).exactly(0, "rsa\n", "");
    }
    run(&["decrypt", "--key", &rsa, &token]).exactly(
        1,
        "",
        "error[alg_mismatch]: token algorithm does not match the key: the token says A128KW; \
         the key names no algorithm and serves RSA-OAEP, RSA-OAEP-256\n",
    );
}

#[test]
fn encrypt_puts_the_key_kid_in_the_header() {
    let dir = scratch();
    let mut private = Vec::new();
    let mut public = Vec::new();
    for name in ["one", "two"] {
        let jwk = jwk_generate(&["--kty", "EC", "--use", "enc"])
            .ok()
            .to_owned();
        let path = write(&dir, &format!("{name}.json"), jwk.as_bytes());
        let pub_jwk = run(&["jwk", "public", &path]).ok().to_owned();
        public.push(write(&dir, &format!("{name}.pub.json"), pub_jwk.as_bytes()));
        private.push(serde_json::from_str::<Value>(&jwk).unwrap());
    }
    let jwks = json!({"keys": private}).to_string();
    let jwks = write(&dir, "jwks.json", jwks.as_bytes());
    for (path, jwk) in public.iter().zip(&private) {
        let token = encrypt(
            &["--key", path, "--alg", "ECDH-ES", "--enc", "A128GCM"],
            "for you",
        );
        assert_eq!(header_of(&token)["kid"], jwk["kid"]);
        run(&["decrypt", "--key", &jwks, &token]).exactly(0, "for you\n", "");
    }
    // --kid overrides the key's.
    let token = encrypt(
        &[
            "--key", &public[0], "--alg", "ECDH-ES", "--enc", "A128GCM", "--kid", "other",
        ],
        "x",
    );
    assert_eq!(header_of(&token)["kid"], "other");
    run(&["decrypt", "--key", &jwks, &token]).exactly(
        1,
        "",
        "error[no_matching_key]: no key matches\n",
    );
}

#[test]
fn a_jws_given_where_a_jwe_is_expected_is_named() {
    let dir = scratch();
    let key = oct_jwk(&dir, "dir.json", &json!({"alg": "dir"}));
    let jws = "examples/tokens/demo-es256.jwt";
    run(&["decrypt", "--key", &key, jws]).exactly(
        1,
        "",
        "error[malformed]: malformed token: this is a JWS (three segments), a signed token; \
         check it with `tinyjose verify`\n",
    );
    run(&[
        "verify",
        "--decrypt-key",
        &key,
        "--key",
        "examples/keys/demo-es256.jwks.json",
        jws,
    ])
    .exactly(
        1,
        "",
        "error[malformed]: malformed token: this is a JWS (three segments), a signed token; \
         --decrypt-key takes a nested JWT, a JWE\n",
    );
}
