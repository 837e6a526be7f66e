//! [`EncryptionKey`]: one owned JWE key of any key management algorithm, from a JWK, PEM, DER, a
//! secret or password, or the operating system's randomness, with its roles and JWK forms.

use core::fmt;

use base64ct::{Base64UrlUnpadded, Encoding};
use tinyjose::{
    AesGcmKwKey, AesKwKey, ContentEncryption, DirectKey, EcdhEsPublicKey, Error as Jose,
    HeaderParams, JweAlg, JweDecrypter, JweEncrypter, JweKey, Jwk, JwkSet, KeyReason, Pbes2Key,
    UntrustedJwe,
};
use zeroize::Zeroizing;

use crate::signature_key::{DEFAULT_RSA_BITS, kid_of};
use crate::{Result, RsaOaepKey, RsaOaepPublicKey};

/// What an [`EncryptionKey`] holds.
#[derive(Clone)]
enum Inner {
    /// `dir`, `A*KW`, `A*GCMKW` and ECDH-ES keys, as the core builds them.
    Core(JweKey),
    /// A PBES2 password.
    Pbes2(Pbes2Key),
    /// An RSA-OAEP private key (it also encrypts).
    RsaPrivate(Box<RsaOaepKey>),
    /// An RSA-OAEP public key.
    RsaPublic(Box<RsaOaepPublicKey>),
}

/// A JWE key bound to one key management algorithm: it encrypts, and decrypts when it holds a
/// secret, a password or a private key. Every algorithm the project supports (`dir`, `A*KW`,
/// `A*GCMKW`, ECDH-ES on P-256, P-384 and X25519, RSA-OAEP, PBES2) behind one type.
///
/// # Examples
///
/// ```
/// use tinyjose::{A256GCM, HeaderParams, JweAlg};
/// use tinyjose_std::{EncryptionKey, decrypt_to_vec};
///
/// let key = EncryptionKey::generate(JweAlg::EcdhEsA128Kw, Some("X25519"), None)?;
/// let public = EncryptionKey::from_jwk(&key.public_jwk()?, Some(JweAlg::EcdhEsA128Kw))?;
/// assert!(public.decrypter().is_none());
/// let token = public.encrypt(&HeaderParams::new(), b"hi", A256GCM, false)?;
/// let decrypted = decrypt_to_vec(&token, key.decrypter().unwrap(), &[A256GCM])?;
/// assert_eq!(decrypted.plaintext, b"hi");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
#[derive(Clone)]
pub struct EncryptionKey {
    inner: Inner,
    /// The secret of a `dir`, `A*KW` or `A*GCMKW` key or the PBES2 password, kept to export it.
    secret: Option<Zeroizing<Vec<u8>>>,
    kid: Option<String>,
    /// ECDH-ES `apu` and `apv` for the tokens this key encrypts.
    party: Option<(Vec<u8>, Vec<u8>)>,
}

impl fmt::Debug for EncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptionKey")
            .field("alg", &self.alg())
            .field("kid", &self.kid)
            .field("decrypts", &self.decrypter().is_some())
            .finish_non_exhaustive()
    }
}

