//! JSON Web Keys (RFC 7517): import as typed keys, JWK Sets, public export, and RFC 7638
//! thumbprints.

// Which helpers are used depends on which key types are enabled.
#![cfg_attr(
    not(all(
        feature = "hs",
        feature = "es256",
        feature = "es384",
        feature = "es512",
        feature = "eddsa",
        feature = "rsa"
    )),
    allow(
        dead_code,
        unused_imports,
        unused_macros,
        reason = "depends on the enabled key types"
    )
)]

mod jwe_key;

pub use jwe_key::JweKey;
use sha2::{Digest, Sha256};
#[cfg(any(
    feature = "hs",
    feature = "es256",
    feature = "es384",
    feature = "es512",
    feature = "eddsa",
    feature = "rsa"
))]
use zeroize::Zeroize;

use crate::json::{self, Object, Sink, Str};
use crate::{
    Error, JwsAlg, JwsSigner, JwsVerifier, KeyReason, KeySelection, Limit, Limits, Part,
    UntrustedJws, VerifiedJws, b64,
};

/// The largest `oct` secret accepted, in bytes.
const MAX_OCT_LEN: usize = 256;

/// The intended use of a key (`use`, RFC 7517 §4.2), or the operation asked of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyUse {
    /// Signing and verification (`"sig"`).
    Sig,
    /// Encryption (`"enc"`).
    Enc,
}

/// A parsed JSON Web Key whose members have not yet been turned into a key.
///
/// [`parse`](Self::parse) checks that the text is strict JSON with a string `kty`;
/// [`to_key`](Self::to_key) applies the key policy: `kty`, `crv`, `alg`, `use` and `key_ops` must
/// agree with the algorithm asked for, and the key material must be valid.
///
/// # Examples
///
/// ```
/// use tinyjose::{Jwk, JwsAlg, JwsVerifier};
///
/// let jwk = Jwk::parse(r#"{"kty":"EC","crv":"P-256",
///     "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
///     "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#)?;
/// let key = jwk.to_key(None)?;
/// assert_eq!(key.alg(), JwsAlg::Es256);
/// assert_eq!(
///     jwk.thumbprint_b64(&mut [0; 43])?,
///     "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U",
/// );
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Jwk<'a> {
    object: Object<'a>,
    kty: Str<'a>,
}

impl<'a> Jwk<'a> {
    /// Parses one JWK.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] or [`Error::DuplicateMember`] with [`Part::Jwk`], [`Error::LimitExceeded`].
    pub fn parse(json: &'a str) -> Result<Self, Error> {
        Self::from_object(json::parse_object(
            json.as_bytes(),
            Limits::DEFAULT.json_depth,
            Part::Jwk,
        )?)
    }

    fn from_object(object: Object<'a>) -> Result<Self, Error> {
        let kty = object
            .get("kty")
            .and_then(|v| v.as_str())
            .ok_or(Error::Json(Part::Jwk))?;
        Ok(Self { object, kty })
    }

