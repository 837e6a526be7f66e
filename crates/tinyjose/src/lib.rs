#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![doc = include_str!("../README.md")]

#[cfg(test)]
extern crate std;

mod b64;
mod compact;
mod error;
mod header;
mod json;
mod jwa;
mod jwe;
#[cfg(feature = "jwk")]
mod jwk;
mod jws;
#[cfg(feature = "jwt")]
mod jwt;
mod limits;
mod select;
mod time;

pub use b64::{decoded_len as b64_decoded_len, encoded_len as b64_encoded_len};
pub use error::{Claim, Error, KeyReason, Limit, Part};
pub use header::HeaderParams;
pub use jwa::{Enc, JweAlg, JwsAlg};
#[cfg(feature = "aes-gcm-kw")]
pub use jwe::aes_gcm_kw::AesGcmKwKey;
#[cfg(feature = "aes-kw")]
pub use jwe::aes_kw::AesKwKey;
#[cfg(feature = "ecdh-es")]
pub use jwe::ecdh_es::{EcdhEsPrivateKey, EcdhEsPublicKey};
#[cfg(feature = "pbes2")]
pub use jwe::pbes2::Pbes2Key;
#[cfg(feature = "aes-cbc-hs")]
pub use jwe::{A128CBC_HS256, A192CBC_HS384, A256CBC_HS512};
#[cfg(feature = "aes-gcm")]
pub use jwe::{A128GCM, A192GCM, A256GCM};
pub use jwe::{
    ALL_CONTENT_ENCRYPTIONS, ContentEncryption, DecryptedJwe, DirectKey, Epk, JweDecrypter,
    JweEncrypter, KeyParams, NewKeyParams, UntrustedJwe, encrypt, encrypt_deflated,
    jwe_compact_len,
};
#[cfg(feature = "jwk")]
pub use jwk::{JweKey, Jwk, JwkKey, JwkSet, KeyUse};
#[cfg(feature = "es256")]
pub use jws::ecdsa::{Es256SigningKey, Es256VerifyingKey};
#[cfg(feature = "es384")]
pub use jws::ecdsa::{Es384SigningKey, Es384VerifyingKey};
#[cfg(feature = "es512")]
pub use jws::ecdsa::{Es512SigningKey, Es512VerifyingKey};
#[cfg(feature = "eddsa")]
pub use jws::eddsa::{Ed25519SigningKey, Ed25519VerifyingKey};
#[cfg(feature = "hs")]
pub use jws::hmac::HmacKey;
#[cfg(feature = "rsa")]
pub use jws::rsa::RsaVerifyingKey;
pub use jws::{JwsSigner, JwsVerifier, UntrustedJws, VerifiedJws, compact_len, sign};
#[cfg(feature = "jwt")]
pub use jwt::{Claims, Validation, decrypt_nested_jwt, nested_jws};
pub use limits::{
    Limits, MAX_ENCRYPTED_KEY_LEN, MAX_HEADER_LEN, MAX_JSON_DEPTH, MAX_MEMBERS, MAX_SIGNATURE_LEN,
};
pub use rand_core;
pub use select::KeySelection;
pub use time::UnixTime;