impl EncryptionKey {
    /// A key from a JWK's JSON text, bound to `alg` or the JWK's own `alg` (both given must
    /// agree; a `dir` key may name its `enc` as its `alg`, RFC 7520 §5.6): `oct` keys for `dir`,
    /// `A*KW`, `A*GCMKW` and PBES2 (the password), `EC`/`OKP` keys for ECDH-ES, `RSA` keys for
    /// RSA-OAEP. The JWK's `kid` is kept; `use` must be `enc` and `key_ops` must allow key
    /// management when present.
    ///
    /// # Errors
    ///
    /// The core's JWK errors ([`tinyjose::Jwk::to_jwe_key`]): `KeyRejected(NoAlg)` when neither
    /// names an algorithm, `AlgMismatch`, `alg_rsa1_5`; [`Error::Key`](crate::Error::Key) for RSA
    /// keys that do not load.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JweAlg;
    ///
    /// let jwk = r#"{"kty":"oct","kid":"k1","alg":"A128KW","k":"GawgguFyGrWKav7AX4VKUg"}"#;
    /// let key = tinyjose_std::EncryptionKey::from_jwk(jwk, None)?;
    /// assert_eq!((key.alg(), key.kid()), (JweAlg::A128Kw, Some("k1")));
    /// let rsa1_5 = r#"{"kty":"oct","alg":"RSA1_5","k":"GawgguFyGrWKav7AX4VKUg"}"#;
    /// assert_eq!(tinyjose_std::EncryptionKey::from_jwk(rsa1_5, None).unwrap_err().code(), "alg_rsa1_5");
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_jwk(json: &str, alg: Option<JweAlg>) -> Result<Self> {
        let jwk = Jwk::parse(json)?;
        let mut key = Self::from_parsed_jwk(&jwk, alg)?;
        key.kid = kid_of(&jwk)?;
        Ok(key)
    }

    fn from_parsed_jwk(jwk: &Jwk<'_>, asked: Option<JweAlg>) -> Result<Self> {
        let mut buf = [0u8; 32];
        let own = match jwk.alg(&mut buf) {
            Ok(Some(name)) => match JweAlg::from_name(name) {
                Err(Jose::AlgRsa1_5) => return Err(Jose::AlgRsa1_5.into()),
                own => own.ok(),
            },
            _ => None,
        };
        let alg = asked.or(own);
        if let Some(alg) = alg.filter(|a| a.is_pbes2()) {
            if own.is_some_and(|own| own != alg) {
                return Err(Jose::AlgMismatch.into());
            }
            jwk.check_use("enc", Jwk::KEY_MANAGEMENT_OPS)?;
            let mut password = Zeroizing::new([0u8; 256]);
            return Self::from_secret(jwk.secret(&mut password[..])?, alg);
        }
        let rsa = |alg| -> Result<Inner> {
            Ok(if jwk.is_private() {
                Inner::RsaPrivate(Box::new(RsaOaepKey::from_jwk(jwk.json(), alg)?))
            } else {
                Inner::RsaPublic(Box::new(RsaOaepPublicKey::from_jwk(jwk.json(), alg)?))
            })
        };
        let inner = match asked {
            Some(JweAlg::RsaOaep | JweAlg::RsaOaep256) => rsa(asked)?,
            // The core builds every other JWK key and says `UnsupportedAlg` for RSA-OAEP, once
            // the JWK has passed its checks.
            _ => match jwk.to_jwe_key(asked) {
                Ok(key) => Inner::Core(key),
                Err(Jose::UnsupportedAlg) if asked.is_none() => rsa(None)?,
                Err(e) => return Err(e.into()),
            },
        };
        let secret = if jwk.is_symmetric() {
            let mut buf = Zeroizing::new([0u8; 64]);
            Some(Zeroizing::new(jwk.secret(&mut buf[..])?.to_vec()))
        } else {
            None
        };
        Ok(Self::new(inner, secret))
    }

