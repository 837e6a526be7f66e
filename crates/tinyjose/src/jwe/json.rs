//! The JWE JSON serializations (RFC 7516 §7.2): general (a `recipients` array) and flattened
//! (one recipient's `header` and `encrypted_key` at the top level), parsed into
//! [`UntrustedJweJson`] and opened into [`DecryptedJweJson`]; [`encrypt_json`] writes them.
//!
//! The JOSE header of a recipient is the union of the protected header, the shared
//! `unprotected` header and the recipient's own `header` (RFC 7516 §7.2.1). This module joins the
//! three JSON objects into one and checks it with the compact serialization's header rules, so a
//! member present in two of them is a duplicate member of the union.

use zeroize::Zeroize;

use super::decrypt::{Sealed, open};
use super::header::{self, JweFacts};
use super::{ContentEncryption, JweDecrypter};
use crate::json::{self, Object, Sink, Value};
use crate::{
    Enc, Error, JweAlg, Limit, Limits, MAX_ENCRYPTED_KEY_LEN, MAX_HEADER_LEN, Part,
    ProtectedHeader, b64,
};

/// Room for the union of a recipient's three headers, and for its strings unescaped.
const JOINT_LEN: usize = 2 * MAX_HEADER_LEN;

/// One recipient: its own unprotected header and its encrypted key (base64url).
#[derive(Clone, Copy, Debug)]
struct Recipient<'t> {
    header: Option<Object<'t>>,
    encrypted_key_b64: &'t [u8],
}

/// Where the recipients are: a `recipients` array, or the one flattened recipient.
#[derive(Clone, Copy, Debug)]
enum Recipients<'t> {
    General(Value<'t>),
    Flattened(Recipient<'t>),
}

/// A JWE in a JSON serialization (RFC 7516 §7.2, general or flattened) that has been parsed but
/// **not decrypted**.
///
/// [`parse`](Self::parse) checks the whole text with the crate's strict JSON reader (duplicate
/// members refused at every level), every base64url member strictly, the structure (`iv`,
/// `ciphertext` and `tag` present; `recipients` or the flattened `header`/`encrypted_key`, never
/// both; at most [`Limits::recipients`] recipients), and, for every recipient, the JOSE header
/// formed by the union of the protected header, the shared `unprotected` header and the
/// recipient's `header`:
///
/// - a member present in two of the three headers is [`Error::DuplicateMember`]
///   ([`Part::Header`]);
/// - `crit` and `zip` outside the protected header are [`Error::Malformed`] ([`Part::Header`]):
///   they must be integrity protected;
/// - `alg` and `enc` may come from any of the three (the key decides `alg`, the caller's list
///   `enc`), and `enc` must be the same for every recipient;
/// - then every rule of the compact serialization's header (known `enc`, `crit`, `zip`, `p2c`);
///   `jwk`, `jku`, `x5u` and `x5c` are never used.
///
/// A recipient whose `alg` this library refuses (`RSA1_5`) or does not have is not an error while
/// another recipient can be decrypted: it is skipped. If no recipient has a usable `alg`, parsing
/// fails with the first recipient's error ([`Error::AlgRsa1_5`], [`Error::UnsupportedAlg`]).
///
/// **Every header value is attacker-controlled** until decrypted.
///
/// # Examples
///
/// ```
/// use tinyjose::{A128GCM, DirectKey, Enc, UntrustedJweJson};
///
/// // RFC 7520 §5.6 in the flattened form.
/// let text = r#"{"protected":"eyJhbGciOiJkaXIiLCJraWQiOiI3N2M3ZTJiOC02ZTEzLTQ1Y2YtODY3Mi02MTdiNWI0NTI0M2EiLCJlbmMiOiJBMTI4R0NNIn0","iv":"refa467QzzKx6QAB","ciphertext":"JW_i_f52hww_ELQPGaYyeAB6HYGcR559l9TYnSovc23XJoBcW29rHP8yZOZG7YhLpT1bjFuvZPjQS-m0IFtVcXkZXdH_lr_FrdYt9HRUYkshtrMmIUAyGmUnd9zMDB2n0cRDIHAzFVeJUDxkUwVAE7_YGRPdcqMyiBoCO-FBdE-Nceb4h3-FtBP-c_BIwCPTjb9o0SbdcdREEMJMyZBH8ySWMVi1gPD9yxi-aQpGbSv_F9N4IZAxscj5g-NJsUPbjk29-s7LJAGb15wEBtXphVCgyy53CoIKLHHeJHXex45Uz9aKZSRSInZI-wjsY0yu3cT4_aQ3i1o-tiE-F8Ios61EKgyIQ4CWao8PFMj8TTnp","tag":"vbb32Xvllea2OtmHAdccRQ"}"#;
/// let jwe = UntrustedJweJson::parse(text)?;
/// assert_eq!((jwe.recipient_count(), jwe.enc()), (1, Enc::A128Gcm));
///
/// let key = DirectKey::new(&[
///     0xb9, 0x16, 0x05, 0xa1, 0x45, 0x65, 0x1a, 0x3c, 0x96, 0xab, 0xd3, 0x13, 0xf6, 0x34, 0x80, 0x1a,
/// ])?;
/// let mut out = [0u8; 512];
/// let decrypted = jwe.decrypt(&key, &[A128GCM], &mut out)?;
/// assert!(decrypted.plaintext().starts_with(b"You can trust us"));
/// assert_eq!(decrypted.kid(), Some("77c7e2b8-6e13-45cf-8672-617b5b45243a"));
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone)]
pub struct UntrustedJweJson<'t> {
    protected_b64: &'t [u8],
    unprotected: Option<Object<'t>>,
    recipients: Recipients<'t>,
    count: usize,
    aad_b64: Option<&'t [u8]>,
    iv_b64: &'t [u8],
    ciphertext_b64: &'t [u8],
    tag_b64: &'t [u8],
    enc: Enc,
    zip: bool,
    limits: Limits,
    protected_len: usize,
    protected: [u8; MAX_HEADER_LEN],
}

