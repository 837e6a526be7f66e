//! Decryption: [`UntrustedJwe`] parsed and checked, then opened with a key into
//! [`DecryptedJwe`].

use subtle::{Choice, ConditionallySelectable};
use zeroize::Zeroize;

use super::header::{self, JweFacts};
use super::{ContentEncryption, JweDecrypter, KeyParams, MAX_CEK_LEN};
use crate::{
    Enc, Error, JweAlg, Limit, Limits, MAX_ENCRYPTED_KEY_LEN, MAX_HEADER_LEN, Part,
    ProtectedHeader, b64,
};

/// A compact JWE that has been parsed but **not decrypted**.
///
/// [`parse`](Self::parse) checks the structure: exactly five segments, strict base64url, a
/// protected header that is strict JSON with no duplicate members, a known `alg` and `enc`, a
/// `crit` this library understands, a `zip` it supports, and a PBES2 `p2c` within
/// [`Limits::pbes2_count`]. It gives no access to the plaintext: call
/// [`decrypt`](Self::decrypt) for that.
///
/// **Every header value is attacker-controlled**: use the [`header`](Self::header)'s `kid` and
/// `alg` only to choose among keys you already trust. `jwk`, `jku`, `x5u` and `x5c` are never used.
///
/// # Examples
///
/// ```
/// use tinyjose::{A256GCM, DirectKey, HeaderParams, UntrustedJwe, encrypt};
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
/// let key = DirectKey::new(&[7; 32])?;
/// let mut out = [0u8; 256];
/// let token = encrypt(&HeaderParams::new(), b"secret", &key, A256GCM, &mut rng, &mut out)?;
///
/// let jwe = UntrustedJwe::parse(token)?;
/// let mut buf = [0u8; 16];
/// let decrypted = jwe.decrypt(&key, &[A256GCM], &mut buf)?;
/// assert_eq!(decrypted.plaintext(), b"secret");
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone)]
pub struct UntrustedJwe<'t> {
    header_b64: &'t [u8],
    encrypted_key_b64: &'t [u8],
    iv_b64: &'t [u8],
    ciphertext_b64: &'t [u8],
    tag_b64: &'t [u8],
    limits: Limits,
    facts: JweFacts,
    header: [u8; MAX_HEADER_LEN],
}

impl core::fmt::Debug for UntrustedJwe<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("UntrustedJwe")
            .field("header", &self.header().json())
            .field("ciphertext_len", &self.ciphertext_len())
            .finish_non_exhaustive()
    }
}

