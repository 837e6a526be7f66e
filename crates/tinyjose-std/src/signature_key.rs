//! [`SignatureKey`]: one owned JWS key of any algorithm, from a JWK, PEM, DER, a secret or the
//! operating system's randomness, with its roles and its JWK forms.

use core::fmt;

use base64ct::{Base64UrlUnpadded, Encoding};
use tinyjose::{Error as Jose, HmacKey, Jwk, JwkKey, JwsAlg, JwsSigner, JwsVerifier, KeyReason};
use zeroize::Zeroizing;

use crate::Result;
#[cfg(feature = "rsa-private")]
use crate::RsaSigningKey;

#[cfg(feature = "rsa-private")]
/// The modulus length of a generated RSA key when none is asked for.
pub(crate) const DEFAULT_RSA_BITS: usize = 2048;

/// A JWS key bound to one algorithm: it verifies, and signs when it holds a secret or a private
/// key. Every algorithm the project supports, RSA signing included, behind one type.
///
/// # Examples
///
/// ```
/// use tinyjose::{JwsAlg, UntrustedJws};
/// use tinyjose_std::{SignatureKey, sign_to_string, verify_to_vec};
///
/// let key = SignatureKey::generate(JwsAlg::Es256, None)?.with_kid("2026-12");
/// let token = sign_to_string(&tinyjose::HeaderParams::new(), b"hi", key.signer().unwrap())?;
/// let public = SignatureKey::from_jwk(&key.public_jwk()?, None)?;
/// assert_eq!(public.alg(), JwsAlg::Es256);
/// assert!(public.signer().is_none());
/// assert_eq!(verify_to_vec(&UntrustedJws::parse(&token)?, public.verifier())?, b"hi");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
#[derive(Clone)]
pub struct SignatureKey {
    /// What verifies: the key itself, or the public half of an RSA private key.
    key: JwkKey,
    /// The private half of an RSA key, which signs (the core's keys only verify RSA).
    #[cfg(feature = "rsa-private")]
    rsa: Option<RsaSigningKey>,
    /// The secret of an HMAC key, kept to export it (the core's key state holds a hash of it).
    secret: Option<Zeroizing<Vec<u8>>>,
    kid: Option<String>,
    /// False for a private JWK whose `key_ops` allow verifying only.
    may_sign: bool,
}

impl fmt::Debug for SignatureKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignatureKey")
            .field("alg", &self.alg())
            .field("kid", &self.kid)
            .field("signs", &self.signer().is_some())
            .finish_non_exhaustive()
    }
}

impl SignatureKey {
    /// A key from a JWK's JSON text, bound to `alg`, the JWK's own `alg`, or the one its curve
    /// implies (both given must agree). The JWK's `kid` is kept. A private JWK whose `key_ops`
    /// forbid signing still verifies.
    ///
    /// # Errors
    ///
    /// The core's JWK errors ([`tinyjose::Jwk::to_key`]): `KeyRejected(NoAlg)` for a secret or RSA
    /// JWK that names no algorithm when `alg` is `None`, `AlgMismatch`, `use`/`key_ops` refusals;
    /// [`Error::Key`](crate::Error::Key) for an RSA private key whose members do not agree.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    ///
    /// let jwk = r#"{"kty":"oct","kid":"a","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"}"#;
    /// let key = tinyjose_std::SignatureKey::from_jwk(jwk, Some(JwsAlg::Hs256))?;
    /// assert_eq!((key.alg(), key.kid()), (JwsAlg::Hs256, Some("a")));
    /// assert_eq!(
    ///     tinyjose_std::SignatureKey::from_jwk(jwk, None).unwrap_err().to_string(),
    ///     tinyjose::Error::KeyRejected(tinyjose::KeyReason::NoAlg).to_string(),
    /// );
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_jwk(json: &str, alg: Option<JwsAlg>) -> Result<Self> {
        let jwk = Jwk::parse(json)?;
        let mut key = Self::from_parsed_jwk(&jwk, alg)?;
        key.kid = kid_of(&jwk)?;
        Ok(key)
    }

