//! A128KW, A192KW, A256KW (RFC 7518 §4.4): the CEK wrapped with the AES Key Wrap of RFC 3394
//! under a shared key-encryption key (KEK).
//!
//! The per-size tables ([`KW128`], [`KW192`], [`KW256`]) also serve ECDH-ES+A*KW and PBES2, which
//! derive their KEK.

use aes::cipher::consts::U16;
use aes::cipher::{BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use aes::{Aes128, Aes192, Aes256};
use aes_kw::AesKw;
use rand_core::CryptoRng;
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::{Zeroize, Zeroizing};

use crate::{Enc, Error, JweAlg, JweDecrypter, JweEncrypter, KeyParams, KeyReason, NewKeyParams};

/// The length of the RFC 3394 integrity check value prepended to a wrapped key.
const ICV_LEN: usize = 8;

/// `(kek, cek, out)`: wraps `cek`, returning the wrapped length.
type WrapFn = fn(&[u8], &[u8], &mut [u8]) -> Result<usize, Error>;
/// `(kek, wrapped, cek)`: unwraps into `cek`.
type UnwrapFn = fn(&[u8], &[u8], &mut [u8]) -> Result<(), Error>;

/// AES Key Wrap for one KEK size. Each is its own static, so a key built for a constant `alg`
/// links only its size.
#[derive(Debug)]
pub(crate) struct KwOps {
    /// Wraps `cek` into `out` with `kek`, returning the wrapped length.
    pub(crate) wrap: WrapFn,
    /// Unwraps `wrapped` into `cek` with `kek`.
    pub(crate) unwrap: UnwrapFn,
}

/// AES-128 key wrap.
pub(crate) static KW128: KwOps = KwOps {
    wrap: wrap::<Aes128>,
    unwrap: unwrap::<Aes128>,
};
/// AES-192 key wrap.
pub(crate) static KW192: KwOps = KwOps {
    wrap: wrap::<Aes192>,
    unwrap: unwrap::<Aes192>,
};
/// AES-256 key wrap.
pub(crate) static KW256: KwOps = KwOps {
    wrap: wrap::<Aes256>,
    unwrap: unwrap::<Aes256>,
};

/// The key wrap that `alg` uses (ECDH-ES+A*KW): chosen in an inlined constructor, a constant
/// `alg` links only its AES size.
#[cfg_attr(
    not(feature = "ecdh-es"),
    allow(dead_code, reason = "for ECDH-ES+A*KW, absent from this build")
)]
#[inline]
pub(crate) fn ops_for_alg(alg: JweAlg) -> Option<&'static KwOps> {
    match alg {
        JweAlg::EcdhEsA128Kw => Some(&KW128),
        JweAlg::EcdhEsA192Kw => Some(&KW192),
        JweAlg::EcdhEsA256Kw => Some(&KW256),
        _ => None,
    }
}

/// Whether `len` is a key length RFC 3394 wraps: two semiblocks or more.
fn wrappable(len: usize) -> bool {
    len >= 2 * ICV_LEN && len.is_multiple_of(ICV_LEN)
}

fn wrap<C>(kek: &[u8], cek: &[u8], out: &mut [u8]) -> Result<usize, Error>
where
    C: BlockCipherEncrypt<BlockSize = U16> + KeyInit,
{
    if !wrappable(cek.len()) {
        return Err(Error::KeyRejected(KeyReason::WrongLength));
    }
    let needed = cek.len().saturating_add(ICV_LEN);
    let out = out
        .get_mut(..needed)
        .ok_or(Error::BufferTooSmall { needed })?;
    let kw =
        AesKw::<C>::new_from_slice(kek).map_err(|_| Error::KeyRejected(KeyReason::WrongLength))?;
    kw.wrap_key(cek, out)
        .map(<[u8]>::len)
        .map_err(|_| Error::BufferTooSmall { needed })
}

