//! An owned set of verification keys, each bound to one algorithm, chosen per token by `kid`
//! and `alg`.

use tinyjose::jws::JwsKeys;
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
        let mut keys = Self::new();
        keys.insert_jwks(json, &JwsAlg::ALL)?;
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
        let mut keys = Self::new();
        keys.insert_jwk(json, &JwsAlg::ALL)?;
        keys.lone = true;
        Ok(keys)
    }

    /// Adds the keys of one JWK, without its `kid` when the set is then used alone (see
    /// [`ignoring_kid`](Self::ignoring_kid)), else with it. The one binding rule of this type:
    /// a JWK is bound to its own `alg` or the one its curve implies, which must be among `algs`;
    /// a JWK that names none (a secret, an RSA key) is bound to each of `algs` its type and size
    /// admit. [`from_jwk`](Self::from_jwk) and [`from_jwks`](Self::from_jwks) pass every
    /// algorithm, as `jose` does for a JWK without `alg`; pass fewer to restrict.
    ///
    /// Returns how many (key, algorithm) pairs were added.
    ///
    /// # Errors
    ///
    /// The errors of [`Jwk::parse`](tinyjose::Jwk::parse) and [`insert`](Self::insert);
    /// `KeyRejected(NoAlg)` for a JWK that names no algorithm when `algs` is empty;
    /// `AlgMismatch` for a JWK whose `alg` is not among `algs`; the core's reason
    /// ([`tinyjose::Jwk::to_key`]) when the key serves none of them (`KeyRejected(WrongType)`
    /// for an EC or OKP JWK without `alg` asked for an algorithm of another key type).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    ///
    /// let secret = r#"{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"}"#;
    /// let mut keys = tinyjose_std::KeySet::new();
    /// assert_eq!(keys.insert_jwk(secret, &[JwsAlg::Hs256, JwsAlg::Es256])?, 1);
    /// assert_eq!(keys.insert_jwk(secret, &[]).unwrap_err().code(), "key_rejected");
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn insert_jwk(&mut self, json: &str, algs: &[JwsAlg]) -> Result<usize> {
        let jwk = tinyjose::Jwk::parse(json)?;
        self.insert_parsed(&jwk, algs, true)
    }

    /// Adds the keys of a JWK Set, each bound as by [`insert_jwk`](Self::insert_jwk); keys that
    /// serve none of `algs` (another `use`, `key_ops` without `verify`, an encryption key, an
    /// unsupported `kty` or `crv`, invalid material) are left out, as `jose`'s
    /// `createLocalJWKSet` does. Returns how many (key, algorithm) pairs were added.
    ///
    /// # Errors
    ///
    /// The errors of the core's [`JwkSet::parse`] (a repeated `kid`, secret and public keys
    /// mixed, too many keys) and of [`insert`](Self::insert).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    ///
    /// let jwks = r#"{"keys":[{"kty":"oct","kid":"a","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"}]}"#;
    /// let mut keys = tinyjose_std::KeySet::new();
    /// assert_eq!(keys.insert_jwks(jwks, &[JwsAlg::Es256])?, 0);
    /// assert_eq!(keys.insert_jwks(jwks, &[JwsAlg::Hs256])?, 1);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn insert_jwks(&mut self, json: &str, algs: &[JwsAlg]) -> Result<usize> {
        let set = JwkSet::parse(json)?;
        let mut added = 0;
        for jwk in set.iter() {
            added += self.insert_parsed(&jwk?, algs, false)?;
        }
        Ok(added)
    }

    #[cfg(feature = "rsa-private")]
    /// Adds a PEM key bound to each of `algs` it serves, or, with `algs` empty, to the one its
    /// curve implies (an RSA key needs `algs`). Returns how many pairs were added.
    ///
    /// # Errors
    ///
    /// The reason of [`key_from_pem`](crate::key_from_pem) for the first of `algs` when the key
    /// serves none; the errors of [`insert`](Self::insert).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    ///
    /// let pem = include_str!("../tests/data/keys/rsa.spki.pem");
    /// let mut keys = tinyjose_std::KeySet::new();
    /// assert_eq!(keys.insert_pem(pem, &[JwsAlg::Rs256, JwsAlg::Ps256, JwsAlg::Es256])?, 2);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn insert_pem(&mut self, pem: &str, algs: &[JwsAlg]) -> Result<usize> {
        self.insert_each(algs, |alg| crate::key_from_pem(pem, alg))
    }

    #[cfg(feature = "rsa-private")]
    /// Adds a DER key, as [`insert_pem`](Self::insert_pem).
    ///
    /// # Errors
    ///
    /// As [`insert_pem`](Self::insert_pem).
    ///
    /// # Examples
    ///
    /// ```
    /// let der = include_bytes!("../tests/data/keys/p256.spki.der");
    /// let mut keys = tinyjose_std::KeySet::new();
    /// assert_eq!(keys.insert_der(der, &[])?, 1);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn insert_der(&mut self, der: &[u8], algs: &[JwsAlg]) -> Result<usize> {
        self.insert_each(algs, |alg| crate::key_from_der(der, alg))
    }

    #[cfg(feature = "rsa-private")]
    /// Adds the key `load` gives for each of `algs` (or for `None`), without a `kid`.
    fn insert_each(
        &mut self,
        algs: &[JwsAlg],
        load: impl Fn(Option<JwsAlg>) -> Result<JwkKey>,
    ) -> Result<usize> {
        if algs.is_empty() {
            self.insert(None, load(None)?)?;
            return Ok(1);
        }
        let mut added = 0;
        let mut first_error = None;
        for &alg in algs {
            match load(Some(alg)) {
                Ok(key) => {
                    self.insert(None, key)?;
                    added += 1;
                }
                Err(e) => first_error = first_error.or(Some(e)),
            }
        }
        match first_error {
            Some(e) if added == 0 => Err(e),
            _ => Ok(added),
        }
    }

    /// Adds the keys of `jwk` by the rule of [`insert_jwk`](Self::insert_jwk). `alone`: a key
    /// given by itself must serve; a key of a set that does not is left out.
    fn insert_parsed(
        &mut self,
        jwk: &tinyjose::Jwk<'_>,
        algs: &[JwsAlg],
        alone: bool,
    ) -> Result<usize> {
        let kid = crate::signature_key::kid_of(jwk)?;
        let kid = kid.as_deref();
        // Bound by the JWK itself: its `alg`, or the one its curve implies.
        match jwk.to_key(None) {
            Ok(key) if algs.contains(&key.alg()) => {
                self.insert(kid, key)?;
                return Ok(1);
            }
            // Given by itself, bound to another algorithm: the core's refusal of the key for
            // the algorithms asked, as `Jwk::to_key` and `SignatureKey::from_jwk` give it
            // (`AlgMismatch` for a JWK that names another `alg`, `KeyRejected` for one whose
            // type or curve cannot serve them).
            Ok(_) if alone => return Err(refusal(jwk, algs).into()),
            Ok(_) => return Ok(0),
            Err(JoseError::KeyRejected(KeyReason::NoAlg)) => {}
            Err(e) if alone => return Err(e.into()),
            Err(_) => return Ok(0),
        }
        if algs.is_empty() {
            return if alone {
                Err(JoseError::KeyRejected(KeyReason::NoAlg).into())
            } else {
                Ok(0)
            };
        }
        let mut added = 0;
        let mut first_error = None;
        for &alg in algs {
            match jwk.to_key(Some(alg)) {
                Ok(key) => {
                    self.insert(kid, key)?;
                    added += 1;
                }
                Err(e) => first_error = Some(telling(first_error, e)),
            }
        }
        match first_error {
            Some(e) if alone && added == 0 => Err(e.into()),
            _ => Ok(added),
        }
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

    /// Whether a token with this `kid` and `alg` has a key to try here.
    #[cfg(feature = "remote")]
    pub(crate) fn admits(&self, kid: Option<&str>, alg: JwsAlg) -> bool {
        let kid = if self.lone { None } else { kid };
        let mut selection = KeySelection::new(kid, alg, 1);
        self.keys
            .iter()
            .any(|e| selection.admits(|k| e.kid.as_deref() == Some(k), |a| e.key.alg() == a))
    }

    /// The keys to try for `jws`, in order, at most `limit`, by the core's one rule
    /// ([`KeySelection`]); a set made from one key (a JWK, a secret, a [`JwkKey`]) is used
    /// whatever the token's `kid`, as a lone key is.
    pub(crate) fn candidates(&self, jws: &UntrustedJws<'_>, limit: usize) -> Result<Vec<&JwkKey>> {
        let header = jws.header();
        let kid = if self.lone { None } else { header.kid() };
        let mut selection = KeySelection::new(kid, header.alg(), limit);
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

/// The core's one rule for a signature of a JWS JSON serialization: with a `kid`, the keys with
/// exactly that `kid`; without, each key bound to its `alg`; a set made from one key is used
/// whatever the `kid`.
impl JwsKeys for KeySet {
    fn try_keys(
        &self,
        kid: Option<&str>,
        alg: JwsAlg,
        check: &mut dyn FnMut(&dyn JwsVerifier) -> core::result::Result<(), JoseError>,
    ) -> core::result::Result<(), JoseError> {
        if self.lone {
            // One key (a secret for each HMAC algorithm its length allows, an RSA JWK for each
            // RSA algorithm): the entries of the signature's algorithm, whatever the `kid`.
            let mut last = JoseError::AlgMismatch;
            for entry in self.keys.iter().filter(|e| e.key.alg() == alg) {
                match check(&entry.key) {
                    Ok(()) => return Ok(()),
                    Err(e) => last = e,
                }
            }
            return Err(last);
        }
        let mut selection = KeySelection::new(kid, alg, tinyjose::Limits::DEFAULT.key_candidates);
        let mut last = None;
        for entry in &self.keys {
            if selection.admits(
                |k| entry.kid.as_deref() == Some(k),
                |a| entry.key.alg() == a,
            ) {
                match check(&entry.key) {
                    Ok(()) => return Ok(()),
                    Err(e) => last = Some(e),
                }
            }
        }
        Err(selection.error(last))
    }
}

/// Why the core refuses `jwk` for each of `algs`: the reason that tells most, or `AlgMismatch`
/// when no algorithm is asked.
fn refusal(jwk: &tinyjose::Jwk<'_>, algs: &[JwsAlg]) -> JoseError {
    let mut first = None;
    for &alg in algs {
        if let Err(e) = jwk.to_key(Some(alg)) {
            first = Some(telling(first, e));
        }
    }
    first.unwrap_or(JoseError::AlgMismatch)
}

/// Of two reasons a key serves no algorithm, the one that tells more: a wrong key type says
/// only that the algorithm was not the key's.
fn telling(first: Option<JoseError>, next: JoseError) -> JoseError {
    match first {
        Some(JoseError::KeyRejected(KeyReason::WrongType)) | None => next,
        Some(first) => first,
    }
}
