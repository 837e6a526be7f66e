//! JWS (RFC 7515): parse untrusted, verify with a key, sign into a caller's buffer, in the compact
//! serialization and the JSON ones, with RFC 7797 unencoded payloads and detached content; and the
//! signature algorithms' key types and traits ([`JwsVerifier`], [`JwsSigner`], [`HmacKey`],
//! `Es256VerifyingKey`, ...). The everyday items ([`UntrustedJws`], [`sign`], ...) are also at
//! the crate root.

#[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
pub(crate) mod ecdsa;
#[cfg(feature = "eddsa")]
pub(crate) mod eddsa;
#[cfg(feature = "hs")]
pub(crate) mod hmac;
mod json;
mod json_sign;
#[cfg(feature = "rsa")]
pub(crate) mod rsa;

#[cfg(feature = "es256")]
pub use ecdsa::{Es256SigningKey, Es256VerifyingKey};
#[cfg(feature = "es384")]
pub use ecdsa::{Es384SigningKey, Es384VerifyingKey};
#[cfg(feature = "es512")]
pub use ecdsa::{Es512SigningKey, Es512VerifyingKey};
#[cfg(feature = "eddsa")]
pub use eddsa::{Ed25519SigningKey, Ed25519VerifyingKey};
#[cfg(feature = "hs")]
pub use hmac::HmacKey;
pub use json::{JsonForm, JwsKeys, JwsSignature, OneKey, UntrustedJwsJson};
pub use json_sign::{JsonSigner, sign_json, sign_json_len};
#[cfg(feature = "rsa")]
pub use rsa::RsaVerifyingKey;

use zeroize::Zeroize;

use crate::header::{self, Facts, HeaderParams};
use crate::limits::total;
use crate::{
    Error, JwsAlg, Limit, Limits, MAX_HEADER_LEN, MAX_SIGNATURE_LEN, Part, ProtectedHeader, b64,
};

/// A key that checks signatures for exactly one algorithm.
///
/// The key decides the algorithm: a token is only checked when its header `alg` equals
/// [`alg`](Self::alg). The trait is object-safe, so keys held elsewhere (a secure element, an HSM,
/// the RSA support of `tinyjose-std`) plug in as `&dyn JwsVerifier`.
///
/// # Examples
///
/// ```
/// use tinyjose::{Error, HmacKey, JwsAlg, JwsVerifier};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// assert_eq!(key.alg(), JwsAlg::Hs256);
/// assert_eq!(key.verify(b"input", &[0; 32]), Err(Error::InvalidSignature));
/// # Ok::<(), Error>(())
/// ```
pub trait JwsVerifier {
    /// The one algorithm this key verifies.
    fn alg(&self) -> JwsAlg;

    /// Checks `signature` over `signing_input` (`BASE64URL(header) || '.' || BASE64URL(payload)`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSignature`] for any signature that does not verify, whatever the reason.
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), Error>;
}

/// A key that creates signatures for exactly one algorithm.
///
/// # Examples
///
/// ```
/// use tinyjose::{HmacKey, JwsAlg, JwsSigner};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let mut sig = [0u8; 32];
/// assert_eq!(key.sign(b"input", &mut sig)?, key.signature_len());
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub trait JwsSigner {
    /// The one algorithm this key signs with.
    fn alg(&self) -> JwsAlg;

    /// The exact length of the signatures this key makes.
    fn signature_len(&self) -> usize;

    /// Signs `signing_input` into the front of `out`, returning the signature length.
    ///
    /// # Errors
    ///
    /// [`Error::BufferTooSmall`] if `out` is shorter than [`signature_len`](Self::signature_len).
    fn sign(&self, signing_input: &[u8], out: &mut [u8]) -> Result<usize, Error>;
}

