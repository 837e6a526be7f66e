//! Owned forms of the JWS JSON serializations (RFC 7515 §7.2) and of detached content
//! (RFC 7515 Appendix F, RFC 7797): verify with a [`KeySet`] into a [`Verified`], sign into a
//! `String`.

use tinyjose::jws::JwsKeys;
use tinyjose::{
    Error as JoseError, HeaderParams, JsonForm, JsonSigner, JwsAlg, JwsSigner, JwsVerifier, Limits,
    UntrustedJws, UntrustedJwsJson, Validation, VerifiedJws,
};

use crate::{Header, KeySet, Result, Verified};

/// Whether `text` is a JSON serialization (it opens with `{`), not a compact one.
///
/// # Examples
///
/// ```
/// assert!(tinyjose_std::is_json_serialization(" {\"payload\":\"\"}"));
/// assert!(!tinyjose_std::is_json_serialization("eyJhbGciOiJIUzI1NiJ9.e30.c2ln"));
/// ```
#[must_use]
pub fn is_json_serialization(text: &str) -> bool {
    text.trim_ascii_start().starts_with('{')
}

/// Verifies a JWS in the general or flattened JSON serialization with the keys of `keys`: the
/// first signature that a key the set admits for it verifies wins; a signature whose `kid` names
/// a key the set lacks is skipped.
///
/// # Errors
///
/// The errors of [`UntrustedJwsJson::parse_with_limits`] and [`UntrustedJwsJson::verify_any`].
///
/// # Examples
///
/// ```
/// let keys = tinyjose_std::KeySet::from_secret(b"a shared secret of at least 32 bytes")?;
/// let text = r#"{"payload":"aGVsbG8","protected":"eyJhbGciOiJIUzI1NiJ9",
///     "header":{"kid":"k"},"signature":"f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M"}"#;
/// let verified = tinyjose_std::verify_json(text, &keys, &tinyjose::Limits::DEFAULT)?;
/// assert_eq!(verified.payload, b"hello");
/// assert_eq!(verified.unprotected_header.as_deref(), Some(r#"{"kid":"k"}"#));
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn verify_json(text: &str, keys: &KeySet, limits: &Limits) -> Result<Verified> {
    json_with(text, None, keys, limits, |_| Ok(()))
}

/// As [`verify_json`], and validates the payload of the signature that verified as JWT claims
/// against `validation`, as [`verify_jwt`](crate::verify_jwt) does for the compact form: `exp`
/// and `nbf` always, the rest as `validation` asks, its `typ` against that signature's
/// protected header.
///
/// # Errors
///
/// As [`verify_json`], and the claim errors of [`tinyjose::VerifiedJws::claims`]
/// ([`tinyjose::Error::Malformed`] (payload) for an unencoded payload, `"b64":false`).
///
/// # Examples
///
/// ```
/// use tinyjose::{HmacKey, JsonForm, JsonSigner, Limits, UnixTime, Validation};
///
/// let secret = b"a shared secret of at least 32 bytes";
/// let keys = tinyjose_std::KeySet::from_secret(secret)?;
/// let key = HmacKey::hs256(secret)?;
/// let text = tinyjose_std::sign_json_to_string(
///     JsonForm::General, &[JsonSigner::new(&key)], br#"{"exp":2000}"#, false)?;
/// let at = |t| Validation::new(UnixTime::from_secs(t));
/// assert!(tinyjose_std::verify_json_jwt(&text, &keys, &at(1000), &Limits::DEFAULT).is_ok());
/// let late = tinyjose_std::verify_json_jwt(&text, &keys, &at(3000), &Limits::DEFAULT);
/// assert_eq!(late.unwrap_err().code(), "expired");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn verify_json_jwt(
    text: &str,
    keys: &KeySet,
    validation: &Validation<'_>,
    limits: &Limits,
) -> Result<Verified> {
    json_with(text, None, keys, limits, |verified| {
        verified.claims(validation)?;
        Ok(())
    })
}

