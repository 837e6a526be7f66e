//! Selective Disclosure for JWTs (SD-JWT, RFC 9901) and SD-JWT VC
//! (draft-ietf-oauth-sd-jwt-vc), with no heap.
//!
//! An SD-JWT is `<issuer-signed JWT>~<disclosure>~…~<disclosure>~[<key binding JWT>]`. The
//! issuer signs digests of the disclosable claims; the holder shows the claims it chooses by
//! sending their disclosures, and proves its key with a Key Binding JWT over the whole.
//!
//! - [`UntrustedSdJwt::verify`] (verifier): checks the issuer's signature, matches every
//!   disclosure to exactly one digest, rebuilds the disclosed claims as plain JSON into the
//!   caller's buffer, validates them as any JWT's claims, then checks the Key Binding JWT.
//! - [`present_sd_jwt`] (holder): keeps the disclosures the holder chooses and appends a Key
//!   Binding JWT signed through [`JwsSigner`](crate::JwsSigner), so the key may live in a secure
//!   element.
//! - [`sd_jwt_compact`]: the compact form of an SD-JWT in a JWS JSON serialization (§8), which
//!   the verifier then takes.
//! - [`issue_sd_jwt`] (issuer): makes the disclosures (salts from the caller's RNG), digests,
//!   decoys and the issuer-signed JWT.
//!
//! Digests are SHA-256 (`_sd_alg` `sha-256`, the default of RFC 9901 §4.1.1); a payload naming
//! another algorithm is refused with [`Error::UnsupportedAlg`].

mod disclosure;
mod issue;
mod key_binding;
mod rebuild;
mod serialization;

pub use disclosure::Disclosure;
pub use issue::{SdJwtIssue, issue_sd_jwt};
pub use key_binding::{KeyBindingParams, present_sd_jwt};
pub use serialization::sd_jwt_compact;

use sha2::{Digest, Sha256};

use crate::jws::{JwsKeys, OneKey};
use crate::jwt::same_media_type;
use crate::{
    Claim, Claims, Error, JwsAlg, JwsVerifier, Limit, Limits, Part, UntrustedJws, Validation, b64,
    json,
};
use disclosure::Entry;

/// The most disclosures an SD-JWT may carry by default; [`UntrustedSdJwt`]'s second parameter
/// sets another capacity (each costs about 60 bytes of stack while verifying).
pub const MAX_DISCLOSURES: usize = 64;

/// The `typ` of an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc §3.2.1), and the one it replaced.
pub const SD_JWT_VC_TYPES: [&str; 2] = ["dc+sd-jwt", "vc+sd-jwt"];

/// The top-level claims that are never selectively disclosable: they decide whether the SD-JWT is
/// valid and whose it is (draft-ietf-oauth-sd-jwt-vc §3.2.2.2), and a holder could leave them out.
const ALWAYS_DISCLOSED: [&str; 6] = ["iss", "exp", "nbf", "cnf", "vct", "status"];

/// The most decoy digests [`issue_sd_jwt`] adds.
pub const MAX_DECOYS: usize = 64;

/// The one digest algorithm: `base64url(SHA-256(ascii))`.
const SD_ALG: &str = "sha-256";

/// The length of a base64url SHA-256 digest.
const DIGEST_B64_LEN: usize = 43;

/// The digest of an ASCII string (a disclosure, a presentation): `SHA-256(ascii)`.
fn digest(ascii: &[u8]) -> [u8; 32] {
    Sha256::digest(ascii).into()
}