/// A compact JWS that has been parsed but **not verified**.
///
/// [`parse`](Self::parse) checks the structure: exactly three segments, strict base64url, a
/// protected header that is strict JSON with no duplicate members, a known `alg` that is not
/// `none`, and a `crit` this library understands. It does not check the signature, and it gives
/// no access to the payload: call [`verify`](Self::verify) for that.
///
/// **Every header value is attacker-controlled** until verification: use the
/// [`header`](Self::header)'s `kid` and `alg` only to choose among keys you already trust. The
/// `jwk`, `jku`, `x5u` and `x5c` members are never used to find or build a key.
///
/// # Examples
///
/// ```
/// use tinyjose::{HmacKey, UntrustedJws};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let token = "eyJhbGciOiJIUzI1NiJ9.aGVsbG8.f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M";
/// let jws = UntrustedJws::parse(token)?;
/// let mut buf = [0u8; 16];
/// let verified = jws.verify(&key, &mut buf)?;
/// assert_eq!(verified.payload(), b"hello");
/// # Ok::<(), tinyjose::Error>(())
/// ```
///
/// The payload of an untrusted token cannot be reached:
///
/// ```compile_fail
/// let jws = tinyjose::UntrustedJws::parse("eyJhbGciOiJIUzI1NiJ9.aGVsbG8.c2ln")?;
/// let _ = jws.payload();
/// # Ok::<(), tinyjose::Error>(())
/// ```
///
/// [RFC 7515 §7.1]: https://www.rfc-editor.org/rfc/rfc7515#section-7.1
#[derive(Clone)]
pub struct UntrustedJws<'t, const H: usize = MAX_HEADER_LEN> {
    signing_input: &'t [u8],
    payload_b64: &'t [u8],
    facts: Facts,
    header: [u8; H],
    signature: [u8; MAX_SIGNATURE_LEN],
    signature_len: usize,
}

impl<const H: usize> core::fmt::Debug for UntrustedJws<'_, H> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("UntrustedJws")
            .field("header", &self.header().json())
            .field("payload_len", &self.payload_b64.len())
            .finish_non_exhaustive()
    }
}

impl<'t> UntrustedJws<'t> {
    /// Parses a compact JWS with the default [`Limits`].
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] for a wrong segment count or a JSON serialization, [`Error::Base64`],
    /// [`Error::Json`], [`Error::DuplicateMember`], [`Error::AlgNone`], [`Error::UnsupportedAlg`],
    /// [`Error::UnsupportedCrit`], [`Error::LimitExceeded`].
    #[inline]
    pub fn parse(token: &'t str) -> Result<Self, Error> {
        Self::parse_with_limits(token, &Limits::DEFAULT)
    }

    /// Parses a compact JWS with explicit [`Limits`].
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse).
    #[inline]
    pub fn parse_with_limits(token: &'t str, limits: &Limits) -> Result<Self, Error> {
        Self::parse_with_capacity(token, limits)
    }
}

impl<'t, const H: usize> UntrustedJws<'t, H> {
    /// Parses a compact JWS into a value whose decoded header may be at most `H` bytes (the
    /// default, [`MAX_HEADER_LEN`], is 1 KiB), with explicit [`Limits`]: firmware that knows its
    /// issuers' headers chooses a smaller `H` and so a smaller stack.
    ///
    /// # Errors
    ///
    /// As [`parse`](UntrustedJws::parse); [`Error::LimitExceeded`] for a header longer than `H`.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{HmacKey, Limits, UntrustedJws};
    ///
    /// let token = "eyJhbGciOiJIUzI1NiJ9.aGVsbG8.f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M";
    /// let jws = UntrustedJws::<128>::parse_with_capacity(token, &Limits::DEFAULT)?;
    /// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
    /// let mut buf = [0u8; 5];
    /// assert_eq!(jws.verify(&key, &mut buf)?.payload(), b"hello");
    /// assert!(UntrustedJws::<8>::parse_with_capacity(token, &Limits::DEFAULT).is_err());
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    #[inline]
    pub fn parse_with_capacity(token: &'t str, limits: &Limits) -> Result<Self, Error> {
        // Built where the caller keeps it: the value is over a kilobyte by default, and a
        // microcontroller should hold one copy of it, not three (the parser's, the `Result`'s and
        // the caller's).
        let mut jws = Self {
            signing_input: &[],
            payload_b64: &[],
            facts: Facts::EMPTY,
            header: [0; H],
            signature: [0; MAX_SIGNATURE_LEN],
            signature_len: 0,
        };
        jws.fill(token.as_bytes(), limits)?;
        Ok(jws)
    }

    /// The work of [`parse_with_limits`](Self::parse_with_limits), in place.
    #[inline(never)]
    fn fill(&mut self, token: &'t [u8], limits: &Limits) -> Result<(), Error> {
        if token.len() > limits.token_len {
            return Err(Error::LimitExceeded(Limit::TokenLength));
        }
        let [header_b64, payload_b64, signature_b64] = crate::compact::split(token)?;
        self.signing_input = token
            .get(..total(&[header_b64.len(), 1, payload_b64.len()]))
            .unwrap_or_default();
        self.payload_b64 = payload_b64;
        self.facts = header::parse(header_b64, &mut self.header, limits)?;
        if b64::decoded_len(signature_b64.len()) > MAX_SIGNATURE_LEN {
            return Err(Error::Malformed(Part::Signature));
        }
        self.signature_len =
            b64::decode(signature_b64, &mut self.signature, Part::Signature)?.len();
        #[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
        if limits.ecdsa_high_s {
            let signature = self
                .signature
                .get_mut(..self.signature_len)
                .unwrap_or_default();
            ecdsa::normalize_s(self.facts.alg, signature);
        }
        Ok(())
    }

