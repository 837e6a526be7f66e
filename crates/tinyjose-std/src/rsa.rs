//! RSA signing keys for RS256/384/512 and PS256/384/512 on the RustCrypto `rsa` crate:
//! generation, PKCS#8 and PKCS#1 keys, private JWKs. Verification is the core's
//! [`RsaVerifyingKey`], which needs no heap.

use core::fmt;

use ::rsa::pkcs1::der::Decode;
use ::rsa::pkcs1::{RsaPrivateKeyRef, RsaPublicKeyRef};
use ::rsa::pkcs8::{
    EncodePrivateKey, LineEnding, ObjectIdentifier, PrivateKeyInfoRef, SubjectPublicKeyInfoRef,
};
use ::rsa::sha2::{Sha256, Sha384, Sha512};
use ::rsa::traits::{PrivateKeyParts, PublicKeyParts};
use ::rsa::{BoxedUint, PrivateKey};
use base64ct::{Base64UrlUnpadded, Encoding};
use tinyjose::{Jwk, JwsAlg, JwsSigner, KeyReason, RsaVerifyingKey};
use zeroize::Zeroizing;

use crate::pem::{ENCRYPTED_KEY, pem_blocks};
use crate::rng::OsRng;
use crate::{KeyError, Result};

pub(crate) const RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const RSASSA_PSS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");

/// The RSA algorithms, for messages.
const RSA_ALGS: &str = "RS256, RS384, RS512, PS256, PS384 or PS512";

/// A private RSA key bound to one algorithm: RS256, RS384 or RS512 (RSASSA-PKCS1-v1_5) or PS256,
/// PS384 or PS512 (RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash,
/// RFC 7518 §3.5).
///
/// The modulus is 2048 to 4096 bits long: shorter keys are refused (RFC 7518 §3.3), and so are
/// longer ones, which the core cannot verify. Every private-key operation is blinded with
/// randomness from the operating system, and the RustCrypto `rsa` crate checks each signature
/// before it is returned. The key is wiped when dropped; `Debug` shows only the algorithm and
/// the modulus size.
///
/// Tokens it signs verify with [`verifying_key`](Self::verifying_key), the core's
/// [`RsaVerifyingKey`], or with its [`public_jwk`](Self::public_jwk) anywhere.
///
/// # Examples
///
/// ```
/// use tinyjose::{HeaderParams, JwsAlg, UntrustedJws};
/// use tinyjose_std::{RsaSigningKey, sign_to_string, verify_to_vec};
///
/// let key = RsaSigningKey::from_pem(
///     include_str!("../tests/data/keys/rsa.pkcs8.pem"),
///     JwsAlg::Ps256,
/// )?;
/// let token = sign_to_string(&HeaderParams::new(), b"hello", &key)?;
/// let jws = UntrustedJws::parse(&token)?;
/// assert_eq!(jws.header().alg(), JwsAlg::Ps256);
/// assert_eq!(verify_to_vec(&jws, &key.verifying_key())?, b"hello");
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
#[derive(Clone)]
pub struct RsaSigningKey {
    key: PrivateKey,
    public: RsaVerifyingKey,
}

impl fmt::Debug for RsaSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaSigningKey")
            .field("alg", &self.alg())
            .field("bits", &self.bits())
            .finish_non_exhaustive()
    }
}

/// The members of a private key, big-endian; `dp`, `dq` and `qi` are checked when given.
struct Parts<'a> {
    n: &'a [u8],
    e: &'a [u8],
    d: &'a [u8],
    p: &'a [u8],
    q: &'a [u8],
    dp: Option<&'a [u8]>,
    dq: Option<&'a [u8]>,
    qi: Option<&'a [u8]>,
}

