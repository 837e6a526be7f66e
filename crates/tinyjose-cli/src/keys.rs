//! Key files: a JWK, a JWK Set or a PEM/DER key, told apart by their content.

use serde_json::Value;
use tinyjose_std::tinyjose::{self, HmacKey, KeyReason};
use tinyjose_std::{
    Jwk, JwkKey, JwkSet, JwsAlg, JwsSigner, JwsVerifier, KeySet, RsaSigningKey, key_from_der,
    key_from_pem,
};

use crate::failure::Failure;
use crate::input;

/// What a key file holds.
pub(crate) enum KeyFile {
    /// One JWK: its text and its JSON.
    Jwk(String, Value),
    /// A JWK Set: its text and its JSON.
    Jwks(String, Value),
    /// PEM text.
    Pem(String),
    /// DER bytes.
    Der(Vec<u8>),
}

impl KeyFile {
    /// Reads `path` and tells what it holds: JSON (a JWK, or a JWK Set with `keys`), PEM text, or
    /// DER (a DER key is an ASN.1 SEQUENCE: its first byte is 0x30). Anything else is refused.
    pub(crate) fn read(path: &str) -> Result<Self, Failure> {
        let bytes = input::file(path)?;
        if bytes.first() != Some(&0x30) && !bytes.trim_ascii().starts_with(b"{") {
            let text = String::from_utf8_lossy(&bytes);
            if !text.contains("-----BEGIN ") {
                let what = if bytes.trim_ascii().is_empty() {
                    "empty"
                } else {
                    "not a key"
                };
                return Err(Failure::usage(format!(
                    "key file {path}: {what}: expected a JWK, a JWK Set, or a PEM or DER key"
                )));
            }
        }
        let Ok(text) = String::from_utf8(bytes.clone()) else {
            return Ok(Self::Der(bytes));
        };
        if text.trim_start().starts_with('{') {
            let value: Value =
                serde_json::from_str(&text).map_err(|e| Failure::key_file(path, &e))?;
            return Ok(if value.get("keys").is_some() {
                Self::Jwks(text, value)
            } else {
                Self::Jwk(text, value)
            });
        }
        if text.contains("-----BEGIN ") {
            return Ok(Self::Pem(text));
        }
        Ok(Self::Der(bytes))
    }

    /// The key of a PEM or DER file for `alg` (or the one its curve implies).
    pub(crate) fn pem_or_der(&self, alg: Option<JwsAlg>) -> Option<tinyjose_std::Result<JwkKey>> {
        match self {
            Self::Pem(text) => Some(key_from_pem(text, alg)),
            Self::Der(der) => Some(key_from_der(der, alg)),
            Self::Jwk(..) | Self::Jwks(..) => None,
        }
    }

    /// The RSA private key of a PEM or DER file, for `alg`.
    fn rsa_private(&self, alg: JwsAlg) -> Option<tinyjose_std::Result<RsaSigningKey>> {
        match self {
            Self::Pem(text) => Some(RsaSigningKey::from_pem(text, alg)),
            Self::Der(der) => Some(RsaSigningKey::from_der(der, alg)),
            Self::Jwk(..) | Self::Jwks(..) => None,
        }
    }

    /// The key of a PEM or DER file, for `alg` if given. An RSA key implies no algorithm: without
    /// `alg` it is loaded all the same (as RS256, which changes nothing but the binding), and
    /// [`PemKey::alg`] is `None`. The private half of an RSA key is kept for signing.
    pub(crate) fn pem_key(&self, path: &str, alg: Option<JwsAlg>) -> Result<PemKey, Failure> {
        let loaded = match self.pem_or_der(alg) {
            None => {
                return Err(Failure::usage(format!(
                    "key file {path}: not a PEM or DER key"
                )));
            }
            Some(Ok(key)) => Ok((key, alg)),
            // Without an algorithm only an RSA key fails for want of one: loading it as RS256
            // gives the key, or the reason the key itself is refused.
            Some(Err(e)) => match (alg, self.pem_or_der(Some(JwsAlg::Rs256))) {
                (None, Some(Ok(key @ JwkKey::Rsa(_)))) => Ok((key, None)),
                (None, Some(Err(e))) => Err(e),
                _ => Err(e),
            },
        };
        let (key, alg) = loaded.map_err(|e| Failure::key_file(path, &e))?;
        let rsa = match &key {
            JwkKey::Rsa(public) => self
                .rsa_private(JwsVerifier::alg(public))
                .and_then(Result::ok),
            _ => None,
        };
        let alg = match key {
            JwkKey::Rsa(_) => alg,
            _ => Some(key.alg()),
        };
        Ok(PemKey { key, rsa, alg })
    }
}