    /// The protected header. Attacker-controlled until verified.
    #[must_use]
    pub fn header(&self) -> ProtectedHeader<'_, JwsAlg> {
        let f = &self.facts;
        ProtectedHeader::new(f.alg, &self.header, f.json_len, [f.kid, f.typ, f.cty])
    }

    /// The length the payload will have once decoded: size the `out` buffer of
    /// [`verify`](Self::verify) with it. An unencoded payload (RFC 7797, `"b64":false`) is copied
    /// as is.
    #[must_use]
    pub fn payload_len(&self) -> usize {
        if self.facts.b64 {
            b64::decoded_len(self.payload_b64.len())
        } else {
            self.payload_b64.len()
        }
    }

    /// Verifies the signature with `key`, then decodes the payload into `out`.
    ///
    /// The header `alg` must equal `key.alg()`. The signature is checked over the token's own
    /// bytes, before anything of the payload is decoded; `out` receives the payload only after the
    /// signature verified, and is wiped if decoding then fails.
    ///
    /// # Errors
    ///
    /// [`Error::AlgMismatch`], [`Error::InvalidSignature`], [`Error::BufferTooSmall`] (checked
    /// before any cryptography, with the size needed), [`Error::Base64`] for a payload that is not
    /// strict base64url.
    pub fn verify<'a>(
        &'a self,
        key: &dyn JwsVerifier,
        out: &'a mut [u8],
    ) -> Result<VerifiedJws<'a>, Error> {
        if key.alg() != self.facts.alg {
            return Err(Error::AlgMismatch);
        }
        self.check_buffer(out)?;
        self.check_signature(key)?;
        self.decode_payload(out)
    }

    /// Verifies the signature with the keys `keys` admits for the token's `kid` and `alg`, in
    /// order, then decodes the payload into `out`: what [`JwkSet::verify`](crate::JwkSet::verify)
    /// does with a key set, for any [`JwsKeys`].
    ///
    /// # Errors
    ///
    /// [`Error::BufferTooSmall`] (before any cryptography), the key selection's errors
    /// ([`Error::NoMatchingKey`], [`Error::AlgMismatch`]), [`Error::InvalidSignature`] when no
    /// admitted key verifies, [`Error::Base64`] for the payload.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{HeaderParams, HmacKey, UntrustedJws, jws::OneKey, sign};
    ///
    /// let key = HmacKey::hs256(&[1; 32])?;
    /// let mut out = [0u8; 128];
    /// let jws = UntrustedJws::parse(sign(&HeaderParams::new(), b"hi", &key, &mut out)?)?;
    /// let mut buf = [0u8; 2];
    /// assert_eq!(jws.verify_with(&OneKey(&key), &mut buf)?.payload(), b"hi");
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn verify_with<'a>(
        &'a self,
        keys: &dyn JwsKeys,
        out: &'a mut [u8],
    ) -> Result<VerifiedJws<'a>, Error> {
        self.check_buffer(out)?;
        let header = self.header();
        keys.try_keys(header.kid(), header.alg(), &mut |key| {
            self.check_signature(key)
        })?;
        self.decode_payload(out)
    }

    /// [`Error::BufferTooSmall`] unless `out` can hold the payload.
    pub(crate) fn check_buffer(&self, out: &[u8]) -> Result<(), Error> {
        let needed = self.payload_len();
        if out.len() < needed {
            return Err(Error::BufferTooSmall { needed });
        }
        Ok(())
    }

    /// Verifies the signature with `key`, over the token's own bytes.
    pub(crate) fn check_signature(&self, key: &dyn JwsVerifier) -> Result<(), Error> {
        if key.alg() != self.facts.alg {
            return Err(Error::AlgMismatch);
        }
        let signature = self.signature.get(..self.signature_len).unwrap_or_default();
        key.verify(self.signing_input, signature)
    }

    /// Decodes the payload of a token whose signature verified into `out`, wiped on failure.
    pub(crate) fn decode_payload<'a>(
        &'a self,
        out: &'a mut [u8],
    ) -> Result<VerifiedJws<'a>, Error> {
        let len = if self.facts.b64 {
            match b64::decode(self.payload_b64, out, Part::Payload) {
                Ok(p) => p.len(),
                Err(e) => {
                    out.zeroize();
                    return Err(e);
                }
            }
        } else {
            let len = self.payload_b64.len();
            out.get_mut(..len)
                .ok_or(Error::BufferTooSmall { needed: len })?
                .copy_from_slice(self.payload_b64);
            len
        };
        let payload = out.get(..len).unwrap_or_default();
        Ok(VerifiedJws {
            header: self.header(),
            payload,
            b64: self.facts.b64,
            unprotected: None,
        })
    }

    /// Whether the payload is base64url-encoded: `false` for an unencoded payload (RFC 7797,
    /// `"b64":false` listed in `crit`).
    #[must_use]
    pub fn b64(&self) -> bool {
        self.facts.b64
    }

    /// Whether the payload segment is empty: a detached payload (RFC 7515 Appendix F), to verify
    /// with [`verify_detached`](Self::verify_detached).
    #[must_use]
    pub fn is_detached(&self) -> bool {
        self.payload_b64.is_empty()
    }

    /// Verifies a JWS with a detached payload (`header..signature`, RFC 7515 Appendix F) against
    /// `content`, the payload the caller holds.
    ///
    /// The signing input is rebuilt in `scratch`: the encoded header, a dot and the content
    /// (base64url-encoded unless the header says `"b64":false`).
    /// [`detached_input_len`](Self::detached_input_len) gives the size it needs.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] (payload) if the token carries a payload of its own;
    /// [`Error::AlgMismatch`], [`Error::InvalidSignature`], [`Error::BufferTooSmall`] for a
    /// `scratch` too small, checked before any cryptography.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{HmacKey, UntrustedJws};
    ///
    /// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
    /// let token = "eyJhbGciOiJIUzI1NiJ9..f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M";
    /// let jws = UntrustedJws::parse(token)?;
    /// let mut scratch = [0u8; 64];
    /// let verified = jws.verify_detached(&key, b"hello", &mut scratch)?;
    /// assert_eq!(verified.payload(), b"hello");
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn verify_detached<'a>(
        &'a self,
        key: &dyn JwsVerifier,
        content: &'a [u8],
        scratch: &mut [u8],
    ) -> Result<VerifiedJws<'a>, Error> {
        if !self.is_detached() {
            return Err(Error::Malformed(Part::Payload));
        }
        if key.alg() != self.facts.alg {
            return Err(Error::AlgMismatch);
        }
        let header_b64 = self
            .signing_input
            .get(..self.signing_input.len().saturating_sub(1))
            .unwrap_or_default();
        let input = signing_input(header_b64, content, self.facts.b64, scratch)?;
        let signature = self.signature.get(..self.signature_len).unwrap_or_default();
        key.verify(input, signature)?;
        Ok(VerifiedJws {
            header: self.header(),
            payload: content,
            b64: self.facts.b64,
            unprotected: None,
        })
    }

    /// The size of the `scratch` buffer [`verify_detached`](Self::verify_detached) needs for
    /// `content_len` bytes of content.
    #[must_use]
    pub fn detached_input_len(&self, content_len: usize) -> usize {
        let header_len = self.signing_input.len().saturating_sub(1);
        signing_input_len(header_len, content_len, self.facts.b64)
    }
}

