//! JSON Web Keys (RFC 7517): a parsed [`Jwk`] and its policy checks (`use`, `key_ops`, `kty`,
//! `crv`). Building keys from it is in `import`, writing JWKs and thumbprints in `export`, sets
//! in `set`, JWE keys in `jwe_key`.

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

mod export;
mod import;
mod jwe_key;
mod key;
mod set;

pub use export::THUMBPRINT_URI_PREFIX;
#[cfg(feature = "ecdh-es")]
use export::put_b64;
pub use jwe_key::JweKey;
pub use key::JwkKey;
pub use set::JwkSet;

use crate::json::{self, Object, Str};
use crate::{Error, JwsAlg, KeyReason, Limits, Part, b64};

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

impl Jwk<'_> {
    /// Every operation RFC 7517 §4.3 registers for `key_ops`.
    pub const KEY_OPS: [&'static str; 8] = [
        "sign",
        "verify",
        "encrypt",
        "decrypt",
        "wrapKey",
        "unwrapKey",
        "deriveKey",
        "deriveBits",
    ];

    /// The `key_ops` of JWE key management: a JWE key may allow any of them, as the same key
    /// type both decrypts and encrypts.
    pub const KEY_MANAGEMENT_OPS: &'static [&'static str] = Self::KEY_OPS.split_at(2).1;
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

    pub(crate) fn from_object(object: Object<'a>) -> Result<Self, Error> {
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
        self.object.text()
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

    /// Whether the key's `kty` is `kty`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tinyjose::Jwk::parse(r#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#)?.has_kty("RSA"));
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    #[must_use]
    pub fn has_kty(&self, kty: &str) -> bool {
        self.kty.eq_str(kty)
    }

    /// Whether the key has the member `name` at all (`oth`, `d`, ...).
    ///
    /// # Examples
    ///
    /// ```
    /// let jwk = tinyjose::Jwk::parse(r#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#)?;
    /// assert!(jwk.has_member("e") && !jwk.has_member("d"));
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    #[must_use]
    pub fn has_member(&self, name: &str) -> bool {
        self.object.get(name).is_some()
    }

    /// The base64url member `name` (`n`, `d`, `p`, ...), decoded into `buf`; `None` if absent.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] if it is not a string; [`Error::Base64`] if it is not strict base64url;
    /// `KeyRejected(WrongLength)` if `buf` cannot hold it.
    ///
    /// # Examples
    ///
    /// ```
    /// let jwk = tinyjose::Jwk::parse(r#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#)?;
    /// assert_eq!(jwk.member("e", &mut [0; 8])?, Some(&[1, 0, 1][..]));
    /// assert_eq!(jwk.member("d", &mut [0; 8])?, None);
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn member<'b>(&self, name: &str, buf: &'b mut [u8]) -> Result<Option<&'b [u8]>, Error> {
        if self.str(name)?.is_none() {
            return Ok(None);
        }
        self.bytes(name, buf).map(Some)
    }

    /// Whether the key has a `kid` at all.
    #[must_use]
    pub fn kid_present(&self) -> bool {
        self.has_member("kid")
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

    /// The one check of `use` and `key_ops` (RFC 7517 §4.2, §4.3), for JWS and JWE keys of every
    /// type, here and in `tinyjose-std`: `use`, when present, must be `wanted_use`; `key_ops`,
    /// when present, must be distinct strings, one of them in `wanted_ops`.
    ///
    /// # Errors
    ///
    /// `KeyRejected(WrongUse)` for another `use` or `key_ops` without a wanted operation;
    /// `Json(Part::Jwk)` for a `key_ops` that is not a list of distinct strings.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{Error, Jwk, KeyReason, Part};
    ///
    /// let jwk = Jwk::parse(r#"{"kty":"RSA","use":"enc","key_ops":["unwrapKey"]}"#)?;
    /// assert_eq!(jwk.check_use("enc", &["decrypt", "unwrapKey"]), Ok(()));
    /// assert_eq!(jwk.check_use("sig", &["sign"]), Err(Error::KeyRejected(KeyReason::WrongUse)));
    /// let twice = Jwk::parse(r#"{"kty":"RSA","key_ops":["sign","sign"]}"#)?;
    /// assert_eq!(twice.check_use("sig", &["sign"]), Err(Error::Json(Part::Jwk)));
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn check_use(&self, wanted_use: &str, wanted_ops: &[&str]) -> Result<(), Error> {
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
                let slot = group.get_mut(n).ok_or(Error::Base64(Part::Jwk))?;
                *slot = u8::try_from(c).map_err(|_| Error::Base64(Part::Jwk))?;
                // At most 4, when the group is decoded and `n` starts again.
                n = n.saturating_add(1);
            }
            if n == 4 || (c.is_none() && n > 0) {
                let out = buf.get_mut(len..).unwrap_or_default();
                let decoded =
                    b64::decode_secret(group.get(..n).unwrap_or_default(), out, Part::Jwk)?;
                // Decoded inside `buf`, so the sum is at most its length.
                len = len.saturating_add(decoded.len());
                n = 0;
            }
            if c.is_none() {
                return Ok(buf.get(..len).unwrap_or_default());
            }
        }
    }

    /// Refuses a key whose `kty` (and `crv`, when given) is not the one an algorithm needs.
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
}