/// A key from a PEM or DER file.
pub(crate) struct PemKey {
    /// The key, or the public half of an RSA private key.
    pub(crate) key: JwkKey,
    /// The RSA private key, when the file holds one.
    pub(crate) rsa: Option<RsaSigningKey>,
    /// The algorithm the key is for: `None` for an RSA key loaded without one.
    pub(crate) alg: Option<JwsAlg>,
}

/// A key that signs: a core key, or an RSA private key (which only `tinyjose-std` holds).
#[expect(
    clippy::large_enum_variant,
    reason = "one key per run, held on the stack of `sign`"
)]
pub(crate) enum SigningKey {
    Core(JwkKey),
    Rsa(RsaSigningKey),
}

impl SigningKey {
    pub(crate) fn signer(&self) -> Option<&dyn JwsSigner> {
        match self {
            Self::Core(key) => key.as_signer(),
            Self::Rsa(key) => Some(key),
        }
    }
}

/// The verification keys of the `--key` files, each bound to one algorithm: its own `alg`, or,
/// for a PEM/DER key or a JWK without `alg`, each of `algs` it can serve. With `algs` given,
/// only keys for those algorithms are kept.
pub(crate) fn verification_keys(paths: &[String], algs: &[JwsAlg]) -> Result<KeySet, Failure> {
    let mut set = KeySet::new();
    // One key file that is not a JWK Set is one key given by itself: used whatever the token's
    // `kid`, as `KeySet::from_jwk` is.
    let mut lone = paths.len() == 1;
    for path in paths {
        let before = set.len();
        match KeyFile::read(path)? {
            KeyFile::Jwk(text, value) => {
                let jwk = Jwk::parse(&text).map_err(|e| Failure::key_file(path, &e))?;
                add_jwk(&mut set, &jwk, &value, algs, true).map_err(|e| match e {
                    tinyjose_std::Error::Jose(e) => {
                        let alg = algs.first().copied();
                        short_secret(path, &value, alg, e)
                            .unwrap_or_else(|e| Failure::key_file(path, &e))
                    }
                    e => Failure::key_file(path, &e),
                })?;
            }
            KeyFile::Jwks(text, value) => {
                lone = false;
                let jwks = JwkSet::parse(&text).map_err(|e| Failure::key_file(path, &e))?;
                let members = value.get("keys").and_then(Value::as_array);
                for (jwk, json) in jwks.iter().zip(members.into_iter().flatten()) {
                    let jwk = jwk.map_err(|e| Failure::key_file(path, &e))?;
                    add_jwk(&mut set, &jwk, json, algs, false)
                        .map_err(|e| Failure::key_file(path, &e))?;
                }
                if set.len() == before {
                    return Err(Failure::usage(format!(
                        "key file {path}: no key in the set can verify {}",
                        allowed(algs)
                    )));
                }
            }
            file @ (KeyFile::Pem(_) | KeyFile::Der(_)) => {
                if algs.is_empty() {
                    return Err(Failure::usage(format!(
                        "key file {path}: a PEM or DER key carries no algorithm; pass --alg"
                    )));
                }
                let mut first_error = None;
                for &alg in algs {
                    match file.pem_or_der(Some(alg)) {
                        Some(Ok(key)) => {
                            insert(&mut set, None, key).map_err(|e| Failure::key_file(path, &e))?;
                        }
                        Some(Err(e)) => first_error = first_error.or(Some(e)),
                        None => {}
                    }
                }
                if set.len() == before
                    && let Some(e) = first_error
                {
                    return Err(Failure::key_file(path, &e));
                }
            }
        }
    }
    Ok(if lone { set.ignoring_kid() } else { set })
}

