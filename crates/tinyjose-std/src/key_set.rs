//! An owned set of verification keys, each bound to one algorithm, chosen per token by `kid`
//! and `alg`.

use tinyjose::{
    Error as JoseError, JwkKey, JwkSet, JwsAlg, JwsVerifier, KeyReason, KeySelection, UntrustedJws,
};

use crate::Result;

/// Verification keys held as parsed, owned keys, each bound to one algorithm and optionally
/// named by a `kid`.
///
/// Build it from a JWK Set with [`from_jwks`](Self::from_jwks), or key by key with
/// [`insert`](Self::insert). Like the core's [`JwkSet`], it refuses what invites confusion: two
/// keys with the same `kid` for the same algorithm, and secret keys mixed with public keys
/// (RFC 8725 §3.10). The token's header only *chooses among* these keys; it never names an
/// algorithm a key was not bound to.
///
/// # Examples
///
/// ```
/// use tinyjose::{HmacKey, JwkKey};
/// use tinyjose_std::KeySet;
///
/// let mut keys = KeySet::new();
/// keys.insert(Some("2024"), JwkKey::Hmac(HmacKey::hs256(&[1; 32])?))?;
/// keys.insert(Some("2025"), JwkKey::Hmac(HmacKey::hs256(&[2; 32])?))?;
/// assert_eq!(keys.len(), 2);
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    keys: Vec<Entry>,
    /// Made from one key ([`from_jwk`](Self::from_jwk), [`from_secret`](Self::from_secret),
    /// `From<JwkKey>`): used whatever the token's `kid`, as a lone key is.
    lone: bool,
}

#[derive(Clone, Debug)]
struct Entry {
    kid: Option<String>,
    key: JwkKey,
}

