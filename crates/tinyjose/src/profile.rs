//! Token profiles: the JWTs of OAuth 2.0 and OpenID Connect, each with its own required claims,
//! `typ` and checks, so that a token is accepted only for its purpose (OWASP ASVS 9.2.2).
//!
//! - [`IdTokenValidation`]: OpenID Connect ID tokens (OIDC Core §3.1.3.7, §3.2.2.11,
//!   §3.3.2.12), through [`VerifiedJws::id_token`](crate::VerifiedJws::id_token).
//! - [`AccessTokenValidation`]: RFC 9068 access tokens, through
//!   [`VerifiedJws::access_token`](crate::VerifiedJws::access_token).
//! - [`DpopValidation`] and [`create_dpop_proof`]: DPoP proofs (RFC 9449).
//! - [`JarmValidation`]: JWT Secured Authorization Responses (JARM).
//!
//! An ID token's `typ` must be absent or `JWT`, an access token's `at+jwt` and a DPoP proof's
//! `dpop+jwt`, so none is accepted where another is expected.

mod access_token;
mod dpop;
mod id_token;
mod jarm;

pub use access_token::AccessTokenValidation;
pub use dpop::{
    DpopParams, DpopProof, DpopValidation, create_dpop_proof, create_dpop_proof_with,
    verify_dpop_proof,
};
pub use id_token::IdTokenValidation;
pub use jarm::{
    AuthorizationResponse, JarmDecryption, JarmValidation, ResponseKind, ResponseMode,
    validate_jarm_response,
};

use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::json::{Object, Str, Value};
use crate::{Claim, Claims, Error, JwsAlg, Validation, b64};

/// The claims of `payload` validated with `v`, whose required claims are `required`; a missing
/// one of a profile (`nonce`, `client_id`, ...) is named by its [`Claim`].
pub(crate) fn validate<'p>(
    payload: &'p [u8],
    typ: Option<&str>,
    v: Validation<'_>,
    required: &[&str],
) -> Result<Claims<'p>, Error> {
    crate::jwt::validate(payload, typ, &v.require(required)).map_err(|e| match e {
        Error::MissingClaim(Claim::Required(i)) => Error::MissingClaim(
            required
                .get(usize::from(i))
                .and_then(|name| Claim::from_name(name))
                .unwrap_or(Claim::Required(i)),
        ),
        e => e,
    })
}

/// The left half of the hash of `value` with the hash of `alg`, base64url-encoded into `out`:
/// OpenID Connect's `at_hash` and `c_hash` (OIDC Core §3.1.3.6; SHA-512 for Ed25519).
fn half_hash<'o>(alg: JwsAlg, value: &[u8], out: &'o mut [u8; 43]) -> Result<&'o str, Error> {
    let mut digest = [0u8; 64];
    let len = match alg {
        JwsAlg::Hs256 | JwsAlg::Rs256 | JwsAlg::Es256 | JwsAlg::Ps256 => {
            digest[..32].copy_from_slice(&Sha256::digest(value));
            32
        }
        JwsAlg::Hs384 | JwsAlg::Rs384 | JwsAlg::Es384 | JwsAlg::Ps384 => {
            digest[..48].copy_from_slice(&Sha384::digest(value));
            48
        }
        _ => {
            digest.copy_from_slice(&Sha512::digest(value));
            64
        }
    };
    b64::encode(digest.get(..len / 2).unwrap_or_default(), out)
}

/// `base64url(SHA-256(value))`: a DPoP proof's `ath` (RFC 9449 §4.2).
pub(crate) fn sha256_b64<'o>(value: &[u8], out: &'o mut [u8; 43]) -> Result<&'o str, Error> {
    b64::encode(&Sha256::digest(value), out)
}

/// The string claim `claim` of `object`: `None` when absent, [`Error::InvalidClaim`] when it is
/// not a string.
pub(crate) fn string<'p>(object: &Object<'p>, claim: Claim) -> Result<Option<Str<'p>>, Error> {
    object
        .get(claim.name())
        .map(|v| v.as_str().ok_or(Error::InvalidClaim(claim)))
        .transpose()
}

/// Checks that the string claim `claim` is `expected`: [`Error::MissingClaim`] when absent,
/// [`Error::InvalidClaim`] when not a string, [`Error::ClaimMismatch`] when another value.
pub(crate) fn expect(object: &Object<'_>, claim: Claim, expected: &str) -> Result<(), Error> {
    match string(object, claim)? {
        None => Err(Error::MissingClaim(claim)),
        Some(s) if s.eq_str(expected) => Ok(()),
        Some(_) => Err(Error::ClaimMismatch(claim)),
    }
}

/// The number of strings in an `aud` value (1 for a string).
fn audience_count(aud: Option<Value<'_>>) -> usize {
    match aud {
        Some(a) if a.as_str().is_some() => 1,
        Some(a) => a.as_array().map_or(0, Iterator::count),
        None => 0,
    }
}
