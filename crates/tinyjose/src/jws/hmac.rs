//! HS256, HS384, HS512 (RFC 7518 §3.2) over `hmac` and `sha2`.

use hmac::{KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};

use crate::{Error, JwsAlg, JwsSigner, JwsVerifier};

/// An HMAC secret bound to one of HS256, HS384 or HS512.
///
/// The secret must be at least as long as the hash output (32, 48 or 64 bytes, RFC 7518 §3.2);
/// shorter or empty secrets are refused. The keyed HMAC state is computed once, at construction,
/// so each verification hashes only the token. `Debug` shows no secret; the state is wiped when
/// the key is dropped.
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, HmacKey, JwsAlg};
///
/// let key = HmacKey::new(JwsAlg::Hs384, &[7; 48])?;
/// assert_eq!(tinyjose::JwsVerifier::alg(&key), JwsAlg::Hs384);
/// assert_eq!(HmacKey::hs256(b"short").unwrap_err(), Error::KeyRejected);
/// assert_eq!(format!("{key:?}"), "HmacKey { alg: Hs384, .. }");
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct HmacKey {
    state: State,
}

#[derive(Clone)]
enum State {
    Hs256(hmac::Hmac<Sha256>),
    Hs384(hmac::Hmac<Sha384>),
    Hs512(hmac::Hmac<Sha512>),
}

impl HmacKey {
    /// A key for `alg`, which must be one of the HMAC algorithms.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedAlg`] if `alg` is not HS256/384/512; [`Error::KeyRejected`] if the
    /// secret is shorter than the hash output.
    pub fn new(alg: JwsAlg, secret: &[u8]) -> Result<Self, Error> {
        let min = match alg {
            JwsAlg::Hs256 => 32,
            JwsAlg::Hs384 => 48,
            JwsAlg::Hs512 => 64,
            _ => return Err(Error::UnsupportedAlg),
        };
        if secret.len() < min {
            return Err(Error::KeyRejected);
        }
        let bad = |_| Error::KeyRejected;
        let state = match alg {
            JwsAlg::Hs256 => State::Hs256(KeyInit::new_from_slice(secret).map_err(bad)?),
            JwsAlg::Hs384 => State::Hs384(KeyInit::new_from_slice(secret).map_err(bad)?),
            _ => State::Hs512(KeyInit::new_from_slice(secret).map_err(bad)?),
        };
        Ok(Self { state })
    }

    /// An HS256 key (secret of at least 32 bytes).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for a shorter secret.
    pub fn hs256(secret: &[u8]) -> Result<Self, Error> {
        Self::new(JwsAlg::Hs256, secret)
    }

    /// An HS384 key (secret of at least 48 bytes).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for a shorter secret.
    pub fn hs384(secret: &[u8]) -> Result<Self, Error> {
        Self::new(JwsAlg::Hs384, secret)
    }

    /// An HS512 key (secret of at least 64 bytes).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for a shorter secret.
    pub fn hs512(secret: &[u8]) -> Result<Self, Error> {
        Self::new(JwsAlg::Hs512, secret)
    }
}

impl core::fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HmacKey")
            .field("alg", &JwsVerifier::alg(self))
            .finish_non_exhaustive()
    }
}

impl JwsVerifier for HmacKey {
    fn alg(&self) -> JwsAlg {
        match self.state {
            State::Hs256(_) => JwsAlg::Hs256,
            State::Hs384(_) => JwsAlg::Hs384,
            State::Hs512(_) => JwsAlg::Hs512,
        }
    }

    #[inline(never)]
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), Error> {
        // `verify_slice` compares in constant time and refuses any other length.
        let ok = match &self.state {
            State::Hs256(m) => m
                .clone()
                .chain_update(signing_input)
                .verify_slice(signature),
            State::Hs384(m) => m
                .clone()
                .chain_update(signing_input)
                .verify_slice(signature),
            State::Hs512(m) => m
                .clone()
                .chain_update(signing_input)
                .verify_slice(signature),
        };
        ok.map_err(|_| Error::InvalidSignature)
    }
}

impl JwsSigner for HmacKey {
    fn alg(&self) -> JwsAlg {
        JwsVerifier::alg(self)
    }

    fn signature_len(&self) -> usize {
        match self.state {
            State::Hs256(_) => 32,
            State::Hs384(_) => 48,
            State::Hs512(_) => 64,
        }
    }

    fn sign(&self, signing_input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        let needed = self.signature_len();
        let dst = out
            .get_mut(..needed)
            .ok_or(Error::BufferTooSmall { needed })?;
        match &self.state {
            State::Hs256(m) => dst.copy_from_slice(
                &m.clone()
                    .chain_update(signing_input)
                    .finalize()
                    .into_bytes(),
            ),
            State::Hs384(m) => dst.copy_from_slice(
                &m.clone()
                    .chain_update(signing_input)
                    .finalize()
                    .into_bytes(),
            ),
            State::Hs512(m) => dst.copy_from_slice(
                &m.clone()
                    .chain_update(signing_input)
                    .finalize()
                    .into_bytes(),
            ),
        }
        Ok(needed)
    }
}
