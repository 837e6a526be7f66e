//! ES256, ES384, ES512 (RFC 7518 §3.4) over `p256`, `p384` and `p521`.
//!
//! Signatures are exactly `R || S`, each the size of the curve order (no DER), with `r` in
//! `[1, n-1]` and `s` in `[1, n/2]`. Signing uses RFC 6979 deterministic nonces.
//!
//! ECDSA is malleable: `(r, n-s)` verifies wherever `(r, s)` does, so anyone holding a token could
//! mint a second, different token string that verifies, defeating replay caches and deny-lists
//! keyed on the token. Signatures are therefore made and accepted in low-S form only (`s <= n/2`,
//! as BIP 62 defines it), and a high-S signature is refused as
//! [`Error::InvalidSignature`]. Signers that do not normalize `s` (WebCrypto, OpenSSL, Go, and the
//! RFC 7515 A.3 example) produce a high-S signature about half the time; a caller that must accept
//! them, and keys nothing on the token string, sets
//! [`Limits::ecdsa_high_s`](crate::Limits::ecdsa_high_s), which mirrors `s` into low form while
//! the token is parsed ([`normalize_s`]).

use zeroize::Zeroizing;

use crate::{Error, JwsAlg, JwsSigner, JwsVerifier, KeyReason};

/// Mirrors a high `s` of an `R || S` signature of `alg` to `n - s`, in place; leaves anything
/// else (another algorithm, a wrong length, out-of-range scalars) for verification to refuse.
pub(crate) fn normalize_s(alg: JwsAlg, signature: &mut [u8]) {
    macro_rules! normalize {
        ($curve:ident) => {
            if let Ok(sig) = $curve::ecdsa::Signature::from_slice(signature) {
                signature.copy_from_slice(&sig.normalize_s().to_bytes());
            }
        };
    }
    match alg {
        #[cfg(feature = "es256")]
        JwsAlg::Es256 => normalize!(p256),
        #[cfg(feature = "es384")]
        JwsAlg::Es384 => normalize!(p384),
        #[cfg(feature = "es512")]
        JwsAlg::Es512 => normalize!(p521),
        _ => {}
    }
}