/// Verifies a JWS in a JSON serialization with the keys of `keys`, for the algorithms of
/// `algorithms` only (every algorithm when it is empty): the payload is the JWS's own, or
/// `content` when the JWS has none (detached content, RFC 7515 Appendix F). A signature of an
/// algorithm outside the list is refused with [`tinyjose::Error::AlgNotAllowed`] and the next
/// one is tried, as for a signature no key verifies.
///
/// # Errors
///
/// The errors of [`verify_json`] and [`verify_detached`]; [`tinyjose::Error::AlgNotAllowed`]
/// when the only signatures are of algorithms outside the list.
///
/// # Examples
///
/// ```
/// use tinyjose::{JwsAlg, Limits};
///
/// let keys = tinyjose_std::KeySet::from_secret(b"a shared secret of at least 32 bytes")?;
/// let text = r#"{"protected":"eyJhbGciOiJIUzI1NiJ9",
///     "signature":"f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M"}"#;
/// let verified = tinyjose_std::verify_json_allowing(text, Some(b"hello"), &keys, &[JwsAlg::Hs256], &Limits::DEFAULT)?;
/// assert_eq!(verified.payload, b"hello");
/// let refused = tinyjose_std::verify_json_allowing(text, Some(b"hello"), &keys, &[JwsAlg::Es256], &Limits::DEFAULT);
/// assert_eq!(refused.unwrap_err().code(), "alg_not_allowed");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn verify_json_allowing(
    text: &str,
    content: Option<&[u8]>,
    keys: &KeySet,
    algorithms: &[JwsAlg],
    limits: &Limits,
) -> Result<Verified> {
    let jws = UntrustedJwsJson::parse_with_limits(text, limits)?;
    let allowed = Allowed { keys, algorithms };
    let verified = match content {
        Some(content) => {
            let mut out = vec![0u8; jws.detached_buffer_len(content.len())];
            owned(&jws.verify_detached_any(&allowed, content, &mut out)?)
        }
        None => {
            let mut out = vec![0u8; jws.buffer_len()];
            owned(&jws.verify_any(&allowed, &mut out)?)
        }
    };
    Ok(verified)
}

/// Checks a JWS in a JSON serialization as [`UntrustedJwsJson::parse_with_limits`] does,
/// without verifying it: for a caller that chooses a key per signature.
///
/// # Errors
///
/// The errors of [`UntrustedJwsJson::parse_with_limits`].
///
/// # Examples
///
/// ```
/// let text = r#"{"payload":"aGVsbG8","signatures":[]}"#;
/// assert!(tinyjose_std::check_json(text, &tinyjose::Limits::DEFAULT).is_err());
/// ```
pub fn check_json(text: &str, limits: &Limits) -> Result<()> {
    UntrustedJwsJson::parse_with_limits(text, limits)?;
    Ok(())
}

/// The keys of a set for the algorithms of a list only.
struct Allowed<'k> {
    keys: &'k KeySet,
    algorithms: &'k [JwsAlg],
}

impl JwsKeys for Allowed<'_> {
    fn try_keys(
        &self,
        kid: Option<&str>,
        alg: JwsAlg,
        check: &mut dyn FnMut(&dyn JwsVerifier) -> core::result::Result<(), JoseError>,
    ) -> core::result::Result<(), JoseError> {
        if !self.algorithms.is_empty() && !self.algorithms.contains(&alg) {
            return Err(JoseError::AlgNotAllowed);
        }
        self.keys.try_keys(kid, alg, check)
    }
}

/// Verifies a JWS whose payload is detached, compact (`header..signature`) or JSON (no
/// `payload` member), against `content`, with the keys of `keys`.
///
/// # Errors
///
/// The errors of the parsers, of [`UntrustedJws::verify_detached`] and
/// [`UntrustedJwsJson::verify_detached_any`]; [`tinyjose::Error::Malformed`] (payload) when the
/// JWS carries a payload of its own.
///
/// # Examples
///
/// ```
/// let keys = tinyjose_std::KeySet::from_secret(b"a shared secret of at least 32 bytes")?;
/// let token = "eyJhbGciOiJIUzI1NiJ9..f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M";
/// let verified = tinyjose_std::verify_detached(token, b"hello", &keys, &tinyjose::Limits::DEFAULT)?;
/// assert_eq!(verified.payload, b"hello");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn verify_detached(
    text: &str,
    content: &[u8],
    keys: &KeySet,
    limits: &Limits,
) -> Result<Verified> {
    detached_with(text, content, keys, limits, |_| Ok(()))
}

