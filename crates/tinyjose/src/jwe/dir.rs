//! `dir` (RFC 7518 §4.5): a shared symmetric key used directly as the CEK.

use rand_core::CryptoRng;
use zeroize::Zeroizing;

use crate::{Enc, Error, JweAlg, JweDecrypter, JweEncrypter, KeyParams, NewKeyParams};

/// A shared key used directly as the content encryption key (`"alg":"dir"`).
///
/// Its length picks the `enc` it serves: 16, 24 or 32 bytes for A128GCM, A192GCM, A256GCM (32
/// also for A128CBC-HS256), 48 for A192CBC-HS384, 64 for A256CBC-HS512. The encrypted key of a
/// `dir` JWE is empty (RFC 7516 §5.1 step 5). The key is wiped on drop.
///
/// # Examples
///
/// ```
/// use tinyjose::{DirectKey, Error};
///
/// assert!(DirectKey::new(&[1; 32]).is_ok());
/// assert_eq!(DirectKey::new(&[1; 20]).unwrap_err(), Error::KeyRejected);
/// ```
#[derive(Clone)]
pub struct DirectKey {
    key: Zeroizing<[u8; 64]>,
    len: usize,
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
            return Err(Error::KeyRejected);
        }
        let mut buf = Zeroizing::new([0u8; 64]);
        buf.get_mut(..key.len())
            .ok_or(Error::KeyRejected)?
            .copy_from_slice(key);
        Ok(Self {
            key: buf,
            len: key.len(),
        })
    }

    fn for_enc(&self, enc: Enc) -> Result<&[u8], Error> {
        if enc.key_len() != self.len {
            return Err(Error::KeyRejected);
        }
        self.key.get(..self.len).ok_or(Error::KeyRejected)
    }
}

impl JweDecrypter for DirectKey {
    fn alg(&self) -> JweAlg {
        JweAlg::Dir
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
            .for_enc(params.enc())
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
        cek.copy_from_slice(self.for_enc(enc)?);
        Ok(0)
    }
}
