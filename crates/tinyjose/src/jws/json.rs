//! The JWS JSON Serialization (RFC 7515 §7.2), general and flattened: parse untrusted, verify
//! with one key or with a key set, sign with one or more keys into a caller's buffer. Unencoded
//! payloads (RFC 7797) and detached content are handled as in the compact serialization.

use zeroize::Zeroize;

use super::{JwsVerifier, VerifiedJws, signing_input_len};
use crate::header::{self, Facts};
use crate::json::{self, Object, Str, Value};
use crate::limits::total;
use crate::{Error, JwsAlg, Limit, Limits, MAX_HEADER_LEN, MAX_SIGNATURE_LEN, Part, b64};

/// The two JSON serializations of a JWS or a JWE (RFC 7515 §7.2.1, §7.2.2; RFC 7516 §7.2.1,
/// §7.2.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum JsonForm {
    /// `{"payload":…,"signatures":[{"protected":…,"header":…,"signature":…},…]}`: any number of
    /// signatures (or `recipients`).
    #[default]
    General,
    /// `{"payload":…,"protected":…,"header":…,"signature":…}`: exactly one signature (or
    /// recipient).
    Flattened,
}

/// Keys to verify a JWS with: one key, a key set, or keys held elsewhere.
///
/// [`try_keys`](Self::try_keys) calls `check` with each key that may verify a signature whose
/// header names this `kid` and `alg`, in order, until one passes; implementations follow the one
/// rule of [`KeySelection`](crate::KeySelection). [`JwkSet`](crate::JwkSet) implements it.
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, HmacKey, JwsAlg, JwsVerifier};
/// use tinyjose::jws::JwsKeys;
///
/// /// Two keys, chosen by `kid`.
/// struct Pair(HmacKey, HmacKey);
///
/// impl JwsKeys for Pair {
///     fn try_keys(
///         &self,
///         kid: Option<&str>,
///         alg: JwsAlg,
///         check: &mut dyn FnMut(&dyn JwsVerifier) -> Result<(), Error>,
///     ) -> Result<(), Error> {
///         let key = match kid {
///             Some("a") => &self.0,
///             Some("b") => &self.1,
///             _ => return Err(Error::NoMatchingKey),
///         };
///         if key.alg() != alg {
///             return Err(Error::AlgMismatch);
///         }
///         check(key)
///     }
/// }
/// # let _ = Pair(HmacKey::hs256(&[1; 32])?, HmacKey::hs256(&[2; 32])?);
/// # Ok::<(), Error>(())
/// ```
pub trait JwsKeys {
    /// Calls `check` with each key admitted for `kid` and `alg` until one returns `Ok`.
    ///
    /// # Errors
    ///
    /// The error of the last key tried, or the selection's error when no key fits
    /// ([`Error::NoMatchingKey`], [`Error::AlgMismatch`], a key's refusal).
    fn try_keys(
        &self,
        kid: Option<&str>,
        alg: JwsAlg,
        check: &mut dyn FnMut(&dyn JwsVerifier) -> Result<(), Error>,
    ) -> Result<(), Error>;
}

/// One key, whatever the `kid`: it verifies signatures of its own algorithm, and a token of
/// another is [`Error::AlgMismatch`].
///
/// # Examples
///
/// See [`UntrustedJws::verify_with`](crate::UntrustedJws::verify_with).
#[derive(Clone, Copy)]
pub struct OneKey<'k>(pub &'k dyn JwsVerifier);

impl core::fmt::Debug for OneKey<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("OneKey").field(&self.0.alg()).finish()
    }
}

impl JwsKeys for OneKey<'_> {
    fn try_keys(
        &self,
        _kid: Option<&str>,
        alg: JwsAlg,
        check: &mut dyn FnMut(&dyn JwsVerifier) -> Result<(), Error>,
    ) -> Result<(), Error> {
        if self.0.alg() != alg {
            return Err(Error::AlgMismatch);
        }
        check(self.0)
    }
}

/// One signature of a JWS JSON serialization, as sent: **attacker-controlled**.
///
/// # Examples
///
/// ```
/// use tinyjose::UntrustedJwsJson;
///
/// let jws = UntrustedJwsJson::parse(r#"{"payload":"aGVsbG8","protected":"eyJhbGciOiJIUzI1NiJ9",
///     "header":{"kid":"k1"},"signature":"f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M"}"#)?;
/// let first = jws.signatures().next().unwrap();
/// assert_eq!(first.protected(), Some("eyJhbGciOiJIUzI1NiJ9"));
/// assert_eq!(first.header(), Some(r#"{"kid":"k1"}"#));
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct JwsSignature<'t> {
    protected: Option<&'t str>,
    header: Option<Object<'t>>,
    signature: &'t str,
}

