//! `tinyjose sd-jwt issue`, `present` and `verify`, run as scripts run them: a round trip with
//! its exact output, each refusal with its exact `error[CODE]` line and exit 1, and usage errors
//! with exit 2.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly, as tests do"
)]

#[path = "common/cli.rs"]
#[allow(dead_code, reason = "each test file uses part of the shared helpers")]
mod common;

use base64ct::{Base64UrlUnpadded, Encoding};
use common::{Run, header_of, jwk_generate, key_file, run, run_with_stdin, scratch, write};
use serde_json::{Value, json};

const ISSUER_KEY: &str = "examples/keys/demo-es256.jwk.json";
const ISSUER_KEYS: &str = "examples/keys/demo-es256.jwks.json";
const HOLDER_KEY: &str = "examples/keys/demo-eddsa.pem";
const HOLDER_PUBLIC: &str = "examples/keys/demo-eddsa.pub.pem";
/// The public JWK of [`HOLDER_KEY`], as `cnf` holds it.
const HOLDER_JWK: &str =
    r#"{"crv":"Ed25519","kty":"OKP","x":"-gGAmxlMrq2_FeaZGZXC6GUYpr7Uz_17-qIMvgYJc8U"}"#;
const ISS: &str = "https://issuer.example";
const VERIFIER: &str = "https://verifier.example";
const NONCE: &str = "n-0S6_WzA2Mj";
const VCT: &str = "https://credentials.example/identity_credential";
const NOW: &str = "1800000000";

const CLAIMS: &str = r#"{"iss":"https://issuer.example","given_name":"Erika","family_name":"Mustermann","email":"erika@example.com","address":{"street_address":"Heidestraße 17","locality":"Köln"},"nationalities":["DE","FR"]}"#;

/// Every claim but `iss` and the locality disclosable, the address recursively.
const POINTERS: [&str; 7] = [
    "/given_name",
    "/family_name",
    "/email",
    "/address",
    "/address/street_address",
    "/nationalities/0",
    "/nationalities/1",
];

/// `sd-jwt issue` of [`CLAIMS`] with the demo keys, `--vct`, and `pointers` disclosable.
fn issue(pointers: &[&str], extra: &[&str]) -> String {
    let mut args = vec![
        "sd-jwt",
        "issue",
        "--key",
        ISSUER_KEY,
        "--holder-key",
        HOLDER_PUBLIC,
        "--vct",
        VCT,
        "--decoys",
        "3",
    ];
    for pointer in pointers {
        args.extend(["--disclose", pointer]);
    }
    args.extend_from_slice(extra);
    args.push("-");
    let out = run_with_stdin(&args, CLAIMS);
    let sd_jwt = out.ok();
    assert!(
        sd_jwt.ends_with("~\n") && sd_jwt.lines().count() == 1,
        "{out:?}"
    );
    sd_jwt.trim().to_owned()
}

/// `sd-jwt present` of `sd_jwt` with the arguments `extra`.
fn present(sd_jwt: &str, extra: &[&str]) -> Run {
    let mut args = vec!["sd-jwt", "present"];
    args.extend_from_slice(extra);
    args.push(sd_jwt);
    run(&args)
}

/// `sd-jwt present` with a Key Binding JWT for `aud` and `nonce`.
fn present_bound(sd_jwt: &str, disclose: &[&str], aud: &str, nonce: &str) -> String {
    let mut args = disclose.to_vec();
    args.extend([
        "--key", HOLDER_KEY, "--aud", aud, "--nonce", nonce, "--iat", NOW,
    ]);
    let out = present(sd_jwt, &args);
    assert_eq!(out.ok().lines().count(), 1);
    out.stdout.trim().to_owned()
}

/// `sd-jwt verify` with the demo issuer's keys, at [`NOW`] unless `extra` says `--now`.
fn verify(presentation: &str, extra: &[&str]) -> Run {
    let mut args = vec!["sd-jwt", "verify", "--key", ISSUER_KEYS];
    if !extra.contains(&"--now") {
        args.extend(["--now", NOW]);
    }
    args.extend_from_slice(extra);
    args.push(presentation);
    run(&args)
}

const BOUND: [&str; 4] = ["--aud", VERIFIER, "--nonce", NONCE];

