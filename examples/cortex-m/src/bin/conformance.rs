//! RFC 8725bis conformance on the device: every `verify` case of the core's case file
//! (`crates/tinyjose/tests/data/conformance/rfc8725bis.json`) that lists `firmware`, HS256 and
//! ES256 tokens, compact and JSON serializations, run with no heap through the same public API
//! as on a server: the JWK (or JWK Set) imported with the core, the token parsed and verified,
//! the claims validated at the cases' clock. Each case must give exactly its verdict, the
//! payload byte for byte or the error's code; the deepest stack of any case is reported.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinyjose::{Error, Jwk, JwkSet, JwsAlg, UnixTime, UntrustedJws, UntrustedJwsJson, Validation};
use tinyjose_firmware::data::conformance::{CASES, Case, NOW};
use tinyjose_firmware::{Scenario, measure};

/// Room for a case's payload, or for a JSON serialization's signing input, payload and header.
const BUF: usize = 2048;

/// The claim checks of `case` at the cases' clock.
fn validation<'a>(case: &'a Case, aud: &'a [&'a str]) -> Validation<'a> {
    let mut v = Validation::new(UnixTime::from_secs(NOW));
    if let Some(iss) = case.iss {
        v = v.issuer(iss);
    }
    if !aud.is_empty() {
        v = v.audiences(aud);
    }
    if let Some(sub) = case.sub {
        v = v.subject(sub);
    }
    if let Some(typ) = case.typ {
        v = v.typ(typ);
    }
    v
}

/// Runs `case` in `buf`: whether the verified payload is the one it expects, or why it was
/// refused.
#[inline(never)]
fn run(case: &Case, buf: &mut [u8]) -> Result<bool, Error> {
    let aud = case.aud.map(|a| [a]);
    let aud: &[&str] = aud.as_ref().map_or(&[], |a| a);
    let validation = validation(case, aud);
    let alg = case.alg.map(JwsAlg::from_name).transpose()?;
    let expected = case.expect.unwrap_or_default();
    if case.json {
        let jws = UntrustedJwsJson::parse(case.token)?;
        let verified = if case.set {
            jws.verify_any(&JwkSet::parse(case.key)?, buf)?
        } else {
            jws.verify(&Jwk::parse(case.key)?.to_key(alg)?, buf)?
        };
        verified.claims(&validation)?;
        return Ok(verified.payload() == expected);
    }
    let jws = UntrustedJws::parse(case.token)?;
    let verified = if case.set {
        JwkSet::parse(case.key)?.verify(&jws, buf)?
    } else {
        jws.verify(&Jwk::parse(case.key)?.to_key(alg)?, buf)?
    };
    verified.claims(&validation)?;
    Ok(verified.payload() == expected)
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("conformance");
    let mut buf = [0u8; BUF];
    let mut deepest = 0;
    for case in CASES {
        let (result, stack) = measure(|| run(case, &mut buf));
        deepest = deepest.max(stack);
        let passed = match (case.expect, result) {
            (Ok(_), Ok(same)) => same,
            (Err(code), Err(e)) => e.code() == code,
            _ => false,
        };
        s.check(case.id, passed);
        if let (false, Err(e)) = (passed, result) {
            tinyjose_firmware::print("         error[");
            tinyjose_firmware::print(e.code());
            tinyjose_firmware::print("]\n");
        }
    }
    s.report_stack("verify_case", deepest);
    s.finish()
}