impl<'t> JwsSignature<'t> {
    /// The encoded protected header (`protected`), if any.
    #[must_use]
    pub fn protected(&self) -> Option<&'t str> {
        self.protected
    }

    /// The unprotected header (`header`), as JSON text, if any. Never integrity protected.
    #[must_use]
    pub fn header(&self) -> Option<&'t str> {
        self.header.map(|h| h.text())
    }

    /// The encoded signature.
    #[must_use]
    pub fn signature(&self) -> &'t str {
        self.signature
    }

    /// Reads one element of `signatures`, or the top level of a flattened JWS.
    fn of(object: Object<'t>) -> Result<Self, Error> {
        let protected = object
            .get("protected")
            .map(|v| base64_text(v, Part::Header))
            .transpose()?;
        let header = object
            .get("header")
            .map(|v| v.as_object().ok_or(Error::Json(Part::Header)))
            .transpose()?;
        let signature = object
            .get("signature")
            .ok_or(Error::Malformed(Part::Signature))
            .and_then(|v| base64_text(v, Part::Signature))?;
        if protected.is_none() && header.is_none() {
            // RFC 7515 §7.2.1: at least one of the two.
            return Err(Error::Malformed(Part::Header));
        }
        Ok(Self {
            protected,
            header,
            signature,
        })
    }
}

/// A member that holds base64url text: a JSON string without escapes (base64url needs none).
fn base64_text<'t>(value: Value<'t>, part: Part) -> Result<&'t str, Error> {
    value
        .as_str()
        .ok_or(Error::Json(part))?
        .as_borrowed()
        .ok_or(Error::Base64(part))
}

/// What a signature's two headers say, once checked together.
#[derive(Clone, Copy, Debug)]
struct Checked {
    facts: Facts,
    /// The algorithm to verify with: from the protected header, or from the unprotected one when
    /// [`Limits::unprotected_alg`] allows it; `None` when it may not be used.
    alg: Option<JwsAlg>,
}

/// A JWS in a JSON serialization (RFC 7515 §7.2), general or flattened, parsed but **not
/// verified**.
///
/// [`parse`](Self::parse) checks the whole text: strict JSON without duplicate members, at most
/// [`Limits::signatures`] signatures, and for each one a protected header that passes the same
/// checks as a compact one, an unprotected header of at most
/// [`Limits::unprotected_header_len`] bytes that shares no member with it and holds no `crit` or
/// `b64`, and a strict base64url signature. Every signature agrees on `b64` (RFC 7797 §3).
///
/// `alg` is taken from the protected header; a signature whose `alg` is only in its unprotected
/// header is used only when [`Limits::unprotected_alg`] allows it. A key is bound to one
/// algorithm either way.
///
/// # Examples
///
/// ```
/// use tinyjose::{HmacKey, UntrustedJwsJson};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let text = r#"{"payload":"aGVsbG8","signatures":[
///     {"protected":"eyJhbGciOiJIUzI1NiJ9","signature":"f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M"}]}"#;
/// let jws = UntrustedJwsJson::parse(text)?;
/// let mut buf = [0u8; 64];
/// assert_eq!(jws.verify(&key, &mut buf)?.payload(), b"hello");
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct UntrustedJwsJson<'t> {
    root: Object<'t>,
    form: JsonForm,
    payload: Option<Str<'t>>,
    count: usize,
    b64: bool,
    limits: Limits,
}

