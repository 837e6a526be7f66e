//! HS256, HS384, HS512 (RFC 7518 §3.2) over `hmac` and `sha2`.

use hmac::{KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};

use crate::{Error, JwsAlg, JwsSigner, JwsVerifier, KeyReason};

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
/// assert_eq!(
///     HmacKey::hs256(b"short").unwrap_err(),
///     Error::KeyRejected(tinyjose::KeyReason::TooShort)
/// );
/// assert_eq!(format!("{key:?}"), "HmacKey { alg: Hs384, .. }");
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct HmacKey {
    state: State,
    hash: &'static Hash,
}

#[derive(Clone)]
enum State {
    Hs256(hmac::Hmac<Sha256>),
    Hs384(hmac::Hmac<Sha384>),
    Hs512(hmac::Hmac<Sha512>),
}

/// One HMAC algorithm's operations, chosen when the key is built and called through pointers:
/// an application that only builds HS256 keys links SHA-256 alone, not SHA-512 as well.
struct Hash {
    alg: JwsAlg,
    /// Output and minimum secret length (RFC 7518 §3.2).
    len: usize,
    key: fn(&[u8]) -> Option<State>,
    verify: fn(&State, &[u8], &[u8]) -> bool,
    sign: fn(&State, &[u8], &mut [u8]),
}

macro_rules! hash {
    ($name:ident, $variant:ident, $len:literal) => {
        static $name: Hash = Hash {
            alg: JwsAlg::$variant,
            len: $len,
            key: |secret| Some(State::$variant(KeyInit::new_from_slice(secret).ok()?)),
            // `verify_slice` compares in constant time and refuses any other length.
            verify: |state, input, signature| match state {
                State::$variant(m) => m
                    .clone()
                    .chain_update(input)
                    .verify_slice(signature)
                    .is_ok(),
                _ => false,
            },
            // `out` is the output's length: copied without a length check to fail.
            sign: |state, input, out| {
                if let State::$variant(m) = state {
                    let mac = m.clone().chain_update(input).finalize().into_bytes();
                    for (to, from) in out.iter_mut().zip(mac) {
                        *to = from;
                    }
                }
            },
        };
    };
}

hash!(HS256, Hs256, 32);
hash!(HS384, Hs384, 48);
hash!(HS512, Hs512, 64);

impl HmacKey {
    /// A key for `alg`, which must be one of the HMAC algorithms.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedAlg`] if `alg` is not HS256/384/512; [`Error::KeyRejected`] if the
    /// secret is shorter than the hash output.
    pub fn new(alg: JwsAlg, secret: &[u8]) -> Result<Self, Error> {
        match alg {
            JwsAlg::Hs256 => Self::hs256(secret),
            JwsAlg::Hs384 => Self::hs384(secret),
            JwsAlg::Hs512 => Self::hs512(secret),
            _ => Err(Error::UnsupportedAlg),
        }
    }

    /// The shortest secret `alg` takes, in bytes: the size of its hash output (RFC 7518 §3.2);
    /// `None` for an algorithm that is not HMAC.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{HmacKey, JwsAlg};
    ///
    /// assert_eq!(HmacKey::min_secret_len(JwsAlg::Hs384), Some(48));
    /// assert_eq!(HmacKey::min_secret_len(JwsAlg::Es256), None);
    /// ```
    #[must_use]
    pub const fn min_secret_len(alg: JwsAlg) -> Option<usize> {
        match alg {
            JwsAlg::Hs256 => Some(32),
            JwsAlg::Hs384 => Some(48),
            JwsAlg::Hs512 => Some(64),
            _ => None,
        }
    }

    fn keyed(hash: &'static Hash, secret: &[u8]) -> Result<Self, Error> {
        if secret.len() < hash.len {
            return Err(Error::KeyRejected(KeyReason::TooShort));
        }
        let state = (hash.key)(secret).ok_or(Error::KeyRejected(KeyReason::TooLong))?;
        Ok(Self { state, hash })
    }

    /// An HS256 key (secret of at least 32 bytes).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for a shorter secret.
    pub fn hs256(secret: &[u8]) -> Result<Self, Error> {
        Self::keyed(&HS256, secret)
    }

    /// An HS384 key (secret of at least 48 bytes).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for a shorter secret.
    pub fn hs384(secret: &[u8]) -> Result<Self, Error> {
        Self::keyed(&HS384, secret)
    }

    /// An HS512 key (secret of at least 64 bytes).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for a shorter secret.
    pub fn hs512(secret: &[u8]) -> Result<Self, Error> {
        Self::keyed(&HS512, secret)
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
        self.hash.alg
    }

    #[inline(never)]
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), Error> {
        if (self.hash.verify)(&self.state, signing_input, signature) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

impl JwsSigner for HmacKey {
    fn alg(&self) -> JwsAlg {
        self.hash.alg
    }

    fn signature_len(&self) -> usize {
        self.hash.len
    }

    fn sign(&self, signing_input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        let needed = self.hash.len;
        let dst = out
            .get_mut(..needed)
            .ok_or(Error::BufferTooSmall { needed })?;
        (self.hash.sign)(&self.state, signing_input, dst);
        Ok(needed)
    }
}
