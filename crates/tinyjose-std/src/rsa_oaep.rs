//! RSA-OAEP and RSA-OAEP-256 key transport for JWE (RFC 7518 §4.3) on the RustCrypto `rsa`
//! crate: the core's [`JweDecrypter`] and [`JweEncrypter`] for RSA keys, which need a heap.

use core::fmt;

use ::rsa::sha2::Sha256;
use ::rsa::{BoxedUint, Oaep, PublicKey};
use sha1::Sha1;
use tinyjose::rand_core::CryptoRng;
use tinyjose::{
    Enc, JweAlg, JweDecrypter, JweEncrypter, JwkKey, JwsAlg, JwsVerifier, KeyParams, KeyReason,
    NewKeyParams, RsaVerifyingKey,
};
use zeroize::Zeroizing;

use crate::rng::OsRng;
use crate::rsa::{RsaSigningKey, check_use, jwk_member, rsa_jwk};
use crate::{KeyError, Result, key_from_der, key_from_pem};

/// A private RSA key for one JWE key management algorithm: `RSA-OAEP` (OAEP with SHA-1 and MGF1
/// with SHA-1) or `RSA-OAEP-256` (SHA-256 throughout), RFC 7518 §4.3.
///
/// It decrypts the CEK of tokens sent to it, and, like its [`public_key`](Self::public_key),
/// encrypts a CEK for itself. The modulus is 2048 to 4096 bits long. `RSA1_5` is not supported,
/// by design (RFC 8725 §3.2). Any failure to recover the CEK (a wrong key, a tampered encrypted
/// key, a CEK of the wrong length) is [`tinyjose::Error::DecryptionFailed`], and the core then
/// fails as for a wrong tag, by result and by time (RFC 7516 §11.5). Private-key operations are blinded with randomness from the
/// operating system. The key is wiped when dropped; `Debug` shows only the algorithm and size.
///
/// # Examples
///
/// ```
/// use tinyjose::{A256GCM, HeaderParams, JweAlg};
/// use tinyjose_std::{RsaOaepKey, decrypt_to_vec, encrypt_to_string};
///
/// let key = RsaOaepKey::from_pem(
///     include_str!("../tests/data/keys/rsa.pkcs8.pem"),
///     JweAlg::RsaOaep256,
/// )?;
/// let token = encrypt_to_string(&HeaderParams::new(), b"hello", &key.public_key(), A256GCM, false)?;
/// assert_eq!(decrypt_to_vec(&token, &key, &[A256GCM])?.plaintext, b"hello");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
#[derive(Clone)]
pub struct RsaOaepKey {
    key: RsaSigningKey,
    public: RsaOaepPublicKey,
}

impl fmt::Debug for RsaOaepKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaOaepKey")
            .field("alg", &self.public.alg)
            .field("bits", &self.public.bits())
            .finish_non_exhaustive()
    }
}

/// The public half of an [`RsaOaepKey`]: encrypts a CEK for the holder of the private key, with
/// `RSA-OAEP` or `RSA-OAEP-256`. The modulus is 2048 to 4096 bits long.
///
/// # Examples
///
/// ```
/// use tinyjose::{A128GCM, HeaderParams, JweAlg, UntrustedJwe};
/// use tinyjose_std::{RsaOaepPublicKey, encrypt_to_string};
///
/// let key = RsaOaepPublicKey::from_pem(
///     include_str!("../tests/data/keys/rsa.spki.pem"),
///     JweAlg::RsaOaep,
/// )?;
/// let token = encrypt_to_string(&HeaderParams::new(), b"hi", &key, A128GCM, false)?;
/// assert_eq!(UntrustedJwe::parse(&token)?.header().alg(), JweAlg::RsaOaep);
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
#[derive(Clone)]
pub struct RsaOaepPublicKey {
    key: PublicKey,
    /// The same key as the core holds it: its size and form checked, and its JWK writer.
    checked: RsaVerifyingKey,
    alg: JweAlg,
}

impl fmt::Debug for RsaOaepPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaOaepPublicKey")
            .field("alg", &self.alg)
            .field("bits", &self.bits())
            .finish_non_exhaustive()
    }
}

