//! RS256/384/512 (RSASSA-PKCS1-v1_5, RFC 7518 §3.3) and PS256/384/512 (RSASSA-PSS, RFC 7518
//! §3.5) verification, on `crypto-bigint` fixed-width Montgomery arithmetic: no heap.
//!
//! The public operation `s^e mod n` runs at 2048 bits for moduli up to 2048 bits and at 4096
//! bits above (a third width for 3072-bit keys would cost more flash than it saves time). The encodings are then checked as RFC 8017 says: EMSA-PKCS1-v1_5 by comparing
//! with the one expected encoding (§8.2.2 step 4; the `DigestInfo` is never parsed), EMSA-PSS by
//! the steps of §9.1.2 with MGF1 over the same hash and a salt as long as the hash (RFC 7518
//! §3.5).

use core::num::NonZeroU32;

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Odd, U2048, U4096, Uint};
use sha2::digest::{Digest, FixedOutput};
use sha2::{Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;

use crate::limits::total;
use crate::{Error, JwsAlg, JwsVerifier, KeyReason};

/// The longest modulus accepted, in bytes (4096 bits).
const MAX_LEN: usize = 512;

/// A public key that verifies one RSA algorithm: RS256, RS384, RS512, PS256, PS384 or PS512.
///
/// The modulus is 2048 to 4096 bits long (RFC 7518 §3.3 refuses shorter ones); the public
/// exponent is odd, at least 3 and below 2³² (65537 in practice). A signature must be exactly as
/// long as the modulus and numerically below it.
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, JwsAlg, JwsVerifier, RsaVerifyingKey};
///
/// # let n = [0xc5; 256];
/// let key = RsaVerifyingKey::new(JwsAlg::Rs256, &n, &[1, 0, 1])?;
/// assert_eq!((key.alg(), key.bits(), key.e()), (JwsAlg::Rs256, 2048, 65537));
/// assert_eq!(key.verify(b"input", &[0; 256]), Err(Error::InvalidSignature));
/// assert_eq!(
///     RsaVerifyingKey::new(JwsAlg::Rs256, &n[..128], &[1, 0, 1]),
///     Err(Error::KeyRejected(tinyjose::KeyReason::TooShort))
/// );
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct RsaVerifyingKey {
    scheme: &'static Scheme,
    /// The modulus, big-endian with no leading zero, in the first `len` bytes.
    n: [u8; MAX_LEN],
    len: usize,
    e: u32,
}

impl core::fmt::Debug for RsaVerifyingKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RsaVerifyingKey")
            .field("alg", &self.scheme.alg)
            .field("bits", &self.bits())
            .field("e", &self.e)
            .finish_non_exhaustive()
    }
}

impl PartialEq for RsaVerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        self.scheme.alg == other.scheme.alg && self.n() == other.n() && self.e == other.e
    }
}

impl Eq for RsaVerifyingKey {}

/// An algorithm's encoding check, chosen when the key is built, so a program that only builds
/// RS256 keys links neither SHA-384, SHA-512 nor PSS.
struct Scheme {
    alg: JwsAlg,
    /// Whether `em`, the result of the public operation, encodes the message; `em_bits` is
    /// the modulus length in bits minus one.
    check: fn(message: &[u8], em: &mut [u8], em_bits: usize) -> bool,
}

static RS256: Scheme = Scheme {
    alg: JwsAlg::Rs256,
    check: |m, em, _| pkcs1_v15::<Sha256>(m, em, &SHA256_DIGEST_INFO),
};
static RS384: Scheme = Scheme {
    alg: JwsAlg::Rs384,
    check: |m, em, _| pkcs1_v15::<Sha384>(m, em, &SHA384_DIGEST_INFO),
};
static RS512: Scheme = Scheme {
    alg: JwsAlg::Rs512,
    check: |m, em, _| pkcs1_v15::<Sha512>(m, em, &SHA512_DIGEST_INFO),
};
static PS256: Scheme = Scheme {
    alg: JwsAlg::Ps256,
    check: pss::<Sha256>,
};
static PS384: Scheme = Scheme {
    alg: JwsAlg::Ps384,
    check: pss::<Sha384>,
};
static PS512: Scheme = Scheme {
    alg: JwsAlg::Ps512,
    check: pss::<Sha512>,
};

impl RsaVerifyingKey {
    /// The shortest modulus accepted, in bits (RFC 7518 §3.3).
    pub const MIN_BITS: usize = 2048;
    /// The longest modulus accepted, in bits.
    pub const MAX_BITS: usize = 4096;

