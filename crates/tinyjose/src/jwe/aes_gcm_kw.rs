//! A128GCMKW, A192GCMKW, A256GCMKW (RFC 7518 §4.7): the CEK encrypted with AES-GCM under a shared
//! key-encryption key, with a random 96-bit IV and the 128-bit tag carried in the header (`iv`,
//! `tag`).

use aes_gcm::aead::array::Array;
use aes_gcm::aead::consts::{U12, U16};
use aes_gcm::aes::{Aes128, Aes192, Aes256};
use aes_gcm::{AeadInOut, AesGcm, KeyInit};
use rand_core::CryptoRng;
use zeroize::{Zeroize, Zeroizing};

use crate::{
    Enc, Error, JweAlg, JweDecrypter, JweEncrypter, KeyParams, KeyReason, NewKeyParams, Part, b64,
};

/// `(kek, iv, data)`: encrypts in place, returning the tag.
type SealFn = fn(&[u8], &[u8; 12], &mut [u8]) -> Option<[u8; 16]>;
/// `(kek, iv, data, tag)`: checks the tag and decrypts in place.
type OpenFn = fn(&[u8], &[u8; 12], &mut [u8], &[u8; 16]) -> Option<()>;

/// AES-GCM key wrapping for one KEK size; each is its own static, so a key built for a constant
/// `alg` links only its size.
struct GcmKwOps {
    /// Encrypts `data` in place with `kek` and `iv`, returning the tag.
    seal: SealFn,
    /// Checks `tag` and decrypts `data` in place with `kek` and `iv`.
    open: OpenFn,
}

static GCMKW128: GcmKwOps = GcmKwOps {
    seal: seal::<Aes128>,
    open: open::<Aes128>,
};
static GCMKW192: GcmKwOps = GcmKwOps {
    seal: seal::<Aes192>,
    open: open::<Aes192>,
};
static GCMKW256: GcmKwOps = GcmKwOps {
    seal: seal::<Aes256>,
    open: open::<Aes256>,
};

fn seal<C>(kek: &[u8], iv: &[u8; 12], data: &mut [u8]) -> Option<[u8; 16]>
where
    AesGcm<C, U12>: KeyInit + AeadInOut<TagSize = U16, NonceSize = U12>,
{
    let aead = AesGcm::<C, U12>::new_from_slice(kek).ok()?;
    let tag = aead
        .encrypt_inout_detached(&Array::from(*iv), b"", data.into())
        .ok()?;
    Some(tag.into())
}

fn open<C>(kek: &[u8], iv: &[u8; 12], data: &mut [u8], tag: &[u8; 16]) -> Option<()>
where
    AesGcm<C, U12>: KeyInit + AeadInOut<TagSize = U16, NonceSize = U12>,
{
    let aead = AesGcm::<C, U12>::new_from_slice(kek).ok()?;
    aead.decrypt_inout_detached(&Array::from(*iv), b"", data.into(), &Array::from(*tag))
        .ok()
}

/// Decodes the strict base64url header value `text` into exactly `N` bytes.
fn decode_exact<const N: usize>(text: Option<&str>) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    let n = b64::decode(text?.as_bytes(), &mut out, Part::Header)
        .ok()?
        .len();
    (n == N).then_some(out)
}

/// A shared key-encryption key for A128GCMKW, A192GCMKW or A256GCMKW (RFC 7518 §4.7).
///
/// Encryption draws a fresh 12-byte IV from the RNG for each JWE and writes it and the tag into
/// the header (`iv`, `tag`); the encrypted key is as long as the CEK. Decryption requires both, of
/// exactly 12 and 16 bytes. The KEK is wiped on drop.
///
/// # Examples
///
/// ```
/// use tinyjose::{AesGcmKwKey, Error, JweAlg};
/// # struct Counter(u8);
/// # impl rand_core::TryRng for Counter {
/// #     type Error = core::convert::Infallible;
/// #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(0) }
/// #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { Ok(0) }
/// #     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> {
/// #         d.iter_mut().for_each(|b| { self.0 = self.0.wrapping_add(1); *b = self.0 }); Ok(())
/// #     }
/// # }
/// # impl rand_core::TryCryptoRng for Counter {}
/// # let mut rng = Counter(0);
/// # let _ = &mut rng;
///
/// let key = AesGcmKwKey::new(JweAlg::A256GcmKw, &[7; 32])?;
/// assert_eq!(AesGcmKwKey::new(JweAlg::A128Kw, &[7; 16]).unwrap_err(), Error::UnsupportedAlg);
/// # #[cfg(feature = "aes-gcm")] {
/// use tinyjose::{A256GCM, HeaderParams, UntrustedJwe, encrypt};
///
/// let mut out = [0u8; 320];
/// let token = encrypt(&HeaderParams::new(), b"secret", &key, A256GCM, &mut rng, &mut out)?;
/// let jwe = UntrustedJwe::parse(token)?;
/// assert!(jwe.key_params().iv().is_some() && jwe.key_params().tag().is_some());
/// let mut buf = [0u8; 16];
/// assert_eq!(jwe.decrypt(&key, &[A256GCM], &mut buf)?.plaintext(), b"secret");
/// # }
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct AesGcmKwKey {
    alg: JweAlg,
    kek: Zeroizing<[u8; 32]>,
    ops: &'static GcmKwOps,
}

