//! JWKs as JWE keys (RFC 7517 with RFC 7518 §4, §6.4; RFC 8037 §3.2): `oct` keys for `dir`,
//! AES key wrap and AES-GCM key wrap, EC and OKP keys for ECDH-ES.

use rand_core::CryptoRng;

use super::{Jwk, JwkSet};
use crate::{
    Enc, Error, JweAlg, JweDecrypter, JweEncrypter, KeyParams, KeyReason, NewKeyParams,
    UntrustedJwe,
};

/// A JWE key built from a JWK, bound to one `alg`.
///
/// It decrypts with [`JweDecrypter`] (private and secret keys) and encrypts with
/// [`JweEncrypter`] (every key).
///
/// # Examples
///
/// ```
/// use tinyjose::{Jwk, JweAlg, JweDecrypter};
///
/// let jwk = Jwk::parse(r#"{"kty":"oct","alg":"dir","use":"enc","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#)?;
/// assert_eq!(JweDecrypter::alg(&jwk.to_jwe_key(None)?), JweAlg::Dir);
/// # Ok::<(), tinyjose::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "no heap to box into; the size depends on the enabled key types"
)]
pub enum JweKey {
    /// A shared key used as the CEK (`dir`).
    Direct(crate::DirectKey),
    /// An AES key-wrapping key (`A128KW`, `A192KW`, `A256KW`).
    #[cfg(feature = "aes-kw")]
    AesKw(crate::AesKwKey),
    /// An AES-GCM key-wrapping key (`A128GCMKW`, `A192GCMKW`, `A256GCMKW`).
    #[cfg(feature = "aes-gcm-kw")]
    AesGcmKw(crate::AesGcmKwKey),
    /// An ECDH-ES private key and its public key: it decrypts, and encrypts to itself.
    #[cfg(feature = "ecdh-es")]
    EcdhEsPrivate(crate::EcdhEsPrivateKey, crate::EcdhEsPublicKey<'static>),
    /// An ECDH-ES public key: it only encrypts.
    #[cfg(feature = "ecdh-es")]
    EcdhEsPublic(crate::EcdhEsPublicKey<'static>),
}

impl JweKey {
    fn encrypter(&self) -> &dyn JweEncrypter {
        match self {
            Self::Direct(k) => k,
            #[cfg(feature = "aes-kw")]
            Self::AesKw(k) => k,
            #[cfg(feature = "aes-gcm-kw")]
            Self::AesGcmKw(k) => k,
            #[cfg(feature = "ecdh-es")]
            Self::EcdhEsPrivate(_, k) | Self::EcdhEsPublic(k) => k,
        }
    }

    /// Whether this key can decrypt: secret and private keys can, public keys cannot.
    #[must_use]
    pub fn can_decrypt(&self) -> bool {
        match self {
            #[cfg(feature = "ecdh-es")]
            Self::EcdhEsPublic(_) => false,
            _ => true,
        }
    }

    /// Writes the public JWK of an ECDH-ES key into `out`: `crv`, `kty`, `x` and (P-256, P-384)
    /// `y`, in lexicographic order (RFC 7638 §3.2).
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] ([`KeyReason::WrongType`]) for a secret key;
    /// [`Error::BufferTooSmall`].
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::jwe::EcdhEsPrivateKey;
    /// use tinyjose::{JweAlg, JweKey, Jwk};
    ///
    /// let private = EcdhEsPrivateKey::x25519(JweAlg::EcdhEs, &[7; 32])?;
    /// let key = JweKey::EcdhEsPrivate(private.clone(), private.public_key());
    /// let mut out = [0u8; 160];
    /// assert!(key.public_jwk(&mut out)?.starts_with(r#"{"crv":"X25519","kty":"OKP","x":""#));
    /// let json = key.private_jwk(&mut out)?;
    /// assert!(json.starts_with(r#"{"crv":"X25519","d":"BwcH"#));
    /// assert!(Jwk::parse(json)?.to_jwe_key(Some(JweAlg::EcdhEs))?.can_decrypt());
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    #[cfg(feature = "ecdh-es")]
    pub fn public_jwk<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        super::export::write_json(out, |sink| self.write_jwk(sink, false))
    }