macro_rules! ecdsa_keys {
    (
        feature: $feature:literal, curve: $curve:ident, crv: $crv:literal, alg: $alg:ident,
        size: $size:literal, verifying: $Verifying:ident, signing: $Signing:ident
    ) => {
        #[doc = concat!("A public key that verifies ", stringify!($alg), " signatures (", $crv, ").")]
        ///
        /// Built from coordinates or SEC1 bytes; the point is checked to be on the curve and not the
        /// identity.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("use tinyjose::{", stringify!($Signing), ", JwsVerifier};")]
        ///
        #[doc = concat!("let signing = ", stringify!($Signing), "::from_bytes(&[1; ", stringify!($size), "])?;")]
        /// let public = signing.verifying_key();
        #[doc = concat!("assert_eq!(public.alg(), tinyjose::JwsAlg::", stringify!($alg), ");")]
        /// let (x, y) = public.coordinates();
        #[doc = concat!("assert_eq!(x.len(), ", stringify!($size), ");")]
        /// # Ok::<(), tinyjose::Error>(())
        /// ```
        #[cfg(feature = $feature)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $Verifying($curve::ecdsa::VerifyingKey);

        #[cfg(feature = $feature)]
        impl $Verifying {
            /// The length in bytes of a coordinate, a scalar, and half a signature.
            pub const FIELD_LEN: usize = $size;

            /// A key from its affine coordinates, each exactly [`FIELD_LEN`](Self::FIELD_LEN)
            /// bytes, big-endian.
            ///
            /// # Errors
            ///
            /// [`Error::KeyRejected`] for a wrong length or a point not on the curve.
            pub fn from_coordinates(x: &[u8], y: &[u8]) -> Result<Self, Error> {
                if x.len() != $size || y.len() != $size {
                    return Err(Error::KeyRejected(KeyReason::WrongLength));
                }
                let mut sec1 = [0u8; 1 + 2 * $size];
                let (tag, rest) = sec1.split_at_mut(1);
                let (xs, ys) = rest.split_at_mut($size);
                tag.copy_from_slice(&[4]);
                xs.copy_from_slice(x);
                ys.copy_from_slice(y);
                Self::from_sec1_bytes(&sec1)
            }

            /// A key from SEC1 bytes (compressed or uncompressed).
            ///
            /// # Errors
            ///
            /// [`Error::KeyRejected`] for bytes that are not a point on the curve.
            pub fn from_sec1_bytes(bytes: &[u8]) -> Result<Self, Error> {
                $curve::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
                    .map(Self)
                    .map_err(|_| Error::KeyRejected(KeyReason::InvalidPoint))
            }

            /// The affine coordinates `(x, y)`, big-endian, each
            /// [`FIELD_LEN`](Self::FIELD_LEN) bytes.
            #[must_use]
            pub fn coordinates(&self) -> ([u8; $size], [u8; $size]) {
                let point = self.0.to_sec1_point(false);
                let mut x = [0u8; $size];
                let mut y = [0u8; $size];
                if let (Some(px), Some(py)) = (point.x(), point.y()) {
                    x.copy_from_slice(px);
                    y.copy_from_slice(py);
                }
                (x, y)
            }

            /// The JWK `crv` name.
            pub const CRV: &'static str = $crv;
        }

        #[cfg(feature = $feature)]
        impl JwsVerifier for $Verifying {
            fn alg(&self) -> JwsAlg {
                JwsAlg::$alg
            }

            #[inline(never)]
            fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), Error> {
                use $curve::ecdsa::signature::Verifier;
                if signature.len() != 2 * $size {
                    return Err(Error::InvalidSignature);
                }
                // `from_slice` refuses r or s equal to zero or not below the group order.
                let sig = $curve::ecdsa::Signature::from_slice(signature)
                    .map_err(|_| Error::InvalidSignature)?;
                // Low-S only: `(r, n-s)` must not be a second valid signature.
                use $curve::elliptic_curve::scalar::IsHigh;
                if bool::from(sig.s().is_high()) {
                    return Err(Error::InvalidSignature);
                }
                self.0.verify(signing_input, &sig).map_err(|_| Error::InvalidSignature)
            }
        }

        #[doc = concat!("A private key that creates ", stringify!($alg), " signatures (", $crv, ").")]
        ///
        /// Signing is deterministic (RFC 6979). `Debug` shows only the public key; the scalar is
        /// wiped when the key is dropped.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("use tinyjose::{", stringify!($Signing), ", HeaderParams, UntrustedJws, sign};")]
        ///
        #[doc = concat!("let key = ", stringify!($Signing), "::from_bytes(&[1; ", stringify!($size), "])?;")]
        /// let mut out = [0u8; 512];
        /// let token = sign(&HeaderParams::new(), b"hi", &key, &mut out)?;
        /// let mut buf = [0u8; 2];
        /// let jws = UntrustedJws::parse(token)?;
        /// assert_eq!(jws.verify(&key.verifying_key(), &mut buf)?.payload(), b"hi");
        /// # Ok::<(), tinyjose::Error>(())
        /// ```
        #[cfg(feature = $feature)]
        #[derive(Clone)]
        pub struct $Signing($curve::ecdsa::SigningKey);

        #[cfg(feature = $feature)]
        impl $Signing {
            /// A key from its private scalar `d`, exactly
            #[doc = concat!(stringify!($size), " bytes big-endian.")]
            ///
            /// # Errors
            ///
            /// [`Error::KeyRejected`] for a wrong length, zero, or a value not below the group order.
            pub fn from_bytes(d: &[u8]) -> Result<Self, Error> {
                if d.len() != $size {
                    return Err(Error::KeyRejected(KeyReason::WrongLength));
                }
                $curve::ecdsa::SigningKey::from_slice(d)
                    .map(Self)
                    .map_err(|_| Error::KeyRejected(KeyReason::InvalidScalar))
            }

            /// The matching public key.
            #[must_use]
            pub fn verifying_key(&self) -> $Verifying {
                $Verifying(*self.0.verifying_key())
            }

            /// The private scalar `d`, big-endian (the JWK `d`), wiped when dropped.
            #[must_use]
            pub fn to_bytes(&self) -> Zeroizing<[u8; $size]> {
                let mut d = Zeroizing::new([0u8; $size]);
                d.copy_from_slice(&self.0.to_bytes());
                d
            }
        }

        #[cfg(feature = $feature)]
        impl core::fmt::Debug for $Signing {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($Signing))
                    .field("public", &self.verifying_key())
                    .finish_non_exhaustive()
            }
        }

        #[cfg(feature = $feature)]
        impl JwsSigner for $Signing {
            fn alg(&self) -> JwsAlg {
                JwsAlg::$alg
            }

            fn signature_len(&self) -> usize {
                2 * $size
            }

            #[inline(never)]
            fn sign(&self, signing_input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
                use $curve::ecdsa::signature::Signer;
                let needed = 2 * $size;
                let dst = out.get_mut(..needed).ok_or(Error::BufferTooSmall { needed })?;
                let sig: $curve::ecdsa::Signature = self.0.sign(signing_input);
                dst.copy_from_slice(&sig.normalize_s().to_bytes());
                Ok(needed)
            }
        }
    };
}

ecdsa_keys!(feature: "es256", curve: p256, crv: "P-256", alg: Es256, size: 32,
    verifying: Es256VerifyingKey, signing: Es256SigningKey);
ecdsa_keys!(feature: "es384", curve: p384, crv: "P-384", alg: Es384, size: 48,
    verifying: Es384VerifyingKey, signing: Es384SigningKey);
ecdsa_keys!(feature: "es512", curve: p521, crv: "P-521", alg: Es512, size: 66,
    verifying: Es512VerifyingKey, signing: Es512SigningKey);
