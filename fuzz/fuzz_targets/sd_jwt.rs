//! Fuzzes SD-JWT presentations (RFC 9901): arbitrary bytes as a presentation verified with an
//! issuer "key" that accepts every signature, so the disclosures, their digests, the rebuilt
//! claims and the key binding are reached; and as an SD-JWT the holder presents. The first byte
//! picks which. Whatever is accepted must be what the RFC allows.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tinyjose::{
    Error, JwsAlg, JwsVerifier, Limits, SdJwtValidation, UnixTime, UntrustedSdJwt, Validation,
    present_sd_jwt,
};

/// The time of the tinyjose fixtures (`tests/data/sd_jwt/tinyjose.json`).
const NOW: u64 = 1_767_225_720;

/// An issuer key that accepts any signature: the fuzzer cannot forge ES256, and what follows
/// the signature is what is fuzzed.
struct AnySignature;

impl JwsVerifier for AnySignature {
    fn alg(&self) -> JwsAlg {
        JwsAlg::Es256
    }

    fn verify(&self, _: &[u8], _: &[u8]) -> Result<(), Error> {
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = core::str::from_utf8(rest) else {
        return;
    };
    let mut scratch = [0u8; 8192];
    let mut out = [0u8; 8192];
    if which % 2 == 1 {
        // The holder keeps every other disclosure; the result parses again, with no KB-JWT.
        let mut n = 0u32;
        if let Ok(presented) = present_sd_jwt(
            text,
            &mut |_| {
                n += 1;
                n % 2 == 1
            },
            None,
            &mut scratch,
            &mut out,
        ) {
            let again = UntrustedSdJwt::parse(presented).expect("a presentation parses");
            assert!(again.key_binding_jwt().is_none());
            assert!(presented.ends_with('~'));
        }
        return;
    }
    let limits = Limits::DEFAULT.with_ecdsa_high_s(which & 2 != 0);
    let Ok(sd_jwt) = UntrustedSdJwt::parse_with_limits(text, &limits) else {
        return;
    };
    let now = UnixTime::from_secs(NOW);
    let v = SdJwtValidation::new(Validation::new(now).json_depth(8))
        .key_binding("https://verifier.example.org", "n-0S6_WzA2Mj");
    let v = if which & 4 != 0 {
        SdJwtValidation::new(Validation::new(now))
    } else {
        v
    };
    let needed = sd_jwt.scratch_len();
    let Some(scratch) = scratch.get_mut(..needed) else {
        return;
    };
    match sd_jwt.verify(&AnySignature, &v, scratch, &mut out) {
        Ok(verified) => {
            let claims: serde_json::Value =
                serde_json::from_str(verified.claims().json()).expect("plain JSON");
            let object = claims.as_object().expect("an object");
            assert!(!object.contains_key("_sd") && !object.contains_key("_sd_alg"));
            assert_eq!(verified.is_key_bound(), sd_jwt.key_binding_jwt().is_some());
            assert!(scratch.iter().all(|&b| b == 0), "scratch is wiped");
        }
        Err(Error::BufferTooSmall { needed }) => assert!(needed > out.len()),
        Err(_) => {
            assert!(out.iter().all(|&b| b == 0), "nothing is left in a failed buffer");
            assert!(scratch.iter().all(|&b| b == 0), "scratch is wiped");
        }
    }
});