/// The length of `ASCII(protected) || '.' || payload`, with the payload encoded when `b64`.
pub(crate) const fn signing_input_len(
    protected_b64_len: usize,
    payload_len: usize,
    b64: bool,
) -> usize {
    let body = if b64 {
        b64::encoded_len(payload_len)
    } else {
        payload_len
    };
    protected_b64_len.saturating_add(1).saturating_add(body)
}

/// Writes the JWS Signing Input (RFC 7515 §5.1 step 5, RFC 7797 §3) into the front of `buf`:
/// `protected_b64`, a dot and `payload`, base64url-encoded when `b64`.
pub(crate) fn signing_input<'b>(
    protected_b64: &[u8],
    payload: &[u8],
    b64: bool,
    buf: &'b mut [u8],
) -> Result<&'b [u8], Error> {
    let needed = signing_input_len(protected_b64.len(), payload.len(), b64);
    let head = protected_b64.len();
    let out = buf
        .get_mut(..needed)
        .ok_or(Error::BufferTooSmall { needed })?;
    let (front, rest) = out.split_at_mut(head);
    front.copy_from_slice(protected_b64);
    let (dot, tail) = rest.split_at_mut(1);
    dot.fill(b'.');
    if b64 {
        b64::encode(payload, tail)?;
    } else {
        tail.copy_from_slice(payload);
    }
    Ok(out)
}

