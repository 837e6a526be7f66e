//! Key files: a JWK, a JWK Set or a PEM/DER key, told apart by their content, and the signature
//! keys of `tinyjose-std` they give.

use tinyjose_std::tinyjose::{self, HmacKey, KeyReason};
use tinyjose_std::{Jwk, JwkSet, JwsAlg, KeySet, SignatureKey};
use zeroize::Zeroizing;

use crate::failure::Failure;
use crate::input;

/// What a key file holds, as text (DER as bytes).
pub(crate) enum KeyFile {
    /// One JWK.
    Jwk(String),
    /// A JWK Set.
    Jwks(String),
    /// PEM text.
    Pem(String),
    /// DER bytes.
    Der(Vec<u8>),
}

impl KeyFile {
    /// Reads `path` and tells what it holds: JSON (a JWK Set, else a JWK, as the core parses
    /// them), PEM text, or DER (a DER key is an ASN.1 SEQUENCE: its first byte is 0x30). Anything
    /// else is refused.
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
            return match (JwkSet::parse(&text), Jwk::parse(&text)) {
                (Ok(_), _) => Ok(Self::Jwks(text)),
                (Err(_), Ok(_)) => Ok(Self::Jwk(text)),
                // Not a set: why it is not a JWK either.
                (Err(tinyjose::Error::Json(_)), Err(e)) => Err(Failure::key_file(path, &e)),
                // A set the core refuses: a repeated `kid`, mixed keys, too many keys.
                (Err(e), Err(_)) => Err(Failure::key_file(path, &e)),
            };
        }
        if text.contains("-----BEGIN ") {
            return Ok(Self::Pem(text));
        }
        Ok(Self::Der(bytes))
    }

    /// The key of a PEM or DER file for `alg`, else for the algorithm its curve implies. An RSA
    /// key implies none: without `alg` it is loaded all the same (as RS256, which changes nothing
    /// but the binding), and the second value, whether the key is bound, is `false`.
    pub(crate) fn pem_key(
        &self,
        path: &str,
        alg: Option<JwsAlg>,
    ) -> Result<(SignatureKey, bool), Failure> {
        let load = |alg| match self {
            Self::Pem(text) => SignatureKey::from_pem(text, alg),
            Self::Der(der) => SignatureKey::from_der(der, alg),
            Self::Jwk(_) | Self::Jwks(_) => Err(key_error("not a PEM or DER key".to_owned())),
        };
        match load(alg) {
            Ok(key) => Ok((key, true)),
            // Without an algorithm only an RSA key fails for want of one: loading it as RS256
            // gives the key, or the reason the key itself is refused.
            Err(_) if alg.is_none() => load(Some(JwsAlg::Rs256)).map(|key| (key, false)),
            Err(e) => Err(e),
        }
        .map_err(|e| Failure::key_file(path, &e))
    }
}