    fn str(&self, name: &str) -> Result<Option<Str<'a>>, Error> {
        self.object
            .get(name)
            .map(|v| v.as_str().ok_or(Error::Json(Part::Jwk)))
            .transpose()
    }

    /// Whether the key's `kid` equals `kid`.
    #[must_use]
    pub fn has_kid(&self, kid: &str) -> bool {
        self.str("kid")
            .ok()
            .flatten()
            .is_some_and(|k| k.eq_str(kid))
    }

    /// The key's `kid`, unescaped into `buf`; `None` if it has none.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] if `kid` is not a string; [`Error::BufferTooSmall`] if `buf` cannot hold
    /// it.
    ///
    /// # Examples
    ///
    /// ```
    /// let jwk = tinyjose::Jwk::parse(r#"{"kty":"oct","kid":"2024\u002d06","k":"AA"}"#)?;
    /// assert_eq!(jwk.kid(&mut [0; 16])?, Some("2024-06"));
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn kid<'b>(&self, buf: &'b mut [u8]) -> Result<Option<&'b str>, Error>
    where
        'a: 'b,
    {
        self.str("kid")?.map(|s| s.decode(buf)).transpose()
    }

    /// The key's `alg` (a JWS or JWE algorithm, or for a `dir` key the `enc` it is for),
    /// unescaped into `buf`; `None` if it has none.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] if `alg` is not a string; [`Error::BufferTooSmall`] if `buf` cannot hold
    /// it.
    ///
    /// # Examples
    ///
    /// ```
    /// let jwk = tinyjose::Jwk::parse(r#"{"kty":"oct","alg":"A256KW","k":"AA"}"#)?;
    /// assert_eq!(jwk.alg(&mut [0; 16])?, Some("A256KW"));
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn alg<'b>(&self, buf: &'b mut [u8]) -> Result<Option<&'b str>, Error>
    where
        'a: 'b,
    {
        self.str("alg")?.map(|s| s.decode(buf)).transpose()
    }

    /// The JSON text of this JWK: the whole input of [`parse`](Self::parse), or one member of a
    /// [`JwkSet`].
    ///
    /// # Examples
    ///
    /// ```
    /// let set = tinyjose::JwkSet::parse(r#"{"keys":[{"kty":"oct","k":"AA"}]}"#)?;
    /// let jwk = set.iter().next().unwrap()?;
    /// assert_eq!(jwk.json(), r#"{"kty":"oct","k":"AA"}"#);
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    #[must_use]
    pub fn json(&self) -> &'a str {
        core::str::from_utf8(self.object.text()).unwrap_or_default()
    }

    /// The secret `k` of an `oct` key, decoded into `buf`.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for another key type ([`KeyReason::WrongType`]), a missing `k`
    /// ([`KeyReason::Material`]) or a `buf` too small ([`KeyReason::WrongLength`]);
    /// [`Error::Base64`] for bad base64url.
    ///
    /// # Examples
    ///
    /// ```
    /// let jwk = tinyjose::Jwk::parse(r#"{"kty":"oct","k":"aGk"}"#)?;
    /// assert_eq!(jwk.secret(&mut [0; 64])?, b"hi");
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn secret<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
        self.check_kty_crv("oct", None)?;
        self.bytes("k", buf)
    }

    /// Whether the key has a `kid` at all.
    #[must_use]
    pub fn kid_present(&self) -> bool {
        self.object.get("kid").is_some()
    }

    /// Whether this is a symmetric (`oct`) key.
    #[must_use]
    pub fn is_symmetric(&self) -> bool {
        self.kty.eq_str("oct")
    }

    /// Whether the JWK holds private material (`d`, or the secret `k` of an `oct` key).
    #[must_use]
    pub fn is_private(&self) -> bool {
        let secret = if self.is_symmetric() { "k" } else { "d" };
        self.object.get(secret).is_some()
    }

    /// The JWS algorithm this key is for: the JWK `alg`, else `alg` if given, else the one
    /// implied by the curve. Both given must agree.
    fn alg_for(&self, alg: Option<JwsAlg>) -> Result<JwsAlg, Error> {
        let own = match self.str("alg")? {
            None => None,
            Some(s) => Some(
                JwsAlg::ALL
                    .into_iter()
                    .find(|a| s.eq_str(a.name()))
                    .ok_or(Error::KeyRejected(KeyReason::NoAlg))?,
            ),
        };
        let implied = self.str("crv")?.and_then(|crv| {
            [
                ("P-256", JwsAlg::Es256),
                ("P-384", JwsAlg::Es384),
                ("P-521", JwsAlg::Es512),
                ("Ed25519", JwsAlg::EdDsa),
            ]
            .into_iter()
            .find(|(name, _)| crv.eq_str(name))
            .map(|(_, a)| a)
        });
        match (own, alg) {
            (Some(own), Some(asked)) if own != asked => Err(Error::AlgMismatch),
            (Some(a), _) | (None, Some(a)) => Ok(a),
            (None, None) => implied.ok_or(Error::KeyRejected(KeyReason::NoAlg)),
        }
    }

    /// Checks `use` and `key_ops` (RFC 7517 §4.2, §4.3), for JWS and JWE keys alike: `use`, when
    /// present, must be `wanted_use`; `key_ops`, when present, must be distinct strings, one of
    /// them in `wanted_ops`.
    pub(crate) fn check_use(&self, wanted_use: &str, wanted_ops: &[&str]) -> Result<(), Error> {
        if self.str("use")?.is_some_and(|u| !u.eq_str(wanted_use)) {
            return Err(Error::KeyRejected(KeyReason::WrongUse));
        }
        if let Some(ops) = self.object.get("key_ops") {
            let ops = ops.as_array().ok_or(Error::Json(Part::Jwk))?;
            let mut found = false;
            for (i, op) in ops.enumerate() {
                let op = op.as_str().ok_or(Error::Json(Part::Jwk))?;
                let repeated = self
                    .object
                    .get("key_ops")
                    .and_then(|v| v.as_array())
                    .is_some_and(|mut all| {
                        all.by_ref()
                            .take(i)
                            .any(|o| o.as_str().is_some_and(|o| o.same_as(&op)))
                    });
                if repeated {
                    return Err(Error::Json(Part::Jwk));
                }
                found |= wanted_ops.iter().any(|w| op.eq_str(w));
            }
            if !found {
                return Err(Error::KeyRejected(KeyReason::WrongUse));
            }
        }
        Ok(())
    }

    /// Decodes the base64url member `name` into `buf`.
    ///
    /// Base64url needs no JSON escapes, but JSON allows them (`"\u0041"` is `"A"`): the text is
    /// unescaped four characters at a time, so no buffer for the whole text sits on the stack.
    #[inline(never)]
    fn bytes<'b>(&self, name: &str, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
        let s = self
            .str(name)?
            .ok_or(Error::KeyRejected(KeyReason::Material))?;
        let needed = b64::decoded_len(s.decoded_len());
        if needed > buf.len() {
            return Err(Error::KeyRejected(KeyReason::WrongLength));
        }
        let mut group = [0u8; 4];
        let mut n = 0;
        let mut len = 0;
        let mut chars = s.chars();
        loop {
            let c = chars.next();
            if let Some(c) = c {
                group[n] = u8::try_from(c).map_err(|_| Error::Base64(Part::Jwk))?;
                n += 1;
            }
            if n == 4 || (c.is_none() && n > 0) {
                let out = buf.get_mut(len..).unwrap_or_default();
                len += b64::decode(group.get(..n).unwrap_or_default(), out, Part::Jwk)?.len();
                n = 0;
            }
            if c.is_none() {
                return Ok(buf.get(..len).unwrap_or_default());
            }
        }
    }

    /// Builds the key for `alg` (or, with `None`, for the algorithm the JWK itself names or its
    /// curve implies), checking the key policy.
    ///
    /// # Errors
    ///
    /// [`Error::AlgMismatch`] if the JWK `alg` differs from `alg`; [`Error::KeyRejected`] for
    /// `use`/`key_ops` other than signatures, a `kty`/`crv` that does not fit the algorithm, an
    /// HMAC secret shorter than the hash, or invalid key material; [`Error::UnsupportedAlg`]
    /// for an algorithm not enabled in this build.
    pub fn to_key(&self, alg: Option<JwsAlg>) -> Result<JwkKey, Error> {
        let alg = self.alg_for(alg)?;
        self.check_use("sig", &["verify"])?;
        self.build(alg)
    }

    fn check_kty_crv(&self, kty: &str, crv: Option<&str>) -> Result<(), Error> {
        if !self.kty.eq_str(kty) {
            return Err(Error::KeyRejected(KeyReason::WrongType));
        }
        if let Some(expected) = crv
            && !self.str("crv")?.is_some_and(|c| c.eq_str(expected))
        {
            return Err(Error::KeyRejected(KeyReason::WrongType));
        }
        Ok(())
    }

    /// Builds the key for `alg`. Each family is built in a function of its own, so the stack
    /// this needs is that of the largest family, not the sum of all of them.
    fn build(&self, alg: JwsAlg) -> Result<JwkKey, Error> {
        match alg {
            #[cfg(feature = "hs")]
            JwsAlg::Hs256 | JwsAlg::Hs384 | JwsAlg::Hs512 => self.build_hmac(alg),
            #[cfg(feature = "es256")]
            JwsAlg::Es256 => self.build_es256(),
            #[cfg(feature = "es384")]
            JwsAlg::Es384 => self.build_es384(),
            #[cfg(feature = "es512")]
            JwsAlg::Es512 => self.build_es512(),
            #[cfg(feature = "eddsa")]
            JwsAlg::EdDsa => self.build_ed25519(),
            #[cfg(feature = "rsa")]
            alg if alg.is_rsa() => self.build_rsa(alg),
            _ => Err(Error::UnsupportedAlg),
        }
    }

    #[cfg(feature = "hs")]
    #[inline(never)]
    fn build_hmac(&self, alg: JwsAlg) -> Result<JwkKey, Error> {
        self.check_kty_crv("oct", None)?;
        let mut secret = [0u8; MAX_OCT_LEN];
        let key = self
            .bytes("k", &mut secret)
            .and_then(|k| crate::HmacKey::new(alg, k));
        secret.zeroize();
        key.map(JwkKey::Hmac)
    }

    #[cfg(feature = "es256")]
    #[inline(never)]
    fn build_es256(&self) -> Result<JwkKey, Error> {
        ec_key!(
            self,
            "P-256",
            32,
            crate::Es256VerifyingKey,
            crate::Es256SigningKey,
            Es256,
            Es256Private
        )
    }

    #[cfg(feature = "es384")]
    #[inline(never)]
    fn build_es384(&self) -> Result<JwkKey, Error> {
        ec_key!(
            self,
            "P-384",
            48,
            crate::Es384VerifyingKey,
            crate::Es384SigningKey,
            Es384,
            Es384Private
        )
    }

    #[cfg(feature = "es512")]
    #[inline(never)]
    fn build_es512(&self) -> Result<JwkKey, Error> {
        ec_key!(
            self,
            "P-521",
            66,
            crate::Es512VerifyingKey,
            crate::Es512SigningKey,
            Es512,
            Es512Private
        )
    }

    #[cfg(feature = "eddsa")]
    #[inline(never)]
    fn build_ed25519(&self) -> Result<JwkKey, Error> {
        self.check_kty_crv("OKP", Some("Ed25519"))?;
        let mut x = [0u8; 32];
        let public = crate::Ed25519VerifyingKey::from_bytes(self.bytes("x", &mut x)?)?;
        if self.object.get("d").is_none() {
            return Ok(JwkKey::Ed25519(public));
        }
        let mut d = [0u8; 32];
        let private = self
            .bytes("d", &mut d)
            .and_then(crate::Ed25519SigningKey::from_bytes);
        d.zeroize();
        let private = private?;
        if private.verifying_key() != public {
            return Err(Error::KeyRejected(KeyReason::InvalidScalar));
        }
        Ok(JwkKey::Ed25519Private(private, public))
    }

    #[cfg(feature = "rsa")]
    #[inline(never)]
    fn build_rsa(&self, alg: JwsAlg) -> Result<JwkKey, Error> {
        self.check_kty_crv("RSA", None)?;
        let mut n = [0u8; 512];
        let mut e = [0u8; 4];
        let (n, e) = (self.bytes("n", &mut n)?, self.bytes("e", &mut e)?);
        // RFC 7518 §6.3.1: the fewest octets, so one key has one JWK and one thumbprint.
        if n.first() == Some(&0) || e.first() == Some(&0) {
            return Err(Error::KeyRejected(KeyReason::Material));
        }
        crate::RsaVerifyingKey::new(alg, n, e).map(JwkKey::Rsa)
    }

    /// Builds the signing key for `alg` (or the JWK's own algorithm), checking that the JWK
    /// holds private material and allows signing.
    ///
    /// # Errors
    ///
    /// As [`to_key`](Self::to_key), and [`Error::KeyRejected`] for a public key;
    /// [`Error::UnsupportedAlg`] for RSA, which this crate only verifies (`tinyjose-std` signs).
    ///
    /// # Examples
    ///
    /// ```
    /// let jwk = tinyjose::Jwk::parse(r#"{"kty":"oct","alg":"HS256","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"}"#)?;
    /// assert!(jwk.to_signing_key(None)?.as_signer().is_some());
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn to_signing_key(&self, alg: Option<JwsAlg>) -> Result<JwkKey, Error> {
        let alg = self.alg_for(alg)?;
        self.check_use("sig", &["sign"])?;
        if !self.is_private() {
            return Err(Error::KeyRejected(KeyReason::WrongUse));
        }
        if alg.is_rsa() {
            return Err(Error::UnsupportedAlg);
        }
        self.build(alg)
    }

    /// The RFC 7638 SHA-256 thumbprint of this key.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] if a required member of the key type is missing or the type is
    /// unknown; [`Error::Json`] if one is not a string.
    pub fn thumbprint(&self) -> Result<[u8; 32], Error> {
        let members: &[&str] = if self.kty.eq_str("EC") {
            &["crv", "kty", "x", "y"]
        } else if self.kty.eq_str("OKP") {
            &["crv", "kty", "x"]
        } else if self.kty.eq_str("oct") {
            &["k", "kty"]
        } else if self.kty.eq_str("RSA") {
            &["e", "kty", "n"]
        } else {
            return Err(Error::KeyRejected(KeyReason::WrongType));
        };
        let mut hash = HashSink(Sha256::new());
        for (i, name) in members.iter().enumerate() {
            hash.put(if i == 0 { b"{\"" } else { b",\"" })?;
            hash.put(name.as_bytes())?;
            hash.put(b"\":\"")?;
            let value = self
                .str(name)?
                .ok_or(Error::KeyRejected(KeyReason::Material))?;
            for c in value.chars() {
                if c == '"' || c == '\\' || c < ' ' {
                    return Err(Error::KeyRejected(KeyReason::Material));
                }
                hash.put(c.encode_utf8(&mut [0; 4]).as_bytes())?;
            }
            hash.put(b"\"")?;
        }
        hash.put(b"}")?;
        Ok(hash.0.finalize().into())
    }

    /// The RFC 7638 thumbprint, base64url-encoded into `out` (43 bytes).
    ///
    /// # Errors
    ///
    /// As [`thumbprint`](Self::thumbprint), and [`Error::BufferTooSmall`].
    pub fn thumbprint_b64<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        b64::encode(&self.thumbprint()?, out)
    }
}

