//! JWE key files: a JWK, a JWK Set, a PEM/DER key, or a password file for PBES2, each bound to
//! one key management algorithm.

use std::rc::Rc;

use serde_json::Value;
use tinyjose_std::tinyjose::{self, Pbes2Key};
use tinyjose_std::{
    JweAlg, JweDecrypter, JweEncrypter, JweKey, Jwk, JwkKey, JwkSet, JwsVerifier, RsaOaepKey,
    RsaOaepPublicKey, UntrustedJwe,
};
use zeroize::Zeroizing;

use crate::failure::Failure;
use crate::keys::KeyFile;

/// A JWE key, bound to one algorithm: it decrypts if it is a secret or private key, and
/// encrypts.
pub(crate) struct LoadedKey {
    pub(crate) alg: JweAlg,
    /// The JWK's `kid`, if it has one.
    pub(crate) kid: Option<String>,
    decrypter: Option<Rc<dyn JweDecrypter>>,
    encrypter: Rc<dyn JweEncrypter>,
}

impl LoadedKey {
    fn both<K: JweDecrypter + JweEncrypter + 'static>(alg: JweAlg, key: K) -> Self {
        let key = Rc::new(key);
        Self {
            alg,
            kid: None,
            decrypter: Some(key.clone()),
            encrypter: key,
        }
    }

    fn core(key: JweKey) -> Self {
        let alg = JweDecrypter::alg(&key);
        let can_decrypt = key.can_decrypt();
        let mut loaded = Self::both(alg, key);
        if !can_decrypt {
            loaded.decrypter = None;
        }
        loaded
    }

    fn public_rsa(key: RsaOaepPublicKey) -> Self {
        Self {
            alg: key.alg(),
            kid: None,
            decrypter: None,
            encrypter: Rc::new(key),
        }
    }

    /// The key as a decrypter, or why it cannot decrypt.
    pub(crate) fn decrypter(&self, path: &str) -> Result<&dyn JweDecrypter, Failure> {
        self.decrypter.as_deref().ok_or_else(|| {
            Failure::usage(format!(
                "key file {path}: a public key cannot decrypt; pass the private key"
            ))
        })
    }

    pub(crate) fn encrypter(&self) -> &dyn JweEncrypter {
        &*self.encrypter
    }
}