/// What an SD-JWT presentation must satisfy beyond its issuer's signature.
///
/// `claims` validates the issuer-signed claims after the disclosures are applied, as for any
/// JWT ([`Validation`]): `exp` and `nbf` when present, and the issuer, audience, type and
/// required claims the caller sets.
///
/// With [`key_binding`](Self::key_binding) a Key Binding JWT is required and must be signed by
/// the key of the issuer-signed `cnf.jwk`, with `typ` `kb+jwt`, the expected `aud` and `nonce`,
/// an `iat` no older than [`key_binding_max_age`](Self::key_binding_max_age) (300 seconds by
/// default) and not in the future, and `sd_hash` the digest of the presentation. Without it, a
/// presentation that carries a Key Binding JWT is refused as any JWT with an unexpected
/// audience is ([`Error::AudienceMismatch`]): a verifier that does not name itself cannot check
/// what the holder bound.
///
/// With [`vct`](Self::vct) the SD-JWT must be an SD-JWT VC: header `typ` `dc+sd-jwt` (or the
/// older `vc+sd-jwt`), and a `vct` claim among the expected types.
///
/// # Examples
///
/// ```
/// use tinyjose::{SdJwtValidation, UnixTime, Validation};
///
/// let now = UnixTime::from_secs(1_700_000_000);
/// let v = SdJwtValidation::new(Validation::new(now).issuer("https://issuer.example"))
///     .key_binding("https://verifier.example", "n-0S6_WzA2Mj")
///     .vct(&["https://credentials.example/identity_credential"]);
/// # let _ = v;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SdJwtValidation<'a> {
    claims: Validation<'a>,
    key_binding: Option<(&'a str, &'a str)>,
    key_binding_max_age: u64,
    vct: Option<&'a [&'a str]>,
}

impl<'a> SdJwtValidation<'a> {
    /// Validation of the disclosed claims with `claims`, no key binding required.
    #[must_use]
    pub const fn new(claims: Validation<'a>) -> Self {
        Self {
            claims,
            key_binding: None,
            key_binding_max_age: 300,
            vct: None,
        }
    }

    /// Requires a Key Binding JWT for audience `aud` with nonce `nonce`.
    #[must_use]
    pub const fn key_binding(mut self, aud: &'a str, nonce: &'a str) -> Self {
        self.key_binding = Some((aud, nonce));
        self
    }

    /// The oldest Key Binding JWT accepted, in seconds before `now` (default 300).
    #[must_use]
    pub const fn key_binding_max_age(mut self, seconds: u64) -> Self {
        self.key_binding_max_age = seconds;
        self
    }

    /// Requires an SD-JWT VC whose `vct` is one of `types`.
    #[must_use]
    pub const fn vct(mut self, types: &'a [&'a str]) -> Self {
        self.vct = Some(types);
        self
    }
}

/// An SD-JWT or SD-JWT presentation that has been split but **not verified**.
///
/// [`parse`](Self::parse) checks the structure: an issuer-signed JWT that parses as a compact
/// JWS, then disclosures each followed by `~`, then an optional Key Binding JWT. Nothing of the
/// content can be read before [`verify`](Self::verify). `N` is the most disclosures accepted
/// ([`MAX_DISCLOSURES`] by default).
///
/// # Examples
///
/// See [`issue_sd_jwt`].
#[derive(Clone)]
pub struct UntrustedSdJwt<'t, const N: usize = MAX_DISCLOSURES> {
    jws: UntrustedJws<'t>,
    /// `D1~D2~…~DN~`, or empty.
    disclosures: &'t str,
    /// The Key Binding JWT, if any.
    kb_jwt: Option<&'t str>,
    /// The presentation up to and including the last `~`: what `sd_hash` covers.
    hashed: &'t str,
    /// The limits the Key Binding JWT is parsed with too.
    limits: Limits,
}

impl<const N: usize> core::fmt::Debug for UntrustedSdJwt<'_, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("UntrustedSdJwt")
            .field("jws", &self.jws)
            .field("disclosures", &self.disclosures().count())
            .field("key_binding", &self.kb_jwt.is_some())
            .finish()
    }
}

impl<'t> UntrustedSdJwt<'t> {
    /// Splits `sd_jwt` with the default [`Limits`] and capacity.
    ///
    /// # Errors
    ///
    /// As [`parse_with_limits`](Self::parse_with_limits).
    pub fn parse(sd_jwt: &'t str) -> Result<Self, Error> {
        Self::parse_with_capacity(sd_jwt, &Limits::DEFAULT)
    }

