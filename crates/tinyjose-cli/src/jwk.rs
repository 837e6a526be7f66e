//! `tinyjose jwk`: generate keys, and show the public form, thumbprint or JWK of a key file.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{Map, Value};
use tinyjose_std::{
    JweAlg, Jwk, JwkKey, JwkSet, JwsAlg, RsaOaepKey, RsaOaepPublicKey, RsaSigningKey,
    generate_ecdh_es_key, generate_secret, generate_signing_key, private_jwe_jwk, private_jwk,
    public_jwk, secret_jwk,
};

use crate::failure::Failure;
use crate::keys::{self, KeyFile, PemKey, RSA_ALGS};
use crate::output;

/// Generate, convert and inspect JSON Web Keys.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Generate a private key as a JWK, with randomness from the operating system.
    ///
    /// Asymmetric keys get "alg" from their curve (RSA keys from --alg, RS256 by default) and,
    /// unless --kid is given, their RFC 7638 thumbprint as "kid". With a JWE --alg (dir, A*KW,
    /// A*GCMKW, ECDH-ES*, RSA-OAEP*) the key is an encryption key, with "use":"enc".
    Generate(Generate),
    /// Print the public JWK (or JWK Set) of a JWK, JWK Set or PEM/DER key file.
    Public(File),
    /// Print the RFC 7638 SHA-256 thumbprint of a JWK or PEM/DER key, base64url-encoded.
    Thumbprint(File),
    /// Convert a PEM/DER key (SPKI, PKCS#8, SEC1 or PKCS#1) to a JWK: private if the key is
    /// private. An RSA key gets "alg" only from --alg.
    Convert(Convert),
}

/// A key file argument.
#[derive(Debug, clap::Args)]
pub(crate) struct File {
    /// A JWK, JWK Set, or PEM/DER key file.
    #[arg(value_name = "FILE")]
    file: String,
}

/// The arguments of `jwk generate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Generate {
    /// The key type.
    #[arg(long, value_name = "KTY", value_parser = ["oct", "EC", "OKP", "RSA"])]
    kty: String,
    /// The curve: P-256 (default for EC), P-384 or P-521; Ed25519 (default for OKP) or X25519
    /// (default for OKP with an ECDH-ES --alg).
    #[arg(long, value_name = "CRV", value_parser = ["P-256", "P-384", "P-521", "Ed25519", "X25519"])]
    crv: Option<String>,
    /// The size in bits: of an oct secret, at least the hash size of its algorithm (256 by
    /// default, or the hash size of --alg; exactly the key size of a JWE --alg, 256 for dir); of
    /// an RSA modulus, 2048 (default), 3072 or 4096.
    #[arg(long, value_name = "BITS")]
    size: Option<usize>,
    #[command(flatten)]
    members: Members,
}

/// The arguments of `jwk convert`.
#[derive(Debug, clap::Args)]
pub(crate) struct Convert {
    /// A PEM or DER key file.
    #[arg(value_name = "FILE")]
    file: String,
    #[command(flatten)]
    members: Members,
}

/// Optional JWK members.
#[derive(Debug, clap::Args)]
struct Members {
    /// The "kid" (default for asymmetric keys: the RFC 7638 thumbprint).
    #[arg(long, value_name = "KID")]
    kid: Option<String>,
    /// The "alg", of a signature or of JWE key management (default: the signature algorithm
    /// the curve or secret size implies).
    #[arg(long, value_name = "ALG", value_parser = parse_key_alg)]
    alg: Option<KeyAlg>,
    /// The "use".
    #[arg(long = "use", value_name = "USE", value_parser = ["sig", "enc"])]
    use_: Option<String>,
}

/// The algorithm a key is generated or converted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyAlg {
    Jws(JwsAlg),
    Jwe(JweAlg),
}

impl KeyAlg {
    fn name(self) -> &'static str {
        match self {
            Self::Jws(a) => a.name(),
            Self::Jwe(a) => a.name(),
        }
    }
}