#[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
macro_rules! ec_key {
    ($jwk:expr, $crv:literal, $size:literal, $Public:ty, $Private:ty, $V:ident, $VP:ident) => {{
        $jwk.check_kty_crv("EC", Some($crv))?;
        let (mut x, mut y) = ([0u8; $size], [0u8; $size]);
        let public =
            <$Public>::from_coordinates($jwk.bytes("x", &mut x)?, $jwk.bytes("y", &mut y)?)?;
        if $jwk.object.get("d").is_none() {
            return Ok(JwkKey::$V(public));
        }
        let mut d = [0u8; $size];
        let private = $jwk.bytes("d", &mut d).and_then(<$Private>::from_bytes);
        d.zeroize();
        let private = private?;
        if private.verifying_key() != public {
            return Err(Error::KeyRejected(KeyReason::InvalidScalar));
        }
        Ok(JwkKey::$VP(private, public))
    }};
}
#[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
use ec_key;

struct HashSink(Sha256);

impl Sink for HashSink {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.0.update(bytes);
        Ok(())
    }
}

/// A key built from a JWK: any of the crate's key types, bound to one algorithm.
///
/// It verifies with [`JwsVerifier`]; private keys also sign, through [`as_signer`](Self::as_signer).
///
/// # Examples
///
/// ```
/// use tinyjose::{Jwk, JwsAlg, JwsVerifier};
///
/// let key = Jwk::parse(r#"{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"}"#)?
///     .to_key(Some(JwsAlg::Hs256))?;
/// assert_eq!(key.alg(), JwsAlg::Hs256);
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "no heap to box into; the size depends on the enabled key types"
)]
pub enum JwkKey {
    /// An HMAC secret.
    #[cfg(feature = "hs")]
    Hmac(crate::HmacKey),
    /// A P-256 public key.
    #[cfg(feature = "es256")]
    Es256(crate::Es256VerifyingKey),
    /// A P-256 private key and its public key.
    #[cfg(feature = "es256")]
    Es256Private(crate::Es256SigningKey, crate::Es256VerifyingKey),
    /// A P-384 public key.
    #[cfg(feature = "es384")]
    Es384(crate::Es384VerifyingKey),
    /// A P-384 private key and its public key.
    #[cfg(feature = "es384")]
    Es384Private(crate::Es384SigningKey, crate::Es384VerifyingKey),
    /// A P-521 public key.
    #[cfg(feature = "es512")]
    Es512(crate::Es512VerifyingKey),
    /// A P-521 private key and its public key.
    #[cfg(feature = "es512")]
    Es512Private(crate::Es512SigningKey, crate::Es512VerifyingKey),
    /// An Ed25519 public key.
    #[cfg(feature = "eddsa")]
    Ed25519(crate::Ed25519VerifyingKey),
    /// An Ed25519 private key and its public key.
    #[cfg(feature = "eddsa")]
    Ed25519Private(crate::Ed25519SigningKey, crate::Ed25519VerifyingKey),
    /// An RSA public key.
    #[cfg(feature = "rsa")]
    Rsa(crate::RsaVerifyingKey),
}