impl<'t> UntrustedJwsJson<'t> {
    /// Parses a JWS JSON serialization with the default [`Limits`].
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] for a compact token or a missing member, [`Error::Json`],
    /// [`Error::DuplicateMember`] (also for a member in both headers of a signature),
    /// [`Error::Base64`], [`Error::AlgNone`], [`Error::UnsupportedAlg`],
    /// [`Error::UnsupportedCrit`], [`Error::LimitExceeded`].
    pub fn parse(text: &'t str) -> Result<Self, Error> {
        Self::parse_with_limits(text, &Limits::DEFAULT)
    }

    /// Parses a JWS JSON serialization with explicit [`Limits`].
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse).
    pub fn parse_with_limits(text: &'t str, limits: &Limits) -> Result<Self, Error> {
        if text.len() > limits.token_len {
            return Err(Error::LimitExceeded(Limit::TokenLength));
        }
        if text.trim_ascii_start().as_bytes().first() != Some(&b'{') {
            // A compact JWS, or nothing this parser reads.
            return Err(Error::Malformed(Part::Token));
        }
        let root = json::parse_object(text.as_bytes(), limits.json_depth, Part::Token)?;
        let signatures = root.get("signatures");
        let form = match signatures {
            Some(_) => JsonForm::General,
            None => JsonForm::Flattened,
        };
        if form == JsonForm::General
            && ["protected", "header", "signature"]
                .iter()
                .any(|m| root.get(m).is_some())
        {
            // RFC 7515 §7.2.2: the flattened members never sit beside `signatures`.
            return Err(Error::Malformed(Part::Token));
        }
        let payload = root
            .get("payload")
            .map(|v| v.as_str().ok_or(Error::Json(Part::Payload)))
            .transpose()?;
        let mut jws = Self {
            root,
            form,
            payload,
            count: 0,
            b64: true,
            limits: *limits,
        };
        let mut header_buf = [0u8; MAX_HEADER_LEN];
        let mut signature_buf = [0u8; MAX_SIGNATURE_LEN];
        for (i, entry) in jws.entries().enumerate() {
            if i >= limits.signatures {
                return Err(Error::LimitExceeded(Limit::Signatures));
            }
            let signature = JwsSignature::of(entry?)?;
            let checked = jws.check(&signature, &mut header_buf)?;
            if i == 0 {
                jws.b64 = checked.facts.b64;
            } else if jws.b64 != checked.facts.b64 {
                // RFC 7797 §3: one `b64` value for every signature.
                return Err(Error::Malformed(Part::Header));
            }
            decode_signature(signature.signature, &mut signature_buf)?;
            // Below `limits.signatures`.
            jws.count = i.saturating_add(1);
        }
        if jws.count == 0 {
            return Err(Error::Malformed(Part::Signature));
        }
        if jws.b64 && jws.payload.is_some_and(|p| p.as_borrowed().is_none()) {
            // Base64url text needs no escapes; it is decoded once a signature verified.
            return Err(Error::Base64(Part::Payload));
        }
        Ok(jws)
    }

    /// The serialization the text uses.
    #[must_use]
    pub fn form(&self) -> JsonForm {
        self.form
    }

    /// The number of signatures.
    #[must_use]
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether there is no signature: never, once parsed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether the payload member is absent: detached content, to verify with
    /// [`verify_detached`](Self::verify_detached).
    #[must_use]
    pub fn is_detached(&self) -> bool {
        self.payload.is_none()
    }

    /// Whether the payload is base64url-encoded: `false` for RFC 7797's `"b64":false`.
    #[must_use]
    pub fn b64(&self) -> bool {
        self.b64
    }

    /// The signatures, in order. Attacker-controlled.
    pub fn signatures(&self) -> impl Iterator<Item = JwsSignature<'t>> + 't {
        self.entries()
            .filter_map(|entry| entry.and_then(JwsSignature::of).ok())
    }

    /// The size of the `out` buffer [`verify`](Self::verify) needs: room to rebuild the longest
    /// signing input, with the protected header decoded after it.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let payload_len = self.payload.map_or(0, |p| p.raw_len());
        self.largest(payload_len, false)
    }

    /// The size of the `out` buffer [`verify_detached`](Self::verify_detached) needs for
    /// `content_len` bytes of content.
    #[must_use]
    pub fn detached_buffer_len(&self, content_len: usize) -> usize {
        self.largest(content_len, true)
    }

    /// Verifies a signature made with `key`, then decodes the payload into `out`.
    ///
    /// Signatures of another algorithm are skipped; the first of the key's algorithm that verifies
    /// wins. `out` must hold [`buffer_len`](Self::buffer_len) bytes; the verified protected
    /// header is decoded into its tail, and it is wiped if anything fails.
    ///
    /// # Errors
    ///
    /// [`Error::BufferTooSmall`] (before any cryptography), [`Error::Malformed`] (payload) for a
    /// detached JWS, [`Error::InvalidSignature`] when a signature of the key's algorithm did not
    /// verify, [`Error::AlgMismatch`] when none is of its algorithm, [`Error::Malformed`]
    /// (header) when the only `alg` is unprotected and not allowed.
    pub fn verify<'a>(
        &'a self,
        key: &dyn JwsVerifier,
        out: &'a mut [u8],
    ) -> Result<VerifiedJws<'a>, Error> {
        self.verify_any(&OneKey(key), out)
    }

    /// Verifies a signature with the keys `keys` admits for it, and decodes the payload into
    /// `out`: the first signature that one of its keys verifies wins. A signature whose `kid`
    /// names a key the set lacks is skipped.
    ///
    /// # Errors
    ///
    /// As [`verify`](Self::verify), and the selection errors of `keys`
    /// ([`Error::NoMatchingKey`]).
    pub fn verify_any<'a>(
        &'a self,
        keys: &dyn JwsKeys,
        out: &'a mut [u8],
    ) -> Result<VerifiedJws<'a>, Error> {
        let payload = self.payload.ok_or(Error::Malformed(Part::Payload))?;
        self.verify_content(keys, Content::Attached(payload), self.buffer_len(), out)
    }

    /// Verifies a JWS whose payload member is absent against `content`, the payload the caller
    /// holds (RFC 7515 Appendix F), with `key`. `out` must hold
    /// [`detached_buffer_len`](Self::detached_buffer_len) bytes.
    ///
    /// # Errors
    ///
    /// As [`verify`](Self::verify); [`Error::Malformed`] (payload) when the JWS carries a payload.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{HmacKey, UntrustedJwsJson};
    ///
    /// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
    /// let jws = UntrustedJwsJson::parse(r#"{"protected":"eyJhbGciOiJIUzI1NiJ9",
    ///     "signature":"f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M"}"#)?;
    /// let mut out = [0u8; 64];
    /// assert_eq!(jws.verify_detached(&key, b"hello", &mut out)?.payload(), b"hello");
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn verify_detached<'a>(
        &'a self,
        key: &dyn JwsVerifier,
        content: &'a [u8],
        out: &'a mut [u8],
    ) -> Result<VerifiedJws<'a>, Error> {
        self.verify_detached_any(&OneKey(key), content, out)
    }

    /// [`verify_detached`](Self::verify_detached) with the keys of a set, as
    /// [`verify_any`](Self::verify_any) chooses them.
    ///
    /// # Errors
    ///
    /// As [`verify_detached`](Self::verify_detached) and [`verify_any`](Self::verify_any).
    pub fn verify_detached_any<'a>(
        &'a self,
        keys: &dyn JwsKeys,
        content: &'a [u8],
        out: &'a mut [u8],
    ) -> Result<VerifiedJws<'a>, Error> {
        if self.payload.is_some() {
            return Err(Error::Malformed(Part::Payload));
        }
        let needed = self.detached_buffer_len(content.len());
        self.verify_content(keys, Content::Detached(content), needed, out)
    }

    /// Checks that `out` holds `needed` bytes, finds a signature the keys verify over `content`
    /// and decodes the result; `out` is wiped on any failure after the check.
    fn verify_content<'a>(
        &'a self,
        keys: &dyn JwsKeys,
        content: Content<'a, 't>,
        needed: usize,
        out: &'a mut [u8],
    ) -> Result<VerifiedJws<'a>, Error> {
        if out.len() < needed {
            return Err(Error::BufferTooSmall { needed });
        }
        match self.find(keys, content, out) {
            Ok((index, header_at)) => self.finish(index, header_at, content, out),
            Err(e) => {
                out.zeroize();
                Err(e)
            }
        }
    }

    /// The signature objects: the root of a flattened JWS, the elements of `signatures`.
    fn entries(&self) -> impl Iterator<Item = Result<Object<'t>, Error>> + 't {
        let (single, list) = match self.root.get("signatures") {
            None => (Some(Ok(self.root)), None),
            Some(value) => match value.as_array() {
                Some(list) => (None, Some(list)),
                None => (Some(Err(Error::Json(Part::Token))), None),
            },
        };
        single.into_iter().chain(
            list.into_iter()
                .flatten()
                .map(|v| v.as_object().ok_or(Error::Json(Part::Token))),
        )
    }

    /// The largest buffer any signature needs for `payload_len` bytes of payload text (or of
    /// content, when `detached`).
    fn largest(&self, payload_len: usize, detached: bool) -> usize {
        self.signatures()
            .map(|s| {
                let protected = s.protected.map_or(0, str::len);
                // A detached payload is encoded for the signing input; an attached one is copied
                // as sent, or unescaped (never longer) when unencoded.
                let input = signing_input_len(protected, payload_len, self.b64 && detached);
                let kid = s
                    .header
                    .and_then(|h| h.get("kid"))
                    .map_or(0, |v| v.raw_len());
                total(&[input, b64::decoded_len(protected).saturating_mul(2), kid])
            })
            .max()
            .unwrap_or(0)
    }

    /// Checks one signature's headers together: see the type's documentation.
    fn check(&self, signature: &JwsSignature<'t>, buf: &mut [u8]) -> Result<Checked, Error> {
        let (facts, protected_alg, protected) = match signature.protected {
            Some(segment) => {
                let (facts, alg) = header::parse_protected(segment.as_bytes(), buf, &self.limits)?;
                let json = buf.get(..usize::from(facts.json_len)).unwrap_or_default();
                let object = json::parse_object(json, self.limits.json_depth, Part::Header)?;
                (facts, alg, Some(object))
            }
            None => (Facts::EMPTY, None, None),
        };
        let mut alg = protected_alg;
        if let Some(unprotected) = signature.header {
            if unprotected.text().len() > self.limits.unprotected_header_len {
                return Err(Error::LimitExceeded(Limit::UnprotectedHeaderLength));
            }
            for (name, value) in unprotected.members() {
                if protected.is_some_and(|p| p.members().any(|(k, _)| k.same_as(&name))) {
                    return Err(Error::DuplicateMember(Part::Header));
                }
                if ["crit", "b64", "enc", "zip"].iter().any(|m| name.eq_str(m)) {
                    // `crit` and `b64` must be integrity protected (RFC 7515 §4.1.11,
                    // RFC 7797 §3); `enc` and `zip` belong to a JWE.
                    return Err(Error::Malformed(Part::Header));
                }
                if name.eq_str("alg") {
                    let mut text = [0u8; header::NAME_LEN];
                    let named = value.as_str().ok_or(Error::Json(Part::Header))?;
                    let named = JwsAlg::from_name(named.decode_name(&mut text))?;
                    alg = self.limits.unprotected_alg.then_some(named);
                } else if name.eq_str("kid") {
                    let kid = value.as_str().ok_or(Error::Json(Part::Header))?;
                    if kid.chars().any(|c| c < ' ') {
                        return Err(Error::Malformed(Part::Header));
                    }
                }
            }
        }
        let named =
            protected_alg.is_some() || signature.header.is_some_and(|h| h.get("alg").is_some());
        if !named {
            return Err(Error::Malformed(Part::Header));
        }
        Ok(Checked { facts, alg })
    }

    /// Tries each signature with the keys for it; returns the index of the one that verified
    /// and where in `out` its protected header was decoded.
    fn find(
        &self,
        keys: &dyn JwsKeys,
        content: Content<'_, 't>,
        out: &mut [u8],
    ) -> Result<(usize, usize), Error> {
        let mut best: Option<Error> = None;
        let mut signature_buf = [0u8; MAX_SIGNATURE_LEN];
        for (index, signature) in self.signatures().enumerate() {
            let protected = signature.protected.unwrap_or_default();
            let input_len = content.signing_input_len(protected.len(), self.b64);
            let (input_buf, rest) = out.split_at_mut(input_len.min(out.len()));
            let header_len = b64::decoded_len(protected.len()).saturating_mul(2);
            let (header_buf, kid_buf) = rest.split_at_mut(header_len.min(rest.len()));
            let checked = self.check(&signature, header_buf)?;
            let outcome = match checked.alg {
                None => Err(Error::Malformed(Part::Header)),
                Some(alg) => {
                    let input = content.signing_input(protected.as_bytes(), self.b64, input_buf)?;
                    let sig = decode_signature(signature.signature, &mut signature_buf)?;
                    #[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
                    if self.limits.ecdsa_high_s {
                        super::ecdsa::normalize_s(alg, sig);
                    }
                    let sig: &[u8] = sig;
                    let kid = match checked.facts.kid {
                        Some(span) => span.get(header_buf),
                        None => match signature.header.and_then(|h| h.get("kid")) {
                            Some(value) => Some(
                                value
                                    .as_str()
                                    .ok_or(Error::Json(Part::Header))?
                                    .decode(kid_buf)?,
                            ),
                            None => None,
                        },
                    };
                    // Only a key of the signature's algorithm that verified it counts, whatever
                    // a `JwsKeys` implementation returns.
                    let mut verified = false;
                    let tried = keys.try_keys(kid, alg, &mut |key| {
                        if key.alg() != alg {
                            return Err(Error::AlgMismatch);
                        }
                        key.verify(input, sig)?;
                        verified = true;
                        Ok(())
                    });
                    match tried {
                        Ok(()) if !verified => Err(Error::InvalidSignature),
                        other => other,
                    }
                }
            };
            match outcome {
                Ok(()) => return Ok((index, input_len)),
                Err(e) => {
                    if best.is_none_or(|b| rank(e) >= rank(b)) {
                        best = Some(e);
                    }
                }
            }
        }
        Err(best.unwrap_or(Error::InvalidSignature))
    }

    /// Decodes the payload of the verified signature `index` into `out` (its header is at
    /// `header_at`) and builds the result.
    fn finish<'a>(
        &'a self,
        index: usize,
        header_at: usize,
        content: Content<'a, 't>,
        out: &'a mut [u8],
    ) -> Result<VerifiedJws<'a>, Error> {
        let signature = self
            .signatures()
            .nth(index)
            .ok_or(Error::Malformed(Part::Signature))?;
        let (front, header_buf) = out.split_at_mut(header_at.min(out.len()));
        let checked = self.check(&signature, header_buf)?;
        let payload: &'a [u8] = match content {
            Content::Detached(c) => c,
            Content::Attached(p) => {
                let decoded = if self.b64 {
                    let text = p.as_borrowed().unwrap_or_default();
                    b64::decode(text.as_bytes(), front, Part::Payload).map(|d| d.len())
                } else {
                    p.unescape_into(front).map(str::len)
                };
                match decoded {
                    Ok(len) => front.get(..len).unwrap_or_default(),
                    Err(e) => {
                        front.zeroize();
                        header_buf.zeroize();
                        return Err(e);
                    }
                }
            }
        };
        let f = &checked.facts;
        let alg = checked.alg.unwrap_or(f.alg);
        let header_buf: &'a [u8] = header_buf;
        Ok(VerifiedJws {
            header: crate::ProtectedHeader::new(alg, header_buf, f.json_len, [f.kid, f.typ, f.cty]),
            payload,
            b64: self.b64,
            unprotected: signature.header(),
        })
    }
}