fn parse_key_alg(name: &str) -> Result<KeyAlg, String> {
    match JweAlg::from_name(name) {
        Ok(alg) => Ok(KeyAlg::Jwe(alg)),
        Err(e @ tinyjose_std::tinyjose::Error::AlgRsa1_5) => Err(e.to_string()),
        Err(_) => keys::parse_alg(name)
            .map(KeyAlg::Jws)
            .map_err(|e| format!("{e}, or a JWE key management algorithm")),
    }
}

impl Members {
    /// The signature `alg`, refusing a JWE one where only signature keys make sense.
    fn jws(&self) -> Result<Option<JwsAlg>, Failure> {
        match self.alg {
            None => Ok(None),
            Some(KeyAlg::Jws(alg)) => Ok(Some(alg)),
            Some(KeyAlg::Jwe(alg)) => Err(Failure::usage(format!(
                "--alg {alg}: only jwk generate makes encryption keys"
            ))),
        }
    }
}

pub(crate) fn run(command: &Command) -> Result<(), Failure> {
    match command {
        Command::Generate(args) => generate(args),
        Command::Public(args) => public(&args.file),
        Command::Thumbprint(args) => thumbprint(&args.file),
        Command::Convert(args) => convert(args),
    }
}

fn generate(args: &Generate) -> Result<(), Failure> {
    if let Some(KeyAlg::Jwe(alg)) = args.members.alg {
        return generate_jwe(args, alg);
    }
    let alg = args.members.jws()?;
    if args.kty == "oct" {
        if args.crv.is_some() {
            return Err(Failure::usage("--crv is for EC and OKP keys, not oct"));
        }
        let hash_bits = |alg: JwsAlg| match alg {
            JwsAlg::Hs256 => Some(256),
            JwsAlg::Hs384 => Some(384),
            JwsAlg::Hs512 => Some(512),
            _ => None,
        };
        let alg = match alg {
            Some(alg) if hash_bits(alg).is_none() => {
                return Err(Failure::usage(format!(
                    "an oct key is for HS256, HS384 or HS512, not {alg}"
                )));
            }
            Some(alg) => alg,
            None => match args.size.unwrap_or(256) {
                512.. => JwsAlg::Hs512,
                384.. => JwsAlg::Hs384,
                _ => JwsAlg::Hs256,
            },
        };
        let min = hash_bits(alg).unwrap_or(256);
        let bits = args.size.unwrap_or(min);
        if bits < min || !bits.is_multiple_of(8) {
            return Err(Failure::usage(format!(
                "--size {bits}: {alg} needs a secret of at least {min} bits, in whole bytes"
            )));
        }
        let secret = generate_secret(bits / 8)?;
        let jwk = object(&secret_jwk(&secret))?;
        return print_jwk(jwk, &args.members, Some(KeyAlg::Jws(alg)), None);
    }
    if args.kty == "RSA" {
        return generate_rsa(args);
    }
    if args.size.is_some() {
        return Err(Failure::usage(
            "--size is for oct and RSA keys; EC and OKP sizes come from --crv",
        ));
    }
    let crv = args.crv.as_deref();
    let curve_alg = match (args.kty.as_str(), crv) {
        ("EC", None | Some("P-256")) => JwsAlg::Es256,
        ("EC", Some("P-384")) => JwsAlg::Es384,
        ("EC", Some("P-521")) => JwsAlg::Es512,
        ("OKP", None | Some("Ed25519")) => JwsAlg::EdDsa,
        (kty, Some(crv)) => {
            return Err(Failure::usage(format!(
                "--crv {crv} is not a curve for {kty} keys"
            )));
        }
        (kty, None) => return Err(Failure::usage(format!("unknown --kty {kty}"))),
    };
    let key = generate_signing_key(curve_alg)?;
    asymmetric_jwk(&key, &args.members, Some(curve_alg))
}