/// The JWE key of a `--key` file, bound to one algorithm: the one the JWK names (which must be
/// among `allowed` when `allowed` is not empty), else the one of `allowed`, else, when
/// decrypting `token`, its `alg` if `allowed` lists it or is empty: a key that names no
/// algorithm serves the token's when its type and size admit it, as the core's key loaders
/// decide. With a PBES2 algorithm allowed, the file holds the password. A JWK Set is for
/// decryption: `token` chooses its key.
pub(crate) fn load(
    path: &str,
    allowed: &[JweAlg],
    token: Option<&UntrustedJwe<'_>>,
) -> Result<LoadedKey, Failure> {
    if allowed.iter().any(|a| is_pbes2(*a)) {
        let (alg, _) = bind(path, None, allowed, token)?;
        return password(path, alg, None);
    }
    let file = KeyFile::read(path)?;
    let own = match &file {
        KeyFile::Jwk(_, value) => match value.get("alg").and_then(Value::as_str) {
            Some("RSA1_5") => {
                let refused = tinyjose::Error::AlgRsa1_5;
                return Err(Failure::usage(format!("key file {path}: {refused}")));
            }
            // A `dir` key may name the `enc` it is for as its `alg` (RFC 7520 §5.6).
            Some(enc) if tinyjose::Enc::from_name(enc).is_ok() => Some(JweAlg::Dir),
            Some(name) => Some(JweAlg::from_name(name).map_err(|_| {
                Failure::usage(format!(
                    "key file {path}: the JWK's \"alg\" {name:?} is not a JWE key management \
                     algorithm"
                ))
            })?),
            None => None,
        },
        KeyFile::Jwks(text, value) => {
            let Some(jwe) = token else {
                return Err(Failure::usage(format!(
                    "key file {path}: holds a JWK Set; pass the one JWK to encrypt with"
                )));
            };
            if !allowed.is_empty() && !allowed.contains(&jwe.header().alg()) {
                return Err(tinyjose::Error::AlgMismatch.into());
            }
            return jwks_key(path, text, value, jwe);
        }
        KeyFile::Pem(_) | KeyFile::Der(_) => None,
    };
    // A secret without `alg` serves several families (dir, AES key wrap, AES-GCM key wrap) with
    // the same bytes: the token may not choose among them. An EC, X25519 or RSA key serves one
    // family (ECDH-ES, RSA-OAEP), whose member the token names.
    if let (None, [], KeyFile::Jwk(_, value)) = (own, allowed, &file)
        && value.get("kty").and_then(Value::as_str) == Some("oct")
    {
        return Err(Failure::usage(format!(
            "key file {path}: a secret without \"alg\" serves dir, AES key wrap and AES-GCM key \
             wrap alike; pass --alg"
        )));
    }
    let (alg, from_token) = bind(path, own, allowed, token)?;
    match load_as(path, &file, alg) {
        Err(error) if from_token => {
            // The token chose an algorithm the key does not admit: name those it admits.
            let admitted: Vec<&str> = JweAlg::ALL
                .into_iter()
                .filter(|&a| a != alg && !is_pbes2(a) && load_as(path, &file, a).is_ok())
                .map(JweAlg::name)
                .collect();
            if admitted.is_empty() {
                return Err(error);
            }
            Err(Failure::RejectedWith(
                tinyjose::Error::AlgMismatch.into(),
                format!(
                    "{}: the token says {alg}; the key names no algorithm and serves {}",
                    tinyjose::Error::AlgMismatch,
                    admitted.join(", ")
                ),
            ))
        }
        loaded => loaded,
    }
}

/// The key of `file` (not a JWK Set) for `alg`.
fn load_as(path: &str, file: &KeyFile, alg: JweAlg) -> Result<LoadedKey, Failure> {
    let (text, value) = match file {
        KeyFile::Jwk(text, value) => (text, value),
        KeyFile::Pem(_) | KeyFile::Der(_) => return pem_key(path, file, alg),
        KeyFile::Jwks(..) => {
            return Err(Failure::usage(format!(
                "key file {path}: holds a JWK Set; pass one JWK"
            )));
        }
    };
    let jwk = Jwk::parse(text).map_err(|e| Failure::key_file(path, &e))?;
    let kid = crate::keys::kid_of(&jwk, text).map_err(|e| Failure::key_file(path, &e))?;
    let mut key = if value.get("kty").and_then(Value::as_str) == Some("RSA") {
        rsa_jwk(path, text, value, alg)?
    } else {
        if let Some(use_) = value.get("use").and_then(Value::as_str)
            && use_ != "enc"
        {
            return Err(Failure::usage(format!(
                "key file {path}: the JWK is for \"use\":{use_:?}; encryption needs \"enc\""
            )));
        }
        let key = jwk.to_jwe_key(Some(alg)).map_err(|e| match e {
            tinyjose::Error::UnsupportedAlg => Failure::usage(format!(
                "key file {path}: {alg} is not available in this build"
            )),
            e => Failure::usage(format!("key file {path}: {e}: the key cannot serve {alg}")),
        })?;
        LoadedKey::core(key)
    };
    key.kid = kid;
    Ok(key)
}

