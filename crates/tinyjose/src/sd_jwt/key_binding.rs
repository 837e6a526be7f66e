//! Key binding (RFC 9901 §4.3, §7.3): the holder's JWT over a presentation, signed by the key
//! the issuer bound in `cnf.jwk`; and the presentation itself (§4, holder side).

use super::{Disclosure, MAX_DISCLOSURES, SdJwtValidation, UntrustedSdJwt, digest, holder_alg};
use crate::json::{self, Sink, SliceSink};
use crate::jwt::same_media_type;
use crate::{
    Claim, Claims, Error, HeaderParams, Jwk, JwsSigner, KeyReason, Limit, Limits, Part, UnixTime,
    UntrustedJws, Validation, b64, profile,
};

/// The `typ` of a Key Binding JWT.
const KB_TYP: &str = "kb+jwt";

/// The longest Key Binding JWT header accepted, decoded.
const KB_HEADER_LEN: usize = 256;

/// The largest Key Binding JWT claims set [`present_sd_jwt`] writes.
const MAX_KB_CLAIMS: usize = 1024;

/// Any `sd_hash`, for the claims' length: 43 base64url characters.
const SD_HASH_SHAPE: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/// Checks the Key Binding JWT `kb` over `hashed` (the presentation up to it), with the key of
/// the verified `claims`' `cnf.jwk`; `expected` is the audience and nonce, if the verifier set
/// them.
pub(super) fn check(
    kb: &str,
    hashed: &str,
    limits: &Limits,
    claims: &Claims<'_>,
    v: &SdJwtValidation<'_>,
    expected: Option<(&str, &str)>,
    buf: &mut [u8],
) -> Result<(), Error> {
    // A Key Binding JWT's header is `alg`, `typ` and perhaps `kid`: a small buffer will do.
    let jws = UntrustedJws::<'_, KB_HEADER_LEN>::parse_with_capacity(kb, limits)?;
    let header = jws.header();
    if !header.typ().is_some_and(|t| same_media_type(t, KB_TYP)) {
        return Err(Error::TypeMismatch);
    }
    holder_alg(header.alg())?;
    let cnf = claims
        .object()
        .get(Claim::Cnf.name())
        .ok_or(Error::MissingClaim(Claim::Cnf))?;
    let jwk = cnf
        .as_object()
        .and_then(|c| c.get("jwk"))
        .and_then(|j| j.as_object())
        .ok_or(Error::InvalidClaim(Claim::Cnf))?;
    let jwk = Jwk::from_object(jwk).map_err(|_| Error::KeyRejected(KeyReason::Material))?;
    // A holder's public key: a private or secret member means the issuer leaked it.
    if ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]
        .iter()
        .any(|m| jwk.has_member(m))
    {
        return Err(Error::KeyRejected(KeyReason::WrongUse));
    }
    let key = jwk.to_key(Some(header.alg()))?;
    let payload = jws.verify(&key, buf)?.payload();

    let now = v.claims.now();
    let mut kb_validation = Validation::new(now)
        .leeway(v.claims.leeway_secs())
        .max_age(v.key_binding_max_age);
    if let Some((aud, _)) = expected {
        kb_validation = kb_validation.audience(aud);
    }
    let kb_claims = profile::validate(payload, None, kb_validation, &["nonce", "sd_hash"])?;
    let object = kb_claims.object();
    if let Some((_, nonce)) = expected {
        profile::expect(&object, Claim::Nonce, nonce)?;
    }
    let mut hash = [0u8; 43];
    let sd_hash = b64::encode(&digest(hashed.as_bytes()), &mut hash)?;
    profile::expect(&object, Claim::SdHash, sd_hash)
}

/// What the holder's Key Binding JWT says: the verifier it is for, the verifier's nonce and the
/// time it is made.
///
/// # Examples
///
/// See [`issue_sd_jwt`](crate::issue_sd_jwt).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyBindingParams<'a> {
    aud: &'a str,
    nonce: &'a str,
    iat: UnixTime,
}

impl<'a> KeyBindingParams<'a> {
    /// A Key Binding JWT for verifier `aud`, with its `nonce`, made at `iat`.
    #[must_use]
    pub const fn new(aud: &'a str, nonce: &'a str, iat: UnixTime) -> Self {
        Self { aud, nonce, iat }
    }
}

