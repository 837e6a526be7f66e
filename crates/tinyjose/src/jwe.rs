//! Compact JWE (RFC 7516): parse untrusted, decrypt in place with a key, encrypt into a caller's
//! buffer.
//!
//! Two roles meet in a JWE. Key management ([`JweDecrypter`], [`JweEncrypter`]) recovers or
//! protects the content encryption key (CEK), one implementation per `alg` family in `jwe/`.
//! Content encryption ([`ContentEncryption`]) turns plaintext into ciphertext and tag with that
//! CEK; the caller names the `enc` values it accepts as a list of statics ([`A256GCM`], ...), so
//! only those are linked.

#[cfg(feature = "aes-cbc-hs")]
pub(crate) mod aes_cbc_hmac;
#[cfg(feature = "aes-gcm")]
pub(crate) mod aes_gcm;
#[cfg(feature = "aes-gcm-kw")]
pub(crate) mod aes_gcm_kw;
#[cfg(feature = "aes-kw")]
pub(crate) mod aes_kw;
#[cfg(feature = "deflate")]
mod deflate;
pub(crate) mod dir;
#[cfg(feature = "ecdh-es")]
pub(crate) mod ecdh_es;
mod header;
#[cfg(feature = "pbes2")]
pub(crate) mod pbes2;

use rand_core::CryptoRng;
use zeroize::Zeroize;

use crate::json::{self, Sink};
use crate::{
    Enc, Error, HeaderParams, JweAlg, Limit, Limits, MAX_ENCRYPTED_KEY_LEN, MAX_HEADER_LEN, Part,
    b64,
};
use header::JweFacts;

#[cfg(feature = "aes-cbc-hs")]
pub use aes_cbc_hmac::{A128CBC_HS256, A192CBC_HS384, A256CBC_HS512};
#[cfg(feature = "aes-gcm")]
pub use aes_gcm::{A128GCM, A192GCM, A256GCM};
#[cfg(feature = "aes-gcm-kw")]
pub use aes_gcm_kw::AesGcmKwKey;
#[cfg(feature = "aes-kw")]
pub use aes_kw::AesKwKey;
#[cfg(feature = "ecdh-es")]
pub use ecdh_es::{EcdhEsPrivateKey, EcdhEsPublicKey};
#[cfg(feature = "pbes2")]
pub use pbes2::Pbes2Key;

/// The longest CEK of any `enc`: 64 bytes for A256CBC-HS512.
const MAX_CEK_LEN: usize = 64;

/// Every content encryption enabled in this build, for callers that accept whatever the token
/// names (command-line tools, bindings). Firmware should list only what it needs.
///
/// # Examples
///
/// ```
/// assert!(tinyjose::ALL_CONTENT_ENCRYPTIONS.iter().any(|c| c.enc() == tinyjose::Enc::A256Gcm));
/// ```
pub static ALL_CONTENT_ENCRYPTIONS: &[&dyn ContentEncryption] = &[
    #[cfg(feature = "aes-cbc-hs")]
    A128CBC_HS256,
    #[cfg(feature = "aes-cbc-hs")]
    A192CBC_HS384,
    #[cfg(feature = "aes-cbc-hs")]
    A256CBC_HS512,
    #[cfg(feature = "aes-gcm")]
    A128GCM,
    #[cfg(feature = "aes-gcm")]
    A192GCM,
    #[cfg(feature = "aes-gcm")]
    A256GCM,
];

/// A content encryption algorithm (RFC 7518 §5): authenticated encryption of the plaintext with
/// the CEK, in place.
///
/// Implemented by the statics [`A128GCM`], [`A192GCM`], [`A256GCM`], [`A128CBC_HS256`],
/// [`A192CBC_HS384`] and [`A256CBC_HS512`].
///
/// # Examples
///
/// ```
/// use tinyjose::{A128GCM, Enc, Error};
///
/// let (cek, iv) = ([7u8; 16], [9u8; 12]);
/// let mut buf = *b"hello";
/// let mut tag = [0u8; 16];
/// let n = A128GCM.encrypt_in_place(&cek, &iv, b"aad", &mut buf, 5, &mut tag)?;
/// assert_eq!(n, 5);
/// assert_eq!(A128GCM.decrypt_in_place(&cek, &iv, b"aad", &mut buf, &tag)?, 5);
/// assert_eq!(&buf, b"hello");
/// assert_eq!(A128GCM.enc(), Enc::A128Gcm);
/// # Ok::<(), Error>(())
/// ```
pub trait ContentEncryption: Sync {
    /// The `enc` value this implements.
    fn enc(&self) -> Enc;

