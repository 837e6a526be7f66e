//! RFC 8725bis conformance: the cases of `tests/data/conformance/rfc8725bis.json`, one per threat
//! and recommendation of the JWT Best Current Practices (draft-ietf-oauth-rfc8725bis), run against
//! the core, and the generator that wrote the file.
//!
//! The same file is run by `tinyjose-std`, the `tinyjose` command, the npm package and the
//! firmware (`examples/cortex-m/src/bin/conformance.rs`), each through its own public API, and
//! each must give exactly the verdict a case states: the payload, byte for byte, or the error
//! code of `Error::code()`. A case lists the layers that can express it.
//!
//! `the_case_file_is_what_the_generator_writes` checks the file against the generator below.
//! After a deliberate change of the generator, rewrite the file with
//! `TINYJOSE_WRITE_CONFORMANCE=1 cargo test -p tinyjose --all-features --test conformance`.
#![cfg(all(
    feature = "hs",
    feature = "es256",
    feature = "jwk",
    feature = "jwt",
    feature = "aes-gcm",
    feature = "aes-kw",
    feature = "pbes2",
    feature = "ecdh-es",
    feature = "deflate"
))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::panic_in_result_fn,
    clippy::indexing_slicing,
    reason = "helpers outside #[test] functions fail loudly on bad cases, as tests do"
)]

mod common;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256, Sha512};
use tinyjose::jwe::{EcdhEsPrivateKey, EcdhEsPublicKey};
use tinyjose::{
    A128GCM, ALL_CONTENT_ENCRYPTIONS, AesKwKey, ContentEncryption, DirectKey, Enc, Error,
    Es256SigningKey, HeaderParams, HmacKey, JweAlg, JweDecrypter, JwkSet, JwsAlg, JwsSigner,
    Pbes2Key, UnixTime, UntrustedJwe, UntrustedJws, UntrustedJwsJson, Validation,
    decrypt_nested_jwt, encrypt, encrypt_deflated,
};

use common::{TestRng, b64d, b64e, data_path, signed};

/// The case file, relative to `tests/data/`.
const FILE: &str = "conformance/rfc8725bis.json";

// --- The case file -------------------------------------------------------------------------------

/// The case file: keys by name, and the cases.
#[derive(Debug, Serialize, Deserialize)]
struct CaseFile {
    title: String,
    /// The document and version whose sections the cases cite.
    document: String,
    /// Where the keys and tokens come from.
    origin: String,
    /// How a layer runs a case.
    semantics: Vec<String>,
    /// The clock of every case, in Unix seconds.
    now: u64,
    /// JWKs and JWK Sets, by name.
    keys: BTreeMap<String, Value>,
    cases: Vec<Case>,
}

/// One case: one fault (or none, for a positive control) and the exact verdict.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Case {
    /// `8725bis-<section>-<what>`, or `jose-<what>` for the rules beyond RFC 8725bis.
    id: String,
    /// The section of draft-ietf-oauth-rfc8725bis, or the RFC section for the rules beyond it.
    section: String,
    /// The threat or recommendation, and what this token does.
    threat: String,
    /// `verify` (a JWS or JWT), `decrypt` (a JWE) or `nested` (a JWE around a JWS).
    op: String,
    /// `compact` or `json`: the serialization the caller asks for.
    form: String,
    token: String,
    /// The verification key (`verify`, `nested`) or the decryption key (`decrypt`).
    key: String,
    /// The decryption key of a `nested` case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    jwe_key: Option<String>,
    /// The one algorithm the caller allows (`verify`: the JWS `alg`; `decrypt`: the JWE `alg`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    alg: Option<String>,
    /// The content encryptions the caller allows; all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enc: Option<String>,
    /// Claim checks of a `verify` or `nested` case, at the file's `now`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    checks: Option<Checks>,
    expect: Expect,
    /// The layers that run the case: `core`, `std`, `cli`, `npm`, `firmware`.
    layers: Vec<String>,
    /// Why a layer that does not run the case cannot express it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// The claims a JWT must have, beyond `exp` and `nbf`, which are always checked.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Checks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    iss: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    aud: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sub: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    typ: Option<String>,
}

/// The verdict: the payload or plaintext, exactly, or the error code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Expect {
    Payload(String),
    Error(String),
}

// --- The generator -------------------------------------------------------------------------------

/// The scenarios' clock: 2026-01-01T00:00:00Z (the firmware's `NOW`).
const NOW: u64 = 1_767_225_600;
const ISS: &str = "https://issuer.example";
const AUD: &str = "tinyjose-conformance";
const SUB: &str = "device-42";

/// The secret or scalar of a test key: SHA-256 of its label.
fn label(name: &str) -> [u8; 32] {
    Sha256::digest(format!("tinyjose conformance: {name}").as_bytes()).into()
}

/// The password of the PBES2 key.
const PASSWORD: &[u8] = b"conformance password";