    /// A key that signs, from a private JWK, as [`from_jwk`](Self::from_jwk) reads it, refusing
    /// with the core's reason what cannot sign.
    ///
    /// # Errors
    ///
    /// As [`from_jwk`](Self::from_jwk); `KeyRejected(WrongUse)` for a public JWK, or one whose
    /// `use` or `key_ops` forbid signing.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{Error, KeyReason};
    /// use tinyjose_std::SignatureKey;
    ///
    /// let key = SignatureKey::generate(tinyjose::JwsAlg::Es256, None)?;
    /// assert!(SignatureKey::from_private_jwk(&key.private_jwk()?, None)?.signer().is_some());
    /// let public = SignatureKey::from_private_jwk(&key.public_jwk()?, None).unwrap_err();
    /// assert_eq!(public.to_string(), Error::KeyRejected(KeyReason::WrongUse).to_string());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_private_jwk(json: &str, alg: Option<JwsAlg>) -> Result<Self> {
        let key = Self::from_jwk(json, alg)?;
        if key.signer().is_none() {
            // The core's reason: its signing policy, or a public key.
            Jwk::parse(json)?.to_signing_key(alg)?;
            return Err(Jose::KeyRejected(KeyReason::WrongUse).into());
        }
        Ok(key)
    }

    fn from_parsed_jwk(jwk: &Jwk<'_>, alg: Option<JwsAlg>) -> Result<Self> {
        if !jwk.is_private() {
            return Ok(Self::new(jwk.to_key(alg)?));
        }
        let key = match jwk.to_signing_key(alg) {
            // The core signs with every algorithm but RSA, and says so only once the JWK has
            // passed its checks (algorithm, `use`, `key_ops`, private members).
            #[cfg(feature = "rsa-private")]
            Err(Jose::UnsupportedAlg) => {
                return Ok(Self::from(RsaSigningKey::from_jwk(jwk.json(), alg)?));
            }
            // Without the `rsa-private` feature, an RSA private key verifies, as its public half,
            // and does not sign.
            #[cfg(not(feature = "rsa-private"))]
            Err(Jose::UnsupportedAlg) if matches!(jwk.to_key(alg), Ok(JwkKey::Rsa(_))) => {
                let mut key = Self::new(jwk.to_key(alg)?);
                key.may_sign = false;
                return Ok(key);
            }
            Ok(key) => key,
            // A private key that may not sign (`key_ops`) still verifies.
            Err(Jose::KeyRejected(KeyReason::WrongUse)) => {
                let mut key = Self::new(jwk.to_key(alg)?);
                key.may_sign = false;
                return Ok(key);
            }
            Err(e) => return Err(e.into()),
        };
        let mut key = Self::new(key);
        if jwk.is_symmetric() {
            let mut buf = Zeroizing::new([0u8; 256]);
            key.secret = Some(Zeroizing::new(jwk.secret(&mut buf[..])?.to_vec()));
        }
        Ok(key)
    }

    #[cfg(feature = "rsa-private")]
    /// A key from PEM text (SPKI, PKCS#8, SEC1, or PKCS#1 for RSA), bound to `alg` or the one
    /// its curve implies; an RSA key needs `alg`. An RSA private key signs.
    ///
    /// # Errors
    ///
    /// As [`key_from_pem`](crate::key_from_pem).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    ///
    /// let pem = include_str!("../tests/data/keys/rsa.pkcs8.pem");
    /// let key = tinyjose_std::SignatureKey::from_pem(pem, Some(JwsAlg::Rs256))?;
    /// assert!(key.signer().is_some());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_pem(pem: &str, alg: Option<JwsAlg>) -> Result<Self> {
        let key = crate::key_from_pem(pem, alg)?;
        let rsa = match &key {
            JwkKey::Rsa(public) => RsaSigningKey::from_pem(pem, public.alg()).ok(),
            _ => None,
        };
        Ok(rsa.map_or_else(|| Self::new(key), Self::from))
    }

    #[cfg(feature = "rsa-private")]
    /// A key from DER bytes, as [`from_pem`](Self::from_pem).
    ///
    /// # Errors
    ///
    /// As [`key_from_der`](crate::key_from_der).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    ///
    /// let der = include_bytes!("../tests/data/keys/rsa.pkcs8.der");
    /// let key = tinyjose_std::SignatureKey::from_der(der, Some(JwsAlg::Ps256))?;
    /// assert_eq!(key.alg(), JwsAlg::Ps256);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_der(der: &[u8], alg: Option<JwsAlg>) -> Result<Self> {
        let key = crate::key_from_der(der, alg)?;
        let rsa = match &key {
            JwkKey::Rsa(public) => RsaSigningKey::from_der(der, public.alg()).ok(),
            _ => None,
        };
        Ok(rsa.map_or_else(|| Self::new(key), Self::from))
    }

    /// An HMAC key from secret bytes.
    ///
    /// # Errors
    ///
    /// [`tinyjose::Error::UnsupportedAlg`] for a non-HMAC `alg`;
    /// `KeyRejected(TooShort)` for a secret shorter than the hash (RFC 7518 §3.2).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    ///
    /// let key = tinyjose_std::SignatureKey::from_secret(&[7; 32], JwsAlg::Hs256)?;
    /// assert!(key.is_secret());
    /// assert_eq!(*key.private_jwk()?, r#"{"k":"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc","kty":"oct"}"#);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_secret(secret: &[u8], alg: JwsAlg) -> Result<Self> {
        let mut key = Self::new(JwkKey::Hmac(HmacKey::new(alg, secret)?));
        key.secret = Some(Zeroizing::new(secret.to_vec()));
        Ok(key)
    }

    /// A new key for `alg`, from the operating system's randomness: an HMAC secret of `bits`
    /// (the hash size by default; at least the hash size, in whole bytes), an RSA key with a
    /// modulus of `bits` (2048 by default, 3072 or 4096), or an EC or Ed25519 key (whose size
    /// the algorithm fixes: `bits` must be `None`).
    ///
    /// # Errors
    ///
    /// `Unsupported` for a size this does not make (an HMAC secret under the hash size, not in
    /// whole bytes or above 2048 bits, an RSA modulus other than 2048, 3072 or 4096 bits, a size
    /// for an EC or Ed25519 key); [`Error::Key`](crate::Error::Key) if the operating system gives
    /// no randomness.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    /// use tinyjose_std::SignatureKey;
    ///
    /// assert_eq!(SignatureKey::generate(JwsAlg::Hs384, None)?.alg(), JwsAlg::Hs384);
    /// assert_eq!(SignatureKey::generate(JwsAlg::EdDsa, Some(256)).unwrap_err().code(), "unsupported");
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn generate(alg: JwsAlg, bits: Option<usize>) -> Result<Self> {
        if alg.is_symmetric() {
            let min = HmacKey::min_secret_len(alg).ok_or(Jose::UnsupportedAlg)? * 8;
            let bits = bits.unwrap_or(min);
            if bits < min || !bits.is_multiple_of(8) || bits > 2048 {
                return Err(Jose::Unsupported.into());
            }
            return Self::from_secret(&crate::generate_secret(bits / 8)?, alg);
        }
        if alg.is_rsa() {
            #[cfg(feature = "rsa-private")]
            return Ok(RsaSigningKey::generate(alg, bits.unwrap_or(DEFAULT_RSA_BITS))?.into());
            #[cfg(not(feature = "rsa-private"))]
            return Err(Jose::UnsupportedAlg.into());
        }
        if bits.is_some() {
            return Err(Jose::Unsupported.into());
        }
        Ok(Self::new(crate::generate_signing_key(alg)?))
    }

    /// The same key, named `kid`.
    ///
    /// # Examples
    ///
    /// See [`SignatureKey`].
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The algorithm the key is bound to.
    ///
    /// # Examples
    ///
    /// See [`SignatureKey`].
    #[must_use]
    pub fn alg(&self) -> JwsAlg {
        self.key.alg()
    }

    /// The `kid` of the JWK it came from, or given with [`with_kid`](Self::with_kid).
    ///
    /// # Examples
    ///
    /// See [`from_jwk`](Self::from_jwk).
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// What signs with this key: `None` for a public key (or a private JWK whose `key_ops`
    /// forbid signing).
    ///
    /// # Examples
    ///
    /// See [`SignatureKey`].
    #[must_use]
    pub fn signer(&self) -> Option<&dyn JwsSigner> {
        if !self.may_sign {
            return None;
        }
        #[cfg(feature = "rsa-private")]
        if let Some(rsa) = &self.rsa {
            return Some(rsa);
        }
        self.key.as_signer()
    }

    /// What verifies with this key: the core's key (the public half of an RSA private key).
    ///
    /// # Examples
    ///
    /// See [`SignatureKey`].
    #[must_use]
    pub fn verifier(&self) -> &JwkKey {
        &self.key
    }

    /// Whether it is an HMAC secret.
    ///
    /// # Examples
    ///
    /// See [`from_secret`](Self::from_secret).
    #[must_use]
    pub fn is_secret(&self) -> bool {
        self.alg().is_symmetric()
    }

    /// The public key (same `kid`), which only verifies.
    ///
    /// # Errors
    ///
    /// `KeyRejected(WrongType)` for an HMAC secret, which has no public form.
    ///
    /// # Examples
    ///
    /// ```
    /// let key = tinyjose_std::SignatureKey::generate(tinyjose::JwsAlg::EdDsa, None)?;
    /// assert!(key.public_key()?.signer().is_none());
    /// assert_eq!(key.public_key()?.public_jwk()?, key.public_jwk()?);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn public_key(&self) -> Result<Self> {
        let key = match &self.key {
            JwkKey::Es256Private(_, k) => JwkKey::Es256(*k),
            JwkKey::Es384Private(_, k) => JwkKey::Es384(*k),
            JwkKey::Es512Private(_, k) => JwkKey::Es512(*k),
            JwkKey::Ed25519Private(_, k) => JwkKey::Ed25519(*k),
            JwkKey::Hmac(_) => return Err(Jose::KeyRejected(KeyReason::WrongType).into()),
            public => public.clone(),
        };
        Ok(Self {
            key,
            #[cfg(feature = "rsa-private")]
            rsa: None,
            secret: None,
            kid: self.kid.clone(),
            may_sign: false,
        })
    }

    /// The public JWK: the members RFC 7638 requires, in its order.
    ///
    /// # Errors
    ///
    /// `KeyRejected(WrongType)` for an HMAC secret.
    ///
    /// # Examples
    ///
    /// See [`SignatureKey`].
    pub fn public_jwk(&self) -> Result<String> {
        crate::public_jwk(&self.key)
    }

    /// The private JWK, wiped when dropped: the public members and `d` (all the RSA private
    /// members), or `k` for a secret.
    ///
    /// # Errors
    ///
    /// `KeyRejected(WrongUse)` for a public key.
    ///
    /// # Examples
    ///
    /// See [`from_secret`](Self::from_secret).
    pub fn private_jwk(&self) -> Result<Zeroizing<String>> {
        #[cfg(feature = "rsa-private")]
        if let Some(rsa) = &self.rsa {
            return Ok(rsa.private_jwk());
        }
        match &self.secret {
            Some(secret) => Ok(crate::secret_jwk(secret)),
            None => crate::private_jwk(&self.key),
        }
    }

    /// The RFC 7638 SHA-256 thumbprint, base64url: of the public key, or of the secret's JWK.
    ///
    /// # Errors
    ///
    /// None for the keys this type holds; the type is that of the core's thumbprint.
    ///
    /// # Examples
    ///
    /// ```
    /// let key = tinyjose_std::SignatureKey::generate(tinyjose::JwsAlg::Es384, None)?;
    /// assert_eq!(key.thumbprint()?.len(), 43);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn thumbprint(&self) -> Result<String> {
        let digest = match &self.secret {
            Some(secret) => Jwk::parse(&crate::secret_jwk(secret))?.thumbprint()?,
            None => self.key.thumbprint()?,
        };
        Ok(Base64UrlUnpadded::encode_string(&digest))
    }

    fn new(key: JwkKey) -> Self {
        Self {
            key,
            #[cfg(feature = "rsa-private")]
            rsa: None,
            secret: None,
            kid: None,
            may_sign: true,
        }
    }
}

#[cfg(feature = "rsa-private")]
impl From<RsaSigningKey> for SignatureKey {
    fn from(rsa: RsaSigningKey) -> Self {
        Self {
            key: JwkKey::Rsa(rsa.verifying_key()),
            rsa: Some(rsa),
            secret: None,
            kid: None,
            may_sign: true,
        }
    }
}

/// The `kid` of a JWK, if it has one.
pub(crate) fn kid_of(jwk: &Jwk<'_>) -> Result<Option<String>> {
    let mut buf = vec![0u8; jwk.json().len()];
    Ok(jwk.kid(&mut buf)?.map(str::to_owned))
}
