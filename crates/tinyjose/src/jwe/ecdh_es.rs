//! `ECDH-ES` and `ECDH-ES+A128KW`, `+A192KW`, `+A256KW` (RFC 7518 §4.6) on P-256 and P-384,
//! and on X25519 (RFC 8037 §3.2).
//!
//! The sender draws an ephemeral key pair, agrees a shared secret Z with the recipient's static
//! public key and derives a key from Z with the Concat KDF of NIST SP 800-56A over SHA-256
//! (RFC 7518 §4.6.2). In direct mode (`ECDH-ES`) that key is the CEK; in key-wrap modes it is
//! the AES key-wrap KEK that protects a random CEK.
//!
//! Every curve is a `&'static` table of functions chosen by an inlined constructor, so a program
//! that only builds P-256 keys links neither P-384 nor X25519.

use rand_core::CryptoRng;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::aes_kw::{KwOps, ops_for_alg};
use super::{Epk, NewEpk};
use crate::{
    Enc, Error, JweAlg, JweDecrypter, JweEncrypter, KeyParams, KeyReason, NewKeyParams, Part, b64,
};

/// The longest coordinate, scalar or shared secret: 48 bytes for P-384.
const MAX_LEN: usize = 48;

/// How many scalars the sender draws before giving up on its random generator. A uniformly
/// random P-256 scalar is out of range with probability below 2⁻³², so a second draw is already
/// rare; sixteen failures mean the generator is broken.
const MAX_DRAWS: usize = 16;

/// Checks a private scalar `d` and writes its public coordinates into the front of `x`, `y`.
type PublicFn = fn(d: &[u8], x: &mut [u8], y: &mut [u8]) -> Result<(), Error>;

/// Checks the peer point `(x, y)`, then writes the shared secret into the front of `z`.
type AgreeFn = fn(d: &[u8], x: &[u8], y: &[u8], z: &mut [u8]) -> Result<(), Error>;

/// One curve: its JWK names and lengths, and its arithmetic behind function pointers.
struct Curve {
    /// JWK `kty`: `EC` or `OKP`.
    kty: &'static str,
    /// JWK `crv`.
    crv: &'static str,
    /// Length of a coordinate, a scalar and Z.
    len: usize,
    /// Whether points have a `y` coordinate (Weierstrass curves).
    has_y: bool,
    /// Checks the private scalar `d` (exactly `len` bytes) and writes its public coordinates
    /// into the front of `x` and `y`.
    public: PublicFn,
    /// Checks a public point given by its coordinates (`y` empty for X25519).
    check: fn(x: &[u8], y: &[u8]) -> Result<(), Error>,
    /// Checks the peer point `(x, y)`, then writes the shared secret Z into the front of `z`.
    agree: AgreeFn,
}

