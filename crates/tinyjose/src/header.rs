//! The JOSE Header (RFC 7515 §4): what a verifier reads from it, and what a signer writes.

use crate::json::{self, Sink};
use crate::{Error, JwsAlg, Limits, Part};

/// Header parameters a JWS or JWE defines, which `crit` may never list (RFC 7515 §4.1.11).
const REGISTERED: [&str; 20] = [
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc",
    "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
];

/// Room for a registered algorithm or `enc` name (the longest, `PBES2-HS512+A256KW`, is 18
/// bytes) when it is written with escapes.
pub(crate) const NAME_LEN: usize = 24;

/// Extensions a JWS verifier understands when they are listed in `crit`: RFC 7797's `b64`.
pub(crate) const JWS_UNDERSTOOD: &[&str] = &["b64"];

/// Where a header string value lives in the header buffer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Span {
    start: u16,
    len: u16,
}

impl Span {
    pub(crate) fn get(self, buf: &[u8]) -> Option<&str> {
        let bytes = buf
            .get(usize::from(self.start)..)?
            .get(..usize::from(self.len))?;
        core::str::from_utf8(bytes).ok()
    }
}

/// The protected header of a JWS or a JWE, as the token's typestates give it: `alg` (a
/// [`JwsAlg`](crate::JwsAlg) or a [`JweAlg`](crate::JweAlg)), `kid`, `typ`, `cty` (unescaped) and
/// the header JSON exactly as sent. Attacker-controlled while the token is untrusted; what was
/// signed or authenticated once it is verified or decrypted.
///
/// # Examples
///
/// ```
/// use tinyjose::{HmacKey, JwsAlg, UntrustedJws};
///
/// let jws = UntrustedJws::parse(
///     "eyJhbGciOiJIUzI1NiJ9.aGVsbG8.f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M",
/// )?;
/// assert_eq!(jws.header().alg(), JwsAlg::Hs256);
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let mut buf = [0u8; 5];
/// let verified = jws.verify(&key, &mut buf)?;
/// assert_eq!(verified.header().json(), r#"{"alg":"HS256"}"#);
/// assert_eq!(verified.header().kid(), None);
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProtectedHeader<'h, A> {
    alg: A,
    json: &'h str,
    kid: Option<&'h str>,
    typ: Option<&'h str>,
    cty: Option<&'h str>,
}

impl<'h, A: Copy> ProtectedHeader<'h, A> {
    /// The header of `buf`, whose first `json_len` bytes are the JSON and whose spans point at
    /// the unescaped strings.
    pub(crate) fn new(
        alg: A,
        buf: &'h [u8],
        json_len: u16,
        [kid, typ, cty]: [Option<Span>; 3],
    ) -> Self {
        let json = buf.get(..usize::from(json_len)).unwrap_or_default();
        Self {
            alg,
            json: core::str::from_utf8(json).unwrap_or_default(),
            kid: kid.and_then(|s| s.get(buf)),
            typ: typ.and_then(|s| s.get(buf)),
            cty: cty.and_then(|s| s.get(buf)),
        }
    }

    /// The `alg`.
    #[must_use]
    pub fn alg(&self) -> A {
        self.alg
    }

    /// The `kid`, unescaped.
    #[must_use]
    pub fn kid(&self) -> Option<&'h str> {
        self.kid
    }

    /// The `typ`, unescaped.
    #[must_use]
    pub fn typ(&self) -> Option<&'h str> {
        self.typ
    }

    /// The `cty`, unescaped.
    #[must_use]
    pub fn cty(&self) -> Option<&'h str> {
        self.cty
    }

    /// The decoded header JSON, exactly as sent.
    #[must_use]
    pub fn json(&self) -> &'h str {
        self.json
    }
}