    /// Every key of a JWK Set that can decrypt, each bound to each key management algorithm it
    /// serves (its own `alg`, else every one its type and size admit; PBES2 aside), with its
    /// `kid`: the keys to try on a JSON serialization, whose recipients each name their `alg`
    /// and perhaps a `kid` ([`decrypt_json_with_keys`](crate::decrypt_json_with_keys)).
    ///
    /// # Errors
    ///
    /// The errors of [`JwkSet::parse`].
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JweAlg;
    /// use tinyjose_std::EncryptionKey;
    ///
    /// let jwks = r#"{"keys":[{"kty":"oct","kid":"a","alg":"A128KW","k":"GawgguFyGrWKav7AX4VKUg"}]}"#;
    /// let keys = EncryptionKey::from_jwks_all(jwks)?;
    /// assert_eq!(keys.len(), 1);
    /// assert_eq!((keys[0].alg(), keys[0].kid()), (JweAlg::A128Kw, Some("a")));
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_jwks_all(json: &str) -> Result<Vec<Self>> {
        let set = JwkSet::parse(json)?;
        let mut keys = Vec::new();
        for jwk in set.iter() {
            let jwk = jwk?;
            for alg in JweAlg::ALL.into_iter().filter(|a| !a.is_pbes2()) {
                let Ok(mut key) = Self::from_parsed_jwk(&jwk, Some(alg)) else {
                    continue;
                };
                if key.decrypter().is_some() {
                    key.kid = kid_of(&jwk)?;
                    keys.push(key);
                }
            }
        }
        Ok(keys)
    }

    /// The key of a JWK Set that decrypts `jwe`, by the core's rule
    /// ([`JwkSet::select_jwe`]): the key named by the token's `kid`, else the one key that fits
    /// its `alg` and can decrypt; RSA-OAEP keys included.
    ///
    /// # Errors
    ///
    /// `NoMatchingKey`, `AmbiguousKey`, and the errors of [`from_jwk`](Self::from_jwk) for the
    /// key the `kid` names.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{A128GCM, HeaderParams, JweAlg, UntrustedJwe};
    /// use tinyjose_std::EncryptionKey;
    ///
    /// let jwks = r#"{"keys":[{"kty":"oct","kid":"a","alg":"A128KW","k":"GawgguFyGrWKav7AX4VKUg"}]}"#;
    /// let key = EncryptionKey::from_jwk(r#"{"kty":"oct","alg":"A128KW","k":"GawgguFyGrWKav7AX4VKUg"}"#, None)?;
    /// let token = key.encrypt(&HeaderParams::new().kid("a"), b"hi", A128GCM, false)?;
    /// let chosen = EncryptionKey::from_jwks_for(jwks, &UntrustedJwe::parse(&token)?)?;
    /// assert_eq!(chosen.kid(), Some("a"));
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_jwks_for(json: &str, jwe: &UntrustedJwe<'_>) -> Result<Self> {
        let set = JwkSet::parse(json)?;
        let mut failure = None;
        let found = set.select_jwe(jwe, |jwk| {
            let key = Self::from_parsed_jwk(jwk, Some(jwe.header().alg())).and_then(|mut key| {
                key.kid = kid_of(jwk)?;
                Ok(key)
            });
            key.map_err(|e| {
                let code = match &e {
                    crate::Error::Jose(e) => *e,
                    _ => Jose::KeyRejected(KeyReason::Material),
                };
                failure = Some(e);
                code
            })
            .map(|key| key.decrypter().is_some().then_some(key))
        });
        match found {
            Ok(key) => Ok(key),
            // The key named by `kid` failed to load: say why, with this crate's message.
            Err(e) => Err(failure
                .filter(|_| jwe.header().kid().is_some())
                .unwrap_or(e.into())),
        }
    }