impl core::fmt::Debug for AesGcmKwKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AesGcmKwKey")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

impl AesGcmKwKey {
    /// A key-encryption key for `alg` (`A128GCMKW`, `A192GCMKW` or `A256GCMKW`) of 16, 24 or 32
    /// bytes respectively.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedAlg`] for any other `alg`, [`Error::KeyRejected`] for a KEK whose
    /// length is not the one `alg` needs.
    #[inline]
    pub fn new(alg: JweAlg, kek: &[u8]) -> Result<Self, Error> {
        let (len, ops) = match alg {
            JweAlg::A128GcmKw => (16, &GCMKW128),
            JweAlg::A192GcmKw => (24, &GCMKW192),
            JweAlg::A256GcmKw => (32, &GCMKW256),
            _ => return Err(Error::UnsupportedAlg),
        };
        if kek.len() != len {
            return Err(Error::KeyRejected(KeyReason::WrongLength));
        }
        let mut buf = Zeroizing::new([0u8; 32]);
        buf.get_mut(..len)
            .ok_or(Error::KeyRejected(KeyReason::WrongLength))?
            .copy_from_slice(kek);
        Ok(Self { alg, kek: buf, ops })
    }

    fn kek(&self) -> &[u8] {
        let len = self.alg.key_len().unwrap_or_default();
        self.kek.get(..len).unwrap_or_default()
    }
}

impl JweDecrypter for AesGcmKwKey {
    fn alg(&self) -> JweAlg {
        self.alg
    }

    fn decrypt_cek(
        &self,
        params: &KeyParams<'_>,
        encrypted_key: &[u8],
        cek: &mut [u8],
    ) -> Result<(), Error> {
        let opened = (|| {
            let iv = decode_exact::<12>(params.iv())?;
            let tag = decode_exact::<16>(params.tag())?;
            if encrypted_key.len() != cek.len() {
                return None;
            }
            cek.copy_from_slice(encrypted_key);
            (self.ops.open)(self.kek(), &iv, cek, &tag)
        })();
        opened.ok_or_else(|| {
            cek.zeroize();
            Error::DecryptionFailed
        })
    }
}

impl JweEncrypter for AesGcmKwKey {
    fn alg(&self) -> JweAlg {
        self.alg
    }

    fn encrypted_key_len(&self, enc: Enc) -> usize {
        enc.key_len()
    }

    fn encrypt_cek<'k>(
        &'k self,
        _: Enc,
        rng: &mut dyn CryptoRng,
        cek: &mut [u8],
        params: &mut NewKeyParams<'k>,
        encrypted_key: &mut [u8],
    ) -> Result<usize, Error> {
        let needed = cek.len();
        let out = encrypted_key
            .get_mut(..needed)
            .ok_or(Error::BufferTooSmall { needed })?;
        let mut iv = [0u8; 12];
        rng.fill_bytes(&mut iv);
        out.copy_from_slice(cek);
        let Some(tag) = (self.ops.seal)(self.kek(), &iv, out) else {
            out.zeroize();
            return Err(Error::KeyRejected(KeyReason::WrongLength));
        };
        params.iv = Some(iv);
        params.tag = Some(tag);
        Ok(needed)
    }

    fn params_shape(&self) -> NewKeyParams<'_> {
        NewKeyParams {
            iv: Some([0; 12]),
            tag: Some([0; 16]),
            ..NewKeyParams::default()
        }
    }
}