/// The arithmetic of a short Weierstrass curve from a RustCrypto crate.
macro_rules! weierstrass {
    ($module:ident, $curve:ident, $len:literal) => {
        mod $module {
            use $curve::elliptic_curve::sec1::ToSec1Point;
            use $curve::{PublicKey, SecretKey};
            use zeroize::Zeroize;

            use crate::{Error, KeyReason};

            /// The point `(x, y)`: SEC1 `04 || x || y`, which `from_sec1_bytes` only accepts for
            /// coordinates below p that satisfy the curve equation (the identity has no such
            /// encoding).
            fn point(x: &[u8], y: &[u8]) -> Result<PublicKey, Error> {
                if x.len() != $len || y.len() != $len {
                    return Err(Error::KeyRejected(KeyReason::WrongLength));
                }
                let mut sec1 = [0u8; 1 + 2 * $len];
                let (tag, rest) = sec1.split_at_mut(1);
                let (xs, ys) = rest.split_at_mut($len);
                tag.copy_from_slice(&[4]);
                xs.copy_from_slice(x);
                ys.copy_from_slice(y);
                PublicKey::from_sec1_bytes(&sec1)
                    .map_err(|_| Error::KeyRejected(KeyReason::InvalidPoint))
            }

            /// The scalar `d`, exactly `$len` bytes, in `[1, n-1]`.
            fn secret(d: &[u8]) -> Result<SecretKey, Error> {
                if d.len() != $len {
                    return Err(Error::KeyRejected(KeyReason::WrongLength));
                }
                SecretKey::from_slice(d).map_err(|_| Error::KeyRejected(KeyReason::InvalidScalar))
            }

            pub(super) fn public(d: &[u8], x: &mut [u8], y: &mut [u8]) -> Result<(), Error> {
                let point = secret(d)?.public_key().to_sec1_point(false);
                match (point.x(), point.y(), x.get_mut(..$len), y.get_mut(..$len)) {
                    (Some(px), Some(py), Some(x), Some(y)) => {
                        x.copy_from_slice(px);
                        y.copy_from_slice(py);
                        Ok(())
                    }
                    _ => Err(Error::KeyRejected(KeyReason::WrongLength)),
                }
            }

            pub(super) fn check(x: &[u8], y: &[u8]) -> Result<(), Error> {
                point(x, y).map(|_| ())
            }

            pub(super) fn agree(d: &[u8], x: &[u8], y: &[u8], z: &mut [u8]) -> Result<(), Error> {
                // The peer point is validated before the secret scalar is touched.
                let peer = point(x, y)?;
                let out = z
                    .get_mut(..$len)
                    .ok_or(Error::KeyRejected(KeyReason::WrongLength))?;
                let mut scalar = secret(d)?.to_nonzero_scalar();
                let shared = $curve::ecdh::diffie_hellman(&scalar, peer.as_affine());
                scalar.zeroize();
                out.copy_from_slice(shared.raw_secret_bytes());
                Ok(())
            }
        }
    };
}

weierstrass!(nist_p256, p256, 32);
weierstrass!(nist_p384, p384, 48);

/// X25519 (RFC 7748) over `x25519-dalek`'s byte-oriented function.
mod curve25519 {
    use subtle::ConstantTimeEq;
    use x25519_dalek::{X25519_BASEPOINT_BYTES, x25519};
    use zeroize::{Zeroize, Zeroizing};

    use crate::{Error, KeyReason};

    /// Exactly 32 bytes, wiped on drop.
    fn bytes32(b: &[u8]) -> Result<Zeroizing<[u8; 32]>, Error> {
        <[u8; 32]>::try_from(b)
            .map(Zeroizing::new)
            .map_err(|_| Error::KeyRejected(KeyReason::WrongLength))
    }

    /// `x25519(k, u)`, refusing the all-zero result of a point of small order (RFC 7748 §6.1,
    /// RFC 8037 §3.2), in constant time.
    fn ladder(k: &[u8; 32], u: &[u8; 32]) -> Result<Zeroizing<[u8; 32]>, Error> {
        let shared = Zeroizing::new(x25519(*k, *u));
        if bool::from(shared.ct_eq(&[0u8; 32])) {
            return Err(Error::KeyRejected(KeyReason::InvalidPoint));
        }
        Ok(shared)
    }

    pub(super) fn public(d: &[u8], x: &mut [u8], _: &mut [u8]) -> Result<(), Error> {
        let d = bytes32(d)?;
        let u = ladder(&d, &X25519_BASEPOINT_BYTES)?;
        x.get_mut(..32)
            .ok_or(Error::KeyRejected(KeyReason::WrongLength))?
            .copy_from_slice(&*u);
        Ok(())
    }

    pub(super) fn check(x: &[u8], y: &[u8]) -> Result<(), Error> {
        if !y.is_empty() {
            return Err(Error::KeyRejected(KeyReason::Material));
        }
        // Every clamped scalar is a multiple of the cofactor 8, so the result is zero exactly
        // for the points of small order, whatever the (fixed, public) scalar.
        let u = bytes32(x)?;
        let mut probe = [0x5a; 32];
        let result = ladder(&probe, &u).map(|_| ());
        probe.zeroize();
        result
    }

    pub(super) fn agree(d: &[u8], x: &[u8], y: &[u8], z: &mut [u8]) -> Result<(), Error> {
        if !y.is_empty() {
            return Err(Error::KeyRejected(KeyReason::Material));
        }
        let out = z
            .get_mut(..32)
            .ok_or(Error::KeyRejected(KeyReason::WrongLength))?;
        let shared = ladder(&*bytes32(d)?, &*bytes32(x)?)?;
        out.copy_from_slice(&*shared);
        Ok(())
    }
}

