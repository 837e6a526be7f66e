//! Keys from PEM and DER: SPKI public keys, PKCS#8 private keys, SEC1 EC private keys and PKCS#1
//! RSA keys, decoded by the RustCrypto `spki`, `pkcs8`, `sec1`, `pkcs1` and `pem-rfc7468` crates.

use p256::pkcs8::der::Decode;
use p256::pkcs8::{
    AssociatedOid, DecodePrivateKey, DecodePublicKey, ObjectIdentifier, PrivateKeyInfoRef,
    SubjectPublicKeyInfoRef,
};
use rsa::pkcs1::{RsaPrivateKeyRef, RsaPublicKeyRef};
#[cfg(feature = "jwe")]
use tinyjose::{JweAlg, JweKey};
use tinyjose::{JwkKey, JwsAlg, JwsVerifier};
use zeroize::Zeroizing;

use crate::rsa::{RSA_ENCRYPTION, RSASSA_PSS, RsaSigningKey};
use crate::{KeyError, Result};

const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// `id-X25519` (RFC 8410 §3).
#[cfg(feature = "jwe")]
const ID_X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");

/// Why an encrypted private key is refused.
pub(crate) const ENCRYPTED_KEY: &str = "encrypted private keys are not supported: decrypt it \
     first (openssl pkcs8 -in KEY.pem -out PLAIN.pem)";

/// Loads a key from PEM text: a `PUBLIC KEY` (SPKI), `PRIVATE KEY` (PKCS#8), `EC PRIVATE KEY`
/// (SEC1), `RSA PUBLIC KEY` or `RSA PRIVATE KEY` (PKCS#1) block, for P-256, P-384, P-521,
/// Ed25519 or RSA.
///
/// An EC or Ed25519 key decides its algorithm (ES256, ES384, ES512 or EdDSA); `alg`, when given,
/// must be that one. An RSA key implies no algorithm, so `alg` must name one of RS256, RS384,
/// RS512, PS256, PS384 or PS512, and the key is bound to it; its modulus must be 2048 to 4096
/// bits long. Text around the block and OpenSSL's `EC PARAMETERS` block are skipped. A private
/// key also verifies, with its public half (to sign with an RSA key, load it as an
/// [`RsaSigningKey`]).
///
/// # Errors
///
/// [`Error::Key`](crate::Error::Key) naming what is wrong: no PEM block, an unexpected label, an
/// encrypted key, a structure the RustCrypto parsers refuse (chained as the `source`), an
/// unsupported curve, an RSA key without `alg` or outside 2048 to 4096 bits, or a key for
/// another algorithm than `alg`.
///
/// # Examples
///
/// ```
/// use tinyjose::{JwsAlg, JwsVerifier};
///
/// let pem = "-----BEGIN PUBLIC KEY-----
/// MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEWnEpck+EP8/ynccdcrmp+sDbBgtI
/// vN8YYZYk2LuPD7t96ebOrcGSqr4HhbhxtIHY6ZMxzKTvlsOzB+FV16ppfA==
/// -----END PUBLIC KEY-----";
/// let key = tinyjose_std::key_from_pem(pem, None)?;
/// assert_eq!(key.alg(), JwsAlg::Es256);
/// assert!(tinyjose_std::key_from_pem(pem, Some(JwsAlg::Es384)).is_err());
///
/// let rsa = include_str!("../tests/data/keys/rsa.spki.pem");
/// assert_eq!(tinyjose_std::key_from_pem(rsa, Some(JwsAlg::Ps256))?.alg(), JwsAlg::Ps256);
/// assert!(tinyjose_std::key_from_pem(rsa, None).is_err());
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn key_from_pem(pem: &str, alg: Option<JwsAlg>) -> Result<JwkKey> {
    let mut blocks = pem_blocks(pem).peekable();
    if blocks.peek().is_none() {
        return Err(KeyError::new("no PEM block (-----BEGIN ...-----) found").into());
    }
    for block in blocks {
        let (label, der) = pem_rfc7468::decode_vec(block.as_bytes())
            .map_err(|e| KeyError::with_source("a PEM block is malformed", e))?;
        let der = Zeroizing::new(der);
        let key = match label {
            "EC PARAMETERS" => continue,
            "PUBLIC KEY" => from_spki(&der, alg)?,
            "PRIVATE KEY" => from_pkcs8(&der, alg)?,
            "EC PRIVATE KEY" => from_sec1(&der)?,
            "RSA PUBLIC KEY" => rsa_pkcs1_public(&der, alg)?,
            "RSA PRIVATE KEY" => rsa_pkcs1_private(&der, alg)?,
            "ENCRYPTED PRIVATE KEY" => return Err(KeyError::new(ENCRYPTED_KEY).into()),
            other => {
                return Err(KeyError::new(format!(
                    "unexpected PEM label {other:?}: expected PUBLIC KEY, PRIVATE KEY, \
                     EC PRIVATE KEY, RSA PUBLIC KEY or RSA PRIVATE KEY"
                ))
                .into());
            }
        };
        return bind(key, alg);
    }
    Err(KeyError::new("the PEM holds EC parameters but no key").into())
}