/// A JWS whose signature has been verified, with its payload decoded into the caller's buffer.
///
/// Built only by [`UntrustedJws::verify`].
///
/// # Examples
///
/// ```
/// use tinyjose::{HmacKey, UntrustedJws};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let jws = UntrustedJws::parse("eyJhbGciOiJIUzI1NiJ9.aGVsbG8.f68UTSRhUWNWKY9Ex42U06A_McU3ZKinJwe9LtFx82M")?;
/// let mut buf = [0u8; 16];
/// let verified = jws.verify(&key, &mut buf)?;
/// assert_eq!(verified.header().json(), r#"{"alg":"HS256"}"#);
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct VerifiedJws<'a> {
    header: ProtectedHeader<'a, JwsAlg>,
    payload: &'a [u8],
    b64: bool,
    unprotected: Option<&'a str>,
}

impl core::fmt::Debug for VerifiedJws<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifiedJws")
            .field("header", &self.header().json())
            .field("payload_len", &self.payload.len())
            .finish()
    }
}

impl<'a> VerifiedJws<'a> {
    /// The verified payload.
    #[must_use]
    pub fn payload(&self) -> &'a [u8] {
        self.payload
    }

    /// The verified protected header.
    #[must_use]
    pub fn header(&self) -> ProtectedHeader<'a, JwsAlg> {
        self.header
    }

    /// The unprotected header of the signature that verified, as JSON text, for a JSON
    /// serialization. **Not integrity protected**: an attacker may have changed it.
    #[must_use]
    pub fn unprotected_header(&self) -> Option<&'a str> {
        self.unprotected
    }

    /// Whether the payload was signed base64url-encoded: `false` for RFC 7797's
    /// `"b64":false`. A JWT never has an unencoded payload.
    #[must_use]
    pub fn b64(&self) -> bool {
        self.b64
    }
}

/// The length of a compact JWS whose header JSON, payload and signature have these lengths.
///
/// A `const fn`, so buffers can be sized at compile time.
///
/// # Examples
///
/// ```
/// // {"alg":"HS256"} is 15 bytes, the payload 5, an HS256 signature 32.
/// const LEN: usize = tinyjose::compact_len(15, 5, 32);
/// let buf = [0u8; LEN];
/// assert_eq!(buf.len(), 20 + 1 + 7 + 1 + 43);
/// ```
#[must_use]
pub const fn compact_len(
    header_json_len: usize,
    payload_len: usize,
    signature_len: usize,
) -> usize {
    total(&[
        b64::encoded_len(header_json_len),
        1,
        b64::encoded_len(payload_len),
        1,
        b64::encoded_len(signature_len),
    ])
}

/// Signs `payload` with `signer` and writes the compact JWS into `out`, returning it.
///
/// The header holds `alg` (from the key) and the given [`HeaderParams`]. With
/// [`HeaderParams::b64`] set to `false` the payload is written as is (RFC 7797 §5.2): it must
/// then be UTF-8 without a `.`, or be sent detached ([`sign_detached`]).
///
/// # Errors
///
/// [`Error::BufferTooSmall`] with the exact size needed, checked before signing; any error of
/// the signer; [`Error::Malformed`] (payload) for an unencoded payload that a compact JWS cannot
/// carry.
///
/// # Examples
///
/// ```
/// use tinyjose::{HeaderParams, HmacKey, UntrustedJws, sign};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let mut out = [0u8; 128];
/// let token = sign(&HeaderParams::new().typ("JWT"), b"{\"sub\":\"me\"}", &key, &mut out)?;
/// let jws = UntrustedJws::parse(token)?;
/// let mut buf = [0u8; 32];
/// assert_eq!(jws.verify(&key, &mut buf)?.payload(), b"{\"sub\":\"me\"}");
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub fn sign<'o>(
    header: &HeaderParams<'_>,
    payload: &[u8],
    signer: &dyn JwsSigner,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    if !header.b64 && (payload.contains(&b'.') || core::str::from_utf8(payload).is_err()) {
        return Err(Error::Malformed(Part::Payload));
    }
    write_compact(header, payload, signer, out, false)
}