/// Makes a presentation of the SD-JWT `sd_jwt` (as issued, or as presented before, without a
/// Key Binding JWT) into `out`: the issuer-signed JWT, the disclosures `select` keeps, in their
/// order, and, with `key_binding`, a Key Binding JWT signed by `signer` (the holder's key, whose
/// public half the issuer put in `cnf.jwk`; it may be held in a secure element).
///
/// Each disclosure is decoded into `scratch` for `select` to see (`scratch` must hold the
/// largest, three quarters of its length). The issuer's signature is not checked here: the
/// holder checks it once, when the SD-JWT is issued, with [`UntrustedSdJwt::verify`]. A kept
/// claim keeps the disclosures of the objects and arrays it is inside, so that it can be placed.
///
/// # Errors
///
/// The errors of [`UntrustedSdJwt::parse`]; [`Error::Malformed`] ([`Part::Token`]) for an
/// SD-JWT that already has a Key Binding JWT; [`Error::BufferTooSmall`] for `scratch` (the
/// largest decoded disclosure) and for `out` (the exact presentation length), before anything
/// is signed; [`Error::Base64`], [`Error::Json`] or [`Error::Malformed`] with
/// [`Part::Disclosure`]; [`Error::AlgNotAllowed`] for an HMAC `signer`;
/// [`Error::LimitExceeded`] ([`Limit::TokenLength`]) for Key Binding claims above 1024 bytes.
///
/// # Examples
///
/// See [`issue_sd_jwt`](crate::issue_sd_jwt).
pub fn present_sd_jwt<'o>(
    sd_jwt: &str,
    select: &mut dyn FnMut(&Disclosure<'_>) -> bool,
    key_binding: Option<(&dyn JwsSigner, &KeyBindingParams<'_>)>,
    scratch: &mut [u8],
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    let parsed =
        UntrustedSdJwt::<'_, MAX_DISCLOSURES>::parse_with_capacity(sd_jwt, &Limits::DEFAULT)?;
    if parsed.kb_jwt.is_some() {
        return Err(Error::Malformed(Part::Token));
    }
    let largest = parsed
        .disclosures()
        .map(|d| b64::decoded_len(d.len()))
        .max()
        .unwrap_or(0);
    if scratch.len() < largest {
        return Err(Error::BufferTooSmall { needed: largest });
    }
    // Bit `i`: disclosure `i` is kept (parsing caps them at `MAX_DISCLOSURES`, 64).
    let mut kept = 0u64;
    for (i, d) in parsed.disclosures().enumerate() {
        if select(&Disclosure::decode(d, scratch)?) {
            kept |= bit(i);
        }
    }
    kept = with_parents(&parsed, kept, scratch)?;
    let jwt = sd_jwt.split('~').next().unwrap_or_default();
    let len = parsed
        .disclosures()
        .enumerate()
        .filter(|&(i, _)| kept & bit(i) != 0)
        .fold(jwt.len().saturating_add(1), |len, (_, d)| {
            len.saturating_add(d.len()).saturating_add(1)
        });
    scratch.fill(0);
    let kb = key_binding
        .map(|(signer, params)| -> Result<_, Error> {
            holder_alg(signer.alg())?;
            // The claims' length is known before `sd_hash` is: a digest is always 43 characters.
            let mut count = json::CountSink::default();
            write_kb_claims(params, SD_HASH_SHAPE, &mut count)?;
            if count.0 > MAX_KB_CLAIMS {
                return Err(Error::LimitExceeded(Limit::TokenLength));
            }
            let header_len = HeaderParams::new().typ(KB_TYP).json_len(signer.alg());
            let kb_len = crate::compact_len(header_len, count.0, signer.signature_len());
            Ok((signer, params, kb_len))
        })
        .transpose()?;
    let needed = len.saturating_add(kb.map_or(0, |(_, _, l)| l));
    let out = out
        .get_mut(..needed)
        .ok_or(Error::BufferTooSmall { needed })?;
    let mut sink = SliceSink { buf: out, len: 0 };
    sink.put(jwt.as_bytes())?;
    sink.put(b"~")?;
    for (i, d) in parsed.disclosures().enumerate() {
        if kept & bit(i) != 0 {
            sink.put(d.as_bytes())?;
            sink.put(b"~")?;
        }
    }
    let hashed_len = sink.len;
    if let Some((signer, params, _)) = kb {
        let (hashed, rest) = out.split_at_mut_checked(hashed_len).unwrap_or_default();
        let mut hash = [0u8; 43];
        let sd_hash = b64::encode(&digest(hashed), &mut hash)?;
        let mut claims = [0u8; MAX_KB_CLAIMS];
        let mut claims_sink = SliceSink {
            buf: &mut claims,
            len: 0,
        };
        write_kb_claims(params, sd_hash, &mut claims_sink)?;
        let claims_len = claims_sink.len;
        let claims = claims.get(..claims_len).unwrap_or_default();
        crate::sign(&HeaderParams::new().typ(KB_TYP), claims, signer, rest)?;
    }
    core::str::from_utf8(out).map_err(|_| Error::Malformed(Part::Token))
}

/// Bit `i` of a set of disclosures (none from 64 on: parsing caps them at 64).
fn bit(i: usize) -> u64 {
    1u64.checked_shl(u32::try_from(i).unwrap_or(u32::MAX))
        .unwrap_or(0)
}

/// `kept` with every disclosure that holds the digest of a kept one, until none is added: a
/// claim is disclosed with the objects and arrays it is inside.
fn with_parents(
    parsed: &UntrustedSdJwt<'_, MAX_DISCLOSURES>,
    mut kept: u64,
    scratch: &mut [u8],
) -> Result<u64, Error> {
    loop {
        let before = kept;
        for (j, parent) in parsed.disclosures().enumerate() {
            if kept & bit(j) != 0 {
                continue;
            }
            let text = b64::decode(parent.as_bytes(), scratch, Part::Disclosure)?;
            let holds = parsed
                .disclosures()
                .enumerate()
                .filter(|&(i, _)| kept & bit(i) != 0)
                .any(|(_, child)| {
                    let mut quoted = [b'"'; 45];
                    if let Some(inner) = quoted.get_mut(1..44) {
                        let _ = b64::encode(&digest(child.as_bytes()), inner);
                    }
                    text.windows(quoted.len()).any(|w| w == quoted)
                });
            if holds {
                kept |= bit(j);
            }
        }
        if kept == before {
            return Ok(kept);
        }
    }
}

/// `{"iat":…,"aud":…,"nonce":…,"sd_hash":…}`.
fn write_kb_claims(
    params: &KeyBindingParams<'_>,
    sd_hash: &str,
    sink: &mut dyn Sink,
) -> Result<(), Error> {
    sink.put(b"{\"iat\":")?;
    json::write_u64(sink, params.iat.as_secs())?;
    sink.put(b",\"aud\":")?;
    json::write_str(sink, params.aud)?;
    sink.put(b",\"nonce\":")?;
    json::write_str(sink, params.nonce)?;
    sink.put(b",\"sd_hash\":")?;
    json::write_str(sink, sd_hash)?;
    sink.put(b"}")
}
