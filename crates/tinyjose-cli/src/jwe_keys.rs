//! JWE key files: a JWK, a JWK Set, a PEM/DER key, or a password file for PBES2, each loaded as
//! the `tinyjose-std` key bound to one key management algorithm.

use tinyjose_std::tinyjose::{self, Enc, KeyReason};
use tinyjose_std::{EncryptionKey, JweAlg, JweDecrypter, Jwk, JwsAlg, UntrustedJwe};
use zeroize::Zeroizing;

use crate::failure::Failure;
use crate::keys::{self, KeyFile};

/// The JWE key of a `--key` file, bound to one algorithm: the one the JWK names (which must be
/// among `allowed` when `allowed` is not empty), else the one of `allowed`, else, when
/// decrypting `token`, its `alg` if `allowed` lists it or is empty: a key that names no
/// algorithm serves the token's when its type and size admit it, as `tinyjose-std` decides. With
/// a PBES2 algorithm allowed, the file holds the password. A JWK Set is for decryption: `token`
/// chooses its key.
pub(crate) fn load(
    path: &str,
    allowed: &[JweAlg],
    token: Option<&UntrustedJwe<'_>>,
) -> Result<EncryptionKey, Failure> {
    if allowed.iter().any(|a| a.is_pbes2()) {
        let (alg, _) = bind(path, None, allowed, token)?;
        return password(path, alg, None);
    }
    let file = KeyFile::read(path)?;
    let own = match &file {
        KeyFile::Jwk(text) => {
            let jwk = keys::parse_jwk(path, text)?;
            let own = own_alg(path, &jwk)?;
            // A secret without `alg` serves several families (dir, AES key wrap, AES-GCM key
            // wrap) with the same bytes: the token may not choose among them. An EC, X25519 or
            // RSA key serves one family (ECDH-ES, RSA-OAEP), whose member the token names.
            if own.is_none() && allowed.is_empty() && jwk.is_symmetric() {
                return Err(Failure::usage(format!(
                    "key file {path}: a secret without \"alg\" serves dir, AES key wrap and \
                     AES-GCM key wrap alike; pass --alg"
                )));
            }
            own
        }
        KeyFile::Jwks(text) => {
            let Some(jwe) = token else {
                return Err(Failure::usage(format!(
                    "key file {path}: holds a JWK Set; pass the one JWK to encrypt with (or, for \
                     a JSON serialization, to decrypt with)"
                )));
            };
            if !allowed.is_empty() && !allowed.contains(&jwe.header().alg()) {
                return Err(tinyjose::Error::AlgMismatch.into());
            }
            return EncryptionKey::from_jwks_for(text, jwe).map_err(|e| match e {
                // The key the token names does not load.
                e @ tinyjose_std::Error::Key(_) => Failure::key_file(path, &e),
                e => Failure::Rejected(e),
            });
        }
        KeyFile::Pem(_) | KeyFile::Der(_) => None,
    };
    let (alg, from_token) = bind(path, own, allowed, token)?;
    match load_as(path, &file, alg) {
        Err(error) if from_token => {
            // The token chose an algorithm the key does not admit: name those it admits.
            let admitted: Vec<&str> = JweAlg::ALL
                .into_iter()
                .filter(|&a| a != alg && !a.is_pbes2() && load_as(path, &file, a).is_ok())
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

/// The keys of a `--key` file holding a JWK Set, for a JSON serialization: every key that can
/// decrypt, bound to each algorithm it serves among `allowed` (all when empty); `None` for any
/// other file.
pub(crate) fn load_set(
    path: &str,
    allowed: &[JweAlg],
) -> Result<Option<Vec<EncryptionKey>>, Failure> {
    if allowed.iter().any(|a| a.is_pbes2()) {
        return Ok(None);
    }
    let KeyFile::Jwks(text) = KeyFile::read(path)? else {
        return Ok(None);
    };
    let mut keys = EncryptionKey::from_jwks_all(&text).map_err(|e| Failure::key_file(path, &e))?;
    if !allowed.is_empty() {
        keys.retain(|k| allowed.contains(&k.alg()));
    }
    Ok(Some(keys))
}

/// The algorithm a JWK names: a JWE key management algorithm, or `dir` for a key that names
/// the `enc` it is for (RFC 7520 §5.6).
fn own_alg(path: &str, jwk: &Jwk<'_>) -> Result<Option<JweAlg>, Failure> {
    let Some(name) = keys::named_alg(jwk) else {
        return Ok(None);
    };
    match JweAlg::from_name(&name) {
        Ok(alg) => Ok(Some(alg)),
        Err(refused @ tinyjose::Error::AlgRsa1_5) => {
            Err(Failure::usage(format!("key file {path}: {refused}")))
        }
        Err(_) if Enc::from_name(&name).is_ok() => Ok(Some(JweAlg::Dir)),
        Err(_) => Err(Failure::usage(format!(
            "key file {path}: the JWK's \"alg\" {name:?} is not a JWE key management algorithm"
        ))),
    }
}

/// The key of `file` (not a JWK Set) for `alg`.
fn load_as(path: &str, file: &KeyFile, alg: JweAlg) -> Result<EncryptionKey, Failure> {
    let text = match file {
        KeyFile::Jwk(text) => text,
        KeyFile::Pem(_) | KeyFile::Der(_) => return pem_key(path, file, alg),
        KeyFile::Jwks(_) => {
            return Err(Failure::usage(format!(
                "key file {path}: holds a JWK Set; pass one JWK"
            )));
        }
    };
    EncryptionKey::from_jwk(text, Some(alg)).map_err(|e| match e {
        tinyjose_std::Error::Jose(tinyjose::Error::KeyRejected(KeyReason::WrongUse)) => {
            Failure::usage(format!(
                "key file {path}: the JWK is not for encryption (its \"use\" or \"key_ops\"); \
                 encryption needs \"enc\""
            ))
        }
        tinyjose_std::Error::Jose(tinyjose::Error::UnsupportedAlg) => Failure::usage(format!(
            "key file {path}: {alg} is not available in this build"
        )),
        tinyjose_std::Error::Jose(e) => {
            Failure::usage(format!("key file {path}: {e}: the key cannot serve {alg}"))
        }
        e => Failure::key_file(path, &e),
    })
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

/// The key of a PEM or DER file: an ECDH-ES key (P-256, P-384 or X25519), or an RSA-OAEP key;
/// private when the file holds one, else public. For another algorithm, the key the file holds
/// as a signature key says why it cannot serve.
fn pem_key(path: &str, file: &KeyFile, alg: JweAlg) -> Result<EncryptionKey, Failure> {
    if !alg.is_ecdh_es() {
        let (key, _) = file.pem_key(path, None)?;
        let refused = match key.alg() {
            rsa if rsa.is_rsa() => (!matches!(alg, JweAlg::RsaOaep | JweAlg::RsaOaep256))
                .then(|| format!("an RSA key serves RSA-OAEP or RSA-OAEP-256, not {alg}")),
            JwsAlg::Es256 | JwsAlg::Es384 => Some(format!(
                "an EC key serves the ECDH-ES algorithms, not {alg}"
            )),
            other => Some(format!(
                "a {other} key cannot serve {alg}: JWE uses RSA keys (RSA-OAEP), P-256, P-384 \
                 and X25519 keys (ECDH-ES) and secret JWKs"
            )),
        };
        if let Some(refused) = refused {
            return Err(Failure::usage(format!("key file {path}: {refused}")));
        }
    }
    match file {
        KeyFile::Pem(text) => EncryptionKey::from_pem(text, alg),
        KeyFile::Der(der) => EncryptionKey::from_der(der, alg),
        KeyFile::Jwk(_) | KeyFile::Jwks(_) => Err(keys::key_error("not PEM or DER".to_owned())),
    }
    .map_err(|e| Failure::key_file(path, &e))
}

/// A PBES2 password: the bytes of the file, without one trailing line ending, with `count`
/// iterations when encrypting (the core's default, 10 000, when `None`).
pub(crate) fn password(
    path: &str,
    alg: JweAlg,
    count: Option<u32>,
) -> Result<EncryptionKey, Failure> {
    let bytes = Zeroizing::new(crate::input::file(path)?);
    let password = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
    let password = password.strip_suffix(b"\r").unwrap_or(password);
    let key = EncryptionKey::from_secret(password, alg).map_err(|_| {
        Failure::usage(format!(
            "key file {path}: a PBES2 password must be 1 to 128 bytes long"
        ))
    })?;
    let Some(count) = count else {
        return Ok(key);
    };
    key.with_pbes2_count(count).map_err(|_| {
        Failure::usage(format!(
            "--pbes2-count {count}: at least 1000 iterations (RFC 7518 §4.8.1.2)"
        ))
    })
}

/// What decrypts with `key`, or why it cannot decrypt.
pub(crate) fn decrypter<'k>(
    key: &'k EncryptionKey,
    path: &str,
) -> Result<&'k dyn JweDecrypter, Failure> {
    key.decrypter().ok_or_else(|| {
        Failure::usage(format!(
            "key file {path}: a public key cannot decrypt; pass the private key"
        ))
    })
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
pub(crate) fn parse_enc(name: &str) -> Result<Enc, String> {
    Enc::from_name(name).map_err(|_| {
        let names: Vec<&str> = Enc::ALL.iter().map(|e| e.name()).collect();
        format!(
            "unknown content encryption {name:?}; expected one of {}",
            names.join(", ")
        )
    })
}