static P256: Curve = Curve {
    kty: "EC",
    crv: "P-256",
    len: 32,
    has_y: true,
    public: nist_p256::public,
    check: nist_p256::check,
    agree: nist_p256::agree,
};

static P384: Curve = Curve {
    kty: "EC",
    crv: "P-384",
    len: 48,
    has_y: true,
    public: nist_p384::public,
    check: nist_p384::check,
    agree: nist_p384::agree,
};

static X25519: Curve = Curve {
    kty: "OKP",
    crv: "X25519",
    len: 32,
    has_y: false,
    public: curve25519::public,
    check: curve25519::check,
    agree: curve25519::agree,
};

/// `alg` if it is one of the four ECDH-ES algorithms.
fn ecdh_alg(alg: JweAlg) -> Result<JweAlg, Error> {
    if alg.is_ecdh_es() {
        Ok(alg)
    } else {
        Err(Error::UnsupportedAlg)
    }
}

/// A recipient's static private key for `ECDH-ES` or `ECDH-ES+A128KW`/`A192KW`/`A256KW` on
/// P-256, P-384 or X25519 (RFC 7518 §4.6, RFC 8037). The scalar is wiped on drop.
///
/// Decryption validates the header `epk` in full before any scalar multiplication: `kty` `EC`
/// (or `OKP` for X25519), `crv` equal to this key's curve, coordinates in strict base64url of
/// exactly the curve's length, the point on the curve with coordinates below p; an X25519
/// shared secret of all zeros (a point of small order) is refused. `apu` and `apv` may be of any
/// length the header allows: they are decoded in chunks into the KDF.
///
/// # Examples
///
/// ```
/// use tinyjose::{EcdhEsPrivateKey, Error, JweAlg, JweDecrypter};
///
/// let key = EcdhEsPrivateKey::p256(JweAlg::EcdhEsA128Kw, &[1; 32])?;
/// assert_eq!((key.alg(), key.crv()), (JweAlg::EcdhEsA128Kw, "P-256"));
/// let public = key.public_key();
/// assert_eq!((public.x().len(), public.y().map(<[u8]>::len)), (32, Some(32)));
///
/// assert_eq!(
///     EcdhEsPrivateKey::p256(JweAlg::EcdhEs, &[0; 32]).unwrap_err(),
///     Error::KeyRejected(tinyjose::KeyReason::InvalidScalar)
/// );
/// assert_eq!(EcdhEsPrivateKey::x25519(JweAlg::Dir, &[1; 32]).unwrap_err(), Error::UnsupportedAlg);
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct EcdhEsPrivateKey {
    curve: &'static Curve,
    alg: JweAlg,
    /// The key wrap of `+A*KW`, chosen with the key so that only its AES size is linked.
    kw: Option<&'static KwOps>,
    d: Zeroizing<[u8; MAX_LEN]>,
    x: [u8; MAX_LEN],
    y: [u8; MAX_LEN],
}

impl core::fmt::Debug for EcdhEsPrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("EcdhEsPrivateKey")
            .field("alg", &self.alg)
            .field("crv", &self.curve.crv)
            .finish_non_exhaustive()
    }
}

