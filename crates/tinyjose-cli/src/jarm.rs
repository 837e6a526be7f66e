//! `tinyjose jarm`: validate a JWT Secured Authorization Response (JARM) and print its
//! parameters.

use std::path::Path;

use serde_json::Value;
use tinyjose_std::{JarmValidation, JweAlg, JwsAlg, ResponseKind, UnixTime, UntrustedJwe, now};

use crate::failure::Failure;
use crate::{input, jwe_keys, keys, output};

/// Validate a JWT Secured Authorization Response (JARM) with the issuer's keys, and print its
/// parameters as one JSON object.
///
/// The input is the redirect URL (the "response" parameter in its query: response mode
/// query.jwt; in its fragment: fragment.jwt), a form body "response=..." (form_post.jwt), or the
/// bare JWT or JWE (jwt). The response must be signed by one of the issuer's keys, for this
/// client, with this state, and not expired; an encrypted response (and, with --decrypt-key,
/// every response) is decrypted with --decrypt-key. Exit 0 with the parameters of a code or
/// token response on stdout; exit 3 with those of an authorization error response (valid, and
/// still a refusal); exit 1 with `error[CODE]: message` if the response is refused; exit 2 for
/// a usage error or a bad key file.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The issuer's keys: a JWK, JWK Set or PEM/DER public key file.
    #[arg(long, value_name = "ISSUER_KEYS")]
    key: String,
    /// The client's private key for encrypted responses (a private JWK, a JWK Set, or a PEM/DER
    /// private key: RSA for RSA-OAEP; P-256, P-384 or X25519 for ECDH-ES). With it, a response
    /// that is only signed is refused.
    #[arg(long, value_name = "FILE")]
    decrypt_key: Option<String>,
    /// The key management algorithm of --decrypt-key (default: the key's, else the response's
    /// when the key admits it).
    #[arg(long, value_name = "ALG", value_parser = jwe_keys::parse_alg, requires = "decrypt_key")]
    decrypt_alg: Option<JweAlg>,
    /// The issuer ("iss").
    #[arg(long, value_name = "ISS")]
    issuer: String,
    /// The client id ("aud").
    #[arg(long, value_name = "ID")]
    client_id: String,
    /// The state sent in the authorization request.
    #[arg(long, value_name = "STATE")]
    state: String,
    /// An accepted signing algorithm (repeatable; the client's
    /// authorization_signed_response_alg); required for PEM/DER keys and JWKs without "alg".
    #[arg(long = "alg", value_name = "ALG", value_parser = keys::parse_alg)]
    algs: Vec<JwsAlg>,
    /// Clock skew allowed on "exp", in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    leeway: u64,
    /// The current time as Unix seconds, instead of the system clock.
    #[arg(long, value_name = "UNIX_SECONDS")]
    now: Option<u64>,
    /// The redirect URL, the form body, the JWT or JWE, a file holding one, or "-" (or nothing)
    /// to read it from stdin.
    #[arg(value_name = "URL|FORM_BODY|JWT|-")]
    input: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let keys = keys::verification_keys(core::slice::from_ref(&args.key), &args.algs)?;
    let text = match args.input.as_deref() {
        None | Some("-") => input::stdin()?,
        Some(path) if Path::new(path).is_file() => String::from_utf8(input::file(path)?)
            .map_err(|_| Failure::usage(format!("{path}: not UTF-8 text")))?,
        Some(text) => text.to_owned(),
    };
    let (response, mode) = tinyjose_std::jarm_response(&text)?;
    let now = match args.now {
        Some(secs) => UnixTime::from_secs(secs),
        None => now().map_err(Failure::clock)?,
    };
    let v = JarmValidation::new(&args.issuer, &args.client_id, now)
        .leeway(args.leeway)
        .state(&args.state)
        .algs(&args.algs)
        .response_mode(mode);
    let decryption = match &args.decrypt_key {
        Some(path) => {
            let jwe = UntrustedJwe::parse(&response).ok();
            let allowed: Vec<JweAlg> = args.decrypt_alg.into_iter().collect();
            let key = jwe_keys::load(path, &allowed, jwe.as_ref())?;
            jwe_keys::decrypter(&key, path)?;
            Some(key)
        }
        None => None,
    };
    let answer = tinyjose_std::validate_jarm_response(&response, &keys, &v, decryption.as_ref())?;
    let params: Value =
        serde_json::from_str(&answer.params).map_err(|e| Failure::Rejected(e.into()))?;
    output::line(&params.to_string())?;
    match answer.kind {
        ResponseKind::Error => Err(Failure::ErrorResponse),
        _ => Ok(()),
    }
}
