//! EdDSA with Ed25519 (RFC 8037 §3.1) over `ed25519-dalek`.

use zeroize::Zeroizing;

use crate::{Error, JwsAlg, JwsSigner, JwsVerifier, KeyReason};

/// An Ed25519 public key that verifies `EdDSA` signatures, or `Ed25519` ones once bound to that
/// name with [`for_alg`](Self::for_alg) (RFC 9864).
///
/// Verification is strict (`verify_strict`): non-canonical encodings and small-order keys or
/// `R` values are refused, so signatures are not malleable.
///
/// # Examples
///
/// ```
/// use tinyjose::{Ed25519SigningKey, JwsVerifier};
///
/// let public = Ed25519SigningKey::from_bytes(&[9; 32])?.verifying_key();
/// assert_eq!(public.alg(), tinyjose::JwsAlg::EdDsa);
/// assert_eq!(public.to_bytes().len(), 32);
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ed25519VerifyingKey(ed25519_dalek::VerifyingKey, JwsAlg);

impl Ed25519VerifyingKey {
    /// A key from its 32-byte encoding (the JWK `x`).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for a wrong length, an encoding that is not a curve point, or a
    /// small-order point.
    pub fn from_bytes(x: &[u8]) -> Result<Self, Error> {
        let bytes: &[u8; 32] = x
            .try_into()
            .map_err(|_| Error::KeyRejected(KeyReason::WrongLength))?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(bytes)
            .map_err(|_| Error::KeyRejected(KeyReason::InvalidPoint))?;
        if key.is_weak() {
            return Err(Error::KeyRejected(KeyReason::InvalidPoint));
        }
        Ok(Self(key, JwsAlg::EdDsa))
    }

    /// The same key bound to `alg`: [`JwsAlg::EdDsa`] (the default) or [`JwsAlg::Ed25519`].
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] ([`KeyReason::WrongType`]) for any other algorithm.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{Ed25519SigningKey, JwsAlg, JwsVerifier};
    ///
    /// let public = Ed25519SigningKey::from_bytes(&[9; 32])?.verifying_key().for_alg(JwsAlg::Ed25519)?;
    /// assert_eq!(public.alg(), JwsAlg::Ed25519);
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn for_alg(self, alg: JwsAlg) -> Result<Self, Error> {
        ed25519_alg(alg).map(|alg| Self(self.0, alg))
    }

    /// The 32-byte encoding (the JWK `x`).
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }
}

/// `alg` if it is a name of EdDSA with Ed25519.
fn ed25519_alg(alg: JwsAlg) -> Result<JwsAlg, Error> {
    match alg {
        JwsAlg::EdDsa | JwsAlg::Ed25519 => Ok(alg),
        _ => Err(Error::KeyRejected(KeyReason::WrongType)),
    }
}

impl JwsVerifier for Ed25519VerifyingKey {
    fn alg(&self) -> JwsAlg {
        self.1
    }

    #[inline(never)]
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), Error> {
        let sig =
            ed25519_dalek::Signature::from_slice(signature).map_err(|_| Error::InvalidSignature)?;
        self.0
            .verify_strict(signing_input, &sig)
            .map_err(|_| Error::InvalidSignature)
    }
}

/// An Ed25519 private key that creates `EdDSA` signatures (deterministic, RFC 8032), or
/// `Ed25519` ones once bound to that name with [`for_alg`](Self::for_alg) (RFC 9864).
///
/// `Debug` shows only the public key; the seed is wiped when the key is dropped.
///
/// # Examples
///
/// ```
/// use tinyjose::{Ed25519SigningKey, HeaderParams, sign};
///
/// let key = Ed25519SigningKey::from_bytes(&[9; 32])?;
/// let mut out = [0u8; 256];
/// let token = sign(&HeaderParams::new(), b"hi", &key, &mut out)?;
/// assert!(token.starts_with("eyJhbGciOiJFZERTQSJ9."));
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone)]
pub struct Ed25519SigningKey(ed25519_dalek::SigningKey, JwsAlg);

impl Ed25519SigningKey {
    /// A key from its 32-byte seed (the JWK `d`).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for a wrong length.
    pub fn from_bytes(d: &[u8]) -> Result<Self, Error> {
        let seed: &[u8; 32] = d
            .try_into()
            .map_err(|_| Error::KeyRejected(KeyReason::WrongLength))?;
        Ok(Self(
            ed25519_dalek::SigningKey::from_bytes(seed),
            JwsAlg::EdDsa,
        ))
    }

    /// The same key bound to `alg`: [`JwsAlg::EdDsa`] (the default) or [`JwsAlg::Ed25519`].
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] ([`KeyReason::WrongType`]) for any other algorithm.
    pub fn for_alg(self, alg: JwsAlg) -> Result<Self, Error> {
        ed25519_alg(alg).map(|alg| Self(self.0.clone(), alg))
    }

    /// The matching public key, bound to the same algorithm.
    #[must_use]
    pub fn verifying_key(&self) -> Ed25519VerifyingKey {
        Ed25519VerifyingKey(self.0.verifying_key(), self.1)
    }

    /// The 32-byte seed (the JWK `d`), wiped when dropped.
    #[must_use]
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }
}

impl core::fmt::Debug for Ed25519SigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Ed25519SigningKey")
            .field("public", &self.verifying_key())
            .finish_non_exhaustive()
    }
}

impl JwsSigner for Ed25519SigningKey {
    fn alg(&self) -> JwsAlg {
        self.1
    }

    fn signature_len(&self) -> usize {
        64
    }

    #[inline(never)]
    fn sign(&self, signing_input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        use ed25519_dalek::Signer;
        let dst = out
            .get_mut(..64)
            .ok_or(Error::BufferTooSmall { needed: 64 })?;
        dst.copy_from_slice(&self.0.sign(signing_input).to_bytes());
        Ok(64)
    }
}