/// What a verifier learns from a protected header, with strings stored in the header buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Facts {
    pub(crate) alg: JwsAlg,
    pub(crate) json_len: u16,
    pub(crate) kid: Option<Span>,
    pub(crate) typ: Option<Span>,
    pub(crate) cty: Option<Span>,
    /// RFC 7797 §3: `false` when the payload is signed as is, not base64url-encoded.
    pub(crate) b64: bool,
}

impl Facts {
    /// The facts before any header is read.
    pub(crate) const EMPTY: Self = Self {
        alg: JwsAlg::Hs256,
        json_len: 0,
        kid: None,
        typ: None,
        cty: None,
        b64: true,
    };
}

/// Decodes and checks the protected header of a JWS.
///
/// `buf` holds the base64url-decoded header JSON in its first `json_len` bytes on return; strings
/// with escapes are unescaped after it.
pub(crate) fn parse(segment: &[u8], buf: &mut [u8], limits: &Limits) -> Result<Facts, Error> {
    let (mut facts, alg) = parse_protected(segment, buf, limits)?;
    facts.alg = alg.ok_or(Error::Malformed(Part::Header))?;
    Ok(facts)
}

/// [`parse`], for a header that may leave `alg` to an unprotected header (RFC 7515 §7.2): the
/// facts, with the `alg` the protected header names, if any.
pub(crate) fn parse_protected(
    segment: &[u8],
    buf: &mut [u8],
    limits: &Limits,
) -> Result<(Facts, Option<JwsAlg>), Error> {
    let cap = buf.len().min(limits.header_len);
    if crate::b64::decoded_len(segment.len()) > cap {
        return Err(Error::LimitExceeded(crate::Limit::HeaderLength));
    }
    let json_len = crate::b64::decode(segment, buf, Part::Header)?.len();
    let (json_buf, tail) = buf
        .split_at_mut_checked(json_len)
        .ok_or(Error::LimitExceeded(crate::Limit::HeaderLength))?;

    let mut alg = None;
    let mut crit = None;
    let mut b64 = None;
    let mut strings = Strings {
        base: json_buf.as_ptr().addr(),
        tail,
        used: 0,
        offset: json_len,
    };
    let mut facts = Facts::EMPTY;
    let obj = json::parse_object_with(
        json_buf,
        limits.json_depth,
        Part::Header,
        &mut |name, value| {
            let string = || value.as_str().ok_or(Error::Json(Part::Header));
            if name.eq_str("alg") {
                let mut name = [0u8; NAME_LEN];
                alg = Some(JwsAlg::from_name(string()?.decode_name(&mut name))?);
            } else if name.eq_str("kid") {
                facts.kid = Some(strings.store_kid(string()?)?);
            } else if name.eq_str("typ") {
                facts.typ = Some(strings.store(string()?)?);
            } else if name.eq_str("cty") {
                facts.cty = Some(strings.store(string()?)?);
            } else if name.eq_str("crit") {
                crit = Some(value.as_array().ok_or(Error::Json(Part::Header))?);
            } else if name.eq_str("b64") {
                b64 = Some(value.as_bool().ok_or(Error::Json(Part::Header))?);
            } else if name.eq_str("enc") || name.eq_str("zip") {
                // A JWE header (`zip` is JWE-only, RFC 7516 §4.1.3): never verify it as a JWS.
                return Err(Error::Malformed(Part::Header));
            }
            // `jwk`, `jku`, `x5u`, `x5c` and everything else: never used to find or make a key.
            Ok(())
        },
    )?;
    if let Some(list) = crit.clone() {
        check_crit(list, &obj, JWS_UNDERSTOOD)?;
    }
    if let Some(b64) = b64 {
        // RFC 7797 §6: a header that uses `b64` lists it in `crit`.
        let listed = crit.is_some_and(|mut list| {
            list.any(|item| item.as_str().is_some_and(|s| s.eq_str("b64")))
        });
        if !listed {
            return Err(Error::UnsupportedCrit);
        }
        facts.b64 = b64;
    }
    facts.json_len =
        u16::try_from(json_len).map_err(|_| Error::LimitExceeded(crate::Limit::HeaderLength))?;
    Ok((facts, alg))
}

