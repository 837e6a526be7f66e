//! SD-JWT (RFC 9901): verifying the same SD-JWT VC presentation (ten disclosures, one of them a
//! recursive `address` whose three members are disclosures too, two decoys, key binding, ES256)
//! with tinyjose and with `sd-jwt-rs` 0.7.1, next to the two ES256 verifications (issuer-signed
//! JWT and Key Binding JWT) each library's path contains, done alone on the same inputs; and
//! presenting with key binding and issuing, with both libraries.
//!
//! Groups: `SD-JWT-verify`, `SD-JWT-present`, `SD-JWT-issue`; criterion writes each estimate to
//! `target/criterion/<group>/<path>/new/estimates.json`. Keys, the credential, the presentation
//! and the validation settings are made before the timed loops; the verifiers read the clock
//! inside them, as a server does for each request. Each timed path is a non-inlined function,
//! so that callgrind's `--toggle-collect` can count it alone.

#![expect(
    clippy::expect_used,
    reason = "benchmark setup: a fixture that does not verify must stop the run"
)]

#[path = "../tests/support/sd_jwt.rs"]
#[allow(
    dead_code,
    reason = "shared with tests/sd_jwt_interop.rs, which uses other parts"
)]
mod support;

use core::hint::black_box;

use base64ct::{Base64UrlUnpadded, Encoding};
use criterion::Criterion;
use sd_jwt_rs::issuer::ClaimsForSelectiveDisclosureStrategy as Strategy;
use sd_jwt_rs::{SDJWTHolder, SDJWTIssuer, SDJWTSerializationFormat};
use serde_json::{Map, Value, json};
use support::{AUD, Lcg, NONCE, Party, VC_PATHS, VC_POINTERS, VCT, peer_verify, vc_claims};
use tinyjose::{
    HeaderParams, JwkKey, JwsVerifier, KeyBindingParams, SdJwtIssue, SdJwtValidation, UnixTime,
    UntrustedSdJwt, Validation, issue_sd_jwt, present_sd_jwt,
};
use tinyjose_bench::{ISSUER, now};

/// The oldest Key Binding JWT the tinyjose verifier accepts: the presentation is made once,
/// before the run, which may last longer than the default 300 seconds under callgrind.
const KB_MAX_AGE: u64 = 86_400;

/// The SD-JWT VC types the tinyjose verifier accepts.
const VC_TYPES: [&str; 1] = [VCT];

/// What `sd-jwt-rs`'s holder discloses: all ten.
fn disclose_all() -> Map<String, Value> {
    json!({
        "given_name": true, "family_name": true, "birthdate": true, "email": true,
        "phone_number": true, "age_over_18": true,
        "address": {"street_address": true, "locality": true, "postal_code": true}
    })
    .as_object()
    .cloned()
    .unwrap_or_default()
}

/// One signed JWT's signing input and decoded signature.
struct Signed {
    input: Vec<u8>,
    signature: Vec<u8>,
}

impl Signed {
    fn new(jwt: &str) -> Self {
        let (input, signature) = jwt.rsplit_once('.').expect("a compact JWS");
        let mut sig = [0u8; 64];
        let sig = Base64UrlUnpadded::decode(signature, &mut sig).expect("base64url");
        Self {
            input: input.as_bytes().to_vec(),
            signature: sig.to_vec(),
        }
    }
}

/// tinyjose's whole verification: parse, issuer signature, disclosures, claims (issuer, `exp`,
/// `vct`), Key Binding JWT; the claims land in a stack buffer. Returns their length.
#[inline(never)]
fn tinyjose_verify(presentation: &str, issuer: &Party) -> Option<usize> {
    let v = SdJwtValidation::new(Validation::new(UnixTime::from_secs(now())).issuer(ISSUER))
        .key_binding(AUD, NONCE)
        .key_binding_max_age(KB_MAX_AGE)
        .vct(&VC_TYPES);
    let sd_jwt = UntrustedSdJwt::parse(presentation).ok()?;
    let (mut scratch, mut out) = ([0u8; 2048], [0u8; 1024]);
    let verified = sd_jwt
        .verify(&issuer.verifying, &v, &mut scratch, &mut out)
        .ok()?;
    Some(verified.claims().json().len())
}

