//! A128KW, A192KW, A256KW (RFC 7518 §4.4).
//!
//! STAND-IN ONLY, TO BE REPLACED WHOLE BY THE REAL `jwe/aes_kw.rs` AT MERGE.
//! It carries just what ECDH-ES needs: the two crate-internal functions `wrap_with` and
//! `unwrap_with` (their signatures are the contract), and an empty `AesKwKey` so that the
//! `aes-kw` re-export in `lib.rs` resolves.

use aes_kw::{KeyInit, KwAes128, KwAes192, KwAes256};

use crate::Error;

/// Stand-in for the A128KW/A192KW/A256KW key; it has no operations yet.
#[derive(Debug)]
pub struct AesKwKey(());

/// Wraps `cek` with `kek` (RFC 3394; AES-128, -192 or -256 by the KEK length) into `out`,
/// returning the wrapped length, `cek.len() + 8`.
pub(crate) fn wrap_with(kek: &[u8], cek: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    let needed = cek.len() + 8;
    let out = out
        .get_mut(..needed)
        .ok_or(Error::BufferTooSmall { needed })?;
    if cek.len() < 16 || !cek.len().is_multiple_of(8) {
        return Err(Error::KeyRejected);
    }
    let wrapped = match kek.len() {
        16 => KwAes128::new_from_slice(kek).map(|kw| kw.wrap_key(cek, out).map(<[u8]>::len)),
        24 => KwAes192::new_from_slice(kek).map(|kw| kw.wrap_key(cek, out).map(<[u8]>::len)),
        32 => KwAes256::new_from_slice(kek).map(|kw| kw.wrap_key(cek, out).map(<[u8]>::len)),
        _ => return Err(Error::KeyRejected),
    };
    match wrapped {
        Ok(Ok(n)) => Ok(n),
        _ => Err(Error::KeyRejected),
    }
}

/// Unwraps `wrapped` with `kek` into `cek`, which must be exactly `wrapped.len() - 8` bytes.
pub(crate) fn unwrap_with(kek: &[u8], wrapped: &[u8], cek: &mut [u8]) -> Result<(), Error> {
    if cek.len() < 16 || wrapped.len() != cek.len() + 8 {
        return Err(Error::DecryptionFailed);
    }
    let unwrapped = match kek.len() {
        16 => KwAes128::new_from_slice(kek).map(|kw| kw.unwrap_key(wrapped, cek).map(|_| ())),
        24 => KwAes192::new_from_slice(kek).map(|kw| kw.unwrap_key(wrapped, cek).map(|_| ())),
        32 => KwAes256::new_from_slice(kek).map(|kw| kw.unwrap_key(wrapped, cek).map(|_| ())),
        _ => return Err(Error::DecryptionFailed),
    };
    match unwrapped {
        Ok(Ok(())) => Ok(()),
        _ => Err(Error::DecryptionFailed),
    }
}
