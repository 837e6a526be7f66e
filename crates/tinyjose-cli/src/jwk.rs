//! `tinyjose jwk`: generate keys, and show the public form, thumbprint or JWK of a key file.

use serde_json::{Map, Value};
use tinyjose_std::tinyjose::{self, KeyReason};
use tinyjose_std::{EncryptionKey, HmacKey, JweAlg, Jwk, JwkSet, JwsAlg, SignatureKey};
use zeroize::Zeroizing;

use crate::failure::Failure;
use crate::keys::{self, KeyFile, RSA_ALGS};
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
    /// Print the RFC 7638 SHA-256 thumbprint of a JWK or PEM/DER key, base64url-encoded, or with
    /// --uri as an RFC 9278 JWK Thumbprint URI.
    Thumbprint(Thumbprint),
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

/// The arguments of `jwk thumbprint`.
#[derive(Debug, clap::Args)]
pub(crate) struct Thumbprint {
    /// A JWK or PEM/DER key file.
    #[arg(value_name = "FILE")]
    file: String,
    /// Print the thumbprint as a JWK Thumbprint URI (RFC 9278):
    /// urn:ietf:params:oauth:jwk-thumbprint:sha-256:THUMBPRINT.
    #[arg(long)]
    uri: bool,
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
        Err(e @ tinyjose::Error::AlgRsa1_5) => Err(e.to_string()),
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
        Command::Thumbprint(args) => thumbprint(args),
        Command::Convert(args) => convert(args),
    }
}

fn generate(args: &Generate) -> Result<(), Failure> {
    if let Some(KeyAlg::Jwe(alg)) = args.members.alg {
        return generate_jwe(args, alg);
    }
    let asked = args.members.jws()?;
    let bits = args.size.unwrap_or_default();
    let key = match args.kty.as_str() {
        "oct" => {
            no_crv(args)?;
            let alg = match asked {
                Some(alg) if !alg.is_symmetric() => {
                    return Err(Failure::usage(format!(
                        "an oct key is for HS256, HS384 or HS512, not {alg}"
                    )));
                }
                Some(alg) => alg,
                // The largest hash the secret is as long as.
                None => [JwsAlg::Hs512, JwsAlg::Hs384]
                    .into_iter()
                    .find(|&alg| bits >= min_secret_bits(alg))
                    .unwrap_or(JwsAlg::Hs256),
            };
            SignatureKey::generate(alg, args.size).map_err(|e| {
                // Whole bytes, and long enough: refused for being longer than a JWK holds.
                let too_long = bits.is_multiple_of(8) && bits >= min_secret_bits(alg);
                refused_size(e, || {
                    let most = if too_long { " and at most 2048" } else { "" };
                    format!(
                        "--size {bits}: {alg} needs a secret of at least {}{most} bits, in whole \
                         bytes",
                        min_secret_bits(alg)
                    )
                })
            })?
        }
        "RSA" => {
            no_crv(args)?;
            let alg = asked.unwrap_or(JwsAlg::Rs256);
            if !alg.is_rsa() {
                return Err(Failure::usage(format!(
                    "an RSA key is for {RSA_ALGS}, not {alg}"
                )));
            }
            SignatureKey::generate(alg, args.size)
                .map_err(|e| refused_size(e, || rsa_sizes(bits)))?
        }
        kty => {
            no_size(args)?;
            let alg = match (signature_curve(kty, args.crv.as_deref())?, asked) {
                // The curve's other name (RFC 9864).
                (JwsAlg::EdDsa, Some(JwsAlg::Ed25519)) => JwsAlg::Ed25519,
                (alg, _) => alg,
            };
            SignatureKey::generate(alg, None)?
        }
    };
    // An asymmetric key is named by its thumbprint unless --kid names it.
    let kid = (!key.is_secret()).then(|| key.thumbprint()).transpose()?;
    let alg = Some(KeyAlg::Jws(key.alg()));
    print_jwk(&key.private_jwk()?, &args.members, alg, kid)
}