/// HMAC-SHA-256, written out: the core refuses to build a key shorter than the hash, and the
/// short-key case needs a token MACed with one.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    block[..key.len()].copy_from_slice(key);
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// The order of P-256, big-endian.
const P256_N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// `n - s` for P-256, big-endian.
fn negate_scalar(s: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut d = i16::from(P256_N[i]) - i16::from(s[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out[i] = u8::try_from(d).unwrap();
    }
    out
}

/// The claims of a well-formed token, with `extra` members appended.
fn claims(extra: &str) -> String {
    format!(
        r#"{{"iss":"{ISS}","sub":"{SUB}","aud":"{AUD}","iat":{},"exp":{}{extra}}}"#,
        NOW - 60,
        NOW + 3600
    )
}

/// The checks most cases make: issuer and audience.
fn checks() -> Checks {
    Checks {
        iss: Some(ISS.to_owned()),
        aud: Some(AUD.to_owned()),
        ..Checks::default()
    }
}

/// Flips one bit of the decoded segment `index` of a compact token.
fn flip(token: &str, index: usize) -> String {
    let mut segments: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut bytes = b64d(&segments[index]);
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    segments[index] = b64e(&bytes);
    segments.join(".")
}

/// Replaces the protected header of a compact token, keeping every other segment.
fn with_header(token: &str, header: &str) -> String {
    let (_, rest) = token.split_once('.').unwrap();
    format!("{}.{rest}", b64e(header.as_bytes()))
}

/// A flattened JWS JSON serialization of a compact JWS, members in `order`.
fn flattened(token: &str) -> String {
    let [h, p, s] = token.split('.').collect::<Vec<_>>()[..] else {
        panic!("a compact JWS");
    };
    format!(r#"{{"payload":"{p}","protected":"{h}","signature":"{s}"}}"#)
}

/// `value` with the members of every object in name order, whether or not `serde_json` keeps
/// insertion order (its `preserve_order` feature, which another package of the workspace turns
/// on): the file and the JWK text hashed into `8725bis-2.1-*` are then the same in every build.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let members: BTreeMap<String, Value> =
                map.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(members.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// The layers, by what a case needs.
const ALL: &[&str] = &["core", "std", "cli", "npm", "firmware"];
const JWE: &[&str] = &["core", "std", "cli", "npm"];

/// Builds the cases.
struct Generator {
    keys: BTreeMap<String, Value>,
    cases: Vec<Case>,
    rng: TestRng,
}

impl Generator {
    /// Adds the JWK or JWK Set `jwk`, its members in name order.
    fn key(&mut self, name: &str, jwk: Value) {
        let jwk = sorted(jwk);
        assert!(self.keys.insert(name.to_owned(), jwk).is_none(), "{name}");
    }

    #[expect(clippy::too_many_arguments, reason = "one line per case reads best")]
    fn case(
        &mut self,
        id: &str,
        section: &str,
        threat: &str,
        op: &str,
        token: &str,
        key: &str,
        expect: Expect,
        layers: &[&str],
    ) -> &mut Case {
        assert!(self.cases.iter().all(|c| c.id != id), "case {id} twice");
        let form = if token.starts_with('{') {
            "json"
        } else {
            "compact"
        };
        self.cases.push(Case {
            id: id.to_owned(),
            section: section.to_owned(),
            threat: threat.to_owned(),
            op: op.to_owned(),
            form: form.to_owned(),
            token: token.to_owned(),
            key: key.to_owned(),
            jwe_key: None,
            alg: None,
            enc: None,
            checks: (op != "decrypt").then(checks),
            expect,
            layers: layers.iter().map(|&l| l.to_owned()).collect(),
            note: None,
        });
        self.cases.last_mut().unwrap()
    }

    /// A `verify` case run by every layer.
    fn verify(
        &mut self,
        id: &str,
        section: &str,
        threat: &str,
        token: &str,
        key: &str,
        expect: Expect,
    ) -> &mut Case {
        self.case(id, section, threat, "verify", token, key, expect, ALL)
    }

    /// A `decrypt` case run by every layer with JWE.
    fn decrypt(
        &mut self,
        id: &str,
        section: &str,
        threat: &str,
        token: &str,
        key: &str,
        expect: Expect,
    ) -> &mut Case {
        self.case(id, section, threat, "decrypt", token, key, expect, JWE)
    }

    fn encrypt_with(
        &mut self,
        header: &HeaderParams<'_>,
        plaintext: &[u8],
        key: &dyn tinyjose::JweEncrypter,
    ) -> String {
        let mut out = vec![0u8; plaintext.len() * 2 + 2048];
        encrypt(header, plaintext, key, A128GCM, &mut self.rng, &mut out)
            .unwrap()
            .to_owned()
    }
}

fn ok(payload: &str) -> Expect {
    Expect::Payload(payload.to_owned())
}

fn err(code: &str) -> Expect {
    Expect::Error(code.to_owned())
}

impl Case {
    fn alg(&mut self, alg: &str) -> &mut Self {
        self.alg = Some(alg.to_owned());
        self
    }

    fn enc(&mut self, enc: &str) -> &mut Self {
        self.enc = Some(enc.to_owned());
        self
    }

    fn checks(&mut self, checks: Checks) -> &mut Self {
        self.checks = Some(checks);
        self
    }

    fn jwe_key(&mut self, key: &str) -> &mut Self {
        self.jwe_key = Some(key.to_owned());
        self
    }

    fn without(&mut self, layer: &str, note: &str) -> &mut Self {
        self.layers.retain(|l| l != layer);
        self.note = Some(note.to_owned());
        self
    }
}

fn generate() -> CaseFile {
    let mut g = Generator {
        keys: BTreeMap::new(),
        cases: Vec::new(),
        rng: TestRng(0x8725),
    };

    // Keys: each secret or scalar is SHA-256 of a label, so anyone can rebuild them.
    // 64 bytes, so that the secret could serve HS384 and HS512 too (`8725bis-3.1-one-key-one-alg`).
    let hs_secret: [u8; 64] = Sha512::digest(b"tinyjose conformance: hs256").into();
    let hs = HmacKey::hs256(&hs_secret).unwrap();
    let hs_other = HmacKey::hs256(&label("hs256-other")).unwrap();
    let short = &label("hs256-short")[..16];
    let es = Es256SigningKey::from_bytes(&label("es256")).unwrap();
    let (es_x, es_y) = es.verifying_key().coordinates();
    let attacker = Es256SigningKey::from_bytes(&label("attacker-es256")).unwrap();
    let (at_x, at_y) = attacker.verifying_key().coordinates();
    let dir_secret = &label("dir")[..16];
    let dir = DirectKey::new(dir_secret).unwrap();
    let kw_secret = &label("a128kw")[..16];
    let kw = AesKwKey::new(JweAlg::A128Kw, kw_secret).unwrap();
    let ecdh_d = label("ecdh-es");
    let ecdh = EcdhEsPrivateKey::p256(JweAlg::EcdhEs, &ecdh_d).unwrap();
    let ecdh_pub = ecdh.public_key();
    let pbes2 = Pbes2Key::new(JweAlg::Pbes2Hs256A128Kw, PASSWORD)
        .unwrap()
        .with_count(2000)
        .unwrap();

    let hs_jwk = json!({"kty": "oct", "alg": "HS256", "kid": "hs256-1", "k": b64e(&hs_secret)});
    g.key("hs256", hs_jwk.clone());
    g.key("hs256-set", json!({"keys": [hs_jwk]}));
    g.key(
        "hs256-short",
        json!({"kty": "oct", "alg": "HS256", "kid": "hs256-short", "k": b64e(short)}),
    );
    g.key(
        "es256",
        json!({
            "kty": "EC", "crv": "P-256", "alg": "ES256", "kid": "es256-1",
            "x": b64e(&es_x), "y": b64e(&es_y),
        }),
    );
    g.key(
        "es256-noalg",
        json!({"kty": "EC", "crv": "P-256", "kid": "es256-1", "x": b64e(&es_x), "y": b64e(&es_y)}),
    );
    g.key(
        "dir",
        json!({"kty": "oct", "alg": "dir", "kid": "dir-1", "k": b64e(dir_secret)}),
    );
    g.key(
        "a128kw",
        json!({"kty": "oct", "alg": "A128KW", "kid": "a128kw-1", "k": b64e(kw_secret)}),
    );
    g.key(
        "pbes2",
        json!({"kty": "oct", "alg": "PBES2-HS256+A128KW", "k": b64e(PASSWORD)}),
    );
    g.key(
        "ecdh-es",
        json!({
            "kty": "EC", "crv": "P-256", "alg": "ECDH-ES", "kid": "ecdh-es-1",
            "x": b64e(ecdh_pub.x()), "y": b64e(ecdh_pub.y().unwrap()), "d": b64e(&ecdh_d),
        }),
    );

    let claims0 = claims("");
    let jwt = HeaderParams::new().typ("JWT");
    let sign = |header: &HeaderParams<'_>, payload: &str, key: &dyn JwsSigner| {
        common::sign_to_string(header, payload.as_bytes(), key)
    };
    let hs_token = sign(&jwt, &claims0, &hs);
    let es_token = sign(&jwt, &claims0, &es);

    // 3.1 Perform algorithm verification; 2.1 weak signatures; 2.11 case-insensitive `alg`.
    g.verify(
        "8725bis-3.1-hs256-valid",
        "3.1",
        "Positive control: an HS256 JWT with the configured key verifies and its claims pass",
        &hs_token,
        "hs256",
        ok(&claims0),
    );
    g.verify(
        "8725bis-3.1-es256-valid",
        "3.1",
        "Positive control: an ES256 JWT with the configured public key",
        &es_token,
        "es256",
        ok(&claims0),
    );
    let unsigned = format!(
        "{}.{}.",
        b64e(br#"{"alg":"none","typ":"JWT"}"#),
        b64e(claims0.as_bytes())
    );
    g.verify(
        "8725bis-3.1-alg-none",
        "3.1",
        "Unsecured JWT: \"alg\":\"none\" with an empty signature is never accepted",
        &unsigned,
        "hs256",
        err("alg_none"),
    );
    let none_maced = signed(r#"{"alg":"none","typ":"JWT"}"#, claims0.as_bytes(), &hs);
    g.verify(
        "8725bis-3.1-alg-none-with-mac",
        "3.1",
        "\"alg\":\"none\" carrying a valid HMAC of the configured key",
        &none_maced,
        "hs256",
        err("alg_none"),
    );
    for (slug, alg) in [("None", "None"), ("NONE", "NONE"), ("nOnE", "nOnE")] {
        let token = signed(&format!(r#"{{"alg":"{alg}"}}"#), claims0.as_bytes(), &hs);
        g.verify(
            &format!("8725bis-2.11-alg-{slug}"),
            "2.11",
            &format!(
                "\"alg\":\"{alg}\": names are case-sensitive, so this is no algorithm at all (not \
                 a way around a none blocklist)"
            ),
            &token,
            "hs256",
            err("unsupported_alg"),
        );
    }
    for alg in ["hs256", "Hs256", "HS256 "] {
        let token = signed(&format!(r#"{{"alg":"{alg}"}}"#), claims0.as_bytes(), &hs);
        let slug = alg.trim().to_owned() + if alg.ends_with(' ') { "-space" } else { "" };
        g.verify(
            &format!("8725bis-2.11-alg-{slug}"),
            "2.11",
            &format!(
                "\"alg\":{alg:?} with a valid HS256 MAC: not HS256 (exact, case-sensitive \
                 comparison)"
            ),
            &token,
            "hs256",
            err("unsupported_alg"),
        );
    }
    let escaped = signed(r#"{"alg":"HS\u0032\u00356"}"#, claims0.as_bytes(), &hs);
    g.verify(
        "8725bis-3.1-alg-escaped",
        "3.1",
        "Positive control: \"HS\\u0032\\u00356\" is the JSON string HS256 (compared after \
         unescaping)",
        &escaped,
        "hs256",
        ok(&claims0),
    );
    let unknown = signed(r#"{"alg":"XS256"}"#, claims0.as_bytes(), &hs);
    g.verify(
        "8725bis-3.1-alg-unknown",
        "3.1",
        "An unregistered alg is refused (allowlist, not blocklist)",
        &unknown,
        "hs256",
        err("unsupported_alg"),
    );
    g.verify(
        "8725bis-3.1-hs-token-es-key",
        "3.1",
        "The key decides the algorithm: an HS256 token given to the ES256 key",
        &hs_token,
        "es256",
        err("alg_mismatch"),
    );
    g.verify(
        "8725bis-3.1-es-token-hs-key",
        "3.1",
        "An ES256 token given to the HS256 key",
        &es_token,
        "hs256",
        err("alg_mismatch"),
    );
    let hs384 = HmacKey::new(JwsAlg::Hs384, &hs_secret).unwrap();
    let hs384_token = sign(&jwt, &claims0, &hs384);
    g.verify(
        "8725bis-3.1-one-key-one-alg",
        "3.1",
        "Each key is used with exactly one algorithm: a 64-byte secret whose JWK says HS256, and \
         an HS384 token MACed with the same secret",
        &hs384_token,
        "hs256",
        err("alg_mismatch"),
    );

    let kw_jwe = g.encrypt_with(&HeaderParams::new(), b"wrapped with A128KW", &kw);
    g.decrypt(
        "8725bis-3.1-jwe-key-wrap",
        "3.1",
        "Positive control: an A128KW + A128GCM JWE with the configured key",
        &kw_jwe,
        "a128kw",
        ok("wrapped with A128KW"),
    );
    g.decrypt(
        "8725bis-3.1-jwe-alg-mismatch",
        "3.1",
        "The key decides the algorithm: an A128KW JWE given to the dir key",
        &kw_jwe,
        "dir",
        err("alg_mismatch"),
    );
    g.decrypt(
        "8725bis-3.1-enc-not-allowed",
        "3.1",
        "An A128GCM JWE where the recipient allows A256GCM only",
        &kw_jwe,
        "a128kw",
        err("unsupported_enc"),
    )
    .enc("A256GCM");

    // 2.1 RS/HS (public key as HMAC secret) confusion.
    let public_jwk_text = serde_json::to_string(&g.keys["es256"]).unwrap();
    let sec1 = [&[4u8][..], &es_x, &es_y].concat();
    for (slug, secret) in [
        ("jwk-text", public_jwk_text.as_bytes()),
        ("sec1-point", &sec1[..]),
    ] {
        let forged = sign(&jwt, &claims0, &HmacKey::hs256(secret).unwrap());
        g.verify(
            &format!("8725bis-2.1-hs256-keyed-with-public-{slug}"),
            "2.1",
            &format!(
                "Key confusion: an HS256 token MACed with the ES256 public key's {slug} as the \
                 secret, given to that public key"
            ),
            &forged,
            "es256",
            err("alg_mismatch"),
        );
    }
    let forged = sign(
        &jwt,
        &claims0,
        &HmacKey::hs256(public_jwk_text.as_bytes()).unwrap(),
    );
    g.verify(
        "8725bis-2.1-public-jwk-as-hs256",
        "2.1",
        "Key confusion: the EC public JWK (no alg) asked to serve HS256 never becomes an HMAC \
         secret",
        &forged,
        "es256-noalg",
        err("key_rejected"),
    )
    .alg("HS256")
    .without(
        "npm",
        "the npm package refuses this key with other codes, as jose does: importJWK(jwk, \
         'HS256') throws JOSENotSupported with tinyjoseCode unsupported_alg, and jwtVerify(token, \
         jwk, { algorithms: ['HS256'] }) binds the JWK to ES256 by its curve and throws \
         alg_mismatch (SECURITY.md, 'Differences between the layers')",
    );

    // 3.2 Use appropriate algorithms: RSA1_5 and none never accepted.
    let rest = ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA";
    let rsa1_5 = format!("{}{rest}", b64e(br#"{"alg":"RSA1_5","enc":"A128GCM"}"#));
    g.decrypt(
        "8725bis-3.2-rsa1_5",
        "3.2",
        "RSA1_5 (RSAES-PKCS1-v1_5) is deprecated: refused by name before any key is used",
        &rsa1_5,
        "a128kw",
        err("alg_rsa1_5"),
    );
    let jwe_none = format!("{}{rest}", b64e(br#"{"alg":"none","enc":"A128GCM"}"#));
    g.decrypt(
        "8725bis-3.2-jwe-alg-none",
        "3.2",
        "A JWE whose alg is none",
        &jwe_none,
        "a128kw",
        err("alg_none"),
    );

    // 3.3 Validate all cryptographic operations; 2.3 sign/encrypt confusion (CVE-2023-51774).
    let dir_jwe = g.encrypt_with(&jwt, claims0.as_bytes(), &dir);
    g.verify(
        "8725bis-2.3-jwe-given-to-verify",
        "2.3",
        "Sign/encrypt confusion: a JWE (dir, A128GCM) handed to JWS verification",
        &dir_jwe,
        "hs256",
        err("malformed"),
    );
    let to_public = EcdhEsPublicKey::p256(JweAlg::EcdhEs, &es_x, &es_y).unwrap();
    let confused = g.encrypt_with(
        &jwt,
        claims("").replace(SUB, "admin").as_bytes(),
        &to_public,
    );
    g.verify(
        "8725bis-2.3-jwe-to-the-public-key",
        "2.3",
        "CVE-2023-51774: anyone can encrypt (ECDH-ES) to the verifier's ES256 public key; \
         that JWE never verifies",
        &confused,
        "es256",
        err("malformed"),
    );
    g.decrypt(
        "8725bis-2.3-jws-given-to-decrypt",
        "2.3",
        "A JWS handed to JWE decryption",
        &hs_token,
        "dir",
        err("malformed"),
    );
    let jwe_payload = signed(r#"{"alg":"HS256","typ":"JWT"}"#, dir_jwe.as_bytes(), &hs);
    g.verify(
        "8725bis-2.3-jws-payload-is-a-jwe",
        "2.3",
        "A signed JWS whose payload is a JWE: never decrypted on the way, not a claims set",
        &jwe_payload,
        "hs256",
        err("json"),
    );
    let jwe_json = {
        let [h, k, iv, c, t] = dir_jwe.split('.').collect::<Vec<_>>()[..] else {
            panic!("five segments");
        };
        let members = format!(r#""ciphertext":"{c}","encrypted_key":"{k}","iv":"{iv}""#);
        format!(r#"{{{members},"protected":"{h}","tag":"{t}"}}"#)
    };
    g.verify(
        "8725bis-2.3-jwe-json-given-to-verify",
        "2.3",
        "Sign/encrypt confusion: a flattened JWE JSON serialization handed to JWS JSON \
         verification",
        &jwe_json,
        "hs256",
        err("malformed"),
    );
    let nested_jwt = HeaderParams::new().cty("JWT");
    let nested =
        |g: &mut Generator, inner: &str| g.encrypt_with(&nested_jwt, inner.as_bytes(), &dir);
    let valid_nested = nested(&mut g, &hs_token);
    g.case(
        "8725bis-3.3-nested-valid",
        "3.3",
        "Positive control: a nested JWT (dir + A128GCM around HS256) with both keys",
        "nested",
        &valid_nested,
        "hs256",
        ok(&claims0),
        JWE,
    )
    .jwe_key("dir");
    let bad_inner = nested(&mut g, &flip(&hs_token, 2));
    g.case(
        "8725bis-3.3-nested-inner-bad-signature",
        "3.3",
        "Nested JWT: the JWE decrypts but the inner JWS signature does not verify",
        "nested",
        &bad_inner,
        "hs256",
        err("invalid_signature"),
        JWE,
    )
    .jwe_key("dir");
    let other_inner = nested(&mut g, &sign(&jwt, &claims0, &hs_other));
    g.case(
        "8725bis-3.3-nested-inner-other-key",
        "3.3",
        "Nested JWT: the inner JWS is signed by a key the application did not supply",
        "nested",
        &other_inner,
        "hs256",
        err("invalid_signature"),
        JWE,
    )
    .jwe_key("dir");
    let none_inner = nested(&mut g, &unsigned);
    g.case(
        "8725bis-3.3-nested-inner-alg-none",
        "3.3",
        "Nested JWT: an unsecured inner JWT inside an authentic JWE",
        "nested",
        &none_inner,
        "hs256",
        err("alg_none"),
        JWE,
    )
    .jwe_key("dir");
    let jwe_in_jwe = nested(&mut g, &dir_jwe);
    g.case(
        "8725bis-3.3-nested-jwe-in-jwe",
        "3.3",
        "Nested JWT: a JWE where the inner JWS should be (no signature anywhere)",
        "nested",
        &jwe_in_jwe,
        "hs256",
        err("malformed"),
        JWE,
    )
    .jwe_key("dir");
    g.case(
        "8725bis-3.3-nested-outer-tag",
        "3.3",
        "Nested JWT: the outer JWE's authentication tag altered",
        "nested",
        &flip(&valid_nested, 4),
        "hs256",
        err("decryption_failed"),
        JWE,
    )
    .jwe_key("dir");

    // 3.4 Validate cryptographic inputs: ECDH-ES epk, ECDSA signature values.
    let ecdh_text = "ECDH-ES content for the recipient";
    let ecdh_jwe = g.encrypt_with(&HeaderParams::new(), ecdh_text.as_bytes(), &ecdh_pub);
    g.decrypt(
        "8725bis-3.4-ecdh-es-valid",
        "3.4",
        "Positive control: ECDH-ES + A128GCM to the recipient's P-256 key",
        &ecdh_jwe,
        "ecdh-es",
        ok(ecdh_text),
    );
    let header = String::from_utf8(b64d(ecdh_jwe.split('.').next().unwrap())).unwrap();
    let epk_y = b64e(ecdh_jwe_y(&header).as_slice());
    let mut off_curve_y = ecdh_jwe_y(&header);
    off_curve_y[31] ^= 1;
    let off_curve = with_header(&ecdh_jwe, &header.replace(&epk_y, &b64e(&off_curve_y)));
    g.decrypt(
        "8725bis-3.4-epk-off-curve",
        "3.4",
        "Invalid-curve attack: an epk whose point is not on P-256 (checked before any scalar \
         multiplication)",
        &off_curve,
        "ecdh-es",
        err("decryption_failed"),
    );
    let identity = header
        .replace(&epk_y, &b64e(&[0u8; 32]))
        .replace(&b64e(&ecdh_jwe_x(&header)), &b64e(&[0u8; 32]));
    g.decrypt(
        "8725bis-3.4-epk-zero",
        "3.4",
        "Invalid-curve attack: an epk of (0, 0)",
        &with_header(&ecdh_jwe, &identity),
        "ecdh-es",
        err("decryption_failed"),
    );
    let p384 = header.replace("\"P-256\"", "\"P-384\"");
    g.decrypt(
        "8725bis-3.4-epk-other-curve",
        "3.4",
        "An epk that names another curve than the recipient's key",
        &with_header(&ecdh_jwe, &p384),
        "ecdh-es",
        err("decryption_failed"),
    );
    let es_parts: Vec<&str> = es_token.split('.').collect();
    let es_input = format!("{}.{}", es_parts[0], es_parts[1]);
    let es_sig = b64d(es_parts[2]);
    let psychic = format!("{es_input}.{}", b64e(&[0u8; 64]));
    g.verify(
        "8725bis-3.4-es256-zero-signature",
        "3.4",
        "ECDSA \"psychic signature\" (CVE-2022-21449): r = s = 0",
        &psychic,
        "es256",
        err("invalid_signature"),
    );
    let r_is_n = format!(
        "{es_input}.{}",
        b64e(&[&P256_N[..], &es_sig[32..]].concat())
    );
    g.verify(
        "8725bis-3.4-es256-r-is-n",
        "3.4",
        "ECDSA r equal to the group order n",
        &r_is_n,
        "es256",
        err("invalid_signature"),
    );
    let high_s = format!(
        "{es_input}.{}",
        b64e(&[&es_sig[..32], &negate_scalar(&es_sig[32..])[..]].concat())
    );
    g.verify(
        "8725bis-3.4-es256-high-s",
        "3.4",
        "ECDSA (r, n - s): the malleable twin of a valid signature, refused by default (low-S \
         only)",
        &high_s,
        "es256",
        err("invalid_signature"),
    );
    let der = format!(
        "{es_input}.{}",
        b64e(
            &[
                &[0x30u8, 0x44, 0x02, 0x20][..],
                &es_sig[..32],
                &[0x02, 0x20],
                &es_sig[32..]
            ]
            .concat()
        )
    );
    g.verify(
        "8725bis-3.4-es256-der-signature",
        "3.4",
        "An ECDSA signature in DER instead of the fixed 64-byte R || S",
        &der,
        "es256",
        err("invalid_signature"),
    );

    // 3.5 Ensure cryptographic keys have sufficient entropy.
    let short_token = {
        let input = format!(
            "{}.{}",
            b64e(br#"{"alg":"HS256","typ":"JWT"}"#),
            b64e(claims0.as_bytes())
        );
        format!("{input}.{}", b64e(&hmac_sha256(short, input.as_bytes())))
    };
    g.verify(
        "8725bis-3.5-hs256-short-key",
        "3.5",
        "An HS256 key of 16 bytes, shorter than the hash: refused when imported, even though \
         the token's MAC is valid",
        &short_token,
        "hs256-short",
        err("key_rejected"),
    );
    let pbes2_text = "wrapped with a password";
    let pbes2_jwe = g.encrypt_with(&HeaderParams::new(), pbes2_text.as_bytes(), &pbes2);
    g.decrypt(
        "8725bis-3.5-pbes2-valid",
        "3.5",
        "Positive control: a password used for key encryption only (PBES2-HS256+A128KW, p2c 2000)",
        &pbes2_jwe,
        "pbes2",
        ok(pbes2_text),
    )
    .alg("PBES2-HS256+A128KW");

    // 3.13 Limit hash iteration count; 2.10 computation cost of p2c.
    let p2s = b64e(&label("p2s")[..16]);
    let pbes2_rest =
        ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA";
    for (slug, p2c, code, threat) in [
        (
            "p2c-max",
            "2147483647",
            "limit_exceeded",
            "p2c = 2^31 - 1 (the \"billion hashes\" attack): refused when parsed, before \
             any PBKDF2 work",
        ),
        (
            "p2c-above-limit",
            "10001",
            "limit_exceeded",
            "p2c one above the default ceiling (Limits::pbes2_count, 10 000)",
        ),
        (
            "p2c-below-minimum",
            "999",
            "limit_exceeded",
            "p2c below RFC 7518's minimum of 1000",
        ),
        ("p2c-zero", "0", "json", "p2c = 0, not a positive integer"),
        ("p2c-string", "\"10000\"", "json", "p2c as a JSON string"),
    ] {
        let header =
            format!(r#"{{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2c":{p2c},"p2s":"{p2s}"}}"#);
        let token = format!("{}{pbes2_rest}", b64e(header.as_bytes()));
        g.decrypt(
            &format!("8725bis-3.13-{slug}"),
            "3.13",
            threat,
            &token,
            "pbes2",
            err(code),
        )
        .alg("PBES2-HS256+A128KW");
    }

    // 3.6 Avoid compression of encryption inputs; 3.15 limit JWE decompression size; 2.12.
    let zip_text = "compressed ".repeat(20);
    let deflated = miniz_oxide::deflate::compress_to_vec(zip_text.as_bytes(), 9);
    let mut out = vec![0u8; 4096];
    let zipped = encrypt_deflated(
        &HeaderParams::new(),
        &deflated,
        &dir,
        A128GCM,
        &mut g.rng,
        &mut out,
    )
    .unwrap()
    .to_owned();
    g.decrypt(
        "8725bis-3.15-zip-valid",
        "3.15",
        "Positive control: \"zip\":\"DEF\" content that inflates within the limit (decryption \
         only: the core never compresses)",
        &zipped,
        "dir",
        ok(&zip_text),
    );
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 1 << 20], 10);
    let mut out = vec![0u8; bomb.len() * 2 + 1024];
    let bomb = encrypt_deflated(
        &HeaderParams::new(),
        &bomb,
        &dir,
        A128GCM,
        &mut g.rng,
        &mut out,
    )
    .unwrap()
    .to_owned();
    g.decrypt(
        "8725bis-2.12-zip-bomb",
        "2.12",
        "Decompression bomb: an authentic JWE whose 1 KB of DEFLATE inflates to 1 MiB, beyond \
         the 256 KiB limit; refused, never truncated",
        &bomb,
        "dir",
        err("limit_exceeded"),
    );
    let zip_def_lower = with_header(&zipped, r#"{"alg":"dir","enc":"A128GCM","zip":"def"}"#);
    g.decrypt(
        "8725bis-3.6-zip-unregistered",
        "3.6",
        "\"zip\":\"def\": only the registered DEF is understood",
        &zip_def_lower,
        "dir",
        err("unsupported_alg"),
    );
    let zip_jws = signed(r#"{"alg":"HS256","zip":"DEF"}"#, claims0.as_bytes(), &hs);
    g.verify(
        "8725bis-3.6-zip-in-jws",
        "3.6",
        "\"zip\" in a JWS header (JWE only, RFC 7516 §4.1.3), with a valid MAC",
        &zip_jws,
        "hs256",
        err("malformed"),
    );

    // 3.7 Use UTF-8.
    let utf16: Vec<u8> = r#"{"alg":"HS256"}"#.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16_token = common::signed_raw(&b64e(&utf16), &b64e(claims0.as_bytes()), &hs);
    g.verify(
        "8725bis-3.7-header-utf16",
        "3.7",
        "A header in UTF-16LE, with a valid MAC",
        &utf16_token,
        "hs256",
        err("json"),
    );
    let bom = common::signed_raw(
        &b64e(b"\xef\xbb\xbf{\"alg\":\"HS256\"}"),
        &b64e(claims0.as_bytes()),
        &hs,
    );
    g.verify(
        "8725bis-3.7-header-bom",
        "3.7",
        "A header with a UTF-8 byte order mark, with a valid MAC",
        &bom,
        "hs256",
        err("json"),
    );
    let latin1_bytes: Vec<u8> = claims(r#","name":"cafX""#)
        .bytes()
        .map(|b| if b == b'X' { 0xe9 } else { b })
        .collect();
    let latin1_token = common::signed_raw(
        &b64e(br#"{"alg":"HS256","typ":"JWT"}"#),
        &b64e(&latin1_bytes),
        &hs,
    );
    g.verify(
        "8725bis-3.7-claims-latin1",
        "3.7",
        "Claims in Latin-1 (a lone 0xE9 byte), with a valid MAC",
        &latin1_token,
        "hs256",
        err("json"),
    );
    let surrogate = sign(&jwt, &claims(r#","name":"\ud800""#), &hs);
    g.verify(
        "8725bis-3.7-claims-lone-surrogate",
        "3.7",
        "A claim string with a lone UTF-16 surrogate escape",
        &surrogate,
        "hs256",
        err("json"),
    );
    let utf16_claims: Vec<u8> = claims0.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16_claims = common::signed_raw(
        &b64e(br#"{"alg":"HS256","typ":"JWT"}"#),
        &b64e(&utf16_claims),
        &hs,
    );
    g.verify(
        "8725bis-3.7-claims-utf16",
        "3.7",
        "Claims in UTF-16LE, with a valid MAC",
        &utf16_claims,
        "hs256",
        err("json"),
    );

    // 3.8 Validate issuer and subject; 2.7 substitution.
    let other_iss = sign(&jwt, &claims0.replace(ISS, "https://other.example"), &hs);
    g.verify(
        "8725bis-3.8-iss-other",
        "3.8",
        "A token of another issuer (signed with the same key)",
        &other_iss,
        "hs256",
        err("issuer_mismatch"),
    );
    let slash = sign(&jwt, &claims0.replace(ISS, &format!("{ISS}/")), &hs);
    g.verify(
        "8725bis-3.8-iss-trailing-slash",
        "3.8",
        "iss with a trailing slash: compared exactly",
        &slash,
        "hs256",
        err("issuer_mismatch"),
    );
    let prefix = sign(&jwt, &claims0.replace(ISS, "https://issuer.ex"), &hs);
    g.verify(
        "8725bis-3.8-iss-prefix",
        "3.8",
        "iss a prefix of the expected issuer (CVE-2024-53861 compared by substring)",
        &prefix,
        "hs256",
        err("issuer_mismatch"),
    );
    let no_iss = sign(
        &jwt,
        &claims0.replace(&format!(r#""iss":"{ISS}","#), ""),
        &hs,
    );
    g.verify(
        "8725bis-3.8-iss-missing",
        "3.8",
        "No iss when an issuer is expected",
        &no_iss,
        "hs256",
        err("missing_claim"),
    );
    let iss_number = sign(&jwt, &claims0.replace(&format!(r#""{ISS}""#), "5"), &hs);
    g.verify(
        "8725bis-3.8-iss-number",
        "3.8",
        "iss of the wrong JSON type",
        &iss_number,
        "hs256",
        err("issuer_mismatch"),
    );
    let other_sub = sign(&jwt, &claims0.replace(SUB, "device-43"), &hs);
    g.verify(
        "8725bis-3.8-sub-other",
        "3.8",
        "Another subject than the expected one",
        &other_sub,
        "hs256",
        err("subject_mismatch"),
    )
    .checks(Checks {
        sub: Some(SUB.to_owned()),
        ..checks()
    });

    // 3.9 Use and validate audience.
    let other_aud = sign(&jwt, &claims0.replace(AUD, "other-api"), &hs);
    g.verify(
        "8725bis-3.9-aud-other",
        "3.9",
        "A token for another audience (substitution)",
        &other_aud,
        "hs256",
        err("audience_mismatch"),
    );
    let no_aud = sign(
        &jwt,
        &claims0.replace(&format!(r#""aud":"{AUD}","#), ""),
        &hs,
    );
    g.verify(
        "8725bis-3.9-aud-missing",
        "3.9",
        "No aud when an audience is expected",
        &no_aud,
        "hs256",
        err("missing_claim"),
    );
    let aud_list = claims0.replace(&format!(r#""{AUD}""#), &format!(r#"["other-api","{AUD}"]"#));
    g.verify(
        "8725bis-3.9-aud-list",
        "3.9",
        "Positive control: aud as an array that holds the expected audience",
        &sign(&jwt, &aud_list, &hs),
        "hs256",
        ok(&aud_list),
    );
    let empty_aud = sign(
        &jwt,
        &claims0.replace(&format!(r#""{AUD}""#), r#"["",null]"#),
        &hs,
    );
    g.verify(
        "8725bis-3.9-aud-empty-string",
        "3.9",
        "aud [\"\", null] (CVE-2020-26160: an empty audience matched)",
        &empty_aud,
        "hs256",
        err("audience_mismatch"),
    );
    g.verify(
        "8725bis-3.9-aud-unexpected",
        "3.9",
        "A token with aud, and no audience expected: the recipient is not named, refused (RFC \
         7519 §4.1.3)",
        &hs_token,
        "hs256",
        err("audience_mismatch"),
    )
    .checks(Checks {
        iss: Some(ISS.to_owned()),
        ..Checks::default()
    });

    // 3.10 Carefully evaluate received claims: embedded keys, key URLs, kid.
    let embedded = signed(
        &format!(
            r#"{{"alg":"ES256","typ":"JWT","jwk":{{"kty":"EC","crv":"P-256","x":"{}","y":"{}"}}}}"#,
            b64e(&at_x),
            b64e(&at_y)
        ),
        claims0.as_bytes(),
        &attacker,
    );
    g.verify(
        "8725bis-3.10-embedded-jwk",
        "3.10",
        "Signed by the attacker's key, which the header's jwk carries (CVE-2018-0114): the \
         header key is never used",
        &embedded,
        "es256",
        err("invalid_signature"),
    );
    let jku = signed(
        r#"{"alg":"ES256","typ":"JWT","jku":"http://127.0.0.1:8080/jwks.json"}"#,
        claims0.as_bytes(),
        &attacker,
    );
    g.verify(
        "8725bis-3.10-jku",
        "3.10",
        "Signed by the attacker, jku pointing at a loopback URL: not fetched (SSRF), not trusted",
        &jku,
        "es256",
        err("invalid_signature"),
    );
    let x5u = signed(
        r#"{"alg":"ES256","typ":"JWT","x5u":"http://169.254.169.254/latest/meta-data/"}"#,
        claims0.as_bytes(),
        &attacker,
    );
    g.verify(
        "8725bis-3.10-x5u",
        "3.10",
        "Signed by the attacker, x5u pointing at a metadata address: not fetched, not trusted",
        &x5u,
        "es256",
        err("invalid_signature"),
    );
    let kid_ok = sign(
        &HeaderParams::new().typ("JWT").kid("hs256-1"),
        &claims0,
        &hs,
    );
    g.verify(
        "8725bis-3.10-kid-exact",
        "3.10",
        "Positive control: a kid found in the JWK Set, compared as exact bytes",
        &kid_ok,
        "hs256-set",
        ok(&claims0),
    );
    for (slug, kid) in [
        ("path", "../../../../dev/null"),
        ("sql", "hs256-1' OR '1'='1"),
        ("case", "HS256-1"),
        ("space", "hs256-1 "),
    ] {
        let token = sign(&HeaderParams::new().typ("JWT").kid(kid), &claims0, &hs);
        g.verify(
            &format!("8725bis-3.10-kid-{slug}"),
            "3.10",
            &format!(
                "kid {kid:?} (valid MAC): matched exactly against the set, never normalized, used \
                 as a path or a query"
            ),
            &token,
            "hs256-set",
            err("no_matching_key"),
        );
    }
    let kid_number = signed(
        r#"{"alg":"HS256","typ":"JWT","kid":1}"#,
        claims0.as_bytes(),
        &hs,
    );
    g.verify(
        "8725bis-3.10-kid-number",
        "3.10",
        "kid of the wrong JSON type",
        &kid_number,
        "hs256-set",
        err("json"),
    );

    // 3.11 Use explicit typing.
    let at = |typ: &str| Checks {
        typ: Some(typ.to_owned()),
        ..checks()
    };
    g.verify(
        "8725bis-3.11-typ-other",
        "3.11",
        "An ID-token-like JWT (typ JWT) where an access token (at+jwt) is expected",
        &hs_token,
        "hs256",
        err("type_mismatch"),
    )
    .checks(at("at+jwt"));
    let untyped = sign(&HeaderParams::new(), &claims0, &hs);
    g.verify(
        "8725bis-3.11-typ-missing",
        "3.11",
        "No typ where at+jwt is expected",
        &untyped,
        "hs256",
        err("type_mismatch"),
    )
    .checks(at("at+jwt"));
    let at_token = sign(&HeaderParams::new().typ("at+jwt"), &claims0, &hs);
    g.verify(
        "8725bis-3.11-typ-valid",
        "3.11",
        "Positive control: typ at+jwt where at+jwt is expected",
        &at_token,
        "hs256",
        ok(&claims0),
    )
    .checks(at("at+jwt"));
    let full = sign(
        &HeaderParams::new().typ("application/AT+JWT"),
        &claims0,
        &hs,
    );
    g.verify(
        "8725bis-3.11-typ-media-type",
        "3.11",
        "Positive control: typ application/AT+JWT is the media type at+jwt (prefix optional, \
         case-insensitive, RFC 7515 §4.1.9)",
        &full,
        "hs256",
        ok(&claims0),
    )
    .checks(at("at+jwt"));

    // 3.12 Mutually exclusive validation rules for different kinds of JWTs.
    let logout = sign(&HeaderParams::new().typ("logout+jwt"), &claims0, &hs);
    g.verify(
        "8725bis-3.12-kind-by-typ",
        "3.12",
        "A logout token (typ logout+jwt) presented as an access token (at+jwt), same issuer \
         and key",
        &logout,
        "hs256",
        err("type_mismatch"),
    )
    .checks(at("at+jwt"));
    let other_kind = sign(&jwt, &claims0, &hs_other);
    g.verify(
        "8725bis-3.12-kind-by-key",
        "3.12",
        "A token of another kind, signed with that kind's key, presented to this kind's key",
        &other_kind,
        "hs256",
        err("invalid_signature"),
    );

    // 3.14 Check JWT format type; 2.13 JWT format confusion.
    let flat = flattened(&hs_token);
    g.verify(
        "8725bis-3.14-json-to-compact",
        "3.14",
        "A JWS JSON serialization handed to the compact JWT verifier: braces and quotes are \
         not a JWT",
        &flat,
        "hs256",
        err("malformed"),
    )
    .form("compact")
    .without(
        "cli",
        "the command reads the serialization from the input (a JSON serialization opens \
         with {): it cannot be told to take JSON text as compact",
    );
    let forged_payload = b64e(claims0.replace(SUB, "admin").as_bytes());
    let [h, p, s] = hs_token.split('.').collect::<Vec<_>>()[..] else {
        panic!("three segments");
    };
    let polyglot = format!(
        r#"{{"{h}.{forged_payload}.":"","payload":"{p}","protected":"{h}","signature":"{s}"}}"#
    );
    g.verify(
        "8725bis-2.13-polyglot-json",
        "2.13",
        "A polyglot token (JSON serialization with a compact token holding forged claims in a \
         member name): JSON verification returns the signed claims, never the forged ones",
        &polyglot,
        "hs256",
        ok(&claims0),
    );
    g.verify(
        "8725bis-2.13-polyglot-compact",
        "2.13",
        "The same polyglot handed to the compact verifier",
        &polyglot,
        "hs256",
        err("malformed"),
    )
    .form("compact")
    .without(
        "cli",
        "the command reads the serialization from the input (a JSON serialization opens \
         with {): it cannot be told to take JSON text as compact",
    );
    g.verify(
        "8725bis-3.14-flattened-valid",
        "3.14",
        "Positive control: the flattened JSON serialization through the JSON API",
        &flat,
        "hs256",
        ok(&claims0),
    );
    let quoted = format!("\"{hs_token}\"");
    g.verify(
        "8725bis-3.14-quoted",
        "3.14",
        "A compact token inside JSON quotes",
        &quoted,
        "hs256",
        err("base64"),
    );
    let padded = format!("{h}=.{p}.{s}");
    g.verify(
        "8725bis-3.14-padding",
        "3.14",
        "A header segment with base64 padding",
        &padded,
        "hs256",
        err("base64"),
    );
    let wrapped = format!("{h}.{p}.{}\n{}", &s[..20], &s[20..]);
    g.verify(
        "8725bis-3.14-line-break",
        "3.14",
        "A compact token with a line break inside its signature segment",
        &wrapped,
        "hs256",
        err("base64"),
    );
    let plus = hs_token.replacen('-', "+", 1).replacen('_', "/", 1);
    if plus != hs_token {
        g.verify(
            "8725bis-3.14-base64-alphabet",
            "3.14",
            "Standard base64 characters (+ /) instead of base64url",
            &plus,
            "hs256",
            err("base64"),
        );
    }
    let unprotected_alg = format!(
        r#"{{"header":{{"alg":"HS256"}},"payload":"{p}","protected":"{}","signature":"{s}"}}"#,
        b64e(br#"{"typ":"JWT"}"#)
    );
    let unprotected_alg = {
        // Signed over the protected header without alg.
        let input = format!("{}.{p}", b64e(br#"{"typ":"JWT"}"#));
        let mut sig = [0u8; 32];
        hs.sign(input.as_bytes(), &mut sig).unwrap();
        unprotected_alg.replace(s, &b64e(&sig))
    };
    g.verify(
        "jose-json-unprotected-alg",
        "RFC 7515 §7.2.1",
        "A JWS JSON signature whose alg is only in the unprotected header, where anyone can \
         change it",
        &unprotected_alg,
        "hs256",
        err("malformed"),
    );

    // Beyond RFC 8725bis: crit, duplicate members, exp and nbf always checked.
    for (slug, header, threat) in [
        (
            "unknown",
            r#"{"alg":"HS256","crit":["urn:example:mfa"],"urn:example:mfa":true}"#,
            "crit names an extension the library does not understand (CVE-2025-59420 class)",
        ),
        (
            "empty",
            r#"{"alg":"HS256","crit":[]}"#,
            "crit is an empty list",
        ),
        (
            "registered",
            r#"{"alg":"HS256","crit":["alg"]}"#,
            "crit names a registered parameter",
        ),
        (
            "absent",
            r#"{"alg":"HS256","crit":["urn:example:mfa"]}"#,
            "crit names a parameter the header lacks",
        ),
    ] {
        let token = signed(header, claims0.as_bytes(), &hs);
        g.verify(
            &format!("jose-crit-{slug}"),
            "RFC 7515 §4.1.11",
            &format!("{threat}, with a valid MAC"),
            &token,
            "hs256",
            err("unsupported_crit"),
        );
    }
    let b64_without_crit = signed(r#"{"alg":"HS256","b64":false}"#, claims0.as_bytes(), &hs);
    g.verify(
        "jose-b64-without-crit",
        "RFC 7797 §6",
        "\"b64\":false without crit, with a valid MAC",
        &b64_without_crit,
        "hs256",
        err("unsupported_crit"),
    );
    let dup_alg = signed(r#"{"alg":"HS256","alg":"none"}"#, claims0.as_bytes(), &hs);
    g.verify(
        "jose-duplicate-alg",
        "RFC 7515 §5.2",
        "A header with alg twice (parser differential), with a valid MAC",
        &dup_alg,
        "hs256",
        err("duplicate_member"),
    );
    let dup_escaped = signed(
        r#"{"alg":"HS256","\u0061lg":"HS256"}"#,
        claims0.as_bytes(),
        &hs,
    );
    g.verify(
        "jose-duplicate-escaped",
        "RFC 7515 §5.2",
        "alg twice, once written with an escape",
        &dup_escaped,
        "hs256",
        err("duplicate_member"),
    );
    let dup_kid = signed(
        r#"{"alg":"HS256","kid":"hs256-1","kid":"other"}"#,
        claims0.as_bytes(),
        &hs,
    );
    g.verify(
        "jose-duplicate-kid",
        "RFC 7515 §5.2",
        "A header with kid twice",
        &dup_kid,
        "hs256-set",
        err("duplicate_member"),
    );
    let dup_sub = sign(&jwt, &claims(r#","sub":"admin""#), &hs);
    g.verify(
        "jose-duplicate-claim",
        "RFC 7519 §4",
        "Claims with sub twice (the second would make an admin)",
        &dup_sub,
        "hs256",
        err("duplicate_member"),
    );
    let json_dup = format!(
        r#"{{"header":{{"kid":"hs256-1"}},"payload":"{p}","protected":"{}","signature":"{s}"}}"#,
        b64e(br#"{"alg":"HS256","kid":"hs256-1"}"#)
    );
    let json_dup = {
        let input = format!("{}.{p}", b64e(br#"{"alg":"HS256","kid":"hs256-1"}"#));
        let mut sig = [0u8; 32];
        hs.sign(input.as_bytes(), &mut sig).unwrap();
        json_dup.replace(s, &b64e(&sig))
    };
    g.verify(
        "jose-json-duplicate-header",
        "RFC 7515 §7.2.1",
        "A JWS JSON signature with kid in both the protected and the unprotected header",
        &json_dup,
        "hs256",
        err("duplicate_member"),
    );

    let at_claims = |exp: &str, extra: &str| {
        format!(
            r#"{{"iss":"{ISS}","sub":"{SUB}","aud":"{AUD}","iat":{}{exp}{extra}}}"#,
            NOW - 600
        )
    };
    for (slug, payload, code, threat) in [
        (
            "exp-past",
            at_claims(&format!(r#","exp":{}"#, NOW - 1), ""),
            "expired",
            "exp one second before now",
        ),
        (
            "exp-now",
            at_claims(&format!(r#","exp":{NOW}"#), ""),
            "expired",
            "exp equal to now (valid only before exp)",
        ),
        (
            "exp-string",
            at_claims(&format!(r#","exp":"{}""#, NOW + 3600), ""),
            "invalid_claim",
            "exp as a string (CVE-2026-25537: a wrong type read as absent)",
        ),
        (
            "exp-huge",
            at_claims(r#","exp":1e400"#, ""),
            "invalid_claim",
            "exp out of range",
        ),
        (
            "nbf-future",
            at_claims(
                &format!(r#","exp":{}"#, NOW + 3600),
                &format!(r#","nbf":{}"#, NOW + 1),
            ),
            "not_yet_valid",
            "nbf one second after now",
        ),
        (
            "nbf-string",
            at_claims(
                &format!(r#","exp":{}"#, NOW + 3600),
                &format!(r#","nbf":"{NOW}""#),
            ),
            "invalid_claim",
            "nbf as a string",
        ),
    ] {
        let token = sign(&jwt, &payload, &hs);
        g.verify(
            &format!("jose-{slug}"),
            "RFC 7519 §4.1.4, §4.1.5",
            &format!("{threat}: exp and nbf are checked whenever present"),
            &token,
            "hs256",
            err(code),
        );
    }
    let fractional = at_claims(&format!(r#","exp":{}.5"#, NOW + 3600), "");
    g.verify(
        "jose-exp-fractional",
        "RFC 7519 §2",
        "Positive control: a NumericDate with a fraction",
        &sign(&jwt, &fractional, &hs),
        "hs256",
        ok(&fractional),
    );
    let no_exp = at_claims("", "");
    g.verify(
        "jose-exp-absent",
        "RFC 7519 §4.1.4",
        "Positive control: no exp at all (exp is checked when present; require it per profile)",
        &sign(&jwt, &no_exp, &hs),
        "hs256",
        ok(&no_exp),
    );

    CaseFile {
        title: "RFC 8725bis conformance cases of tinyjose".to_owned(),
        document:
            "draft-ietf-oauth-rfc8725bis-09 (JSON Web Token Best Current Practices, 11 August \
             2026; -10 was approved by the IESG). `section` is its section number, or for the \
             rules beyond it the RFC that makes them."
                .to_owned(),
        origin: "Written by the generator in crates/tinyjose/tests/conformance.rs with the \
                 tinyjose core. Every secret and private scalar is SHA-256 of \"tinyjose \
                 conformance: \" followed by the key's label (hs256-other, hs256-short (its first \
                 16 bytes), es256, attacker-es256, dir and a128kw (their first 16 bytes), \
                 ecdh-es), but the hs256 secret, which is SHA-512 of \"tinyjose conformance: \
                 hs256\" (64 bytes); the PBES2 password is \"conformance password\"; random \
                 values (IVs, CEKs, ephemeral keys, p2s) come from a fixed-seed generator, and \
                 ECDSA signing is deterministic (RFC 6979), so the generator rewrites this file \
                 byte for byte."
            .to_owned(),
        semantics: vec![
            "verify: verify `token` with the key `key` (a JWK: bound to `alg` when the \
             case gives one, else to its own; a JWK Set: the key its kid selects), then \
             validate the claims at `now`: exp and nbf whenever present, and `checks` \
             (iss, aud, sub, typ). `form` is the serialization the caller asks for."
                .to_owned(),
            "decrypt: decrypt the compact JWE `token` with the key `key` (for PBES2, a \
             JWK whose k is the password), allowing `alg` when given and every content \
             encryption unless `enc` is given; the verdict is the plaintext."
                .to_owned(),
            "nested: decrypt the JWE with `jwe_key`, take its plaintext as the inner \
             compact JWS (cty JWT), verify it with `key` and validate its claims as \
             verify does."
                .to_owned(),
            "expect: payload (the exact payload or plaintext, as UTF-8 text) or error \
             (the core's Error::code()). Limits are the defaults in every layer."
                .to_owned(),
        ],
        now: NOW,
        keys: g.keys,
        cases: g.cases,
    }
}

/// The `x` of the epk in a JWE header, decoded.
fn ecdh_jwe_x(header: &str) -> Vec<u8> {
    let v: Value = serde_json::from_str(header).unwrap();
    b64d(v["epk"]["x"].as_str().unwrap())
}

/// The `y` of the epk in a JWE header, decoded.
fn ecdh_jwe_y(header: &str) -> Vec<u8> {
    let v: Value = serde_json::from_str(header).unwrap();
    b64d(v["epk"]["y"].as_str().unwrap())
}

impl Case {
    fn form(&mut self, form: &str) -> &mut Self {
        form.clone_into(&mut self.form);
        self
    }
}

/// The case file as the generator writes it.
fn generated_text() -> String {
    let mut text = serde_json::to_string_pretty(&generate()).unwrap();
    text.push('\n');
    text
}

#[test]
fn the_case_file_is_what_the_generator_writes() {
    let path = data_path(FILE);
    let text = generated_text();
    if std::env::var_os("TINYJOSE_WRITE_CONFORMANCE").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == text,
        "{} is not what the generator writes: rewrite it with \
         TINYJOSE_WRITE_CONFORMANCE=1 cargo test -p tinyjose --all-features --test conformance",
        path.display()
    );
}

// --- The core's runner ---------------------------------------------------------------------------

fn load() -> CaseFile {
    let text = std::fs::read_to_string(data_path(FILE)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The text of the key `name`.
fn key_text(file: &CaseFile, name: &str) -> String {
    serde_json::to_string(&file.keys[name]).unwrap()
}

/// The validation of a case at the file's clock.
fn validation<'a>(now: u64, checks: &'a Checks, aud: &'a [&'a str]) -> Validation<'a> {
    let mut v = Validation::new(UnixTime::from_secs(now));
    if let Some(iss) = &checks.iss {
        v = v.issuer(iss);
    }
    if !aud.is_empty() {
        v = v.audiences(aud);
    }
    if let Some(sub) = &checks.sub {
        v = v.subject(sub);
    }
    if let Some(typ) = &checks.typ {
        v = v.typ(typ);
    }
    v
}

fn jws_alg(case: &Case) -> Option<JwsAlg> {
    case.alg.as_deref().map(|a| JwsAlg::from_name(a).unwrap())
}

/// Verifies a JWS the core's way: a JWK bound to its algorithm, or a JWK Set by `kid`.
fn core_verify(file: &CaseFile, case: &Case, token: &str) -> Result<Vec<u8>, Error> {
    let checks = case.checks.clone().unwrap_or_default();
    let aud: Vec<&str> = checks.aud.iter().map(String::as_str).collect();
    let validation = validation(file.now, &checks, &aud);
    let json = key_text(file, &case.key);
    let set = file.keys[&case.key].get("keys").is_some();
    if case.form == "json" {
        let jws = UntrustedJwsJson::parse(token)?;
        let mut out = vec![0u8; jws.buffer_len()];
        let verified = if set {
            jws.verify_any(&JwkSet::parse(&json)?, &mut out)?
        } else {
            let key = tinyjose::Jwk::parse(&json)?.to_key(jws_alg(case))?;
            jws.verify(&key, &mut out)?
        };
        verified.claims(&validation)?;
        return Ok(verified.payload().to_vec());
    }
    let jws = UntrustedJws::parse(token)?;
    let mut out = vec![0u8; jws.payload_len()];
    let verified = if set {
        JwkSet::parse(&json)?.verify(&jws, &mut out)?
    } else {
        let key = tinyjose::Jwk::parse(&json)?.to_key(jws_alg(case))?;
        jws.verify(&key, &mut out)?
    };
    verified.claims(&validation)?;
    Ok(verified.payload().to_vec())
}

/// The decryption key of a JWK: a PBES2 password is the JWK's `k`.
fn jwe_key(
    file: &CaseFile,
    name: &str,
    alg: Option<JweAlg>,
) -> Result<Box<dyn JweDecrypter>, Error> {
    let json = key_text(file, name);
    let jwk = tinyjose::Jwk::parse(&json)?;
    let mut buf = [0u8; 32];
    let own = jwk.alg(&mut buf)?.map(JweAlg::from_name).transpose()?;
    match alg.or(own) {
        Some(alg) if alg.is_pbes2() => {
            let mut password = [0u8; 128];
            Ok(Box::new(Pbes2Key::new(alg, jwk.secret(&mut password)?)?))
        }
        alg => Ok(Box::new(jwk.to_jwe_key(alg)?)),
    }
}

fn encs(case: &Case) -> Vec<&'static dyn ContentEncryption> {
    match &case.enc {
        Some(name) => {
            let enc = Enc::from_name(name).unwrap();
            ALL_CONTENT_ENCRYPTIONS
                .iter()
                .copied()
                .filter(|c| c.enc() == enc)
                .collect()
        }
        None => ALL_CONTENT_ENCRYPTIONS.to_vec(),
    }
}

fn core_decrypt(file: &CaseFile, case: &Case) -> Result<Vec<u8>, Error> {
    let jwe = UntrustedJwe::parse(&case.token)?;
    let alg = case.alg.as_deref().map(|a| JweAlg::from_name(a).unwrap());
    let key = jwe_key(file, &case.key, alg)?;
    let mut out = vec![0u8; jwe.max_buffer_len()];
    let decrypted = jwe.decrypt(&*key, &encs(case), &mut out)?;
    Ok(decrypted.plaintext().to_vec())
}

fn core_nested(file: &CaseFile, case: &Case) -> Result<Vec<u8>, Error> {
    let checks = case.checks.clone().unwrap_or_default();
    let aud: Vec<&str> = checks.aud.iter().map(String::as_str).collect();
    let validation = validation(file.now, &checks, &aud);
    let jwe = UntrustedJwe::parse(&case.token)?;
    let decrypter = jwe_key(file, case.jwe_key.as_deref().unwrap(), None)?;
    let verifier = tinyjose::Jwk::parse(&key_text(file, &case.key))?.to_key(jws_alg(case))?;
    let mut scratch = vec![0u8; jwe.max_buffer_len()];
    let mut out = vec![0u8; case.token.len()];
    let claims = decrypt_nested_jwt(
        &case.token,
        &*decrypter,
        &encs(case),
        &verifier,
        &validation,
        &mut scratch,
        &mut out,
    )?;
    Ok(claims.json().as_bytes().to_vec())
}

fn core_run(file: &CaseFile, case: &Case) -> Result<Vec<u8>, Error> {
    match case.op.as_str() {
        "verify" => core_verify(file, case, &case.token),
        "decrypt" => core_decrypt(file, case),
        "nested" => core_nested(file, case),
        op => panic!("{}: unknown op {op}", case.id),
    }
}

#[test]
fn every_case_has_the_core_verdict() {
    let file = load();
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in &file.cases {
        if !case.layers.iter().any(|l| l == "core") {
            continue;
        }
        ran += 1;
        let got = match core_run(&file, case) {
            Ok(payload) => Expect::Payload(String::from_utf8(payload).unwrap()),
            Err(e) => Expect::Error(e.code().to_owned()),
        };
        if got != case.expect {
            failures.push(format!(
                "{}: expected {:?}, got {got:?}",
                case.id, case.expect
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(ran, file.cases.len(), "the core runs every case");
}

#[test]
fn the_case_file_is_well_formed() {
    let file = load();
    let layers = ["core", "std", "cli", "npm", "firmware"];
    for case in &file.cases {
        assert!(
            case.id.starts_with("8725bis-") || case.id.starts_with("jose-"),
            "{}",
            case.id
        );
        assert!(
            ["verify", "decrypt", "nested"].contains(&case.op.as_str()),
            "{}",
            case.id
        );
        assert!(
            ["compact", "json"].contains(&case.form.as_str()),
            "{}",
            case.id
        );
        assert!(file.keys.contains_key(&case.key), "{}", case.id);
        assert!(
            case.layers.iter().all(|l| layers.contains(&l.as_str())),
            "{}",
            case.id
        );
        assert_eq!(
            case.note.is_some(),
            case.layers.len() < if case.op == "verify" { 5 } else { 4 },
            "{}: a case that skips a layer says why",
            case.id
        );
        if let Expect::Error(code) = &case.expect {
            assert!(all_codes().contains(&code.as_str()), "{}: {code}", case.id);
        }
    }
}

/// Every code of `Error::code()`, from the list the npm package is generated from.
fn all_codes() -> Vec<&'static str> {
    let text = include_str!("../../../bindings/wasm/js/codes.mjs");
    text.lines()
        .filter_map(|l| l.trim().strip_prefix('\'')?.strip_suffix("',"))
        .collect()
}