    /// Encrypts the first `len` bytes of `buf` in place and writes the authentication tag into
    /// `tag`, returning the ciphertext length ([`Enc::ciphertext_len`]).
    ///
    /// `cek`, `iv` and `tag` must have the lengths [`Enc`] gives.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for a CEK or IV of the wrong length, [`Error::BufferTooSmall`] if
    /// `buf` cannot hold the ciphertext (CBC pads).
    fn encrypt_in_place(
        &self,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        len: usize,
        tag: &mut [u8],
    ) -> Result<usize, Error>;

    /// Checks `tag` over `aad`, `iv` and the ciphertext `buf`, then decrypts `buf` in place,
    /// returning the plaintext length.
    ///
    /// # Errors
    ///
    /// [`Error::DecryptionFailed`] for anything that does not decrypt (tag, padding, lengths);
    /// `buf` is wiped.
    fn decrypt_in_place(
        &self,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8],
    ) -> Result<usize, Error>;
}

/// A key that recovers the content encryption key of a JWE for exactly one `alg`.
///
/// The key decides the algorithm: a token is only decrypted when its header `alg` equals
/// [`alg`](Self::alg). The trait is object-safe, so keys held elsewhere (a secure element, the
/// RSA-OAEP support of `tinyjose-std`) plug in as `&dyn JweDecrypter`.
///
/// # Examples
///
/// ```
/// use tinyjose::{DirectKey, JweAlg, JweDecrypter};
///
/// let key = DirectKey::new(&[1; 32])?;
/// assert_eq!(JweDecrypter::alg(&key), JweAlg::Dir);
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub trait JweDecrypter {
    /// The one key management algorithm this key serves.
    fn alg(&self) -> JweAlg;

    /// The one content encryption this key serves, when it is bound to one (a `dir` key whose
    /// JWK names an `enc` as its `alg`); `None` when any `enc` the caller allows may be used.
    fn enc(&self) -> Option<Enc> {
        None
    }

    /// Recovers the CEK into `cek`, whose length is the key length of `params.enc()`.
    ///
    /// # Errors
    ///
    /// [`Error::DecryptionFailed`] for any key that cannot be recovered. Every error is reported
    /// to the caller of [`UntrustedJwe::decrypt`] as [`Error::DecryptionFailed`].
    fn decrypt_cek(
        &self,
        params: &KeyParams<'_>,
        encrypted_key: &[u8],
        cek: &mut [u8],
    ) -> Result<(), Error>;
}

/// A key that protects the content encryption key of a new JWE for exactly one `alg`.
///
/// # Examples
///
/// ```
/// use tinyjose::{DirectKey, Enc, JweEncrypter};
///
/// let key = DirectKey::new(&[1; 32])?;
/// assert_eq!(key.encrypted_key_len(Enc::A256Gcm), 0);
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub trait JweEncrypter {
    /// The one key management algorithm this key serves.
    fn alg(&self) -> JweAlg;

    /// The length of the encrypted key this key writes for `enc`: 0 for `dir` and `ECDH-ES`.
    fn encrypted_key_len(&self, enc: Enc) -> usize;

    /// Protects `cek` for the recipient. On entry `cek` holds a fresh random key of the length
    /// `enc` needs; direct modes (`dir`, `ECDH-ES`) replace it with the key they determine.
    /// Writes the encrypted key into `encrypted_key`, returning its length, and sets the header
    /// parameters the recipient needs in `params`.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] if this key cannot serve `enc`; [`Error::BufferTooSmall`].
    fn encrypt_cek<'k>(
        &'k self,
        enc: Enc,
        rng: &mut dyn CryptoRng,
        cek: &mut [u8],
        params: &mut NewKeyParams<'k>,
        encrypted_key: &mut [u8],
    ) -> Result<usize, Error>;

    /// The header parameters [`encrypt_cek`](Self::encrypt_cek) adds, with placeholder values
    /// of their exact sizes, so that [`jwe_compact_len`] sizes a token before anything is drawn
    /// or computed. None by default (`dir`, AES key wrap, RSA-OAEP); a key that adds parameters
    /// overrides it.
    fn params_shape(&self) -> NewKeyParams<'_> {
        NewKeyParams::default()
    }
}