/// The verification keys of the `--key` files, as `tinyjose-std` binds them: a JWK to its own
/// `alg`, a PEM/DER key or a JWK without `alg` to each of `algs` it can serve. With `algs`
/// given, only keys for those algorithms are kept; without, every key must name its algorithm.
pub(crate) fn verification_keys(paths: &[String], algs: &[JwsAlg]) -> Result<KeySet, Failure> {
    let mut set = KeySet::new();
    // One key file that is not a JWK Set is one key given by itself: used whatever the token's
    // `kid`, as `KeySet::from_jwk` is.
    let mut lone = paths.len() == 1;
    // Every key names its algorithm when none is given (checked below): each is bound to its own.
    let bound_to = if algs.is_empty() { &JwsAlg::ALL } else { algs };
    for path in paths {
        let file = KeyFile::read(path)?;
        if algs.is_empty() && matches!(file, KeyFile::Pem(_) | KeyFile::Der(_)) {
            return Err(Failure::usage(format!(
                "key file {path}: a PEM or DER key carries no algorithm; pass --alg"
            )));
        }
        let key_file = |e: tinyjose_std::Error| Failure::key_file(path, &e);
        match &file {
            KeyFile::Jwk(text) => {
                let jwk = parse_jwk(path, text)?;
                if algs.is_empty() {
                    names_alg(path, &jwk)?;
                }
                join(&mut set, |set| set.insert_jwk(text, bound_to)).map_err(|e| match e {
                    tinyjose_std::Error::Jose(tinyjose::Error::AlgMismatch) => {
                        let alg = SignatureKey::from_jwk(text, None).map(|key| key.alg());
                        alg.map_or_else(key_file, |alg| {
                            key_file(key_error(format!(
                                "{} is for {alg}, which --alg does not allow",
                                name(&jwk)
                            )))
                        })
                    }
                    e => refused_jwk(path, &jwk, algs.first().copied(), e),
                })?;
            }
            KeyFile::Jwks(text) => {
                lone = false;
                if algs.is_empty() {
                    let set = JwkSet::parse(text).map_err(|e| Failure::key_file(path, &e))?;
                    for jwk in set.iter() {
                        names_alg(path, &jwk.map_err(|e| Failure::key_file(path, &e))?)?;
                    }
                }
                if join(&mut set, |set| set.insert_jwks(text, bound_to)).map_err(key_file)? == 0 {
                    return Err(Failure::usage(format!(
                        "key file {path}: no key in the set can verify {}",
                        allowed(algs)
                    )));
                }
            }
            KeyFile::Pem(text) => {
                join(&mut set, |set| set.insert_pem(text, algs)).map_err(key_file)?;
            }
            KeyFile::Der(der) => {
                join(&mut set, |set| set.insert_der(der, algs)).map_err(key_file)?;
            }
        }
    }
    Ok(if lone { set.ignoring_kid() } else { set })
}

/// Refuses a JWK that names no algorithm, when `--alg` gives none.
fn names_alg(path: &str, jwk: &Jwk<'_>) -> Result<(), Failure> {
    if named_alg(jwk).is_some() {
        return Ok(());
    }
    let e = key_error(format!(
        "{} has no \"alg\"; pass --alg to say which algorithm it verifies",
        name(jwk)
    ));
    Err(Failure::key_file(path, &e))
}

/// Adds the keys of one key file to `set` with `insert`, which is given a set of their own first:
/// so the file's own refusals come first, and a key that cannot join the others is named by the
/// algorithm of the file's keys. Returns how many (key, algorithm) pairs were added.
fn join(
    set: &mut KeySet,
    insert: impl Fn(&mut KeySet) -> tinyjose_std::Result<usize>,
) -> tinyjose_std::Result<usize> {
    let mut own = KeySet::new();
    let added = insert(&mut own)?;
    insert(set).map_err(|e| match e {
        tinyjose_std::Error::Jose(tinyjose::Error::AmbiguousKey) => {
            let alg = own.algorithms().first().map_or("", |alg| alg.name());
            key_error(format!(
                "a {alg} key cannot join the others: secret keys cannot be mixed with public \
                 keys, and no two keys may share a kid (or lack one) for the same algorithm"
            ))
        }
        e => e,
    })?;
    Ok(added)
}

/// The signing key of a `--key` file, for `alg` or the algorithm the key names or implies; a
/// JWK's `kid` is kept.
pub(crate) fn signing_key(path: &str, alg: Option<JwsAlg>) -> Result<SignatureKey, Failure> {
    let no_alg = |what: &str, algs: &str| {
        Failure::usage(format!(
            "key file {path}: the {what} has no \"alg\"; pass --alg ({algs})"
        ))
    };
    match KeyFile::read(path)? {
        KeyFile::Jwk(text) => {
            let jwk = parse_jwk(path, &text)?;
            if alg.is_none() && named_alg(&jwk).is_none() {
                if jwk.is_symmetric() {
                    return Err(no_alg("secret key", "HS256, HS384 or HS512"));
                }
                if is_rsa(&jwk) {
                    return Err(no_alg("RSA key", RSA_ALGS));
                }
            }
            if !jwk.is_private() {
                return Err(Failure::usage(format!(
                    "key file {path}: a public key cannot sign; pass the private JWK"
                )));
            }
            SignatureKey::from_private_jwk(&text, alg).map_err(|e| match (e, alg) {
                (tinyjose_std::Error::Jose(tinyjose::Error::AlgMismatch), Some(alg)) => {
                    Failure::usage(format!("key file {path}: the JWK's \"alg\" is not {alg}"))
                }
                (e, _) => refused_jwk(path, &jwk, alg, e),
            })
        }
        KeyFile::Jwks(_) => Err(Failure::usage(format!(
            "key file {path}: holds a JWK Set; pass the one JWK to sign with"
        ))),
        file @ (KeyFile::Pem(_) | KeyFile::Der(_)) => {
            let (key, bound) = file.pem_key(path, alg)?;
            if key.signer().is_none() {
                return Err(Failure::usage(format!(
                    "key file {path}: a public key cannot sign; pass the private key"
                )));
            }
            if !bound {
                return Err(Failure::usage(format!(
                    "key file {path}: an RSA key carries no algorithm; pass --alg ({RSA_ALGS})"
                )));
            }
            Ok(key)
        }
    }
}

