//! The JWE JSON serializations (RFC 7516 §7.2): general (a `recipients` array) and flattened
//! (one recipient's `header` and `encrypted_key` at the top level), parsed into
//! [`UntrustedJweJson`] and opened into [`DecryptedJweJson`]; [`encrypt_json`] writes them.
//!
//! The JOSE header of a recipient is the union of the protected header, the shared
//! `unprotected` header and the recipient's own `header` (RFC 7516 §7.2.1). This module joins the
//! three JSON objects into one and checks it with the compact serialization's header rules, so a
//! member present in two of them is a duplicate member of the union.

use rand_core::CryptoRng;
use zeroize::Zeroize;

use super::decrypt::{Sealed, open};
use super::header::{self, JweFacts};
use super::seal::NewHeader;
use super::{ContentEncryption, JweDecrypter, JweEncrypter, MAX_CEK_LEN, NewKeyParams};
use crate::json::{self, Object, Sink, Value};
use crate::limits::total;
use crate::{
    Enc, Error, HeaderParams, JsonForm, JweAlg, Limit, Limits, MAX_ENCRYPTED_KEY_LEN,
    MAX_HEADER_LEN, Part, ProtectedHeader, b64,
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
/// A recipient whose `alg` is a JWE algorithm this library refuses (`RSA1_5`) or does not have is
/// not an error while another recipient can be decrypted: it is skipped. If no recipient has a
/// usable `alg`, parsing fails with the first recipient's error ([`Error::AlgRsa1_5`],
/// [`Error::UnsupportedAlg`]). Any other fault of any recipient's header (`"alg":"none"`, a JWS
/// algorithm, a `p2c` beyond the limit, a member in two headers) refuses the whole text.
///
/// Decryption with a PBES2 key tries one recipient at most: [`Limits::pbes2_count`] bounds the
/// key derivation work of a token whatever its number of recipients.
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
///     93, 203, 78, 132, 144, 36, 3, 234, 67, 244, 184, 123, 102, 5, 191, 216,
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
                let mut left = limits.recipients;
                for item in list.as_array().ok_or(Error::Json(Part::Token))? {
                    left = left
                        .checked_sub(1)
                        .ok_or(Error::LimitExceeded(Limit::Recipients))?;
                    recipient_of(item, limits)?;
                }
                if left == limits.recipients {
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
            // One per recipient: below `limits.recipients`.
            self.count = self.count.saturating_add(1);
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
                total(&[self.protected_b64.len(), 1, a.len()]),
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
        let needed = total(&[decoded_len, aad_len, self.ciphertext_len()]);
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
                // Within `needed`, which `out` holds.
                let (front, body) = out
                    .split_at_checked(decoded_len.saturating_add(aad_len))
                    .unwrap_or_default();
                result.aad = self
                    .aad_b64
                    .map(|_| front.get(..decoded).unwrap_or_default());
                result.plaintext = body
                    .get(start..)
                    .and_then(|b| b.get(..len))
                    .unwrap_or_default();
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
        let front_len = decoded_len.saturating_add(aad_len);
        let (front, body) = out
            .split_at_mut_checked(front_len)
            .ok_or(Error::BufferTooSmall { needed: front_len })?;
        let (decoded, aad_text) = front
            .split_at_mut_checked(decoded_len)
            .ok_or(Error::BufferTooSmall { needed: front_len })?;
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
                // One PBES2 derivation per token, as in compact: `Limits::pbes2_count` bounds the
                // work an attacker can ask for, whatever the number of recipients.
                Err(Error::DecryptionFailed) if key.alg().is_pbes2() => break,
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
    // The text may have white space around its braces (a protected header as it was encoded).
    let bytes = object.as_bytes().trim_ascii();
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

/// One recipient of [`encrypt_json`]: the key that protects the CEK for it, and the `kid` written
/// in its header.
///
/// # Examples
///
/// ```
/// use tinyjose::DirectKey;
/// use tinyjose::jwe::JweRecipient;
///
/// let key = DirectKey::new(&[1; 16])?;
/// let recipient = JweRecipient::new(&key).kid("k1");
/// assert_eq!(recipient.kid, Some("k1"));
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct JweRecipient<'a> {
    /// The recipient's key; it decides the recipient's `alg`.
    pub key: &'a dyn JweEncrypter,
    /// The `kid` of the recipient's header.
    pub kid: Option<&'a str>,
}

impl core::fmt::Debug for JweRecipient<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("JweRecipient")
            .field("alg", &self.key.alg())
            .field("kid", &self.kid)
            .finish()
    }
}

