//! Keys from PEM and DER: SPKI public keys, PKCS#8 private keys and SEC1 EC private keys, decoded
//! by the RustCrypto `spki`, `pkcs8`, `sec1` and `pem-rfc7468` crates.

use p256::pkcs8::der::Decode;
use p256::pkcs8::{
    AssociatedOid, DecodePrivateKey, DecodePublicKey, ObjectIdentifier, PrivateKeyInfoRef,
    SubjectPublicKeyInfoRef,
};
use tinyjose::{JwkKey, JwsAlg, JwsVerifier};
use zeroize::Zeroizing;

use crate::{KeyError, Result};

const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const NOT_YET_RSA: &str = "RSA keys are not supported yet";

/// Loads a key from PEM text: a `PUBLIC KEY` (SPKI), `PRIVATE KEY` (PKCS#8) or
/// `EC PRIVATE KEY` (SEC1) block, for P-256, P-384, P-521 or Ed25519.
///
/// The key decides its algorithm (ES256, ES384, ES512 or EdDSA); `alg`, when given, must be
/// that one. Text around the block and OpenSSL's `EC PARAMETERS` block are skipped. A private
/// key also verifies, with its public half.
///
/// # Errors
///
/// [`Error::Key`](crate::Error::Key) naming what is wrong: no PEM block, an unexpected label, an
/// encrypted or RSA key, a structure the RustCrypto parsers refuse (chained as the `source`), an
/// unsupported curve, or a key for another algorithm than `alg`.
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
            "PUBLIC KEY" => from_spki(&der)?,
            "PRIVATE KEY" => from_pkcs8(&der)?,
            "EC PRIVATE KEY" => from_sec1(&der)?,
            "RSA PUBLIC KEY" | "RSA PRIVATE KEY" => return Err(KeyError::new(NOT_YET_RSA).into()),
            "ENCRYPTED PRIVATE KEY" => {
                return Err(KeyError::new(
                    "encrypted private keys are not supported: decrypt it first \
                     (openssl pkcs8 -in KEY.pem -out PLAIN.pem)",
                )
                .into());
            }
            other => {
                return Err(KeyError::new(format!(
                    "unexpected PEM label {other:?}: expected PUBLIC KEY, PRIVATE KEY or \
                     EC PRIVATE KEY"
                ))
                .into());
            }
        };
        return bind(key, alg);
    }
    Err(KeyError::new("the PEM holds EC parameters but no key").into())
}

/// Loads a key from DER bytes: SPKI public key, PKCS#8 private key or SEC1 EC private key, in
/// that order of trial. As [`key_from_pem`] otherwise.
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
/// # Ok::<(), tinyjose_std::Error>(())
/// ```
pub fn key_from_der(der: &[u8], alg: Option<JwsAlg>) -> Result<JwkKey> {
    let key = if SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        from_spki(der)?
    } else if PrivateKeyInfoRef::from_der(der).is_ok() {
        from_pkcs8(der)?
    } else {
        from_sec1(der).map_err(|_| {
            KeyError::new("not a SPKI public key, PKCS#8 private key or SEC1 EC private key (DER)")
        })?
    };
    bind(key, alg)
}

/// The PEM blocks in `text`, each from its `-----BEGIN` line to the end of its `-----END` line.
fn pem_blocks(text: &str) -> impl Iterator<Item = &str> {
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
            (RSA_ENCRYPTION | RSASSA_PSS, _) => return Err(KeyError::new(NOT_YET_RSA).into()),
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
        }
    }
}

fn from_spki(der: &[u8]) -> Result<JwkKey> {
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

fn from_pkcs8(der: &[u8]) -> Result<JwkKey> {
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

/// Checks that the key is for `alg`, when one is asked for.
fn bind(key: JwkKey, alg: Option<JwsAlg>) -> Result<JwkKey> {
    match alg {
        Some(alg) if alg != key.alg() => {
            Err(KeyError::new(format!("the key is for {}, not {alg}", key.alg())).into())
        }
        _ => Ok(key),
    }
}