impl core::fmt::Debug for UntrustedJweJson<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("UntrustedJweJson")
            .field("protected", &self.protected_json())
            .field("unprotected", &self.unprotected_json())
            .field("recipients", &self.count)
            .field("ciphertext_len", &self.ciphertext_len())
            .finish_non_exhaustive()
    }
}

/// The members of the top-level object.
#[derive(Default)]
struct Members<'t> {
    protected: Option<Value<'t>>,
    unprotected: Option<Value<'t>>,
    header: Option<Value<'t>>,
    encrypted_key: Option<Value<'t>>,
    recipients: Option<Value<'t>>,
    aad: Option<Value<'t>>,
    iv: Option<Value<'t>>,
    ciphertext: Option<Value<'t>>,
    tag: Option<Value<'t>>,
}

impl<'t> UntrustedJweJson<'t> {
    /// Parses a JWE JSON serialization, general or flattened, with the default [`Limits`].
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] ([`Part::Token`]) for a compact JWE or a text that is not a JSON
    /// object, for `recipients` together with a top-level `header` or `encrypted_key`, for an
    /// empty `recipients`; [`Error::Malformed`] of the missing part for a missing `iv`,
    /// `ciphertext` or `tag`; [`Error::Json`], [`Error::DuplicateMember`], [`Error::Base64`];
    /// [`Error::LimitExceeded`] ([`Limit::TokenLength`], [`Limit::Recipients`],
    /// [`Limit::UnprotectedHeaderLength`], [`Limit::HeaderLength`]); the header errors described
    /// on [`UntrustedJweJson`].
    #[inline]
    pub fn parse(text: &'t str) -> Result<Self, Error> {
        Self::parse_with_limits(text, &Limits::DEFAULT)
    }

    /// Parses a JWE JSON serialization with explicit [`Limits`]; they also bound decryption.
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{Error, Limit, Limits, UntrustedJweJson};
    ///
    /// let text = r#"{"unprotected":{"alg":"dir","enc":"A128GCM"},"iv":"AAAAAAAAAAAAAAAA","ciphertext":"AA","tag":"AAAAAAAAAAAAAAAAAAAAAA"}"#;
    /// assert!(UntrustedJweJson::parse(text).is_ok());
    /// let limits = Limits::DEFAULT.with_unprotected_header_len(16);
    /// assert_eq!(
    ///     UntrustedJweJson::parse_with_limits(text, &limits).unwrap_err(),
    ///     Error::LimitExceeded(Limit::UnprotectedHeaderLength)
    /// );
    /// ```
    #[inline]
    pub fn parse_with_limits(text: &'t str, limits: &Limits) -> Result<Self, Error> {
        let mut jwe = Self {
            protected_b64: &[],
            unprotected: None,
            recipients: Recipients::Flattened(Recipient {
                header: None,
                encrypted_key_b64: &[],
            }),
            count: 0,
            aad_b64: None,
            iv_b64: &[],
            ciphertext_b64: &[],
            tag_b64: &[],
            enc: Enc::A128Gcm,
            zip: false,
            limits: *limits,
            protected_len: 0,
            protected: [0; MAX_HEADER_LEN],
        };
        jwe.fill(text.as_bytes(), limits)?;
        Ok(jwe)
    }

    /// The work of [`parse_with_limits`](Self::parse_with_limits), in place.
    #[inline(never)]
    fn fill(&mut self, text: &'t [u8], limits: &Limits) -> Result<(), Error> {
        if text.len() > limits.token_len {
            return Err(Error::LimitExceeded(Limit::TokenLength));
        }
        // A compact JWE (or anything else that is not an object) is not a JSON serialization.
        if text.trim_ascii_start().first() != Some(&b'{') {
            return Err(Error::Malformed(Part::Token));
        }
        let mut m = Members::default();
        json::parse_object_with(text, limits.json_depth, Part::Token, &mut |name, value| {
            let slot = match () {
                () if name.eq_str("protected") => &mut m.protected,
                () if name.eq_str("unprotected") => &mut m.unprotected,
                () if name.eq_str("header") => &mut m.header,
                () if name.eq_str("encrypted_key") => &mut m.encrypted_key,
                () if name.eq_str("recipients") => &mut m.recipients,
                () if name.eq_str("aad") => &mut m.aad,
                () if name.eq_str("iv") => &mut m.iv,
                () if name.eq_str("ciphertext") => &mut m.ciphertext,
                () if name.eq_str("tag") => &mut m.tag,
                // RFC 7516 §7.2.1: members not understood are ignored.
                () => return Ok(()),
            };
            *slot = Some(value);
            Ok(())
        })?;

        if let Some(p) = m.protected {
            let p = b64_text(p, Part::Header)?;
            if p.is_empty() {
                // RFC 7516 §7.2.1: an empty protected header is absent, not "".
                return Err(Error::Malformed(Part::Header));
            }
            let cap = limits.header_len.min(MAX_HEADER_LEN);
            if b64::decoded_len(p.len()) > cap {
                return Err(Error::LimitExceeded(Limit::HeaderLength));
            }
            self.protected_len = b64::decode(p, &mut self.protected, Part::Header)?.len();
            json::parse_object(
                self.protected_json().as_bytes(),
                limits.json_depth,
                Part::Header,
            )?;
            self.protected_b64 = p;
        }
        self.unprotected = m.unprotected.map(|v| unprotected(v, limits)).transpose()?;

        self.recipients = match m.recipients {
            Some(list) => {
                if m.header.is_some() || m.encrypted_key.is_some() {
                    return Err(Error::Malformed(Part::Token));
                }
                let mut count = 0;
                for item in list.as_array().ok_or(Error::Json(Part::Token))? {
                    count += 1;
                    if count > limits.recipients {
                        return Err(Error::LimitExceeded(Limit::Recipients));
                    }
                    recipient_of(item, limits)?;
                }
                if count == 0 {
                    return Err(Error::Malformed(Part::Token));
                }
                Recipients::General(list)
            }
            None => Recipients::Flattened(recipient(m.header, m.encrypted_key, limits)?),
        };

        self.aad_b64 = m
            .aad
            .map(|v| checked_b64(v, Part::Token, usize::MAX))
            .transpose()?;
        let required = |v: Option<Value<'t>>, part, max| {
            checked_b64(v.ok_or(Error::Malformed(part))?, part, max)
        };
        self.iv_b64 = required(m.iv, Part::Iv, 16)?;
        self.ciphertext_b64 = required(m.ciphertext, Part::Ciphertext, usize::MAX)?;
        self.tag_b64 = required(m.tag, Part::Tag, 32)?;

        // Every recipient's JOSE header, checked now: structure is reported at parse time.
        let mut joint = [0u8; JOINT_LEN];
        let (mut usable, mut first_error, mut enc) = (false, None, None);
        self.count = 0;
        for r in self.each_recipient() {
            self.count += 1;
            match self.joint_header(&r, &mut joint) {
                Ok(facts) => {
                    if enc.is_some_and(|e| e != facts.enc) {
                        // One ciphertext: one `enc` for every recipient.
                        return Err(Error::Malformed(Part::Header));
                    }
                    enc = Some(facts.enc);
                    self.zip = facts.zip;
                    usable = true;
                }
                // An algorithm this library does not do is another recipient's business.
                Err(e @ (Error::AlgRsa1_5 | Error::UnsupportedAlg)) => {
                    first_error.get_or_insert(e);
                }
                Err(e) => return Err(e),
            }
        }
        joint.zeroize();
        if !usable {
            return Err(first_error.unwrap_or(Error::Malformed(Part::Header)));
        }
        self.enc = enc.unwrap_or(Enc::A128Gcm);
        Ok(())
    }

    /// The recipients, in order.
    fn each_recipient(&self) -> impl Iterator<Item = Recipient<'t>> + use<'t> {
        let (list, single) = match self.recipients {
            Recipients::General(list) => (list.as_array(), None),
            Recipients::Flattened(r) => (None, Some(r)),
        };
        let limits = self.limits;
        list.into_iter()
            .flatten()
            .filter_map(move |v| recipient_of(v, &limits).ok())
            .chain(single)
    }

    /// Joins the three headers of `r` in `buf` and checks the union.
    fn joint_header(
        &self,
        r: &Recipient<'t>,
        buf: &mut [u8; JOINT_LEN],
    ) -> Result<JweFacts, Error> {
        let too_long = Error::LimitExceeded(Limit::HeaderLength);
        let mut sink = json::SliceSink {
            buf: &mut buf[..],
            len: 0,
        };
        sink.put(b"{")?;
        let mut first = true;
        let parts = [
            Some(self.protected_json()),
            self.unprotected.map(|o| o.text()),
            r.header.map(|o| o.text()),
        ];
        for text in parts.into_iter().flatten() {
            let inner = inner_members(text);
            if inner.is_empty() {
                continue;
            }
            if !first {
                sink.put(b",")?;
            }
            first = false;
            sink.put(inner).map_err(|_| too_long)?;
        }
        sink.put(b"}").map_err(|_| too_long)?;
        let len = sink.len;
        header::parse_json(buf, len, &self.limits)
    }

    /// The decoded protected header JSON, exactly as sent; empty when there is none.
    /// Attacker-controlled until decrypted.
    #[must_use]
    pub fn protected_json(&self) -> &str {
        let json = self.protected.get(..self.protected_len).unwrap_or_default();
        core::str::from_utf8(json).unwrap_or_default()
    }

    /// The shared unprotected header (`unprotected`) JSON text, exactly as sent.
    #[must_use]
    pub fn unprotected_json(&self) -> Option<&'t str> {
        self.unprotected.map(|o| o.text())
    }

    /// The `enc` of every recipient. Attacker-controlled until decrypted.
    #[must_use]
    pub fn enc(&self) -> Enc {
        self.enc
    }

    /// The number of recipients: 1 for the flattened form.
    #[must_use]
    pub fn recipient_count(&self) -> usize {
        self.count
    }

    /// Whether the protected header says `"zip":"DEF"`.
    #[must_use]
    pub fn is_compressed(&self) -> bool {
        self.zip
    }

    /// The length of the decoded ciphertext.
    #[must_use]
    pub fn ciphertext_len(&self) -> usize {
        b64::decoded_len(self.ciphertext_b64.len())
    }

    /// The room `aad` takes at the front of the output buffer: its decoded bytes, then the AAD
    /// of content encryption, `BASE64URL(protected) || '.' || BASE64URL(aad)`.
    fn aad_room(&self) -> (usize, usize) {
        match self.aad_b64 {
            Some(a) => (
                b64::decoded_len(a.len()),
                self.protected_b64.len() + 1 + a.len(),
            ),
            None => (0, 0),
        }
    }

    /// The largest `out` buffer [`decrypt`](Self::decrypt) can use: the decoded `aad` and the
    /// AAD of content encryption when `aad` is present, the ciphertext, and, for compressed
    /// content, [`Limits::inflated_len`] for the inflated plaintext.
    ///
    /// # Examples
    ///
    /// ```
    /// let text = r#"{"unprotected":{"alg":"dir","enc":"A128GCM"},"iv":"AAAAAAAAAAAAAAAA","ciphertext":"AAAA","tag":"AAAAAAAAAAAAAAAAAAAAAA"}"#;
    /// assert_eq!(tinyjose::UntrustedJweJson::parse(text)?.max_buffer_len(), 3);
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    #[must_use]
    pub fn max_buffer_len(&self) -> usize {
        let (decoded, aad) = self.aad_room();
        let inflated = if self.zip {
            self.limits.inflated_len
        } else {
            0
        };
        [decoded, aad, self.ciphertext_len(), inflated]
            .into_iter()
            .fold(0, usize::saturating_add)
    }

    /// Decrypts with `key`, trying every recipient whose `alg` is the key's, in order, until one
    /// opens.
    ///
    /// As the compact [`UntrustedJwe::decrypt`](super::UntrustedJwe::decrypt): `enc` must be one
    /// of `encs` (and the key's own, when it is bound to one), the CEK is wiped, and `out` is
    /// wiped on any failure. `out` holds, in order, the decoded `aad` and the AAD of content
    /// encryption (when `aad` is present), then the ciphertext decrypted in place.
    ///
    /// # Errors
    ///
    /// [`Error::AlgMismatch`] when no recipient has the key's `alg` (as the compact form for a
    /// header `alg` that is not the key's); [`Error::UnsupportedEnc`];
    /// [`Error::BufferTooSmall`]; [`Error::DecryptionFailed`] when no tried recipient opens,
    /// whatever the cause; [`Error::LimitExceeded`] for content that inflates too far.
    ///
    /// # Examples
    ///
    /// See [`UntrustedJweJson`].
    pub fn decrypt<'a>(
        &'a self,
        key: &dyn JweDecrypter,
        encs: &[&dyn ContentEncryption],
        out: &'a mut [u8],
    ) -> Result<DecryptedJweJson<'a>, Error> {
        self.decrypt_with_kid(key, None, encs, out)
    }

    /// As [`decrypt`](Self::decrypt), for a key known by `kid`: a recipient whose header names
    /// another `kid` is skipped, as a key set skips a key whose `kid` is not the token's.
    /// Recipients without a `kid` are tried.
    ///
    /// # Errors
    ///
    /// As [`decrypt`](Self::decrypt); [`Error::NoMatchingKey`] when recipients have the key's
    /// `alg` but each names another `kid`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tinyjose::{A128GCM, DirectKey, Error, UntrustedJweJson};
    /// let text = r#"{"unprotected":{"alg":"dir","enc":"A128GCM","kid":"a"},"iv":"AAAAAAAAAAAAAAAA","ciphertext":"AA","tag":"AAAAAAAAAAAAAAAAAAAAAA"}"#;
    /// let jwe = UntrustedJweJson::parse(text)?;
    /// let key = DirectKey::new(&[1; 16])?;
    /// let mut out = [0u8; 16];
    /// let err = jwe.decrypt_with_kid(&key, Some("b"), &[A128GCM], &mut out).unwrap_err();
    /// assert_eq!(err, Error::NoMatchingKey);
    /// let err = jwe.decrypt_with_kid(&key, Some("a"), &[A128GCM], &mut out).unwrap_err();
    /// assert_eq!(err, Error::DecryptionFailed);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn decrypt_with_kid<'a>(
        &'a self,
        key: &dyn JweDecrypter,
        kid: Option<&str>,
        encs: &[&dyn ContentEncryption],
        out: &'a mut [u8],
    ) -> Result<DecryptedJweJson<'a>, Error> {
        if key.enc().is_some_and(|enc| enc != self.enc) {
            return Err(Error::AlgMismatch);
        }
        let content = *encs
            .iter()
            .find(|c| c.enc() == self.enc)
            .ok_or(Error::UnsupportedEnc)?;
        let (decoded_len, aad_len) = self.aad_room();
        let needed = decoded_len + aad_len + self.ciphertext_len();
        if out.len() < needed {
            return Err(Error::BufferTooSmall { needed });
        }
        let mut result = DecryptedJweJson {
            jwe: self,
            recipient: 0,
            facts: JweFacts::EMPTY,
            header: [0; JOINT_LEN],
            aad: None,
            plaintext: &[],
        };
        match self.open_any(key, kid, content, &mut result, out) {
            Ok((decoded, start, len)) => {
                let out: &'a [u8] = out;
                let (front, body) = out.split_at(decoded_len + aad_len);
                result.aad = self
                    .aad_b64
                    .map(|_| front.get(..decoded).unwrap_or_default());
                result.plaintext = body.get(start..start + len).unwrap_or_default();
                Ok(result)
            }
            Err(e) => {
                out.zeroize();
                Err(e)
            }
        }
    }

    /// Tries the admitted recipients; on success `result` holds the recipient's header, and the
    /// decoded `aad` length and the plaintext's place in the body are returned.
    #[inline(never)]
    fn open_any(
        &self,
        key: &dyn JweDecrypter,
        kid: Option<&str>,
        content: &dyn ContentEncryption,
        result: &mut DecryptedJweJson<'_>,
        out: &mut [u8],
    ) -> Result<(usize, usize, usize), Error> {
        let (decoded_len, aad_len) = self.aad_room();
        let (front, body) = out.split_at_mut(decoded_len + aad_len);
        let (decoded, aad_text) = front.split_at_mut(decoded_len);
        let mut aad_decoded = 0;
        let aad: &[u8] = match self.aad_b64 {
            Some(a) => {
                aad_decoded = b64::decode(a, decoded, Part::Token)?.len();
                let mut sink = json::SliceSink {
                    buf: aad_text,
                    len: 0,
                };
                sink.put(self.protected_b64)?;
                sink.put(b".")?;
                sink.put(a)?;
                sink.buf
            }
            None => self.protected_b64,
        };
        let (mut has_alg, mut tried) = (false, false);
        for (index, r) in self.each_recipient().enumerate() {
            let Ok(facts) = self.joint_header(&r, &mut result.header) else {
                continue;
            };
            if facts.alg != key.alg() {
                continue;
            }
            has_alg = true;
            let named = facts.kid.and_then(|s| s.get(&result.header));
            if kid.is_some_and(|want| named.is_some_and(|has| has != want)) {
                continue;
            }
            tried = true;
            let sealed = Sealed {
                encrypted_key_b64: r.encrypted_key_b64,
                iv_b64: self.iv_b64,
                ciphertext_b64: self.ciphertext_b64,
                tag_b64: self.tag_b64,
                aad,
                zip: facts.zip,
            };
            let params = header::key_params(&facts, &result.header);
            match open(key, content, &params, &sealed, &self.limits, body) {
                Ok((start, len)) => {
                    result.recipient = index;
                    result.facts = facts;
                    return Ok((aad_decoded, start, len));
                }
                Err(Error::DecryptionFailed) => {}
                Err(e) => return Err(e),
            }
        }
        result.header.zeroize();
        Err(match (has_alg, tried) {
            (false, _) => Error::AlgMismatch,
            (true, false) => Error::NoMatchingKey,
            (true, true) => Error::DecryptionFailed,
        })
    }
}