/// The `epk` (ephemeral public key) header parameter as received: the members' texts, not yet
/// validated. ECDH-ES decoding checks them in full.
///
/// # Examples
///
/// ```
/// use tinyjose::UntrustedJwe;
///
/// let jwe = UntrustedJwe::parse(concat!(
///     "eyJhbGciOiJFQ0RILUVTIiwiZW5jIjoiQTEyOEdDTSIsImVwayI6eyJrdHkiOiJPS1AiLCJjcnYiOiJYMjU1MTkiLCJ4Ijoi",
///     "aFNESmk4MjJkVmtRTmlnWUl4YWFhSmtHdXJENzU2TGMtQ2xrWVJZM0lXMCJ9fQ..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA",
/// ))?;
/// let epk = jwe.key_params().epk().unwrap();
/// assert_eq!((epk.kty, epk.crv, epk.y), ("OKP", "X25519", None));
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Epk<'h> {
    /// `kty`: `EC` or `OKP`.
    pub kty: &'h str,
    /// `crv`: `P-256`, `P-384` or `X25519`.
    pub crv: &'h str,
    /// `x`, base64url.
    pub x: &'h str,
    /// `y`, base64url, for `EC` keys.
    pub y: Option<&'h str>,
}

/// What key management reads from a JWE header: `alg`, `enc`, and the algorithm parameters
/// (`epk`, `apu`, `apv`, `iv`, `tag`, `p2s`, `p2c`) as base64url texts.
///
/// Every value is attacker-controlled: implementations check lengths and ranges before use.
///
/// # Examples
///
/// ```
/// use tinyjose::{Enc, JweAlg, UntrustedJwe};
///
/// // {"alg":"dir","enc":"A128GCM"}
/// let jwe = UntrustedJwe::parse("eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA")?;
/// let params = jwe.key_params();
/// assert_eq!((params.alg(), params.enc()), (JweAlg::Dir, Enc::A128Gcm));
/// assert_eq!(params.p2c(), None);
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyParams<'h> {
    alg: JweAlg,
    enc: Enc,
    epk: Option<Epk<'h>>,
    apu: Option<&'h str>,
    apv: Option<&'h str>,
    iv: Option<&'h str>,
    tag: Option<&'h str>,
    p2s: Option<&'h str>,
    p2c: Option<u32>,
}

impl<'h> KeyParams<'h> {
    /// The header `alg`.
    #[must_use]
    pub fn alg(&self) -> JweAlg {
        self.alg
    }

    /// The header `enc`.
    #[must_use]
    pub fn enc(&self) -> Enc {
        self.enc
    }

    /// The ephemeral public key of ECDH-ES (RFC 7518 §4.6.1.1).
    #[must_use]
    pub fn epk(&self) -> Option<Epk<'h>> {
        self.epk
    }

    /// Agreement PartyUInfo, base64url (RFC 7518 §4.6.1.2).
    #[must_use]
    pub fn apu(&self) -> Option<&'h str> {
        self.apu
    }

    /// Agreement PartyVInfo, base64url (RFC 7518 §4.6.1.3).
    #[must_use]
    pub fn apv(&self) -> Option<&'h str> {
        self.apv
    }

    /// The IV of AES-GCM key wrapping, base64url (RFC 7518 §4.7.1.1).
    #[must_use]
    pub fn iv(&self) -> Option<&'h str> {
        self.iv
    }

    /// The tag of AES-GCM key wrapping, base64url (RFC 7518 §4.7.1.2).
    #[must_use]
    pub fn tag(&self) -> Option<&'h str> {
        self.tag
    }

    /// The PBES2 salt input, base64url (RFC 7518 §4.8.1.1).
    #[must_use]
    pub fn p2s(&self) -> Option<&'h str> {
        self.p2s
    }

    /// The PBES2 iteration count (RFC 7518 §4.8.1.2), already checked against
    /// [`Limits::pbes2_count`].
    #[must_use]
    pub fn p2c(&self) -> Option<u32> {
        self.p2c
    }
}