impl RsaOaepKey {
    /// A new key for `alg` with a modulus of `bits` bits (2048, 3072 or 4096) and the public
    /// exponent 65537, from the operating system's randomness.
    ///
    /// # Errors
    ///
    /// [`Error::Key`](crate::Error::Key) for an `alg` that is not RSA-OAEP, another size, or an
    /// operating system that gives no randomness.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JweAlg;
    ///
    /// let key = tinyjose_std::RsaOaepKey::generate(JweAlg::RsaOaep256, 2048)?;
    /// assert_eq!((key.alg(), key.bits()), (JweAlg::RsaOaep256, 2048));
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn generate(alg: JweAlg, bits: usize) -> Result<Self> {
        check_alg(alg)?;
        Self::bind(RsaSigningKey::generate(JwsAlg::Rs256, bits)?, alg)
    }

    /// Loads a private key from PEM text: a `PRIVATE KEY` (PKCS#8) or `RSA PRIVATE KEY`
    /// (PKCS#1) block, for `alg` (`RSA-OAEP` or `RSA-OAEP-256`).
    ///
    /// # Errors
    ///
    /// [`Error::Key`](crate::Error::Key) naming what is wrong, as
    /// [`RsaSigningKey::from_pem`], or an `alg` that is not RSA-OAEP.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JweAlg;
    /// use tinyjose_std::RsaOaepKey;
    ///
    /// let pem = include_str!("../tests/data/keys/rsa.pkcs1.pem");
    /// assert_eq!(RsaOaepKey::from_pem(pem, JweAlg::RsaOaep)?.bits(), 2048);
    /// assert!(RsaOaepKey::from_pem(pem, JweAlg::A256Kw).is_err());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_pem(pem: &str, alg: JweAlg) -> Result<Self> {
        check_alg(alg)?;
        let key = RsaSigningKey::from_pem(pem, JwsAlg::Rs256).map_err(cannot_decrypt)?;
        Self::bind(key, alg)
    }

    /// Loads a private key from DER bytes: PKCS#8 `PrivateKeyInfo` or PKCS#1 `RSAPrivateKey`.
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
    /// let der = include_bytes!("../tests/data/keys/rsa.pkcs8.der");
    /// let key = tinyjose_std::RsaOaepKey::from_der(der, JweAlg::RsaOaep256)?;
    /// assert_eq!(key.alg(), JweAlg::RsaOaep256);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_der(der: &[u8], alg: JweAlg) -> Result<Self> {
        check_alg(alg)?;
        let key = RsaSigningKey::from_der(der, JwsAlg::Rs256).map_err(cannot_decrypt)?;
        Self::bind(key, alg)
    }

    /// Loads a private RSA JWK (RFC 7518 §6.3) for `alg` or the JWK's `alg`; when both are given
    /// they must agree. `use`, when present, must be `enc`, and `key_ops` must contain `decrypt`
    /// or `unwrapKey`. The members are checked as by [`RsaSigningKey::from_jwk`].
    ///
    /// # Errors
    ///
    /// [`tinyjose::Error::AlgMismatch`] if the JWK's `alg` is not `alg`; the errors of
    /// [`Jwk::parse`](tinyjose::Jwk::parse); [`Error::Key`](crate::Error::Key) for everything
    /// else, named (`RSA1_5` included).
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JweAlg;
    /// use tinyjose_std::RsaOaepKey;
    ///
    /// let pem = include_str!("../tests/data/keys/rsa.pkcs8.pem");
    /// let jwk = RsaOaepKey::from_pem(pem, JweAlg::RsaOaep)?.private_jwk();
    /// let key = RsaOaepKey::from_jwk(&jwk, Some(JweAlg::RsaOaep256))?;
    /// assert_eq!(key.alg(), JweAlg::RsaOaep256);
    /// assert!(RsaOaepKey::from_jwk(&jwk, None).is_err());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_jwk(json: &str, alg: Option<JweAlg>) -> Result<Self> {
        let jwk = rsa_jwk(json)?;
        let alg = jwk_alg(&jwk, alg)?;
        check_use(&jwk, "enc", &["decrypt", "unwrapKey"], "decryption")?;
        let key =
            RsaSigningKey::from_jwk_members(&jwk, JwsAlg::Rs256, "a public key cannot decrypt")?;
        Self::bind(key, alg)
    }

    fn bind(key: RsaSigningKey, alg: JweAlg) -> Result<Self> {
        let public = RsaOaepPublicKey::new(&key.verifying_key(), alg)?;
        Ok(Self { key, public })
    }

    /// The key management algorithm: `RSA-OAEP` or `RSA-OAEP-256`.
    ///
    /// # Examples
    ///
    /// See [`from_der`](Self::from_der).
    #[must_use]
    pub fn alg(&self) -> JweAlg {
        self.public.alg
    }

    /// The length of the modulus in bits.
    ///
    /// # Examples
    ///
    /// See [`from_pem`](Self::from_pem).
    #[must_use]
    pub fn bits(&self) -> usize {
        self.public.bits()
    }

    /// The public key, for the same algorithm: what senders encrypt with.
    ///
    /// # Examples
    ///
    /// See [`RsaOaepKey`].
    #[must_use]
    pub fn public_key(&self) -> RsaOaepPublicKey {
        self.public.clone()
    }

    /// The public JWK, `{"e":…,"kty":"RSA","n":…}` (RFC 7638 members and order).
    ///
    /// # Examples
    ///
    /// ```
    /// # use tinyjose::JweAlg;
    /// let pem = include_str!("../tests/data/keys/rsa.pkcs8.pem");
    /// let key = tinyjose_std::RsaOaepKey::from_pem(pem, JweAlg::RsaOaep256)?;
    /// assert!(key.public_jwk().starts_with(r#"{"e":"AQAB","kty":"RSA","n":"#));
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    #[must_use]
    pub fn public_jwk(&self) -> String {
        self.public.public_jwk()
    }

    /// The private JWK, as [`RsaSigningKey::private_jwk`] writes it (without `alg`), wiped when
    /// dropped.
    ///
    /// # Examples
    ///
    /// See [`from_jwk`](Self::from_jwk).
    #[must_use]
    pub fn private_jwk(&self) -> Zeroizing<String> {
        self.key.private_jwk()
    }
}

