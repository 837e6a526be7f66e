//! JWT access tokens (RFC 9068).

use super::{string, validate};
use crate::json::Value;
use crate::{Claim, Claims, Error, Part, UnixTime, Validation, VerifiedJws};

/// What an RFC 9068 access token must satisfy, beyond its signature by the issuer's key
/// (RFC 9068 §4).
///
/// The header `typ` must be `at+jwt` (or `application/at+jwt`): an ID token is never an access
/// token ([`Error::TypeMismatch`]). `iss` must be the issuer and `aud` contain the resource's
/// identifier; `iss`, `exp`, `aud`, `sub`, `client_id`, `iat` and `jti` are required, checked
/// in jose's order as [`Validation`] does, and `client_id` must be a string. A key-bound token's
/// `cnf.jkt` is read with [`Claims::jkt`].
///
/// # Examples
///
/// ```
/// use tinyjose::{AccessTokenValidation, Error, HeaderParams, HmacKey, UnixTime, UntrustedJws, sign};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let claims = br#"{"iss":"https://as.example","aud":"https://rs.example","sub":"5ba552d6",
///     "client_id":"s6BhdRkqt3","exp":1639528912,"iat":1618354090,"jti":"dbe39bf3a3ba4238a513f51d6e1691c4"}"#;
/// let mut out = [0u8; 512];
/// let token = sign(&HeaderParams::new().typ("at+jwt"), claims, &key, &mut out)?.to_owned();
///
/// let jws = UntrustedJws::parse(&token)?;
/// let mut buf = [0u8; 256];
/// let v = AccessTokenValidation::new("https://as.example", "https://rs.example", UnixTime::from_secs(1_618_354_100));
/// let claims = jws.verify(&key, &mut buf)?.access_token(&v)?;
/// assert_eq!(claims.exp(), Some(UnixTime::from_secs(1_639_528_912)));
///
/// // The same claims as an ID token (`typ` JWT) are refused.
/// let id_token = sign(&HeaderParams::new().typ("JWT"), claims.json().as_bytes(), &key, &mut out)?.to_owned();
/// let jws = UntrustedJws::parse(&id_token)?;
/// assert_eq!(jws.verify(&key, &mut buf)?.access_token(&v).unwrap_err(), Error::TypeMismatch);
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccessTokenValidation<'a> {
    issuer: &'a str,
    audience: &'a str,
    now: UnixTime,
    leeway: u64,
}

impl<'a> AccessTokenValidation<'a> {
    /// An access token of `issuer` for the resource `audience`, at time `now`, with no leeway.
    #[must_use]
    pub const fn new(issuer: &'a str, audience: &'a str, now: UnixTime) -> Self {
        Self {
            issuer,
            audience,
            now,
            leeway: 0,
        }
    }

    /// Seconds of clock skew tolerated on `exp`, `nbf` and `iat`.
    #[must_use]
    pub const fn leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }
}

impl<'a> VerifiedJws<'a> {
    /// Validates the verified payload as an RFC 9068 access token.
    ///
    /// # Errors
    ///
    /// The errors of [`claims`](Self::claims), [`Error::InvalidClaim`] for a `client_id` that
    /// is not a string.
    ///
    /// # Examples
    ///
    /// See [`AccessTokenValidation`].
    pub fn access_token(&self, v: &AccessTokenValidation<'_>) -> Result<Claims<'a>, Error> {
        let validation = Validation::new(v.now)
            .leeway(v.leeway)
            .typ("at+jwt")
            .issuer(v.issuer)
            .audience(v.audience);
        let required = ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"];
        if !self.b64() {
            return Err(Error::Malformed(Part::Payload));
        }
        let claims = validate(self.payload(), self.header().typ(), validation, &required)?;
        string(&claims.object(), Claim::ClientId)?;
        Ok(claims)
    }
}

impl<'p> Claims<'p> {
    /// The `jkt` of the `cnf` claim (RFC 9449 §6.1): the thumbprint of the key a DPoP-bound
    /// access token is bound to, to give to [`DpopValidation::jkt`](crate::DpopValidation::jkt).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidClaim`] for a `cnf` that is not an object or a `jkt` that is not a string
    /// without escapes.
    pub fn jkt(&self) -> Result<Option<&'p str>, Error> {
        let bad = Error::InvalidClaim(Claim::Cnf);
        let Some(cnf) = self.object().get("cnf") else {
            return Ok(None);
        };
        let cnf = cnf.as_object().ok_or(bad)?;
        cnf.get("jkt")
            .map(|jkt: Value<'p>| jkt.as_str().and_then(|s| s.as_borrowed()).ok_or(bad))
            .transpose()
    }
}