/// Loads a key from DER bytes: SPKI public key, PKCS#8 private key, PKCS#1 RSA private key,
/// PKCS#1 RSA public key or SEC1 EC private key, in that order of trial. As [`key_from_pem`]
/// otherwise: an RSA key needs `alg`.
///
/// # Errors
///
/// As [`key_from_pem`].
///
/// # Examples
///
/// ```
/// use tinyjose::{JwsAlg, JwsVerifier};
///
/// // The SPKI of the P-256 key in the `key_from_pem` example.
/// let der = base64ct::Base64::decode_vec(
///     "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEWnEpck+EP8/ynccdcrmp+sDbBgtI\
///      vN8YYZYk2LuPD7t96ebOrcGSqr4HhbhxtIHY6ZMxzKTvlsOzB+FV16ppfA==",
/// ).unwrap();
/// # use base64ct::Encoding;
/// assert_eq!(tinyjose_std::key_from_der(&der, Some(JwsAlg::Es256))?.alg(), JwsAlg::Es256);
///
/// let rsa = include_bytes!("../tests/data/keys/rsa.pkcs1-public.der");
/// assert_eq!(tinyjose_std::key_from_der(rsa, Some(JwsAlg::Rs256))?.alg(), JwsAlg::Rs256);
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn key_from_der(der: &[u8], alg: Option<JwsAlg>) -> Result<JwkKey> {
    let key = if SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        from_spki(der, alg)?
    } else if PrivateKeyInfoRef::from_der(der).is_ok() {
        from_pkcs8(der, alg)?
    } else if RsaPrivateKeyRef::from_der(der).is_ok() {
        rsa_pkcs1_private(der, alg)?
    } else if RsaPublicKeyRef::from_der(der).is_ok() {
        rsa_pkcs1_public(der, alg)?
    } else {
        from_sec1(der).map_err(|_| {
            KeyError::new(
                "not a SPKI public key, PKCS#8 private key, PKCS#1 RSA key or SEC1 EC private \
                 key (DER)",
            )
        })?
    };
    bind(key, alg)
}

#[cfg(feature = "jwe")]
/// The PEM blocks in `text`, each from its `-----BEGIN` line to the end of its `-----END` line.
/// An ECDH-ES key (RFC 7518 §4.6, RFC 8037 §3.2) for `alg` from PEM: a `PUBLIC KEY` (SPKI)
/// encrypts, a `PRIVATE KEY` (PKCS#8) or `EC PRIVATE KEY` (SEC1) decrypts and encrypts, on
/// P-256, P-384 or X25519 (`openssl genpkey -algorithm X25519`).
///
/// # Errors
///
/// [`Error::Key`](crate::Error::Key) for PEM that holds no such key (another curve, RSA, an
/// encrypted key); the core's errors for an `alg` that is not ECDH-ES or an invalid key.
///
/// # Examples
///
/// ```
/// use tinyjose::{JweAlg, JweDecrypter};
///
/// let pem = "-----BEGIN PRIVATE KEY-----
/// MC4CAQAwBQYDK2VuBCIEIHAmdcB4WjPoUMBqJd2aQtEIVapIWFf1Au6I0l0WjxRV
/// -----END PRIVATE KEY-----";
/// let key = tinyjose_std::ecdh_es_key_from_pem(pem, JweAlg::EcdhEsA128Kw)?;
/// assert!(key.can_decrypt());
/// assert_eq!(key.alg(), JweAlg::EcdhEsA128Kw);
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn ecdh_es_key_from_pem(pem: &str, alg: JweAlg) -> Result<JweKey> {
    for block in pem_blocks(pem) {
        let (label, der) = pem_rfc7468::decode_vec(block.as_bytes())
            .map_err(|e| KeyError::with_source("a PEM block is malformed", e))?;
        let der = Zeroizing::new(der);
        match label {
            "EC PARAMETERS" => {}
            "PUBLIC KEY" | "PRIVATE KEY" | "EC PRIVATE KEY" => {
                return ecdh_es_key_from_der(&der, alg);
            }
            "ENCRYPTED PRIVATE KEY" => return Err(KeyError::new(ENCRYPTED_KEY).into()),
            other => {
                return Err(KeyError::new(format!(
                    "unexpected PEM label {other:?} for an ECDH-ES key: expected PUBLIC KEY, \
                     PRIVATE KEY or EC PRIVATE KEY"
                ))
                .into());
            }
        }
    }
    Err(KeyError::new("no PEM block (-----BEGIN ...-----) with a key found").into())
}

