//! The jsonwebtoken-shaped convenience API: [`decode`] and [`encode`], with [`verify`] and
//! [`verify_jwt`] beneath them for payloads that are not a typed claim set.
//!
//! How it maps to the core: [`decode`] is [`UntrustedJws::parse`], [`KeySet::select`],
//! [`UntrustedJws::verify`] into a `Vec` sized by [`UntrustedJws::payload_len`],
//! [`tinyjose::VerifiedJws::claims`] with your [`Validation`], and `serde_json` into your type.
//! [`encode`] is `serde_json` and [`tinyjose::sign`] into a `String` sized by
//! [`tinyjose::compact_len`].

use serde::Serialize;
use serde::de::DeserializeOwned;
use tinyjose::{
    Error as JoseError, HeaderParams, JwsAlg, JwsSigner, Limits, UntrustedJws, Validation,
    VerifiedJws,
};

use crate::{KeySet, Result, sign_to_string};

/// The protected header of a JWS: `alg` and the parameters tinyjose reads and writes.
///
/// # Examples
///
/// ```
/// use tinyjose::JwsAlg;
///
/// let header = tinyjose_std::Header::new(JwsAlg::Es256);
/// assert_eq!(header.typ.as_deref(), Some("JWT"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Header {
    /// The signature algorithm (RFC 7515 §4.1.1).
    pub alg: JwsAlg,
    /// Key ID (RFC 7515 §4.1.4).
    pub kid: Option<String>,
    /// Media type of the whole token (RFC 7515 §4.1.9).
    pub typ: Option<String>,
    /// Media type of the payload (RFC 7515 §4.1.10).
    pub cty: Option<String>,
}

impl Header {
    /// A header for `alg` with `typ` `JWT`, as `jsonwebtoken::Header::new` makes.
    ///
    /// # Examples
    ///
    /// ```
    /// let header = tinyjose_std::Header::new(tinyjose::JwsAlg::Hs256);
    /// assert_eq!(header.kid, None);
    /// ```
    #[must_use]
    pub fn new(alg: JwsAlg) -> Self {
        Self {
            alg,
            kid: None,
            typ: Some("JWT".to_owned()),
            cty: None,
        }
    }

    fn of(jws: &UntrustedJws<'_>) -> Self {
        Self::from_protected(&jws.header())
    }

    /// The owned form of a protected header.
    pub(crate) fn from_protected(header: &tinyjose::ProtectedHeader<'_, JwsAlg>) -> Self {
        Self {
            alg: header.alg(),
            kid: header.kid().map(str::to_owned),
            typ: header.typ().map(str::to_owned),
            cty: header.cty().map(str::to_owned),
        }
    }

    fn params(&self) -> HeaderParams<'_> {
        let mut params = HeaderParams::new();
        params.kid = self.kid.as_deref();
        params.typ = self.typ.as_deref();
        params.cty = self.cty.as_deref();
        params
    }
}

/// A verified token: its header and its payload bytes.
///
/// # Examples
///
/// ```
/// use tinyjose::{HmacKey, JwkKey};
///
/// let keys = tinyjose_std::KeySet::from(JwkKey::Hmac(HmacKey::hs256(
///     b"a shared secret of at least 32 bytes",
/// )?));
/// let token = "eyJhbGciOiJIUzI1NiJ9.aGVsbG8.f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M";
/// let verified = tinyjose_std::verify(token, &keys)?;
/// assert_eq!(verified.payload, b"hello");
/// assert_eq!(verified.header_json, r#"{"alg":"HS256"}"#);
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified {
    /// The protected header.
    pub header: Header,
    /// The protected header JSON, exactly as signed.
    pub header_json: String,
    /// The payload, exactly as signed.
    pub payload: Vec<u8>,
    /// The unprotected header of the signature that verified, as JSON text, for a JSON
    /// serialization. **Not integrity protected.**
    pub unprotected_header: Option<String>,
    /// Whether the payload was signed base64url-encoded: `false` for an RFC 7797 unencoded
    /// payload (`"b64":false`), which no JWT has (RFC 7519 §7.1), so its claims are never
    /// validated ([`tinyjose::VerifiedJws::claims`] refuses it).
    pub b64: bool,
}