impl RsaOaepPublicKey {
    /// Loads a public key from PEM text: `PUBLIC KEY` (SPKI), `RSA PUBLIC KEY` (PKCS#1), or the
    /// public half of a private key, for `alg` (`RSA-OAEP` or `RSA-OAEP-256`).
    ///
    /// # Errors
    ///
    /// [`Error::Key`](crate::Error::Key) naming what is wrong: as [`key_from_pem`], a key that is
    /// not RSA, or an `alg` that is not RSA-OAEP.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JweAlg;
    ///
    /// let pem = include_str!("../tests/data/keys/rsa.pkcs1-public.pem");
    /// let key = tinyjose_std::RsaOaepPublicKey::from_pem(pem, JweAlg::RsaOaep256)?;
    /// assert_eq!((key.alg(), key.bits()), (JweAlg::RsaOaep256, 2048));
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_pem(pem: &str, alg: JweAlg) -> Result<Self> {
        check_alg(alg)?;
        let key = only_rsa(key_from_pem(pem, Some(JwsAlg::Rs256)), || {
            key_from_pem(pem, None)
        })?;
        Self::new(&key, alg)
    }

    /// Loads a public key from DER bytes: SPKI, PKCS#1 `RSAPublicKey`, or a private key's public
    /// half.
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
    /// let der = include_bytes!("../tests/data/keys/rsa.spki.der");
    /// let key = tinyjose_std::RsaOaepPublicKey::from_der(der, JweAlg::RsaOaep)?;
    /// assert_eq!(key.alg(), JweAlg::RsaOaep);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_der(der: &[u8], alg: JweAlg) -> Result<Self> {
        check_alg(alg)?;
        let key = only_rsa(key_from_der(der, Some(JwsAlg::Rs256)), || {
            key_from_der(der, None)
        })?;
        Self::new(&key, alg)
    }

    /// Loads a public RSA JWK (`n` and `e`; the private members of a private JWK are ignored) for
    /// `alg` or the JWK's `alg`; when both are given they must agree. `use`, when present, must be
    /// `enc`, and `key_ops` must contain `encrypt` or `wrapKey`.
    ///
    /// # Errors
    ///
    /// As [`RsaOaepKey::from_jwk`].
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JweAlg;
    /// use tinyjose_std::{RsaOaepKey, RsaOaepPublicKey};
    ///
    /// let pem = include_str!("../tests/data/keys/rsa.pkcs8.pem");
    /// let jwk = RsaOaepKey::from_pem(pem, JweAlg::RsaOaep256)?.public_jwk();
    /// let key = RsaOaepPublicKey::from_jwk(&jwk, Some(JweAlg::RsaOaep256))?;
    /// assert_eq!(key.public_jwk(), jwk);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_jwk(json: &str, alg: Option<JweAlg>) -> Result<Self> {
        let jwk = rsa_jwk(json)?;
        let alg = jwk_alg(&jwk, alg)?;
        check_use(&jwk, "enc", &["encrypt", "wrapKey"], "encryption")?;
        let member = |name: &str| -> Result<Zeroizing<Vec<u8>>> {
            jwk_member(&jwk, name)?
                .ok_or_else(|| KeyError::new(format!("the RSA JWK has no {name:?}")).into())
        };
        let (n, e) = (member("n")?, member("e")?);
        let checked = crate::rsa::public_key(JwsAlg::Rs256, &n, &e)?;
        Self::new(&checked, alg)
    }

    /// The key of `checked` (an RSA key whose size and form the core accepted), for `alg`.
    fn new(checked: &RsaVerifyingKey, alg: JweAlg) -> Result<Self> {
        check_alg(alg)?;
        let n = BoxedUint::from_be_slice_vartime(checked.n());
        let e = BoxedUint::from(checked.e());
        let key = PublicKey::new_with_size_limits(n, e, 2048..=4096)
            .map_err(|e| KeyError::with_source("not a valid RSA public key", e))?;
        Ok(Self {
            key,
            checked: checked.clone(),
            alg,
        })
    }

    /// The key management algorithm: `RSA-OAEP` or `RSA-OAEP-256`.
    ///
    /// # Examples
    ///
    /// See [`from_pem`](Self::from_pem).
    #[must_use]
    pub fn alg(&self) -> JweAlg {
        self.alg
    }

    /// The length of the modulus in bits.
    ///
    /// # Examples
    ///
    /// See [`from_pem`](Self::from_pem).
    #[must_use]
    pub fn bits(&self) -> usize {
        self.checked.bits()
    }

    /// The public JWK, `{"e":…,"kty":"RSA","n":…}` (RFC 7638 members and order).
    ///
    /// # Examples
    ///
    /// See [`from_jwk`](Self::from_jwk).
    #[must_use]
    pub fn public_jwk(&self) -> String {
        crate::public_jwk(&JwkKey::Rsa(self.checked.clone())).unwrap_or_default()
    }
}