/// The RFC 3394 unwrap (W⁻¹, NIST SP 800-38F §6.1), written out rather than taken from
/// `aes-kw`, whose unwrap zeroes its output only when the integrity check fails: the timing test
/// of `bench/ct` tells the two apart (BENCHMARKS.md, "Constant-time evidence"). Here the check is
/// a constant-time comparison and the output is zeroed by a constant-time select, so only the
/// returned `Result` tells success from failure.
fn unwrap<C>(kek: &[u8], wrapped: &[u8], cek: &mut [u8]) -> Result<(), Error>
where
    C: BlockCipherDecrypt<BlockSize = U16> + KeyInit,
{
    // The lengths are public.
    let cipher = C::new_from_slice(kek)
        .ok()
        .filter(|_| wrappable(cek.len()))
        .filter(|_| wrapped.len().checked_sub(ICV_LEN) == Some(cek.len()));
    let (Some(cipher), Some((icv, r))) = (cipher, wrapped.split_at_checked(ICV_LEN)) else {
        cek.zeroize();
        return Err(Error::DecryptionFailed);
    };
    let mut a = [0u8; ICV_LEN];
    a.iter_mut().zip(icv).for_each(|(a, b)| *a = *b);
    cek.iter_mut().zip(r).for_each(|(c, b)| *c = *b);
    let n = u64::try_from(cek.len() / ICV_LEN).unwrap_or_default();
    let mut block = aes::cipher::Block::<C>::default();
    for j in (0..6u64).rev() {
        for (i, chunk) in (1..=n).rev().zip(cek.rchunks_exact_mut(ICV_LEN)) {
            // t = n·j + i, at most 6n: a few hundred.
            let t = n.wrapping_mul(j).wrapping_add(i);
            a.iter_mut().zip(t.to_be_bytes()).for_each(|(a, t)| *a ^= t);
            let (high, low) = block.split_at_mut(ICV_LEN);
            high.copy_from_slice(&a);
            low.copy_from_slice(chunk);
            cipher.decrypt_block(&mut block);
            let (high, low) = block.split_at(ICV_LEN);
            a.copy_from_slice(high);
            chunk.copy_from_slice(low);
        }
    }
    let ok = a.ct_eq(&[0xA6; ICV_LEN]);
    a.zeroize();
    block.zeroize();
    for byte in cek.iter_mut() {
        byte.conditional_assign(&0, !ok);
    }
    if bool::from(ok) {
        Ok(())
    } else {
        Err(Error::DecryptionFailed)
    }
}

/// A shared key-encryption key for A128KW, A192KW or A256KW (RFC 7518 §4.4).
///
/// The KEK wraps the random CEK of each new JWE with the AES Key Wrap (RFC 3394); the encrypted
/// key is 8 bytes longer than the CEK. The KEK is wiped on drop.
///
/// # Examples
///
/// ```
/// use tinyjose::{AesKwKey, Enc, Error, JweAlg, JweEncrypter};
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
/// let key = AesKwKey::new(JweAlg::A128Kw, &[7; 16])?;
/// assert_eq!(key.encrypted_key_len(Enc::A128Gcm), 24);
/// # #[cfg(feature = "aes-gcm")] {
/// use tinyjose::{A128GCM, HeaderParams, UntrustedJwe, encrypt};
///
/// let mut out = [0u8; 256];
/// let token = encrypt(&HeaderParams::new(), b"secret", &key, A128GCM, &mut rng, &mut out)?;
/// let jwe = UntrustedJwe::parse(token)?;
/// let mut buf = [0u8; 16];
/// assert_eq!(jwe.decrypt(&key, &[A128GCM], &mut buf)?.plaintext(), b"secret");
/// # }
/// assert_eq!(
///     AesKwKey::new(JweAlg::A256Kw, &[7; 16]).unwrap_err(),
///     Error::KeyRejected(tinyjose::KeyReason::WrongLength)
/// );
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct AesKwKey {
    alg: JweAlg,
    kek: Zeroizing<[u8; 32]>,
    ops: &'static KwOps,
}

impl core::fmt::Debug for AesKwKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AesKwKey")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

impl AesKwKey {
    /// A key-encryption key for `alg` (`A128KW`, `A192KW` or `A256KW`) of 16, 24 or 32 bytes
    /// respectively.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedAlg`] for any other `alg`, [`Error::KeyRejected`] for a KEK whose
    /// length is not the one `alg` needs.
    #[inline]
    pub fn new(alg: JweAlg, kek: &[u8]) -> Result<Self, Error> {
        let (len, ops) = match alg {
            JweAlg::A128Kw => (16, &KW128),
            JweAlg::A192Kw => (24, &KW192),
            JweAlg::A256Kw => (32, &KW256),
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

impl JweDecrypter for AesKwKey {
    fn alg(&self) -> JweAlg {
        self.alg
    }

    fn decrypt_cek(
        &self,
        _: &KeyParams<'_>,
        encrypted_key: &[u8],
        cek: &mut [u8],
    ) -> Result<(), Error> {
        (self.ops.unwrap)(self.kek(), encrypted_key, cek)
    }
}

impl JweEncrypter for AesKwKey {
    fn alg(&self) -> JweAlg {
        self.alg
    }

    fn encrypted_key_len(&self, enc: Enc) -> usize {
        enc.key_len().saturating_add(ICV_LEN)
    }

    fn encrypt_cek<'k>(
        &'k self,
        _: Enc,
        _: &mut dyn CryptoRng,
        cek: &mut [u8],
        _: &mut NewKeyParams<'k>,
        encrypted_key: &mut [u8],
    ) -> Result<usize, Error> {
        (self.ops.wrap)(self.kek(), cek, encrypted_key)
    }
}
