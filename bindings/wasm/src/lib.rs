//! The Rust side of the `tinyjose` npm package: a thin wasm-bindgen layer over `tinyjose-std`.
//!
//! Each export converts its arguments, calls the core (through `tinyjose-std` where owned
//! buffers are needed; [`Key`] and [`JweKey`] wrap its `SignatureKey` and `EncryptionKey`), and
//! converts the result; [`Failure`] is the one error conversion point. The jose-shaped API, the
//! error classes and the option parsing live in the package's JavaScript (`js/api.mjs` and the
//! modules it re-exports).
#![forbid(unsafe_code)]

#[cfg(any(feature = "jws", feature = "jwe"))]
mod claims;
mod failure;
#[cfg(feature = "jwe")]
mod jwe;
#[cfg(feature = "jwe")]
mod jwe_json;
mod jwk;
#[cfg(feature = "jws")]
mod jws_json;
#[cfg(feature = "jws")]
mod key;
#[cfg(feature = "jws")]
mod profile;
#[cfg(feature = "jws")]
mod remote;
#[cfg(feature = "jws")]
mod sd_jwt;
#[cfg(feature = "jws")]
mod token;

pub use failure::Failure;
#[cfg(feature = "jwe")]
pub use jwe::{Decrypted, JweKey, decrypt, encrypt, jwe_header};
#[cfg(feature = "jwe")]
pub use jwe_json::{DecryptedJson, JsonEncrypt, decrypt_json};
pub use jwk::thumbprint;
#[cfg(feature = "jws")]
pub use jws_json::{JsonSign, check_json, verify_json};
#[cfg(feature = "jws")]
pub use key::{Key, KeySet};
#[cfg(all(feature = "jws", feature = "jwe"))]
pub use profile::validate_encrypted_jarm_response;
#[cfg(feature = "jws")]
pub use profile::{
    JtiCache, Profiled, ReplayCheck, create_dpop_proof, validate_access_token, validate_id_token,
    validate_jarm_response, verify_dpop_proof,
};
#[cfg(feature = "jws")]
pub use remote::{RemoteCache, fetch_failure, remote_url_ok};
#[cfg(feature = "jws")]
pub use sd_jwt::{
    DiscloseCheck, VerifiedSdJwt, issue_sd_jwt, present_sd_jwt, present_sd_jwt_bound, verify_sd_jwt,
};
#[cfg(feature = "jws")]
pub use token::{Verified, jws_header, sign, verify};