/// Generates an encryption key for the JWE key management algorithm `alg`.
fn generate_jwe(args: &Generate, alg: JweAlg) -> Result<(), Failure> {
    let kty = args.kty.as_str();
    let misfit = || Failure::usage(format!("--alg {alg} does not fit --kty {kty}"));
    let crv = args.crv.as_deref();
    if args.size.is_some() && !matches!(kty, "oct" | "RSA") {
        return Err(Failure::usage(
            "--size is for oct and RSA keys; EC and OKP sizes come from --crv",
        ));
    }
    let text = match kty {
        "oct" => {
            if crv.is_some() {
                return Err(Failure::usage("--crv is for EC and OKP keys, not oct"));
            }
            let bits = match alg {
                JweAlg::Dir => {
                    let bits = args.size.unwrap_or(256);
                    if ![128, 192, 256, 384, 512].contains(&bits) {
                        return Err(Failure::usage(format!(
                            "--size {bits}: a dir key is 128, 192, 256, 384 or 512 bits, the \
                             key size of its enc"
                        )));
                    }
                    bits
                }
                JweAlg::A128Kw
                | JweAlg::A192Kw
                | JweAlg::A256Kw
                | JweAlg::A128GcmKw
                | JweAlg::A192GcmKw
                | JweAlg::A256GcmKw => {
                    let bits = alg.key_len().unwrap_or(16) * 8;
                    if args.size.is_some_and(|s| s != bits) {
                        return Err(Failure::usage(format!(
                            "--size: {alg} keys are {bits} bits"
                        )));
                    }
                    bits
                }
                JweAlg::Pbes2Hs256A128Kw | JweAlg::Pbes2Hs384A192Kw | JweAlg::Pbes2Hs512A256Kw => {
                    return Err(Failure::usage(format!(
                        "--alg {alg} takes a password file, not a generated key"
                    )));
                }
                _ => return Err(misfit()),
            };
            secret_jwk(&generate_secret(bits / 8)?).to_string()
        }
        "EC" | "OKP" if alg.is_ecdh_es() => {
            let crv = match (kty, crv) {
                ("OKP", None) => "X25519",
                (_, None) => "P-256",
                ("EC", Some(crv @ ("P-256" | "P-384"))) | ("OKP", Some(crv @ "X25519")) => crv,
                (_, Some(crv)) => {
                    return Err(Failure::usage(format!(
                        "--crv {crv}: ECDH-ES keys are on P-256 or P-384 (kty EC) or X25519 \
                         (kty OKP)"
                    )));
                }
            };
            private_jwe_jwk(&generate_ecdh_es_key(alg, crv)?)?.to_string()
        }
        "RSA" if matches!(alg, JweAlg::RsaOaep | JweAlg::RsaOaep256) => {
            if crv.is_some() {
                return Err(Failure::usage("--crv is for EC and OKP keys, not RSA"));
            }
            let bits = args.size.unwrap_or(2048);
            if ![2048, 3072, 4096].contains(&bits) {
                return Err(Failure::usage(format!(
                    "--size {bits}: RSA keys are 2048, 3072 or 4096 bits"
                )));
            }
            RsaOaepKey::generate(alg, bits)?.private_jwk().to_string()
        }
        _ => return Err(misfit()),
    };
    let thumbprint = if kty == "oct" {
        None
    } else {
        let jwk = Jwk::parse(&text).map_err(Failure::from)?;
        let mut out = [0u8; 43];
        Some(jwk.thumbprint_b64(&mut out)?.to_owned())
    };
    print_jwk(
        object(&text)?,
        &args.members,
        Some(KeyAlg::Jwe(alg)),
        thumbprint,
    )
}

fn generate_rsa(args: &Generate) -> Result<(), Failure> {
    if args.crv.is_some() {
        return Err(Failure::usage("--crv is for EC and OKP keys, not RSA"));
    }
    let alg = args.members.jws()?.unwrap_or(JwsAlg::Rs256);
    if !alg.is_rsa() {
        return Err(Failure::usage(format!(
            "an RSA key is for {RSA_ALGS}, not {alg}"
        )));
    }
    let bits = args.size.unwrap_or(2048);
    if ![2048, 3072, 4096].contains(&bits) {
        return Err(Failure::usage(format!(
            "--size {bits}: RSA keys are 2048, 3072 or 4096 bits"
        )));
    }
    let key = RsaSigningKey::generate(alg, bits)?;
    rsa_jwk(&key, &args.members, Some(alg))
}