/// Generates an encryption key for the JWE key management algorithm `alg`.
fn generate_jwe(args: &Generate, alg: JweAlg) -> Result<(), Failure> {
    let kty = args.kty.as_str();
    let misfit = || Failure::usage(format!("--alg {alg} does not fit --kty {kty}"));
    let rsa_oaep = matches!(alg, JweAlg::RsaOaep | JweAlg::RsaOaep256);
    let bits = args.size.unwrap_or_default();
    if !matches!(kty, "oct" | "RSA") {
        no_size(args)?;
    }
    let key = match kty {
        "oct" => {
            no_crv(args)?;
            if alg.is_pbes2() {
                return Err(Failure::usage(format!(
                    "--alg {alg} takes a password file, not a generated key"
                )));
            }
            if alg.is_ecdh_es() || rsa_oaep {
                return Err(misfit());
            }
            EncryptionKey::generate(alg, None, args.size).map_err(|e| {
                refused_size(e, || match alg.key_len() {
                    None => format!(
                        "--size {bits}: a dir key is 128, 192, 256, 384 or 512 bits, the key \
                         size of its enc"
                    ),
                    Some(len) => format!("--size: {alg} keys are {} bits", len * 8),
                })
            })?
        }
        "EC" | "OKP" if alg.is_ecdh_es() => {
            let default = if kty == "OKP" { "X25519" } else { "P-256" };
            let crv = args.crv.as_deref().unwrap_or(default);
            let refused = || {
                Failure::usage(format!(
                    "--crv {crv}: ECDH-ES keys are on P-256 or P-384 (kty EC) or X25519 (kty OKP)"
                ))
            };
            if kty_of(crv) != kty {
                return Err(refused());
            }
            EncryptionKey::generate(alg, Some(crv), None).map_err(|e| match e {
                tinyjose_std::Error::Jose(tinyjose::Error::Unsupported) => refused(),
                e => e.into(),
            })?
        }
        "RSA" if rsa_oaep => {
            no_crv(args)?;
            EncryptionKey::generate(alg, None, args.size)
                .map_err(|e| refused_size(e, || rsa_sizes(bits)))?
        }
        _ => return Err(misfit()),
    };
    let kid = (!key.is_secret()).then(|| key.thumbprint()).transpose()?;
    print_jwk(
        &key.private_jwk()?,
        &args.members,
        Some(KeyAlg::Jwe(alg)),
        kid,
    )
}

/// The signature algorithm of a `kty` key on `crv` (by default P-256 for EC, Ed25519 for OKP).
fn signature_curve(kty: &str, crv: Option<&str>) -> Result<JwsAlg, Failure> {
    let crv = crv.unwrap_or(if kty == "OKP" { "Ed25519" } else { "P-256" });
    let alg = match crv {
        "P-256" => Some(JwsAlg::Es256),
        "P-384" => Some(JwsAlg::Es384),
        "P-521" => Some(JwsAlg::Es512),
        "Ed25519" => Some(JwsAlg::EdDsa),
        _ => None,
    };
    alg.filter(|_| kty_of(crv) == kty)
        .ok_or_else(|| Failure::usage(format!("--crv {crv} is not a curve for {kty} keys")))
}

/// The key type of a curve of `--crv`: EC for the NIST curves, OKP for the others.
fn kty_of(crv: &str) -> &'static str {
    if crv.starts_with("P-") { "EC" } else { "OKP" }
}

fn no_crv(args: &Generate) -> Result<(), Failure> {
    match args.crv {
        Some(_) => Err(Failure::usage(format!(
            "--crv is for EC and OKP keys, not {}",
            args.kty
        ))),
        None => Ok(()),
    }
}

fn no_size(args: &Generate) -> Result<(), Failure> {
    match args.size {
        Some(_) => Err(Failure::usage(
            "--size is for oct and RSA keys; EC and OKP sizes come from --crv",
        )),
        None => Ok(()),
    }
}

/// The smallest HMAC secret `tinyjose-std` generates for `alg`, in bits: the hash size.
fn min_secret_bits(alg: JwsAlg) -> usize {
    HmacKey::min_secret_len(alg).unwrap_or_default() * 8
}

fn rsa_sizes(bits: usize) -> String {
    format!("--size {bits}: RSA keys are 2048, 3072 or 4096 bits")
}

/// A key size `tinyjose-std` refuses to generate, said with `message`; other errors as they are.
fn refused_size(error: tinyjose_std::Error, message: impl FnOnce() -> String) -> Failure {
    if let tinyjose_std::Error::Jose(tinyjose::Error::Unsupported) = error {
        Failure::usage(message())
    } else {
        Failure::Rejected(error)
    }
}

/// Adds `kid`, `alg` and `use` to `jwk` (sorted with the other members) and prints it.
fn print_jwk(
    jwk: &str,
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
    let mut jwk = object(jwk)?;
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
        KeyFile::Jwks(text) => {
            let set = JwkSet::parse(&text).map_err(|e| Failure::key_file(path, &e))?;
            let keys = set
                .iter()
                .map(|jwk| public_of(path, &jwk.map_err(|e| Failure::key_file(path, &e))?))
                .collect::<Result<Vec<Value>, Failure>>()?;
            output::line(&serde_json::json!({ "keys": keys }).to_string())
        }
        KeyFile::Jwk(text) => {
            output::line(&public_of(path, &keys::parse_jwk(path, &text)?)?.to_string())
        }
        file @ (KeyFile::Pem(_) | KeyFile::Der(_)) => {
            output::line(&file.pem_key(path, None)?.0.public_jwk()?)
        }
    }
}

