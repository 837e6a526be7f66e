//! PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW (RFC 7518 §4.8): a KEK derived from
//! a password with PBKDF2-HMAC-SHA-2 (RFC 8018) wraps the CEK with AES Key Wrap.
//!
//! The salt is `UTF8(alg) || 0x00 || p2s` (RFC 7518 §4.8.1.1). The iteration count `p2c` of a
//! received token was checked against [`Limits::pbes2_count`](crate::Limits::pbes2_count) when it
//! was parsed, before any PBKDF2 work.

use hmac::digest::{FixedOutput, Update};
use hmac::{EagerHash, Hmac, KeyInit};
use rand_core::CryptoRng;
use sha2::{Sha256, Sha384, Sha512};
use zeroize::{Zeroize, Zeroizing};

use super::aes_kw::{self, KwOps};
use crate::limits::total;
use crate::{
    Enc, Error, JweAlg, JweDecrypter, JweEncrypter, KeyParams, KeyReason, NewKeyParams, Part, b64,
};

/// The longest password a [`Pbes2Key`] holds, in bytes.
const MAX_PASSWORD_LEN: usize = 128;
/// The longest decoded `p2s` accepted on decryption, in bytes.
const MAX_P2S_LEN: usize = 128;
/// The shortest decoded `p2s` accepted on decryption (RFC 7518 §4.8.1.1: at least 8 octets).
const MIN_P2S_LEN: usize = 8;
/// The length of the `p2s` drawn for a new JWE.
const NEW_P2S_LEN: usize = 16;
/// The iteration count of a new JWE unless [`Pbes2Key::with_count`] says otherwise.
const DEFAULT_COUNT: u32 = 10_000;
/// The lowest iteration count [`Pbes2Key::with_count`] accepts (RFC 7518 §4.8.1.2).
const MIN_COUNT: u32 = 1000;
/// The longest PBES2 `alg` name, the first part of the salt.
const MAX_ALG_NAME_LEN: usize = 18;

/// `(password, salt, count, kek)`: PBKDF2-HMAC into `kek`.
type DeriveFn = fn(&[u8], &[u8], u32, &mut [u8]) -> Option<()>;

/// PBKDF2 with one hash and AES-KW with the matching KEK size.
struct Pbes2Ops {
    /// PBKDF2-HMAC: `(password, salt, count, kek)`.
    derive: DeriveFn,
    /// AES-KW with a KEK of `kek_len` bytes.
    kw: &'static KwOps,
    /// The length of the derived KEK.
    kek_len: usize,
}

static PBES2_HS256: Pbes2Ops = Pbes2Ops {
    derive: derive::<Sha256>,
    kw: &aes_kw::KW128,
    kek_len: 16,
};
static PBES2_HS384: Pbes2Ops = Pbes2Ops {
    derive: derive::<Sha384>,
    kw: &aes_kw::KW192,
    kek_len: 24,
};
static PBES2_HS512: Pbes2Ops = Pbes2Ops {
    derive: derive::<Sha512>,
    kw: &aes_kw::KW256,
    kek_len: 32,
};

fn derive<D>(password: &[u8], salt: &[u8], count: u32, kek: &mut [u8]) -> Option<()>
where
    D: EagerHash,
    Hmac<D>: KeyInit + Update + FixedOutput + Clone,
{
    if count == 0 {
        return None;
    }
    pbkdf2::pbkdf2::<Hmac<D>>(password, salt, count, kek).ok()
}

/// A password for PBES2-HS256+A128KW, PBES2-HS384+A192KW or PBES2-HS512+A256KW (RFC 7518 §4.8).
///
/// Passwords of 1 to 128 bytes are held, in a fixed buffer wiped on drop. New JWEs get a random
/// 16-byte `p2s` and `p2c` = 10 000 iterations unless [`with_count`](Self::with_count) says
/// otherwise; received tokens need a `p2s` of at least 8 bytes (at most 128) and a `p2c` within
/// [`Limits::pbes2_count`](crate::Limits::pbes2_count).
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, JweAlg, Pbes2Key};
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
/// let key = Pbes2Key::new(JweAlg::Pbes2Hs256A128Kw, b"correct horse")?.with_count(2000)?;
/// # #[cfg(feature = "aes-cbc-hs")] {
/// use tinyjose::{A128CBC_HS256, HeaderParams, UntrustedJwe, encrypt};
///
/// let mut out = [0u8; 320];
/// let token = encrypt(&HeaderParams::new(), b"secret", &key, A128CBC_HS256, &mut rng, &mut out)?;
/// let jwe = UntrustedJwe::parse(token)?;
/// assert_eq!(jwe.key_params().p2c(), Some(2000));
/// let mut buf = [0u8; 16];
/// assert_eq!(jwe.decrypt(&key, &[A128CBC_HS256], &mut buf)?.plaintext(), b"secret");
/// # }
/// assert_eq!(key.with_count(999).unwrap_err(), Error::KeyRejected(tinyjose::KeyReason::TooShort));
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct Pbes2Key {
    alg: JweAlg,
    password: Zeroizing<[u8; MAX_PASSWORD_LEN]>,
    len: usize,
    count: u32,
    ops: &'static Pbes2Ops,
}

impl core::fmt::Debug for Pbes2Key {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Pbes2Key")
            .field("alg", &self.alg)
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}

