//! Compact JWE (RFC 7516): parse untrusted, decrypt in place with a key, encrypt into a caller's
//! buffer.
//!
//! Two roles meet in a JWE. Key management ([`JweDecrypter`], [`JweEncrypter`]) recovers or
//! protects the content encryption key (CEK), one implementation per `alg` family in `jwe/`.
//! Content encryption ([`ContentEncryption`]) turns plaintext into ciphertext and tag with that
//! CEK; the caller names the `enc` values it accepts as a list of statics ([`A256GCM`], ...), so
//! only those are linked.

#[cfg(feature = "aes-cbc-hs")]
pub(crate) mod aes_cbc_hmac;
#[cfg(feature = "aes-gcm")]
pub(crate) mod aes_gcm;
#[cfg(feature = "aes-gcm-kw")]
pub(crate) mod aes_gcm_kw;
#[cfg(feature = "aes-kw")]
pub(crate) mod aes_kw;
mod decrypt;
#[cfg(feature = "deflate")]
mod deflate;
pub(crate) mod dir;
#[cfg(feature = "ecdh-es")]
pub(crate) mod ecdh_es;
mod header;
mod json;
mod params;
#[cfg(feature = "pbes2")]
pub(crate) mod pbes2;
mod seal;

use rand_core::CryptoRng;

use crate::{Enc, Error, JweAlg};

pub use decrypt::{DecryptedJwe, UntrustedJwe};
pub use dir::DirectKey;
pub use json::{
    DecryptedJweJson, JweJsonParams, JweRecipient, UntrustedJweJson, encrypt_json, jwe_json_len,
};
#[cfg(feature = "ecdh-es")]
pub(crate) use params::NewEpk;
pub use params::{Epk, KeyParams, NewKeyParams};
pub use seal::{encrypt, encrypt_deflated, jwe_compact_len};

#[cfg(feature = "aes-cbc-hs")]
pub use aes_cbc_hmac::{A128CBC_HS256, A192CBC_HS384, A256CBC_HS512};
#[cfg(feature = "aes-gcm")]
pub use aes_gcm::{A128GCM, A192GCM, A256GCM};
#[cfg(feature = "aes-gcm-kw")]
pub use aes_gcm_kw::AesGcmKwKey;
#[cfg(feature = "aes-kw")]
pub use aes_kw::AesKwKey;
#[cfg(feature = "ecdh-es")]
pub use ecdh_es::{EcdhEsPrivateKey, EcdhEsPublicKey};
#[cfg(feature = "pbes2")]
pub use pbes2::Pbes2Key;

/// The longest CEK of any `enc`: 64 bytes for A256CBC-HS512.
const MAX_CEK_LEN: usize = 64;

/// Every content encryption enabled in this build, for callers that accept whatever the token
/// names (command-line tools, bindings). Firmware should list only what it needs.
///
/// # Examples
///
/// ```
/// assert!(tinyjose::ALL_CONTENT_ENCRYPTIONS.iter().any(|c| c.enc() == tinyjose::Enc::A256Gcm));
/// ```
pub static ALL_CONTENT_ENCRYPTIONS: &[&dyn ContentEncryption] = &[
    #[cfg(feature = "aes-cbc-hs")]
    A128CBC_HS256,
    #[cfg(feature = "aes-cbc-hs")]
    A192CBC_HS384,
    #[cfg(feature = "aes-cbc-hs")]
    A256CBC_HS512,
    #[cfg(feature = "aes-gcm")]
    A128GCM,
    #[cfg(feature = "aes-gcm")]
    A192GCM,
    #[cfg(feature = "aes-gcm")]
    A256GCM,
];

/// A content encryption algorithm (RFC 7518 §5): authenticated encryption of the plaintext with
/// the CEK, in place.
///
/// Implemented by the statics [`A128GCM`], [`A192GCM`], [`A256GCM`], [`A128CBC_HS256`],
/// [`A192CBC_HS384`] and [`A256CBC_HS512`].
///
/// # Examples
///
/// ```
/// use tinyjose::{A128GCM, Enc, Error};
///
/// let (cek, iv) = ([7u8; 16], [9u8; 12]);
/// let mut buf = *b"hello";
/// let mut tag = [0u8; 16];
/// let n = A128GCM.encrypt_in_place(&cek, &iv, b"aad", &mut buf, 5, &mut tag)?;
/// assert_eq!(n, 5);
/// assert_eq!(A128GCM.decrypt_in_place(&cek, &iv, b"aad", &mut buf, &tag)?, 5);
/// assert_eq!(&buf, b"hello");
/// assert_eq!(A128GCM.enc(), Enc::A128Gcm);
/// # Ok::<(), Error>(())
/// ```
pub trait ContentEncryption: Sync {
    /// The `enc` value this implements.
    fn enc(&self) -> Enc;