/// RFC 7515 §4.1.11: a non-empty list of distinct, `understood`, non-registered names, each
/// present.
pub(crate) fn check_crit(
    list: json::Elements<'_>,
    header: &json::Object<'_>,
    understood: &[&str],
) -> Result<(), Error> {
    let mut empty = true;
    for (i, item) in list.enumerate() {
        let name = item.as_str().ok_or(Error::Json(Part::Header))?;
        empty = false;
        let registered = REGISTERED.iter().any(|r| name.eq_str(r));
        let understood = understood.iter().any(|u| name.eq_str(u));
        let present = header.members().any(|(k, _)| k.same_as(&name));
        let repeated = header
            .get("crit")
            .and_then(|v| v.as_array())
            .is_some_and(|mut all| {
                all.by_ref()
                    .take(i)
                    .any(|v| v.as_str().is_some_and(|s| s.same_as(&name)))
            });
        if registered || !understood || !present || repeated {
            return Err(Error::UnsupportedCrit);
        }
    }
    if empty {
        return Err(Error::UnsupportedCrit);
    }
    Ok(())
}

/// Whether `text` holds a C0 control character, which no `kid` may hold.
fn has_control(text: &[u8]) -> bool {
    text.iter().any(|&b| b < 0x20)
}

/// Records header strings: borrowed in place when they have no escapes, unescaped into the
/// unused tail of the header buffer when they do.
pub(crate) struct Strings<'b> {
    pub(crate) base: usize,
    pub(crate) tail: &'b mut [u8],
    pub(crate) used: usize,
    pub(crate) offset: usize,
}

impl Strings<'_> {
    /// Stores a `kid`, refusing control characters (U+0000 to U+001F, which JSON carries only
    /// escaped): a `kid` ends up in logs, file names and queries, and a NUL cuts it short in C.
    pub(crate) fn store_kid(&mut self, s: json::Str<'_>) -> Result<Span, Error> {
        let before = self.used;
        let span = self.store(s)?;
        let unescaped = self.tail.get(before..self.used).unwrap_or_default();
        if has_control(unescaped) {
            return Err(Error::Malformed(Part::Header));
        }
        Ok(span)
    }

    pub(crate) fn store(&mut self, s: json::Str<'_>) -> Result<Span, Error> {
        let too_long = Error::LimitExceeded(crate::Limit::HeaderLength);
        let (start, len) = match s.as_borrowed() {
            Some(b) => (b.as_ptr().addr().wrapping_sub(self.base), b.len()),
            None => {
                let free = self.tail.get_mut(self.used..).ok_or(too_long)?;
                let text = s.unescape_into(free).map_err(|_| too_long)?;
                let start = self.offset.checked_add(self.used).ok_or(too_long)?;
                self.used = self.used.checked_add(text.len()).ok_or(too_long)?;
                (start, text.len())
            }
        };
        Ok(Span {
            start: u16::try_from(start).map_err(|_| too_long)?,
            len: u16::try_from(len).map_err(|_| too_long)?,
        })
    }
}

/// Header parameters for a token being created: `kid`, `typ`, `cty`, `jwk` and `b64`.
///
/// `alg` is not settable: it comes from the signing key, so header and key always agree.
///
/// # Examples
///
/// ```
/// use tinyjose::HeaderParams;
///
/// let header = HeaderParams::new().kid("2024-06").typ("JWT");
/// assert_eq!(header.kid, Some("2024-06"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HeaderParams<'a> {
    /// Key ID (RFC 7515 §4.1.4).
    pub kid: Option<&'a str>,
    /// Media type of the whole token (RFC 7515 §4.1.9), for example `JWT`.
    pub typ: Option<&'a str>,
    /// Media type of the payload (RFC 7515 §4.1.10).
    pub cty: Option<&'a str>,
    /// Whether the payload is base64url-encoded (RFC 7797 §3). `true` by default; `false` signs
    /// the payload as is and writes `"b64":false` with `"crit":["b64"]`. JWS only.
    pub b64: bool,
    /// A public JWK to carry in the header (RFC 7515 §4.1.3), as JSON object text: what a DPoP
    /// proof needs (RFC 9449 §4.2). Verifiers of this crate never take a key from it, except
    /// the DPoP proof check, where it is the key by design.
    pub jwk: Option<&'a str>,
}

