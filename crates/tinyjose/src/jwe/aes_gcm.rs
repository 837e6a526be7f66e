//! A128GCM, A192GCM, A256GCM (RFC 7518 §5.3): AES-GCM with a 96-bit IV and a 128-bit tag.

use aes_gcm::aead::array::Array;
use aes_gcm::aead::consts::U12;
use aes_gcm::aes::{Aes128, Aes192, Aes256};
use aes_gcm::{AeadInOut, AesGcm, KeyInit};
use zeroize::Zeroize;

use crate::{ContentEncryption, Enc, Error, KeyReason};

/// AES-GCM with a 128-bit key (RFC 7518 §5.3), for the `enc` allow-list of
/// [`UntrustedJwe::decrypt`](crate::UntrustedJwe::decrypt) and for [`encrypt`](crate::encrypt).
///
/// # Examples
///
/// ```
/// assert_eq!(tinyjose::A128GCM.enc(), tinyjose::Enc::A128Gcm);
/// ```
pub static A128GCM: &dyn ContentEncryption =
    &Gcm::<Aes128>(Enc::A128Gcm, core::marker::PhantomData);

/// AES-GCM with a 192-bit key (RFC 7518 §5.3).
///
/// # Examples
///
/// ```
/// assert_eq!(tinyjose::A192GCM.enc(), tinyjose::Enc::A192Gcm);
/// ```
pub static A192GCM: &dyn ContentEncryption =
    &Gcm::<Aes192>(Enc::A192Gcm, core::marker::PhantomData);

/// AES-GCM with a 256-bit key (RFC 7518 §5.3).
///
/// # Examples
///
/// ```
/// assert_eq!(tinyjose::A256GCM.enc(), tinyjose::Enc::A256Gcm);
/// ```
pub static A256GCM: &dyn ContentEncryption =
    &Gcm::<Aes256>(Enc::A256Gcm, core::marker::PhantomData);

/// One AES-GCM key size; each is its own type, so only the sizes a program names are linked.
struct Gcm<C>(Enc, core::marker::PhantomData<fn() -> C>);

/// The AEAD for `cek`, or `None` for a key of the wrong length.
fn cipher<C>(cek: &[u8]) -> Option<AesGcm<C, U12>>
where
    AesGcm<C, U12>: KeyInit,
{
    AesGcm::<C, U12>::new_from_slice(cek).ok()
}

impl<C> ContentEncryption for Gcm<C>
where
    AesGcm<C, U12>: KeyInit + AeadInOut<TagSize = aes_gcm::aead::consts::U16, NonceSize = U12>,
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
        let aead = cipher::<C>(cek).ok_or(Error::KeyRejected(KeyReason::WrongLength))?;
        let nonce = Array::<u8, U12>::try_from(iv)
            .map_err(|_| Error::KeyRejected(KeyReason::WrongLength))?;
        let needed = len;
        let data = buf.get_mut(..len).ok_or(Error::BufferTooSmall { needed })?;
        let out = tag
            .get_mut(..16)
            .ok_or(Error::BufferTooSmall { needed: 16 })?;
        let computed = aead
            .encrypt_inout_detached(&nonce, aad, data.into())
            .map_err(|_| Error::BufferTooSmall { needed })?;
        out.copy_from_slice(&computed);
        Ok(len)
    }

    fn decrypt_in_place(
        &self,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8],
    ) -> Result<usize, Error> {
        let opened = (|| {
            let aead = cipher::<C>(cek)?;
            let nonce = Array::<u8, U12>::try_from(iv).ok()?;
            let tag = Array::try_from(tag).ok()?;
            aead.decrypt_inout_detached(&nonce, aad, (&mut *buf).into(), &tag)
                .ok()
        })();
        match opened {
            Some(()) => Ok(buf.len()),
            None => {
                buf.zeroize();
                Err(Error::DecryptionFailed)
            }
        }
    }
}