impl<'a> JweRecipient<'a> {
    /// A recipient with `key` and no `kid`.
    #[must_use]
    pub fn new(key: &'a dyn JweEncrypter) -> Self {
        Self { key, kid: None }
    }

    /// Sets the `kid` of the recipient's header.
    #[must_use]
    pub fn kid(mut self, kid: &'a str) -> Self {
        self.kid = Some(kid);
        self
    }
}

/// What [`encrypt_json`] writes besides the recipients: the protected header's parameters, the
/// shared unprotected header, the `aad`, and the form.
///
/// # Examples
///
/// ```
/// use tinyjose::{HeaderParams, JsonForm};
/// use tinyjose::jwe::JweJsonParams;
///
/// let params = JweJsonParams::new()
///     .header(HeaderParams::new().cty("text/plain"))
///     .unprotected(r#"{"jku":"https://example.com/keys"}"#)
///     .aad(b"context")
///     .form(JsonForm::Flattened);
/// assert_eq!(params.form, JsonForm::Flattened);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct JweJsonParams<'a> {
    /// Parameters of the protected header (`kid`, `typ`, `cty`), besides `enc` (and, flattened,
    /// `alg` and the key management parameters).
    pub header: HeaderParams<'a>,
    /// The shared unprotected header, a JSON object text, written as it is.
    pub unprotected: Option<&'a str>,
    /// Additional authenticated data (RFC 7516 §5.1 step 14), written base64url-encoded as `aad`.
    pub aad: Option<&'a [u8]>,
    /// The serialization: [`JsonForm::General`] (the default) or [`JsonForm::Flattened`]
    /// (exactly one recipient).
    pub form: JsonForm,
}

impl<'a> JweJsonParams<'a> {
    /// The general form, with no header parameters, unprotected header or `aad`.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            header: HeaderParams::new(),
            unprotected: None,
            aad: None,
            form: JsonForm::General,
        }
    }

    /// Sets the protected header's parameters.
    #[must_use]
    pub const fn header(mut self, header: HeaderParams<'a>) -> Self {
        self.header = header;
        self
    }

    /// Sets the shared unprotected header JSON.
    #[must_use]
    pub const fn unprotected(mut self, json: &'a str) -> Self {
        self.unprotected = Some(json);
        self
    }

    /// Sets the `aad`.
    #[must_use]
    pub const fn aad(mut self, aad: &'a [u8]) -> Self {
        self.aad = Some(aad);
        self
    }

    /// Chooses the serialization.
    #[must_use]
    pub const fn form(mut self, form: JsonForm) -> Self {
        self.form = form;
        self
    }
}

const OPEN_PROTECTED: &[u8] = b"{\"protected\":\"";
const AAD_MEMBER: &[u8] = b"\",\"aad\":\"";
const UNPROTECTED_MEMBER: &[u8] = b",\"unprotected\":";
const RECIPIENTS_MEMBER: &[u8] = b",\"recipients\":[";
const HEADER_MEMBER: &[u8] = b"\"header\":";
const EK_MEMBER: &[u8] = b"\"encrypted_key\":\"";
const IV_MEMBER: &[u8] = b",\"iv\":\"";
const CIPHERTEXT_MEMBER: &[u8] = b"\",\"ciphertext\":\"";
const TAG_MEMBER: &[u8] = b"\",\"tag\":\"";
const CLOSE: &[u8] = b"\"}";

/// Writes `{"alg":…,"kid":…,<key management's members>}`, a recipient's header in the general
/// form, or `{"kid":…}` in the flattened form (`alg` is `None`).
fn write_recipient_header(
    sink: &mut dyn Sink,
    alg: Option<JweAlg>,
    kid: Option<&str>,
    params: &NewKeyParams<'_>,
) -> Result<(), Error> {
    sink.put(b"{")?;
    let mut comma = false;
    if let Some(alg) = alg {
        sink.put(b"\"alg\":")?;
        json::write_str(sink, alg.name())?;
        comma = true;
    }
    if let Some(kid) = kid {
        if kid.bytes().any(|b| b < 0x20) {
            return Err(Error::Malformed(Part::Header));
        }
        sink.put(if comma { b",\"kid\":" } else { b"\"kid\":" })?;
        json::write_str(sink, kid)?;
    }
    if alg.is_some() {
        params.write(sink)?;
    }
    sink.put(b"}")
}