/// The algorithm a key is bound to (see [`load`]), and whether the token chose it.
fn bind(
    path: &str,
    own: Option<JweAlg>,
    allowed: &[JweAlg],
    token: Option<&UntrustedJwe<'_>>,
) -> Result<(JweAlg, bool), Failure> {
    match (own, allowed, token) {
        (Some(own), [], _) => Ok((own, false)),
        (Some(own), allowed, _) if allowed.contains(&own) => Ok((own, false)),
        (Some(own), _, _) => Err(Failure::usage(format!(
            "key file {path}: the key is for {own}, which --alg does not allow"
        ))),
        (None, [one], _) => Ok((*one, false)),
        (None, [], Some(jwe)) => Ok((jwe.header().alg(), true)),
        (None, [], None) => Err(Failure::usage(format!(
            "key file {path}: the key names no algorithm; pass --alg"
        ))),
        (None, allowed, Some(jwe)) if allowed.contains(&jwe.header().alg()) => {
            Ok((jwe.header().alg(), true))
        }
        (None, _, Some(_)) => Err(tinyjose::Error::AlgMismatch.into()),
        (None, _, None) => Err(Failure::usage("pass one --alg")),
    }
}

/// An RSA JWK: private (decrypts and encrypts) or public (encrypts).
fn rsa_jwk(path: &str, text: &str, value: &Value, alg: JweAlg) -> Result<LoadedKey, Failure> {
    let rejected = |e: tinyjose_std::Error| Failure::key_file(path, &e);
    let alg = Some(alg);
    if value.get("d").is_some() {
        let key = RsaOaepKey::from_jwk(text, alg).map_err(rejected)?;
        Ok(LoadedKey::both(key.alg(), key))
    } else {
        let key = RsaOaepPublicKey::from_jwk(text, alg).map_err(rejected)?;
        Ok(LoadedKey::public_rsa(key))
    }
}

/// The key of a JWK Set that decrypts `jwe`: chosen by `kid`, else the one key that fits its
/// `alg` (RSA keys as the core chooses the others).
fn jwks_key(
    path: &str,
    text: &str,
    value: &Value,
    jwe: &UntrustedJwe<'_>,
) -> Result<LoadedKey, Failure> {
    let alg = jwe.header().alg();
    if matches!(alg, JweAlg::RsaOaep | JweAlg::RsaOaep256) {
        let members = value.get("keys").and_then(Value::as_array);
        let candidates: Vec<&Value> = members
            .into_iter()
            .flatten()
            .filter(|k| k.get("kty").and_then(Value::as_str) == Some("RSA"))
            .filter(|k| k.get("d").is_some())
            .filter(|k| k.get("use").is_none_or(|u| u == "enc"))
            .filter(|k| match jwe.header().kid() {
                Some(kid) => k.get("kid").and_then(Value::as_str) == Some(kid),
                None => true,
            })
            .filter(|k| k.get("alg").is_none_or(|a| a.as_str() == Some(alg.name())))
            .collect();
        return match candidates.as_slice() {
            [] => Err(tinyjose::Error::NoMatchingKey.into()),
            [one] => {
                let key = RsaOaepKey::from_jwk(&one.to_string(), Some(alg))
                    .map_err(|e| Failure::key_file(path, &e))?;
                Ok(LoadedKey::both(alg, key))
            }
            _ => Err(tinyjose::Error::AmbiguousKey.into()),
        };
    }
    let set = JwkSet::parse(text).map_err(|e| Failure::key_file(path, &e))?;
    Ok(LoadedKey::core(set.jwe_key_for(jwe)?))
}