impl EcdhEsPrivateKey {
    /// A P-256 key from its 32-byte big-endian scalar `d` (the JWK `d` once decoded).
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedAlg`] if `alg` is not `ECDH-ES` or `ECDH-ES+A*KW`;
    /// [`Error::KeyRejected`] for a scalar that is not 32 bytes or not in `[1, n-1]`.
    #[inline]
    pub fn p256(alg: JweAlg, d: &[u8]) -> Result<Self, Error> {
        Self::with_curve(&P256, alg, ops_for_alg(alg), d)
    }

    /// A P-384 key from its 48-byte big-endian scalar `d`.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedAlg`] if `alg` is not `ECDH-ES` or `ECDH-ES+A*KW`;
    /// [`Error::KeyRejected`] for a scalar that is not 48 bytes or not in `[1, n-1]`.
    #[inline]
    pub fn p384(alg: JweAlg, d: &[u8]) -> Result<Self, Error> {
        Self::with_curve(&P384, alg, ops_for_alg(alg), d)
    }

    /// An X25519 key from its 32-byte secret `d` (RFC 7748, clamped when used).
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedAlg`] if `alg` is not `ECDH-ES` or `ECDH-ES+A*KW`;
    /// [`Error::KeyRejected`] for a secret that is not 32 bytes.
    #[inline]
    pub fn x25519(alg: JweAlg, d: &[u8]) -> Result<Self, Error> {
        Self::with_curve(&X25519, alg, ops_for_alg(alg), d)
    }

    #[inline(never)]
    fn with_curve(
        curve: &'static Curve,
        alg: JweAlg,
        kw: Option<&'static KwOps>,
        d: &[u8],
    ) -> Result<Self, Error> {
        let alg = ecdh_alg(alg)?;
        if d.len() != curve.len {
            return Err(Error::KeyRejected(KeyReason::WrongLength));
        }
        let mut key = Self {
            curve,
            alg,
            kw,
            d: Zeroizing::new([0; MAX_LEN]),
            x: [0; MAX_LEN],
            y: [0; MAX_LEN],
        };
        key.d
            .get_mut(..curve.len)
            .ok_or(Error::KeyRejected(KeyReason::WrongLength))?
            .copy_from_slice(d);
        (curve.public)(d, &mut key.x, &mut key.y)?;
        Ok(key)
    }

    /// A new key for `alg` on `crv` (`P-256`, `P-384` or `X25519`), its scalar drawn from
    /// `rng`; a draw out of range (probability below 2^-32) is drawn again.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedAlg`] if `alg` is not `ECDH-ES` or `ECDH-ES+A*KW`;
    /// [`Error::Unsupported`] for another curve; [`Error::KeyRejected`]
    /// ([`KeyReason::InvalidScalar`]) if `rng` gives no valid scalar in 16 draws.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::jwe::EcdhEsPrivateKey;
    /// use tinyjose::JweAlg;
    /// # use tinyjose::rand_core::{TryCryptoRng, TryRng};
    /// # struct Rng(u8);
    /// # impl TryRng for Rng {
    /// #     type Error = core::convert::Infallible;
    /// #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(7) }
    /// #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { Ok(7) }
    /// #     fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> { dst.fill(self.0); Ok(()) }
    /// # }
    /// # impl TryCryptoRng for Rng {}
    ///
    /// let key = EcdhEsPrivateKey::generate(JweAlg::EcdhEsA256Kw, "X25519", &mut Rng(5))?;
    /// assert_eq!((key.crv(), key.d()), ("X25519", &[5u8; 32][..]));
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn generate(alg: JweAlg, crv: &str, rng: &mut dyn CryptoRng) -> Result<Self, Error> {
        let curve: &'static Curve = match crv {
            "P-256" => &P256,
            "P-384" => &P384,
            "X25519" => &X25519,
            _ => return Err(Error::Unsupported),
        };
        ecdh_alg(alg)?;
        let mut d = Zeroizing::new([0u8; MAX_LEN]);
        let d = d
            .get_mut(..curve.len)
            .ok_or(Error::KeyRejected(KeyReason::WrongLength))?;
        for _ in 0..MAX_DRAWS {
            rng.fill_bytes(d);
            if let Ok(key) = Self::with_curve(curve, alg, ops_for_alg(alg), d) {
                return Ok(key);
            }
        }
        Err(Error::KeyRejected(KeyReason::InvalidScalar))
    }

    /// The JWK `crv`: `P-256`, `P-384` or `X25519`.
    #[must_use]
    pub fn crv(&self) -> &'static str {
        self.curve.crv
    }

    /// The private scalar `d` (the JWK `d` once decoded), big-endian for P-256 and P-384.
    #[must_use]
    pub fn d(&self) -> &[u8] {
        self.d.get(..self.curve.len).unwrap_or_default()
    }

    /// The public key, for the same `alg`, without party information.
    #[must_use]
    pub fn public_key(&self) -> EcdhEsPublicKey<'static> {
        EcdhEsPublicKey {
            curve: self.curve,
            alg: self.alg,
            kw: self.kw,
            x: self.x,
            y: self.y,
            apu: None,
            apv: None,
        }
    }

    /// Key agreement and derivation, with errors of any kind.
    #[inline(never)]
    fn recover(
        &self,
        params: &KeyParams<'_>,
        encrypted_key: &[u8],
        cek: &mut [u8],
    ) -> Result<(), Error> {
        if params.alg() != self.alg || cek.len() != params.enc().key_len() {
            return Err(Error::DecryptionFailed);
        }
        let epk = params.epk().ok_or(Error::DecryptionFailed)?;
        let mut x = [0u8; MAX_LEN];
        let mut y = [0u8; MAX_LEN];
        let (x, y) = epk_point(self.curve, &epk, &mut x, &mut y)?;
        let mut z = Zeroizing::new([0u8; MAX_LEN]);
        let z = z.get_mut(..self.curve.len).unwrap_or_default();
        (self.curve.agree)(self.d(), x, y, z)?;
        let parties = (
            Party::Encoded(params.apu().unwrap_or_default()),
            Party::Encoded(params.apv().unwrap_or_default()),
        );
        match (self.alg.key_len(), self.kw) {
            (Some(n), Some(kw)) => {
                let mut kek = Zeroizing::new([0u8; 32]);
                let kek = kek.get_mut(..n).ok_or(Error::DecryptionFailed)?;
                concat_kdf(z, self.alg.name(), parties, kek)?;
                (kw.unwrap)(kek, encrypted_key, cek)
            }
            _ => {
                // RFC 7516 §5.2 step 10: the encrypted key of a direct mode must be empty.
                if !encrypted_key.is_empty() {
                    return Err(Error::DecryptionFailed);
                }
                concat_kdf(z, params.enc().name(), parties, cek)
            }
        }
    }
}