/// Signs `payload` with `signer` and writes a compact JWS with a detached payload
/// (`header..signature`, RFC 7515 Appendix F) into `out`, returning it. The receiver verifies it
/// against the content with [`UntrustedJws::verify_detached`].
///
/// `out` must hold the token with its payload attached ([`compact_len`]): the signing input is
/// built there first.
///
/// # Errors
///
/// As [`sign`], without the payload's restrictions.
///
/// # Examples
///
/// ```
/// use tinyjose::{HeaderParams, HmacKey, UntrustedJws, sign_detached};
///
/// let key = HmacKey::hs256(b"a shared secret of at least 32 bytes")?;
/// let mut out = [0u8; 128];
/// let token = sign_detached(&HeaderParams::new().b64(false), b"$.02", &key, &mut out)?;
/// assert!(token.contains(".."));
/// let jws = UntrustedJws::parse(token)?;
/// let mut scratch = [0u8; 128];
/// assert_eq!(jws.verify_detached(&key, b"$.02", &mut scratch)?.payload(), b"$.02");
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub fn sign_detached<'o>(
    header: &HeaderParams<'_>,
    payload: &[u8],
    signer: &dyn JwsSigner,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    write_compact(header, payload, signer, out, true)
}

/// The work of [`sign`] and [`sign_detached`]; `out` is wiped if anything fails.
fn write_compact<'o>(
    header: &HeaderParams<'_>,
    payload: &[u8],
    signer: &dyn JwsSigner,
    out: &'o mut [u8],
    detached: bool,
) -> Result<&'o str, Error> {
    let written = write_compact_into(header, payload, signer, out, detached);
    written_text(written, out)
}

/// The first `len` bytes of `out` as the token a signing function wrote; on an error, `out` is
/// wiped, so no signature or payload is left behind.
pub(crate) fn written_text(written: Result<usize, Error>, out: &mut [u8]) -> Result<&str, Error> {
    match written {
        Ok(len) => {
            let text = out.get(..len).unwrap_or_default();
            core::str::from_utf8(text).map_err(|_| Error::Malformed(Part::Payload))
        }
        Err(e) => {
            out.zeroize();
            Err(e)
        }
    }
}

/// Writes the compact JWS into `out`, returning its length.
fn write_compact_into(
    header: &HeaderParams<'_>,
    payload: &[u8],
    signer: &dyn JwsSigner,
    out: &mut [u8],
    detached: bool,
) -> Result<usize, Error> {
    let alg = signer.alg().name();
    let protected_len = b64::encoded_len(header.json_len(signer.alg()));
    let sig_len = signer.signature_len();
    let needed = total(&[
        signing_input_len(protected_len, payload.len(), header.b64),
        1,
        b64::encoded_len(sig_len),
    ]);
    if out.len() < needed || sig_len > MAX_SIGNATURE_LEN {
        return Err(Error::BufferTooSmall { needed });
    }
    let mut enc = b64::Encoder::new(out);
    header.write(alg, &mut enc)?;
    let protected = enc.finish()?;
    let mut at = protected;
    at = put_byte(out, at, b'.')?;
    let body = out.get_mut(at..).unwrap_or_default();
    // Positions below stay within `out`, whose length bounds the saturating sums.
    if header.b64 {
        at = at.saturating_add(b64::encode(payload, body)?.len());
    } else {
        body.get_mut(..payload.len())
            .ok_or(Error::BufferTooSmall { needed })?
            .copy_from_slice(payload);
        at = at.saturating_add(payload.len());
    }
    let mut signature = [0u8; MAX_SIGNATURE_LEN];
    let n = signer.sign(out.get(..at).unwrap_or_default(), &mut signature)?;
    if detached {
        // Drop the payload: the signature follows `header.`.
        let payload_at = protected.saturating_add(1);
        out.get_mut(payload_at..at).unwrap_or_default().fill(0);
        at = payload_at;
    }
    at = put_byte(out, at, b'.')?;
    let signature = b64::encode(
        signature.get(..n).unwrap_or_default(),
        out.get_mut(at..).unwrap_or_default(),
    )?;
    Ok(at.saturating_add(signature.len()))
}

fn put_byte(out: &mut [u8], at: usize, b: u8) -> Result<usize, Error> {
    let next = at.saturating_add(1);
    *out.get_mut(at)
        .ok_or(Error::BufferTooSmall { needed: next })? = b;
    Ok(next)
}