    /// Splits `sd_jwt` under `limits`, which apply to the issuer-signed JWT and the Key Binding
    /// JWT (with [`Limits::ecdsa_high_s`], ECDSA signatures with a high `s`, as WebCrypto, Python
    /// and OpenSSL make half the time, are accepted in both).
    ///
    /// # Errors
    ///
    /// As [`parse_with_capacity`](UntrustedSdJwt::parse_with_capacity).
    pub fn parse_with_limits(sd_jwt: &'t str, limits: &Limits) -> Result<Self, Error> {
        Self::parse_with_capacity(sd_jwt, limits)
    }
}

impl<'t, const N: usize> UntrustedSdJwt<'t, N> {
    /// Splits `sd_jwt` under `limits`, accepting at most `N` disclosures.
    ///
    /// # Errors
    ///
    /// [`Error::LimitExceeded`] ([`Limit::TokenLength`] for the whole text, or
    /// [`Limit::Disclosures`]); [`Error::Malformed`] ([`Part::Token`]) without a `~`, or with an
    /// empty disclosure; the errors of [`UntrustedJws::parse_with_limits`] for the issuer-signed
    /// JWT.
    pub fn parse_with_capacity(sd_jwt: &'t str, limits: &Limits) -> Result<Self, Error> {
        if sd_jwt.len() > limits.token_len {
            return Err(Error::LimitExceeded(Limit::TokenLength));
        }
        let (jwt, rest) = sd_jwt
            .split_once('~')
            .ok_or(Error::Malformed(Part::Token))?;
        let (disclosures, kb) = match rest.rfind('~') {
            Some(last) => {
                let (d, kb) = rest.split_at_checked(last).unwrap_or_default();
                (
                    rest.get(..d.len().saturating_add(1)).unwrap_or_default(),
                    kb.get(1..).unwrap_or_default(),
                )
            }
            None => ("", rest),
        };
        let mut count = 0usize;
        for d in disclosures.split_terminator('~') {
            if d.is_empty() {
                return Err(Error::Malformed(Part::Token));
            }
            count = count.saturating_add(1);
            if count > N {
                return Err(Error::LimitExceeded(Limit::Disclosures));
            }
        }
        let hashed = sd_jwt
            .get(..sd_jwt.len().saturating_sub(kb.len()))
            .unwrap_or_default();
        Ok(Self {
            jws: UntrustedJws::parse_with_limits(jwt, limits)?,
            disclosures,
            kb_jwt: (!kb.is_empty()).then_some(kb),
            hashed,
            limits: *limits,
        })
    }

    /// The disclosures as sent (base64url), in order.
    pub fn disclosures(&self) -> impl Iterator<Item = &'t str> + use<'t, N> {
        self.disclosures.split_terminator('~')
    }