/// Prints the private JWK of an RSA key with its members, `alg` set to `alg` if given.
fn rsa_jwk(key: &RsaSigningKey, members: &Members, alg: Option<JwsAlg>) -> Result<(), Failure> {
    let thumbprint = thumbprint_of(&JwkKey::Rsa(key.verifying_key()))?;
    print_jwk(
        object(&key.private_jwk())?,
        members,
        alg.map(KeyAlg::Jws),
        Some(thumbprint),
    )
}

/// Prints the private (or public) JWK of an asymmetric key with its members, `alg` set to `alg`
/// if given.
fn asymmetric_jwk(key: &JwkKey, members: &Members, alg: Option<JwsAlg>) -> Result<(), Failure> {
    let text = if key.as_signer().is_some() {
        private_jwk(key)?.to_string()
    } else {
        public_jwk(key)?
    };
    let thumbprint = thumbprint_of(key)?;
    print_jwk(
        object(&text)?,
        members,
        alg.map(KeyAlg::Jws),
        Some(thumbprint),
    )
}

/// Adds `kid`, `alg` and `use` to `jwk` (sorted with the other members) and prints it.
fn print_jwk(
    mut jwk: Map<String, Value>,
    members: &Members,
    implied_alg: Option<KeyAlg>,
    default_kid: Option<String>,
) -> Result<(), Failure> {
    if let (Some(asked), Some(implied)) = (members.alg, implied_alg)
        && asked != implied
    {
        return Err(Failure::usage(format!(
            "--alg {} does not fit this key, which is for {}",
            asked.name(),
            implied.name()
        )));
    }
    let encryption = matches!(implied_alg, Some(KeyAlg::Jwe(_)));
    if members.use_.as_deref() == Some("enc") && matches!(members.alg, Some(KeyAlg::Jws(_))) {
        return Err(Failure::usage(
            "--use enc with a signature --alg: choose one",
        ));
    }
    if encryption && members.use_.as_deref() == Some("sig") {
        return Err(Failure::usage(
            "--use sig with a JWE --alg: a key has one role",
        ));
    }
    if let Some(kid) = members.kid.clone().or(default_kid) {
        jwk.insert("kid".to_owned(), kid.into());
    }
    if (encryption || members.use_.as_deref() != Some("enc"))
        && let Some(alg) = members.alg.or(implied_alg)
    {
        jwk.insert("alg".to_owned(), alg.name().into());
    }
    if let Some(use_) = &members.use_ {
        jwk.insert("use".to_owned(), use_.as_str().into());
    } else if encryption {
        jwk.insert("use".to_owned(), "enc".into());
    }
    jwk.sort_keys();
    output::line(&Value::Object(jwk).to_string())
}

fn public(path: &str) -> Result<(), Failure> {
    match KeyFile::read(path)? {
        KeyFile::Jwks(text, value) => {
            let set = JwkSet::parse(&text).map_err(|e| Failure::key_file(path, &e))?;
            let members = value.get("keys").and_then(Value::as_array);
            let mut keys = Vec::new();
            for (jwk, json) in set.iter().zip(members.into_iter().flatten()) {
                let jwk = jwk.map_err(|e| Failure::key_file(path, &e))?;
                keys.push(Value::Object(public_of(path, &jwk, json)?));
            }
            output::line(&serde_json::json!({ "keys": keys }).to_string())
        }
        KeyFile::Jwk(text, value) => {
            let jwk = Jwk::parse(&text).map_err(|e| Failure::key_file(path, &e))?;
            output::line(&Value::Object(public_of(path, &jwk, &value)?).to_string())
        }
        file @ (KeyFile::Pem(_) | KeyFile::Der(_)) => {
            let PemKey { key, .. } = file.pem_key(path, None)?;
            output::line(&public_jwk(&key)?)
        }
    }
}