impl JweDecrypter for EcdhEsPrivateKey {
    fn alg(&self) -> JweAlg {
        self.alg
    }

    fn decrypt_cek(
        &self,
        params: &KeyParams<'_>,
        encrypted_key: &[u8],
        cek: &mut [u8],
    ) -> Result<(), Error> {
        self.recover(params, encrypted_key, cek).map_err(|_| {
            cek.zeroize();
            Error::DecryptionFailed
        })
    }
}

/// A recipient's public key, for senders: `ECDH-ES` or `ECDH-ES+A128KW`/`A192KW`/`A256KW` on
/// P-256, P-384 or X25519. Each encryption draws a fresh ephemeral key from the caller's random
/// generator and writes it to the header as `epk`.
///
/// The point is validated when the key is built: on the curve with coordinates below p for
/// P-256 and P-384, not of small order for X25519.
///
/// # Examples
///
/// ```
/// use tinyjose::{EcdhEsPrivateKey, EcdhEsPublicKey, Enc, Error, JweAlg, JweEncrypter};
///
/// let recipient = EcdhEsPrivateKey::x25519(JweAlg::EcdhEsA256Kw, &[3; 32])?;
/// let public = EcdhEsPublicKey::x25519(JweAlg::EcdhEsA256Kw, recipient.public_key().x())?
///     .with_party_info(b"Alice", b"Bob");
/// assert_eq!(public.encrypted_key_len(Enc::A128Gcm), 24);
/// assert_eq!(public, recipient.public_key().with_party_info(b"Alice", b"Bob"));
///
/// // u = 0 has small order.
/// assert_eq!(
///     EcdhEsPublicKey::x25519(JweAlg::EcdhEs, &[0; 32]).unwrap_err(),
///     Error::KeyRejected(tinyjose::KeyReason::InvalidPoint)
/// );
/// // Not a point of P-256.
/// assert_eq!(
///     EcdhEsPublicKey::p256(JweAlg::EcdhEs, &[1; 32], &[1; 32]).unwrap_err(),
///     Error::KeyRejected(tinyjose::KeyReason::InvalidPoint)
/// );
/// # Ok::<(), Error>(())
/// ```
///
/// A round trip:
///
/// ```
/// # #[cfg(feature = "aes-gcm")] {
/// use tinyjose::{A128GCM, EcdhEsPrivateKey, HeaderParams, JweAlg, UntrustedJwe, encrypt};
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
///
/// let recipient = EcdhEsPrivateKey::p256(JweAlg::EcdhEs, &[7; 32])?;
/// let mut out = [0u8; 512];
/// let token = encrypt(&HeaderParams::new(), b"hi", &recipient.public_key(), A128GCM, &mut rng, &mut out)?;
///
/// let jwe = UntrustedJwe::parse(token)?;
/// let mut buf = [0u8; 16];
/// assert_eq!(jwe.decrypt(&recipient, &[A128GCM], &mut buf)?.plaintext(), b"hi");
/// # }
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct EcdhEsPublicKey<'a> {
    curve: &'static Curve,
    /// The key wrap of `+A*KW`, chosen with the key.
    kw: Option<&'static KwOps>,
    alg: JweAlg,
    x: [u8; MAX_LEN],
    y: [u8; MAX_LEN],
    apu: Option<&'a [u8]>,
    apv: Option<&'a [u8]>,
}