/// An ephemeral public key being written into a new header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NewEpk {
    pub(crate) kty: &'static str,
    pub(crate) crv: &'static str,
    pub(crate) x: [u8; 48],
    pub(crate) y: Option<[u8; 48]>,
    pub(crate) len: usize,
}

/// The header parameters key management adds to a new JWE (`epk`, `apu`, `apv`, `iv`, `tag`,
/// `p2s`, `p2c`), filled by [`JweEncrypter::encrypt_cek`].
///
/// Key transport implementations outside the core (RSA-OAEP) add none and leave it as it is.
///
/// # Examples
///
/// ```
/// let params = tinyjose::NewKeyParams::default();
/// # let _ = params;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NewKeyParams<'k> {
    pub(crate) epk: Option<NewEpk>,
    pub(crate) apu: Option<&'k [u8]>,
    pub(crate) apv: Option<&'k [u8]>,
    pub(crate) iv: Option<[u8; 12]>,
    pub(crate) tag: Option<[u8; 16]>,
    pub(crate) p2s: Option<[u8; 16]>,
    pub(crate) p2c: Option<u32>,
}

impl NewKeyParams<'_> {
    /// Writes `,"epk":{…},"apu":…,…` for the members that are set.
    fn write(&self, sink: &mut dyn Sink) -> Result<(), Error> {
        if let Some(epk) = &self.epk {
            sink.put(b",\"epk\":{\"kty\":")?;
            json::write_str(sink, epk.kty)?;
            sink.put(b",\"crv\":")?;
            json::write_str(sink, epk.crv)?;
            put_b64_member(sink, b"x", epk.x.get(..epk.len).unwrap_or_default())?;
            if let Some(y) = &epk.y {
                put_b64_member(sink, b"y", y.get(..epk.len).unwrap_or_default())?;
            }
            sink.put(b"}")?;
        }
        let members: [(&[u8], Option<&[u8]>); 5] = [
            (b"apu", self.apu),
            (b"apv", self.apv),
            (b"iv", self.iv.as_ref().map(|v| &v[..])),
            (b"tag", self.tag.as_ref().map(|v| &v[..])),
            (b"p2s", self.p2s.as_ref().map(|v| &v[..])),
        ];
        for (name, value) in members {
            if let Some(v) = value {
                put_b64_member(sink, name, v)?;
            }
        }
        if let Some(p2c) = self.p2c {
            sink.put(b",\"p2c\":")?;
            let mut digits = [0u8; 10];
            let mut at = digits.len();
            let mut n = p2c;
            loop {
                at -= 1;
                if let Some(d) = digits.get_mut(at) {
                    *d = b'0' + u8::try_from(n % 10).unwrap_or_default();
                }
                n /= 10;
                if n == 0 {
                    break;
                }
            }
            sink.put(digits.get(at..).unwrap_or_default())?;
        }
        Ok(())
    }
}

/// Writes `,"name":"base64url(value)"`. Every such member follows another (`epk` opens with
/// `kty`), so the comma always leads.
fn put_b64_member(sink: &mut dyn Sink, name: &[u8], value: &[u8]) -> Result<(), Error> {
    sink.put(b",\"")?;
    sink.put(name)?;
    sink.put(b"\":\"")?;
    let mut text = [0u8; 64];
    for chunk in value.chunks(48) {
        sink.put(b64::encode(chunk, &mut text)?.as_bytes())?;
    }
    sink.put(b"\"")
}