impl RsaSigningKey {
    /// A new key for `alg` with a modulus of `bits` bits (2048, 3072 or 4096) and the public
    /// exponent 65537, from the operating system's randomness.
    ///
    /// A 2048-bit key takes a fraction of a second in a release build, a 4096-bit key a few
    /// seconds: finding the primes dominates.
    ///
    /// # Errors
    ///
    /// [`tinyjose::Error::Unsupported`] for a size other than 2048, 3072 or 4096 bits;
    /// [`Error::Key`](crate::Error::Key) for an `alg` that is not RSA, or an operating system that
    /// gives no randomness.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{JwsAlg, JwsSigner};
    ///
    /// let key = tinyjose_std::RsaSigningKey::generate(JwsAlg::Rs256, 2048)?;
    /// assert_eq!((key.alg(), key.bits(), key.signature_len()), (JwsAlg::Rs256, 2048, 256));
    /// let small = tinyjose_std::RsaSigningKey::generate(JwsAlg::Rs256, 1024).unwrap_err();
    /// assert_eq!(small.code(), "unsupported");
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn generate(alg: JwsAlg, bits: usize) -> Result<Self> {
        check_alg(alg)?;
        if ![2048, 3072, 4096].contains(&bits) {
            return Err(tinyjose::Error::Unsupported.into());
        }
        let key = PrivateKey::new(&mut OsRng, bits)
            .map_err(|e| KeyError::with_source("RSA key generation failed", e))?;
        Self::bind(key, alg)
    }