/// The public JWK of `jwk`, keeping its `kid`, `alg`, `use` and `key_ops`.
fn public_of(path: &str, jwk: &Jwk<'_>, json: &Value) -> Result<Map<String, Value>, Failure> {
    if jwk.is_symmetric() {
        return Err(Failure::usage(format!(
            "key file {path}: a secret (oct) key has no public form"
        )));
    }
    // An RSA key without "alg" is loaded as RS256: the public members are the same for all.
    let rsa_without_alg =
        json.get("kty").and_then(Value::as_str) == Some("RSA") && json.get("alg").is_none();
    let mut public = match jwk.to_key(rsa_without_alg.then_some(JwsAlg::Rs256)) {
        Ok(key) => object(&public_jwk(&key)?)?,
        Err(_) if is_encryption_key(json) => encryption_public(path, jwk, json)?,
        Err(e) => return Err(Failure::key_file(path, &e)),
    };
    for name in ["alg", "kid", "key_ops", "use"] {
        if let Some(v) = json.get(name) {
            public.insert(name.to_owned(), v.clone());
        }
    }
    public.sort_keys();
    Ok(public)
}

/// Whether a JWK is for encryption: `"use":"enc"` or a JWE `alg`.
fn is_encryption_key(json: &Value) -> bool {
    json.get("use").and_then(Value::as_str) == Some("enc")
        || json
            .get("alg")
            .and_then(Value::as_str)
            .is_some_and(|a| JweAlg::from_name(a).is_ok())
}

/// The public members (RFC 7638) of an encryption key, once the key has been checked as one.
fn encryption_public(
    path: &str,
    jwk: &Jwk<'_>,
    json: &Value,
) -> Result<Map<String, Value>, Failure> {
    let own = json
        .get("alg")
        .and_then(Value::as_str)
        .and_then(|a| JweAlg::from_name(a).ok());
    if json.get("kty").and_then(Value::as_str) == Some("RSA") {
        let alg = own.map_or(Some(JweAlg::RsaOaep256), |_| None);
        RsaOaepPublicKey::from_jwk(&json.to_string(), alg)
            .map_err(|e| Failure::key_file(path, &e))?;
    } else {
        jwk.to_jwe_key(Some(own.unwrap_or(JweAlg::EcdhEs)))
            .map_err(|e| Failure::key_file(path, &e))?;
    }
    let mut public = Map::new();
    for name in ["crv", "e", "kty", "n", "x", "y"] {
        if let Some(v) = json.get(name) {
            public.insert(name.to_owned(), v.clone());
        }
    }
    Ok(public)
}

fn thumbprint(path: &str) -> Result<(), Failure> {
    let print = match KeyFile::read(path)? {
        KeyFile::Jwk(text, _) => {
            let jwk = Jwk::parse(&text).map_err(|e| Failure::key_file(path, &e))?;
            let mut out = [0u8; 43];
            jwk.thumbprint_b64(&mut out)
                .map_err(|e| Failure::key_file(path, &e))?
                .to_owned()
        }
        KeyFile::Jwks(..) => {
            return Err(Failure::usage(format!(
                "key file {path}: holds a JWK Set; pass one JWK"
            )));
        }
        file @ (KeyFile::Pem(_) | KeyFile::Der(_)) => {
            thumbprint_of(&file.pem_key(path, None)?.key)?
        }
    };
    output::line(&print)
}

fn convert(args: &Convert) -> Result<(), Failure> {
    let file = KeyFile::read(&args.file)?;
    if matches!(file, KeyFile::Jwk(..) | KeyFile::Jwks(..)) {
        return Err(Failure::usage(format!(
            "key file {}: already a JWK; convert takes a PEM or DER key",
            args.file
        )));
    }
    let mut loaded = file.pem_key(&args.file, None)?;
    let asked = args.members.jws()?;
    if matches!(loaded.key, JwkKey::Rsa(_)) && asked.is_some() {
        // An RSA key is bound to the algorithm asked for; other keys name theirs.
        loaded = file.pem_key(&args.file, asked)?;
    }
    match &loaded.rsa {
        Some(rsa) => rsa_jwk(rsa, &args.members, loaded.alg),
        None => asymmetric_jwk(&loaded.key, &args.members, loaded.alg),
    }
}

fn thumbprint_of(key: &JwkKey) -> Result<String, Failure> {
    Ok(Base64UrlUnpadded::encode_string(&key.thumbprint()?))
}

fn object(json: &str) -> Result<Map<String, Value>, Failure> {
    match serde_json::from_str(json) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Failure::usage(
            "internal: the core wrote a JWK that is not a JSON object",
        )),
    }
}