impl core::fmt::Debug for EcdhEsPublicKey<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("EcdhEsPublicKey")
            .field("alg", &self.alg)
            .field("crv", &self.curve.crv)
            .field("x", &self.x())
            .field("y", &self.y())
            .field("apu", &self.apu)
            .field("apv", &self.apv)
            .finish()
    }
}

impl PartialEq for EcdhEsPublicKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.curve.crv == other.curve.crv
            && self.alg == other.alg
            && self.x() == other.x()
            && self.y() == other.y()
            && self.apu == other.apu
            && self.apv == other.apv
    }
}

impl Eq for EcdhEsPublicKey<'_> {}

impl<'a> EcdhEsPublicKey<'a> {
    /// A P-256 key from its affine coordinates, each exactly 32 bytes, big-endian.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedAlg`] if `alg` is not `ECDH-ES` or `ECDH-ES+A*KW`;
    /// [`Error::KeyRejected`] for a wrong length or a point not on the curve.
    #[inline]
    pub fn p256(alg: JweAlg, x: &[u8], y: &[u8]) -> Result<Self, Error> {
        Self::with_curve(&P256, alg, ops_for_alg(alg), x, y)
    }

    /// A P-384 key from its affine coordinates, each exactly 48 bytes, big-endian.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedAlg`] if `alg` is not `ECDH-ES` or `ECDH-ES+A*KW`;
    /// [`Error::KeyRejected`] for a wrong length or a point not on the curve.
    #[inline]
    pub fn p384(alg: JweAlg, x: &[u8], y: &[u8]) -> Result<Self, Error> {
        Self::with_curve(&P384, alg, ops_for_alg(alg), x, y)
    }