/// How much an error says of a failed verification, to report the most telling one of several
/// signatures: a signature that was checked and failed, then a key that did not fit, then no
/// key at all, then a signature whose `alg` could not be used.
fn rank(e: Error) -> u8 {
    match e {
        Error::InvalidSignature => 4,
        Error::NoMatchingKey => 2,
        Error::Malformed(Part::Header) => 1,
        _ => 3,
    }
}

/// Decodes a signature, at most [`MAX_SIGNATURE_LEN`] bytes.
fn decode_signature<'b>(text: &str, buf: &'b mut [u8]) -> Result<&'b mut [u8], Error> {
    if b64::decoded_len(text.len()) > buf.len() {
        return Err(Error::Malformed(Part::Signature));
    }
    let len = b64::decode(text.as_bytes(), buf, Part::Signature)?.len();
    Ok(buf.get_mut(..len).unwrap_or_default())
}

/// The payload a signature covers: the `payload` member, or content the caller holds.
#[derive(Clone, Copy, Debug)]
enum Content<'c, 't> {
    Attached(Str<'t>),
    Detached(&'c [u8]),
}

impl Content<'_, '_> {
    /// The length of the signing input with a protected header of `protected_len` characters.
    fn signing_input_len(&self, protected_len: usize, b64: bool) -> usize {
        match self {
            // The member is copied as sent (base64url text), or unescaped, never longer.
            Self::Attached(p) => signing_input_len(protected_len, p.raw_len(), false),
            Self::Detached(c) => signing_input_len(protected_len, c.len(), b64),
        }
    }

    /// Writes the signing input into the front of `buf`.
    fn signing_input<'b>(
        &self,
        protected: &[u8],
        b64: bool,
        buf: &'b mut [u8],
    ) -> Result<&'b [u8], Error> {
        match self {
            Self::Detached(c) => super::signing_input(protected, c, b64, buf),
            Self::Attached(p) => {
                let head = protected.len();
                let needed = self.signing_input_len(head, b64);
                let out = buf
                    .get_mut(..needed)
                    .ok_or(Error::BufferTooSmall { needed })?;
                let (front, rest) = out.split_at_mut(head);
                front.copy_from_slice(protected);
                let (dot, tail) = rest.split_at_mut(1);
                dot.fill(b'.');
                let len = total(&[head, 1, p.unescape_into(tail)?.len()]);
                Ok(buf.get(..len).unwrap_or_default())
            }
        }
    }
}