    /// Loads a private key from PEM text: a `PRIVATE KEY` (PKCS#8) or `RSA PRIVATE KEY`
    /// (PKCS#1) block. Text around the block is skipped.
    ///
    /// # Errors
    ///
    /// [`Error::Key`](crate::Error::Key) naming what is wrong: no PEM block, a public or
    /// encrypted key, a key that is not RSA, a structure the parsers refuse (chained as the
    /// `source`), a modulus outside 2048 to 4096 bits, inconsistent key values, or an `alg`
    /// that is not RSA.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    /// use tinyjose_std::RsaSigningKey;
    ///
    /// let pem = include_str!("../tests/data/keys/rsa.pkcs1.pem");
    /// assert_eq!(RsaSigningKey::from_pem(pem, JwsAlg::Rs384)?.bits(), 2048);
    /// assert!(RsaSigningKey::from_pem(pem, JwsAlg::Es256).is_err());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_pem(pem: &str, alg: JwsAlg) -> Result<Self> {
        check_alg(alg)?;
        let Some(block) = pem_blocks(pem).next() else {
            return Err(KeyError::new("no PEM block (-----BEGIN ...-----) found").into());
        };
        let (label, der) = pem_rfc7468::decode_vec(block.as_bytes())
            .map_err(|e| KeyError::with_source("a PEM block is malformed", e))?;
        let der = Zeroizing::new(der);
        match label {
            "PRIVATE KEY" => Self::from_pkcs8_der(&der, alg),
            "RSA PRIVATE KEY" => Self::from_pkcs1_der(&der, alg),
            "PUBLIC KEY" | "RSA PUBLIC KEY" => Err(public_cannot_sign()),
            "ENCRYPTED PRIVATE KEY" => Err(KeyError::new(ENCRYPTED_KEY).into()),
            other => Err(KeyError::new(format!(
                "unexpected PEM label {other:?}: expected PRIVATE KEY or RSA PRIVATE KEY"
            ))
            .into()),
        }
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
    /// use tinyjose::JwsAlg;
    /// use tinyjose_std::RsaSigningKey;
    ///
    /// let der = include_bytes!("../tests/data/keys/rsa.pkcs1.der");
    /// let key = RsaSigningKey::from_der(der, JwsAlg::Ps512)?;
    /// assert_eq!(key.alg(), JwsAlg::Ps512);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_der(der: &[u8], alg: JwsAlg) -> Result<Self> {
        check_alg(alg)?;
        if PrivateKeyInfoRef::from_der(der).is_ok() {
            return Self::from_pkcs8_der(der, alg);
        }
        if RsaPrivateKeyRef::from_der(der).is_ok() {
            return Self::from_pkcs1_der(der, alg);
        }
        if SubjectPublicKeyInfoRef::from_der(der).is_ok() || RsaPublicKeyRef::from_der(der).is_ok()
        {
            return Err(public_cannot_sign());
        }
        Err(KeyError::new("not a PKCS#8 or PKCS#1 RSA private key (DER)").into())
    }

    /// Loads a private RSA JWK (RFC 7518 §6.3): `n`, `e`, `d`, `p` and `q`, and `dp`, `dq` and
    /// `qi`, which are checked when present.
    ///
    /// The algorithm is `alg` or the JWK's `alg`; when both are given they must agree. `use`,
    /// when present, must be `sig`, and `key_ops` must contain `sign`. Multi-prime keys (`oth`)
    /// are refused.
    ///
    /// # Errors
    ///
    /// [`tinyjose::Error::AlgMismatch`] if the JWK's `alg` is not `alg`; the errors of
    /// [`Jwk::parse`](tinyjose::Jwk::parse) for text that is not strict JSON;
    /// [`Error::Key`](crate::Error::Key) for everything else that is wrong with the key, named.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    /// use tinyjose_std::RsaSigningKey;
    ///
    /// let original = RsaSigningKey::from_pem(
    ///     include_str!("../tests/data/keys/rsa.pkcs8.pem"),
    ///     JwsAlg::Rs256,
    /// )?;
    /// let key = RsaSigningKey::from_jwk(&original.private_jwk(), Some(JwsAlg::Rs256))?;
    /// assert_eq!(key.public_jwk(), original.public_jwk());
    /// // Without an algorithm, the JWK must name one.
    /// assert!(RsaSigningKey::from_jwk(&original.private_jwk(), None).is_err());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn from_jwk(json: &str, alg: Option<JwsAlg>) -> Result<Self> {
        let jwk = rsa_jwk(json)?;
        let own = jwk_alg(&jwk, "a JWS algorithm", JwsAlg::from_name)?;
        let alg = match (own, alg) {
            (Some(own), Some(asked)) if own != asked => {
                return Err(tinyjose::Error::AlgMismatch.into());
            }
            (Some(alg), _) | (None, Some(alg)) => alg,
            (None, None) => {
                return Err(KeyError::new(format!(
                    "the RSA JWK has no \"alg\": say which algorithm it signs with ({RSA_ALGS})"
                ))
                .into());
            }
        };
        check_alg(alg)?;
        check_use(&jwk, "sig", &["sign"], "signing")?;
        Self::from_jwk_members(&jwk, alg, "a public key cannot sign")
    }

    /// The private key of an RSA JWK whose `kty`, `alg` and `use` have been checked.
    pub(crate) fn from_jwk_members(jwk: &Jwk<'_>, alg: JwsAlg, public_only: &str) -> Result<Self> {
        if jwk.has_member("oth") {
            return Err(KeyError::new("multi-prime RSA keys (\"oth\") are not supported").into());
        }
        let member = |name: &str| jwk_member(jwk, name);
        let required = |name: &str| -> Result<Zeroizing<Vec<u8>>> {
            member(name)?.ok_or_else(|| {
                let what = if name == "n" || name == "e" {
                    format!("the RSA JWK has no {name:?}")
                } else {
                    format!("the RSA JWK has no {name:?}: {public_only}")
                };
                KeyError::new(what).into()
            })
        };
        let (n, e) = (required("n")?, required("e")?);
        let d = required("d")?;
        let (p, q) = (required("p")?, required("q")?);
        let (dp, dq, qi) = (member("dp")?, member("dq")?, member("qi")?);
        Self::from_parts(
            &Parts {
                n: &n,
                e: &e,
                d: &d,
                p: &p,
                q: &q,
                dp: dp.as_deref().map(Vec::as_slice),
                dq: dq.as_deref().map(Vec::as_slice),
                qi: qi.as_deref().map(Vec::as_slice),
            },
            alg,
        )
    }

    #[cfg(feature = "jwe")]
    /// The `rsa` crate's private key, for RSA-OAEP.
    pub(crate) fn private_key(&self) -> &PrivateKey {
        &self.key
    }

    /// The algorithm the key signs with.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tinyjose::JwsAlg;
    /// let pem = include_str!("../tests/data/keys/rsa.pkcs8.pem");
    /// let key = tinyjose_std::RsaSigningKey::from_pem(pem, JwsAlg::Ps384)?;
    /// assert_eq!(key.alg(), JwsAlg::Ps384);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    #[must_use]
    pub fn alg(&self) -> JwsAlg {
        tinyjose::JwsVerifier::alg(&self.public)
    }

    /// The length of the modulus in bits.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tinyjose::JwsAlg;
    /// let pem = include_str!("../tests/data/keys/rsa4096.pkcs8.pem");
    /// assert_eq!(tinyjose_std::RsaSigningKey::from_pem(pem, JwsAlg::Rs512)?.bits(), 4096);
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    #[must_use]
    pub fn bits(&self) -> usize {
        self.public.bits()
    }

    /// The public key, for the same algorithm: the core's no-heap verifier.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::{JwsAlg, JwsVerifier};
    ///
    /// let pem = include_str!("../tests/data/keys/rsa.pkcs8.pem");
    /// let public = tinyjose_std::RsaSigningKey::from_pem(pem, JwsAlg::Rs256)?.verifying_key();
    /// assert_eq!((public.alg(), public.e(), public.bits()), (JwsAlg::Rs256, 65537, 2048));
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    #[must_use]
    pub fn verifying_key(&self) -> RsaVerifyingKey {
        self.public.clone()
    }

    /// The public JWK, `{"e":…,"kty":"RSA","n":…}`: the members and order of RFC 7638, so its
    /// SHA-256 is the key's thumbprint.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tinyjose::JwsAlg;
    /// let pem = include_str!("../tests/data/keys/rsa.pkcs8.pem");
    /// let key = tinyjose_std::RsaSigningKey::from_pem(pem, JwsAlg::Rs256)?;
    /// assert!(key.public_jwk().starts_with(r#"{"e":"AQAB","kty":"RSA","n":"yk-vWRw1"#));
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    #[must_use]
    pub fn public_jwk(&self) -> String {
        // The core writes it; a 4096-bit key's public JWK is about 720 bytes, so it always fits.
        crate::public_jwk(&tinyjose::JwkKey::Rsa(self.public.clone())).unwrap_or_default()
    }

    /// The private JWK: `d`, `dp`, `dq`, `e`, `kty`, `n`, `p`, `q` and `qi`, in that
    /// (lexicographic) order, without `alg`. The text is wiped when dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// # use tinyjose::JwsAlg;
    /// let pem = include_str!("../tests/data/keys/rsa.pkcs8.pem");
    /// let key = tinyjose_std::RsaSigningKey::from_pem(pem, JwsAlg::Rs256)?;
    /// let jwk: serde_json::Value = serde_json::from_str(&key.private_jwk())?;
    /// assert_eq!(jwk["kty"], "RSA");
    /// assert!(jwk["d"].is_string() && jwk["qi"].is_string());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    #[must_use]
    pub fn private_jwk(&self) -> Zeroizing<String> {
        let b64 = |value: &BoxedUint| {
            let bytes = Zeroizing::new(value.to_be_bytes_trimmed_vartime());
            Zeroizing::new(Base64UrlUnpadded::encode_string(&bytes))
        };
        let mut out = Zeroizing::new(String::with_capacity(8 * 1024));
        let mut member = |name: &str, value: &str| {
            let separator = if out.is_empty() { '{' } else { ',' };
            out.push(separator);
            out.push('"');
            out.push_str(name);
            out.push_str("\":\"");
            out.push_str(value);
            out.push('"');
        };
        member("d", &b64(self.key.d()));
        let crt = self
            .key
            .dp()
            .zip(self.key.dq())
            .zip(self.key.crt_coefficient());
        if let Some(((dp, dq), _)) = &crt {
            member("dp", &b64(dp));
            member("dq", &b64(dq));
        }
        member("e", &Base64UrlUnpadded::encode_string(&self.key.e_bytes()));
        member("kty", "RSA");
        member("n", &Base64UrlUnpadded::encode_string(self.public.n()));
        let primes = self.key.primes();
        if let [p, q] = primes {
            member("p", &b64(p.as_ref()));
            member("q", &b64(q.as_ref()));
        }
        if let Some((_, qi)) = &crt {
            member("qi", &b64(qi));
        }
        out.push('}');
        out
    }

    /// The key as a PKCS#8 `PRIVATE KEY` PEM block, wiped when dropped.
    ///
    /// # Errors
    ///
    /// [`Error::Key`](crate::Error::Key) if the encoder fails, which a key loaded or generated
    /// here does not make it do.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinyjose::JwsAlg;
    /// use tinyjose_std::RsaSigningKey;
    ///
    /// let key = RsaSigningKey::from_pem(
    ///     include_str!("../tests/data/keys/rsa.pkcs1.pem"),
    ///     JwsAlg::Rs256,
    /// )?;
    /// let pem = key.to_pkcs8_pem()?;
    /// assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    /// assert_eq!(RsaSigningKey::from_pem(&pem, JwsAlg::Rs256)?.public_jwk(), key.public_jwk());
    /// # Ok::<(), tinyjose_std::Error>(())
    /// ```
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>> {
        self.key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| KeyError::with_source("the key could not be encoded as PKCS#8", e).into())
    }

    /// A key from a PKCS#8 `PrivateKeyInfo` holding an `rsaEncryption` key.
    pub(crate) fn from_pkcs8_der(der: &[u8], alg: JwsAlg) -> Result<Self> {
        let info = PrivateKeyInfoRef::from_der(der)
            .map_err(|e| KeyError::with_source("not a PKCS#8 private key", e))?;
        match info.algorithm.oid {
            RSA_ENCRYPTION => {}
            RSASSA_PSS => return Err(pss_key()),
            other => {
                return Err(KeyError::new(format!(
                    "the PKCS#8 key is not an RSA key (algorithm {other})"
                ))
                .into());
            }
        }
        Self::from_pkcs1_der(info.private_key.as_bytes(), alg)
    }

    /// A key from a PKCS#1 `RSAPrivateKey`.
    pub(crate) fn from_pkcs1_der(der: &[u8], alg: JwsAlg) -> Result<Self> {
        let key = RsaPrivateKeyRef::from_der(der)
            .map_err(|e| KeyError::with_source("not a PKCS#1 RSA private key", e))?;
        if key.other_prime_infos.is_some() {
            return Err(KeyError::new("multi-prime RSA keys are not supported").into());
        }
        Self::from_parts(
            &Parts {
                n: key.modulus.as_bytes(),
                e: key.public_exponent.as_bytes(),
                d: key.private_exponent.as_bytes(),
                p: key.prime1.as_bytes(),
                q: key.prime2.as_bytes(),
                dp: Some(key.exponent1.as_bytes()),
                dq: Some(key.exponent2.as_bytes()),
                qi: Some(key.coefficient.as_bytes()),
            },
            alg,
        )
    }

    /// Checks the public half first (algorithm, size, exponent), so that no private arithmetic
    /// runs on a key that would be refused anyway, then the private half.
    fn from_parts(parts: &Parts<'_>, alg: JwsAlg) -> Result<Self> {
        let public = public_key(alg, parts.n, parts.e)?;
        let bits = u32::try_from(public.modulus_len() * 8)
            .map_err(|_| KeyError::new("the RSA modulus is too long"))?;
        let uint = |name: &str, value: &[u8]| -> Result<BoxedUint> {
            BoxedUint::from_be_slice(strip_zeros(value), bits).map_err(|_| {
                KeyError::new(format!("the RSA key's {name} is longer than its modulus")).into()
            })
        };
        let n = BoxedUint::from_be_slice_vartime(public.n());
        let e = BoxedUint::from(public.e());
        let d = uint("private exponent", parts.d)?;
        let primes = vec![
            uint("first prime", parts.p)?,
            uint("second prime", parts.q)?,
        ];
        let key = PrivateKey::from_components(n, e, d, primes).map_err(|e| {
            KeyError::with_source("the RSA private key is not consistent with its modulus", e)
        })?;
        let consistent = |given: Option<&[u8]>, computed: Option<&BoxedUint>| match given {
            None => true,
            Some(given) => computed.is_some_and(|computed| same(given, computed)),
        };
        let qi = key.crt_coefficient().map(Zeroizing::new);
        if !consistent(parts.dp, key.dp())
            || !consistent(parts.dq, key.dq())
            || !consistent(parts.qi, qi.as_deref())
        {
            return Err(KeyError::new(
                "the RSA key's CRT values (dp, dq, qi) do not match its primes and exponent",
            )
            .into());
        }
        Ok(Self { key, public })
    }

    fn bind(key: PrivateKey, alg: JwsAlg) -> Result<Self> {
        let public = public_key(alg, &key.n_bytes(), &key.e_bytes())?;
        Ok(Self { key, public })
    }
}