/// A verified JWT: its header and its claims, as `jsonwebtoken::TokenData`.
///
/// # Examples
///
/// See [`decode`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenData<C> {
    /// The protected header.
    pub header: Header,
    /// The claims.
    pub claims: C,
}

/// Verifies a compact JWS with the key `keys` selects for it, without reading the payload as
/// claims. Use [`verify_jwt`] or [`decode`] for a JWT.
///
/// # Errors
///
/// The errors of [`UntrustedJws::parse`], [`KeySet::select`] and [`UntrustedJws::verify`].
///
/// # Examples
///
/// See [`Verified`].
pub fn verify(token: &str, keys: &KeySet) -> Result<Verified> {
    verify_with_limits(token, keys, &Limits::DEFAULT)
}

/// As [`verify`], with explicit [`Limits`]: sizes, and whether ECDSA signatures with a high `s`
/// are accepted ([`Limits::ecdsa_high_s`]).
///
/// # Errors
///
/// As [`verify`].
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, Limit, Limits};
///
/// let keys = tinyjose_std::KeySet::from_secret(b"a shared secret of at least 32 bytes")?;
/// let tight = Limits::DEFAULT.with_token_len(10);
/// let err = tinyjose_std::verify_with_limits("eyJhbGciOiJIUzI1NiJ9.e30.c2ln", &keys, &tight);
/// assert_eq!(err.unwrap_err().code(), "limit_exceeded");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn verify_with_limits(token: &str, keys: &KeySet, limits: &Limits) -> Result<Verified> {
    verify_with(token, keys, limits, |_| Ok(()))
}

/// Verifies a compact JWS and validates its payload as JWT claims against `validation`.
///
/// # Errors
///
/// As [`verify`], and the claim errors of [`tinyjose::VerifiedJws::claims`].
///
/// # Examples
///
/// ```
/// use tinyjose::{HmacKey, JwkKey, UnixTime, Validation};
///
/// let keys = tinyjose_std::KeySet::from(JwkKey::Hmac(HmacKey::hs256(
///     b"a shared secret of at least 32 bytes",
/// )?));
/// let token = tinyjose_std::sign_to_string(
///     &tinyjose::HeaderParams::new(),
///     br#"{"iss":"me","exp":2000}"#,
///     &HmacKey::hs256(b"a shared secret of at least 32 bytes")?,
/// )?;
/// let at = |t| Validation::new(UnixTime::from_secs(t)).issuer("me");
/// assert_eq!(tinyjose_std::verify_jwt(&token, &keys, &at(1000))?.payload, br#"{"iss":"me","exp":2000}"#);
/// assert_eq!(tinyjose_std::verify_jwt(&token, &keys, &at(3000)).unwrap_err().code(), "expired");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn verify_jwt(token: &str, keys: &KeySet, validation: &Validation<'_>) -> Result<Verified> {
    verify_jwt_with_limits(token, keys, validation, &Limits::DEFAULT)
}

/// As [`verify_jwt`], with explicit [`Limits`].
///
/// # Errors
///
/// As [`verify_jwt`].
pub fn verify_jwt_with_limits(
    token: &str,
    keys: &KeySet,
    validation: &Validation<'_>,
    limits: &Limits,
) -> Result<Verified> {
    verify_with(token, keys, limits, |verified| {
        verified.claims(validation)?;
        Ok(())
    })
}