    /// A key from PEM text for `alg`: an ECDH-ES key on P-256, P-384 or X25519 (SPKI, PKCS#8,
    /// SEC1), or an RSA-OAEP key (SPKI, PKCS#8, PKCS#1); private when the text holds one.
    ///
    /// # Errors
    ///
    /// `Unsupported` for an algorithm whose key is a secret (`dir`, `A*KW`, `A*GCMKW`, PBES2);
    /// the loaders' errors
    /// ([`ecdh_es_key_from_pem`](crate::ecdh_es_key_from_pem), [`RsaOaepKey::from_pem`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JweAlg;
    ///
    /// let pem = include_str!("../tests/data/keys/rsa.spki.pem");
    /// let key = tinyjose_std::EncryptionKey::from_pem(pem, JweAlg::RsaOaep256)?;
    /// assert!(key.decrypter().is_none());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_pem(pem: &str, alg: JweAlg) -> Result<Self> {
        if alg.is_ecdh_es() {
            return Ok(Self::new(
                Inner::Core(crate::ecdh_es_key_from_pem(pem, alg)?),
                None,
            ));
        }
        Self::rsa(
            alg,
            || RsaOaepKey::from_pem(pem, alg),
            || RsaOaepPublicKey::from_pem(pem, alg),
        )
    }

    /// A key from DER bytes, as [`from_pem`](Self::from_pem).
    ///
    /// # Errors
    ///
    /// As [`from_pem`](Self::from_pem).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JweAlg;
    ///
    /// let der = include_bytes!("../tests/data/keys/p256.pkcs8.der");
    /// let key = tinyjose_std::EncryptionKey::from_der(der, JweAlg::EcdhEs)?;
    /// assert!(key.decrypter().is_some());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_der(der: &[u8], alg: JweAlg) -> Result<Self> {
        if alg.is_ecdh_es() {
            return Ok(Self::new(
                Inner::Core(crate::ecdh_es_key_from_der(der, alg)?),
                None,
            ));
        }
        Self::rsa(
            alg,
            || RsaOaepKey::from_der(der, alg),
            || RsaOaepPublicKey::from_der(der, alg),
        )
    }

    /// An RSA-OAEP key: the private key if it loads, else the public key.
    fn rsa(
        alg: JweAlg,
        private: impl FnOnce() -> Result<RsaOaepKey>,
        public: impl FnOnce() -> Result<RsaOaepPublicKey>,
    ) -> Result<Self> {
        if !matches!(alg, JweAlg::RsaOaep | JweAlg::RsaOaep256) {
            return Err(Jose::Unsupported.into());
        }
        let inner = match private() {
            Ok(key) => Inner::RsaPrivate(Box::new(key)),
            Err(e) => Inner::RsaPublic(Box::new(public().map_err(|_| e)?)),
        };
        Ok(Self::new(inner, None))
    }

    /// A key from secret bytes for `alg`: the content encryption key itself for `dir`, a
    /// key-wrapping key for `A*KW` and `A*GCMKW`, a password for PBES2.
    ///
    /// # Errors
    ///
    /// `KeyRejected(WrongType)` for an algorithm that takes a public or private key;
    /// `KeyRejected` for a length that does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JweAlg;
    ///
    /// let key = tinyjose_std::EncryptionKey::from_secret(b"correct horse", JweAlg::Pbes2Hs256A128Kw)?;
    /// assert!(key.is_secret());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_secret(secret: &[u8], alg: JweAlg) -> Result<Self> {
        let inner = match alg {
            JweAlg::Dir => Inner::Core(JweKey::Direct(DirectKey::new(secret)?)),
            JweAlg::A128Kw | JweAlg::A192Kw | JweAlg::A256Kw => {
                Inner::Core(JweKey::AesKw(AesKwKey::new(alg, secret)?))
            }
            JweAlg::A128GcmKw | JweAlg::A192GcmKw | JweAlg::A256GcmKw => {
                Inner::Core(JweKey::AesGcmKw(AesGcmKwKey::new(alg, secret)?))
            }
            alg if alg.is_pbes2() => Inner::Pbes2(Pbes2Key::new(alg, secret)?),
            _ => return Err(Jose::KeyRejected(KeyReason::WrongType).into()),
        };
        Ok(Self::new(inner, Some(Zeroizing::new(secret.to_vec()))))
    }

    /// A new key for `alg`, from the operating system's randomness: a `dir` key of `bits` (256
    /// by default; 128, 192, 256, 384 or 512, the key size of its `enc`), an `A*KW` or
    /// `A*GCMKW` key of the algorithm's size, an ECDH-ES key on `crv` (`P-256` by default,
    /// `P-384` or `X25519`), or an RSA-OAEP key of `bits` (2048 by default, 3072 or 4096).
    ///
    /// # Errors
    ///
    /// `Unsupported` for a curve or size this does not make (an RSA modulus other than 2048, 3072
    /// or 4096 bits included), or PBES2 (whose key is a password, chosen by a person);
    /// [`Error::Key`](crate::Error::Key) if the operating system gives no randomness.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JweAlg;
    /// use tinyjose_std::EncryptionKey;
    ///
    /// let key = EncryptionKey::generate(JweAlg::Dir, None, Some(128))?;
    /// assert!(key.private_jwk()?.starts_with(r#"{"k":""#));
    /// assert_eq!(EncryptionKey::generate(JweAlg::A128Kw, None, Some(256)).unwrap_err().code(), "unsupported");
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn generate(alg: JweAlg, crv: Option<&str>, bits: Option<usize>) -> Result<Self> {
        let unsupported = || Err(Jose::Unsupported.into());
        if crv.is_some() && !alg.is_ecdh_es() {
            return unsupported();
        }
        match alg {
            JweAlg::RsaOaep | JweAlg::RsaOaep256 => {
                let bits = bits.unwrap_or(DEFAULT_RSA_BITS);
                let key = RsaOaepKey::generate(alg, bits)?;
                Ok(Self::new(Inner::RsaPrivate(Box::new(key)), None))
            }
            alg if alg.is_ecdh_es() => {
                if bits.is_some() {
                    return unsupported();
                }
                let key = crate::generate_ecdh_es_key(alg, crv.unwrap_or("P-256"))?;
                Ok(Self::new(Inner::Core(key), None))
            }
            alg if alg.is_pbes2() => unsupported(),
            JweAlg::Dir => match bits.unwrap_or(256) {
                bits @ (128 | 192 | 256 | 384 | 512) => {
                    Self::from_secret(&crate::generate_secret(bits / 8)?, alg)
                }
                _ => unsupported(),
            },
            alg => {
                let len = alg.key_len().ok_or(Jose::UnsupportedAlg)?;
                if bits.is_some_and(|bits| bits != len * 8) {
                    return unsupported();
                }
                Self::from_secret(&crate::generate_secret(len)?, alg)
            }
        }
    }

    /// The same key, named `kid`.
    ///
    /// # Examples
    ///
    /// ```
    /// let key = tinyjose_std::EncryptionKey::from_secret(&[1; 16], tinyjose::JweAlg::A128Kw)?;
    /// assert_eq!(key.with_kid("k").kid(), Some("k"));
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The same PBES2 key, encrypting with `count` iterations (`p2c`).
    ///
    /// # Errors
    ///
    /// `UnsupportedAlg` for a key that is not a PBES2 password; the core's refusal of a count
    /// under 1000.
    ///
    /// # Examples
    ///
    /// ```
    /// let key = tinyjose_std::EncryptionKey::from_secret(b"pw", tinyjose::JweAlg::Pbes2Hs256A128Kw)?;
    /// assert!(key.clone().with_pbes2_count(2000).is_ok());
    /// assert!(key.with_pbes2_count(999).is_err());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn with_pbes2_count(mut self, count: u32) -> Result<Self> {
        let Inner::Pbes2(password) = self.inner else {
            return Err(Jose::UnsupportedAlg.into());
        };
        self.inner = Inner::Pbes2(password.with_count(count)?);
        Ok(self)
    }

    /// The same ECDH-ES key, writing `apu` and `apv` (RFC 7518 §4.6.1.2, §4.6.1.3) into the
    /// tokens it encrypts with [`encrypt`](Self::encrypt) and feeding them to the key derivation.
    ///
    /// # Errors
    ///
    /// `UnsupportedAlg` for a key that is not an ECDH-ES key.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{A128GCM, HeaderParams, JweAlg, UntrustedJwe};
    ///
    /// let key = tinyjose_std::EncryptionKey::generate(JweAlg::EcdhEs, None, None)?
    ///     .with_party_info(b"Alice".to_vec(), b"Bob".to_vec())?;
    /// let token = key.encrypt(&HeaderParams::new(), b"hi", A128GCM, false)?;
    /// assert!(UntrustedJwe::parse(&token)?.header().json().contains(r#""apu":"QWxpY2U""#));
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn with_party_info(mut self, apu: Vec<u8>, apv: Vec<u8>) -> Result<Self> {
        if !self.alg().is_ecdh_es() {
            return Err(Jose::UnsupportedAlg.into());
        }
        self.party = Some((apu, apv));
        Ok(self)
    }

    /// The key management algorithm the key is bound to.
    ///
    /// # Examples
    ///
    /// See [`from_jwk`](Self::from_jwk).
    #[must_use]
    pub fn alg(&self) -> JweAlg {
        self.encrypter().alg()
    }

    /// The `kid` of the JWK it came from, or given with [`with_kid`](Self::with_kid).
    ///
    /// # Examples
    ///
    /// See [`from_jwk`](Self::from_jwk).
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// This key as a recipient of [`encrypt_json_to_string`](crate::encrypt_json_to_string), with
    /// its `kid` (party information set by [`with_party_info`](Self::with_party_info) is not
    /// used).
    ///
    /// # Examples
    ///
    /// See [`decrypt_json_with_keys`](crate::decrypt_json_with_keys).
    #[must_use]
    pub fn recipient(&self) -> tinyjose::jwe::JweRecipient<'_> {
        let recipient = tinyjose::jwe::JweRecipient::new(self.encrypter());
        match self.kid() {
            Some(kid) => recipient.kid(kid),
            None => recipient,
        }
    }

    /// What decrypts with this key: `None` for a public key.
    ///
    /// # Examples
    ///
    /// See [`EncryptionKey`].
    #[must_use]
    pub fn decrypter(&self) -> Option<&dyn JweDecrypter> {
        match &self.inner {
            Inner::Core(key) if key.can_decrypt() => Some(key),
            Inner::Core(_) | Inner::RsaPublic(_) => None,
            Inner::Pbes2(key) => Some(key),
            Inner::RsaPrivate(key) => Some(key.as_ref()),
        }
    }

    /// What encrypts with this key (without the party information of
    /// [`with_party_info`](Self::with_party_info), which [`encrypt`](Self::encrypt) adds).
    ///
    /// # Examples
    ///
    /// See [`EncryptionKey`].
    #[must_use]
    pub fn encrypter(&self) -> &dyn JweEncrypter {
        match &self.inner {
            Inner::Core(key) => key,
            Inner::Pbes2(key) => key,
            Inner::RsaPrivate(key) => key.as_ref(),
            Inner::RsaPublic(key) => key.as_ref(),
        }
    }

    /// Encrypts `plaintext` for the holder of this key with `content`, as
    /// [`encrypt_to_string`](crate::encrypt_to_string) does, adding the key's party
    /// information.
    ///
    /// # Errors
    ///
    /// As [`encrypt_to_string`](crate::encrypt_to_string).
    ///
    /// # Examples
    ///
    /// See [`EncryptionKey`].
    pub fn encrypt(
        &self,
        header: &HeaderParams<'_>,
        plaintext: &[u8],
        content: &dyn ContentEncryption,
        zip: bool,
    ) -> Result<String> {
        let seal =
            |key: &dyn JweEncrypter| crate::encrypt_to_string(header, plaintext, key, content, zip);
        match (&self.inner, &self.party) {
            (
                Inner::Core(JweKey::EcdhEsPrivate(_, public) | JweKey::EcdhEsPublic(public)),
                Some((apu, apv)),
            ) => {
                let public: EcdhEsPublicKey<'_> = *public;
                seal(&public.with_party_info(apu, apv))
            }
            _ => seal(self.encrypter()),
        }
    }

    /// Whether it is a shared secret or a password.
    ///
    /// # Examples
    ///
    /// See [`from_secret`](Self::from_secret).
    #[must_use]
    pub fn is_secret(&self) -> bool {
        self.secret.is_some()
    }

    /// The public key (same `kid`), which only encrypts.
    ///
    /// # Errors
    ///
    /// `KeyRejected(WrongType)` for a secret or password.
    ///
    /// # Examples
    ///
    /// ```
    /// let key = tinyjose_std::EncryptionKey::generate(tinyjose::JweAlg::EcdhEs, Some("P-384"), None)?;
    /// assert!(key.public_key()?.decrypter().is_none());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn public_key(&self) -> Result<Self> {
        let inner = match &self.inner {
            Inner::Core(JweKey::EcdhEsPrivate(_, public) | JweKey::EcdhEsPublic(public)) => {
                Inner::Core(JweKey::EcdhEsPublic(*public))
            }
            Inner::RsaPrivate(key) => Inner::RsaPublic(Box::new(key.public_key())),
            Inner::RsaPublic(key) => Inner::RsaPublic(key.clone()),
            _ => return Err(Jose::KeyRejected(KeyReason::WrongType).into()),
        };
        Ok(Self {
            inner,
            secret: None,
            kid: self.kid.clone(),
            party: self.party.clone(),
        })
    }

    /// The public JWK of an ECDH-ES or RSA-OAEP key: the members RFC 7638 requires.
    ///
    /// # Errors
    ///
    /// `KeyRejected(WrongType)` for a secret or password.
    ///
    /// # Examples
    ///
    /// See [`EncryptionKey`].
    pub fn public_jwk(&self) -> Result<String> {
        match &self.inner {
            Inner::Core(key @ (JweKey::EcdhEsPrivate(..) | JweKey::EcdhEsPublic(_))) => {
                crate::public_jwe_jwk(key)
            }
            Inner::RsaPrivate(key) => Ok(key.public_jwk()),
            Inner::RsaPublic(key) => Ok(key.public_jwk()),
            _ => Err(Jose::KeyRejected(KeyReason::WrongType).into()),
        }
    }

    /// The private JWK, wiped when dropped: the public members and the private ones of an
    /// ECDH-ES or RSA-OAEP private key, or `{"k":…,"kty":"oct"}` for a secret or password.
    ///
    /// # Errors
    ///
    /// `KeyRejected(WrongUse)` for a public key.
    ///
    /// # Examples
    ///
    /// See [`generate`](Self::generate).
    pub fn private_jwk(&self) -> Result<Zeroizing<String>> {
        if let Some(secret) = &self.secret {
            return Ok(crate::secret_jwk(secret));
        }
        match &self.inner {
            Inner::Core(key @ JweKey::EcdhEsPrivate(..)) => crate::private_jwe_jwk(key),
            Inner::RsaPrivate(key) => Ok(key.private_jwk()),
            _ => Err(Jose::KeyRejected(KeyReason::WrongUse).into()),
        }
    }

    /// The RFC 7638 SHA-256 thumbprint, base64url: of the public key, or of the secret's JWK.
    ///
    /// # Errors
    ///
    /// None for the keys this type holds; the type is that of the core's thumbprint.
    ///
    /// # Examples
    ///
    /// ```
    /// let key = tinyjose_std::EncryptionKey::from_secret(&[1; 16], tinyjose::JweAlg::A128Kw)?;
    /// assert_eq!(key.thumbprint()?.len(), 43);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn thumbprint(&self) -> Result<String> {
        let jwk = match &self.secret {
            Some(_) => self.private_jwk()?,
            None => Zeroizing::new(self.public_jwk()?),
        };
        Ok(Base64UrlUnpadded::encode_string(
            &Jwk::parse(&jwk)?.thumbprint()?,
        ))
    }

    fn new(inner: Inner, secret: Option<Zeroizing<Vec<u8>>>) -> Self {
        Self {
            inner,
            secret,
            kid: None,
            party: None,
        }
    }
}