/// The text of an object between its braces, without surrounding white space.
fn inner_members(object: &str) -> &[u8] {
    let bytes = object.as_bytes();
    bytes
        .get(1..bytes.len().saturating_sub(1))
        .unwrap_or_default()
        .trim_ascii()
}

/// A base64url string member's text, unchecked: a string with escapes is not base64url.
fn b64_text(v: Value<'_>, part: Part) -> Result<&[u8], Error> {
    let s = v.as_str().ok_or(Error::Json(Part::Token))?;
    s.as_borrowed()
        .map(str::as_bytes)
        .ok_or(Error::Base64(part))
}

/// A base64url string member's text, checked as strict base64url decoding to at most `max`
/// bytes (else [`Error::Malformed`] of `part`).
fn checked_b64(v: Value<'_>, part: Part, max: usize) -> Result<&[u8], Error> {
    let text = b64_text(v, part)?;
    if b64::decoded_len(text.len()) > max {
        return Err(Error::Malformed(part));
    }
    // Whole groups of 64 characters decode alone; the last chunk carries any partial group.
    let mut scratch = [0u8; 48];
    for chunk in text.chunks(64) {
        b64::decode(chunk, &mut scratch, part)?;
    }
    Ok(text)
}

/// An unprotected header (`unprotected` or a recipient's `header`): an object within
/// [`Limits::unprotected_header_len`], without `crit` or `zip`.
fn unprotected<'t>(v: Value<'t>, limits: &Limits) -> Result<Object<'t>, Error> {
    let object = v.as_object().ok_or(Error::Json(Part::Header))?;
    if object.text().len() > limits.unprotected_header_len {
        return Err(Error::LimitExceeded(Limit::UnprotectedHeaderLength));
    }
    // RFC 7515 §4.1.11 (`crit`) and RFC 7516 §4.1.3 (`zip`): integrity protected only.
    if object.get("crit").is_some() || object.get("zip").is_some() {
        return Err(Error::Malformed(Part::Header));
    }
    Ok(object)
}