    /// The Key Binding JWT as sent, if any.
    #[must_use]
    pub fn key_binding_jwt(&self) -> Option<&'t str> {
        self.kb_jwt
    }

    /// The issuer-signed JWT, parsed and unverified.
    #[must_use]
    pub fn issuer_jwt(&self) -> &UntrustedJws<'t> {
        &self.jws
    }

    /// The exact size of the `scratch` buffer [`verify`](Self::verify) needs: the issuer-signed
    /// payload, every disclosure decoded, and the Key Binding JWT's payload.
    #[must_use]
    pub fn scratch_len(&self) -> usize {
        self.disclosures()
            .map(|d| b64::decoded_len(d.len()))
            .chain([self.jws.payload_len(), self.kb_payload_len()])
            .fold(0, usize::saturating_add)
    }

    fn kb_payload_len(&self) -> usize {
        self.kb_jwt
            .and_then(|kb| kb.split('.').nth(1))
            .map_or(0, |p| b64::decoded_len(p.len()))
    }

    /// Verifies the SD-JWT with the issuer's `key` and `validation`, writing the disclosed
    /// claims, as plain JSON, into `out`.
    ///
    /// `scratch` holds the decoded payload and disclosures while they are checked (exactly
    /// [`scratch_len`](Self::scratch_len) bytes, at most three quarters of the presentation's
    /// length). The steps are those of RFC 9901 §7.1 and §7.3: the issuer's signature; `_sd_alg`;
    /// each disclosure matched to exactly one digest, in the payload or in another disclosure,
    /// and rebuilt in place of it; the claims validated; then the Key Binding JWT.
    ///
    /// # Errors
    ///
    /// [`Error::BufferTooSmall`] for `scratch` before any cryptography, then for `out` with the
    /// exact size of the claims (`out` is wiped); the errors of [`UntrustedJws::verify`];
    /// [`Error::UnsupportedAlg`] for an `_sd_alg` other than `sha-256`,
    /// [`Error::InvalidClaim`] ([`Claim::SdAlg`]) for one that is not a string;
    /// [`Error::Base64`], [`Error::Json`] or [`Error::Malformed`] with [`Part::Disclosure`];
    /// [`Error::Malformed`] ([`Part::Payload`]) for an `_sd` that is not an array of digests;
    /// [`Error::Disclosure`]; [`Error::LimitExceeded`] ([`Limit::JsonDepth`]) for claims nested
    /// deeper than the validation's depth; the claim errors of [`Validation`];
    /// [`Error::TypeMismatch`], [`Error::MissingClaim`] or [`Error::ClaimMismatch`] ([`Claim::Vct`])
    /// for an SD-JWT VC; [`Error::KeyBindingRequired`], [`Error::MissingClaim`] or
    /// [`Error::InvalidClaim`] ([`Claim::Cnf`]), [`Error::TypeMismatch`],
    /// [`Error::AlgNotAllowed`], the key and signature errors, the claim errors, and
    /// [`Error::ClaimMismatch`] ([`Claim::Nonce`], [`Claim::SdHash`]) for the Key Binding JWT.
    ///
    /// # Examples
    ///
    /// See [`issue_sd_jwt`].
    pub fn verify<'o>(
        &self,
        key: &dyn JwsVerifier,
        validation: &SdJwtValidation<'_>,
        scratch: &mut [u8],
        out: &'o mut [u8],
    ) -> Result<VerifiedSdJwt<'o>, Error> {
        self.verify_with(&OneKey(key), validation, scratch, out)
    }

    /// Verifies as [`verify`](Self::verify) does, with the issuer keys `keys` admits for the
    /// issuer-signed JWT's `kid` and `alg` (a [`JwkSet`](crate::JwkSet), say).
    ///
    /// # Errors
    ///
    /// As [`verify`](Self::verify), and the key selection's errors.
    pub fn verify_with<'o>(
        &self,
        keys: &dyn JwsKeys,
        validation: &SdJwtValidation<'_>,
        scratch: &mut [u8],
        out: &'o mut [u8],
    ) -> Result<VerifiedSdJwt<'o>, Error> {
        let needed = self.scratch_len();
        let scratch = scratch
            .get_mut(..needed)
            .ok_or(Error::BufferTooSmall { needed })?;
        let (scratch, kb_buf) = scratch
            .split_at_mut_checked(needed.saturating_sub(self.kb_payload_len()))
            .ok_or(Error::BufferTooSmall { needed })?;
        // The signature first, so that its stack and the disclosures' never add up.
        let result = self
            .jws
            .verify_with(keys, scratch)
            .map(|verified| verified.payload().len())
            .and_then(|payload_len| self.rebuild(payload_len, validation, scratch, out));
        scratch.fill(0);
        let len = match result {
            Ok(len) => len,
            Err(e) => {
                out.fill(0);
                return Err(e);
            }
        };
        if let Err(e) = self.validate(len, validation, kb_buf, out) {
            out.fill(0);
            return Err(e);
        }
        // Validated above: this parse of the claims, which the result borrows, cannot fail.
        let out = out.get(..len).unwrap_or_default();
        let claims = crate::jwt::validate(out, self.jws.header().typ(), &validation.claims)?;
        Ok(VerifiedSdJwt {
            claims,
            key_bound: self.kb_jwt.is_some(),
        })
    }

    /// Steps 2 to 5 of RFC 9901 §7.1, once the issuer's signature verified and the payload
    /// (`payload_len` bytes) was decoded at the front of `scratch`: the disclosed claims written
    /// into `out`, returning their length.
    #[inline(never)]
    fn rebuild(
        &self,
        payload_len: usize,
        v: &SdJwtValidation<'_>,
        scratch: &mut [u8],
        out: &mut [u8],
    ) -> Result<usize, Error> {
        if !self.jws.b64() {
            return Err(Error::Malformed(Part::Payload));
        }
        let mut entries = [const { Entry::EMPTY }; N];
        let (_, disclosures) = scratch
            .split_at_mut_checked(payload_len)
            .unwrap_or_default();
        let count =
            disclosure::decode_all(self.disclosures(), payload_len, disclosures, &mut entries)?;
        let region = &*scratch;
        let payload = region.get(..payload_len).unwrap_or_default();
        let depth = v.claims.json_depth_limit();
        let object = json::parse_object(payload, depth, Part::Payload)?;
        check_sd_alg(object.get("_sd_alg"))?;
        let entries = entries.get_mut(..count).unwrap_or_default();
        disclosure::parse_all(region, entries)?;
        let mut sink = json::SpillSink { buf: out, len: 0 };
        rebuild::Rebuild::new(entries, depth).run(object, &mut sink)?;
        if entries.iter().any(|e| !e.used) {
            return Err(Error::Disclosure(crate::DisclosureReason::Unreferenced));
        }
        sink.check()
    }

    /// The claims validated, then the SD-JWT VC type and the key binding.
    fn validate(
        &self,
        len: usize,
        v: &SdJwtValidation<'_>,
        kb_buf: &mut [u8],
        out: &[u8],
    ) -> Result<(), Error> {
        let typ = self.jws.header().typ();
        let claims = crate::jwt::validate(out.get(..len).unwrap_or_default(), typ, &v.claims)?;
        if let Some(types) = v.vct {
            if !typ.is_some_and(|t| SD_JWT_VC_TYPES.iter().any(|e| same_media_type(t, e))) {
                return Err(Error::TypeMismatch);
            }
            let vct = crate::profile::string(&claims.object(), Claim::Vct)?
                .ok_or(Error::MissingClaim(Claim::Vct))?;
            if !types.iter().any(|t| vct.eq_str(t)) {
                return Err(Error::ClaimMismatch(Claim::Vct));
            }
        }
        match (self.kb_jwt, v.key_binding) {
            (None, Some(_)) => Err(Error::KeyBindingRequired),
            (None, None) => Ok(()),
            (Some(kb), expected) => {
                let result =
                    key_binding::check(kb, self.hashed, &self.limits, &claims, v, expected, kb_buf);
                kb_buf.fill(0);
                result
            }
        }
    }
}