/// `sd-jwt-rs`'s whole verification (`SDJWTVerifier::new` with the expected audience and nonce),
/// its claims as a `serde_json::Value`. Returns their number.
#[inline(never)]
fn sd_jwt_rs_verify(presentation: &str, issuer: &Party) -> Option<usize> {
    let claims = peer_verify(presentation, issuer, Some((AUD, NONCE))).ok()?;
    claims.as_object().map(Map::len)
}

/// The two ES256 verifications of a presentation by the core's own verifier
/// (`Es256VerifyingKey` as `JwsVerifier`), with nothing else: the floor of tinyjose's path.
#[inline(never)]
fn two_es256_tinyjose(keys: (&Party, &Party), issuer_jwt: &Signed, kb_jwt: &Signed) -> bool {
    keys.0
        .verifying
        .verify(&issuer_jwt.input, &issuer_jwt.signature)
        .is_ok()
        && keys
            .1
            .verifying
            .verify(&kb_jwt.input, &kb_jwt.signature)
            .is_ok()
}

/// The same two verifications by `ring`, which `sd-jwt-rs` verifies with (through
/// `jsonwebtoken` 9): the floor of its path.
#[inline(never)]
fn two_es256_ring(keys: (&Party, &Party), issuer_jwt: &Signed, kb_jwt: &Signed) -> bool {
    use ring::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &keys.0.sec1)
        .verify(&issuer_jwt.input, &issuer_jwt.signature)
        .is_ok()
        && UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &keys.1.sec1)
            .verify(&kb_jwt.input, &kb_jwt.signature)
            .is_ok()
}

/// tinyjose's holder: all ten disclosures and a Key Binding JWT, into stack buffers.
#[inline(never)]
fn tinyjose_present(sd_jwt: &str, holder: &Party) -> Option<usize> {
    let kb = KeyBindingParams::new(AUD, NONCE, UnixTime::from_secs(now()));
    let (mut scratch, mut out) = ([0u8; 512], [0u8; 4096]);
    present_sd_jwt(
        sd_jwt,
        &mut |_| true,
        Some((&holder.signing, &kb)),
        &mut scratch,
        &mut out,
    )
    .ok()
    .map(str::len)
}

/// `sd-jwt-rs`'s holder: `SDJWTHolder::new` of the issued SD-JWT, then `create_presentation`
/// of all ten disclosures with a Key Binding JWT. Returns the presentation.
#[inline(never)]
fn sd_jwt_rs_present(
    sd_jwt: &str,
    disclose: &Map<String, Value>,
    holder: &Party,
) -> Option<String> {
    SDJWTHolder::new(sd_jwt.to_owned(), SDJWTSerializationFormat::Compact)
        .ok()?
        .create_presentation(
            disclose.clone(),
            Some(NONCE.to_owned()),
            Some(AUD.to_owned()),
            Some(holder.encoding.clone()),
            Some("ES256".to_owned()),
        )
        .ok()
}

/// tinyjose's issuer: the ten disclosures (salts from a deterministic generator), no decoys,
/// bound to the holder's key, into stack buffers.
#[inline(never)]
fn tinyjose_issue(
    claims: &str,
    params: &SdJwtIssue<'_>,
    issuer: &Party,
    seed: u64,
) -> Option<usize> {
    let (mut scratch, mut out) = ([0u8; 2048], [0u8; 4096]);
    issue_sd_jwt(
        claims,
        params,
        &issuer.signing,
        &mut Lcg(seed),
        &mut scratch,
        &mut out,
    )
    .ok()
    .map(str::len)
}

/// `sd-jwt-rs`'s issuer: the same ten disclosures (`Custom` JSONPaths), no decoys, bound to the
/// holder's key.
#[inline(never)]
fn sd_jwt_rs_issue(claims: &Value, issuer: &Party, holder: &Party) -> Option<usize> {
    SDJWTIssuer::new(issuer.encoding.clone(), Some("ES256".to_owned()))
        .issue_sd_jwt(
            claims.clone(),
            Strategy::Custom(VC_PATHS.to_vec()),
            Some(holder.jwk.clone()),
            false,
            SDJWTSerializationFormat::Compact,
        )
        .ok()
        .map(|s| s.len())
}

