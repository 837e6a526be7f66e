//! JWK import (RFC 7517, RFC 7518 §6): a [`Jwk`] built into a [`JwkKey`] for one JWS
//! algorithm, each family in a function of its own.

#[cfg(any(
    feature = "hs",
    feature = "es256",
    feature = "es384",
    feature = "es512",
    feature = "eddsa",
    feature = "rsa"
))]
use zeroize::Zeroize;

use super::{Jwk, JwkKey, MAX_OCT_LEN};
use crate::{Error, JwsAlg, KeyReason};

#[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
macro_rules! ec_key {
    ($jwk:expr, $crv:literal, $size:literal, $Public:ty, $Private:ty, $V:ident, $VP:ident) => {{
        $jwk.check_kty_crv("EC", Some($crv))?;
        let (mut x, mut y) = ([0u8; $size], [0u8; $size]);
        let public =
            <$Public>::from_coordinates($jwk.bytes("x", &mut x)?, $jwk.bytes("y", &mut y)?)?;
        if $jwk.object.get("d").is_none() {
            return Ok(JwkKey::$V(public));
        }
        let mut d = [0u8; $size];
        let private = $jwk.bytes("d", &mut d).and_then(<$Private>::from_bytes);
        d.zeroize();
        let private = private?;
        if private.verifying_key() != public {
            return Err(Error::KeyRejected(KeyReason::InvalidScalar));
        }
        Ok(JwkKey::$VP(private, public))
    }};
}

impl Jwk<'_> {
    /// Builds the key for `alg` (or, with `None`, for the algorithm the JWK itself names or its
    /// curve implies), checking the key policy.
    ///
    /// # Errors
    ///
    /// [`Error::AlgMismatch`] if the JWK `alg` differs from `alg`; [`Error::KeyRejected`] for
    /// `use`/`key_ops` other than signatures, a `kty`/`crv` that does not fit the algorithm, an
    /// HMAC secret shorter than the hash, or invalid key material; [`Error::UnsupportedAlg`]
    /// for an algorithm not enabled in this build.
    pub fn to_key(&self, alg: Option<JwsAlg>) -> Result<JwkKey, Error> {
        let alg = self.alg_for(alg)?;
        self.check_use("sig", &["verify"])?;
        self.build(alg)
    }

    /// Builds the key for `alg`. Each family is built in a function of its own, so the stack
    /// this needs is that of the largest family, not the sum of all of them.
    fn build(&self, alg: JwsAlg) -> Result<JwkKey, Error> {
        match alg {
            #[cfg(feature = "hs")]
            JwsAlg::Hs256 | JwsAlg::Hs384 | JwsAlg::Hs512 => self.build_hmac(alg),
            #[cfg(feature = "es256")]
            JwsAlg::Es256 => self.build_es256(),
            #[cfg(feature = "es384")]
            JwsAlg::Es384 => self.build_es384(),
            #[cfg(feature = "es512")]
            JwsAlg::Es512 => self.build_es512(),
            #[cfg(feature = "eddsa")]
            JwsAlg::EdDsa | JwsAlg::Ed25519 => self.build_ed25519(alg),
            #[cfg(feature = "rsa")]
            alg if alg.is_rsa() => self.build_rsa(alg),
            _ => Err(Error::UnsupportedAlg),
        }
    }

    #[cfg(feature = "hs")]
    #[inline(never)]
    fn build_hmac(&self, alg: JwsAlg) -> Result<JwkKey, Error> {
        self.check_kty_crv("oct", None)?;
        let mut secret = [0u8; MAX_OCT_LEN];
        let key = self
            .bytes("k", &mut secret)
            .and_then(|k| crate::HmacKey::new(alg, k));
        secret.zeroize();
        key.map(JwkKey::Hmac)
    }

    #[cfg(feature = "es256")]
    #[inline(never)]
    fn build_es256(&self) -> Result<JwkKey, Error> {
        ec_key!(
            self,
            "P-256",
            32,
            crate::Es256VerifyingKey,
            crate::Es256SigningKey,
            Es256,
            Es256Private
        )
    }

    #[cfg(feature = "es384")]
    #[inline(never)]
    fn build_es384(&self) -> Result<JwkKey, Error> {
        ec_key!(
            self,
            "P-384",
            48,
            crate::Es384VerifyingKey,
            crate::Es384SigningKey,
            Es384,
            Es384Private
        )
    }

    #[cfg(feature = "es512")]
    #[inline(never)]
    fn build_es512(&self) -> Result<JwkKey, Error> {
        ec_key!(
            self,
            "P-521",
            66,
            crate::Es512VerifyingKey,
            crate::Es512SigningKey,
            Es512,
            Es512Private
        )
    }

    #[cfg(feature = "eddsa")]
    #[inline(never)]
    fn build_ed25519(&self, alg: JwsAlg) -> Result<JwkKey, Error> {
        self.check_kty_crv("OKP", Some("Ed25519"))?;
        let mut x = [0u8; 32];
        let public =
            crate::Ed25519VerifyingKey::from_bytes(self.bytes("x", &mut x)?)?.for_alg(alg)?;
        if self.object.get("d").is_none() {
            return Ok(JwkKey::Ed25519(public));
        }
        let mut d = [0u8; 32];
        let private = self
            .bytes("d", &mut d)
            .and_then(crate::Ed25519SigningKey::from_bytes)
            .and_then(|key| key.for_alg(alg));
        d.zeroize();
        let private = private?;
        if private.verifying_key() != public {
            return Err(Error::KeyRejected(KeyReason::InvalidScalar));
        }
        Ok(JwkKey::Ed25519Private(private, public))
    }

    #[cfg(feature = "rsa")]
    #[inline(never)]
    fn build_rsa(&self, alg: JwsAlg) -> Result<JwkKey, Error> {
        self.check_kty_crv("RSA", None)?;
        let mut n = [0u8; 512];
        let mut e = [0u8; 4];
        // A modulus that does not fit 4096 bits is too long, whatever its length.
        let n = self.bytes("n", &mut n).map_err(|e| match e {
            Error::KeyRejected(KeyReason::WrongLength) => Error::KeyRejected(KeyReason::TooLong),
            e => e,
        })?;
        let e = self.bytes("e", &mut e)?;
        // RFC 7518 §6.3.1: the fewest octets, so one key has one JWK and one thumbprint.
        if n.first() == Some(&0) || e.first() == Some(&0) {
            return Err(Error::KeyRejected(KeyReason::Material));
        }
        crate::RsaVerifyingKey::new(alg, n, e).map(JwkKey::Rsa)
    }

    /// Builds the signing key for `alg` (or the JWK's own algorithm), checking that the JWK
    /// holds private material and allows signing.
    ///
    /// # Errors
    ///
    /// As [`to_key`](Self::to_key), and [`Error::KeyRejected`] for a public key;
    /// [`Error::UnsupportedAlg`] for RSA, which this crate only verifies (`tinyjose-std` signs).
    ///
    /// # Examples
    ///
    /// ```
    /// let jwk = tinyjose::Jwk::parse(r#"{"kty":"oct","alg":"HS256","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"}"#)?;
    /// assert!(jwk.to_signing_key(None)?.as_signer().is_some());
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn to_signing_key(&self, alg: Option<JwsAlg>) -> Result<JwkKey, Error> {
        let alg = self.alg_for(alg)?;
        self.check_use("sig", &["sign"])?;
        if !self.is_private() {
            return Err(Error::KeyRejected(KeyReason::WrongUse));
        }
        if alg.is_rsa() {
            return Err(Error::UnsupportedAlg);
        }
        self.build(alg)
    }
}
