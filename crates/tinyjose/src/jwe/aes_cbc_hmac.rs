//! A128CBC-HS256, A192CBC-HS384, A256CBC-HS512 (RFC 7518 §5.2): AES-CBC with PKCS#7 padding,
//! authenticated by a truncated HMAC-SHA-2 over the AAD, the IV, the ciphertext and the AAD length
//! in bits.
//!
//! The CEK is `MAC_KEY || ENC_KEY`, each half of it; the tag is the first half of the HMAC output.
//! Decryption checks the tag, in constant time, before it decrypts anything, and reports every
//! failure (lengths, tag, padding) as the same [`Error::DecryptionFailed`] with `buf` wiped, so a
//! padding oracle has nothing to tell.

use core::marker::PhantomData;

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::consts::U16;
use aes::cipher::{BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt};
use aes::cipher::{KeyInit, KeyIvInit};
use aes::{Aes128, Aes192, Aes256};
use hmac::{EagerHash, Hmac, Mac};
use sha2::{Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use crate::{ContentEncryption, Enc, Error, KeyReason};

/// AES-128-CBC with HMAC-SHA-256 truncated to 128 bits (RFC 7518 §5.2.3), for the `enc`
/// allow-list of [`UntrustedJwe::decrypt`](crate::UntrustedJwe::decrypt) and for
/// [`encrypt`](crate::encrypt). The CEK is 32 bytes, the tag 16.
///
/// # Examples
///
/// ```
/// use tinyjose::{A128CBC_HS256, Enc, Error};
///
/// let (cek, iv) = ([7u8; 32], [9u8; 16]);
/// let mut buf = [0u8; 16];
/// buf[..5].copy_from_slice(b"hello");
/// let mut tag = [0u8; 16];
/// assert_eq!(A128CBC_HS256.encrypt_in_place(&cek, &iv, b"aad", &mut buf, 5, &mut tag)?, 16);
/// assert_eq!(A128CBC_HS256.decrypt_in_place(&cek, &iv, b"aad", &mut buf, &tag)?, 5);
/// assert_eq!(&buf[..5], b"hello");
/// assert_eq!(A128CBC_HS256.enc(), Enc::A128CbcHs256);
/// # Ok::<(), Error>(())
/// ```
pub static A128CBC_HS256: &dyn ContentEncryption =
    &CbcHs::<Aes128, Sha256>(Enc::A128CbcHs256, PhantomData);

/// AES-192-CBC with HMAC-SHA-384 truncated to 192 bits (RFC 7518 §5.2.4). The CEK is 48 bytes,
/// the tag 24.
///
/// # Examples
///
/// ```
/// assert_eq!(tinyjose::A192CBC_HS384.enc(), tinyjose::Enc::A192CbcHs384);
/// ```
pub static A192CBC_HS384: &dyn ContentEncryption =
    &CbcHs::<Aes192, Sha384>(Enc::A192CbcHs384, PhantomData);

/// AES-256-CBC with HMAC-SHA-512 truncated to 256 bits (RFC 7518 §5.2.5). The CEK is 64 bytes,
/// the tag 32.
///
/// # Examples
///
/// ```
/// assert_eq!(tinyjose::A256CBC_HS512.enc(), tinyjose::Enc::A256CbcHs512);
/// ```
pub static A256CBC_HS512: &dyn ContentEncryption =
    &CbcHs::<Aes256, Sha512>(Enc::A256CbcHs512, PhantomData);

/// One AES key size with its hash; each is its own type, so only the sizes a program names are
/// linked.
struct CbcHs<C, D>(Enc, PhantomData<fn() -> (C, D)>);

impl<C, D> CbcHs<C, D>
where
    D: EagerHash,
    Hmac<D>: KeyInit + Mac,
{
    /// `(MAC_KEY, ENC_KEY)`, or `None` for a CEK of the wrong length.
    fn split<'a>(&self, cek: &'a [u8]) -> Option<(&'a [u8], &'a [u8])> {
        if cek.len() != self.0.key_len() {
            return None;
        }
        Some(cek.split_at(cek.len() / 2))
    }

    /// The full HMAC over `AAD || IV || ciphertext || AL` (RFC 7518 §5.2.2.1 steps 4 and 5).
    fn mac(
        mac_key: &[u8],
        aad: &[u8],
        iv: &[u8],
        ciphertext: &[u8],
    ) -> Option<impl AsRef<[u8]> + use<C, D>> {
        let al = aad_length_bits(aad.len())?;
        let mut mac = <Hmac<D> as KeyInit>::new_from_slice(mac_key).ok()?;
        mac.update(aad);
        mac.update(iv);
        mac.update(ciphertext);
        mac.update(&al);
        Some(mac.finalize().into_bytes())
    }
}

