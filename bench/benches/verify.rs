//! Verifying the same ~300-byte JWT (signature, `exp`, `iat`, `iss`, `aud`, typed claims) with
//! tinyjose, `jsonwebtoken` and `jwt-compact`, next to the raw signature primitive, for HS256,
//! ES256 and EdDSA; and RS256 and PS256 with 2048 and 4096-bit keys, with tinyjose (whole path
//! and bare verifier), the `rsa` crate and `jsonwebtoken`.
//!
//! Groups are named by algorithm, functions by library: criterion writes each estimate to
//! `target/criterion/<ALG>/<library>/new/estimates.json`. Every key, validation setting and
//! token is made before the timed loop; the library paths read the clock inside it, as a server
//! does for each request.

#![expect(
    clippy::expect_used,
    reason = "benchmark setup: a fixture that does not verify must stop the run"
)]

use core::hint::black_box;

use criterion::Criterion;
use tinyjose_bench::rsa_keys::RsaCase;
use tinyjose_bench::{
    Alg, CompactVerifier, JsonwebtokenVerifier, RawInput, RawKeys, Signers, TinyKeys, now,
    tinyjose_verify,
};

fn verify(c: &mut Criterion) {
    let signers = Signers::new().expect("fixed keys");
    let tiny = TinyKeys::new(&signers);
    let raw = RawKeys::new().expect("raw keys");

    for alg in Alg::ALL {
        let token = signers.token(alg).expect("token");
        let input = RawInput::new(&token).expect("raw input");
        let jwt = JsonwebtokenVerifier::new(alg, &signers).expect("jsonwebtoken key");
        let compact = CompactVerifier::new(alg, &signers).expect("jwt-compact key");
        let key = tiny.get(alg);
        // Every path must accept the token before it is timed.
        let expected = tinyjose_verify(&token, key, now()).expect("tinyjose accepts");
        assert_eq!(jwt.verify(&token, now()).ok(), Some(expected));
        assert_eq!(compact.verify(&token, now()).ok(), Some(expected));

        let mut group = c.benchmark_group(alg.name());
        let si = input.signing_input.as_slice();
        match alg {
            Alg::Hs256 => {
                let sig = input.signature.as_slice();
                assert!(raw.hs256(si, sig));
                group.bench_function("raw", |b| {
                    b.iter(|| raw.hs256(black_box(si), black_box(sig)));
                });
            }
            Alg::Es256 => {
                let sig = p256::ecdsa::Signature::from_slice(&input.signature).expect("sig");
                assert!(raw.es256(si, &sig));
                group.bench_function("raw", |b| {
                    b.iter(|| raw.es256(black_box(si), black_box(&sig)));
                });
            }
            Alg::EdDsa => {
                let sig = ed25519_dalek::Signature::from_slice(&input.signature).expect("sig");
                assert!(raw.eddsa(si, &sig));
                group.bench_function("raw", |b| {
                    b.iter(|| raw.eddsa(black_box(si), black_box(&sig)));
                });
            }
        }
        let token = token.as_str();
        group.bench_function("tinyjose", |b| {
            b.iter(|| tinyjose_verify(black_box(token), key, now()).ok());
        });
        group.bench_function("jsonwebtoken", |b| {
            b.iter(|| jwt.verify(black_box(token), now()).ok());
        });
        group.bench_function("jwt-compact", |b| {
            b.iter(|| compact.verify(black_box(token), now()).ok());
        });
        group.finish();
    }

    // RSA: RS256 and PS256 at 2048 and 4096 bits. `raw` is the `rsa` crate's verify (the
    // signature parsed from bytes inside); `tinyjose-verifier` is the core's bare
    // `JwsVerifier::verify` on the same signing input and signature.
    for case in RsaCase::all().expect("RSA fixtures") {
        let token = case.token.as_str();
        let (si, sig) = (case.signing_input.as_slice(), case.signature.as_slice());
        let expected = tinyjose_verify(token, &case.tiny, now()).expect("tinyjose accepts");
        assert_eq!(case.jwt.verify(token, now()).ok(), Some(expected));
        assert!(case.rsa.verify(si, sig) && case.tiny_raw(si, sig));

        let mut group = c.benchmark_group(case.group());
        group.bench_function("raw", |b| {
            b.iter(|| case.rsa.verify(black_box(si), black_box(sig)));
        });
        group.bench_function("tinyjose-verifier", |b| {
            b.iter(|| case.tiny_raw(black_box(si), black_box(sig)));
        });
        group.bench_function("tinyjose", |b| {
            b.iter(|| tinyjose_verify(black_box(token), &case.tiny, now()).ok());
        });
        group.bench_function("jsonwebtoken", |b| {
            b.iter(|| case.jwt.verify(black_box(token), now()).ok());
        });
        group.finish();
    }

    // What reading the clock adds to each library path above.
    c.bench_function("clock", |b| b.iter(now));
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    verify(&mut c);
    c.final_summary();
}
