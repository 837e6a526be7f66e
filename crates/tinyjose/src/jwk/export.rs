//! JWK export: public and private JWKs written into the caller's buffer, and RFC 7638
//! thumbprints.

use sha2::{Digest, Sha256};

use super::{Jwk, JwkKey};
use crate::json::{self, Sink};
use crate::{Error, KeyReason, b64};

impl Jwk<'_> {
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

/// The prefix of a SHA-256 JWK Thumbprint URI (RFC 9278 §3), before the base64url thumbprint.
pub const THUMBPRINT_URI_PREFIX: &str = "urn:ietf:params:oauth:jwk-thumbprint:sha-256:";

impl Jwk<'_> {
    /// The JWK Thumbprint URI of this key (RFC 9278 §3), written into `out` (89 bytes):
    /// `urn:ietf:params:oauth:jwk-thumbprint:sha-256:` and the SHA-256 thumbprint.
    ///
    /// # Errors
    ///
    /// As [`thumbprint`](Self::thumbprint), and [`Error::BufferTooSmall`].
    ///
    /// # Examples
    ///
    /// ```
    /// let jwk = tinyjose::Jwk::parse(r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#)?;
    /// let mut out = [0u8; 89];
    /// assert_eq!(jwk.thumbprint_uri(&mut out)?,
    ///     "urn:ietf:params:oauth:jwk-thumbprint:sha-256:kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn thumbprint_uri<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        const PREFIX: &[u8] = THUMBPRINT_URI_PREFIX.as_bytes();
        const NEEDED: usize = PREFIX.len() + 43;
        let out = out
            .get_mut(..NEEDED)
            .ok_or(Error::BufferTooSmall { needed: NEEDED })?;
        let (prefix, rest) = out.split_at_mut(PREFIX.len());
        prefix.copy_from_slice(PREFIX);
        self.thumbprint_b64(rest)?;
        core::str::from_utf8(out).map_err(|_| Error::Malformed(crate::Part::Jwk))
    }
}

struct HashSink(Sha256);

impl Sink for HashSink {
    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.0.update(bytes);
        Ok(())
    }
}

impl JwkKey {
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

/// Writes the JSON that `write` produces into `out`, after counting it: nothing is written to a
/// buffer too small.
pub(super) fn write_json(
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
pub(super) fn put_b64(sink: &mut dyn Sink, bytes: &[u8]) -> Result<(), Error> {
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