/// Adds the keys of one JWK. `alone` is true for a JWK file, whose key must be usable; keys of a
/// set that cannot serve `algs` are left out.
fn add_jwk(
    set: &mut KeySet,
    jwk: &Jwk<'_>,
    json: &Value,
    algs: &[JwsAlg],
    alone: bool,
) -> tinyjose_std::Result<()> {
    let mut buf = vec![0u8; json.to_string().len()];
    let kid = jwk.kid(&mut buf)?.map(str::to_owned);
    let name = kid
        .as_deref()
        .map_or_else(|| "the key".to_owned(), |k| format!("key {k:?}"));
    if json.get("alg").is_some() {
        let key = match jwk.to_key(None) {
            Ok(key) => key,
            Err(_) if !alone => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        if !algs.is_empty() && !algs.contains(&key.alg()) {
            if alone {
                return Err(key_error(format!(
                    "{name} is for {}, which --alg does not allow",
                    key.alg()
                )));
            }
            return Ok(());
        }
        return insert(set, kid.as_deref(), key);
    }
    if algs.is_empty() {
        return Err(key_error(format!(
            "{name} has no \"alg\"; pass --alg to say which algorithm it verifies"
        )));
    }
    let mut first_error = None;
    let mut added = false;
    for &alg in algs {
        match jwk.to_key(Some(alg)) {
            Ok(key) => {
                insert(set, kid.as_deref(), key)?;
                added = true;
            }
            Err(e) => first_error = first_error.or(Some(e)),
        }
    }
    match first_error {
        Some(e) if alone && !added => Err(e.into()),
        _ => Ok(()),
    }
}

/// The `kid` of a JWK, if it has one.
pub(crate) fn kid_of(jwk: &Jwk<'_>, text: &str) -> Result<Option<String>, tinyjose::Error> {
    let mut buf = vec![0u8; text.len()];
    Ok(jwk.kid(&mut buf)?.map(str::to_owned))
}

/// The signing key of a `--key` file, for `alg` or the algorithm the key names or implies, and
/// the `kid` of a JWK.
pub(crate) fn signing_key(
    path: &str,
    alg: Option<JwsAlg>,
) -> Result<(SigningKey, Option<String>), Failure> {
    let file = KeyFile::read(path)?;
    let mut kid = None;
    let no_alg = |what: &str, algs: &str| {
        Failure::usage(format!(
            "key file {path}: the {what} has no \"alg\"; pass --alg ({algs})"
        ))
    };
    let key = match &file {
        KeyFile::Jwk(text, value) => {
            let jwk = Jwk::parse(text).map_err(|e| Failure::key_file(path, &e))?;
            kid = kid_of(&jwk, text).map_err(|e| Failure::key_file(path, &e))?;
            let rsa = value.get("kty").and_then(Value::as_str) == Some("RSA");
            if alg.is_none() && value.get("alg").is_none() {
                if jwk.is_symmetric() {
                    return Err(no_alg("secret key", "HS256, HS384 or HS512"));
                }
                if rsa {
                    return Err(no_alg("RSA key", RSA_ALGS));
                }
            }
            if !jwk.is_private() {
                return Err(Failure::usage(format!(
                    "key file {path}: a public key cannot sign; pass the private JWK"
                )));
            }
            let mismatch = |e| match (e, alg) {
                (tinyjose::Error::AlgMismatch, Some(alg)) => {
                    Failure::usage(format!("key file {path}: the JWK's \"alg\" is not {alg}"))
                }
                (e, _) => Failure::key_file(path, &e),
            };
            if rsa {
                let key = RsaSigningKey::from_jwk(text, alg).map_err(|e| match e {
                    tinyjose_std::Error::Jose(e) => mismatch(e),
                    e => Failure::key_file(path, &e),
                })?;
                return Ok((SigningKey::Rsa(key), kid));
            }
            jwk.to_signing_key(alg)
                .map_err(|e| short_secret(path, value, alg, e).unwrap_or_else(mismatch))?
        }
        KeyFile::Jwks(..) => {
            return Err(Failure::usage(format!(
                "key file {path}: holds a JWK Set; pass the one JWK to sign with"
            )));
        }
        KeyFile::Pem(_) | KeyFile::Der(_) => {
            let loaded = file.pem_key(path, alg)?;
            if let Some(rsa) = loaded.rsa {
                if loaded.alg.is_none() {
                    return Err(Failure::usage(format!(
                        "key file {path}: an RSA key carries no algorithm; pass --alg \
                         ({RSA_ALGS})"
                    )));
                }
                return Ok((SigningKey::Rsa(rsa), None));
            }
            loaded.key
        }
    };
    if key.as_signer().is_none() {
        return Err(Failure::usage(format!(
            "key file {path}: a public key cannot sign; pass the private key"
        )));
    }
    Ok((SigningKey::Core(key), kid))
}

/// How much too short an HMAC secret is, when the core rejects it as too short. Other errors are
/// given back.
fn short_secret(
    path: &str,
    jwk: &Value,
    alg: Option<JwsAlg>,
    error: tinyjose::Error,
) -> Result<Failure, tinyjose::Error> {
    let named = jwk.get("alg").and_then(Value::as_str);
    let alg = alg.or_else(|| named.and_then(|name| JwsAlg::from_name(name).ok()));
    let k = jwk.get("k").and_then(Value::as_str);
    let (tinyjose::Error::KeyRejected(KeyReason::TooShort), Some(alg), Some(k)) = (error, alg, k)
    else {
        return Err(error);
    };
    let Some(min) = HmacKey::min_secret_len(alg) else {
        return Err(error);
    };
    // The length of the secret, from its unpadded base64url length.
    let len = k.len() * 3 / 4;
    if len >= min {
        return Err(error);
    }
    Ok(Failure::usage(format!(
        "key file {path}: key rejected: the secret is {len} bytes long; an {alg} secret must be \
         at least {min} bytes ({} bits), the size of the hash (RFC 7518 §3.2)",
        min * 8
    )))
}

/// The RSA algorithms, for messages.
pub(crate) const RSA_ALGS: &str = "RS256, RS384, RS512, PS256, PS384 or PS512";

/// [`KeySet::insert`], saying why a key cannot join the others.
fn insert(set: &mut KeySet, kid: Option<&str>, key: JwkKey) -> tinyjose_std::Result<()> {
    let alg = key.alg();
    set.insert(kid, key).map_err(|e| match e {
        tinyjose_std::Error::Jose(tinyjose::Error::AmbiguousKey) => key_error(format!(
            "a {alg} key cannot join the others: secret keys cannot be mixed with public keys, \
             and no two keys may share a kid (or lack one) for the same algorithm"
        )),
        e => e,
    })
}

fn key_error(message: String) -> tinyjose_std::Error {
    tinyjose_std::Error::Key(tinyjose_std::KeyError::new(message))
}

/// "ES256 or HS256 tokens", or "tokens" when any algorithm is allowed.
fn allowed(algs: &[JwsAlg]) -> String {
    if algs.is_empty() {
        return "signatures with the algorithms tinyjose supports".to_owned();
    }
    let names: Vec<&str> = algs.iter().map(|a| a.name()).collect();
    format!("{} signatures", names.join(" or "))
}

/// Parses an algorithm name for clap.
pub(crate) fn parse_alg(name: &str) -> Result<JwsAlg, String> {
    JwsAlg::from_name(name).map_err(|e| match e {
        tinyjose::Error::AlgNone => "\"none\" is never accepted".to_owned(),
        _ => format!(
            "unknown algorithm {name:?}; expected one of HS256, HS384, HS512, RS256, RS384, \
             RS512, ES256, ES384, ES512, PS256, PS384, PS512, EdDSA"
        ),
    })
}