/// A recipient from its `header` and `encrypted_key` members.
fn recipient<'t>(
    header: Option<Value<'t>>,
    encrypted_key: Option<Value<'t>>,
    limits: &Limits,
) -> Result<Recipient<'t>, Error> {
    Ok(Recipient {
        header: header.map(|v| unprotected(v, limits)).transpose()?,
        encrypted_key_b64: encrypted_key
            .map(|v| checked_b64(v, Part::EncryptedKey, MAX_ENCRYPTED_KEY_LEN))
            .transpose()?
            .unwrap_or_default(),
    })
}

/// A recipient of the `recipients` array.
fn recipient_of<'t>(item: Value<'t>, limits: &Limits) -> Result<Recipient<'t>, Error> {
    let object = item.as_object().ok_or(Error::Json(Part::Token))?;
    recipient(object.get("header"), object.get("encrypted_key"), limits)
}

/// A JWE JSON serialization that one of its recipients' keys decrypted, with its plaintext in
/// the caller's buffer.
///
/// Built only by [`UntrustedJweJson::decrypt`]. The tag verified, so the protected header and the
/// `aad` are authentic. The shared and per-recipient unprotected headers are **not** integrity
/// protected (RFC 7516 §7.2.1): any member read from them ([`kid`](Self::kid), [`typ`](Self::typ),
/// [`cty`](Self::cty), even `alg` and `enc`) may have been changed in transit, although a changed
/// `alg` or `enc` could not have decrypted.
///
/// # Examples
///
/// See [`UntrustedJweJson`].
#[derive(Clone)]
pub struct DecryptedJweJson<'a> {
    jwe: &'a UntrustedJweJson<'a>,
    recipient: usize,
    facts: JweFacts,
    header: [u8; JOINT_LEN],
    aad: Option<&'a [u8]>,
    plaintext: &'a [u8],
}