    /// Encrypts the first `len` bytes of `buf` in place and writes the authentication tag into
    /// `tag`, returning the ciphertext length ([`Enc::ciphertext_len`]).
    ///
    /// `cek`, `iv` and `tag` must have the lengths [`Enc`] gives.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for a CEK or IV of the wrong length, [`Error::BufferTooSmall`] if
    /// `buf` cannot hold the ciphertext (CBC pads).
    fn encrypt_in_place(
        &self,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        len: usize,
        tag: &mut [u8],
    ) -> Result<usize, Error>;

    /// Checks `tag` over `aad`, `iv` and the ciphertext `buf`, then decrypts `buf` in place,
    /// returning the plaintext length.
    ///
    /// # Errors
    ///
    /// [`Error::DecryptionFailed`] for anything that does not decrypt (tag, padding, lengths);
    /// `buf` is wiped.
    fn decrypt_in_place(
        &self,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8],
    ) -> Result<usize, Error>;
}

/// A key that recovers the content encryption key of a JWE for exactly one `alg`.
///
/// The key decides the algorithm: a token is only decrypted when its header `alg` equals
/// [`alg`](Self::alg). The trait is object-safe, so keys held elsewhere (a secure element, the
/// RSA-OAEP support of `tinyjose-std`) plug in as `&dyn JweDecrypter`.
///
/// # Examples
///
/// ```
/// use tinyjose::{DirectKey, JweAlg, JweDecrypter};
///
/// let key = DirectKey::new(&[1; 32])?;
/// assert_eq!(JweDecrypter::alg(&key), JweAlg::Dir);
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub trait JweDecrypter {
    /// The one key management algorithm this key serves.
    fn alg(&self) -> JweAlg;

    /// The one content encryption this key serves, when it is bound to one (a `dir` key whose
    /// JWK names an `enc` as its `alg`); `None` when any `enc` the caller allows may be used.
    fn enc(&self) -> Option<Enc> {
        None
    }

    /// Recovers the CEK into `cek`, whose length is the key length of `params.enc()`.
    ///
    /// # Errors
    ///
    /// [`Error::DecryptionFailed`] for any key that cannot be recovered. Every error is reported
    /// to the caller of [`UntrustedJwe::decrypt`] as [`Error::DecryptionFailed`].
    fn decrypt_cek(
        &self,
        params: &KeyParams<'_>,
        encrypted_key: &[u8],
        cek: &mut [u8],
    ) -> Result<(), Error>;
}

/// A key that protects the content encryption key of a new JWE for exactly one `alg`.
///
/// # Examples
///
/// ```
/// use tinyjose::{DirectKey, Enc, JweEncrypter};
///
/// let key = DirectKey::new(&[1; 32])?;
/// assert_eq!(key.encrypted_key_len(Enc::A256Gcm), 0);
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub trait JweEncrypter {
    /// The one key management algorithm this key serves.
    fn alg(&self) -> JweAlg;

    /// The length of the encrypted key this key writes for `enc`: 0 for `dir` and `ECDH-ES`.
    fn encrypted_key_len(&self, enc: Enc) -> usize;

    /// Protects `cek` for the recipient. On entry `cek` holds a fresh random key of the length
    /// `enc` needs; direct modes (`dir`, `ECDH-ES`) replace it with the key they determine.
    /// Writes the encrypted key into `encrypted_key`, returning its length, and sets the header
    /// parameters the recipient needs in `params`.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] if this key cannot serve `enc`; [`Error::BufferTooSmall`].
    fn encrypt_cek<'k>(
        &'k self,
        enc: Enc,
        rng: &mut dyn CryptoRng,
        cek: &mut [u8],
        params: &mut NewKeyParams<'k>,
        encrypted_key: &mut [u8],
    ) -> Result<usize, Error>;

    /// The header parameters [`encrypt_cek`](Self::encrypt_cek) adds, with placeholder values
    /// of their exact sizes, so that [`jwe_compact_len`] sizes a token before anything is drawn
    /// or computed. None by default (`dir`, AES key wrap, RSA-OAEP); a key that adds parameters
    /// overrides it.
    fn params_shape(&self) -> NewKeyParams<'_> {
        NewKeyParams::default()
    }
}
