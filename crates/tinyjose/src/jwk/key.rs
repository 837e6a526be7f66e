//! [`JwkKey`]: the key a JWK makes for signatures, bound to one algorithm.

use crate::{Error, JwsAlg, JwsSigner, JwsVerifier};

/// A key built from a JWK: any of the crate's key types, bound to one algorithm.
///
/// It verifies with [`JwsVerifier`]; private keys also sign, through [`as_signer`](Self::as_signer).
///
/// # Examples
///
/// ```
/// use tinyjose::{Jwk, JwsAlg, JwsVerifier};
///
/// let key = Jwk::parse(r#"{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"}"#)?
///     .to_key(Some(JwsAlg::Hs256))?;
/// assert_eq!(key.alg(), JwsAlg::Hs256);
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "no heap to box into; the size depends on the enabled key types"
)]
pub enum JwkKey {
    /// An HMAC secret.
    #[cfg(feature = "hs")]
    Hmac(crate::HmacKey),
    /// A P-256 public key.
    #[cfg(feature = "es256")]
    Es256(crate::Es256VerifyingKey),
    /// A P-256 private key and its public key.
    #[cfg(feature = "es256")]
    Es256Private(crate::Es256SigningKey, crate::Es256VerifyingKey),
    /// A P-384 public key.
    #[cfg(feature = "es384")]
    Es384(crate::Es384VerifyingKey),
    /// A P-384 private key and its public key.
    #[cfg(feature = "es384")]
    Es384Private(crate::Es384SigningKey, crate::Es384VerifyingKey),
    /// A P-521 public key.
    #[cfg(feature = "es512")]
    Es512(crate::Es512VerifyingKey),
    /// A P-521 private key and its public key.
    #[cfg(feature = "es512")]
    Es512Private(crate::Es512SigningKey, crate::Es512VerifyingKey),
    /// An Ed25519 public key.
    #[cfg(feature = "eddsa")]
    Ed25519(crate::Ed25519VerifyingKey),
    /// An Ed25519 private key and its public key.
    #[cfg(feature = "eddsa")]
    Ed25519Private(crate::Ed25519SigningKey, crate::Ed25519VerifyingKey),
    /// An RSA public key.
    #[cfg(feature = "rsa")]
    Rsa(crate::RsaVerifyingKey),
}

impl JwkKey {
    fn verifier(&self) -> &dyn JwsVerifier {
        #[cfg(not(any(
            feature = "hs",
            feature = "es256",
            feature = "es384",
            feature = "es512",
            feature = "eddsa",
            feature = "rsa"
        )))]
        match *self {}
        #[cfg(any(
            feature = "hs",
            feature = "es256",
            feature = "es384",
            feature = "es512",
            feature = "eddsa",
            feature = "rsa"
        ))]
        match self {
            #[cfg(feature = "hs")]
            Self::Hmac(k) => k,
            #[cfg(feature = "es256")]
            Self::Es256(k) | Self::Es256Private(_, k) => k,
            #[cfg(feature = "es384")]
            Self::Es384(k) | Self::Es384Private(_, k) => k,
            #[cfg(feature = "es512")]
            Self::Es512(k) | Self::Es512Private(_, k) => k,
            #[cfg(feature = "eddsa")]
            Self::Ed25519(k) | Self::Ed25519Private(_, k) => k,
            #[cfg(feature = "rsa")]
            Self::Rsa(k) => k,
        }
    }

    /// The same key bound to `alg`: itself when it is already bound to `alg`, and an Ed25519
    /// key under its other name (`EdDSA` or `Ed25519`, RFC 9864).
    ///
    /// # Errors
    ///
    /// [`Error::AlgMismatch`] for any other algorithm.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "eddsa")] {
    /// use tinyjose::{Error, Jwk, JwsAlg, JwsVerifier};
    ///
    /// let jwk = Jwk::parse(r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#)?;
    /// let key = jwk.to_key(None)?;
    /// assert_eq!(key.alg(), JwsAlg::EdDsa);
    /// assert_eq!(key.clone().for_alg(JwsAlg::Ed25519)?.alg(), JwsAlg::Ed25519);
    /// assert_eq!(key.for_alg(JwsAlg::Es256).unwrap_err(), Error::AlgMismatch);
    /// # }
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn for_alg(self, alg: JwsAlg) -> Result<Self, Error> {
        if self.alg() == alg {
            return Ok(self);
        }
        #[allow(unreachable_patterns, reason = "depends on the enabled features")]
        match self {
            #[cfg(feature = "eddsa")]
            Self::Ed25519(k) => k.for_alg(alg).map(Self::Ed25519),
            #[cfg(feature = "eddsa")]
            Self::Ed25519Private(d, k) => {
                Ok(Self::Ed25519Private(d.for_alg(alg)?, k.for_alg(alg)?))
            }
            _ => Err(Error::AlgMismatch),
        }
        .map_err(|_| Error::AlgMismatch)
    }

    /// The signing side of a private or secret key; `None` for a public key.
    #[must_use]
    pub fn as_signer(&self) -> Option<&dyn JwsSigner> {
        match self {
            #[cfg(feature = "hs")]
            Self::Hmac(k) => Some(k),
            #[cfg(feature = "es256")]
            Self::Es256Private(k, _) => Some(k),
            #[cfg(feature = "es384")]
            Self::Es384Private(k, _) => Some(k),
            #[cfg(feature = "es512")]
            Self::Es512Private(k, _) => Some(k),
            #[cfg(feature = "eddsa")]
            Self::Ed25519Private(k, _) => Some(k),
            #[allow(unreachable_patterns, reason = "depends on the enabled features")]
            _ => None,
        }
    }
}

impl JwsVerifier for JwkKey {
    fn alg(&self) -> JwsAlg {
        self.verifier().alg()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), Error> {
        self.verifier().verify(signing_input, signature)
    }
}
