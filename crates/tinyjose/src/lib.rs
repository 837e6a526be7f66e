#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![doc = include_str!("../README.md")]
// No reachable panic: no indexing or slicing that can fail, no unchecked arithmetic, no `unwrap`,
// `expect` or explicit panic outside the tests. Lengths and positions saturate where they cannot
// reach the bound (a length no buffer can have is reported as the largest); anything else is
// checked or comes from a slice method that cannot fail.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

#[cfg(test)]
extern crate std;

mod b64;
mod compact;
mod error;
mod header;
mod json;
mod jwa;
pub mod jwe;
#[cfg(feature = "jwk")]
mod jwk;
pub mod jws;
#[cfg(feature = "jwt")]
mod jwt;
mod limits;
#[cfg(feature = "profiles")]
mod profile;
mod remote;
#[cfg(feature = "sd-jwt")]
mod sd_jwt;
mod select;
mod time;
#[cfg(feature = "x5c")]
mod x5c;

// The everyday items. Algorithm key types and traits live in `jws` and `jwe`.
pub use b64::{decoded_len as b64_decoded_len, encoded_len as b64_encoded_len};
pub use error::{CertReason, Claim, DisclosureReason, Error, FetchReason, KeyReason, Limit, Part};
pub use header::{HeaderParams, ProtectedHeader};
pub use jwa::{Enc, JweAlg, JwsAlg};
pub use jwe::{
    DecryptedJwe, DecryptedJweJson, UntrustedJwe, UntrustedJweJson, encrypt, encrypt_deflated,
    encrypt_json, jwe_compact_len, jwe_json_len,
};
#[cfg(feature = "jwk")]
pub use jwk::{JweKey, Jwk, JwkKey, JwkSet, KeyUse, THUMBPRINT_URI_PREFIX};
pub use jws::{
    JsonForm, JsonSigner, UntrustedJws, UntrustedJwsJson, VerifiedJws, compact_len, sign,
    sign_detached, sign_json, sign_json_len,
};
#[cfg(feature = "jwt")]
pub use jwt::{Claims, Validation, decrypt_nested_jwt, nested_jws};
pub use limits::{
    Limits, MAX_ENCRYPTED_KEY_LEN, MAX_HEADER_LEN, MAX_JSON_DEPTH, MAX_MEMBERS, MAX_SIGNATURE_LEN,
};
#[cfg(feature = "profiles")]
pub use profile::{
    AccessTokenValidation, AuthorizationResponse, DpopParams, DpopProof, DpopValidation,
    IdTokenValidation, JarmDecryption, JarmValidation, ResponseKind, ResponseMode,
    create_dpop_proof, create_dpop_proof_with, validate_jarm_response, verify_dpop_proof,
};
pub use rand_core;
pub use remote::{
    CacheAction, CachePolicy, JwksCache, jku_allowed, jku_entry_ok, remote_url_ok, trusted_jku,
};
#[cfg(feature = "sd-jwt")]
pub use sd_jwt::{
    Disclosure, KeyBindingParams, MAX_DECOYS, MAX_DISCLOSURES, SD_JWT_VC_TYPES, SdJwtIssue,
    SdJwtValidation, UntrustedSdJwt, VerifiedSdJwt, issue_sd_jwt, present_sd_jwt, sd_jwt_compact,
};
pub use select::KeySelection;
pub use time::UnixTime;
#[cfg(feature = "x5c")]
pub use x5c::{MAX_X5C_CERTS, X5c, X5cCert};

// The algorithm items at the root too, out of the documentation: their home is `jws` and `jwe`.
#[cfg(feature = "aes-gcm-kw")]
#[doc(hidden)]
pub use jwe::AesGcmKwKey;
#[cfg(feature = "aes-kw")]
#[doc(hidden)]
pub use jwe::AesKwKey;
#[cfg(feature = "pbes2")]
#[doc(hidden)]
pub use jwe::Pbes2Key;
#[cfg(feature = "aes-cbc-hs")]
#[doc(hidden)]
pub use jwe::{A128CBC_HS256, A192CBC_HS384, A256CBC_HS512};
#[cfg(feature = "aes-gcm")]
#[doc(hidden)]
pub use jwe::{A128GCM, A192GCM, A256GCM};
#[doc(hidden)]
pub use jwe::{
    ALL_CONTENT_ENCRYPTIONS, ContentEncryption, DirectKey, Epk, JweDecrypter, JweEncrypter,
    KeyParams, NewKeyParams,
};
#[cfg(feature = "ecdh-es")]
#[doc(hidden)]
pub use jwe::{EcdhEsPrivateKey, EcdhEsPublicKey};
#[cfg(feature = "hs")]
#[doc(hidden)]
pub use jws::HmacKey;
#[cfg(feature = "rsa")]
#[doc(hidden)]
pub use jws::RsaVerifyingKey;
#[cfg(feature = "eddsa")]
#[doc(hidden)]
pub use jws::{Ed25519SigningKey, Ed25519VerifyingKey};
#[cfg(feature = "es256")]
#[doc(hidden)]
pub use jws::{Es256SigningKey, Es256VerifyingKey};
#[cfg(feature = "es384")]
#[doc(hidden)]
pub use jws::{Es384SigningKey, Es384VerifyingKey};
#[cfg(feature = "es512")]
#[doc(hidden)]
pub use jws::{Es512SigningKey, Es512VerifyingKey};
#[doc(hidden)]
pub use jws::{JwsSigner, JwsVerifier};