impl JweDecrypter for RsaOaepKey {
    fn alg(&self) -> JweAlg {
        self.public.alg
    }

    /// Decrypts the CEK with OAEP, blinded.
    ///
    /// # Errors
    ///
    /// [`tinyjose::Error::DecryptionFailed`] for anything that does not decrypt to a CEK of the
    /// right length, whatever the cause.
    fn decrypt_cek(
        &self,
        params: &KeyParams<'_>,
        encrypted_key: &[u8],
        cek: &mut [u8],
    ) -> Result<(), tinyjose::Error> {
        let key = self.key.private_key();
        let decrypted = match params.alg() {
            JweAlg::RsaOaep if self.public.alg == JweAlg::RsaOaep => {
                key.decrypt_blinded(&mut OsRng, Oaep::<Sha1>::new(), encrypted_key)
            }
            JweAlg::RsaOaep256 if self.public.alg == JweAlg::RsaOaep256 => {
                key.decrypt_blinded(&mut OsRng, Oaep::<Sha256>::new(), encrypted_key)
            }
            _ => return Err(tinyjose::Error::DecryptionFailed),
        };
        match decrypted.map(Zeroizing::new) {
            Ok(plain) if plain.len() == cek.len() => {
                cek.copy_from_slice(&plain);
                Ok(())
            }
            _ => Err(tinyjose::Error::DecryptionFailed),
        }
    }
}

impl JweEncrypter for RsaOaepPublicKey {
    fn alg(&self) -> JweAlg {
        self.alg
    }

    fn encrypted_key_len(&self, _: Enc) -> usize {
        self.checked.modulus_len()
    }