/// A compact JWE that has been parsed but **not decrypted**.
///
/// [`parse`](Self::parse) checks the structure: exactly five segments, strict base64url, a
/// protected header that is strict JSON with no duplicate members, a known `alg` and `enc`, a
/// `crit` this library understands, a `zip` it supports, and a PBES2 `p2c` within
/// [`Limits::pbes2_count`]. It gives no access to the plaintext: call
/// [`decrypt`](Self::decrypt) for that.
///
/// **Every header value is attacker-controlled**: use [`kid`](Self::kid) and [`alg`](Self::alg)
/// only to choose among keys you already trust. `jwk`, `jku`, `x5u` and `x5c` are never used.
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
            .field("header", &self.header_json())
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

    /// The header `alg`. Attacker-controlled until decrypted.
    #[must_use]
    pub fn alg(&self) -> JweAlg {
        self.facts.alg
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

    /// The header `kid`, unescaped. Attacker-controlled until decrypted.
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.facts.kid.and_then(|s| s.get(&self.header))
    }

    /// The header `typ`, unescaped. Attacker-controlled until decrypted.
    #[must_use]
    pub fn typ(&self) -> Option<&str> {
        self.facts.typ.and_then(|s| s.get(&self.header))
    }

    /// The header `cty`, unescaped. Attacker-controlled until decrypted.
    #[must_use]
    pub fn cty(&self) -> Option<&str> {
        self.facts.cty.and_then(|s| s.get(&self.header))
    }

    /// The decoded protected header JSON, exactly as sent. Attacker-controlled until decrypted.
    #[must_use]
    pub fn header_json(&self) -> &str {
        let bytes = self
            .header
            .get(..usize::from(self.facts.json_len))
            .unwrap_or_default();
        core::str::from_utf8(bytes).unwrap_or_default()
    }

    /// The parameters key management reads from the header.
    #[must_use]
    pub fn key_params(&self) -> KeyParams<'_> {
        let f = &self.facts;
        let get = |s: Option<header::Span>| s.and_then(|s| s.get(&self.header));
        KeyParams {
            alg: f.alg,
            enc: f.enc,
            epk: f.epk.and_then(|e| {
                Some(Epk {
                    kty: e.kty.get(&self.header)?,
                    crv: e.crv.get(&self.header)?,
                    x: e.x.get(&self.header)?,
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
        let needed = self.ciphertext_len();
        if out.len() < needed {
            return Err(Error::BufferTooSmall { needed });
        }
        let mut cek = [0u8; MAX_CEK_LEN];
        let result = self.decrypt_with_cek(key, *content, &mut cek, out);
        cek.zeroize();
        match result {
            Ok((start, len)) => Ok(DecryptedJwe {
                jwe: self,
                plaintext: out.get(start..start + len).unwrap_or_default(),
            }),
            Err(e) => {
                out.zeroize();
                Err(e)
            }
        }
    }

    /// Decryption proper, returning where the plaintext lies in `out`.
    #[inline(never)]
    fn decrypt_with_cek(
        &self,
        key: &dyn JweDecrypter,
        content: &dyn ContentEncryption,
        cek: &mut [u8; MAX_CEK_LEN],
        out: &mut [u8],
    ) -> Result<(usize, usize), Error> {
        let enc = self.facts.enc;
        let cek = cek.get_mut(..enc.key_len()).unwrap_or_default();
        let mut encrypted_key = [0u8; MAX_ENCRYPTED_KEY_LEN];
        let encrypted_key = b64::decode(
            self.encrypted_key_b64,
            &mut encrypted_key,
            Part::EncryptedKey,
        )?;
        let unwrapped = key.decrypt_cek(&self.key_params(), encrypted_key, cek);
        if unwrapped.is_err() {
            // RFC 7516 §11.5: a key that does not unwrap must not be told apart from a tag that
            // does not verify, by result or by time (RSA-OAEP's Manger oracle). Content
            // decryption still runs, with a wiped CEK, and its outcome is discarded.
            cek.zeroize();
        }
        let mut iv = [0u8; 16];
        let iv = b64::decode(self.iv_b64, &mut iv, Part::Iv)?;
        let mut tag = [0u8; 32];
        let tag = b64::decode(self.tag_b64, &mut tag, Part::Tag)?;
        let ciphertext_len = b64::decode(self.ciphertext_b64, out, Part::Ciphertext)?.len();
        let (ciphertext, rest) = out.split_at_mut(ciphertext_len);
        let opened = content.decrypt_in_place(cek, iv, self.header_b64, ciphertext, tag);
        let len = match (unwrapped, opened) {
            (Ok(()), Ok(len)) => len,
            _ => return Err(Error::DecryptionFailed),
        };
        if !self.facts.zip {
            return Ok((0, len));
        }
        inflate(
            ciphertext.get(..len).unwrap_or_default(),
            rest,
            &self.limits,
        )
        .map(|n| (ciphertext_len, n))
    }
}

/// Inflates authenticated `deflated` content into `out`.
#[cfg(feature = "deflate")]
fn inflate(deflated: &[u8], out: &mut [u8], limits: &Limits) -> Result<usize, Error> {
    let cap = out.len().min(limits.inflated_len);
    deflate::inflate(deflated, out.get_mut(..cap).unwrap_or_default())
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
            .field("header", &self.header_json())
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

    /// The authenticated `alg`.
    #[must_use]
    pub fn alg(&self) -> JweAlg {
        self.jwe.alg()
    }

    /// The authenticated `enc`.
    #[must_use]
    pub fn enc(&self) -> Enc {
        self.jwe.enc()
    }

    /// The authenticated `kid`.
    #[must_use]
    pub fn kid(&self) -> Option<&'a str> {
        self.jwe.kid()
    }

    /// The authenticated `typ`.
    #[must_use]
    pub fn typ(&self) -> Option<&'a str> {
        self.jwe.typ()
    }

    /// The authenticated `cty`.
    #[must_use]
    pub fn cty(&self) -> Option<&'a str> {
        self.jwe.cty()
    }

    /// The authenticated protected header JSON.
    #[must_use]
    pub fn header_json(&self) -> &'a str {
        self.jwe.header_json()
    }
}