impl Pbes2Key {
    /// A password key for `alg` (`PBES2-HS256+A128KW`, `PBES2-HS384+A192KW` or
    /// `PBES2-HS512+A256KW`), encrypting with 10 000 iterations.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedAlg`] for any other `alg`, [`Error::KeyRejected`] for an empty password
    /// or one longer than 128 bytes.
    #[inline]
    pub fn new(alg: JweAlg, password: &[u8]) -> Result<Self, Error> {
        let ops = match alg {
            JweAlg::Pbes2Hs256A128Kw => &PBES2_HS256,
            JweAlg::Pbes2Hs384A192Kw => &PBES2_HS384,
            JweAlg::Pbes2Hs512A256Kw => &PBES2_HS512,
            _ => return Err(Error::UnsupportedAlg),
        };
        if password.is_empty() {
            return Err(Error::KeyRejected(KeyReason::TooShort));
        }
        let mut buf = Zeroizing::new([0u8; MAX_PASSWORD_LEN]);
        buf.get_mut(..password.len())
            .ok_or(Error::KeyRejected(KeyReason::TooLong))?
            .copy_from_slice(password);
        Ok(Self {
            alg,
            password: buf,
            len: password.len(),
            count: DEFAULT_COUNT,
            ops,
        })
    }

    /// The same key, encrypting with `p2c` PBKDF2 iterations. Recipients refuse counts above
    /// their [`Limits::pbes2_count`](crate::Limits::pbes2_count) (10 000 by default).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for fewer than 1000 iterations (RFC 7518 §4.8.1.2).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{Error, JweAlg, Pbes2Key};
    ///
    /// let key = Pbes2Key::new(JweAlg::Pbes2Hs512A256Kw, b"pw")?;
    /// assert!(key.clone().with_count(1000).is_ok());
    /// assert_eq!(key.with_count(10).unwrap_err(), Error::KeyRejected(tinyjose::KeyReason::TooShort));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn with_count(mut self, p2c: u32) -> Result<Self, Error> {
        if p2c < MIN_COUNT {
            return Err(Error::KeyRejected(KeyReason::TooShort));
        }
        self.count = p2c;
        Ok(self)
    }

    /// Derives the KEK from the password, `UTF8(alg) || 0x00 || p2s` and `count` into `kek`.
    fn derive_kek(&self, p2s: &[u8], count: u32, kek: &mut [u8]) -> Option<()> {
        let name = self.alg.name().as_bytes();
        let mut salt = Zeroizing::new([0u8; MAX_ALG_NAME_LEN + 1 + MAX_P2S_LEN]);
        let salt = salt.get_mut(..total(&[name.len(), 1, p2s.len()]))?;
        let (head, tail) = salt.split_at_mut_checked(name.len())?;
        head.copy_from_slice(name);
        let (zero, rest) = tail.split_first_mut()?;
        *zero = 0;
        rest.copy_from_slice(p2s);
        let password = self.password.get(..self.len)?;
        (self.ops.derive)(password, salt, count, kek)
    }
}

impl JweDecrypter for Pbes2Key {
    fn alg(&self) -> JweAlg {
        self.alg
    }

    fn decrypt_cek(
        &self,
        params: &KeyParams<'_>,
        encrypted_key: &[u8],
        cek: &mut [u8],
    ) -> Result<(), Error> {
        let mut kek = Zeroizing::new([0u8; 32]);
        let opened = (|| {
            let count = params.p2c()?;
            let mut p2s = [0u8; MAX_P2S_LEN];
            let p2s = b64::decode(params.p2s()?.as_bytes(), &mut p2s, Part::Header).ok()?;
            // The cheap checks come before the PBKDF2 work.
            if p2s.len() < MIN_P2S_LEN || encrypted_key.len().checked_sub(8) != Some(cek.len()) {
                return None;
            }
            let kek = kek.get_mut(..self.ops.kek_len)?;
            self.derive_kek(p2s, count, kek)?;
            (self.ops.kw.unwrap)(kek, encrypted_key, cek).ok()
        })();
        opened.ok_or_else(|| {
            cek.zeroize();
            Error::DecryptionFailed
        })
    }
}

impl JweEncrypter for Pbes2Key {
    fn alg(&self) -> JweAlg {
        self.alg
    }

    fn encrypted_key_len(&self, enc: Enc) -> usize {
        enc.key_len().saturating_add(8)
    }

    fn encrypt_cek<'k>(
        &'k self,
        _: Enc,
        rng: &mut dyn CryptoRng,
        cek: &mut [u8],
        params: &mut NewKeyParams<'k>,
        encrypted_key: &mut [u8],
    ) -> Result<usize, Error> {
        let mut p2s = [0u8; NEW_P2S_LEN];
        rng.fill_bytes(&mut p2s);
        let mut kek = Zeroizing::new([0u8; 32]);
        let wrong = Error::KeyRejected(KeyReason::WrongLength);
        let kek = kek.get_mut(..self.ops.kek_len).ok_or(wrong)?;
        self.derive_kek(&p2s, self.count, kek).ok_or(wrong)?;
        let n = (self.ops.kw.wrap)(kek, cek, encrypted_key)?;
        params.p2s = Some(p2s);
        params.p2c = Some(self.count);
        Ok(n)
    }

    fn params_shape(&self) -> NewKeyParams<'_> {
        NewKeyParams {
            p2s: Some([0; NEW_P2S_LEN]),
            p2c: Some(self.count),
            ..NewKeyParams::default()
        }
    }
}
