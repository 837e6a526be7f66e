//! `dir` (RFC 7518 §4.5): a shared symmetric key used directly as the CEK.

use rand_core::CryptoRng;
use zeroize::Zeroizing;

use crate::{Enc, Error, JweAlg, JweDecrypter, JweEncrypter, KeyParams, KeyReason, NewKeyParams};

/// A shared key used directly as the content encryption key (`"alg":"dir"`).
///
/// Its length picks the `enc` it serves: 16, 24 or 32 bytes for A128GCM, A192GCM, A256GCM (32
/// also for A128CBC-HS256), 48 for A192CBC-HS384, 64 for A256CBC-HS512. The encrypted key of a
/// `dir` JWE is empty (RFC 7516 §5.1 step 5). A key made [`for_enc`](Self::for_enc) serves that
/// one `enc` only, as a JWK whose `alg` names an `enc` (RFC 7520 §5.6) does. The key is wiped on
/// drop.
///
/// # Examples
///
/// ```
/// use tinyjose::{DirectKey, Error};
///
/// assert!(DirectKey::new(&[1; 32]).is_ok());
/// assert_eq!(DirectKey::new(&[1; 20]).unwrap_err(), Error::KeyRejected(tinyjose::KeyReason::WrongLength));
/// ```
#[derive(Clone)]
pub struct DirectKey {
    key: Zeroizing<[u8; 64]>,
    len: usize,
    enc: Option<Enc>,
}

impl core::fmt::Debug for DirectKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DirectKey")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl DirectKey {
    /// A direct key of 16, 24, 32, 48 or 64 bytes.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for any other length.
    pub fn new(key: &[u8]) -> Result<Self, Error> {
        if !Enc::ALL.iter().any(|e| e.key_len() == key.len()) {
            return Err(Error::KeyRejected(KeyReason::WrongLength));
        }
        let mut buf = Zeroizing::new([0u8; 64]);
        buf.get_mut(..key.len())
            .ok_or(Error::KeyRejected(KeyReason::WrongLength))?
            .copy_from_slice(key);
        Ok(Self {
            key: buf,
            len: key.len(),
            enc: None,
        })
    }

    /// A direct key bound to `enc`: it decrypts and encrypts with that content encryption only,
    /// and its length must be the one `enc` needs.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for a length other than `enc.key_len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{DirectKey, Enc, Error, JweDecrypter};
    ///
    /// let key = DirectKey::for_enc(&[1; 32], Enc::A256Gcm)?;
    /// assert_eq!(key.enc(), Some(Enc::A256Gcm));
    /// assert_eq!(DirectKey::for_enc(&[1; 32], Enc::A128Gcm).unwrap_err(), Error::KeyRejected(tinyjose::KeyReason::WrongLength));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn for_enc(key: &[u8], enc: Enc) -> Result<Self, Error> {
        if key.len() != enc.key_len() {
            return Err(Error::KeyRejected(KeyReason::WrongLength));
        }
        let mut bound = Self::new(key)?;
        bound.enc = Some(enc);
        Ok(bound)
    }

    /// The CEK for `enc`: the key itself, if `enc` is its own (when bound) and of its length.
    fn cek(&self, enc: Enc) -> Result<&[u8], Error> {
        if self.enc.is_some_and(|own| own != enc) {
            return Err(Error::AlgMismatch);
        }
        if enc.key_len() != self.len {
            return Err(Error::KeyRejected(KeyReason::WrongLength));
        }
        self.key
            .get(..self.len)
            .ok_or(Error::KeyRejected(KeyReason::WrongLength))
    }
}

impl JweDecrypter for DirectKey {
    fn alg(&self) -> JweAlg {
        JweAlg::Dir
    }

    fn enc(&self) -> Option<Enc> {
        self.enc
    }

    fn decrypt_cek(
        &self,
        params: &KeyParams<'_>,
        encrypted_key: &[u8],
        cek: &mut [u8],
    ) -> Result<(), Error> {
        // RFC 7516 §5.2 step 10: the encrypted key must be empty.
        if !encrypted_key.is_empty() {
            return Err(Error::DecryptionFailed);
        }
        let key = self
            .cek(params.enc())
            .map_err(|_| Error::DecryptionFailed)?;
        cek.copy_from_slice(key);
        Ok(())
    }
}

impl JweEncrypter for DirectKey {
    fn alg(&self) -> JweAlg {
        JweAlg::Dir
    }

    fn encrypted_key_len(&self, _: Enc) -> usize {
        0
    }

    fn encrypt_cek<'k>(
        &'k self,
        enc: Enc,
        _: &mut dyn CryptoRng,
        cek: &mut [u8],
        _: &mut NewKeyParams<'k>,
        _: &mut [u8],
    ) -> Result<usize, Error> {
        cek.copy_from_slice(self.cek(enc)?);
        Ok(0)
    }
}