/// Encrypts `plaintext` for the holder of `key` with `content` and writes the compact JWE into
/// `out`, returning it.
///
/// The header holds `alg` (from the key), `enc` (from `content`), the given [`HeaderParams`] and
/// what key management adds (`epk`, `iv`, `tag`, `p2s`, `p2c`, ...). Randomness (the CEK, the
/// IV, ephemeral keys, salts) comes from `rng`, drawn in that order: CEK, key management, IV.
///
/// # Errors
///
/// [`Error::BufferTooSmall`] with the exact size needed, checked before content encryption;
/// [`Error::KeyRejected`] and any other error of the key.
///
/// # Examples
///
/// See [`UntrustedJwe`].
pub fn encrypt<'o>(
    header: &HeaderParams<'_>,
    plaintext: &[u8],
    key: &dyn JweEncrypter,
    content: &dyn ContentEncryption,
    rng: &mut dyn CryptoRng,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    seal(header, false, plaintext, key, content, rng, out)
}

/// As [`encrypt`], for a plaintext that the caller has already compressed with DEFLATE
/// (RFC 1951): the header says `"zip":"DEF"`.
///
/// The core has no heap, so it does not compress; `tinyjose-std` does.
///
/// # Errors
///
/// As [`encrypt`].
///
/// # Examples
///
/// ```
/// # struct Zero;
/// # impl rand_core::TryRng for Zero {
/// #     type Error = core::convert::Infallible;
/// #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(0) }
/// #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { Ok(0) }
/// #     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> { d.fill(1); Ok(()) }
/// # }
/// # impl rand_core::TryCryptoRng for Zero {}
/// use tinyjose::{A128GCM, DirectKey, HeaderParams, UntrustedJwe, encrypt_deflated};
///
/// let key = DirectKey::new(&[7; 16])?;
/// // "hello" as a single fixed-Huffman DEFLATE block.
/// let deflated = [0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00];
/// let mut out = [0u8; 256];
/// let token = encrypt_deflated(&HeaderParams::new(), &deflated, &key, A128GCM, &mut Zero, &mut out)?;
/// // {"alg":"dir","enc":"A128GCM","zip":"DEF"}
/// assert!(token.starts_with("eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIiwiemlwIjoiREVGIn0."));
/// // Decrypting it needs the `deflate` feature.
/// # #[cfg(feature = "deflate")]
/// assert!(UntrustedJwe::parse(token)?.is_compressed());
/// # Ok::<(), tinyjose::Error>(())
/// ```
pub fn encrypt_deflated<'o>(
    header: &HeaderParams<'_>,
    deflated: &[u8],
    key: &dyn JweEncrypter,
    content: &dyn ContentEncryption,
    rng: &mut dyn CryptoRng,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    seal(header, true, deflated, key, content, rng, out)
}

