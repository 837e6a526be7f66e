//! `tinyjose dpop`: make a DPoP proof (RFC 9449) for one HTTP request.

use tinyjose_std::{DpopParams, JwsAlg, UnixTime, now};

use crate::failure::Failure;
use crate::{keys, output};

/// Make a DPoP proof (RFC 9449 §4.2) for one HTTP request with a private key, and print it.
///
/// The proof's header carries "typ" "dpop+jwt", the key's algorithm and its public JWK; its
/// claims a random "jti", "htm", "htu" (without query and fragment), "iat", and "ath" (the hash
/// of --ath) and "nonce" when given. The key is an EC (ES256, ES384, ES512), Ed25519 (EdDSA or
/// Ed25519) or RSA private key; an RSA key, or a JWK without "alg", needs --alg. Exit 0 with the
/// proof on stdout; exit 2 for a usage error or a key that cannot sign.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A private JWK, or a PEM/DER private key (PKCS#8, SEC1, or PKCS#1 for RSA).
    #[arg(long, value_name = "FILE")]
    key: String,
    /// The algorithm, when the key does not name it (an RSA key; Ed25519 for the fully
    /// specified name).
    #[arg(long, value_name = "ALG", value_parser = keys::parse_alg)]
    alg: Option<JwsAlg>,
    /// The request's HTTP method ("htm").
    #[arg(long, value_name = "METHOD")]
    htm: String,
    /// The request's URI ("htu"); its query and fragment are left out.
    #[arg(long, value_name = "URI")]
    htu: String,
    /// The access token sent with the request: the proof carries its hash ("ath").
    #[arg(long, value_name = "TOKEN")]
    ath: Option<String>,
    /// The server's DPoP-Nonce ("nonce").
    #[arg(long, value_name = "NONCE")]
    nonce: Option<String>,
    /// The current time as Unix seconds ("iat"), instead of the system clock.
    #[arg(long, value_name = "UNIX_SECONDS")]
    now: Option<u64>,
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let key = keys::signing_key(&args.key, args.alg)?;
    if key.is_secret() {
        return Err(Failure::usage(format!(
            "key file {}: a DPoP proof carries its public key, which a secret has not; pass an \
             EC, Ed25519 or RSA private key",
            args.key
        )));
    }
    let iat = match args.now {
        Some(secs) => UnixTime::from_secs(secs),
        None => now().map_err(Failure::clock)?,
    };
    let mut params = DpopParams::new(&args.htm, &args.htu, iat);
    if let Some(ath) = &args.ath {
        params = params.access_token(ath);
    }
    if let Some(nonce) = &args.nonce {
        params = params.nonce(nonce);
    }
    let proof = tinyjose_std::create_dpop_proof(&key, &params)?;
    output::line(&proof)
}
