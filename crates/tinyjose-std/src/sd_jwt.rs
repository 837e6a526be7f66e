//! SD-JWT (RFC 9901) and SD-JWT VC, owned: [`verify_sd_jwt`] for the verifier, [`present_sd_jwt`]
//! for the holder, [`issue_sd_jwt`] for the issuer.
//!
//! Every check is the core's ([`UntrustedSdJwt::verify_with`], [`tinyjose::present_sd_jwt`],
//! [`tinyjose::issue_sd_jwt`]); these functions size the buffers, take the salts from the
//! operating system and return owned values.

use tinyjose::rand_core::UnwrapErr;
use tinyjose::{
    Disclosure, Error as JoseError, JwsSigner, KeyBindingParams, Limits, MAX_HEADER_LEN,
    SdJwtIssue, SdJwtValidation, UntrustedSdJwt, compact_len,
};
use zeroize::Zeroizing;

use crate::rng::OsRng;
use crate::{Header, KeyError, KeySet, Result};

/// The largest Key Binding JWT claims set the core writes.
const MAX_KB_CLAIMS: usize = 1024;

/// A verified SD-JWT presentation, owned: the disclosed claims as plain JSON, and whether a Key
/// Binding JWT was verified.
///
/// # Examples
///
/// See [`issue_sd_jwt`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifiedSdJwt {
    /// The protected header of the issuer-signed JWT.
    pub header: Header,
    /// The issuer-signed claims with the disclosed ones in place of their digests, and no `_sd`
    /// or `_sd_alg`: plain JSON, as [`tinyjose::VerifiedSdJwt::claims`] writes it.
    pub claims_json: String,
    /// Whether a Key Binding JWT was verified (always, when the validation requires one).
    pub key_bound: bool,
}

/// Verifies an SD-JWT presentation with the issuer keys `keys` admits for the issuer-signed
/// JWT's `kid` and `alg`, and validates it as `validation` says: the steps of RFC 9901 §7.1 and
/// §7.3, the core's [`UntrustedSdJwt::verify_with`], with the buffers sized from the
/// presentation.
///
/// # Errors
///
/// Those of [`UntrustedSdJwt::parse`] and [`UntrustedSdJwt::verify_with`]: among them
/// [`tinyjose::Error::Disclosure`] for a disclosure the issuer did not sign as it is placed,
/// [`tinyjose::Error::KeyBindingRequired`] for a presentation without a Key Binding JWT when
/// `validation` requires one, [`tinyjose::Error::ClaimMismatch`] for its `nonce` or `sd_hash`,
/// and [`tinyjose::Error::AudienceMismatch`] for its `aud`.
///
/// # Examples
///
/// See [`issue_sd_jwt`].
pub fn verify_sd_jwt(
    presentation: &str,
    keys: &KeySet,
    validation: &SdJwtValidation<'_>,
) -> Result<VerifiedSdJwt> {
    verify_sd_jwt_with_limits(presentation, keys, validation, &Limits::DEFAULT)
}

/// As [`verify_sd_jwt`], with explicit [`Limits`] for the presentation, the issuer-signed JWT and
/// the Key Binding JWT: sizes, and whether ECDSA signatures with a high `s` are accepted
/// ([`Limits::ecdsa_high_s`], as WebCrypto, Python and OpenSSL make half the time).
///
/// # Errors
///
/// As [`verify_sd_jwt`].
///
/// # Examples
///
/// ```
/// use tinyjose::{Limits, SdJwtValidation, UnixTime, Validation};
///
/// let keys = tinyjose_std::KeySet::from_secret(b"a shared secret of at least 32 bytes")?;
/// let v = SdJwtValidation::new(Validation::new(UnixTime::from_secs(0)));
/// let tight = Limits::DEFAULT.with_token_len(10);
/// let err = tinyjose_std::verify_sd_jwt_with_limits("eyJhbGciOiJIUzI1NiJ9.e30.c2ln~", &keys, &v, &tight);
/// assert_eq!(err.unwrap_err().code(), "limit_exceeded");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn verify_sd_jwt_with_limits(
    presentation: &str,
    keys: &KeySet,
    validation: &SdJwtValidation<'_>,
    limits: &Limits,
) -> Result<VerifiedSdJwt> {
    let sd_jwt = UntrustedSdJwt::parse_with_limits(presentation, limits)?;
    let mut scratch = Zeroizing::new(vec![0u8; sd_jwt.scratch_len()]);
    // The disclosed claims are never longer than the payload and the disclosures together:
    // each disclosure is written at most once, without its salt. Should the core need more, it
    // says exactly how much.
    let mut out = Zeroizing::new(vec![0u8; sd_jwt.scratch_len()]);
    let verified = match verify_into(&sd_jwt, keys, validation, &mut scratch, &mut out) {
        Err(JoseError::BufferTooSmall { needed }) if needed > out.len() => {
            out = Zeroizing::new(vec![0u8; needed]);
            verify_into(&sd_jwt, keys, validation, &mut scratch, &mut out)
        }
        verified => verified,
    }?;
    let (claims_json, key_bound) = verified;
    Ok(VerifiedSdJwt {
        header: Header::from_protected(&sd_jwt.issuer_jwt().header()),
        claims_json,
        key_bound,
    })
}