impl JwsSigner for RsaSigningKey {
    fn alg(&self) -> JwsAlg {
        Self::alg(self)
    }

    fn signature_len(&self) -> usize {
        self.public.modulus_len()
    }

    /// Signs with RSASSA-PKCS1-v1_5 (RS*) or RSASSA-PSS with a random salt as long as the hash
    /// (PS*), the private operation blinded.
    ///
    /// # Errors
    ///
    /// [`tinyjose::Error::BufferTooSmall`] if `out` is shorter than the modulus;
    /// [`tinyjose::Error::KeyRejected`] if the operating system gives no randomness or the
    /// signature fails its check.
    fn sign(&self, signing_input: &[u8], out: &mut [u8]) -> Result<usize, tinyjose::Error> {
        let len = self.public.modulus_len();
        let out = out
            .get_mut(..len)
            .ok_or(tinyjose::Error::BufferTooSmall { needed: len })?;
        let rng = &mut OsRng;
        let key = &self.key;
        let signature = match self.alg() {
            JwsAlg::Rs256 => key.pkcs1v15_sign_with_rng::<Sha256, _>(rng, signing_input),
            JwsAlg::Rs384 => key.pkcs1v15_sign_with_rng::<Sha384, _>(rng, signing_input),
            JwsAlg::Rs512 => key.pkcs1v15_sign_with_rng::<Sha512, _>(rng, signing_input),
            JwsAlg::Ps256 => key.pss_sign_with_rng::<Sha256, _>(rng, signing_input),
            JwsAlg::Ps384 => key.pss_sign_with_rng::<Sha384, _>(rng, signing_input),
            JwsAlg::Ps512 => key.pss_sign_with_rng::<Sha512, _>(rng, signing_input),
            _ => return Err(tinyjose::Error::UnsupportedAlg),
        }
        .map_err(|_| tinyjose::Error::KeyRejected(KeyReason::InvalidModulus))?;
        if signature.len() != len {
            return Err(tinyjose::Error::KeyRejected(KeyReason::WrongLength));
        }
        out.copy_from_slice(&signature);
        Ok(len)
    }
}