#[cfg(feature = "jwe")]
/// As [`ecdh_es_key_from_pem`], from DER.
///
/// # Errors
///
/// As [`ecdh_es_key_from_pem`].
///
/// # Examples
///
/// ```
/// use tinyjose::{JweAlg, JweEncrypter};
///
/// // The SPKI of an X25519 public key (RFC 8410 §10.1).
/// let der = [
///     0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00, 0x85, 0x20, 0xf0,
///     0x09, 0x89, 0x30, 0xa7, 0x54, 0x74, 0x8b, 0x7d, 0xdc, 0xb4, 0x3e, 0xf7, 0x5a, 0x0d, 0xbf,
///     0x3a, 0x0d, 0x26, 0x38, 0x1a, 0xf4, 0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a,
/// ];
/// let key = tinyjose_std::ecdh_es_key_from_der(&der, JweAlg::EcdhEs)?;
/// assert!(!key.can_decrypt());
/// assert_eq!(key.encrypted_key_len(tinyjose::Enc::A256Gcm), 0);
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn ecdh_es_key_from_der(der: &[u8], alg: JweAlg) -> Result<JweKey> {
    let invalid =
        |e: &dyn core::fmt::Display| KeyError::new(format!("not a valid X25519 key: {e}"));
    if let Ok(info) = SubjectPublicKeyInfoRef::from_der(der)
        && info.algorithm.oid == ID_X25519
    {
        let u = info
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| invalid(&"the key is not a whole number of bytes"))?;
        return Ok(JweKey::EcdhEsPublic(tinyjose::EcdhEsPublicKey::x25519(
            alg, u,
        )?));
    }
    if let Ok(info) = PrivateKeyInfoRef::from_der(der)
        && info.algorithm.oid == ID_X25519
    {
        // RFC 8410 §7: the key is an OCTET STRING inside the PKCS#8 OCTET STRING.
        let inner =
            <&p256::pkcs8::der::asn1::OctetStringRef>::from_der(info.private_key.as_bytes())
                .map_err(|e| invalid(&e))?;
        let key = tinyjose::EcdhEsPrivateKey::x25519(alg, inner.as_bytes())?;
        let public = key.public_key();
        return Ok(JweKey::EcdhEsPrivate(key, public));
    }
    // P-256 and P-384: the core builds ECDH-ES keys from their JWK.
    let key = key_from_der(der, None)?;
    let jwk = match &key {
        JwkKey::Es256(_) | JwkKey::Es384(_) => Zeroizing::new(crate::public_jwk(&key)?),
        JwkKey::Es256Private(..) | JwkKey::Es384Private(..) => crate::private_jwk(&key)?,
        other => {
            return Err(KeyError::new(format!(
                "a {} key cannot serve ECDH-ES: use a P-256, P-384 or X25519 key",
                other.alg()
            ))
            .into());
        }
    };
    Ok(tinyjose::Jwk::parse(&jwk)?.to_jwe_key(Some(alg))?)
}