/// The core's verification into `out`, with its result owned.
fn verify_into(
    sd_jwt: &UntrustedSdJwt<'_>,
    keys: &KeySet,
    validation: &SdJwtValidation<'_>,
    scratch: &mut [u8],
    out: &mut [u8],
) -> core::result::Result<(String, bool), JoseError> {
    let verified = sd_jwt.verify_with(keys, validation, scratch, out)?;
    Ok((verified.claims().json().to_owned(), verified.is_key_bound()))
}

/// Makes a presentation of the SD-JWT `sd_jwt` (as issued): the issuer-signed JWT, the
/// disclosures `select` keeps, in their order, and, with `key_binding`, a Key Binding JWT signed
/// by the holder's key (the one whose public key the issuer put in `cnf.jwk`), for the verifier
/// and nonce of the [`KeyBindingParams`]. The core's [`tinyjose::present_sd_jwt`], with the
/// buffers sized from the SD-JWT.
///
/// `select` sees each disclosure decoded ([`Disclosure::name`], [`Disclosure::is_named`],
/// [`Disclosure::value_json`]). A kept claim keeps the disclosures of the objects and arrays it
/// is inside (a recursive disclosure), so that the verifier can place it. The issuer's
/// signature is not checked here: check it once, when the SD-JWT is issued, with
/// [`verify_sd_jwt`].
///
/// # Errors
///
/// Those of [`tinyjose::present_sd_jwt`]: the SD-JWT's parse errors,
/// [`tinyjose::Error::Malformed`] for one that already has a Key Binding JWT, the disclosures'
/// decoding errors, and [`tinyjose::Error::AlgNotAllowed`] for an HMAC signer.
///
/// # Examples
///
/// See [`issue_sd_jwt`].
pub fn present_sd_jwt(
    sd_jwt: &str,
    mut select: impl FnMut(&Disclosure<'_>) -> bool,
    key_binding: Option<(&dyn JwsSigner, KeyBindingParams<'_>)>,
) -> Result<String> {
    // Each disclosure is decoded into `scratch` in turn: room for the longest (a longer segment,
    // such as a Key Binding JWT, only makes it larger).
    let longest = sd_jwt.split('~').skip(1).map(str::len).max().unwrap_or(0);
    let mut scratch = Zeroizing::new(vec![0u8; (longest * 3).div_ceil(4)]);
    // The presentation is at most the SD-JWT and a Key Binding JWT: a short header, claims of at
    // most 1 KiB and the holder's signature.
    let kb_len = key_binding.map_or(0, |(signer, _)| {
        compact_len(MAX_HEADER_LEN, MAX_KB_CLAIMS, signer.signature_len())
    });
    let mut out = vec![0u8; sd_jwt.len().saturating_add(kb_len)];
    let presentation = tinyjose::present_sd_jwt(
        sd_jwt,
        &mut select,
        key_binding
            .as_ref()
            .map(|(signer, params)| (*signer, params)),
        &mut scratch,
        &mut out,
    )?;
    Ok(presentation.to_owned())
}

/// Issues an SD-JWT for the claims `claims` (a JSON object), signed by `signer` (any
/// [`JwsSigner`]: a [`SignatureKey`](crate::SignatureKey)'s
/// [`signer`](crate::SignatureKey::signer), an [`RsaSigningKey`](crate::RsaSigningKey), a key
/// held elsewhere), with the disclosable claims, decoys and holder key of `params`, and salts of
/// 16 bytes from the operating system. The core's [`tinyjose::issue_sd_jwt`], with the buffers
/// sized for it: `<issuer-signed JWT>~<disclosure>~…~`.
///
/// # Errors
///
/// Those of [`tinyjose::issue_sd_jwt`]: [`tinyjose::Error::Json`] for claims that are not a JSON
/// object, [`tinyjose::Error::MissingClaim`] ([`Claim::Required`](tinyjose::Claim::Required),
/// with the pointer's index) for a pointer that names no claim,
/// [`tinyjose::Error::Disclosure`] for a claim named `_sd`, `...` or `_sd_alg` (or `cnf` with
/// a holder key), the signer's errors; [`tinyjose::Error::BufferTooSmall`] for an SD-JWT
/// larger than eight times the claims plus 1 MiB (tens of thousands of decoys);
/// [`Error::Key`](crate::Error::Key) if the operating system gives no randomness.
///
/// # Panics
///
/// Only if the operating system's randomness fails after it worked for the first bytes.
///
/// # Examples
///
/// ```
/// use tinyjose::{
///     HeaderParams, JwsAlg, KeyBindingParams, SdJwtIssue, SdJwtValidation, UnixTime, Validation,
/// };
/// use tinyjose_std::{KeySet, SignatureKey, issue_sd_jwt, present_sd_jwt, verify_sd_jwt};
///
/// let issuer = SignatureKey::generate(JwsAlg::Es256, None)?;
/// let holder = SignatureKey::generate(JwsAlg::EdDsa, None)?;
/// let holder_public = holder.public_key()?;
///
/// // The issuer: the address and its street are disclosable, and so are both nationalities.
/// let claims = r#"{"iss":"https://issuer.example","vct":"https://credentials.example/id",
///     "given_name":"Erika","address":{"street_address":"Heidestraße 17","locality":"Köln"},
///     "nationalities":["DE","FR"]}"#;
/// let pointers = ["/given_name", "/address", "/address/street_address", "/nationalities/0",
///     "/nationalities/1"];
/// let params = SdJwtIssue::new(HeaderParams::new().typ("dc+sd-jwt"))
///     .disclosable(&pointers)
///     .decoys(3)
///     .holder(holder_public.verifier());
/// let sd_jwt = issue_sd_jwt(claims, &params, issuer.signer().unwrap())?;
///
/// // The holder: the address without its street, and the first nationality, bound to the
/// // verifier's nonce (a kept street would keep its address too).
/// let now = UnixTime::from_secs(1_700_000_000);
/// let kb = KeyBindingParams::new("https://verifier.example", "n-0S6_WzA2Mj", now);
/// let presentation = present_sd_jwt(
///     &sd_jwt,
///     |d| d.is_named("address") || d.value_json() == r#""DE""#,
///     Some((holder.signer().unwrap(), kb)),
/// )?;
///
/// // The verifier.
/// let keys = KeySet::from(issuer.public_key()?.verifier().clone());
/// let v = SdJwtValidation::new(Validation::new(now).issuer("https://issuer.example"))
///     .key_binding("https://verifier.example", "n-0S6_WzA2Mj")
///     .vct(&["https://credentials.example/id"]);
/// let verified = verify_sd_jwt(&presentation, &keys, &v)?;
/// assert!(verified.key_bound);
/// let claims: serde_json::Value = serde_json::from_str(&verified.claims_json)?;
/// assert_eq!(claims["address"], serde_json::json!({"locality": "Köln"}));
/// assert_eq!(claims["nationalities"], serde_json::json!(["DE"]));
/// assert!(claims.get("given_name").is_none());
///
/// // Another nonce is refused, as the core refuses it.
/// let other = v.key_binding("https://verifier.example", "another");
/// assert_eq!(verify_sd_jwt(&presentation, &keys, &other).unwrap_err().code(), "claim_mismatch");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn issue_sd_jwt(
    claims: &str,
    params: &SdJwtIssue<'_>,
    signer: &dyn JwsSigner,
) -> Result<String> {
    // Fail cleanly if the operating system gives no randomness at all; `UnwrapErr` panics only
    // if it fails later.
    getrandom::fill(&mut [0u8; 1])
        .map_err(|e| KeyError::with_source("the operating system gave no randomness", e))?;
    // The core's bound on the scratch buffer, and a first guess at the SD-JWT's length: a
    // refusal of `out` says its exact length, before anything is signed.
    let scratch_len = params.scratch_len(claims.len());
    let mut out_len = scratch_len.saturating_mul(2).saturating_add(compact_len(
        MAX_HEADER_LEN,
        scratch_len,
        signer.signature_len(),
    ));
    let mut rng = UnwrapErr(OsRng);
    let mut scratch = Zeroizing::new(vec![0u8; scratch_len]);
    loop {
        let mut out = vec![0u8; out_len];
        match tinyjose::issue_sd_jwt(claims, params, signer, &mut rng, &mut scratch, &mut out) {
            Ok(sd_jwt) => return Ok(sd_jwt.to_owned()),
            Err(JoseError::BufferTooSmall { needed }) if needed > out_len => out_len = needed,
            Err(e) => return Err(e.into()),
        }
    }
}