#[test]
fn issue_present_verify_prints_the_disclosed_claims_exactly() {
    let sd_jwt = issue(&POINTERS, &[]);
    // The header: the key's algorithm and kid, and the SD-JWT VC type.
    assert_eq!(
        header_of(&sd_jwt),
        json!({"alg": "ES256", "kid": "demo-es256", "typ": "dc+sd-jwt"})
    );
    assert_eq!(sd_jwt.matches('~').count(), 1 + POINTERS.len());

    // The street (whose address disclosure, which holds its digest, is kept with it) and the
    // second nationality: one disclosure in each object, so the order is the claims' (disclosed
    // claims follow an object's own, in the order of their digests).
    let disclose = [
        "--disclose",
        "street_address",
        "--disclose-value",
        r#""FR""#,
    ];
    let presentation = present_bound(&sd_jwt, &disclose, VERIFIER, NONCE);
    assert_eq!(presentation.matches('~').count(), 4);
    let unbound = |args: &[&str]| present(&sd_jwt, args).ok().to_owned();
    let mut with_address = disclose.to_vec();
    with_address.extend(["--disclose", "address"]);
    assert_eq!(unbound(&disclose), unbound(&with_address));
    let expected = format!(
        r#"{{"iss":"https://issuer.example","nationalities":["FR"],"vct":"{VCT}","cnf":{{"jwk":{HOLDER_JWK}}},"address":{{"locality":"Köln","street_address":"Heidestraße 17"}}}}"#
    );
    let mut args = vec!["--iss", ISS, "--vct", VCT, "--require", "address"];
    args.extend(BOUND);
    assert_eq!(verify(&presentation, &args).ok(), format!("{expected}\n"));

    // From a file, and from stdin (with `-` and with nothing), whitespace trimmed.
    let dir = scratch();
    let file = write(&dir, "presentation.txt", format!("\n{presentation}\n\n"));
    assert_eq!(verify(&file, &BOUND).ok(), format!("{expected}\n"));
    for last in [&["-"][..], &[]] {
        let mut args = vec!["sd-jwt", "verify", "--key", ISSUER_KEYS, "--now", NOW];
        args.extend(BOUND);
        args.extend_from_slice(last);
        let out = run_with_stdin(&args, format!("  {presentation}\n"));
        assert_eq!(out.ok(), format!("{expected}\n"));
    }

    // The SD-JWT itself, from a file, presented with every disclosure and no key binding.
    let issued = write(&dir, "sd.txt", format!("{sd_jwt}\n"));
    let all = present(&issued, &["--all"]);
    assert_eq!(all.ok(), format!("{sd_jwt}\n"));
    let claims = verify(&sd_jwt, &[]);
    let mut expected: Value = serde_json::from_str(CLAIMS).unwrap();
    expected["vct"] = json!(VCT);
    expected["cnf"] = json!({"jwk": serde_json::from_str::<Value>(HOLDER_JWK).unwrap()});
    assert_eq!(
        serde_json::from_str::<Value>(claims.ok()).unwrap(),
        expected
    );
}

#[test]
fn issue_with_rsa_and_eddsa_issuers_and_no_holder() {
    let dir = scratch();
    let claims = write(&dir, "claims.json", CLAIMS);
    // RS256 from a PKCS#8 PEM, which needs --alg; EdDSA from a generated JWK.
    let eddsa = write(&dir, "ed.jwk", jwk_generate(&["--kty", "OKP"]).ok());
    let eddsa_public = write(&dir, "ed.pub.jwk", run(&["jwk", "public", &eddsa]).ok());
    let rsa = key_file("rsa.pkcs8.pem");
    let rsa_public = key_file("rsa.spki.pem");
    for (key, public, alg) in [
        (rsa.as_str(), rsa_public.as_str(), &["--alg", "RS256"][..]),
        (eddsa.as_str(), eddsa_public.as_str(), &[]),
    ] {
        let mut args = vec!["sd-jwt", "issue", "--key", key, "--disclose", "/email"];
        args.extend_from_slice(alg);
        args.push(&claims);
        let sd_jwt = run(&args).ok().trim().to_owned();
        // No --vct: no "typ"; no --holder-key: no "cnf".
        assert_eq!(header_of(&sd_jwt).get("typ"), None);
        let presentation = present(&sd_jwt, &["--disclose", "email"])
            .ok()
            .trim()
            .to_owned();
        let mut args = vec!["sd-jwt", "verify", "--key", public, "--now", NOW];
        args.extend_from_slice(alg);
        args.push(&presentation);
        let expected: Value = serde_json::from_str(CLAIMS).unwrap();
        let out: Value = serde_json::from_str(run(&args).ok()).unwrap();
        assert_eq!(out, expected, "{key}");
        // Without the email's disclosure.
        let none = present(&sd_jwt, &[]).ok().trim().to_owned();
        args.pop();
        args.push(&none);
        let out: Value = serde_json::from_str(run(&args).ok()).unwrap();
        assert_eq!(out.get("email"), None, "{key}");
    }
    // An explicit --typ, and the claims given as the argument itself.
    let sd_jwt = run(&[
        "sd-jwt",
        "issue",
        "--key",
        ISSUER_KEY,
        "--typ",
        "example+sd-jwt",
        "{}",
    ]);
    assert_eq!(header_of(sd_jwt.ok())["typ"], "example+sd-jwt");
}

