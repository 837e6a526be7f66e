//! [`JwkSet`]: a JWK Set (RFC 7517 §5) held as text, and the choice of its key for a token.

use super::{Jwk, JwkKey};
use crate::json;
use crate::jws::{JwsKeys, JwsVerifier};
use crate::{Error, JwsAlg, KeySelection, Limit, Limits, Part, UntrustedJws, VerifiedJws};

/// A JWK Set (RFC 7517 §5) held as JSON text, scanned without allocation when a key is needed.
///
/// [`parse`](Self::parse) refuses sets that invite confusion: two keys with the same `kid`, or
/// secret (`oct`) keys mixed with asymmetric keys (RFC 8725 §3.10).
///
/// # Examples
///
/// ```
/// use tinyjose::{JwkSet, UntrustedJws};
///
/// let set = JwkSet::parse(r#"{"keys":[
///   {"kty":"oct","kid":"a","alg":"HS256","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"},
///   {"kty":"oct","kid":"b","alg":"HS256","k":"b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXItMzI"}]}"#)?;
/// let token = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImEifQ.aGk.-iLAG0SygUVDrnNrREQ0xkzqGAMJZ6Kg3b8Y9Ftt0_0";
/// let jws = UntrustedJws::parse(token)?;
/// let key = set.verifier_for(&jws)?;
/// let mut buf = [0u8; 2];
/// assert_eq!(jws.verify(&key, &mut buf)?.payload(), b"hi");
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct JwkSet<'a> {
    keys: json::Value<'a>,
    /// [`Limits::key_candidates`] of the limits it was parsed with.
    candidates: usize,
}

impl<'a> JwkSet<'a> {
    /// Parses a JWK Set with the default [`Limits`].
    ///
    /// # Errors
    ///
    /// [`Error::Json`] (with [`Part::Jwk`]) if it is not an object with a `keys` array of objects
    /// each with a string `kty`; [`Error::AmbiguousKey`] for a repeated `kid` or mixed secret and
    /// asymmetric keys; [`Error::LimitExceeded`].
    pub fn parse(json: &'a str) -> Result<Self, Error> {
        Self::parse_with_limits(json, &Limits::DEFAULT)
    }

