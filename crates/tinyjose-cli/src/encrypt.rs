//! `tinyjose encrypt`: encrypt a plaintext into a compact JWE.

use tinyjose_std::tinyjose::{self, Enc};
use tinyjose_std::{ALL_CONTENT_ENCRYPTIONS, ContentEncryption, HeaderParams, JweAlg};

use crate::failure::Failure;
use crate::{input, jwe_keys, output};

/// Encrypt a plaintext for the holder of a key into a compact JWE and print it.
///
/// The key management algorithm is the key's: --alg, else the JWK's "alg" (a PEM/DER key or a
/// JWK without "alg" needs --alg). RSA1_5 is not supported, by design.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The recipient's key: a JWK ("oct" for dir, A*KW and A*GCMKW; EC or OKP for ECDH-ES; RSA
    /// for RSA-OAEP), a PEM/DER key (RSA for RSA-OAEP; P-256, P-384 or X25519 for ECDH-ES), or
    /// with --alg PBES2-... a file holding the password.
    #[arg(long, value_name = "FILE")]
    key: String,
    /// The key management algorithm, when the key does not name it.
    #[arg(long, value_name = "ALG", value_parser = jwe_keys::parse_alg)]
    alg: Option<JweAlg>,
    /// The content encryption: A128GCM, A192GCM, A256GCM, A128CBC-HS256, A192CBC-HS384 or
    /// A256CBC-HS512.
    #[arg(long, value_name = "ENC", value_parser = jwe_keys::parse_enc)]
    enc: Enc,
    /// The header "kid" (default: the JWK's "kid").
    #[arg(long, value_name = "KID")]
    kid: Option<String>,
    /// The header "typ".
    #[arg(long, value_name = "TYP")]
    typ: Option<String>,
    /// The header "cty" ("JWT" for a nested JWT).
    #[arg(long, value_name = "CTY")]
    cty: Option<String>,
    /// With a PBES2 --alg: the iteration count "p2c" (default 10 000, at least 1000). A recipient
    /// accepts at most its --max-pbes2-count, 10 000 by default.
    #[arg(long, value_name = "N")]
    pbes2_count: Option<u32>,
    /// Compress the plaintext with DEFLATE first ("zip":"DEF"). Do not compress content that an
    /// attacker can partly choose: its length would leak the rest.
    #[arg(long)]
    zip: bool,
    /// The plaintext: the text itself, @FILE, or "-" (or nothing) to read it from stdin.
    #[arg(value_name = "PLAINTEXT|@FILE|-")]
    plaintext: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let allowed: Vec<JweAlg> = args.alg.into_iter().collect();
    let key = match (args.alg, args.pbes2_count) {
        (Some(alg), count) if jwe_keys::is_pbes2(alg) => jwe_keys::password(&args.key, alg, count)?,
        (_, Some(_)) => return Err(Failure::usage("--pbes2-count is for a PBES2 --alg")),
        _ => jwe_keys::load(&args.key, &allowed, None)?,
    };
    let content = content(args.enc)?;
    let plaintext = input::content(args.plaintext.as_deref())?;
    let mut header = HeaderParams::new();
    header.kid = args.kid.as_deref().or(key.kid());
    header.typ = args.typ.as_deref();
    header.cty = args.cty.as_deref();
    let token = key
        .encrypt(&header, &plaintext, content, args.zip)
        .map_err(|e| match e {
            tinyjose_std::Error::Jose(tinyjose::Error::KeyRejected(_)) => Failure::usage(format!(
                "key file {}: the {} key cannot encrypt with {} (a dir key must be as long as \
                 the content encryption key)",
                args.key,
                key.alg(),
                args.enc
            )),
            e => Failure::Rejected(e),
        })?;
    output::line(&token)
}

/// The content encryption of `enc`, if this build has it.
pub(crate) fn content(enc: Enc) -> Result<&'static dyn ContentEncryption, Failure> {
    ALL_CONTENT_ENCRYPTIONS
        .iter()
        .copied()
        .find(|c| c.enc() == enc)
        .ok_or_else(|| Failure::usage(format!("{enc} is not available in this build")))
}
