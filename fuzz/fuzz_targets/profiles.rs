//! Fuzzes the token profiles: arbitrary bytes as a DPoP proof (whose key is its own header's),
//! as a JARM response signed with an HMAC key, and as an ID token and an access token. The first
//! byte picks the profile; anything accepted must have passed every check.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tinyjose::jws::OneKey;
use tinyjose::{
    AccessTokenValidation, DpopValidation, HmacKey, IdTokenValidation, JarmValidation, ResponseKind,
    ResponseMode, UnixTime, UntrustedJws, validate_jarm_response, verify_dpop_proof,
};

/// The time of the RFC 9449 §4.1 proof, so its seed is accepted.
const NOW: u64 = 1_562_262_616;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(token) = core::str::from_utf8(rest) else {
        return;
    };
    let now = UnixTime::from_secs(NOW);
    let mut out = [0u8; 2048];
    match which % 4 {
        0 => {
            let v = DpopValidation::new("POST", "https://server.example.com/token", now);
            let mut calls = 0;
            let mut replay = |jti: &str| {
                calls += 1;
                !jti.is_empty()
            };
            if let Ok(proof) = verify_dpop_proof(token, &v, &mut replay, &mut out) {
                assert_eq!(proof.jkt().len(), 43);
                assert!(proof.claims().iat().is_some());
                assert_eq!(calls, 1, "the replay check runs once, last");
            }
        }
        1 => {
            let key = HmacKey::hs256(&[7; 32]).unwrap();
            let v = JarmValidation::new("https://as.example", "client", now)
                .state("s")
                .response_mode(ResponseMode::Query);
            if let Ok(response) = validate_jarm_response(token, &OneKey(&key), &v, &mut [], &mut out) {
                assert_ne!(response.kind(), ResponseKind::Token, "query.jwt tokens are encrypted");
                assert!(response.claims().exp().is_some_and(|exp| exp > now));
            }
        }
        2 | 3 => {
            let key = HmacKey::hs256(&[7; 32]).unwrap();
            let Ok(jws) = UntrustedJws::parse(token) else {
                return;
            };
            let Ok(verified) = jws.verify(&key, &mut out) else {
                return;
            };
            if which % 4 == 2 {
                let v = IdTokenValidation::new("https://as.example", "client", now)
                    .nonce("n")
                    .access_token("at")
                    .max_age(60);
                if let Ok(claims) = verified.id_token(&v) {
                    assert!(claims.exp().is_some_and(|exp| exp > now));
                    assert!(claims.iat().is_some());
                }
            } else {
                let v = AccessTokenValidation::new("https://as.example", "https://rs.example", now);
                if let Ok(claims) = verified.access_token(&v) {
                    assert!(claims.exp().is_some_and(|exp| exp > now));
                }
            }
        }
        _ => unreachable!(),
    }
});