    /// A key for `alg` from its modulus `n` and public exponent `e`, big-endian (the JWK `n`
    /// and `e` once decoded). Leading zero bytes are ignored.
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedAlg`] if `alg` is not an RSA algorithm; [`Error::KeyRejected`] for a
    /// modulus that is even, not 2048 to 4096 bits long or made by the weak generator of
    /// CVE-2017-15361 (ROCA), or an exponent that is even, below 3 or not below 2³².
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{Error, JwsAlg, RsaVerifyingKey};
    ///
    /// let n = [0xc5; 512];
    /// assert!(RsaVerifyingKey::new(JwsAlg::Ps512, &n, &[1, 0, 1]).is_ok());
    /// assert_eq!(
    ///     RsaVerifyingKey::new(JwsAlg::Ps512, &n, &[1]),
    ///     Err(Error::KeyRejected(tinyjose::KeyReason::InvalidModulus))
    /// );
    /// assert_eq!(RsaVerifyingKey::new(JwsAlg::Hs256, &n, &[3]), Err(Error::UnsupportedAlg));
    /// ```
    #[inline]
    pub fn new(alg: JwsAlg, n: &[u8], e: &[u8]) -> Result<Self, Error> {
        // Inlined, so a constant `alg` leaves only its own scheme linked.
        let scheme = match alg {
            JwsAlg::Rs256 => &RS256,
            JwsAlg::Rs384 => &RS384,
            JwsAlg::Rs512 => &RS512,
            JwsAlg::Ps256 => &PS256,
            JwsAlg::Ps384 => &PS384,
            JwsAlg::Ps512 => &PS512,
            _ => return Err(Error::UnsupportedAlg),
        };
        Self::with_scheme(scheme, n, e)
    }

    #[inline(never)]
    fn with_scheme(scheme: &'static Scheme, n: &[u8], e: &[u8]) -> Result<Self, Error> {
        let n = strip_zeros(n);
        let e = strip_zeros(e);
        let bits = bit_len(n);
        let odd = |x: &[u8]| x.last().is_some_and(|b| b & 1 == 1);
        if bits < Self::MIN_BITS {
            return Err(Error::KeyRejected(KeyReason::TooShort));
        }
        if bits > Self::MAX_BITS {
            return Err(Error::KeyRejected(KeyReason::TooLong));
        }
        let invalid = Error::KeyRejected(KeyReason::InvalidModulus);
        if !odd(n) || has_roca_fingerprint(n) {
            return Err(invalid);
        }
        let e = match e.len() {
            1..=4 => e.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)),
            _ => return Err(invalid),
        };
        if e < 3 || e & 1 == 0 {
            return Err(invalid);
        }
        let mut modulus = [0u8; MAX_LEN];
        modulus
            .get_mut(..n.len())
            .ok_or(Error::KeyRejected(KeyReason::TooLong))?
            .copy_from_slice(n);
        Ok(Self {
            scheme,
            n: modulus,
            len: n.len(),
            e,
        })
    }

    /// The modulus `n`, big-endian with no leading zero (the JWK `n` once decoded).
    #[must_use]
    pub fn n(&self) -> &[u8] {
        self.n.get(..self.len).unwrap_or_default()
    }

    /// The public exponent `e`.
    #[must_use]
    pub fn e(&self) -> u32 {
        self.e
    }

    /// The length of the modulus in bits.
    #[must_use]
    pub fn bits(&self) -> usize {
        bit_len(self.n())
    }

    /// The length in bytes of the modulus, and so of every signature.
    #[must_use]
    pub fn modulus_len(&self) -> usize {
        self.len
    }

    /// `signature^e mod n` into the first `len` bytes of `em`, refusing a signature that is
    /// not exactly `len` bytes or not below `n` (RFC 8017 §5.2.2 step 1).
    fn public_op(&self, signature: &[u8], em: &mut [u8; MAX_LEN]) -> Result<(), Error> {
        if signature.len() != self.len {
            return Err(Error::InvalidSignature);
        }
        if self.len <= U2048::BYTES {
            public_op::<{ U2048::LIMBS }>(self.n(), self.e, signature, em)
        } else {
            public_op::<{ U4096::LIMBS }>(self.n(), self.e, signature, em)
        }
    }
}

/// The length in bits of a big-endian integer with no leading zero byte.
fn bit_len(n: &[u8]) -> usize {
    // Eight bits a byte, less the leading zeros of the first (at most 8, and none when empty).
    let zeros = n.first().map_or(0, |&b| b.leading_zeros());
    n.len()
        .saturating_mul(8)
        .saturating_sub(usize::try_from(zeros).unwrap_or_default())
}