impl<'t> UntrustedJwe<'t> {
    /// Parses a compact JWE with the default [`Limits`].
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] for a wrong segment count, a JSON serialization or a JWS header,
    /// [`Error::Base64`], [`Error::Json`], [`Error::DuplicateMember`], [`Error::UnsupportedAlg`]
    /// (`alg` or `zip`), [`Error::UnsupportedEnc`], [`Error::UnsupportedCrit`],
    /// [`Error::LimitExceeded`].
    #[inline]
    pub fn parse(token: &'t str) -> Result<Self, Error> {
        Self::parse_with_limits(token, &Limits::DEFAULT)
    }

    /// Parses a compact JWE with explicit [`Limits`]; they also bound decryption.
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse).
    #[inline]
    pub fn parse_with_limits(token: &'t str, limits: &Limits) -> Result<Self, Error> {
        let mut jwe = Self {
            header_b64: &[],
            encrypted_key_b64: &[],
            iv_b64: &[],
            ciphertext_b64: &[],
            tag_b64: &[],
            limits: *limits,
            facts: JweFacts::EMPTY,
            header: [0; MAX_HEADER_LEN],
        };
        jwe.fill(token.as_bytes(), limits)?;
        Ok(jwe)
    }

    /// The work of [`parse_with_limits`](Self::parse_with_limits), in place.
    #[inline(never)]
    fn fill(&mut self, token: &'t [u8], limits: &Limits) -> Result<(), Error> {
        if token.len() > limits.token_len {
            return Err(Error::LimitExceeded(Limit::TokenLength));
        }
        let [h, k, iv, c, t] = crate::compact::split(token)?;
        self.facts = header::parse(h, &mut self.header, limits)?;
        self.header_b64 = h;
        self.encrypted_key_b64 = k;
        self.iv_b64 = iv;
        self.ciphertext_b64 = c;
        self.tag_b64 = t;
        // Lengths are public; checking them here keeps decryption's stack buffers exact.
        let checks = [
            (k, MAX_ENCRYPTED_KEY_LEN, Part::EncryptedKey),
            (iv, 16, Part::Iv),
            (t, 32, Part::Tag),
        ];
        for (segment, max, part) in checks {
            if b64::decoded_len(segment.len()) > max {
                return Err(Error::Malformed(part));
            }
            let mut scratch = [0u8; 48];
            for chunk in segment.chunks(64) {
                b64::decode(chunk, &mut scratch, part)?;
            }
        }
        Ok(())
    }

    /// The protected header. Attacker-controlled until decrypted.
    #[must_use]
    pub fn header(&self) -> ProtectedHeader<'_, JweAlg> {
        let f = &self.facts;
        ProtectedHeader::new(f.alg, &self.header, f.json_len, [f.kid, f.typ, f.cty])
    }

    /// The header `enc`. Attacker-controlled until decrypted.
    #[must_use]
    pub fn enc(&self) -> Enc {
        self.facts.enc
    }

    /// Whether the header says `"zip":"DEF"`.
    #[must_use]
    pub fn is_compressed(&self) -> bool {
        self.facts.zip
    }

    /// The parameters key management reads from the header.
    #[must_use]
    pub fn key_params(&self) -> KeyParams<'_> {
        header::key_params(&self.facts, &self.header)
    }

    /// The length of the decoded ciphertext: [`decrypt`](Self::decrypt) needs an `out` buffer at
    /// least this long, and for compressed content room for the inflated plaintext after it.
    #[must_use]
    pub fn ciphertext_len(&self) -> usize {
        b64::decoded_len(self.ciphertext_b64.len())
    }

    /// The largest `out` buffer [`decrypt`](Self::decrypt) can use: the ciphertext length, plus,
    /// for compressed content, [`Limits::inflated_len`] for the inflated plaintext. A buffer this
    /// long never fails for lack of room, so a caller that allocates sizes it once and the key is
    /// unwrapped once per token.
    ///
    /// # Examples
    ///
    /// ```
    /// // {"alg":"dir","enc":"A128GCM"}
    /// let token = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA";
    /// let jwe = tinyjose::UntrustedJwe::parse(token)?;
    /// // Not compressed: the ciphertext's length. Compressed, `Limits::inflated_len` more.
    /// assert_eq!(jwe.max_buffer_len(), jwe.ciphertext_len());
    /// assert_eq!(jwe.max_buffer_len(), 3);
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    #[must_use]
    pub fn max_buffer_len(&self) -> usize {
        let inflated = if self.facts.zip {
            self.limits.inflated_len
        } else {
            0
        };
        self.ciphertext_len().saturating_add(inflated)
    }

    /// Recovers the CEK with `key`, checks the tag and decrypts the ciphertext in place in `out`.
    ///
    /// The header `alg` must equal `key.alg()`, the header `enc` must be `key.enc()` when the key
    /// is bound to one, and the header `enc` must be one of `encs`. The
    /// ciphertext is decoded into `out` and decrypted there; compressed content (`"zip":"DEF"`)
    /// is inflated after the tag verified, into `out` after the ciphertext, within
    /// [`Limits::inflated_len`]. The CEK is wiped before returning, and `out` is wiped on any
    /// failure.
    ///
    /// # Errors
    ///
    /// [`Error::AlgMismatch`], [`Error::UnsupportedEnc`], [`Error::BufferTooSmall`] (checked
    /// before any cryptography), [`Error::Base64`] for a ciphertext that is not strict base64url,
    /// [`Error::DecryptionFailed`] for anything that does not decrypt, whatever the cause,
    /// [`Error::LimitExceeded`] for content that inflates beyond the limit or the buffer.
    pub fn decrypt<'a>(
        &'a self,
        key: &dyn JweDecrypter,
        encs: &[&dyn ContentEncryption],
        out: &'a mut [u8],
    ) -> Result<DecryptedJwe<'a>, Error> {
        if key.alg() != self.facts.alg || key.enc().is_some_and(|enc| enc != self.facts.enc) {
            return Err(Error::AlgMismatch);
        }
        let content = encs
            .iter()
            .find(|c| c.enc() == self.facts.enc)
            .ok_or(Error::UnsupportedEnc)?;
        let sealed = Sealed {
            encrypted_key_b64: self.encrypted_key_b64,
            iv_b64: self.iv_b64,
            ciphertext_b64: self.ciphertext_b64,
            tag_b64: self.tag_b64,
            aad: self.header_b64,
            zip: self.facts.zip,
        };
        let needed = self.ciphertext_len();
        if out.len() < needed {
            return Err(Error::BufferTooSmall { needed });
        }
        let (start, len) = open(
            key,
            *content,
            &self.key_params(),
            &sealed,
            &self.limits,
            out,
        )?;
        Ok(DecryptedJwe {
            jwe: self,
            plaintext: out
                .get(start..)
                .and_then(|o| o.get(..len))
                .unwrap_or_default(),
        })
    }
}

/// The public parts of a JWE that one recipient opens: encrypted key, IV, ciphertext and tag as
/// base64url, the AAD of content encryption, and whether the plaintext is compressed.
pub(super) struct Sealed<'s> {
    pub(super) encrypted_key_b64: &'s [u8],
    pub(super) iv_b64: &'s [u8],
    pub(super) ciphertext_b64: &'s [u8],
    pub(super) tag_b64: &'s [u8],
    pub(super) aad: &'s [u8],
    pub(super) zip: bool,
}