    /// Writes the private JWK of an ECDH-ES private key into `out`: the public members and `d`,
    /// in lexicographic order. Wipe `out` when done with it.
    ///
    /// # Errors
    ///
    /// [`Error::KeyRejected`] for a public key ([`KeyReason::WrongUse`]) or a secret key
    /// ([`KeyReason::WrongType`]); [`Error::BufferTooSmall`].
    ///
    /// # Examples
    ///
    /// See [`public_jwk`](Self::public_jwk).
    #[cfg(feature = "ecdh-es")]
    pub fn private_jwk<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        super::export::write_json(out, |sink| self.write_jwk(sink, true))
    }

    #[cfg(feature = "ecdh-es")]
    fn write_jwk(&self, sink: &mut dyn crate::json::Sink, private: bool) -> Result<(), Error> {
        let (public, d) = match self {
            Self::EcdhEsPrivate(key, public) => (public, Some(key.d())),
            Self::EcdhEsPublic(public) => (public, None),
            _ => return Err(Error::KeyRejected(KeyReason::WrongType)),
        };
        let member = |sink: &mut dyn crate::json::Sink, name: &[u8], bytes: &[u8]| {
            sink.put(b",\"")?;
            sink.put(name)?;
            sink.put(b"\":\"")?;
            super::put_b64(sink, bytes)?;
            sink.put(b"\"")
        };
        sink.put(b"{\"crv\":\"")?;
        sink.put(public.crv().as_bytes())?;
        sink.put(b"\"")?;
        if private {
            member(
                sink,
                b"d",
                d.ok_or(Error::KeyRejected(KeyReason::WrongUse))?,
            )?;
        }
        sink.put(b",\"kty\":\"")?;
        sink.put(public.kty().as_bytes())?;
        sink.put(b"\"")?;
        member(sink, b"x", public.x())?;
        if let Some(y) = public.y() {
            member(sink, b"y", y)?;
        }
        sink.put(b"}")
    }
}

impl JweDecrypter for JweKey {
    fn alg(&self) -> JweAlg {
        self.encrypter().alg()
    }

    fn enc(&self) -> Option<Enc> {
        match self {
            Self::Direct(k) => JweDecrypter::enc(k),
            #[allow(unreachable_patterns, reason = "the other variants depend on features")]
            _ => None,
        }
    }

    fn decrypt_cek(
        &self,
        params: &KeyParams<'_>,
        encrypted_key: &[u8],
        cek: &mut [u8],
    ) -> Result<(), Error> {
        let decrypter: &dyn JweDecrypter = match self {
            Self::Direct(k) => k,
            #[cfg(feature = "aes-kw")]
            Self::AesKw(k) => k,
            #[cfg(feature = "aes-gcm-kw")]
            Self::AesGcmKw(k) => k,
            #[cfg(feature = "ecdh-es")]
            Self::EcdhEsPrivate(k, _) => k,
            #[cfg(feature = "ecdh-es")]
            Self::EcdhEsPublic(_) => return Err(Error::KeyRejected(KeyReason::WrongUse)),
        };
        decrypter.decrypt_cek(params, encrypted_key, cek)
    }
}

impl JweEncrypter for JweKey {
    fn alg(&self) -> JweAlg {
        JweDecrypter::alg(self)
    }

    fn encrypted_key_len(&self, enc: Enc) -> usize {
        self.encrypter().encrypted_key_len(enc)
    }

    fn encrypt_cek<'k>(
        &'k self,
        enc: Enc,
        rng: &mut dyn CryptoRng,
        cek: &mut [u8],
        params: &mut NewKeyParams<'k>,
        encrypted_key: &mut [u8],
    ) -> Result<usize, Error> {
        self.encrypter()
            .encrypt_cek(enc, rng, cek, params, encrypted_key)
    }

    fn params_shape(&self) -> NewKeyParams<'_> {
        self.encrypter().params_shape()
    }
}

