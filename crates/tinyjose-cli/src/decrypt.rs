//! `tinyjose decrypt`: decrypt a JWE, compact or in a JSON serialization, with a trusted key and
//! print its plaintext.

use tinyjose_std::tinyjose::{Enc, UntrustedJwsJson};
use tinyjose_std::{ALL_CONTENT_ENCRYPTIONS, ContentEncryption, JweAlg, Limits};

use crate::failure::Failure;
use crate::{encrypt, input, jwe_keys, output};

/// Decrypt a JWE with a trusted key and print its plaintext.
///
/// The key decides the algorithm: its own "alg", else the token's when the key's type and size
/// admit it (--alg restricts the algorithms accepted). A JSON serialization (general or
/// flattened, detected from the input: it opens with "{") is decrypted for the recipient the key
/// opens; there a JWK must name its algorithm, or --alg give exactly one, and each key of a JWK
/// Set is tried with each algorithm it serves (or those of --alg) on the recipients whose `alg`
/// and `kid` fit it. Exit 0 with the plaintext on stdout; exit
/// 1 with `error[CODE]: message` if the token is refused (any failure to decrypt is
/// `error[decryption_failed]`); exit 2 for a usage error or a bad key file.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A private JWK, a JWK Set, a PEM/DER private key (RSA for RSA-OAEP; P-256, P-384 or X25519
    /// for ECDH-ES), or with --alg PBES2-... a file holding the password.
    #[arg(long, value_name = "FILE")]
    key: String,
    /// An accepted key management algorithm (repeatable; default: the key's).
    #[arg(long = "alg", value_name = "ALG", value_parser = jwe_keys::parse_alg)]
    algs: Vec<JweAlg>,
    /// An accepted content encryption (repeatable; default: all).
    #[arg(long = "enc", value_name = "ENC", value_parser = jwe_keys::parse_enc)]
    encs: Vec<Enc>,
    /// The highest PBES2 iteration count ("p2c") accepted, checked before any work.
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT.pbes2_count)]
    max_pbes2_count: u32,
    /// The token (compact, or a JSON serialization), a file holding it, or "-" (or nothing) to
    /// read it from stdin.
    #[arg(value_name = "TOKEN|-")]
    token: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let token = input::token(args.token.as_deref())?;
    let limits = Limits::DEFAULT.with_pbes2_count(args.max_pbes2_count);
    let encs = encs(&args.encs)?;
    if tinyjose_std::is_json_serialization(&token) {
        return json(args, &token, &encs, &limits);
    }
    let jwe = tinyjose_std::parse_jwe(&token, &limits)
        .map_err(|e| not_a_jwe(e, &token, "check it with `tinyjose verify`"))?;
    let key = jwe_keys::load(&args.key, &args.algs, Some(&jwe))?;
    let decrypter = jwe_keys::decrypter(&key, &args.key)?;
    let decrypted = tinyjose_std::decrypt_to_vec_with_limits(&token, decrypter, &encs, &limits)?;
    let mut out = decrypted.plaintext;
    out.push(b'\n');
    output::stdout(&out)
}

/// Decrypts a JWE JSON serialization with the key of `--key`, bound to its own or the one
/// `--alg`, or with the keys of a JWK Set.
fn json(
    args: &Args,
    text: &str,
    encs: &[&'static dyn ContentEncryption],
    limits: &Limits,
) -> Result<(), Failure> {
    let decrypted = match jwe_keys::load_set(&args.key, &args.algs)? {
        // Each recipient names its `alg` and perhaps a `kid`: every key of the set is tried
        // with each algorithm it serves, on the recipients that name it.
        Some(keys) => tinyjose_std::decrypt_json_with_keys(text, &keys, encs, limits),
        None => {
            let key = jwe_keys::load(&args.key, &args.algs, None)?;
            let decrypter = jwe_keys::decrypter(&key, &args.key)?;
            tinyjose_std::decrypt_json_to_vec_with_limits(text, decrypter, encs, limits)
        }
    };
    let decrypted = decrypted.map_err(|e| {
        if e.code() == "malformed" && UntrustedJwsJson::parse(text).is_ok() {
            return Failure::RejectedWith(
                e,
                "malformed token: this is a JWS JSON serialization, a signed token; check \
                     it with `tinyjose verify`"
                    .to_owned(),
            );
        }
        Failure::Rejected(e)
    })?;
    let mut out = decrypted.plaintext;
    out.push(b'\n');
    output::stdout(&out)
}

/// A malformed token that is a JWS (three segments) is named as such, with `advice`.
pub(crate) fn not_a_jwe(error: tinyjose_std::Error, token: &str, advice: &str) -> Failure {
    if error.code() == "malformed" && token.split('.').count() == 3 {
        return Failure::RejectedWith(
            error,
            format!("malformed token: this is a JWS (three segments), a signed token; {advice}"),
        );
    }
    Failure::Rejected(error)
}

/// The content encryptions of `--enc`, or all of them.
pub(crate) fn encs(names: &[Enc]) -> Result<Vec<&'static dyn ContentEncryption>, Failure> {
    if names.is_empty() {
        return Ok(ALL_CONTENT_ENCRYPTIONS.to_vec());
    }
    names.iter().map(|&enc| encrypt::content(enc)).collect()
}