    /// Parses a JWK Set with explicit [`Limits`].
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse).
    pub fn parse_with_limits(json: &'a str, limits: &Limits) -> Result<Self, Error> {
        let object = json::parse_object(json.as_bytes(), limits.json_depth, Part::Jwk)?;
        let keys = object
            .get("keys")
            .filter(|keys| keys.as_array().is_some())
            .ok_or(Error::Json(Part::Jwk))?;
        let set = Self {
            keys,
            candidates: limits.key_candidates,
        };
        let mut left = limits.jwks_keys;
        let (mut symmetric, mut asymmetric) = (false, false);
        for (i, jwk) in set.iter().enumerate() {
            let jwk = jwk?;
            left = left
                .checked_sub(1)
                .ok_or(Error::LimitExceeded(Limit::JwksKeys))?;
            if jwk.is_symmetric() {
                symmetric = true;
            } else {
                asymmetric = true;
            }
            let kid = jwk.str("kid")?;
            let same_kid = |other: &Jwk<'_>| {
                let theirs = other.str("kid").ok().flatten();
                kid.zip(theirs).is_some_and(|(a, b)| a.same_as(&b))
            };
            if set.iter().take(i).flatten().any(|other| same_kid(&other)) {
                return Err(Error::AmbiguousKey);
            }
        }
        if symmetric && asymmetric {
            return Err(Error::AmbiguousKey);
        }
        Ok(set)
    }

    /// The keys, in order.
    pub fn iter(&self) -> impl Iterator<Item = Result<Jwk<'a>, Error>> + 'a {
        self.keys.as_array().into_iter().flatten().map(|v| {
            v.as_object()
                .ok_or(Error::Json(Part::Jwk))
                .and_then(Jwk::from_object)
        })
    }

    /// The first key for a token with this `kid` and `alg`, by the one rule of every key set
    /// ([`KeySelection`]): with a `kid`, the key with exactly that `kid`, which must serve
    /// `alg`; without, the first key that serves `alg`. Prefer [`verify`](Self::verify), which
    /// tries each key the rule admits.
    ///
    /// # Errors
    ///
    /// [`Error::NoMatchingKey`]; for the key named by `kid`, the error of [`Jwk::to_key`] that
    /// refused it for `alg` ([`Error::AlgMismatch`], [`Error::KeyRejected`]).
    pub fn select(&self, kid: Option<&str>, alg: JwsAlg) -> Result<JwkKey, Error> {
        let mut selection = KeySelection::new(kid, alg, self.candidates);
        let mut refused = None;
        for jwk in self.iter().flatten() {
            if let Some(key) = admit(&mut selection, &jwk, kid.is_some(), &mut refused) {
                return Ok(key);
            }
        }
        Err(refused.unwrap_or_else(|| selection.error(None)))
    }

    /// Verifies `jws` with the keys the one rule admits ([`KeySelection`]), in order, and
    /// decodes the payload into `out` with the first that verifies: with a `kid`, the key with
    /// exactly that `kid`; without, each key that serves the token's `alg`, at most
    /// [`Limits::key_candidates`] of them.
    ///
    /// # Errors
    ///
    /// [`Error::BufferTooSmall`] (before any cryptography), [`Error::NoMatchingKey`], the refusal
    /// of the key named by `kid`, [`Error::InvalidSignature`] when no admitted key verifies.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{HeaderParams, HmacKey, JwkSet, UntrustedJws, sign};
    ///
    /// // Two keys without kid: the token is tried with each.
    /// let set = JwkSet::parse(r#"{"keys":[
    ///   {"kty":"oct","alg":"HS256","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
    ///   {"kty":"oct","alg":"HS256","k":"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE"}]}"#)?;
    /// let mut out = [0u8; 256];
    /// let token = sign(&HeaderParams::new(), b"hi", &HmacKey::hs256(&[1; 32])?, &mut out)?.to_owned();
    /// let jws = UntrustedJws::parse(&token)?;
    /// let mut buf = [0u8; 2];
    /// assert_eq!(set.verify(&jws, &mut buf)?.payload(), b"hi");
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn verify<'v, const H: usize>(
        &self,
        jws: &'v UntrustedJws<'_, H>,
        out: &'v mut [u8],
    ) -> Result<VerifiedJws<'v>, Error> {
        jws.verify_with(self, out)
    }

    /// [`select`](Self::select) with the token's `kid` and `alg`.
    ///
    /// # Errors
    ///
    /// As [`select`](Self::select).
    pub fn verifier_for<const H: usize>(&self, jws: &UntrustedJws<'_, H>) -> Result<JwkKey, Error> {
        let header = jws.header();
        self.select(header.kid(), header.alg())
    }
}

/// The keys the one rule admits for a signature, in order: with a `kid`, the key with exactly
/// that `kid`; without, each key that serves `alg`, at most [`Limits::key_candidates`] of them.
/// This is how [`UntrustedJwsJson::verify_any`](crate::UntrustedJwsJson::verify_any) uses a set.
impl JwsKeys for JwkSet<'_> {
    fn try_keys(
        &self,
        kid: Option<&str>,
        alg: JwsAlg,
        check: &mut dyn FnMut(&dyn JwsVerifier) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut selection = KeySelection::new(kid, alg, self.candidates);
        let (mut refused, mut last) = (None, None);
        for jwk in self.iter().flatten() {
            let Some(key) = admit(&mut selection, &jwk, kid.is_some(), &mut refused) else {
                continue;
            };
            match check(&key) {
                Ok(()) => return Ok(()),
                Err(e) => last = Some(e),
            }
        }
        Err(last.or(refused).unwrap_or_else(|| selection.error(None)))
    }
}

/// The key `jwk` makes for the selection's algorithm, when the selection admits it. With a
/// token `kid` (`by_kid`), the key it names that cannot serve the algorithm leaves its refusal in
/// `refused`.
fn admit(
    selection: &mut KeySelection<'_>,
    jwk: &Jwk<'_>,
    by_kid: bool,
    refused: &mut Option<Error>,
) -> Option<JwkKey> {
    let mut built = None;
    let admitted = selection.admits(
        |kid| jwk.has_kid(kid),
        |alg| match jwk.to_key(Some(alg)) {
            Ok(key) => {
                built = Some(key);
                true
            }
            Err(e) => {
                if by_kid {
                    *refused = Some(e);
                }
                false
            }
        },
    );
    built.filter(|_| admitted)
}