impl JwkKey {
    fn verifier(&self) -> &dyn JwsVerifier {
        #[cfg(not(any(
            feature = "hs",
            feature = "es256",
            feature = "es384",
            feature = "es512",
            feature = "eddsa",
            feature = "rsa"
        )))]
        match *self {}
        #[cfg(any(
            feature = "hs",
            feature = "es256",
            feature = "es384",
            feature = "es512",
            feature = "eddsa",
            feature = "rsa"
        ))]
        match self {
            #[cfg(feature = "hs")]
            Self::Hmac(k) => k,
            #[cfg(feature = "es256")]
            Self::Es256(k) | Self::Es256Private(_, k) => k,
            #[cfg(feature = "es384")]
            Self::Es384(k) | Self::Es384Private(_, k) => k,
            #[cfg(feature = "es512")]
            Self::Es512(k) | Self::Es512Private(_, k) => k,
            #[cfg(feature = "eddsa")]
            Self::Ed25519(k) | Self::Ed25519Private(_, k) => k,
            #[cfg(feature = "rsa")]
            Self::Rsa(k) => k,
        }
    }

    /// The signing side of a private or secret key; `None` for a public key.
    #[must_use]
    pub fn as_signer(&self) -> Option<&dyn JwsSigner> {
        match self {
            #[cfg(feature = "hs")]
            Self::Hmac(k) => Some(k),
            #[cfg(feature = "es256")]
            Self::Es256Private(k, _) => Some(k),
            #[cfg(feature = "es384")]
            Self::Es384Private(k, _) => Some(k),
            #[cfg(feature = "es512")]
            Self::Es512Private(k, _) => Some(k),
            #[cfg(feature = "eddsa")]
            Self::Ed25519Private(k, _) => Some(k),
            #[allow(unreachable_patterns, reason = "depends on the enabled features")]
            _ => None,
        }
    }

    /// Writes the public JWK of an asymmetric key into `out`, with the members RFC 7638 requires,
    /// in its order (so its SHA-256 is the thumbprint).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for an HMAC secret, which has no public form;
    /// [`Error::BufferTooSmall`] with the exact size needed.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{Es256SigningKey, JwkKey};
    ///
    /// let key = Es256SigningKey::from_bytes(&[1; 32])?;
    /// let mut out = [0u8; 128];
    /// let jwk = JwkKey::Es256(key.verifying_key()).public_jwk(&mut out)?;
    /// assert!(jwk.starts_with(r#"{"crv":"P-256","kty":"EC","x":""#));
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn public_jwk<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        self.write_to(out, false)
    }

    /// Writes the private JWK of an asymmetric private key into `out`: the public members and
    /// `d`, in lexicographic order.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for a public key or an HMAC secret (whose key state does not keep
    /// the secret); [`Error::BufferTooSmall`].
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{Es256SigningKey, Jwk, JwkKey};
    ///
    /// let key = Es256SigningKey::from_bytes(&[9; 32])?;
    /// let mut out = [0u8; 192];
    /// let json = JwkKey::Es256Private(key.clone(), key.verifying_key()).private_jwk(&mut out)?;
    /// assert!(json.starts_with(r#"{"crv":"P-256","d":"CQkJ"#));
    /// assert!(Jwk::parse(json)?.to_signing_key(None).is_ok());
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn private_jwk<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        if self.as_signer().is_none() || self.is_symmetric() {
            return Err(Error::KeyRejected(KeyReason::WrongUse));
        }
        self.write_to(out, true)
    }

    fn is_symmetric(&self) -> bool {
        #[cfg(feature = "hs")]
        if matches!(self, Self::Hmac(_)) {
            return true;
        }
        false
    }

    fn write_to<'o>(&self, out: &'o mut [u8], private: bool) -> Result<&'o str, Error> {
        write_json(out, |sink| self.write_jwk(sink, private))
    }

    /// The RFC 7638 SHA-256 thumbprint of an asymmetric key.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for an HMAC secret (use [`Jwk::thumbprint`]).
    pub fn thumbprint(&self) -> Result<[u8; 32], Error> {
        let mut hash = HashSink(Sha256::new());
        self.write_jwk(&mut hash, false)?;
        Ok(hash.0.finalize().into())
    }

    /// Writes the JWK members in lexicographic order (RFC 7638 §3.2 for the public ones), with
    /// `d` only when `private` and the key has one.
    #[cfg_attr(
        not(any(
            feature = "es256",
            feature = "es384",
            feature = "es512",
            feature = "eddsa"
        )),
        allow(unused_variables, reason = "no private key type is enabled")
    )]
    fn write_jwk(&self, sink: &mut dyn Sink, private: bool) -> Result<(), Error> {
        #[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
        fn ec(
            sink: &mut dyn Sink,
            crv: &str,
            d: Option<&[u8]>,
            (x, y): (&[u8], &[u8]),
        ) -> Result<(), Error> {
            sink.put(b"{\"crv\":\"")?;
            sink.put(crv.as_bytes())?;
            sink.put(b"\"")?;
            put_d(sink, d)?;
            sink.put(b",\"kty\":\"EC\",\"x\":\"")?;
            put_b64(sink, x)?;
            sink.put(b"\",\"y\":\"")?;
            put_b64(sink, y)?;
            sink.put(b"\"}")
        }
        macro_rules! ec_jwk {
            ($crv:literal, $public:expr, $private:expr) => {{
                let (x, y) = $public.coordinates();
                let d = $private.filter(|_| private).map(|k| k.to_bytes());
                ec(sink, $crv, d.as_ref().map(|d| &d[..]), (&x, &y))
            }};
        }
        match self {
            #[cfg(feature = "es256")]
            Self::Es256(k) => ec_jwk!("P-256", k, None::<&crate::Es256SigningKey>),
            #[cfg(feature = "es256")]
            Self::Es256Private(d, k) => ec_jwk!("P-256", k, Some(d)),
            #[cfg(feature = "es384")]
            Self::Es384(k) => ec_jwk!("P-384", k, None::<&crate::Es384SigningKey>),
            #[cfg(feature = "es384")]
            Self::Es384Private(d, k) => ec_jwk!("P-384", k, Some(d)),
            #[cfg(feature = "es512")]
            Self::Es512(k) => ec_jwk!("P-521", k, None::<&crate::Es512SigningKey>),
            #[cfg(feature = "es512")]
            Self::Es512Private(d, k) => ec_jwk!("P-521", k, Some(d)),
            #[cfg(feature = "eddsa")]
            Self::Ed25519(k) | Self::Ed25519Private(_, k) => {
                sink.put(b"{\"crv\":\"Ed25519\"")?;
                if let Self::Ed25519Private(d, _) = self
                    && private
                {
                    put_d(sink, Some(&d.to_bytes()[..]))?;
                }
                sink.put(b",\"kty\":\"OKP\",\"x\":\"")?;
                put_b64(sink, &k.to_bytes())?;
                sink.put(b"\"}")
            }
            #[cfg(feature = "rsa")]
            Self::Rsa(k) => {
                sink.put(b"{\"e\":\"")?;
                let e = k.e().to_be_bytes();
                put_b64(
                    sink,
                    e.get(e.iter().take_while(|&&b| b == 0).count()..)
                        .unwrap_or_default(),
                )?;
                sink.put(b"\",\"kty\":\"RSA\",\"n\":\"")?;
                put_b64(sink, k.n())?;
                sink.put(b"\"}")
            }
            #[allow(unreachable_patterns, reason = "depends on the enabled features")]
            _ => Err(Error::KeyRejected(KeyReason::WrongType)),
        }
    }
}