impl KeySet {
    /// An empty set.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tinyjose_std::KeySet::new().is_empty());
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self {
            keys: Vec::new(),
            lone: false,
        }
    }

    /// The keys of a JWK Set (RFC 7517 §5) that can verify signatures.
    ///
    /// Each JWK is bound to its `alg`; a JWK without `alg` is bound to the one algorithm its
    /// curve implies, for a secret (`oct`) key to each HMAC algorithm its length allows, and for
    /// an RSA key to each of RS256, RS384, RS512, PS256, PS384 and PS512 (as `jose` lets a JWK
    /// without `alg` verify any algorithm of its type): give RSA JWKs an `alg` to bind them to
    /// one. RSA moduli must be 2048 to 4096 bits long.
    /// Keys no enabled algorithm can use (`use` other than `sig`, `key_ops` without `verify`, an
    /// unsupported `kty` or `crv`, invalid key material) are left out, as `jose`'s
    /// `createLocalJWKSet` does: check [`len`](Self::len) if the set must not be empty.
    ///
    /// # Errors
    ///
    /// The errors of the core's [`JwkSet::parse`]: malformed JSON, a repeated `kid`, secret and
    /// public keys mixed, more keys than the limit.
    ///
    /// # Examples
    ///
    /// ```
    /// let keys = tinyjose_std::KeySet::from_jwks(r#"{"keys":[
    ///   {"kty":"EC","crv":"P-256","kid":"a",
    ///    "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    ///    "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
    ///   {"kty":"EC","crv":"P-256","kid":"b","use":"enc",
    ///    "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    ///    "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}"#)?;
    /// // The encryption key is left out.
    /// assert_eq!(keys.len(), 1);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_jwks(json: &str) -> Result<Self> {
        let set = JwkSet::parse(json)?;
        let mut keys = Self::new();
        for jwk in set.iter() {
            let jwk = jwk?;
            let mut buf = vec![0u8; json.len()];
            let kid = jwk.kid(&mut buf)?.map(str::to_owned);
            for alg in JwsAlg::ALL {
                if let Ok(key) = jwk.to_key(Some(alg)) {
                    keys.insert(kid.as_deref(), key)?;
                }
            }
        }
        Ok(keys)
    }

    /// The keys one JWK can serve, without a `kid`, so that every token is a candidate: what a
    /// single key means in `jose`'s `jwtVerify(token, jwk)`. Bound as in
    /// [`from_jwks`](Self::from_jwks).
    ///
    /// # Errors
    ///
    /// The errors of [`Jwk::parse`](tinyjose::Jwk::parse); [`tinyjose::Error::KeyRejected`] if
    /// no enabled algorithm can use the key, with the reason of the algorithm the JWK names or
    /// implies when it has one.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    ///
    /// let keys = tinyjose_std::KeySet::from_jwk(
    ///     r#"{"kty":"oct","kid":"a","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"}"#,
    /// )?;
    /// assert_eq!(keys.algorithms(), [JwsAlg::Hs256]);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_jwk(json: &str) -> Result<Self> {
        let jwk = tinyjose::Jwk::parse(json)?;
        let mut keys = Self::new();
        for alg in JwsAlg::ALL {
            if let Ok(key) = jwk.to_key(Some(alg)) {
                keys.insert(None, key)?;
            }
        }
        if keys.is_empty() {
            // The reason for the algorithm the key names or implies, if any.
            jwk.to_key(None)?;
            return Err(JoseError::KeyRejected(KeyReason::NoAlg).into());
        }
        keys.lone = true;
        Ok(keys)
    }

    /// An HMAC secret, bound to each of HS256, HS384 and HS512 its length allows (at least the
    /// hash size), without a `kid`.
    ///
    /// # Errors
    ///
    /// [`tinyjose::Error::KeyRejected`] for a secret shorter than 32 bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    ///
    /// let keys = tinyjose_std::KeySet::from_secret(&[7; 48])?;
    /// assert_eq!(keys.algorithms(), [JwsAlg::Hs256, JwsAlg::Hs384]);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_secret(secret: &[u8]) -> Result<Self> {
        let mut keys = Self::new();
        for alg in [JwsAlg::Hs256, JwsAlg::Hs384, JwsAlg::Hs512] {
            if let Ok(key) = tinyjose::HmacKey::new(alg, secret) {
                keys.insert(None, JwkKey::Hmac(key))?;
            }
        }
        if keys.is_empty() {
            return Err(JoseError::KeyRejected(KeyReason::TooShort).into());
        }
        keys.lone = true;
        Ok(keys)
    }

    /// Adds `key`, named `kid` when given.
    ///
    /// # Errors
    ///
    /// [`tinyjose::Error::AmbiguousKey`] if a key with the same `kid` is already there for the
    /// same algorithm, or if secret and public keys would mix. Keys without a `kid` may repeat:
    /// a token without `kid` is tried with each, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{Error, HmacKey, JwkKey};
    ///
    /// let mut keys = tinyjose_std::KeySet::new();
    /// keys.insert(Some("k"), JwkKey::Hmac(HmacKey::hs256(&[1; 32])?))?;
    /// let again = keys.insert(Some("k"), JwkKey::Hmac(HmacKey::hs256(&[2; 32])?));
    /// assert_eq!(again.unwrap_err().code(), Error::AmbiguousKey.code());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn insert(&mut self, kid: Option<&str>, key: JwkKey) -> Result<()> {
        let symmetric = key.alg().is_symmetric();
        let clash = self.keys.iter().any(|e| {
            e.key.alg().is_symmetric() != symmetric
                || (kid.is_some() && e.key.alg() == key.alg() && e.kid.as_deref() == kid)
        });
        if clash {
            return Err(JoseError::AmbiguousKey.into());
        }
        self.keys.push(Entry {
            kid: kid.map(str::to_owned),
            key,
        });
        self.lone = false;
        Ok(())
    }

    /// The same keys, used whatever the token's `kid`, as one key given by itself is (the forms of
    /// one PEM key or JWK, bound to several algorithms): a token's `kid` then names no key.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{HeaderParams, HmacKey, JwkKey};
    ///
    /// let secret = b"a shared secret of at least 32 bytes";
    /// let mut keys = tinyjose_std::KeySet::new();
    /// keys.insert(None, JwkKey::Hmac(HmacKey::hs256(secret)?))?;
    /// let header = HeaderParams::new().kid("k1");
    /// let token = tinyjose_std::sign_to_string(&header, b"{}", &HmacKey::hs256(secret)?)?;
    /// assert_eq!(tinyjose_std::verify(&token, &keys).unwrap_err().code(), "no_matching_key");
    /// assert!(tinyjose_std::verify(&token, &keys.ignoring_kid()).is_ok());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    #[must_use]
    pub fn ignoring_kid(mut self) -> Self {
        self.lone = true;
        self
    }

    /// How many (key, algorithm) pairs the set holds.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tinyjose_std::KeySet::new().len(), 0);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the set holds no key.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tinyjose_std::KeySet::default().is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The algorithms the keys are bound to, each once, in the order first added.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{HmacKey, JwkKey, JwsAlg};
    ///
    /// let keys = tinyjose_std::KeySet::from(JwkKey::Hmac(HmacKey::hs256(&[1; 32])?));
    /// assert_eq!(keys.algorithms(), [JwsAlg::Hs256]);
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    #[must_use]
    pub fn algorithms(&self) -> Vec<JwsAlg> {
        let mut algs: Vec<JwsAlg> = Vec::new();
        for e in &self.keys {
            if !algs.contains(&e.key.alg()) {
                algs.push(e.key.alg());
            }
        }
        algs
    }

    /// The first key for this token, by the core's one rule ([`KeySelection`]): with a `kid` in
    /// the header, the key with exactly that `kid`, bound to the header's `alg`; without, the
    /// first key bound to the `alg`. A set made from one key is used whatever the `kid`.
    /// [`verify`](crate::verify) tries each admitted key in turn.
    ///
    /// # Errors
    ///
    /// [`tinyjose::Error::NoMatchingKey`] if no key is admitted;
    /// [`tinyjose::Error::AlgMismatch`] if the key named by `kid` (or the one key of a set made
    /// from one key) is for another algorithm.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{HmacKey, JwkKey, UntrustedJws};
    ///
    /// let keys = tinyjose_std::KeySet::from(JwkKey::Hmac(HmacKey::hs256(
    ///     b"a shared secret of at least 32 bytes",
    /// )?));
    /// let jws = UntrustedJws::parse(
    ///     "eyJhbGciOiJIUzI1NiJ9.aGVsbG8.f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M",
    /// )?;
    /// let key = keys.select(&jws)?;
    /// assert_eq!(tinyjose_std::verify_to_vec(&jws, key)?, b"hello");
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn select(&self, jws: &UntrustedJws<'_>) -> Result<&JwkKey> {
        let first = self.candidates(jws, 1)?.into_iter().next();
        first.ok_or_else(|| JoseError::NoMatchingKey.into())
    }

    /// The keys to try for `jws`, in order, at most `limit`, by the core's one rule
    /// ([`KeySelection`]); a set made from one key (a JWK, a secret, a [`JwkKey`]) is used
    /// whatever the token's `kid`, as a lone key is.
    pub(crate) fn candidates(&self, jws: &UntrustedJws<'_>, limit: usize) -> Result<Vec<&JwkKey>> {
        let kid = if self.lone { None } else { jws.kid() };
        let mut selection = KeySelection::new(kid, jws.alg(), limit);
        let keys: Vec<&JwkKey> = self
            .keys
            .iter()
            .filter(|e| selection.admits(|k| e.kid.as_deref() == Some(k), |a| e.key.alg() == a))
            .map(|e| &e.key)
            .collect();
        if keys.is_empty() {
            // A lone key of another algorithm is a mismatch, as the core's `verify` says.
            let error = if self.lone {
                JoseError::AlgMismatch
            } else {
                selection.error(None)
            };
            return Err(error.into());
        }
        Ok(keys)
    }
}

impl From<JwkKey> for KeySet {
    /// A set of one key, without a `kid`.
    fn from(key: JwkKey) -> Self {
        Self {
            keys: vec![Entry { kid: None, key }],
            lone: true,
        }
    }
}