/// An RSA JWK, read by the core's parser: strict JSON, with `kty` `RSA`.
pub(crate) fn rsa_jwk(json: &str) -> Result<Jwk<'_>> {
    let jwk = Jwk::parse(json)?;
    if !jwk.has_kty("RSA") {
        return Err(KeyError::new("the JWK is not an RSA key (\"kty\" is not \"RSA\")").into());
    }
    Ok(jwk)
}

/// The JWK's `alg`, if it has one, parsed by `parse`; `what` names the algorithms expected.
pub(crate) fn jwk_alg<A>(
    jwk: &Jwk<'_>,
    what: &str,
    parse: impl Fn(&str) -> core::result::Result<A, tinyjose::Error>,
) -> Result<Option<A>> {
    let mut buf = [0u8; 64];
    let name = jwk.alg(&mut buf).map_err(|e| match e {
        tinyjose::Error::Json(_) => KeyError::new("the JWK's \"alg\" is not a string").into(),
        e => crate::Error::from(e),
    })?;
    name.map(|name| {
        parse(name).map_err(|e| match e {
            tinyjose::Error::AlgRsa1_5 => crate::Error::Jose(e),
            _ => KeyError::new(format!("the JWK's \"alg\" {name:?} is not {what}")).into(),
        })
    })
    .transpose()
}