/// The key `jwk` makes for the selection's algorithm, when the selection admits it. With a
/// token `kid` (`by_kid`), the key it names that cannot serve the algorithm leaves its refusal in
/// `refused`.
fn admit(
    selection: &mut KeySelection<'_>,
    jwk: &Jwk<'_>,
    by_kid: bool,
    refused: &mut Option<Error>,
) -> Option<JwkKey> {
    let mut built = None;
    let admitted = selection.admits(
        |kid| jwk.has_kid(kid),
        |alg| match jwk.to_key(Some(alg)) {
            Ok(key) => {
                built = Some(key);
                true
            }
            Err(e) => {
                if by_kid {
                    *refused = Some(e);
                }
                false
            }
        },
    );
    built.filter(|_| admitted)
}

/// Writes the JSON that `write` produces into `out`, after counting it: nothing is written to a
/// buffer too small.
fn write_json(
    out: &mut [u8],
    write: impl Fn(&mut dyn Sink) -> Result<(), Error>,
) -> Result<&str, Error> {
    let mut count = json::CountSink::default();
    write(&mut count)?;
    if count.0 > out.len() {
        return Err(Error::BufferTooSmall { needed: count.0 });
    }
    let mut sink = json::SliceSink { buf: out, len: 0 };
    write(&mut sink)?;
    let len = sink.len;
    core::str::from_utf8(out.get(..len).unwrap_or_default())
        .map_err(|_| Error::BufferTooSmall { needed: len })
}