/// The work of [`encrypt`] and [`encrypt_deflated`].
#[inline(never)]
fn seal<'o>(
    header: &HeaderParams<'_>,
    zip: bool,
    plaintext: &[u8],
    key: &dyn JweEncrypter,
    content: &dyn ContentEncryption,
    rng: &mut dyn CryptoRng,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    let enc = content.enc();
    let mut cek = [0u8; MAX_CEK_LEN];
    let result = seal_with_cek(
        header,
        zip,
        plaintext,
        key,
        content,
        rng,
        cek.get_mut(..enc.key_len()).unwrap_or_default(),
        out,
    );
    cek.zeroize();
    match result {
        Ok(len) => {
            let text = out.get(..len).unwrap_or_default();
            core::str::from_utf8(text).map_err(|_| Error::BufferTooSmall { needed: len })
        }
        Err(e) => {
            out.zeroize();
            Err(e)
        }
    }
}

/// The protected header of a new JWE.
struct NewHeader<'a> {
    header: &'a HeaderParams<'a>,
    alg: JweAlg,
    enc: Enc,
    zip: bool,
    params: &'a NewKeyParams<'a>,
}

impl<'a> NewHeader<'a> {
    /// The header of a JWE made with `key`, `enc` and the key management's `params`.
    fn new(
        header: &'a HeaderParams<'a>,
        key: &dyn JweEncrypter,
        enc: Enc,
        zip: bool,
        params: &'a NewKeyParams<'a>,
    ) -> Self {
        Self {
            header,
            alg: key.alg(),
            enc,
            zip,
            params,
        }
    }

    /// Writes `{"alg":…,"enc":…,"zip":"DEF",<caller's members>,<key management's members>}`.
    fn write(&self, sink: &mut dyn Sink) -> Result<(), Error> {
        sink.put(b"{\"alg\":")?;
        json::write_str(sink, self.alg.name())?;
        sink.put(b",\"enc\":")?;
        json::write_str(sink, self.enc.name())?;
        if self.zip {
            sink.put(b",\"zip\":\"DEF\"")?;
        }
        self.header.write_members(sink)?;
        self.params.write(sink)?;
        sink.put(b"}")
    }

    /// The length of the compact JWE with this header, an encrypted key of `ek_len` bytes and
    /// `ciphertext_len` bytes of ciphertext.
    fn compact_len(&self, ek_len: usize, ciphertext_len: usize) -> usize {
        let mut count = json::CountSink::default();
        // Counting cannot fail.
        let _ = self.write(&mut count);
        [
            count.0,
            ek_len,
            self.enc.iv_len(),
            ciphertext_len,
            self.enc.tag_len(),
        ]
        .iter()
        .map(|&n| b64::encoded_len(n))
        .fold(4, usize::saturating_add)
    }
}

