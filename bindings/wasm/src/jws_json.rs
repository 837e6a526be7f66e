//! Verifying and signing the JWS JSON serializations, general and flattened (RFC 7515 §7.2),
//! with unencoded payloads (RFC 7797) and detached content.

use tinyjose_std::tinyjose::{JsonForm, JsonSigner};
use tinyjose_std::{HeaderParams, JwsAlg, Limits};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::token::signer_for;
use crate::{Failure, Key, KeySet, Verified};

/// Verifies a JWS JSON serialization with the keys `keys` selects for each signature; the
/// payload is `content` when given (detached, or bytes the JSON text cannot carry), else the
/// JWS's own. `algorithms`, when not empty, lists the only algorithms accepted (names tinyjose
/// does not know match nothing); `ecdsa_high_s` sets [`Limits::ecdsa_high_s`].
///
/// # Errors
///
/// The core's error for any refusal.
#[wasm_bindgen(js_name = verifyJson)]
pub fn verify_json(
    text: &str,
    content: Option<Vec<u8>>,
    keys: &KeySet,
    algorithms: Vec<String>,
    ecdsa_high_s: bool,
) -> Result<Verified, Failure> {
    let algs: Vec<JwsAlg> = algorithms
        .iter()
        .filter_map(|name| JwsAlg::from_name(name).ok())
        .collect();
    if !algorithms.is_empty() && algs.is_empty() {
        return Err(Failure::alg_not_allowed(
            "no algorithm of the list is supported",
        ));
    }
    let limits = Limits::DEFAULT.with_ecdsa_high_s(ecdsa_high_s);
    Ok(
        tinyjose_std::verify_json_allowing(text, content.as_deref(), keys.inner(), &algs, &limits)?
            .into(),
    )
}

/// Checks a JWS JSON serialization without verifying it, before keys are chosen per signature.
///
/// # Errors
///
/// The core's parse errors.
#[wasm_bindgen(js_name = checkJson)]
pub fn check_json(text: &str) -> Result<(), Failure> {
    Ok(tinyjose_std::check_json(text, &Limits::DEFAULT)?)
}

/// One signer of a [`JsonSign`]: its key and the members of its headers.
#[derive(Debug)]
struct Signer {
    key: Key,
    kid: Option<String>,
    typ: Option<String>,
    cty: Option<String>,
    b64: bool,
    unprotected: Option<String>,
}

/// The signers of a JWS JSON serialization, added one by one, then signed at once.
#[wasm_bindgen]
#[derive(Debug, Default)]
pub struct JsonSign {
    signers: Vec<Signer>,
}

#[wasm_bindgen]
impl JsonSign {
    /// No signer yet.
    #[wasm_bindgen(constructor)]
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a signer: `key` (checked against `alg` when given), the protected header's `kid`,
    /// `typ`, `cty` and `b64`, and an unprotected header as JSON text.
    ///
    /// # Errors
    ///
    /// `alg_mismatch` if `alg` is not the key's; `key_rejected` for a key that cannot sign.
    #[expect(
        clippy::too_many_arguments,
        reason = "one flat call per signer from JavaScript"
    )]
    pub fn add(
        &mut self,
        key: &Key,
        alg: Option<String>,
        kid: Option<String>,
        typ: Option<String>,
        cty: Option<String>,
        b64: bool,
        unprotected: Option<String>,
    ) -> Result<(), Failure> {
        signer_for(key, alg.as_deref())?;
        self.signers.push(Signer {
            key: key.clone(),
            kid,
            typ,
            cty,
            b64,
            unprotected,
        });
        Ok(())
    }

    /// Signs `payload` with every signer into the general (`general`) or flattened JSON
    /// serialization.
    ///
    /// # Errors
    ///
    /// The core's signing errors: a member in both headers, signers that disagree on `b64`.
    pub fn sign(&self, payload: &[u8], general: bool) -> Result<String, Failure> {
        let mut signers = Vec::with_capacity(self.signers.len());
        for s in &self.signers {
            let mut header = HeaderParams::new().b64(s.b64);
            header.kid = s.kid.as_deref();
            header.typ = s.typ.as_deref();
            header.cty = s.cty.as_deref();
            let mut signer = JsonSigner::new(signer_for(&s.key, None)?).protected(header);
            if let Some(json) = s.unprotected.as_deref() {
                signer = signer.unprotected(json);
            }
            signers.push(signer);
        }
        let form = if general {
            JsonForm::General
        } else {
            JsonForm::Flattened
        };
        Ok(tinyjose_std::sign_json_to_string(
            form, &signers, payload, false,
        )?)
    }
}
