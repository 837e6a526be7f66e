//! The JWE protected header (RFC 7516 §4): what decryption and key management read from it.

use super::{Epk, KeyParams};
pub(crate) use crate::header::Span;
use crate::header::{NAME_LEN, Strings, check_crit};
use crate::json::{self, Str};
use crate::{Enc, Error, JweAlg, JwsAlg, Limit, Limits, Part};

/// Where the members of an `epk` object live in the header buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct EpkSpans {
    pub(crate) kty: Span,
    pub(crate) crv: Span,
    pub(crate) x: Span,
    pub(crate) y: Option<Span>,
}

/// What a recipient learns from a JWE protected header, with strings in the header buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct JweFacts {
    pub(crate) alg: JweAlg,
    pub(crate) enc: Enc,
    pub(crate) zip: bool,
    pub(crate) json_len: u16,
    pub(crate) kid: Option<Span>,
    pub(crate) typ: Option<Span>,
    pub(crate) cty: Option<Span>,
    pub(crate) epk: Option<EpkSpans>,
    pub(crate) apu: Option<Span>,
    pub(crate) apv: Option<Span>,
    pub(crate) iv: Option<Span>,
    pub(crate) tag: Option<Span>,
    pub(crate) p2s: Option<Span>,
    pub(crate) p2c: Option<u32>,
}

impl JweFacts {
    pub(crate) const EMPTY: Self = Self {
        alg: JweAlg::Dir,
        enc: Enc::A128Gcm,
        zip: false,
        json_len: 0,
        kid: None,
        typ: None,
        cty: None,
        epk: None,
        apu: None,
        apv: None,
        iv: None,
        tag: None,
        p2s: None,
        p2c: None,
    };
}

/// The parameters key management reads from a header whose facts are `f`, with strings in `buf`.
pub(crate) fn key_params<'h>(f: &JweFacts, buf: &'h [u8]) -> KeyParams<'h> {
    let get = |s: Option<Span>| s.and_then(|s| s.get(buf));
    KeyParams {
        alg: f.alg,
        enc: f.enc,
        epk: f.epk.and_then(|e| {
            Some(Epk {
                kty: e.kty.get(buf)?,
                crv: e.crv.get(buf)?,
                x: e.x.get(buf)?,
                y: get(e.y),
            })
        }),
        apu: get(f.apu),
        apv: get(f.apv),
        iv: get(f.iv),
        tag: get(f.tag),
        p2s: get(f.p2s),
        p2c: f.p2c,
    }
}

/// Decodes and checks the protected header of a JWE.
///
/// `buf` holds the base64url-decoded header JSON in its first `json_len` bytes on return; strings
/// with escapes are unescaped after it.
pub(crate) fn parse(segment: &[u8], buf: &mut [u8], limits: &Limits) -> Result<JweFacts, Error> {
    let cap = buf.len().min(limits.header_len);
    if crate::b64::decoded_len(segment.len()) > cap {
        return Err(Error::LimitExceeded(Limit::HeaderLength));
    }
    let json_len = crate::b64::decode(segment, buf, Part::Header)?.len();
    parse_json(buf, json_len, limits)
}