#[test]
fn refused_presentations_exit_1_with_the_core_code() {
    let sd_jwt = issue(&POINTERS, &[]);

    // The street without the address that holds its digest, and a disclosure sent twice.
    let street = present(&sd_jwt, &["--disclose", "street_address"]);
    let address = present(&sd_jwt, &["--disclose", "address"]);
    let address = address.ok().trim().split('~').nth(1).unwrap();
    let orphan = street.ok().trim().replace(&format!("~{address}~"), "~");
    assert_eq!(orphan.matches('~').count(), 2);
    verify(&orphan, &[]).exactly(
        1,
        "",
        "error[disclosure_rejected]: disclosure rejected: no digest of the issuer-signed payload \
         refers to it\n",
    );
    verify(&format!("{}{address}~", street.ok().trim()), &[]).exactly(
        1,
        "",
        "error[disclosure_rejected]: disclosure rejected: a digest appears more than once\n",
    );

    // No Key Binding JWT where one is required.
    let unbound = present(&sd_jwt, &["--disclose", "email"])
        .ok()
        .trim()
        .to_owned();
    verify(&unbound, &BOUND).exactly(
        1,
        "",
        "error[key_binding_required]: key binding required: the presentation has no key binding \
         JWT\n",
    );

    // Another nonce, another verifier, and a verifier that does not name itself.
    let bound = present_bound(&sd_jwt, &["--disclose", "email"], VERIFIER, NONCE);
    let other_nonce = ["--aud", VERIFIER, "--nonce", "another-nonce"];
    verify(&bound, &other_nonce).exactly(
        1,
        "",
        "error[claim_mismatch]: unexpected nonce claim value\n",
    );
    let elsewhere = present_bound(
        &sd_jwt,
        &["--disclose", "email"],
        "https://rp.example",
        NONCE,
    );
    verify(&elsewhere, &BOUND).exactly(1, "", "error[audience_mismatch]: unexpected audience\n");
    verify(&bound, &[]).exactly(
        1,
        "",
        "error[audience_mismatch]: unexpected audience: the presentation has a Key Binding JWT; \
         pass --aud and --nonce to check it\n",
    );
    // Too old for --kb-max-age.
    let mut args = BOUND.to_vec();
    args.extend(["--now", "1800000100", "--kb-max-age", "60"]);
    verify(&bound, &args).rejected("max_age_exceeded");

    // Another issuer's key, and a tampered issuer signature.
    let dir = scratch();
    let other = write(&dir, "other.jwk", jwk_generate(&["--kty", "EC"]).ok());
    let other = write(&dir, "other.pub.jwk", run(&["jwk", "public", &other]).ok());
    let mut args = vec!["sd-jwt", "verify", "--key", &other, "--now", NOW, &unbound];
    run(&args).exactly(1, "", "error[invalid_signature]: invalid signature\n");
    let (jwt, rest) = unbound.split_once('~').unwrap();
    let tampered = format!("{}~{rest}", common::tampered(jwt, 2));
    verify(&tampered, &[]).exactly(1, "", "error[invalid_signature]: invalid signature\n");
    // A key for another algorithm.
    args[3] = HOLDER_PUBLIC;
    args.splice(4..4, ["--alg", "EdDSA"]);
    run(&args).exactly(
        1,
        "",
        "error[alg_mismatch]: token algorithm does not match the key\n",
    );

    // SD-JWT VC types, issuer, a required claim not disclosed.
    verify(&unbound, &["--vct", "urn:other"]).exactly(
        1,
        "",
        "error[claim_mismatch]: unexpected vct claim value\n",
    );
    verify(&unbound, &["--iss", "https://other.example"]).rejected("issuer_mismatch");
    verify(&unbound, &["--require", "given_name"]).exactly(
        1,
        "",
        "error[missing_claim]: missing required claim given_name\n",
    );
    // A presentation given to `present` again.
    present(&bound, &[]).exactly(
        1,
        "",
        "error[malformed]: malformed token: this is a presentation, with a Key Binding JWT; \
         present the SD-JWT as issued\n",
    );
}