/// Recovers the CEK with `key` and opens `sealed` in `out`, returning where the plaintext lies in
/// `out`. Every cryptographic failure is [`Error::DecryptionFailed`]; the CEK is wiped before
/// returning and `out` is wiped on any failure. The compact and JSON serializations share it.
pub(super) fn open(
    key: &dyn JweDecrypter,
    content: &dyn ContentEncryption,
    params: &KeyParams<'_>,
    sealed: &Sealed<'_>,
    limits: &Limits,
    out: &mut [u8],
) -> Result<(usize, usize), Error> {
    let mut cek = [0u8; MAX_CEK_LEN];
    let result = open_with_cek(key, content, params, sealed, limits, &mut cek, out);
    cek.zeroize();
    if result.is_err() {
        out.zeroize();
    }
    result
}

/// The work of [`open`].
#[inline(never)]
fn open_with_cek(
    key: &dyn JweDecrypter,
    content: &dyn ContentEncryption,
    params: &KeyParams<'_>,
    sealed: &Sealed<'_>,
    limits: &Limits,
    cek: &mut [u8; MAX_CEK_LEN],
    out: &mut [u8],
) -> Result<(usize, usize), Error> {
    let enc = params.enc();
    let cek = cek.get_mut(..enc.key_len()).unwrap_or_default();
    let mut encrypted_key = [0u8; MAX_ENCRYPTED_KEY_LEN];
    let encrypted_key = b64::decode(
        sealed.encrypted_key_b64,
        &mut encrypted_key,
        Part::EncryptedKey,
    )?;
    // RFC 7516 §11.5: a key that does not unwrap must not be told apart from a tag that does
    // not verify, by result or by time (RSA-OAEP's Manger oracle). Content decryption still
    // runs, with a CEK wiped by a constant-time select rather than a branch, and one branch on
    // both outcomes together decides.
    let unwrapped = Choice::from(u8::from(
        key.decrypt_cek(params, encrypted_key, cek).is_ok(),
    ));
    for byte in cek.iter_mut() {
        byte.conditional_assign(&0, !unwrapped);
    }
    let mut iv = [0u8; 16];
    let iv = b64::decode(sealed.iv_b64, &mut iv, Part::Iv)?;
    let mut tag = [0u8; 32];
    let tag = b64::decode(sealed.tag_b64, &mut tag, Part::Tag)?;
    let ciphertext_len = b64::decode(sealed.ciphertext_b64, out, Part::Ciphertext)?.len();
    let (ciphertext, rest) = out.split_at_mut(ciphertext_len);
    let opened = content.decrypt_in_place(cek, iv, sealed.aad, ciphertext, tag);
    let both = unwrapped & Choice::from(u8::from(opened.is_ok()));
    let len = match opened {
        Ok(len) if bool::from(both) => len,
        _ => return Err(Error::DecryptionFailed),
    };
    if !sealed.zip {
        return Ok((0, len));
    }
    inflate(ciphertext.get(..len).unwrap_or_default(), rest, limits).map(|n| (ciphertext_len, n))
}

/// Inflates authenticated `deflated` content into `out`.
#[cfg(feature = "deflate")]
fn inflate(deflated: &[u8], out: &mut [u8], limits: &Limits) -> Result<usize, Error> {
    let cap = out.len().min(limits.inflated_len);
    super::deflate::inflate(deflated, out.get_mut(..cap).unwrap_or_default())
}

/// Without the `deflate` feature, `zip` is refused when the token is parsed.
#[cfg(not(feature = "deflate"))]
fn inflate(_: &[u8], _: &mut [u8], _: &Limits) -> Result<usize, Error> {
    Err(Error::UnsupportedAlg)
}

/// A JWE that has been decrypted, with its plaintext in the caller's buffer.
///
/// Built only by [`UntrustedJwe::decrypt`]. The tag verified, so the header is authentic.
///
/// # Examples
///
/// See [`UntrustedJwe`].
#[derive(Clone, Copy)]
pub struct DecryptedJwe<'a> {
    jwe: &'a UntrustedJwe<'a>,
    plaintext: &'a [u8],
}

impl core::fmt::Debug for DecryptedJwe<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DecryptedJwe")
            .field("header", &self.header().json())
            .field("plaintext_len", &self.plaintext.len())
            .finish()
    }
}

impl<'a> DecryptedJwe<'a> {
    /// The decrypted (and, for `"zip":"DEF"`, inflated) plaintext.
    #[must_use]
    pub fn plaintext(&self) -> &'a [u8] {
        self.plaintext
    }

    /// The authenticated protected header.
    #[must_use]
    pub fn header(&self) -> ProtectedHeader<'a, JweAlg> {
        self.jwe.header()
    }

    /// The authenticated `enc`.
    #[must_use]
    pub fn enc(&self) -> Enc {
        self.jwe.enc()
    }
}