/// Writes the protected header: `{"enc":…,<caller's members>}` in the general form, the compact
/// form's header (with `alg` and the key management's members) in the flattened one.
fn write_protected(
    sink: &mut dyn Sink,
    params: &JweJsonParams<'_>,
    flat: Option<(&dyn JweEncrypter, &NewKeyParams<'_>)>,
    enc: Enc,
) -> Result<(), Error> {
    match flat {
        Some((key, key_params)) => {
            NewHeader::new(&params.header, key, enc, false, key_params).write(sink)
        }
        None => {
            sink.put(b"{\"enc\":")?;
            json::write_str(sink, enc.name())?;
            params.header.write_members(sink)?;
            sink.put(b"}")
        }
    }
}

/// The length of a JSON text written by `write`.
fn counted(write: impl FnOnce(&mut dyn Sink) -> Result<(), Error>) -> usize {
    let mut count = json::CountSink::default();
    // Counting cannot fail.
    let _ = write(&mut count);
    count.0
}

/// Whether the form and the recipients fit together: one recipient when flattened, at least
/// one, and no direct key agreement or encryption (`dir`, `ECDH-ES`) among several.
fn check_recipients(
    params: &JweJsonParams<'_>,
    recipients: &[JweRecipient<'_>],
    enc: Enc,
) -> Result<(), Error> {
    if let Some(text) = params.unprotected {
        // Written as it is: it must be one JSON object, not members smuggled beside it.
        json::parse_object(text.as_bytes(), Limits::DEFAULT.json_depth, Part::Header)?;
    }
    match recipients.len() {
        0 => Err(Error::Malformed(Part::Token)),
        1 => Ok(()),
        _ if params.form == JsonForm::Flattened => Err(Error::Unsupported),
        _ if recipients.iter().any(|r| r.key.encrypted_key_len(enc) == 0) => {
            Err(Error::Unsupported)
        }
        _ => Ok(()),
    }
}

/// The exact length of the JWE JSON serialization that [`encrypt_json`] writes for
/// `plaintext_len` bytes of plaintext with `enc`: size its output buffer with it.
///
/// Exact for every key of this crate and of `tinyjose-std`, as
/// [`jwe_compact_len`](super::jwe_compact_len) is.
///
/// # Examples
///
/// See [`encrypt_json`].
#[must_use]
pub fn jwe_json_len(
    params: &JweJsonParams<'_>,
    recipients: &[JweRecipient<'_>],
    enc: Enc,
    plaintext_len: usize,
) -> usize {
    let mut len = OPEN_PROTECTED.len();
    let flat = (params.form == JsonForm::Flattened)
        .then(|| recipients.first())
        .flatten();
    let protected = match flat {
        Some(r) => {
            let shape = r.key.params_shape();
            counted(|s| write_protected(s, params, Some((r.key, &shape)), enc))
        }
        None => counted(|s| write_protected(s, params, None, enc)),
    };
    len = total(&[len, b64::encoded_len(protected)]);
    if let Some(aad) = params.aad {
        len = total(&[len, AAD_MEMBER.len(), b64::encoded_len(aad.len())]);
    }
    if let Some(u) = params.unprotected {
        len = total(&[len, 1, UNPROTECTED_MEMBER.len(), u.len()]);
    } else {
        len = total(&[len, 1]);
    }
    let ek_len = |r: &JweRecipient<'_>| match r.key.encrypted_key_len(enc) {
        0 => 0,
        n => total(&[EK_MEMBER.len(), b64::encoded_len(n), 1]),
    };
    match flat {
        Some(r) => {
            if r.kid.is_some() {
                let h =
                    counted(|s| write_recipient_header(s, None, r.kid, &NewKeyParams::default()));
                len = total(&[len, 1, HEADER_MEMBER.len(), h]);
            }
            if ek_len(r) > 0 {
                len = total(&[len, 1, ek_len(r)]);
            }
        }
        None => {
            len = total(&[len, RECIPIENTS_MEMBER.len(), 1]);
            for (i, r) in recipients.iter().enumerate() {
                let shape = r.key.params_shape();
                let h = counted(|s| write_recipient_header(s, Some(r.key.alg()), r.kid, &shape));
                len = total(&[len, usize::from(i > 0), 2, HEADER_MEMBER.len(), h]);
                if ek_len(r) > 0 {
                    len = total(&[len, 1, ek_len(r)]);
                }
            }
        }
    }
    total(&[
        len,
        IV_MEMBER.len(),
        b64::encoded_len(enc.iv_len()),
        CIPHERTEXT_MEMBER.len(),
        b64::encoded_len(enc.ciphertext_len(plaintext_len)),
        TAG_MEMBER.len(),
        b64::encoded_len(enc.tag_len()),
        CLOSE.len(),
    ])
}

/// Encrypts `plaintext` with `content` for every recipient and writes the JWE JSON serialization
/// (RFC 7516 §7.2) into `out`, returning it: general, or flattened when
/// [`JweJsonParams::form`] is [`JsonForm::Flattened`] (then with exactly one recipient).
///
/// One CEK is drawn and protected for each recipient with its key. The protected header holds
/// `enc` and the [`HeaderParams`]; in the general form each recipient's `header` holds its
/// `alg`, its `kid` and its key management parameters (`epk`, `iv`, `tag`, `p2s`, ...); in the
/// flattened form those go into the protected header (so they are integrity protected), and the
/// recipient's `header` holds only its `kid`. The JWE AAD is
/// `ASCII(BASE64URL(protected) || '.' || BASE64URL(aad))` with an `aad`, else as compact.
/// Randomness is drawn in the order CEK, key management (recipient by recipient), IV.
///
/// # Errors
///
/// [`Error::Unsupported`] for several recipients in the flattened form, or for `dir` or
/// `ECDH-ES` among several recipients (each has its own CEK); [`Error::Malformed`]
/// ([`Part::Token`]) for no recipient; [`Error::BufferTooSmall`] with [`jwe_json_len`], checked
/// before anything is drawn; the errors of the keys; and, when the result is checked by
/// [`UntrustedJweJson::parse`] before it is returned, its errors for an `unprotected` header
/// that is not a JSON object, repeats a member of another header, or holds `crit` or `zip`.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "aes-kw")] {
/// use tinyjose::jwe::{AesKwKey, JweJsonParams, JweRecipient, encrypt_json, jwe_json_len};
/// use tinyjose::{A128GCM, JweAlg, UntrustedJweJson};
/// # struct Counter(u8);
/// # impl rand_core::TryRng for Counter {
/// #     type Error = core::convert::Infallible;
/// #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(0) }
/// #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { Ok(0) }
/// #     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> {
/// #         d.iter_mut().for_each(|b| { self.0 = self.0.wrapping_add(1); *b = self.0 }); Ok(())
/// #     }
/// # }
/// # impl rand_core::TryCryptoRng for Counter {}
/// # let mut rng = Counter(0);
///
/// let alice = AesKwKey::new(JweAlg::A128Kw, &[1; 16])?;
/// let bob = AesKwKey::new(JweAlg::A128Kw, &[2; 16])?;
/// let to = [JweRecipient::new(&alice).kid("alice"), JweRecipient::new(&bob).kid("bob")];
/// let params = JweJsonParams::new().aad(b"v1");
/// let len = jwe_json_len(&params, &to, A128GCM.enc(), 5);
/// let mut out = vec![0u8; len];
/// let text = encrypt_json(&params, b"hello", &to, A128GCM, &mut rng, &mut out)?;
/// assert_eq!(text.len(), len);
///
/// let jwe = UntrustedJweJson::parse(text)?;
/// let mut buf = vec![0u8; jwe.max_buffer_len()];
/// let decrypted = jwe.decrypt_with_kid(&bob, Some("bob"), &[A128GCM], &mut buf)?;
/// assert_eq!((decrypted.plaintext(), decrypted.aad()), (&b"hello"[..], Some(&b"v1"[..])));
/// # }
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub fn encrypt_json<'o>(
    params: &JweJsonParams<'_>,
    plaintext: &[u8],
    recipients: &[JweRecipient<'_>],
    content: &dyn ContentEncryption,
    rng: &mut dyn CryptoRng,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    let enc = content.enc();
    check_recipients(params, recipients, enc)?;
    let needed = jwe_json_len(params, recipients, enc, plaintext.len());
    if out.len() < needed {
        return Err(Error::BufferTooSmall { needed });
    }
    let mut cek = [0u8; MAX_CEK_LEN];
    let cek_len = enc.key_len();
    let result = seal_json(
        params,
        plaintext,
        recipients,
        content,
        rng,
        cek.get_mut(..cek_len).unwrap_or_default(),
        out,
    );
    cek.zeroize();
    let checked = result.and_then(|len| {
        let text = core::str::from_utf8(out.get(..len).unwrap_or_default())
            .map_err(|_| Error::Malformed(Part::Token))?;
        let limits = Limits::DEFAULT
            .with_token_len(usize::MAX)
            .with_recipients(recipients.len())
            .with_unprotected_header_len(usize::MAX)
            .with_pbes2_count(u32::MAX);
        UntrustedJweJson::parse_with_limits(text, &limits)?;
        Ok(len)
    });
    match checked {
        Ok(len) => core::str::from_utf8(out.get(..len).unwrap_or_default())
            .map_err(|_| Error::Malformed(Part::Token)),
        Err(e) => {
            out.zeroize();
            Err(e)
        }
    }
}

/// A cursor writing into the output buffer. It stays within `out`, whose length bounds the
/// saturating sums.
struct Writer<'o> {
    out: &'o mut [u8],
    at: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let end = self.at.saturating_add(bytes.len());
        self.out
            .get_mut(self.at..end)
            .ok_or(Error::BufferTooSmall { needed: end })?
            .copy_from_slice(bytes);
        self.at = end;
        Ok(())
    }

    fn put_b64(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let text = b64::encode(bytes, self.out.get_mut(self.at..).unwrap_or_default())?;
        self.at = self.at.saturating_add(text.len());
        Ok(())
    }

    /// Writes the base64url of the JSON that `write` makes.
    fn put_b64_json(
        &mut self,
        write: impl FnOnce(&mut dyn Sink) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut encoder = b64::Encoder::new(self.out.get_mut(self.at..).unwrap_or_default());
        write(&mut encoder)?;
        self.at = self.at.saturating_add(encoder.finish()?);
        Ok(())
    }

    fn put_json(
        &mut self,
        write: impl FnOnce(&mut dyn Sink) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut sink = json::SliceSink {
            buf: self.out.get_mut(self.at..).unwrap_or_default(),
            len: 0,
        };
        write(&mut sink)?;
        self.at = self.at.saturating_add(sink.len);
        Ok(())
    }
}