fn sd_jwt(c: &mut Criterion) {
    let issuer = Party::issuer().expect("issuer key");
    let holder = Party::holder().expect("holder key");
    let claims = vc_claims();
    let claims_text = claims.to_string();
    let holder_jwk = JwkKey::Es256(holder.verifying);
    let no_decoys = SdJwtIssue::new(HeaderParams::new().typ("dc+sd-jwt"))
        .disclosable(&VC_POINTERS)
        .holder(&holder_jwk);

    // The credential, issued by tinyjose (low-S signatures, which both verifiers accept), and
    // its presentation with all ten disclosures, bound at the start of the run.
    let issued = support::tiny_issue(&claims, &VC_POINTERS, 2, "dc+sd-jwt", &issuer, &holder, 1)
        .expect("issued");
    let presentation =
        support::tiny_present(&issued, &mut |_| true, &holder, now()).expect("presented");
    let parts: Vec<&str> = presentation.split('~').collect();
    assert_eq!(
        parts.len(),
        12,
        "the JWT, ten disclosures and the Key Binding JWT"
    );
    let issuer_jwt = Signed::new(parts.first().expect("issuer-signed JWT"));
    let kb_jwt = Signed::new(parts.last().expect("Key Binding JWT"));
    let keys = (&issuer, &holder);

    // Every path must accept its input, with the same claims, before it is timed.
    assert!(tinyjose_verify(&presentation, &issuer).is_some());
    let v = support::tiny_validation(now()).key_binding_max_age(KB_MAX_AGE);
    let (ours, _) = support::tiny_verify(&presentation, &issuer, &v, false).expect("tinyjose");
    let theirs = peer_verify(&presentation, &issuer, Some((AUD, NONCE))).expect("sd-jwt-rs");
    assert_eq!(ours, theirs, "the same claims");
    assert!(two_es256_tinyjose(keys, &issuer_jwt, &kb_jwt));
    assert!(two_es256_ring(keys, &issuer_jwt, &kb_jwt));
    let disclose = disclose_all();
    let presented = sd_jwt_rs_present(&issued, &disclose, &holder).expect("sd-jwt-rs presents");
    assert!(sd_jwt_rs_verify(&presented, &issuer).is_some());
    assert!(tinyjose_present(&issued, &holder).is_some());
    assert!(tinyjose_issue(&claims_text, &no_decoys, &issuer, 1).is_some());
    assert!(sd_jwt_rs_issue(&claims, &issuer, &holder).is_some());

    let p = presentation.as_str();
    let mut group = c.benchmark_group("SD-JWT-verify");
    group.bench_function("tinyjose", |b| {
        b.iter(|| tinyjose_verify(black_box(p), &issuer));
    });
    group.bench_function("sd-jwt-rs", |b| {
        b.iter(|| sd_jwt_rs_verify(black_box(p), &issuer));
    });
    group.bench_function("2xES256-tinyjose-verifier", |b| {
        b.iter(|| two_es256_tinyjose(keys, black_box(&issuer_jwt), black_box(&kb_jwt)));
    });
    group.bench_function("2xES256-ring", |b| {
        b.iter(|| two_es256_ring(keys, black_box(&issuer_jwt), black_box(&kb_jwt)));
    });
    group.finish();

    let mut group = c.benchmark_group("SD-JWT-present");
    group.bench_function("tinyjose", |b| {
        b.iter(|| tinyjose_present(black_box(&issued), &holder));
    });
    group.bench_function("sd-jwt-rs", |b| {
        b.iter(|| sd_jwt_rs_present(black_box(&issued), &disclose, &holder));
    });
    group.finish();

    let mut group = c.benchmark_group("SD-JWT-issue");
    let mut seed = 0u64;
    group.bench_function("tinyjose", |b| {
        b.iter(|| {
            seed = seed.wrapping_add(1);
            tinyjose_issue(black_box(&claims_text), &no_decoys, &issuer, seed)
        });
    });
    group.bench_function("sd-jwt-rs", |b| {
        b.iter(|| sd_jwt_rs_issue(black_box(&claims), &issuer, &holder));
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    sd_jwt(&mut c);
    c.final_summary();
}