/// The public JWK of `jwk`, keeping its `alg`, `kid`, `key_ops` and `use`.
fn public_of(path: &str, jwk: &Jwk<'_>) -> Result<Value, Failure> {
    if jwk.is_symmetric() {
        return Err(Failure::usage(format!(
            "key file {path}: a secret (oct) key has no public form"
        )));
    }
    let text = public_jwk(jwk).map_err(|e| Failure::key_file(path, &e))?;
    let mut public = object(&text)?;
    // Output only: the members to keep are copied as they are written (the core's `Jwk` does not
    // give `key_ops` or `use`).
    if let Ok(Value::Object(members)) = serde_json::from_str(jwk.json()) {
        for name in ["alg", "kid", "key_ops", "use"] {
            if let Some(v) = members.get(name) {
                public.insert(name.to_owned(), v.clone());
            }
        }
    }
    public.sort_keys();
    Ok(Value::Object(public))
}

/// The public JWK of an asymmetric JWK: of its signature key, else, when its `use` or
/// `key_ops` are not for signatures or it has no signature algorithm, of its encryption key. A
/// key that names no algorithm is loaded for one of its type (RS256 or RSA-OAEP-256 for an RSA
/// key, the curve's for another): its public members are the same for all.
fn public_jwk(jwk: &Jwk<'_>) -> tinyjose_std::Result<String> {
    let json = jwk.json();
    let named = keys::named_alg(jwk).is_some();
    let rsa = !named && keys::is_rsa(jwk);
    let refused = match SignatureKey::from_jwk(json, rsa.then_some(JwsAlg::Rs256)) {
        Ok(key) => return key.public_jwk(),
        Err(e) => e,
    };
    if !matches!(
        refused,
        tinyjose_std::Error::Jose(tinyjose::Error::KeyRejected(
            KeyReason::WrongUse | KeyReason::NoAlg
        ))
    ) {
        return Err(refused);
    }
    let alg = (!named).then_some(if rsa {
        JweAlg::RsaOaep256
    } else {
        JweAlg::EcdhEs
    });
    EncryptionKey::from_jwk(json, alg)?.public_jwk()
}

fn thumbprint(args: &Thumbprint) -> Result<(), Failure> {
    let path = args.file.as_str();
    let print = match KeyFile::read(path)? {
        KeyFile::Jwk(text) => {
            let jwk = keys::parse_jwk(path, &text)?;
            let mut out = [0u8; 43];
            jwk.thumbprint_b64(&mut out)
                .map_err(|e| Failure::key_file(path, &e))?
                .to_owned()
        }
        KeyFile::Jwks(_) => {
            return Err(Failure::usage(format!(
                "key file {path}: holds a JWK Set; pass one JWK"
            )));
        }
        file @ (KeyFile::Pem(_) | KeyFile::Der(_)) => file.pem_key(path, None)?.0.thumbprint()?,
    };
    if args.uri {
        return output::line(&format!("{}{print}", tinyjose::THUMBPRINT_URI_PREFIX));
    }
    output::line(&print)
}

fn convert(args: &Convert) -> Result<(), Failure> {
    let file = KeyFile::read(&args.file)?;
    if matches!(file, KeyFile::Jwk(_) | KeyFile::Jwks(_)) {
        return Err(Failure::usage(format!(
            "key file {}: already a JWK; convert takes a PEM or DER key",
            args.file
        )));
    }
    let asked = args.members.jws()?;
    let (mut key, mut bound) = file.pem_key(&args.file, None)?;
    if !bound && asked.is_some() {
        // An RSA key is bound to the algorithm asked for; other keys name theirs.
        (key, bound) = file.pem_key(&args.file, asked)?;
    }
    let jwk = match key.signer() {
        Some(_) => key.private_jwk()?,
        None => Zeroizing::new(key.public_jwk()?),
    };
    let alg = bound.then(|| KeyAlg::Jws(key.alg()));
    print_jwk(&jwk, &args.members, alg, Some(key.thumbprint()?))
}

fn object(json: &str) -> Result<Map<String, Value>, Failure> {
    match serde_json::from_str(json) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Failure::usage(
            "internal: tinyjose-std wrote a JWK that is not a JSON object",
        )),
    }
}