    /// An X25519 key from its 32-byte u-coordinate (the JWK `x` once decoded).
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedAlg`] if `alg` is not `ECDH-ES` or `ECDH-ES+A*KW`;
    /// [`Error::KeyRejected`] for a wrong length or a point of small order.
    #[inline]
    pub fn x25519(alg: JweAlg, u: &[u8]) -> Result<Self, Error> {
        Self::with_curve(&X25519, alg, ops_for_alg(alg), u, &[])
    }

    #[inline(never)]
    fn with_curve(
        curve: &'static Curve,
        alg: JweAlg,
        kw: Option<&'static KwOps>,
        x: &[u8],
        y: &[u8],
    ) -> Result<Self, Error> {
        let alg = ecdh_alg(alg)?;
        (curve.check)(x, y)?;
        let mut key = Self {
            curve,
            kw,
            alg,
            x: [0; MAX_LEN],
            y: [0; MAX_LEN],
            apu: None,
            apv: None,
        };
        key.x
            .get_mut(..x.len())
            .ok_or(Error::KeyRejected(KeyReason::WrongLength))?
            .copy_from_slice(x);
        key.y
            .get_mut(..y.len())
            .ok_or(Error::KeyRejected(KeyReason::WrongLength))?
            .copy_from_slice(y);
        Ok(key)
    }

    /// The same key with Agreement PartyUInfo `apu` and PartyVInfo `apv` (RFC 7518 §4.6.1.2,
    /// §4.6.1.3): both enter the key derivation and are written to the header, base64url.
    /// An empty value is still written.
    #[must_use]
    pub fn with_party_info(self, apu: &'a [u8], apv: &'a [u8]) -> Self {
        Self {
            apu: Some(apu),
            apv: Some(apv),
            ..self
        }
    }

    /// The JWK `crv`: `P-256`, `P-384` or `X25519`.
    #[must_use]
    pub fn crv(&self) -> &'static str {
        self.curve.crv
    }

    /// The JWK `kty`: `EC` or `OKP`.
    #[must_use]
    pub fn kty(&self) -> &'static str {
        self.curve.kty
    }

    /// The x-coordinate (the u-coordinate for X25519), big-endian (little-endian for X25519),
    /// 32 or 48 bytes: the JWK `x` once decoded.
    #[must_use]
    pub fn x(&self) -> &[u8] {
        self.x.get(..self.curve.len).unwrap_or_default()
    }

    /// The y-coordinate for P-256 and P-384, `None` for X25519: the JWK `y` once decoded.
    #[must_use]
    pub fn y(&self) -> Option<&[u8]> {
        if self.curve.has_y {
            self.y.get(..self.curve.len)
        } else {
            None
        }
    }

    /// A fresh ephemeral key pair from `rng`: its scalar into `d`, its public point into `epk`.
    fn ephemeral(
        &self,
        rng: &mut dyn CryptoRng,
        d: &mut [u8],
        epk: &mut NewEpk,
    ) -> Result<(), Error> {
        let c = self.curve;
        let mut y = [0u8; MAX_LEN];
        for _ in 0..MAX_DRAWS {
            rng.fill_bytes(d);
            if (c.public)(d, &mut epk.x, &mut y).is_ok() {
                epk.y = c.has_y.then_some(y);
                return Ok(());
            }
        }
        Err(Error::KeyRejected(KeyReason::InvalidScalar))
    }
}

impl JweEncrypter for EcdhEsPublicKey<'_> {
    fn alg(&self) -> JweAlg {
        self.alg
    }

    fn encrypted_key_len(&self, enc: Enc) -> usize {
        match self.alg.key_len() {
            None => 0,
            Some(_) => enc.key_len().saturating_add(8),
        }
    }

    #[inline(never)]
    fn encrypt_cek<'k>(
        &'k self,
        enc: Enc,
        rng: &mut dyn CryptoRng,
        cek: &mut [u8],
        params: &mut NewKeyParams<'k>,
        encrypted_key: &mut [u8],
    ) -> Result<usize, Error> {
        let c = self.curve;
        if cek.len() != enc.key_len() {
            return Err(Error::KeyRejected(KeyReason::WrongLength));
        }
        let mut epk = NewEpk {
            kty: c.kty,
            crv: c.crv,
            x: [0; MAX_LEN],
            y: None,
            len: c.len,
        };
        let mut d = Zeroizing::new([0u8; MAX_LEN]);
        let d = d
            .get_mut(..c.len)
            .ok_or(Error::KeyRejected(KeyReason::WrongLength))?;
        self.ephemeral(rng, d, &mut epk)?;
        let mut z = Zeroizing::new([0u8; MAX_LEN]);
        let z = z
            .get_mut(..c.len)
            .ok_or(Error::KeyRejected(KeyReason::WrongLength))?;
        let y = self.y().unwrap_or_default();
        (c.agree)(d, self.x(), y, z)?;
        let parties = (
            Party::Raw(self.apu.unwrap_or_default()),
            Party::Raw(self.apv.unwrap_or_default()),
        );
        let written = match (self.alg.key_len(), self.kw) {
            (Some(n), Some(kw)) => {
                let mut kek = Zeroizing::new([0u8; 32]);
                let kek = kek
                    .get_mut(..n)
                    .ok_or(Error::KeyRejected(KeyReason::WrongLength))?;
                concat_kdf(z, self.alg.name(), parties, kek)?;
                (kw.wrap)(kek, cek, encrypted_key)?
            }
            _ => {
                concat_kdf(z, enc.name(), parties, cek)?;
                0
            }
        };
        params.epk = Some(epk);
        params.apu = self.apu;
        params.apv = self.apv;
        Ok(written)
    }

    fn params_shape(&self) -> NewKeyParams<'_> {
        let c = self.curve;
        NewKeyParams {
            epk: Some(NewEpk {
                kty: c.kty,
                crv: c.crv,
                x: [0; MAX_LEN],
                y: c.has_y.then_some([0; MAX_LEN]),
                len: c.len,
            }),
            apu: self.apu,
            apv: self.apv,
            ..NewKeyParams::default()
        }
    }
}

/// Decodes and checks the header `epk` for `curve`, returning its coordinates (`y` empty for
/// X25519). Only the encoding is checked here; the point itself is checked by `agree`.
fn epk_point<'b>(
    curve: &Curve,
    epk: &Epk<'_>,
    x: &'b mut [u8; MAX_LEN],
    y: &'b mut [u8; MAX_LEN],
) -> Result<(&'b [u8], &'b [u8]), Error> {
    if epk.kty != curve.kty || epk.crv != curve.crv {
        return Err(Error::DecryptionFailed);
    }
    let x = coordinate(epk.x, x, curve.len)?;
    let y = match (curve.has_y, epk.y) {
        (true, Some(text)) => coordinate(text, y, curve.len)?,
        (false, None) => &[],
        _ => return Err(Error::DecryptionFailed),
    };
    Ok((x, y))
}

/// Strict base64url `text` decoding to exactly `len` bytes.
fn coordinate<'b>(text: &str, buf: &'b mut [u8; MAX_LEN], len: usize) -> Result<&'b [u8], Error> {
    if text.len() != b64::encoded_len(len) {
        return Err(Error::DecryptionFailed);
    }
    let bytes = b64::decode(text.as_bytes(), buf, Part::Header)?;
    if bytes.len() != len {
        return Err(Error::DecryptionFailed);
    }
    Ok(bytes)
}

/// PartyUInfo or PartyVInfo: raw bytes (sender) or the header's base64url text (recipient).
#[derive(Clone, Copy)]
enum Party<'p> {
    Raw(&'p [u8]),
    Encoded(&'p str),
}

impl Party<'_> {
    /// Feeds `len(data) || data` (32-bit big-endian length) to the hash. Encoded text is
    /// decoded 64 characters at a time, so its length is bounded only by the header's.
    fn feed(self, hash: &mut Sha256) -> Result<(), Error> {
        match self {
            Self::Raw(data) => {
                hash.update(be32(data.len())?);
                hash.update(data);
            }
            Self::Encoded(text) => {
                hash.update(be32(b64::decoded_len(text.len()))?);
                let mut buf = [0u8; 48];
                for chunk in text.as_bytes().chunks(64) {
                    hash.update(b64::decode(chunk, &mut buf, Part::Header)?);
                }
            }
        }
        Ok(())
    }
}

fn be32(n: usize) -> Result<[u8; 4], Error> {
    u32::try_from(n)
        .map(u32::to_be_bytes)
        .map_err(|_| Error::KeyRejected(KeyReason::WrongLength))
}

/// The Concat KDF of NIST SP 800-56A §5.8.1 with SHA-256 as RFC 7518 §4.6.2 sets it, filling
/// `out` (keydatalen = `out.len()` bytes):
/// `SHA-256(counter || Z || AlgorithmID || PartyUInfo || PartyVInfo || SuppPubInfo)` for
/// counter = 1, 2, … with AlgorithmID = `len || alg_id`, SuppPubInfo = keydatalen in bits, all
/// lengths 32-bit big-endian, and no SuppPrivInfo.
fn concat_kdf(
    z: &[u8],
    alg_id: &str,
    (apu, apv): (Party<'_>, Party<'_>),
    out: &mut [u8],
) -> Result<(), Error> {
    let bits = out
        .len()
        .checked_mul(8)
        .ok_or(Error::KeyRejected(KeyReason::WrongLength))
        .and_then(be32)?;
    for (round, block) in (1..).zip(out.chunks_mut(32)) {
        let mut hash = Sha256::new();
        hash.update(be32(round)?);
        hash.update(z);
        hash.update(be32(alg_id.len())?);
        hash.update(alg_id.as_bytes());
        apu.feed(&mut hash)?;
        apv.feed(&mut hash)?;
        hash.update(bits);
        let mut digest = hash.finalize();
        let result = digest
            .get(..block.len())
            .map(|d| block.copy_from_slice(d))
            .ok_or(Error::KeyRejected(KeyReason::WrongLength));
        digest.as_mut_slice().zeroize();
        result?;
    }
    Ok(())
}