impl Jwk<'_> {
    /// Builds the JWE key for `alg` (or the `alg` the JWK itself names; one of the two is
    /// required, and both given must agree), checking the key policy: `use` must be `enc` when
    /// present, `key_ops` must allow an encryption operation, and `kty`/`crv` must fit the
    /// algorithm. A key marked for signatures never decrypts.
    ///
    /// `oct` keys serve `dir`, `A*KW` and `A*GCMKW`; `EC` (P-256, P-384) and `OKP` (X25519) keys
    /// serve the ECDH-ES algorithms. RSA-OAEP keys are built by `tinyjose-std`.
    ///
    /// # Errors
    ///
    /// [`Error::AlgMismatch`], [`Error::KeyRejected`] (policy or key material),
    /// [`Error::UnsupportedAlg`] for an algorithm not enabled in this build.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{Error, Jwk};
    ///
    /// let signing = Jwk::parse(r#"{"kty":"oct","use":"sig","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#)?;
    /// assert_eq!(
    ///     signing.to_jwe_key(Some(tinyjose::JweAlg::Dir)).unwrap_err(),
    ///     Error::KeyRejected(tinyjose::KeyReason::WrongUse)
    /// );
    /// # Ok::<(), Error>(())
    /// ```
    pub fn to_jwe_key(&self, alg: Option<JweAlg>) -> Result<JweKey, Error> {
        // A `dir` key may name the `enc` it is for as its `alg` (RFC 7520 §5.6); it is then
        // bound to that `enc`.
        let mut own_enc = None;
        let own = self
            .str("alg")?
            .map(|s| {
                JweAlg::ALL
                    .into_iter()
                    .find(|a| s.eq_str(a.name()))
                    .or_else(|| {
                        own_enc = Enc::ALL.iter().copied().find(|e| s.eq_str(e.name()));
                        own_enc.map(|_| JweAlg::Dir)
                    })
                    .ok_or(Error::KeyRejected(KeyReason::NoAlg))
            })
            .transpose()?;
        let alg = match (own, alg) {
            (Some(own), Some(asked)) if own != asked => return Err(Error::AlgMismatch),
            (Some(a), _) | (None, Some(a)) => a,
            (None, None) => return Err(Error::KeyRejected(KeyReason::NoAlg)),
        };
        // Any key management operation: this key type both decrypts and encrypts.
        self.check_use("enc", Self::KEY_MANAGEMENT_OPS)?;
        match alg {
            JweAlg::Dir => self.build_oct(|k| {
                match own_enc {
                    Some(enc) => crate::DirectKey::for_enc(k, enc),
                    None => crate::DirectKey::new(k),
                }
                .map(JweKey::Direct)
            }),
            #[cfg(feature = "aes-kw")]
            JweAlg::A128Kw | JweAlg::A192Kw | JweAlg::A256Kw => {
                self.build_oct(|k| crate::AesKwKey::new(alg, k).map(JweKey::AesKw))
            }
            #[cfg(feature = "aes-gcm-kw")]
            JweAlg::A128GcmKw | JweAlg::A192GcmKw | JweAlg::A256GcmKw => {
                self.build_oct(|k| crate::AesGcmKwKey::new(alg, k).map(JweKey::AesGcmKw))
            }
            #[cfg(feature = "ecdh-es")]
            alg if alg.is_ecdh_es() => self.build_ecdh_es(alg),
            _ => Err(Error::UnsupportedAlg),
        }
    }

    /// Builds an `oct` key from its secret with `make`; the secret is wiped after.
    #[inline(never)]
    fn build_oct(
        &self,
        make: impl FnOnce(&[u8]) -> Result<JweKey, Error>,
    ) -> Result<JweKey, Error> {
        self.check_kty_crv("oct", None)?;
        let mut secret = zeroize::Zeroizing::new([0u8; 64]);
        make(self.bytes("k", &mut secret[..])?)
    }

    #[cfg(feature = "ecdh-es")]
    #[inline(never)]
    fn build_ecdh_es(&self, alg: JweAlg) -> Result<JweKey, Error> {
        use crate::{EcdhEsPrivateKey, EcdhEsPublicKey};
        let (mut x, mut y, mut d) = ([0u8; 48], [0u8; 48], zeroize::Zeroizing::new([0u8; 48]));
        let crv = self
            .str("crv")?
            .ok_or(Error::KeyRejected(KeyReason::Material))?;
        let public = if crv.eq_str("X25519") {
            self.check_kty_crv("OKP", Some("X25519"))?;
            EcdhEsPublicKey::x25519(alg, self.bytes("x", &mut x)?)?
        } else if crv.eq_str("P-256") {
            self.check_kty_crv("EC", Some("P-256"))?;
            EcdhEsPublicKey::p256(alg, self.bytes("x", &mut x)?, self.bytes("y", &mut y)?)?
        } else if crv.eq_str("P-384") {
            self.check_kty_crv("EC", Some("P-384"))?;
            EcdhEsPublicKey::p384(alg, self.bytes("x", &mut x)?, self.bytes("y", &mut y)?)?
        } else {
            return Err(Error::KeyRejected(KeyReason::WrongType));
        };
        if self.object.get("d").is_none() {
            return Ok(JweKey::EcdhEsPublic(public));
        }
        let d = self.bytes("d", &mut d[..])?;
        let private = if crv.eq_str("X25519") {
            EcdhEsPrivateKey::x25519(alg, d)?
        } else if crv.eq_str("P-256") {
            EcdhEsPrivateKey::p256(alg, d)?
        } else {
            EcdhEsPrivateKey::p384(alg, d)?
        };
        if private.public_key() != public {
            return Err(Error::KeyRejected(KeyReason::InvalidScalar));
        }
        Ok(JweKey::EcdhEsPrivate(private, public))
    }
}