#[test]
fn usage_errors_exit_2() {
    let sd_jwt = issue(&["/email", "/nationalities/0"], &[]);
    // Key binding takes --aud and --nonce together, in `verify` and in `present`.
    verify(&sd_jwt, &["--aud", VERIFIER]).usage("--nonce <NONCE>");
    verify(&sd_jwt, &["--nonce", NONCE]).usage("--aud <AUD>");
    verify(&sd_jwt, &["--kb-max-age", "60"]).usage("--aud <AUD>");
    present(&sd_jwt, &["--key", HOLDER_KEY]).usage("--aud <AUD>");
    present(&sd_jwt, &["--key", HOLDER_KEY, "--aud", VERIFIER]).usage("--nonce <NONCE>");
    present(&sd_jwt, &["--aud", VERIFIER, "--nonce", NONCE]).usage("--key <FILE>");
    present(&sd_jwt, &["--all", "--disclose", "email"]).usage("cannot be used with");
    // A name or value no disclosure has, a holder key that cannot sign.
    present(&sd_jwt, &["--disclose", "emial"])
        .usage("error: --disclose emial: the SD-JWT has no disclosure of a claim named emial");
    present(&sd_jwt, &["--disclose-value", r#""FR""#])
        .usage(r#"error: --disclose-value "FR": the SD-JWT has no disclosure of an array element"#);
    present(&sd_jwt, &["--disclose-value", "DE"]).usage("not a JSON value");
    let bind = ["--aud", VERIFIER, "--nonce", NONCE];
    let mut args = vec!["--key", HOLDER_PUBLIC];
    args.extend(bind);
    present(&sd_jwt, &args).usage("a public key cannot sign");
    args[1] = "examples/keys/demo-hs256.jwk.json";
    present(&sd_jwt, &args).usage("not a secret");
    // Issuing: a pointer that names no claim, claims that are not an object, no key.
    let out = run_with_stdin(
        &[
            "sd-jwt",
            "issue",
            "--key",
            ISSUER_KEY,
            "--disclose",
            "/middle_name",
        ],
        CLAIMS,
    );
    out.usage("error: --disclose /middle_name: names no claim");
    run_with_stdin(&["sd-jwt", "issue", "--key", ISSUER_KEY], "[1]")
        .usage("error: the claims must be a JSON object");
    run_with_stdin(&["sd-jwt", "issue", "--key", ISSUER_KEYS], CLAIMS).usage("holds a JWK Set");
    run(&["sd-jwt", "issue", "--key", ISSUER_KEY, "claims.json"]).usage("claims.json: cannot read");
    // Input that is no SD-JWT, or none.
    verify("sd.txt", &[]).exactly(
        2,
        "",
        "error: sd.txt: no such file, and not an SD-JWT (a compact JWT, then disclosures, each \
         after a \"~\")\n",
    );
    run(&["sd-jwt", "verify", "--key", ISSUER_KEYS]).exactly(
        2,
        "",
        "error: stdin is empty: expected an SD-JWT\n",
    );
    run(&["sd-jwt", "verify", &sd_jwt]).usage("--key <FILE>");
}

#[test]
fn issue_refuses_claims_the_core_refuses() {
    // A reserved claim name, and `cnf` with a holder key: the core's refusal, exit 1.
    run(&["sd-jwt", "issue", "--key", ISSUER_KEY, r#"{"_sd":[]}"#]).exactly(
        1,
        "",
        "error[disclosure_rejected]: disclosure rejected: its claim name is _sd, ... or a top-level _sd_alg\n",
    );
    let args = [
        "sd-jwt",
        "issue",
        "--key",
        ISSUER_KEY,
        "--holder-key",
        HOLDER_KEY,
    ];
    run(&[&args[..], &[r#"{"cnf":{}}"#]].concat()).rejected("disclosure_rejected");
    // A private holder key is bound by its public key.
    let sd_jwt = run(&[&args[..], &["{}"]].concat()).ok().trim().to_owned();
    let claims = verify(&sd_jwt, &[]);
    assert_eq!(
        claims.ok(),
        format!("{{\"cnf\":{{\"jwk\":{HOLDER_JWK}}}}}\n")
    );
}

/// The compact ES256 JWS `jwt` with its signature's `s` replaced by `n - s`: as valid, and high
/// where it was low.
fn high_s(jwt: &str) -> String {
    const N: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63,
        0x25, 0x51,
    ];
    let (head, signature) = jwt.rsplit_once('.').unwrap();
    let mut signature = Base64UrlUnpadded::decode_vec(signature).unwrap();
    let mut borrow = 0u16;
    for (s, n) in signature[32..].iter_mut().zip(N).rev() {
        let d = u16::from(n) + 256 - u16::from(*s) - borrow;
        *s = d.to_le_bytes()[0];
        borrow = u16::from(d < 256);
    }
    format!("{head}.{}", Base64UrlUnpadded::encode_string(&signature))
}

#[test]
fn high_s_issuer_signatures_only_with_ecdsa_high_s() {
    let sd_jwt = issue(&["/email"], &[]);
    let (jwt, rest) = sd_jwt.split_once('~').unwrap();
    let high = format!("{}~{rest}", high_s(jwt));
    verify(&high, &[]).exactly(1, "", "error[invalid_signature]: invalid signature\n");
    let claims: Value = serde_json::from_str(verify(&high, &["--ecdsa-high-s"]).ok()).unwrap();
    assert_eq!(claims["email"], "erika@example.com");
}
