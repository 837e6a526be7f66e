//! Verifying and signing compact JWS.

use tinyjose_std::{HeaderParams, Limits, UnixTime, UntrustedJws};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::claims::{Claims, seconds};
use crate::key::parse_alg;
use crate::{Failure, Key, KeySet};

/// A verified token: its protected header JSON and its payload bytes.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Verified(tinyjose_std::Verified);

#[wasm_bindgen]
impl Verified {
    /// The protected header JSON, exactly as signed.
    #[wasm_bindgen(getter, js_name = headerJson)]
    #[must_use]
    pub fn header_json(&self) -> String {
        self.0.header_json.clone()
    }

    /// The payload, exactly as signed.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn payload(&self) -> Vec<u8> {
        self.0.payload.clone()
    }

    /// The unprotected header JSON of the signature that verified (JSON serializations only).
    #[wasm_bindgen(getter, js_name = unprotectedHeaderJson)]
    #[must_use]
    pub fn unprotected_header_json(&self) -> Option<String> {
        self.0.unprotected_header.clone()
    }
}

impl From<tinyjose_std::Verified> for Verified {
    fn from(verified: tinyjose_std::Verified) -> Self {
        Self(verified)
    }
}

/// Verifies `token` with the key `keys` selects for it. With `claims`, the payload is validated
/// as JWT claims at `now` (Unix seconds) with the other arguments; `algorithms`, when not
/// empty, lists the only algorithms accepted; `ecdsa_high_s` sets [`Limits::ecdsa_high_s`].
/// `issuers` and `audiences` are `undefined` (or `null`) when not checked; an array, even an
/// empty one, is checked (an empty array matches nothing, as jose's `issuer: []`).
///
/// # Errors
///
/// The core's error for any refusal.
#[wasm_bindgen]
#[expect(
    clippy::too_many_arguments,
    reason = "one flat call per verification from JavaScript"
)]
pub fn verify(
    token: &str,
    keys: &KeySet,
    algorithms: Vec<String>,
    ecdsa_high_s: bool,
    claims: bool,
    now: f64,
    leeway: f64,
    max_age: Option<f64>,
    issuers: Option<Vec<String>>,
    audiences: Option<Vec<String>>,
    subject: Option<String>,
    typ: Option<String>,
    required: Vec<String>,
) -> Result<Verified, Failure> {
    if !algorithms.is_empty() {
        parse_allowed(token, &algorithms)?;
    }
    let limits = Limits::DEFAULT.with_ecdsa_high_s(ecdsa_high_s);
    if !claims {
        return Ok(Verified(tinyjose_std::verify_with_limits(
            token,
            keys.inner(),
            &limits,
        )?));
    }
    let claims = Claims {
        now: UnixTime::from_secs(seconds(now)),
        leeway: seconds(leeway),
        max_age: max_age.map(seconds),
        issuers,
        audiences,
        subject,
        typ,
        required,
    };
    claims
        .check(|validation| {
            tinyjose_std::verify_jwt_with_limits(token, keys.inner(), validation, &limits)
        })
        .map(Verified)
}

/// The protected header JSON of `token`, once it parsed and its `alg` is allowed (`algorithms`,
/// when not empty, lists the only ones): what a key function is given to choose the key.
///
/// # Errors
///
/// The core's parse errors; `alg_not_allowed`.
#[wasm_bindgen(js_name = jwsHeader)]
pub fn jws_header(token: &str, algorithms: Vec<String>) -> Result<String, Failure> {
    Ok(parse_allowed(token, &algorithms)?
        .header()
        .json()
        .to_owned())
}

/// `token` parsed, with its `alg` in `algorithms` unless that is empty.
fn parse_allowed<'t>(token: &'t str, algorithms: &[String]) -> Result<UntrustedJws<'t>, Failure> {
    let jws = UntrustedJws::parse(token)?;
    let alg = jws.header().alg();
    if !algorithms.is_empty() && !algorithms.iter().any(|a| a == alg.name()) {
        return Err(Failure::alg_not_allowed(format!(
            "{alg} is not in algorithms"
        )));
    }
    Ok(jws)
}

/// Signs `payload` with `key`; the header holds `alg` (from the key) and the given `kid`, `typ`
/// and `cty`. `alg`, when given, must be the key's.
///
/// # Errors
///
/// `alg_mismatch` if `alg` is not the key's; `key_rejected` for a key that cannot sign.
#[wasm_bindgen]
pub fn sign(
    payload: &[u8],
    key: &Key,
    alg: Option<String>,
    kid: Option<String>,
    typ: Option<String>,
    cty: Option<String>,
) -> Result<String, Failure> {
    let signer = signer_for(key, alg.as_deref())?;
    let mut header = HeaderParams::new();
    header.kid = kid.as_deref();
    header.typ = typ.as_deref();
    header.cty = cty.as_deref();
    Ok(tinyjose_std::sign_to_string(&header, payload, signer)?)
}

/// What signs with `key`, checked against `alg` when given.
pub(crate) fn signer_for<'k>(
    key: &'k Key,
    alg: Option<&str>,
) -> Result<&'k dyn tinyjose_std::JwsSigner, Failure> {
    let signer = key.signer().ok_or_else(|| {
        #[cfg(not(feature = "rsa-private"))]
        if key.jws_alg().is_rsa() {
            return Failure::new(
                tinyjose::Error::UnsupportedAlg,
                "RSA signing is not in this entry point: sign with tinyjose",
            );
        }
        Failure::new(
            tinyjose::Error::KeyRejected(tinyjose::KeyReason::WrongUse),
            "a public key cannot sign",
        )
    })?;
    if let Some(alg) = alg
        && parse_alg(alg)? != signer.alg()
    {
        return Err(tinyjose::Error::AlgMismatch.into());
    }
    Ok(signer)
}
