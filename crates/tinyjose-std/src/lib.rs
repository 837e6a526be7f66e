#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![doc = include_str!("../README.md")]

mod clock;
#[cfg(feature = "jwe")]
mod encryption_key;
mod error;
mod generate;
#[cfg(feature = "profiles")]
mod jarm;
#[cfg(feature = "jwe")]
mod jwe;
#[cfg(feature = "jwe")]
mod jwe_json;
mod jws_json;
mod jwt;
mod key_set;
mod owned;
#[cfg(feature = "rsa-private")]
mod pem;
#[cfg(feature = "profiles")]
mod profile;
#[cfg(feature = "remote")]
mod remote;
#[cfg(any(
    feature = "rsa-private",
    feature = "jwe",
    feature = "profiles",
    feature = "sd-jwt"
))]
mod rng;
#[cfg(feature = "rsa-private")]
mod rsa;
#[cfg(feature = "jwe")]
mod rsa_oaep;
#[cfg(feature = "sd-jwt")]
mod sd_jwt;
mod signature_key;
#[cfg(feature = "x5c")]
mod x5c;

#[cfg(feature = "rsa-private")]
pub use crate::rsa::RsaSigningKey;
#[cfg(feature = "jwe")]
pub use crate::rsa_oaep::{RsaOaepKey, RsaOaepPublicKey};
pub use clock::{now, unix_time};
#[cfg(feature = "jwe")]
pub use encryption_key::EncryptionKey;
pub use error::{Error, KeyError, Result};
#[cfg(feature = "jwe")]
pub use generate::generate_ecdh_es_key;
pub use generate::{generate_secret, generate_signing_key};
#[cfg(all(feature = "profiles", feature = "jwe"))]
pub use jarm::validate_jarm_response;
#[cfg(feature = "profiles")]
pub use jarm::{JarmResponse, jarm_response};
#[cfg(feature = "jwe")]
pub use jwe::{
    Decrypted, JweHeader, NestedJwt, decrypt_jwt, decrypt_nested_jwt, decrypt_to_vec,
    decrypt_to_vec_with_limits, encrypt_to_string, parse_jwe,
};
#[cfg(feature = "jwe")]
pub use jwe_json::{
    DecryptedJson, decrypt_json_to_vec, decrypt_json_to_vec_with_limits, decrypt_json_with_keys,
    encrypt_json_to_string,
};
pub use jws_json::{
    check_json, is_json_serialization, sign_detached_to_string, sign_json_to_string,
    verify_detached, verify_detached_jwt, verify_json, verify_json_allowing, verify_json_jwt,
};
pub use jwt::{
    Header, TokenData, Verified, decode, decode_header, encode, verify, verify_jwt,
    verify_jwt_with_limits, verify_with_limits,
};
pub use key_set::KeySet;
#[cfg(feature = "jwe")]
pub use owned::{private_jwe_jwk, public_jwe_jwk};
pub use owned::{private_jwk, public_jwk, secret_jwk, sign_to_string, verify_to_vec};
#[cfg(feature = "jwe")]
pub use pem::{ecdh_es_key_from_der, ecdh_es_key_from_pem};
#[cfg(feature = "rsa-private")]
pub use pem::{key_from_der, key_from_pem};
#[cfg(feature = "profiles")]
pub use profile::{
    AccessToken, DpopProof, JtiCache, create_dpop_proof, verify_access_token, verify_dpop_proof,
    verify_id_token,
};
#[cfg(feature = "remote")]
pub use remote::{DEFAULT_MAX_BODY, DEFAULT_TIMEOUT, RemoteJwkSet, RemoteJwkSetBuilder};
#[cfg(feature = "sd-jwt")]
pub use sd_jwt::{
    VerifiedSdJwt, issue_sd_jwt, present_sd_jwt, verify_sd_jwt, verify_sd_jwt_with_limits,
};
pub use signature_key::SignatureKey;
/// The core, re-exported: every type the functions of this crate take and return.
pub use tinyjose;
#[cfg(feature = "jwe")]
pub use tinyjose::{A128GCM, A192GCM, A256GCM};
pub use tinyjose::{
    ALL_CONTENT_ENCRYPTIONS, CachePolicy, CertReason, Claim, Claims, ContentEncryption, DirectKey,
    DisclosureReason, Ed25519SigningKey, Ed25519VerifyingKey, Enc, Es256SigningKey,
    Es256VerifyingKey, Es384SigningKey, Es384VerifyingKey, Es512SigningKey, Es512VerifyingKey,
    FetchReason, HeaderParams, HmacKey, JweAlg, JweDecrypter, JweEncrypter, JweKey, Jwk, JwkKey,
    JwkSet, JwsAlg, JwsSigner, JwsVerifier, KeyUse, Limit, Limits, Part, RsaVerifyingKey, UnixTime,
    UntrustedJwe, UntrustedJweJson, UntrustedJws, Validation, VerifiedJws,
};
#[cfg(feature = "profiles")]
pub use tinyjose::{
    AccessTokenValidation, DpopParams, DpopValidation, IdTokenValidation, JarmValidation,
    ResponseKind, ResponseMode,
};
#[cfg(feature = "sd-jwt")]
pub use tinyjose::{
    Disclosure, KeyBindingParams, MAX_DISCLOSURES, SD_JWT_VC_TYPES, SdJwtIssue, SdJwtValidation,
    UntrustedSdJwt,
};
#[cfg(feature = "x5c")]
pub use x5c::{X5C_HEADER_LEN, X5C_TOKEN_LEN, X5cTrust, verify_x5c, verify_x5c_jwt};