/// The key of a PEM or DER file: an ECDH-ES key (P-256, P-384 or X25519), or an RSA key; private
/// when the file holds one, else public.
fn pem_key(path: &str, file: &KeyFile, alg: JweAlg) -> Result<LoadedKey, Failure> {
    if alg.is_ecdh_es() {
        let key = match file {
            KeyFile::Pem(text) => tinyjose_std::ecdh_es_key_from_pem(text, alg),
            KeyFile::Der(der) => tinyjose_std::ecdh_es_key_from_der(der, alg),
            KeyFile::Jwk(..) | KeyFile::Jwks(..) => {
                return Err(Failure::usage(format!("key file {path}: not PEM or DER")));
            }
        };
        return Ok(LoadedKey::core(
            key.map_err(|e| Failure::key_file(path, &e))?,
        ));
    }
    let loaded = file.pem_key(path, None)?;
    match loaded.key {
        JwkKey::Rsa(_) => {
            if !matches!(alg, JweAlg::RsaOaep | JweAlg::RsaOaep256) {
                return Err(Failure::usage(format!(
                    "key file {path}: an RSA key serves RSA-OAEP or RSA-OAEP-256, not {alg}"
                )));
            }
            let rejected = |e: tinyjose_std::Error| Failure::key_file(path, &e);
            let private = match file {
                KeyFile::Pem(text) if loaded.rsa.is_some() => {
                    Some(RsaOaepKey::from_pem(text, alg).map_err(rejected)?)
                }
                KeyFile::Der(der) if loaded.rsa.is_some() => {
                    Some(RsaOaepKey::from_der(der, alg).map_err(rejected)?)
                }
                _ => None,
            };
            if let Some(key) = private {
                return Ok(LoadedKey::both(alg, key));
            }
            let public = match file {
                KeyFile::Pem(text) => RsaOaepPublicKey::from_pem(text, alg),
                KeyFile::Der(der) => RsaOaepPublicKey::from_der(der, alg),
                KeyFile::Jwk(..) | KeyFile::Jwks(..) => {
                    return Err(Failure::usage(format!("key file {path}: not PEM or DER")));
                }
            }
            .map_err(rejected)?;
            Ok(LoadedKey::public_rsa(public))
        }
        JwkKey::Es256(_)
        | JwkKey::Es256Private(..)
        | JwkKey::Es384(_)
        | JwkKey::Es384Private(..) => Err(Failure::usage(format!(
            "key file {path}: an EC key serves the ECDH-ES algorithms, not {alg}"
        ))),
        other => Err(Failure::usage(format!(
            "key file {path}: a {} key cannot serve {alg}: JWE uses RSA keys (RSA-OAEP), P-256, \
             P-384 and X25519 keys (ECDH-ES) and secret JWKs",
            other.alg()
        ))),
    }
}

/// A PBES2 password: the bytes of the file, without one trailing line ending, with `count`
/// iterations when encrypting (the core's default, 10 000, when `None`).
pub(crate) fn password(path: &str, alg: JweAlg, count: Option<u32>) -> Result<LoadedKey, Failure> {
    let bytes = Zeroizing::new(crate::input::file(path)?);
    let password = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
    let password = password.strip_suffix(b"\r").unwrap_or(password);
    let mut key = Pbes2Key::new(alg, password).map_err(|_| {
        Failure::usage(format!(
            "key file {path}: a PBES2 password must be 1 to 128 bytes long"
        ))
    })?;
    if let Some(count) = count {
        key = key.with_count(count).map_err(|_| {
            Failure::usage(format!(
                "--pbes2-count {count}: at least 1000 iterations (RFC 7518 §4.8.1.2)"
            ))
        })?;
    }
    Ok(LoadedKey::both(alg, key))
}

pub(crate) fn is_pbes2(alg: JweAlg) -> bool {
    matches!(
        alg,
        JweAlg::Pbes2Hs256A128Kw | JweAlg::Pbes2Hs384A192Kw | JweAlg::Pbes2Hs512A256Kw
    )
}

/// Parses a JWE algorithm name for clap.
pub(crate) fn parse_alg(name: &str) -> Result<JweAlg, String> {
    JweAlg::from_name(name).map_err(|e| {
        if e == tinyjose::Error::AlgRsa1_5 {
            e.to_string()
        } else {
            let names: Vec<&str> = JweAlg::ALL.iter().map(|a| a.name()).collect();
            format!(
                "unknown key management algorithm {name:?}; expected one of {}",
                names.join(", ")
            )
        }
    })
}

/// Parses a content encryption name for clap.
pub(crate) fn parse_enc(name: &str) -> Result<tinyjose::Enc, String> {
    tinyjose::Enc::from_name(name).map_err(|_| {
        let names: Vec<&str> = tinyjose::Enc::ALL.iter().map(|e| e.name()).collect();
        format!(
            "unknown content encryption {name:?}; expected one of {}",
            names.join(", ")
        )
    })
}