impl Default for HeaderParams<'_> {
    /// As [`new`](HeaderParams::new): no parameters beyond `alg`, payload encoded.
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> HeaderParams<'a> {
    /// No parameters beyond `alg`.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            kid: None,
            typ: None,
            cty: None,
            b64: true,
            jwk: None,
        }
    }

    /// Sets `kid`.
    #[must_use]
    pub const fn kid(mut self, kid: &'a str) -> Self {
        self.kid = Some(kid);
        self
    }

    /// Sets `typ`.
    #[must_use]
    pub const fn typ(mut self, typ: &'a str) -> Self {
        self.typ = Some(typ);
        self
    }

    /// Sets `cty`.
    #[must_use]
    pub const fn cty(mut self, cty: &'a str) -> Self {
        self.cty = Some(cty);
        self
    }

    /// Sets `jwk`, the JSON text of a public JWK.
    #[must_use]
    pub const fn jwk(mut self, jwk: &'a str) -> Self {
        self.jwk = Some(jwk);
        self
    }

    /// Sets `b64` (RFC 7797): `false` signs the payload unencoded.
    #[must_use]
    pub const fn b64(mut self, b64: bool) -> Self {
        self.b64 = b64;
        self
    }

    /// Writes the header JSON for `alg`: `{"alg":…,"kid":…,"typ":…,"cty":…}`.
    pub(crate) fn write(&self, alg: &str, sink: &mut dyn Sink) -> Result<(), Error> {
        sink.put(b"{\"alg\":")?;
        json::write_str(sink, alg)?;
        self.write_members(sink)?;
        sink.put(b"}")
    }

    /// Writes `,"kid":…,"typ":…,"cty":…` for the members that are set, and
    /// `,"b64":false,"crit":["b64"]` for an unencoded payload.
    pub(crate) fn write_members(&self, sink: &mut dyn Sink) -> Result<(), Error> {
        if self.kid.is_some_and(|kid| has_control(kid.as_bytes())) {
            return Err(Error::Malformed(Part::Header));
        }
        for (name, value) in [("kid", self.kid), ("typ", self.typ), ("cty", self.cty)] {
            if let Some(v) = value {
                sink.put(b",\"")?;
                sink.put(name.as_bytes())?;
                sink.put(b"\":")?;
                json::write_str(sink, v)?;
            }
        }
        if let Some(jwk) = self.jwk {
            // Only an object of strict JSON, copied as is.
            json::parse_object(jwk.as_bytes(), crate::MAX_JSON_DEPTH, Part::Header)?;
            sink.put(br#","jwk":"#)?;
            sink.put(jwk.as_bytes())?;
        }
        if !self.b64 {
            sink.put(br#","b64":false,"crit":["b64"]"#)?;
        }
        Ok(())
    }

    /// The length of the header JSON that [`sign`](crate::sign) writes for `alg`, to size its
    /// output with [`compact_len`](crate::compact_len).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{HeaderParams, JwsAlg};
    ///
    /// // {"alg":"HS256","typ":"JWT"}
    /// assert_eq!(HeaderParams::new().typ("JWT").json_len(JwsAlg::Hs256), 27);
    /// ```
    #[must_use]
    pub fn json_len(&self, alg: JwsAlg) -> usize {
        let mut count = json::CountSink::default();
        // Counting cannot fail.
        let _ = self.write(alg.name(), &mut count);
        count.0
    }
}