/// The core's one `use`/`key_ops` check ([`Jwk::check_use`]), its refusal told in words:
/// `purpose` is what the key is loaded for.
pub(crate) fn check_use(jwk: &Jwk<'_>, use_: &str, ops: &[&str], purpose: &str) -> Result<()> {
    match jwk.check_use(use_, ops) {
        Ok(()) => Ok(()),
        Err(tinyjose::Error::Json(_)) => {
            Err(KeyError::new("the JWK's \"key_ops\" is not a list of distinct operations").into())
        }
        // With every operation wanted, only `use` can refuse.
        Err(_) if jwk.check_use(use_, &Jwk::KEY_OPS).is_err() => Err(KeyError::new(format!(
            "the JWK's \"use\" is not {use_:?}: {purpose} needs {use_:?}"
        ))
        .into()),
        Err(_) => {
            let names: Vec<String> = ops.iter().map(|op| format!("{op:?}")).collect();
            Err(KeyError::new(format!(
                "the JWK's \"key_ops\" does not allow {}",
                names.join(" or ")
            ))
            .into())
        }
    }
}

/// The base64url member `name` of an RSA JWK, decoded (a 4096-bit modulus is 512 bytes).
pub(crate) fn jwk_member(jwk: &Jwk<'_>, name: &str) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let mut buf = Zeroizing::new([0u8; 1024]);
    match jwk.member(name, &mut buf[..]) {
        Ok(bytes) => Ok(bytes.map(|b| Zeroizing::new(b.to_vec()))),
        Err(tinyjose::Error::Json(_)) => {
            Err(KeyError::new(format!("the JWK's {name:?} is not a string")).into())
        }
        Err(tinyjose::Error::KeyRejected(KeyReason::WrongLength)) => Err(KeyError::new(format!(
            "the JWK's {name:?} is longer than a 4096-bit RSA key's"
        ))
        .into()),
        Err(_) => Err(KeyError::new(format!("the JWK's {name:?} is not base64url")).into()),
    }
}