/// As [`verify_detached`], and validates the detached content as JWT claims against
/// `validation`, as [`verify_json_jwt`] does.
///
/// # Errors
///
/// As [`verify_detached`] and [`verify_json_jwt`].
///
/// # Examples
///
/// ```
/// use tinyjose::{HeaderParams, HmacKey, Limits, UnixTime, Validation};
///
/// let secret = b"a shared secret of at least 32 bytes";
/// let keys = tinyjose_std::KeySet::from_secret(secret)?;
/// let claims = br#"{"exp":2000}"#;
/// let token = tinyjose_std::sign_detached_to_string(&HeaderParams::new(), claims, &HmacKey::hs256(secret)?)?;
/// let at = |t| Validation::new(UnixTime::from_secs(t));
/// let ok = tinyjose_std::verify_detached_jwt(&token, claims, &keys, &at(1000), &Limits::DEFAULT)?;
/// assert_eq!(ok.payload, claims);
/// let late = tinyjose_std::verify_detached_jwt(&token, claims, &keys, &at(3000), &Limits::DEFAULT);
/// assert_eq!(late.unwrap_err().code(), "expired");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn verify_detached_jwt(
    text: &str,
    content: &[u8],
    keys: &KeySet,
    validation: &Validation<'_>,
    limits: &Limits,
) -> Result<Verified> {
    detached_with(text, content, keys, limits, |verified| {
        verified.claims(validation)?;
        Ok(())
    })
}

/// Verifies a JSON serialization, its own payload or `content` when detached, then runs `check`
/// on what verified.
fn json_with(
    text: &str,
    content: Option<&[u8]>,
    keys: &KeySet,
    limits: &Limits,
    check: impl FnOnce(&VerifiedJws<'_>) -> Result<()>,
) -> Result<Verified> {
    let jws = UntrustedJwsJson::parse_with_limits(text, limits)?;
    let verified;
    let mut out;
    if let Some(content) = content {
        out = vec![0u8; jws.detached_buffer_len(content.len())];
        verified = jws.verify_detached_any(keys, content, &mut out)?;
    } else {
        out = vec![0u8; jws.buffer_len()];
        verified = jws.verify_any(keys, &mut out)?;
    }
    check(&verified)?;
    Ok(owned(&verified))
}

fn detached_with(
    text: &str,
    content: &[u8],
    keys: &KeySet,
    limits: &Limits,
    check: impl FnOnce(&VerifiedJws<'_>) -> Result<()>,
) -> Result<Verified> {
    if is_json_serialization(text) {
        return json_with(text, Some(content), keys, limits, check);
    }
    let jws = UntrustedJws::parse_with_limits(text, limits)?;
    let mut scratch = vec![0u8; jws.detached_input_len(content.len())];
    let mut last = tinyjose::Error::NoMatchingKey;
    for key in keys.candidates(&jws, limits.key_candidates)? {
        match jws.verify_detached(key, content, &mut scratch) {
            Ok(verified) => {
                check(&verified)?;
                return Ok(owned(&verified));
            }
            Err(e) => last = e,
        }
    }
    Err(last.into())
}

/// Signs `payload` with each of `signers` into the general or flattened JSON serialization; with
/// `detached`, the `payload` member is left out.
///
/// # Errors
///
/// The errors of [`tinyjose::sign_json`].
///
/// # Examples
///
/// ```
/// use tinyjose::{HmacKey, JsonForm, JsonSigner};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let text = tinyjose_std::sign_json_to_string(JsonForm::Flattened, &[JsonSigner::new(&key)], b"hello", false)?;
/// assert_eq!(
///     text,
///     r#"{"payload":"aGVsbG8","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M"}"#
/// );
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn sign_json_to_string(
    form: JsonForm,
    signers: &[JsonSigner<'_>],
    payload: &[u8],
    detached: bool,
) -> Result<String> {
    let mut out = vec![0u8; tinyjose::sign_json_len(form, signers, payload, detached)];
    let text = tinyjose::sign_json(form, signers, payload, detached, &mut out)?;
    Ok(text.to_owned())
}

/// Signs `payload` with `signer` into a compact JWS with the payload detached
/// (`header..signature`).
///
/// # Errors
///
/// The errors of [`tinyjose::sign_detached`].
///
/// # Examples
///
/// ```
/// use tinyjose::{HeaderParams, HmacKey};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let token = tinyjose_std::sign_detached_to_string(&HeaderParams::new(), b"hello", &key)?;
/// assert_eq!(token, "eyJhbGciOiJIUzI1NiJ9..f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn sign_detached_to_string(
    header: &HeaderParams<'_>,
    payload: &[u8],
    signer: &dyn JwsSigner,
) -> Result<String> {
    crate::owned::compact_to_string(header, payload, signer, tinyjose::sign_detached)
}

/// The owned form of a verified JWS.
pub(crate) fn owned(verified: &VerifiedJws<'_>) -> Verified {
    let header = verified.header();
    Verified {
        header: Header::from_protected(&header),
        header_json: header.json().to_owned(),
        payload: verified.payload().to_vec(),
        unprotected_header: verified.unprotected_header().map(str::to_owned),
        b64: verified.b64(),
    }
}