fn verify_with(
    token: &str,
    keys: &KeySet,
    limits: &Limits,
    check: impl FnOnce(&VerifiedJws<'_>) -> Result<()>,
) -> Result<Verified> {
    verify_checked(token, keys, limits, check).map(|(verified, ())| verified)
}

/// Verifies `token` with the first key of `keys` that verifies it, then runs `check` on the
/// verified token: its result comes back with the owned token.
pub(crate) fn verify_checked<T>(
    token: &str,
    keys: &KeySet,
    limits: &Limits,
    check: impl FnOnce(&VerifiedJws<'_>) -> Result<T>,
) -> Result<(Verified, T)> {
    let jws = UntrustedJws::parse_with_limits(token, limits)?;
    let mut payload = vec![0u8; jws.payload_len()];
    let mut last = JoseError::NoMatchingKey;
    // Each key the core's rule admits, in order, until one verifies.
    for key in keys.candidates(&jws, limits.key_candidates)? {
        match jws.verify(key, &mut payload) {
            Ok(verified) => {
                let len = verified.payload().len();
                let header_json = verified.header().json().to_owned();
                let b64 = verified.b64();
                let checked = check(&verified)?;
                payload.truncate(len);
                let verified = Verified {
                    header: Header::of(&jws),
                    header_json,
                    payload,
                    unprotected_header: None,
                    b64,
                };
                return Ok((verified, checked));
            }
            Err(e) => last = e,
        }
    }
    Err(last.into())
}

/// Verifies a JWT and deserializes its claims into `C`, as `jsonwebtoken::decode`: any
/// `serde::Deserialize` type, `serde_json::Value` included.
///
/// The key comes from `keys`, chosen by the header's `kid` and `alg` among keys you bound to
/// their algorithms; the claims are validated by the core before `C` sees them (`exp` and
/// `nbf` always when present, the rest as `validation` asks).
///
/// # Errors
///
/// As [`verify_jwt`]; [`Error::Json`](crate::Error::Json) if the claims do not fit `C`.
///
/// # Examples
///
/// ```
/// use serde::Deserialize;
/// use tinyjose::{HmacKey, JwkKey, JwsAlg, UnixTime, Validation};
/// use tinyjose_std::{Header, KeySet, decode, encode};
///
/// #[derive(Deserialize)]
/// struct Claims { sub: String, exp: u64 }
///
/// let secret = b"a shared secret of at least 32 bytes";
/// let token = encode(
///     &Header::new(JwsAlg::Hs256),
///     &serde_json::json!({"sub": "alice", "exp": 2000}),
///     &HmacKey::hs256(secret)?,
/// )?;
/// let keys = KeySet::from(JwkKey::Hmac(HmacKey::hs256(secret)?));
/// let data = decode::<Claims>(&token, &keys, &Validation::new(UnixTime::from_secs(1000)))?;
/// assert_eq!((data.claims.sub.as_str(), data.claims.exp), ("alice", 2000));
/// assert_eq!(data.header.typ.as_deref(), Some("JWT"));
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn decode<C: DeserializeOwned>(
    token: &str,
    keys: &KeySet,
    validation: &Validation<'_>,
) -> Result<TokenData<C>> {
    let verified = verify_jwt(token, keys, validation)?;
    let claims = serde_json::from_slice(&verified.payload)?;
    Ok(TokenData {
        header: verified.header,
        claims,
    })
}

/// The header of a token, **unverified**, as `jsonwebtoken::decode_header`: use it only to
/// choose a key.
///
/// # Errors
///
/// The errors of [`UntrustedJws::parse`].
///
/// # Examples
///
/// ```
/// let header = tinyjose_std::decode_header(
///     "eyJhbGciOiJIUzI1NiJ9.aGVsbG8.f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M",
/// )?;
/// assert_eq!(header.alg, tinyjose::JwsAlg::Hs256);
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn decode_header(token: &str) -> Result<Header> {
    Ok(Header::of(&UntrustedJws::parse(token)?))
}

/// Serializes `claims` to JSON and signs them, as `jsonwebtoken::encode`.
///
/// # Errors
///
/// [`tinyjose::Error::AlgMismatch`] if `header.alg` is not the key's algorithm;
/// [`Error::Json`](crate::Error::Json) if `claims` cannot be serialized; the errors of the signer.
///
/// # Examples
///
/// See [`decode`].
pub fn encode<C: Serialize + ?Sized>(
    header: &Header,
    claims: &C,
    key: &dyn JwsSigner,
) -> Result<String> {
    if header.alg != key.alg() {
        return Err(tinyjose::Error::AlgMismatch.into());
    }
    let payload = serde_json::to_vec(claims)?;
    sign_to_string(&header.params(), &payload, key)
}
