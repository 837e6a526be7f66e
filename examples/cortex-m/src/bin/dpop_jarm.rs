//! Token profiles on a device acting as an OAuth client: a DPoP proof (RFC 9449) made with the
//! device's key for a token request and checked back as the server would, and the JARM response
//! to its authorization request checked against the issuer's JWK Set in flash, each way a
//! response can be wrong refused with its exact error.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use tinyjose::rand_core::{TryCryptoRng, TryRng};
use tinyjose::{
    Claim, DpopParams, DpopValidation, Error, Es256SigningKey, JarmValidation, JwkKey, JwkSet,
    ResponseKind, ResponseMode, UnixTime, create_dpop_proof, validate_jarm_response,
    verify_dpop_proof,
};
use tinyjose_firmware::data::{self, jarm};
use tinyjose_firmware::{Scenario, measure, tamper};

/// Where the device asks for its token.
const TOKEN_ENDPOINT: &str = "https://issuer.example/token";
/// The `state` the device sent with its authorization request.
const STATE: &str = "device-state-7";

/// Room for a proof: the header with the public JWK, and the claims.
const PROOF_LEN: usize = 512;

/// A stand-in random source: QEMU has no random generator. A real device draws the `jti` from
/// its TRNG.
struct Fixture(u8);

impl TryRng for Fixture {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(u32::from(self.0))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(u64::from(self.0))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for byte in dst {
            self.0 = self.0.wrapping_mul(29).wrapping_add(7);
            *byte = self.0;
        }
        Ok(())
    }
}

impl TryCryptoRng for Fixture {}

/// Checks the JARM `response` with the issuer's keys at `now`, returning its kind and the
/// length of its `code` (or `error`).
#[inline(never)]
fn jarm_response(
    set: &JwkSet<'_>,
    response: &str,
    state: &str,
    mode: ResponseMode,
    now: u64,
) -> Result<(ResponseKind, usize), Error> {
    let v = JarmValidation::new(
        "https://issuer.example",
        "device-42",
        UnixTime::from_secs(now),
    )
    .state(state)
    .response_mode(mode);
    let mut out = [0u8; 320];
    let response = validate_jarm_response(response, set, &v, &mut [], &mut out)?;
    let name = match response.kind() {
        ResponseKind::Error => "error",
        ResponseKind::Token => "access_token",
        ResponseKind::Code => "code",
    };
    let value = response.param(name, &mut [])?.unwrap_or_default();
    Ok((response.kind(), value.len()))
}

#[entry]
fn main() -> ! {
    let s = Scenario::start("dpop_jarm");
    let Ok(d) = Es256SigningKey::from_bytes(data::DEVICE_D) else {
        s.check("device key imported", false);
        s.finish();
    };
    let key = JwkKey::Es256Private(d.clone(), d.verifying_key());
    let now = UnixTime::from_secs(data::NOW);

    // A DPoP proof for the token request.
    let params = DpopParams::new("POST", TOKEN_ENDPOINT, now);
    let mut out = [0u8; PROOF_LEN];
    let (proof, stack) = measure(|| create_dpop_proof(&key, &params, &mut Fixture(1), &mut out));
    s.report_stack("create_dpop_proof", stack);
    let Ok(proof) = proof else {
        s.check("DPoP proof created", false);
        s.finish();
    };
    s.check("DPoP proof created", true);

    // The server's checks, on the same proof.
    let v = DpopValidation::new("POST", TOKEN_ENDPOINT, now);
    let mut seen = [0u8; 22];
    let mut replay = |jti: &str| {
        let fresh = seen[..] != *jti.as_bytes();
        if let Some(slot) = seen.get_mut(..jti.len()) {
            slot.copy_from_slice(jti.as_bytes());
        }
        fresh
    };
    let mut buf = [0u8; 256];
    let (checked, stack) = measure(|| {
        verify_dpop_proof(proof, &v, &mut replay, &mut buf).map(|p| p.jkt() == data::DEVICE_JKT)
    });
    s.report_stack("verify_dpop_proof", stack);
    s.check_eq("proof verified, jkt of the device key", checked, &true);
    let mut buf = [0u8; 256];
    s.check_err(
        "the same proof again",
        verify_dpop_proof(proof, &v, &mut replay, &mut buf),
        Error::Replayed,
    );
    let mut buf = [0u8; 256];
    s.check_err(
        "another method",
        verify_dpop_proof(
            proof,
            &DpopValidation::new("GET", TOKEN_ENDPOINT, now),
            &mut |_| true,
            &mut buf,
        ),
        Error::ClaimMismatch(Claim::Htm),
    );
    let late = DpopValidation::new("POST", TOKEN_ENDPOINT, UnixTime::from_secs(data::NOW + 301));
    let mut buf = [0u8; 256];
    s.check_err(
        "older than 300 s",
        verify_dpop_proof(proof, &late, &mut |_| true, &mut buf),
        Error::MaxAgeExceeded,
    );

    // The JARM response to the authorization request.
    let Ok(set) = JwkSet::parse(data::JWKS) else {
        s.check("JWK Set parsed", false);
        s.finish();
    };
    let (code, stack) =
        measure(|| jarm_response(&set, jarm::CODE, STATE, ResponseMode::Query, data::NOW));
    s.report_stack("validate_jarm_response", stack);
    s.check_eq("code response (query.jwt)", code, &(ResponseKind::Code, 22));
    s.check_eq(
        "error response, valid and signed",
        jarm_response(&set, jarm::ERROR, STATE, ResponseMode::Query, data::NOW),
        &(ResponseKind::Error, 13),
    );
    s.check_eq(
        "token response (fragment.jwt)",
        jarm_response(&set, jarm::TOKEN, STATE, ResponseMode::Fragment, data::NOW),
        &(ResponseKind::Token, 22),
    );
    s.check_err(
        "token response over query.jwt, not encrypted",
        jarm_response(&set, jarm::TOKEN, STATE, ResponseMode::Query, data::NOW),
        Error::EncryptionRequired,
    );
    s.check_err(
        "another state",
        jarm_response(
            &set,
            jarm::CODE,
            "device-state-8",
            ResponseMode::Query,
            data::NOW,
        ),
        Error::ClaimMismatch(Claim::State),
    );
    s.check_err(
        "expired",
        jarm_response(&set, jarm::CODE, STATE, ResponseMode::Query, jarm::EXP),
        Error::Expired,
    );
    let mut forged = [0u8; 512];
    let forged = tamper(jarm::CODE, 2, &mut forged);
    s.check_err(
        "signature tampered",
        jarm_response(&set, forged, STATE, ResponseMode::Query, data::NOW),
        Error::InvalidSignature,
    );
    s.finish()
}