/// A JWK file's key refused by `tinyjose-std`: how much too short an HMAC secret is (for `alg`
/// or the algorithm the JWK names), else the error.
fn refused_jwk(
    path: &str,
    jwk: &Jwk<'_>,
    alg: Option<JwsAlg>,
    error: tinyjose_std::Error,
) -> Failure {
    if let tinyjose_std::Error::Jose(tinyjose::Error::KeyRejected(KeyReason::TooShort)) = error
        && let Some(failure) = short_secret(path, jwk, alg)
    {
        return failure;
    }
    Failure::key_file(path, &error)
}

/// How much too short the secret of `jwk` is for `alg` (or the algorithm it names), if it is.
fn short_secret(path: &str, jwk: &Jwk<'_>, alg: Option<JwsAlg>) -> Option<Failure> {
    let alg = alg.or_else(|| JwsAlg::from_name(&named_alg(jwk)?).ok())?;
    let min = HmacKey::min_secret_len(alg)?;
    let mut buf = Zeroizing::new([0u8; 256]);
    let len = jwk.secret(&mut buf[..]).ok()?.len();
    (len < min).then(|| {
        Failure::usage(format!(
            "key file {path}: key rejected: the secret is {len} bytes long; an {alg} secret must \
             be at least {min} bytes ({} bits), the size of the hash (RFC 7518 §3.2)",
            min * 8
        ))
    })
}

/// Whether `jwk`, which names no algorithm, is an RSA key (the core's `Jwk` does not tell its
/// `kty`): the core refuses it as an RS256 key for another reason than its type or `use`, or,
/// when its `use` or `key_ops` are not for signatures, it loads as an RSA-OAEP key.
pub(crate) fn is_rsa(jwk: &Jwk<'_>) -> bool {
    jwk.has_kty("RSA")
}

/// The JWK of a key file, as the core parses it.
pub(crate) fn parse_jwk<'a>(path: &str, text: &'a str) -> Result<Jwk<'a>, Failure> {
    Jwk::parse(text).map_err(|e| Failure::key_file(path, &e))
}

/// The `alg` a JWK names, if it names one.
pub(crate) fn named_alg(jwk: &Jwk<'_>) -> Option<String> {
    let mut buf = vec![0u8; jwk.json().len()];
    jwk.alg(&mut buf).ok().flatten().map(str::to_owned)
}

/// `key "KID"`, or `the key` for a JWK without `kid`, for messages.
fn name(jwk: &Jwk<'_>) -> String {
    let mut buf = vec![0u8; jwk.json().len()];
    match jwk.kid(&mut buf) {
        Ok(Some(kid)) => format!("key {kid:?}"),
        _ => "the key".to_owned(),
    }
}

/// The RSA algorithms, for messages.
pub(crate) const RSA_ALGS: &str = "RS256, RS384, RS512, PS256, PS384 or PS512";

pub(crate) fn key_error(message: String) -> tinyjose_std::Error {
    tinyjose_std::Error::Key(tinyjose_std::KeyError::new(message))
}

/// "ES256 or HS256 signatures", or all signatures when any algorithm is allowed.
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
