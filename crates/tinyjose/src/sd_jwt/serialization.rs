//! The JWS JSON serializations of an SD-JWT (RFC 9901 §8): the disclosures and the Key Binding
//! JWT ride in the unprotected header of the first signature, as `disclosures` and `kb_jwt`.
//!
//! An SD-JWT in JSON is verified as the compact SD-JWT its signature makes: the Key Binding JWT's
//! `sd_hash` is computed over that form (§8.1), and one verifier serves both.

use crate::json::{self, Elements, Object, Sink, Value};
use crate::{Error, Limits, Part, UntrustedJwsJson};

/// Writes into `out` the compact SD-JWT of signature `index` (0 for the flattened form) of the
/// SD-JWT JSON serialization `json`: `<protected>.<payload>.<signature>~<disclosure>~…~[<kb_jwt>]`,
/// the disclosures and the Key Binding JWT taken from the first signature's unprotected header.
/// Verify it with [`UntrustedSdJwt`](crate::UntrustedSdJwt): the members of the unprotected
/// headers (an unprotected `kid`) are not signed, and are left out.
///
/// # Errors
///
/// The errors of [`UntrustedJwsJson::parse`]; [`Error::Malformed`] ([`Part::Signature`]) for
/// no signature `index`, ([`Part::Header`]) for a signature without a protected header,
/// ([`Part::Payload`]) for a detached payload, ([`Part::Token`]) for disclosures or a Key
/// Binding JWT in a later signature's header; [`Error::Json`] ([`Part::Header`]) for
/// `disclosures` that is not an array of unescaped strings or a `kb_jwt` that is not one;
/// [`Error::BufferTooSmall`] with the exact length.
///
/// # Examples
///
/// ```
/// let json = r#"{"payload":"eyJhIjoxfQ","protected":"eyJhbGciOiJFUzI1NiJ9",
///     "header":{"disclosures":["WyJzIiwibiIsMV0"]},"signature":"c2ln"}"#;
/// let mut out = [0u8; 128];
/// let compact = tinyjose::sd_jwt_compact(json, 0, &mut out)?;
/// assert_eq!(compact, "eyJhbGciOiJFUzI1NiJ9.eyJhIjoxfQ.c2ln~WyJzIiwibiIsMV0~");
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub fn sd_jwt_compact<'o>(json: &str, index: usize, out: &'o mut [u8]) -> Result<&'o str, Error> {
    let jws = UntrustedJwsJson::parse(json)?;
    let root = json::parse_object(json.as_bytes(), Limits::DEFAULT.json_depth, Part::Token)?;
    let payload = root
        .get("payload")
        .and_then(text)
        .ok_or(Error::Malformed(Part::Payload))?;
    let mut carried = None;
    for (i, signature) in jws.signatures().enumerate() {
        let header = match signature.header() {
            Some(h) => Some(json::parse_object(
                h.as_bytes(),
                Limits::DEFAULT.json_depth,
                Part::Header,
            )?),
            None => None,
        };
        let has =
            header.is_some_and(|h| h.get("disclosures").is_some() || h.get("kb_jwt").is_some());
        match (i, has) {
            (0, _) => carried = header,
            (_, true) => return Err(Error::Malformed(Part::Token)),
            (_, false) => {}
        }
    }
    let signature = jws
        .signatures()
        .nth(index)
        .ok_or(Error::Malformed(Part::Signature))?;
    let protected = signature
        .protected()
        .ok_or(Error::Malformed(Part::Header))?;
    let (disclosures, kb_jwt) = carried.map_or(Ok((None, None)), members)?;

    let mut sink = json::SpillSink { buf: out, len: 0 };
    for piece in [protected, ".", payload, ".", signature.signature(), "~"] {
        sink.put(piece.as_bytes())?;
    }
    for d in disclosures.into_iter().flatten().filter_map(text) {
        sink.put(d.as_bytes())?;
        sink.put(b"~")?;
    }
    if let Some(kb) = kb_jwt {
        sink.put(kb.as_bytes())?;
    }
    let len = sink.check()?;
    core::str::from_utf8(out.get(..len).unwrap_or_default()).map_err(|_| Error::Json(Part::Token))
}

/// The disclosures (each checked to be an unescaped string) and the Key Binding JWT of an
/// unprotected header.
fn members(header: Object<'_>) -> Result<(Option<Elements<'_>>, Option<&str>), Error> {
    let malformed = Error::Json(Part::Header);
    let disclosures = header
        .get("disclosures")
        .map(|d| d.as_array().ok_or(malformed))
        .transpose()?;
    if disclosures
        .clone()
        .into_iter()
        .flatten()
        .any(|e| text(e).is_none())
    {
        return Err(malformed);
    }
    let kb_jwt = header
        .get("kb_jwt")
        .map(|k| text(k).ok_or(malformed))
        .transpose()?;
    Ok((disclosures, kb_jwt))
}

/// A string value with no escapes, as base64url text is.
fn text(value: Value<'_>) -> Option<&str> {
    value.as_str().and_then(|s| s.as_borrowed())
}