pub(crate) fn pem_blocks(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    core::iter::from_fn(move || {
        let start = rest.find("-----BEGIN ")?;
        let from_start = rest.get(start..)?;
        let end = from_start
            .find("-----END ")
            .and_then(|e| {
                let tail = from_start.get(e + 9..)?;
                let close = tail.find("-----")?;
                Some(e + 9 + close + 5)
            })
            .unwrap_or(from_start.len());
        let block = from_start.get(..end)?;
        rest = from_start.get(end..).unwrap_or_default();
        Some(block)
    })
}

/// The key types this crate loads from PEM and DER.
#[derive(Clone, Copy)]
enum Kind {
    P256,
    P384,
    P521,
    Ed25519,
    Rsa,
}

impl Kind {
    fn from_oids(oid: ObjectIdentifier, parameter: Option<ObjectIdentifier>) -> Result<Self> {
        let kind = match (oid, parameter) {
            (ID_EC_PUBLIC_KEY, Some(p256::NistP256::OID)) => Self::P256,
            (ID_EC_PUBLIC_KEY, Some(p384::NistP384::OID)) => Self::P384,
            (ID_EC_PUBLIC_KEY, Some(p521::NistP521::OID)) => Self::P521,
            (ID_EC_PUBLIC_KEY, curve) => {
                let curve = curve.map_or_else(|| "none".to_owned(), |c| c.to_string());
                return Err(KeyError::new(format!(
                    "unsupported elliptic curve {curve}: expected P-256, P-384 or P-521"
                ))
                .into());
            }
            (ed25519_dalek::pkcs8::ALGORITHM_OID, _) => Self::Ed25519,
            (RSA_ENCRYPTION, _) => Self::Rsa,
            (RSASSA_PSS, _) => return Err(crate::rsa::pss_key()),
            (other, _) => {
                return Err(KeyError::new(format!("unsupported key algorithm {other}")).into());
            }
        };
        Ok(kind)
    }

    const fn name(self) -> &'static str {
        match self {
            Self::P256 => "P-256",
            Self::P384 => "P-384",
            Self::P521 => "P-521",
            Self::Ed25519 => "Ed25519",
            Self::Rsa => "RSA",
        }
    }
}

pub(crate) fn from_spki(der: &[u8], alg: Option<JwsAlg>) -> Result<JwkKey> {
    let info = SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|e| KeyError::with_source("not a SPKI public key", e))?;
    let (oid, parameter) = info
        .algorithm
        .oids()
        .map_err(|e| KeyError::with_source("not a SPKI public key", e))?;
    let kind = Kind::from_oids(oid, parameter)?;
    let invalid = |e: &dyn core::fmt::Display| {
        KeyError::new(format!("not a valid {} public key: {e}", kind.name()))
    };
    macro_rules! ec {
        ($curve:ident, $Key:ident, $Variant:ident) => {{
            let public = $curve::PublicKey::from_public_key_der(der).map_err(|e| invalid(&e))?;
            let key = tinyjose::$Key::from_sec1_bytes(&public.to_sec1_bytes())
                .map_err(|e| invalid(&e))?;
            JwkKey::$Variant(key)
        }};
    }
    Ok(match kind {
        Kind::P256 => ec!(p256, Es256VerifyingKey, Es256),
        Kind::P384 => ec!(p384, Es384VerifyingKey, Es384),
        Kind::P521 => ec!(p521, Es512VerifyingKey, Es512),
        Kind::Rsa => {
            let alg = crate::rsa::required_alg(alg)?;
            let key = info
                .subject_public_key
                .as_bytes()
                .ok_or_else(|| invalid(&"the key is not a whole number of bytes"))?;
            JwkKey::Rsa(crate::rsa::public_key_from_pkcs1(key, alg)?)
        }
        Kind::Ed25519 => {
            let public =
                ed25519_dalek::VerifyingKey::from_public_key_der(der).map_err(|e| invalid(&e))?;
            JwkKey::Ed25519(
                tinyjose::Ed25519VerifyingKey::from_bytes(public.as_bytes())
                    .map_err(|e| invalid(&e))?,
            )
        }
    })
}

/// The core key for a private scalar.
macro_rules! ec_private {
    ($secret:expr, $Key:ident, $Variant:ident, $invalid:expr) => {{
        let d = Zeroizing::new($secret.to_bytes());
        let key = tinyjose::$Key::from_bytes(&d[..]).map_err($invalid)?;
        let public = key.verifying_key();
        JwkKey::$Variant(key, public)
    }};
}