/// Whether `n` has the fingerprint of the keys of CVE-2017-15361 (ROCA, Nemec et al., CCS 2017),
/// whose primes are `k·M + (65537^a mod M)`: for each small prime `p` dividing `M`, `n mod p`
/// lies in the subgroup that 65537 generates. A random modulus passes all 38 tests with a
/// negligible probability.
fn has_roca_fingerprint(n: &[u8]) -> bool {
    const PRIMES: [u32; 38] = [
        3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89,
        97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
    ];
    PRIMES.iter().filter_map(|&p| NonZeroU32::new(p)).all(|p| {
        // Every value below stays under `p`, so `r << 8 | b` and the products stay under 2^16.
        let residue = n.iter().fold(0, |r, &b| ((r << 8) | u32::from(b)) % p);
        let generator = 65537 % p;
        let mut power = 1;
        loop {
            if power == residue {
                return true;
            }
            power = power.saturating_mul(generator) % p;
            if power == 1 {
                return false;
            }
        }
    })
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    bytes.get(zeros..).unwrap_or_default()
}

/// `signature^e mod n` at the width of `L` limbs, written big-endian into the first
/// `n.len()` bytes of `em`.
#[inline(never)]
fn public_op<const L: usize>(
    n: &[u8],
    e: u32,
    signature: &[u8],
    em: &mut [u8; MAX_LEN],
) -> Result<(), Error> {
    // The caller chose a width that holds `n`, and `signature` is as long as `n`.
    let modulus = Uint::<L>::from_be_slice_truncated(n, Uint::<L>::BITS);
    let s = Uint::<L>::from_be_slice_truncated(signature, Uint::<L>::BITS);
    if s >= modulus {
        return Err(Error::InvalidSignature);
    }
    let modulus = Option::from(Odd::new(modulus)).ok_or(Error::InvalidSignature)?;
    // The modulus and the exponent are public: variable time is fine, and much faster.
    let params = FixedMontyParams::new_vartime(modulus);
    let s = FixedMontyForm::new(&s, &params);
    // Left-to-right square-and-multiply: for e = 65537, 16 squarings and one multiplication,
    // where a windowed exponentiation would first spend 14 multiplications on its table.
    let mut m = s;
    for bit in (0..e.checked_ilog2().unwrap_or(0)).rev() {
        m = m.square();
        if (e >> bit) & 1 == 1 {
            m = m.mul(&s);
        }
    }
    // m < n, so its big-endian form fits the modulus length.
    let m = m.retrieve();
    let le = m.as_limbs().iter().flat_map(|limb| limb.0.to_le_bytes());
    let out = em.get_mut(..n.len()).ok_or(Error::InvalidSignature)?;
    for (dst, src) in out.iter_mut().rev().zip(le) {
        *dst = src;
    }
    Ok(())
}

impl JwsVerifier for RsaVerifyingKey {
    fn alg(&self) -> JwsAlg {
        self.scheme.alg
    }