/// AL (RFC 7518 §5.2.2.1 step 4): the AAD length in bits as a 64-bit big-endian integer,
/// computed in 64 bits so that a 32-bit `usize` cannot overflow it (CVE-2016-9123).
fn aad_length_bits(len: usize) -> Option<[u8; 8]> {
    Some(u64::try_from(len).ok()?.checked_mul(8)?.to_be_bytes())
}

impl<C, D> ContentEncryption for CbcHs<C, D>
where
    C: BlockCipherEncrypt<BlockSize = U16> + BlockCipherDecrypt<BlockSize = U16> + KeyInit,
    D: EagerHash,
    Hmac<D>: KeyInit + Mac,
{
    fn enc(&self) -> Enc {
        self.0
    }

    fn encrypt_in_place(
        &self,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        len: usize,
        tag: &mut [u8],
    ) -> Result<usize, Error> {
        let (mac_key, enc_key) = self
            .split(cek)
            .ok_or(Error::KeyRejected(KeyReason::WrongLength))?;
        let t_len = self.0.tag_len();
        let out = tag
            .get_mut(..t_len)
            .ok_or(Error::BufferTooSmall { needed: t_len })?;
        let needed = self.0.ciphertext_len(len);
        let data = buf
            .get_mut(..needed)
            .ok_or(Error::BufferTooSmall { needed })?;
        let cipher = cbc::Encryptor::<C>::new_from_slices(enc_key, iv)
            .map_err(|_| Error::KeyRejected(KeyReason::WrongLength))?;
        let n = cipher
            .encrypt_padded::<Pkcs7>(data, len)
            .map_err(|_| Error::BufferTooSmall { needed })?
            .len();
        let ciphertext = data.get(..n).unwrap_or_default();
        let full = Self::mac(mac_key, aad, iv, ciphertext)
            .ok_or(Error::KeyRejected(KeyReason::WrongLength))?;
        out.copy_from_slice(full.as_ref().get(..t_len).unwrap_or_default());
        Ok(n)
    }

    fn decrypt_in_place(
        &self,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8],
    ) -> Result<usize, Error> {
        // One path for every failure: the caller sees the same error and a wiped buffer whether
        // a length, the tag or the padding was wrong.
        let opened = (|| {
            let (mac_key, enc_key) = self.split(cek)?;
            if iv.len() != 16
                || tag.len() != self.0.tag_len()
                || buf.is_empty()
                || !buf.len().is_multiple_of(16)
            {
                return None;
            }
            // RFC 7518 §5.2.2.2: the tag is checked before any decryption.
            let full = Self::mac(mac_key, aad, iv, buf)?;
            let expected = full.as_ref().get(..tag.len())?;
            if !bool::from(expected.ct_eq(tag)) {
                return None;
            }
            let cipher = cbc::Decryptor::<C>::new_from_slices(enc_key, iv).ok()?;
            cipher.decrypt_padded::<Pkcs7>(buf).ok().map(<[u8]>::len)
        })();
        match opened {
            Some(len) => Ok(len),
            None => {
                buf.zeroize();
                Err(Error::DecryptionFailed)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::aad_length_bits;

    #[test]
    fn aad_length_does_not_overflow_32_bits() {
        // 0x2000_0000 bytes are 2^32 bits: one more than a 32-bit counter holds.
        assert_eq!(aad_length_bits(0x2000_0000), Some([0, 0, 0, 1, 0, 0, 0, 0]));
        assert_eq!(aad_length_bits(15), Some([0, 0, 0, 0, 0, 0, 0, 120]));
    }
}