impl JwkSet<'_> {
    /// Finds the one key that can decrypt `jwe`: by its `kid` when it has one, else the one key
    /// of the set that fits its `alg`.
    ///
    /// # Errors
    ///
    /// [`Error::NoMatchingKey`]; [`Error::AmbiguousKey`] when, with no `kid`, several keys fit;
    /// the errors of [`Jwk::to_jwe_key`] for the key named by `kid`.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{JwkSet, UntrustedJwe};
    ///
    /// let set = JwkSet::parse(r#"{"keys":[{"kty":"oct","kid":"a","alg":"dir","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}]}"#)?;
    /// // {"alg":"dir","enc":"A256GCM","kid":"a"}
    /// let jwe = UntrustedJwe::parse("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwia2lkIjoiYSJ9..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA")?;
    /// assert!(set.jwe_key_for(&jwe).is_ok());
    /// # Ok::<(), tinyjose::Error>(())
    /// ```
    pub fn jwe_key_for(&self, jwe: &UntrustedJwe<'_>) -> Result<JweKey, Error> {
        let alg = jwe.header().alg();
        self.select_jwe(jwe, |jwk| {
            let key = jwk.to_jwe_key(Some(alg))?;
            Ok(key.can_decrypt().then_some(key))
        })
    }

    /// The one rule that chooses a JWE key of a set, for keys of any type: the key named by
    /// the token's `kid` (which `build` must admit), else the one key `build` admits. `build`
    /// makes the key of a JWK for the token's `alg`, `Ok(None)` when it cannot decrypt.
    /// [`jwe_key_for`](Self::jwe_key_for) builds the core's keys with it; `tinyjose-std` builds
    /// RSA-OAEP keys too.
    ///
    /// # Errors
    ///
    /// [`Error::NoMatchingKey`]; [`Error::AmbiguousKey`] when, with no `kid`, several keys fit;
    /// the error of `build` for the key named by `kid`.
    ///
    /// # Examples
    ///
    /// See [`jwe_key_for`](Self::jwe_key_for).
    pub fn select_jwe<T>(
        &self,
        jwe: &UntrustedJwe<'_>,
        mut build: impl FnMut(&Jwk<'_>) -> Result<Option<T>, Error>,
    ) -> Result<T, Error> {
        if let Some(kid) = jwe.header().kid() {
            let jwk = self
                .iter()
                .flatten()
                .find(|k| k.has_kid(kid))
                .ok_or(Error::NoMatchingKey)?;
            return build(&jwk)?.ok_or(Error::NoMatchingKey);
        }
        let mut found = self
            .iter()
            .flatten()
            .filter_map(|k| build(&k).ok().flatten());
        let key = found.next().ok_or(Error::NoMatchingKey)?;
        if found.next().is_some() {
            return Err(Error::AmbiguousKey);
        }
        Ok(key)
    }
}