impl core::fmt::Debug for DecryptedJweJson<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DecryptedJweJson")
            .field("header", &self.header().json())
            .field("recipient", &self.recipient)
            .field("plaintext_len", &self.plaintext.len())
            .finish_non_exhaustive()
    }
}

impl<'a> DecryptedJweJson<'a> {
    /// The decrypted (and, for `"zip":"DEF"`, inflated) plaintext.
    #[must_use]
    pub fn plaintext(&self) -> &'a [u8] {
        self.plaintext
    }

    /// The decoded `aad` (RFC 7516 §7.2.1), authenticated with the content; `None` without one.
    #[must_use]
    pub fn aad(&self) -> Option<&'a [u8]> {
        self.aad
    }

    /// The JOSE header of the recipient that decrypted: its `alg`, `kid`, `typ` and `cty`, and
    /// as [`json`](ProtectedHeader::json) the union of the three headers as this library joins
    /// them (`{` protected members, shared members, recipient members `}`).
    #[must_use]
    pub fn header(&self) -> ProtectedHeader<'_, JweAlg> {
        let f = &self.facts;
        ProtectedHeader::new(f.alg, &self.header, f.json_len, [f.kid, f.typ, f.cty])
    }

    /// The `alg` of the recipient that decrypted: the key's.
    #[must_use]
    pub fn alg(&self) -> JweAlg {
        self.facts.alg
    }

    /// The authenticated `enc`.
    #[must_use]
    pub fn enc(&self) -> Enc {
        self.facts.enc
    }

    /// The recipient's `kid`, from whichever header holds it.
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.header().kid()
    }

    /// The `typ`, from whichever header holds it.
    #[must_use]
    pub fn typ(&self) -> Option<&str> {
        self.header().typ()
    }

    /// The `cty`, from whichever header holds it.
    #[must_use]
    pub fn cty(&self) -> Option<&str> {
        self.header().cty()
    }

    /// The decoded protected header JSON, exactly as sent; empty when there is none.
    #[must_use]
    pub fn protected_json(&self) -> &'a str {
        self.jwe.protected_json()
    }

    /// The shared unprotected header JSON, exactly as sent.
    #[must_use]
    pub fn unprotected_json(&self) -> Option<&'a str> {
        self.jwe.unprotected_json()
    }

    /// The JSON of the unprotected header of the recipient that decrypted, exactly as sent.
    #[must_use]
    pub fn recipient_header_json(&self) -> Option<&'a str> {
        self.jwe
            .each_recipient()
            .nth(self.recipient)
            .and_then(|r| r.header)
            .map(|o| o.text())
    }

    /// The index of the recipient that decrypted in `recipients` (0 for the flattened form).
    #[must_use]
    pub fn recipient_index(&self) -> usize {
        self.recipient
    }
}