/// Refuses an algorithm that is not RSA.
pub(crate) fn check_alg(alg: JwsAlg) -> Result<()> {
    if alg.is_rsa() {
        Ok(())
    } else {
        Err(KeyError::new(format!("the key is an RSA key, for {RSA_ALGS}, not {alg}")).into())
    }
}

/// The algorithm an RSA key is loaded for: RSA keys imply none, so it must be given.
pub(crate) fn required_alg(alg: Option<JwsAlg>) -> Result<JwsAlg> {
    let alg = alg.ok_or_else(|| {
        KeyError::new(format!(
            "an RSA key implies no algorithm: name the one it is for ({RSA_ALGS})"
        ))
    })?;
    check_alg(alg)?;
    Ok(alg)
}

/// The core's public key for `alg`, with the size refused in words before the core refuses it.
pub(crate) fn public_key(alg: JwsAlg, n: &[u8], e: &[u8]) -> Result<RsaVerifyingKey> {
    check_alg(alg)?;
    let bits = bit_len(n);
    if !(RsaVerifyingKey::MIN_BITS..=RsaVerifyingKey::MAX_BITS).contains(&bits) {
        return Err(KeyError::new(format!(
            "the RSA key has {bits} bits: tinyjose accepts 2048 to 4096 (RFC 7518 §3.3 \
             requires at least 2048)"
        ))
        .into());
    }
    RsaVerifyingKey::new(alg, n, e).map_err(|e| {
        KeyError::with_source(
            "not a valid RSA public key: the modulus must be odd, and the exponent odd, at \
             least 3 and below 2^32",
            e,
        )
        .into()
    })
}

/// The core's public key from a PKCS#1 `RSAPublicKey`.
pub(crate) fn public_key_from_pkcs1(der: &[u8], alg: JwsAlg) -> Result<RsaVerifyingKey> {
    let key = RsaPublicKeyRef::from_der(der)
        .map_err(|e| KeyError::with_source("not a PKCS#1 RSA public key", e))?;
    public_key(alg, key.modulus.as_bytes(), key.public_exponent.as_bytes())
}

fn public_cannot_sign() -> crate::Error {
    KeyError::new("a public key cannot sign: an RSA signing key needs the private key").into()
}

pub(crate) fn pss_key() -> crate::Error {
    KeyError::new(
        "RSASSA-PSS keys (OID 1.2.840.113549.1.1.10) are not supported: use an rsaEncryption \
         key, which serves PS256, PS384 and PS512 too",
    )
    .into()
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    bytes.get(zeros..).unwrap_or_default()
}

/// The bit length of a big-endian unsigned integer.
fn bit_len(bytes: &[u8]) -> usize {
    let bytes = strip_zeros(bytes);
    bytes.first().map_or(0, |&top| {
        (bytes.len() - 1) * 8 + usize::try_from(8 - top.leading_zeros()).unwrap_or(8)
    })
}

/// Whether the big-endian `given` equals `computed`, comparing every byte of `computed`'s
/// fixed-width encoding whatever the values (the values are secret).
fn same(given: &[u8], computed: &BoxedUint) -> bool {
    let computed = Zeroizing::new(computed.to_be_bytes());
    let given = strip_zeros(given);
    let Some(pad) = computed.len().checked_sub(given.len()) else {
        return false;
    };
    let padded = core::iter::repeat_n(&0u8, pad).chain(given);
    let diff = computed
        .iter()
        .zip(padded)
        .fold(0u8, |diff, (a, b)| diff | (a ^ b));
    diff == 0
}
