//! Deserializing the bench's validated claims text into [`BorrowedClaims`] (every `&str`
//! borrowed, no escapes) with the core's deserializer, `Claims::deserialize`, and with
//! `serde-json-core` 0.7 over the same bytes (`Claims::json`), with and without its unescape
//! buffer.
//!
//! The token is verified and its claims validated once, before the timed loop: only the
//! deserialize step is timed. Criterion writes each estimate to
//! `target/criterion/deserialize/<deserializer>/new/estimates.json`.

#![expect(
    clippy::expect_used,
    reason = "benchmark setup: a fixture that does not verify must stop the run"
)]

use core::hint::black_box;

use criterion::Criterion;
use tinyjose::{UnixTime, UntrustedJws, Validation};
use tinyjose_bench::{
    AUDIENCE, Alg, BorrowedClaims, ISSUED_AT, ISSUER, Signers, TinyKeys, claims_json,
};

fn deserialize(c: &mut Criterion) {
    let signers = Signers::new().expect("fixed keys");
    let keys = TinyKeys::new(&signers);
    let token = signers.token(Alg::Hs256).expect("token");
    let jws = UntrustedJws::parse(&token).expect("parsed");
    let mut payload = [0u8; 512];
    let verified = jws
        .verify(keys.get(Alg::Hs256), &mut payload)
        .expect("verified");
    let validation = Validation::new(UnixTime::from_secs(ISSUED_AT))
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .require(&["exp", "iat"]);
    let claims = verified.claims(&validation).expect("valid claims");
    let text = claims.json().as_bytes();
    assert_eq!(text, claims_json().as_bytes());

    // Both must yield the same claims before they are timed.
    let mut scratch = [0u8; 64];
    let own: BorrowedClaims<'_> = claims.deserialize(&mut scratch).expect("core");
    let (sjc, used): (BorrowedClaims<'_>, usize) =
        serde_json_core::from_slice(text).expect("serde-json-core");
    assert_eq!(used, text.len());
    assert_eq!(format!("{own:?}"), format!("{sjc:?}"));

    let mut group = c.benchmark_group("deserialize");
    group.bench_function("tinyjose", |b| {
        b.iter(|| {
            let mut scratch = [0u8; 64];
            black_box(claims)
                .deserialize::<BorrowedClaims<'_>>(&mut scratch)
                .map(|c| (c.exp, c.iat, c.name.len()))
                .ok()
        });
    });
    group.bench_function("serde-json-core", |b| {
        b.iter(|| {
            serde_json_core::from_slice::<BorrowedClaims<'_>>(black_box(text))
                .map(|(c, _)| (c.exp, c.iat, c.name.len()))
                .ok()
        });
    });
    group.bench_function("serde-json-core-escaped", |b| {
        b.iter(|| {
            let mut scratch = [0u8; 64];
            serde_json_core::from_slice_escaped::<BorrowedClaims<'_>>(black_box(text), &mut scratch)
                .map(|(c, _)| (c.exp, c.iat, c.name.len()))
                .ok()
        });
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    deserialize(&mut c);
    c.final_summary();
}