    #[inline(never)]
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), Error> {
        let mut em = [0u8; MAX_LEN];
        self.public_op(signature, &mut em)?;
        let em_bits = self.bits().checked_sub(1).ok_or(Error::InvalidSignature)?;
        let em = em.get_mut(..self.len).unwrap_or_default();
        if (self.scheme.check)(signing_input, em, em_bits) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

/// The DER `DigestInfo` prefixes of RFC 8017 §9.2 note 1, each followed by the hash.
const SHA256_DIGEST_INFO: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
const SHA384_DIGEST_INFO: [u8; 19] = [
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
    0x00, 0x04, 0x30,
];
const SHA512_DIGEST_INFO: [u8; 19] = [
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05,
    0x00, 0x04, 0x40,
];

/// EMSA-PKCS1-v1_5 (RFC 8017 §9.2): whether `em` equals
/// `0x00 0x01 0xff… 0x00 DigestInfo(hash(message))`, compared byte for byte with the one
/// encoding it can be, so no other form (missing `NULL`, extra parameters, trailing bytes) can
/// pass.
fn pkcs1_v15<D: Digest>(message: &[u8], em: &mut [u8], digest_info: &[u8]) -> bool {
    let hash = D::digest(message);
    let t_len = digest_info.len().saturating_add(hash.len());
    // T starts at `k - tLen`; PS (at least 8 bytes of 0xff) runs from 2 to `k - tLen - 1`.
    let Some(t_at) = em.len().checked_sub(t_len).filter(|&at| at >= 11) else {
        return false;
    };
    let expected = |i: usize| match i {
        0 => 0x00,
        1 => 0x01,
        // `i` is below `em.len()` and at least `t_at` in the last arm: nothing saturates.
        i if i.saturating_add(1) < t_at => 0xff,
        i if i.saturating_add(1) == t_at => 0x00,
        i => digest_info
            .iter()
            .chain(hash.iter())
            .nth(i.saturating_sub(t_at))
            .copied()
            .unwrap_or(0),
    };
    let diff = em
        .iter()
        .enumerate()
        .fold(0u8, |acc, (i, &b)| acc | (b ^ expected(i)));
    diff == 0
}

/// EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with MGF1 over `D` and a salt of `D`'s output length,
/// working in place on `em_k`, the `k`-byte result of the public operation.
fn pss<D: Digest + FixedOutput>(message: &[u8], em_k: &mut [u8], em_bits: usize) -> bool {
    let h_len = <D as Digest>::output_size();
    let s_len = h_len;
    let em_len = em_bits.div_ceil(8);
    // With emBits a multiple of 8, EM is one byte shorter than the modulus, whose top byte of
    // the integer must then be zero.
    let Some(lead) = em_k.len().checked_sub(em_len) else {
        return false;
    };
    let (top, em) = em_k.split_at_mut(lead);
    if top.iter().any(|&b| b != 0) {
        return false;
    }
    // Step 3.
    if em_len < total(&[h_len, s_len, 2]) {
        return false;
    }
    // Step 4: the trailer.
    if em.last() != Some(&0xbc) {
        return false;
    }
    // Step 5: maskedDB is the first `emLen - hLen - 1` bytes.
    let Some((masked_db, rest)) = em_len
        .checked_sub(total(&[h_len, 1]))
        .and_then(|db_len| em.split_at_mut_checked(db_len))
    else {
        return false;
    };
    let h = rest.get(..h_len).unwrap_or_default();
    // Step 6: the bits above emBits must be zero. `emLen` is `emBits / 8` rounded up, so there
    // are 0 to 7 of them.
    let unused = em_len.saturating_mul(8).saturating_sub(em_bits);
    let keep = 0xffu8 >> unused;
    if masked_db.first().is_none_or(|&b| b & !keep != 0) {
        return false;
    }
    // Steps 7 to 9.
    mgf1_xor::<D>(h, masked_db);
    if let Some(b) = masked_db.first_mut() {
        *b &= keep;
    }
    // Step 10: PS (`emLen - hLen - sLen - 2` bytes) is zeros, then one 0x01 byte.
    let Some((ps, rest)) = masked_db
        .len()
        .checked_sub(total(&[s_len, 1]))
        .and_then(|ps_len| masked_db.split_at_checked(ps_len))
    else {
        return false;
    };
    if ps.iter().any(|&b| b != 0) || rest.first() != Some(&0x01) {
        return false;
    }
    // Steps 11 to 14.
    let salt = rest.get(1..).unwrap_or_default();
    let expected = D::new()
        .chain_update([0u8; 8])
        .chain_update(D::digest(message))
        .chain_update(salt)
        .finalize();
    expected.as_slice().ct_eq(h).into()
}

/// `out ^= MGF1(seed, out.len())` (RFC 8017 §B.2.1).
fn mgf1_xor<D: Digest>(seed: &[u8], out: &mut [u8]) {
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(<D as Digest>::output_size())) {
        let mask = D::new()
            .chain_update(seed)
            .chain_update(counter.to_be_bytes())
            .finalize();
        for (b, m) in chunk.iter_mut().zip(mask.iter()) {
            *b ^= m;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkcs1_refuses_a_short_padding_string() {
        // A 40-byte "modulus" leaves PS only 2 bytes: the encoding is impossible, not accepted.
        let mut em = [0u8; 40];
        assert!(!pkcs1_v15::<Sha256>(b"m", &mut em, &SHA256_DIGEST_INFO));
    }

    #[test]
    fn mgf1_matches_its_definition() {
        let mut out = [0u8; 40];
        mgf1_xor::<Sha256>(b"seed", &mut out);
        let first = Sha256::new()
            .chain_update(b"seed")
            .chain_update([0, 0, 0, 0])
            .finalize();
        let second = Sha256::new()
            .chain_update(b"seed")
            .chain_update([0, 0, 0, 1])
            .finalize();
        assert_eq!(out[..32], first[..]);
        assert_eq!(out[32..], second[..8]);
    }
}