/// Writes `bytes` base64url-encoded, 48 bytes (64 characters) at a time.
#[cfg(any(
    feature = "es256",
    feature = "es384",
    feature = "es512",
    feature = "eddsa",
    feature = "rsa",
    feature = "ecdh-es"
))]
fn put_b64(sink: &mut dyn Sink, bytes: &[u8]) -> Result<(), Error> {
    let mut text = zeroize::Zeroizing::new([0u8; 64]);
    for chunk in bytes.chunks(48) {
        sink.put(b64::encode(chunk, &mut text[..])?.as_bytes())?;
    }
    Ok(())
}

/// Writes `,"d":"…"` when there is a private part to write.
#[cfg(any(
    feature = "es256",
    feature = "es384",
    feature = "es512",
    feature = "eddsa"
))]
fn put_d(sink: &mut dyn Sink, d: Option<&[u8]>) -> Result<(), Error> {
    if let Some(d) = d {
        sink.put(b",\"d\":\"")?;
        put_b64(sink, d)?;
        sink.put(b"\"")?;
    }
    Ok(())
}

impl JwsVerifier for JwkKey {
    fn alg(&self) -> JwsAlg {
        self.verifier().alg()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), Error> {
        self.verifier().verify(signing_input, signature)
    }
}

/// A JWK Set (RFC 7517 §5) held as JSON text, scanned without allocation when a key is needed.
///
/// [`parse`](Self::parse) refuses sets that invite confusion: two keys with the same `kid`, or
/// secret (`oct`) keys mixed with asymmetric keys (RFC 8725 §3.10).
///
/// # Examples
///
/// ```
/// use tinyjose::{JwkSet, UntrustedJws};
///
/// let set = JwkSet::parse(r#"{"keys":[
///   {"kty":"oct","kid":"a","alg":"HS256","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk"},
///   {"kty":"oct","kid":"b","alg":"HS256","k":"b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXItMzI"}]}"#)?;
/// let token = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImEifQ.aGk.-iLAG0SygUVDrnNrREQ0xkzqGAMJZ6Kg3b8Y9Ftt0_0";
/// let jws = UntrustedJws::parse(token)?;
/// let key = set.verifier_for(&jws)?;
/// let mut buf = [0u8; 2];
/// assert_eq!(jws.verify(&key, &mut buf)?.payload(), b"hi");
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct JwkSet<'a> {
    keys: json::Value<'a>,
    /// [`Limits::key_candidates`] of the limits it was parsed with.
    candidates: usize,
}