/// The exact length of the compact JWE that [`encrypt`] (or, with `zip`, [`encrypt_deflated`])
/// writes for `plaintext_len` bytes of plaintext (already compressed, with `zip`): size its
/// output buffer with it, once, before anything is drawn or computed.
///
/// Exact for every key of this crate and of `tinyjose-std`; a key of your own that adds header
/// parameters is sized exactly if it implements [`JweEncrypter::params_shape`].
///
/// # Examples
///
/// ```
/// use tinyjose::{A128GCM, DirectKey, HeaderParams, encrypt, jwe_compact_len};
/// # use tinyjose::rand_core::{TryCryptoRng, TryRng};
/// # struct Rng;
/// # impl TryRng for Rng {
/// #     type Error = core::convert::Infallible;
/// #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(7) }
/// #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { Ok(7) }
/// #     fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> { dst.fill(7); Ok(()) }
/// # }
/// # impl TryCryptoRng for Rng {}
///
/// let key = DirectKey::new(&[1; 16])?;
/// let header = HeaderParams::new().kid("k1");
/// let len = jwe_compact_len(&header, &key, A128GCM.enc(), 5, false);
/// let mut out = vec![0u8; len];
/// let token = encrypt(&header, b"hello", &key, A128GCM, &mut Rng, &mut out)?;
/// assert_eq!(token.len(), len);
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[must_use]
pub fn jwe_compact_len(
    header: &HeaderParams<'_>,
    key: &dyn JweEncrypter,
    enc: Enc,
    plaintext_len: usize,
    zip: bool,
) -> usize {
    let params = key.params_shape();
    NewHeader::new(header, key, enc, zip, &params).compact_len(
        key.encrypted_key_len(enc),
        enc.ciphertext_len(plaintext_len),
    )
}

#[expect(clippy::too_many_arguments, reason = "the private body of `seal`")]
fn seal_with_cek(
    header: &HeaderParams<'_>,
    zip: bool,
    plaintext: &[u8],
    key: &dyn JweEncrypter,
    content: &dyn ContentEncryption,
    rng: &mut dyn CryptoRng,
    cek: &mut [u8],
    out: &mut [u8],
) -> Result<usize, Error> {
    let enc = content.enc();
    rng.fill_bytes(cek);
    let mut params = NewKeyParams::default();
    let mut encrypted_key = [0u8; MAX_ENCRYPTED_KEY_LEN];
    let ek_len = key.encrypt_cek(enc, rng, cek, &mut params, &mut encrypted_key)?;
    let encrypted_key = encrypted_key.get(..ek_len).unwrap_or_default();
    let mut iv = [0u8; 16];
    let iv = iv.get_mut(..enc.iv_len()).unwrap_or_default();
    rng.fill_bytes(iv);

    let new = NewHeader::new(header, key, enc, zip, &params);
    let ciphertext_len = enc.ciphertext_len(plaintext.len());
    let needed = new.compact_len(ek_len, ciphertext_len);
    if out.len() < needed {
        return Err(Error::BufferTooSmall { needed });
    }
    let mut encoder = b64::Encoder::new(out);
    new.write(&mut encoder)?;
    let header_len = encoder.finish()?;
    let mut at = header_len;
    for segment in [encrypted_key, iv] {
        at = put_byte(out, at, b'.')?;
        at += b64::encode(segment, out.get_mut(at..).unwrap_or_default())?.len();
    }
    at = put_byte(out, at, b'.')?;
    let (aad, rest) = out.split_at_mut(header_len);
    let body = rest.get_mut(at - header_len..).unwrap_or_default();
    body.get_mut(..plaintext.len())
        .ok_or(Error::BufferTooSmall { needed })?
        .copy_from_slice(plaintext);
    let mut tag = [0u8; 32];
    let tag = tag.get_mut(..enc.tag_len()).unwrap_or_default();
    let n = content.encrypt_in_place(cek, iv, aad, body, plaintext.len(), tag)?;
    at += b64::encode_in_place(body, n)?;
    at = put_byte(out, at, b'.')?;
    at += b64::encode(tag, out.get_mut(at..).unwrap_or_default())?.len();
    Ok(at)
}

fn put_byte(out: &mut [u8], at: usize, b: u8) -> Result<usize, Error> {
    *out.get_mut(at)
        .ok_or(Error::BufferTooSmall { needed: at + 1 })? = b;
    Ok(at + 1)
}

pub use dir::DirectKey;
