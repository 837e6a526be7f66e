//! `tinyjose encrypt`: encrypt a plaintext into a compact JWE or a JWE JSON serialization.

use tinyjose_std::tinyjose::jwe::JweJsonParams;
use tinyjose_std::tinyjose::{self, Enc};
use tinyjose_std::{
    ALL_CONTENT_ENCRYPTIONS, ContentEncryption, EncryptionKey, HeaderParams, JweAlg,
};

use crate::failure::Failure;
use crate::{input, jwe_keys, output};

/// Encrypt a plaintext for the holder of a key into a compact JWE, or with --json into a JWE JSON
/// serialization, and print it.
///
/// The key management algorithm is the key's: --alg, else the JWK's "alg" (a PEM/DER key or a
/// JWK without "alg" needs --alg). RSA1_5 is not supported, by design. With --json general,
/// --key may be repeated: one recipient per key, each with its "alg" and "kid" in its own
/// header; "enc", "typ" and "cty" are in the protected header.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The recipient's key: a JWK ("oct" for dir, A*KW and A*GCMKW; EC or OKP for ECDH-ES; RSA
    /// for RSA-OAEP), a PEM/DER key (RSA for RSA-OAEP; P-256, P-384 or X25519 for ECDH-ES), or
    /// with --alg PBES2-... a file holding the password. Repeatable with --json general, one
    /// recipient per key (dir and ECDH-ES serve one recipient alone).
    #[arg(long = "key", value_name = "FILE", required = true)]
    keys: Vec<String>,
    /// The key management algorithm, when the key does not name it: once for every key, or once
    /// per --key, in their order.
    #[arg(long = "alg", value_name = "ALG", value_parser = jwe_keys::parse_alg)]
    algs: Vec<JweAlg>,
    /// The content encryption: A128GCM, A192GCM, A256GCM, A128CBC-HS256, A192CBC-HS384 or
    /// A256CBC-HS512.
    #[arg(long, value_name = "ENC", value_parser = jwe_keys::parse_enc)]
    enc: Enc,
    /// The header "kid" (default: the JWK's "kid"): once per --key, in their order.
    #[arg(long = "kid", value_name = "KID")]
    kids: Vec<String>,
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
    /// Write a JWE JSON serialization (RFC 7516 §7.2): "flattened" (one key) or "general" (one
    /// or more keys), instead of the compact form. --zip is for the compact form only.
    #[arg(long, value_name = "FORM")]
    json: Option<crate::sign::Form>,
    /// The plaintext: the text itself, @FILE, or "-" (or nothing) to read it from stdin.
    #[arg(value_name = "PLAINTEXT|@FILE|-")]
    plaintext: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let keys = recipient_keys(args)?;
    let content = content(args.enc)?;
    let plaintext = input::content(args.plaintext.as_deref())?;
    let mut header = HeaderParams::new();
    header.typ = args.typ.as_deref();
    header.cty = args.cty.as_deref();
    let refused = |e: tinyjose_std::Error, path: &str, key: &EncryptionKey| match e {
        tinyjose_std::Error::Jose(tinyjose::Error::KeyRejected(_)) => Failure::usage(format!(
            "key file {path}: the {} key cannot encrypt with {} (a dir key must be as long as \
             the content encryption key)",
            key.alg(),
            args.enc
        )),
        e => Failure::Rejected(e),
    };
    let token = match (args.json, keys.as_slice()) {
        (None, [key]) => {
            header.kid = args.kids.first().map(String::as_str).or(key.kid());
            key.encrypt(&header, &plaintext, content, args.zip)
                .map_err(|e| refused(e, &args.keys[0], key))?
        }
        (None, _) => return Err(Failure::usage("pass one --key, or use --json general")),
        (Some(form), keys) => {
            let recipients: Vec<_> = keys
                .iter()
                .enumerate()
                .map(|(i, key)| match args.kids.get(i) {
                    Some(kid) => tinyjose::jwe::JweRecipient::new(key.encrypter()).kid(kid),
                    None => key.recipient(),
                })
                .collect();
            let params = JweJsonParams::new().header(header).form(form.into());
            tinyjose_std::encrypt_json_to_string(&params, &plaintext, &recipients, content)
                .map_err(|e| match e {
                    tinyjose_std::Error::Jose(tinyjose::Error::Unsupported) if keys.len() > 1 => {
                        Failure::usage(
                            "dir and ECDH-ES (direct key agreement) serve one recipient alone; \
                             use key wrapping (A*KW, ECDH-ES+A*KW, RSA-OAEP, ...) for several",
                        )
                    }
                    e => refused(e, &args.keys[0], &keys[0]),
                })?
        }
    };
    output::line(&token)
}

/// The keys of the `--key` options, each bound to its `--alg`; the counts of `--key`, `--alg`
/// and `--kid` checked against the form.
fn recipient_keys(args: &Args) -> Result<Vec<EncryptionKey>, Failure> {
    use crate::sign::Form;

    let n = args.keys.len();
    match (args.json, n) {
        (_, 1) | (Some(Form::General), _) => {}
        (Some(Form::Flattened), _) => {
            return Err(Failure::usage(
                "--json flattened holds one recipient: pass one --key, or use --json general",
            ));
        }
        (None, _) => {
            return Err(Failure::usage(
                "a compact token holds one recipient: pass one --key, or use --json general for \
                 several",
            ));
        }
    }
    if args.json.is_some() && args.zip {
        return Err(Failure::usage(
            "--zip is for the compact form; a JSON serialization is written uncompressed",
        ));
    }
    crate::sign::per_key_counts(args.algs.len(), args.kids.len(), n)?;
    let pbes2 = args.algs.iter().any(|&a| a.is_pbes2());
    if args.pbes2_count.is_some() && !pbes2 {
        return Err(Failure::usage("--pbes2-count is for a PBES2 --alg"));
    }
    args.keys
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let alg = args.algs.get(i).or(args.algs.first()).copied();
            match alg {
                Some(alg) if alg.is_pbes2() => jwe_keys::password(path, alg, args.pbes2_count),
                _ => jwe_keys::load(path, &alg.into_iter().collect::<Vec<_>>(), None),
            }
        })
        .collect()
}

/// The content encryption of `enc`, if this build has it.
pub(crate) fn content(enc: Enc) -> Result<&'static dyn ContentEncryption, Failure> {
    ALL_CONTENT_ENCRYPTIONS
        .iter()
        .copied()
        .find(|c| c.enc() == enc)
        .ok_or_else(|| Failure::usage(format!("{enc} is not available in this build")))
}
