//! What every entry does with a JWK's text, whatever the key is for.

use wasm_bindgen::prelude::wasm_bindgen;

use crate::Failure;

/// The RFC 7638 SHA-256 thumbprint of a JWK's JSON text (any `kty`), base64url.
///
/// # Errors
///
/// `key_rejected` if a required member is missing.
#[wasm_bindgen]
pub fn thumbprint(jwk: &str) -> Result<String, Failure> {
    let mut out = [0u8; 43];
    Ok(tinyjose_std::Jwk::parse(jwk)?
        .thumbprint_b64(&mut out)?
        .to_owned())
}