fn from_pkcs8(der: &[u8], alg: Option<JwsAlg>) -> Result<JwkKey> {
    let info = PrivateKeyInfoRef::from_der(der)
        .map_err(|e| KeyError::with_source("not a PKCS#8 private key", e))?;
    let (oid, parameter) = info
        .algorithm
        .oids()
        .map_err(|e| KeyError::with_source("not a PKCS#8 private key", e))?;
    let kind = Kind::from_oids(oid, parameter)?;
    let invalid = |e: &dyn core::fmt::Display| {
        KeyError::new(format!("not a valid {} private key: {e}", kind.name()))
    };
    Ok(match kind {
        Kind::P256 => {
            let secret = p256::SecretKey::from_pkcs8_der(der).map_err(|e| invalid(&e))?;
            ec_private!(secret, Es256SigningKey, Es256Private, |e| invalid(&e))
        }
        Kind::P384 => {
            let secret = p384::SecretKey::from_pkcs8_der(der).map_err(|e| invalid(&e))?;
            ec_private!(secret, Es384SigningKey, Es384Private, |e| invalid(&e))
        }
        Kind::P521 => {
            let secret = p521::SecretKey::from_pkcs8_der(der).map_err(|e| invalid(&e))?;
            ec_private!(secret, Es512SigningKey, Es512Private, |e| invalid(&e))
        }
        Kind::Rsa => {
            let alg = crate::rsa::required_alg(alg)?;
            JwkKey::Rsa(RsaSigningKey::from_pkcs8_der(der, alg)?.verifying_key())
        }
        Kind::Ed25519 => {
            let secret = ed25519_dalek::SigningKey::from_pkcs8_der(der).map_err(|e| invalid(&e))?;
            ec_private!(secret, Ed25519SigningKey, Ed25519Private, |e| invalid(&e))
        }
    })
}

/// A SEC1 `ECPrivateKey`: its curve is named in its parameters, or implied by its length.
fn from_sec1(der: &[u8]) -> Result<JwkKey> {
    let invalid =
        |e: &dyn core::fmt::Display| KeyError::new(format!("not a valid SEC1 EC private key: {e}"));
    if let Ok(secret) = p256::SecretKey::from_sec1_der(der) {
        return Ok(ec_private!(secret, Es256SigningKey, Es256Private, |e| {
            invalid(&e)
        }));
    }
    if let Ok(secret) = p384::SecretKey::from_sec1_der(der) {
        return Ok(ec_private!(secret, Es384SigningKey, Es384Private, |e| {
            invalid(&e)
        }));
    }
    match p521::SecretKey::from_sec1_der(der) {
        Ok(secret) => Ok(ec_private!(secret, Es512SigningKey, Es512Private, |e| {
            invalid(&e)
        })),
        Err(e) => Err(KeyError::with_source(
            "not a SEC1 EC private key on P-256, P-384 or P-521",
            e,
        )
        .into()),
    }
}

/// An RSA public key from PKCS#1 DER, for `alg`.
fn rsa_pkcs1_public(der: &[u8], alg: Option<JwsAlg>) -> Result<JwkKey> {
    let alg = crate::rsa::required_alg(alg)?;
    Ok(JwkKey::Rsa(crate::rsa::public_key_from_pkcs1(der, alg)?))
}

/// The public half of an RSA private key from PKCS#1 DER, for `alg`, once the whole key has
/// been checked.
fn rsa_pkcs1_private(der: &[u8], alg: Option<JwsAlg>) -> Result<JwkKey> {
    let alg = crate::rsa::required_alg(alg)?;
    Ok(JwkKey::Rsa(
        RsaSigningKey::from_pkcs1_der(der, alg)?.verifying_key(),
    ))
}

/// Binds the key to `alg`, when one is asked for (an Ed25519 key takes `EdDSA` or `Ed25519`).
fn bind(key: JwkKey, alg: Option<JwsAlg>) -> Result<JwkKey> {
    match alg {
        Some(alg) => {
            let own = key.alg();
            key.for_alg(alg)
                .map_err(|_| KeyError::new(format!("the key is for {own}, not {alg}")).into())
        }
        None => Ok(key),
    }
}