    /// Encrypts the CEK with OAEP and randomness from `rng`.
    ///
    /// # Errors
    ///
    /// [`tinyjose::Error::BufferTooSmall`] if `encrypted_key` is shorter than the modulus;
    /// [`tinyjose::Error::KeyRejected`] if the `rsa` crate refuses to encrypt.
    fn encrypt_cek<'k>(
        &'k self,
        _: Enc,
        rng: &mut dyn CryptoRng,
        cek: &mut [u8],
        _: &mut NewKeyParams<'k>,
        encrypted_key: &mut [u8],
    ) -> Result<usize, tinyjose::Error> {
        let len = self.checked.modulus_len();
        let out = encrypted_key
            .get_mut(..len)
            .ok_or(tinyjose::Error::BufferTooSmall { needed: len })?;
        let encrypted = match self.alg {
            JweAlg::RsaOaep => self.key.encrypt(rng, Oaep::<Sha1>::new(), cek),
            JweAlg::RsaOaep256 => self.key.encrypt(rng, Oaep::<Sha256>::new(), cek),
            _ => return Err(tinyjose::Error::UnsupportedAlg),
        }
        .map_err(|_| tinyjose::Error::KeyRejected(KeyReason::InvalidModulus))?;
        if encrypted.len() != len {
            return Err(tinyjose::Error::KeyRejected(KeyReason::WrongLength));
        }
        out.copy_from_slice(&encrypted);
        Ok(len)
    }
}

impl JweEncrypter for RsaOaepKey {
    fn alg(&self) -> JweAlg {
        self.public.alg
    }

    fn encrypted_key_len(&self, enc: Enc) -> usize {
        self.public.encrypted_key_len(enc)
    }

    fn encrypt_cek<'k>(
        &'k self,
        enc: Enc,
        rng: &mut dyn CryptoRng,
        cek: &mut [u8],
        params: &mut NewKeyParams<'k>,
        encrypted_key: &mut [u8],
    ) -> Result<usize, tinyjose::Error> {
        self.public
            .encrypt_cek(enc, rng, cek, params, encrypted_key)
    }
}

/// Refuses an algorithm that is not RSA-OAEP.
fn check_alg(alg: JweAlg) -> Result<()> {
    match alg {
        JweAlg::RsaOaep | JweAlg::RsaOaep256 => Ok(()),
        other => Err(KeyError::new(format!(
            "an RSA key serves RSA-OAEP or RSA-OAEP-256, not {other}"
        ))
        .into()),
    }
}

/// The algorithm of an RSA JWK: `asked`, the JWK's `alg`, or both when they agree.
fn jwk_alg(jwk: &tinyjose::Jwk<'_>, asked: Option<JweAlg>) -> Result<JweAlg> {
    let own = crate::rsa::jwk_alg(jwk, "a JWE key management algorithm", JweAlg::from_name)?;
    let alg = match (own, asked) {
        (Some(own), Some(asked)) if own != asked => {
            return Err(tinyjose::Error::AlgMismatch.into());
        }
        (Some(alg), _) | (None, Some(alg)) => alg,
        (None, None) => {
            return Err(KeyError::new(
                "the RSA JWK has no \"alg\": say which algorithm it is for (RSA-OAEP or \
                 RSA-OAEP-256)",
            )
            .into());
        }
    };
    check_alg(alg)?;
    Ok(alg)
}

/// The RSA key of `loaded`, or, when it failed because the key is not RSA, a message saying so.
fn only_rsa(
    loaded: Result<JwkKey>,
    any: impl FnOnce() -> Result<JwkKey>,
) -> Result<RsaVerifyingKey> {
    match loaded {
        Ok(JwkKey::Rsa(key)) => Ok(key),
        Ok(other) => Err(not_rsa(other.alg())),
        Err(e) => match any() {
            Ok(other) if !matches!(other, JwkKey::Rsa(_)) => Err(not_rsa(other.alg())),
            _ => Err(e),
        },
    }
}

fn not_rsa(alg: JwsAlg) -> crate::Error {
    KeyError::new(format!("RSA-OAEP needs an RSA key; this key is for {alg}")).into()
}

/// The signing key's message for a public key, reworded for decryption.
fn cannot_decrypt(e: crate::Error) -> crate::Error {
    match &e {
        crate::Error::Key(k) if k.to_string().starts_with("a public key cannot sign") => {
            KeyError::new("a public key cannot decrypt: RSA-OAEP decryption needs the private key")
                .into()
        }
        _ => e,
    }
}