/// Checks the JOSE header JSON in the first `json_len` bytes of `buf`; strings with escapes are
/// unescaped after it. The compact serialization's protected header, or the union of the headers
/// of a JSON serialization's recipient.
pub(crate) fn parse_json(
    buf: &mut [u8],
    json_len: usize,
    limits: &Limits,
) -> Result<JweFacts, Error> {
    let (json_buf, tail) = buf.split_at_mut(json_len.min(buf.len()));

    let mut strings = Strings {
        base: json_buf.as_ptr().addr(),
        tail,
        used: 0,
        offset: json_len,
    };
    let mut facts = JweFacts::EMPTY;
    let (mut alg, mut enc, mut crit) = (None, None, None);
    let obj = json::parse_object_with(
        json_buf,
        limits.json_depth,
        Part::Header,
        &mut |name, value| {
            let string = || value.as_str().ok_or(Error::Json(Part::Header));
            let mut store = |slot: &mut Option<Span>| -> Result<(), Error> {
                *slot = Some(strings.store(string()?)?);
                Ok(())
            };
            if name.eq_str("alg") {
                alg = Some(jwe_alg(string()?)?);
            } else if name.eq_str("enc") {
                let mut name = [0u8; NAME_LEN];
                enc = Some(Enc::from_name(string()?.decode_name(&mut name))?);
            } else if name.eq_str("zip") {
                // RFC 7518 §7.3: DEF is the one registered value.
                if !string()?.eq_str("DEF") || !cfg!(feature = "deflate") {
                    return Err(Error::UnsupportedAlg);
                }
                facts.zip = true;
            } else if name.eq_str("kid") {
                facts.kid = Some(strings.store_kid(string()?)?);
            } else if name.eq_str("typ") {
                store(&mut facts.typ)?;
            } else if name.eq_str("cty") {
                store(&mut facts.cty)?;
            } else if name.eq_str("apu") {
                store(&mut facts.apu)?;
            } else if name.eq_str("apv") {
                store(&mut facts.apv)?;
            } else if name.eq_str("iv") {
                store(&mut facts.iv)?;
            } else if name.eq_str("tag") {
                store(&mut facts.tag)?;
            } else if name.eq_str("p2s") {
                store(&mut facts.p2s)?;
            } else if name.eq_str("p2c") {
                facts.p2c = Some(p2c(value, limits)?);
            } else if name.eq_str("epk") {
                let epk = value.as_object().ok_or(Error::Json(Part::Header))?;
                facts.epk = Some(epk_spans(epk, &mut strings)?);
            } else if name.eq_str("crit") {
                crit = Some(value.as_array().ok_or(Error::Json(Part::Header))?);
            }
            // `jwk`, `jku`, `x5u`, `x5c` and everything else: never used to find or make a key.
            Ok(())
        },
    )?;
    if let Some(list) = crit {
        check_crit(list, &obj, &[])?;
    }
    facts.alg = alg.ok_or(Error::Malformed(Part::Header))?;
    // A header without `enc` is a JWS header: never decrypt it as a JWE.
    facts.enc = enc.ok_or(Error::Malformed(Part::Header))?;
    facts.json_len =
        u16::try_from(json_len).map_err(|_| Error::LimitExceeded(Limit::HeaderLength))?;
    Ok(facts)
}

/// The JWE `alg` named by `s`; `none`, `RSA1_5` and JWS algorithms are refused.
fn jwe_alg(s: Str<'_>) -> Result<JweAlg, Error> {
    let mut buf = [0u8; NAME_LEN];
    let name = s.decode_name(&mut buf);
    if JwsAlg::from_name(name).is_ok() {
        // A JWS algorithm with `enc`: neither a JWS nor a JWE.
        return Err(Error::Malformed(Part::Header));
    }
    JweAlg::from_name(name)
}

/// The lowest PBES2 iteration count accepted (RFC 7518 §4.8.1.2).
const MIN_PBES2_COUNT: u32 = 1000;

/// `p2c`: an integer from 1000 to [`Limits::pbes2_count`], checked before any work.
fn p2c(value: json::Value<'_>, limits: &Limits) -> Result<u32, Error> {
    let text = value.as_number().ok_or(Error::Json(Part::Header))?;
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::Json(Part::Header));
    }
    let too_many = Error::LimitExceeded(Limit::Pbes2Count);
    // Ten digits or more is beyond any u32 ceiling worth having; refuse without parsing.
    if text.len() > 9 {
        return Err(too_many);
    }
    let count = match json::Integer::parse(text) {
        Some(json::Integer::NonNegative(count)) => u32::try_from(count).map_err(|_| too_many)?,
        _ => return Err(Error::Json(Part::Header)),
    };
    if count == 0 {
        return Err(Error::Json(Part::Header));
    }
    // RFC 7518 §4.8.1.2 recommends at least 1000: fewer protects the password too little.
    if !(MIN_PBES2_COUNT..=limits.pbes2_count).contains(&count) {
        return Err(too_many);
    }
    Ok(count)
}

/// The members of an `epk` object. A private key (`d`) in a header is refused outright.
fn epk_spans(epk: json::Object<'_>, strings: &mut Strings<'_>) -> Result<EpkSpans, Error> {
    let (mut kty, mut crv, mut x, mut y) = (None, None, None, None);
    for (name, value) in epk.members() {
        let slot = if name.eq_str("kty") {
            &mut kty
        } else if name.eq_str("crv") {
            &mut crv
        } else if name.eq_str("x") {
            &mut x
        } else if name.eq_str("y") {
            &mut y
        } else if name.eq_str("d") {
            return Err(Error::Malformed(Part::Header));
        } else {
            continue;
        };
        let s = value.as_str().ok_or(Error::Json(Part::Header))?;
        *slot = Some(strings.store(s)?);
    }
    let missing = Error::Malformed(Part::Header);
    Ok(EpkSpans {
        kty: kty.ok_or(missing)?,
        crv: crv.ok_or(missing)?,
        x: x.ok_or(missing)?,
        y,
    })
}