/// `_sd_alg`: absent (SHA-256) or `sha-256`.
fn check_sd_alg(sd_alg: Option<json::Value<'_>>) -> Result<(), Error> {
    match sd_alg {
        None => Ok(()),
        Some(v) => match v.as_str() {
            Some(s) if s.eq_str(SD_ALG) => Ok(()),
            Some(_) => Err(Error::UnsupportedAlg),
            None => Err(Error::InvalidClaim(Claim::SdAlg)),
        },
    }
}

/// A verified SD-JWT: the disclosed claims, validated.
#[derive(Clone, Copy, Debug)]
pub struct VerifiedSdJwt<'o> {
    claims: Claims<'o>,
    key_bound: bool,
}

impl<'o> VerifiedSdJwt<'o> {
    /// The issuer-signed claims with the disclosed ones in place of their digests, and no
    /// `_sd` or `_sd_alg`: plain JSON, to read or deserialize as any JWT's claims.
    #[must_use]
    pub fn claims(&self) -> &Claims<'o> {
        &self.claims
    }

    /// Whether a Key Binding JWT was verified.
    #[must_use]
    pub fn is_key_bound(&self) -> bool {
        self.key_bound
    }
}

/// Whether `alg` may sign a Key Binding JWT: an asymmetric algorithm (RFC 9901 §4.3).
fn holder_alg(alg: JwsAlg) -> Result<(), Error> {
    if alg.is_symmetric() {
        return Err(Error::AlgNotAllowed);
    }
    Ok(())
}