/// Writes `"encrypted_key":"…"` after a comma, when there is an encrypted key.
fn put_encrypted_key(w: &mut Writer<'_>, ek: &[u8]) -> Result<(), Error> {
    if ek.is_empty() {
        return Ok(());
    }
    w.put(b",")?;
    w.put(EK_MEMBER)?;
    w.put_b64(ek)?;
    w.put(b"\"")
}

/// The work of [`encrypt_json`], returning the length written.
#[inline(never)]
fn seal_json(
    params: &JweJsonParams<'_>,
    plaintext: &[u8],
    recipients: &[JweRecipient<'_>],
    content: &dyn ContentEncryption,
    rng: &mut dyn CryptoRng,
    cek: &mut [u8],
    out: &mut [u8],
) -> Result<usize, Error> {
    let enc = content.enc();
    rng.fill_bytes(cek);
    let mut w = Writer { out, at: 0 };
    let mut encrypted_key = [0u8; MAX_ENCRYPTED_KEY_LEN];
    w.put(OPEN_PROTECTED)?;
    let protected_at = w.at;
    let flat = (params.form == JsonForm::Flattened)
        .then(|| recipients.first())
        .flatten();
    let mut flat_ek = 0;
    match flat {
        Some(r) => {
            let mut key_params = NewKeyParams::default();
            flat_ek = r
                .key
                .encrypt_cek(enc, rng, cek, &mut key_params, &mut encrypted_key)?;
            w.put_b64_json(|s| write_protected(s, params, Some((r.key, &key_params)), enc))?;
        }
        None => w.put_b64_json(|s| write_protected(s, params, None, enc))?,
    }
    let aad_end = w.at;
    if let Some(aad) = params.aad {
        w.put(AAD_MEMBER)?;
        w.put_b64(aad)?;
    }
    w.put(b"\"")?;
    if let Some(u) = params.unprotected {
        w.put(UNPROTECTED_MEMBER)?;
        w.put(u.as_bytes())?;
    }
    match flat {
        Some(r) => {
            if r.kid.is_some() {
                w.put(b",")?;
                w.put(HEADER_MEMBER)?;
                w.put_json(|s| write_recipient_header(s, None, r.kid, &NewKeyParams::default()))?;
            }
            put_encrypted_key(&mut w, encrypted_key.get(..flat_ek).unwrap_or_default())?;
        }
        None => {
            w.put(RECIPIENTS_MEMBER)?;
            for (i, r) in recipients.iter().enumerate() {
                if i > 0 {
                    w.put(b",")?;
                }
                let mut key_params = NewKeyParams::default();
                let n = r
                    .key
                    .encrypt_cek(enc, rng, cek, &mut key_params, &mut encrypted_key)?;
                w.put(b"{")?;
                w.put(HEADER_MEMBER)?;
                w.put_json(|s| write_recipient_header(s, Some(r.key.alg()), r.kid, &key_params))?;
                put_encrypted_key(&mut w, encrypted_key.get(..n).unwrap_or_default())?;
                w.put(b"}")?;
            }
            w.put(b"]")?;
        }
    }
    encrypted_key.zeroize();
    let mut iv = [0u8; 16];
    let iv = iv.get_mut(..enc.iv_len()).unwrap_or_default();
    rng.fill_bytes(iv);
    w.put(IV_MEMBER)?;
    w.put_b64(iv)?;
    w.put(CIPHERTEXT_MEMBER)?;
    let body_at = w.at;
    let body_len = b64::encoded_len(enc.ciphertext_len(plaintext.len()));
    let needed = total(&[
        body_at,
        body_len,
        TAG_MEMBER.len(),
        b64::encoded_len(enc.tag_len()),
        CLOSE.len(),
    ]);
    let too_small = Error::BufferTooSmall { needed };
    if w.out.len() < needed {
        return Err(too_small);
    }
    let (head, rest) = w.out.split_at_mut_checked(body_at).ok_or(too_small)?;
    let body = rest.get_mut(..body_len).ok_or(too_small)?;
    body.get_mut(..plaintext.len())
        .ok_or(too_small)?
        .copy_from_slice(plaintext);
    let mut tag = [0u8; 32];
    let tag = tag.get_mut(..enc.tag_len()).unwrap_or_default();
    let n = match params.aad {
        // RFC 7516 §5.1 step 14: the AAD is `protected || '.' || aad`, made contiguous for the
        // moment by moving the `aad` text over the member name between them.
        Some(aad) => {
            let aad_len = b64::encoded_len(aad.len());
            let gap = AAD_MEMBER.len();
            // The member name then the `aad` text, which the dot and the text take in turn.
            let span = head
                .get_mut(aad_end..)
                .and_then(|h| h.get_mut(..gap.saturating_add(aad_len)))
                .ok_or(too_small)?;
            span.copy_within(gap.., 1);
            *span.first_mut().ok_or(too_small)? = b'.';
            let joined_end = total(&[aad_end, 1, aad_len]);
            let joined = head.get(protected_at..joined_end).unwrap_or_default();
            let n = content.encrypt_in_place(cek, iv, joined, body, plaintext.len(), tag);
            let span = head
                .get_mut(aad_end..)
                .and_then(|h| h.get_mut(..gap.saturating_add(aad_len)))
                .ok_or(too_small)?;
            span.copy_within(1..=aad_len, gap);
            span.get_mut(..gap)
                .unwrap_or_default()
                .copy_from_slice(AAD_MEMBER);
            n?
        }
        None => {
            let protected = head.get(protected_at..aad_end).unwrap_or_default();
            content.encrypt_in_place(cek, iv, protected, body, plaintext.len(), tag)?
        }
    };
    let mut at = body_at.saturating_add(b64::encode_in_place(body, n)?);
    let mut w = Writer { out: w.out, at };
    w.put(TAG_MEMBER)?;
    w.put_b64(tag)?;
    w.put(CLOSE)?;
    at = w.at;
    Ok(at)
}