impl<'a> JwkSet<'a> {
    /// Parses a JWK Set with the default [`Limits`].
    ///
    /// # Errors
    ///
    /// [`Error::Json`] (with [`Part::Jwk`]) if it is not an object with a `keys` array of objects
    /// each with a string `kty`; [`Error::AmbiguousKey`] for a repeated `kid` or mixed secret and
    /// asymmetric keys; [`Error::LimitExceeded`].
    pub fn parse(json: &'a str) -> Result<Self, Error> {
        Self::parse_with_limits(json, &Limits::DEFAULT)
    }

    /// Parses a JWK Set with explicit [`Limits`].
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse).
    pub fn parse_with_limits(json: &'a str, limits: &Limits) -> Result<Self, Error> {
        let object = json::parse_object(json.as_bytes(), limits.json_depth, Part::Jwk)?;
        let keys = object
            .get("keys")
            .filter(|keys| keys.as_array().is_some())
            .ok_or(Error::Json(Part::Jwk))?;
        let set = Self {
            keys,
            candidates: limits.key_candidates,
        };
        let mut count = 0;
        let (mut symmetric, mut asymmetric) = (false, false);
        for (i, jwk) in set.iter().enumerate() {
            let jwk = jwk?;
            count += 1;
            if count > limits.jwks_keys {
                return Err(Error::LimitExceeded(Limit::JwksKeys));
            }
            if jwk.is_symmetric() {
                symmetric = true;
            } else {
                asymmetric = true;
            }
            let kid = jwk.str("kid")?;
            let same_kid = |other: &Jwk<'_>| {
                let theirs = other.str("kid").ok().flatten();
                kid.zip(theirs).is_some_and(|(a, b)| a.same_as(&b))
            };
            if set.iter().take(i).flatten().any(|other| same_kid(&other)) {
                return Err(Error::AmbiguousKey);
            }
        }
        if symmetric && asymmetric {
            return Err(Error::AmbiguousKey);
        }
        Ok(set)
    }

    /// The keys, in order.
    pub fn iter(&self) -> impl Iterator<Item = Result<Jwk<'a>, Error>> + 'a {
        self.keys.as_array().into_iter().flatten().map(|v| {
            v.as_object()
                .ok_or(Error::Json(Part::Jwk))
                .and_then(Jwk::from_object)
        })
    }

    /// The first key for a token with this `kid` and `alg`, by the one rule of every key set
    /// ([`KeySelection`]): with a `kid`, the key with exactly that `kid`, which must serve
    /// `alg`; without, the first key that serves `alg`. Prefer [`verify`](Self::verify), which
    /// tries each key the rule admits.
    ///
    /// # Errors
    ///
    /// [`Error::NoMatchingKey`]; for the key named by `kid`, the error of [`Jwk::to_key`] that
    /// refused it for `alg` ([`Error::AlgMismatch`], [`Error::KeyRejected`]).
    pub fn select(&self, kid: Option<&str>, alg: JwsAlg) -> Result<JwkKey, Error> {
        let mut selection = KeySelection::new(kid, alg, self.candidates);
        let mut refused = None;
        for jwk in self.iter().flatten() {
            if let Some(key) = admit(&mut selection, &jwk, kid.is_some(), &mut refused) {
                return Ok(key);
            }
        }
        Err(refused.unwrap_or_else(|| selection.error(None)))
    }

    /// Verifies `jws` with the keys the one rule admits ([`KeySelection`]), in order, and
    /// decodes the payload into `out` with the first that verifies: with a `kid`, the key with
    /// exactly that `kid`; without, each key that serves the token's `alg`, at most
    /// [`Limits::key_candidates`] of them.
    ///
    /// # Errors
    ///
    /// [`Error::BufferTooSmall`] (before any cryptography), [`Error::NoMatchingKey`], the refusal
    /// of the key named by `kid`, [`Error::InvalidSignature`] when no admitted key verifies.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{HeaderParams, HmacKey, JwkSet, UntrustedJws, sign};
    ///
    /// // Two keys without kid: the token is tried with each.
    /// let set = JwkSet::parse(r#"{"keys":[
    ///   {"kty":"oct","alg":"HS256","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
    ///   {"kty":"oct","alg":"HS256","k":"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE"}]}"#)?;
    /// let mut out = [0u8; 256];
    /// let token = sign(&HeaderParams::new(), b"hi", &HmacKey::hs256(&[1; 32])?, &mut out)?.to_owned();
    /// let jws = UntrustedJws::parse(&token)?;
    /// let mut buf = [0u8; 2];
    /// assert_eq!(set.verify(&jws, &mut buf)?.payload(), b"hi");
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn verify<'v>(
        &self,
        jws: &'v UntrustedJws<'_>,
        out: &'v mut [u8],
    ) -> Result<VerifiedJws<'v>, Error> {
        jws.check_buffer(out)?;
        let mut selection = KeySelection::new(jws.kid(), jws.alg(), self.candidates);
        let (mut refused, mut last) = (None, None);
        for jwk in self.iter().flatten() {
            let Some(key) = admit(&mut selection, &jwk, jws.kid().is_some(), &mut refused) else {
                continue;
            };
            match jws.check_signature(&key) {
                Ok(()) => return jws.decode_payload(out),
                Err(e) => last = Some(e),
            }
        }
        Err(last.or(refused).unwrap_or_else(|| selection.error(None)))
    }

    /// [`select`](Self::select) with the token's `kid` and `alg`.
    ///
    /// # Errors
    ///
    /// As [`select`](Self::select).
    pub fn verifier_for(&self, jws: &UntrustedJws<'_>) -> Result<JwkKey, Error> {
        self.select(jws.kid(), jws.alg())
    }
}
