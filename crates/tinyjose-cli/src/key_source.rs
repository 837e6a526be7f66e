//! Where `verify` takes its keys from: key files (`--key`), an issuer's remote JWK Set
//! (`--jwks-url`), or the token's own `x5c` chain validated to trust anchors (`--x5c-roots`).

use core::time::Duration;
use std::sync::Arc;

use tinyjose_std::{KeySet, RemoteJwkSet, UntrustedJws, X5cTrust};

use crate::failure::Failure;
use crate::input;
use crate::keys;
use crate::verify::Args;

/// The trusted keys of one `verify`.
pub(crate) enum KeySource {
    /// Key files.
    Files(Arc<KeySet>),
    /// An issuer's JWK Set, fetched.
    Remote(RemoteJwkSet),
    /// The token's `x5c` leaf, once the chain validates to these anchors.
    X5c(X5cTrust),
}

impl KeySource {
    pub(crate) fn from_args(args: &Args) -> Result<Self, Failure> {
        if let Some(url) = &args.jwks_url {
            let mut builder = RemoteJwkSet::builder(url).allow_http(args.allow_http);
            if !args.algs.is_empty() {
                builder = builder.algorithms(&args.algs);
            }
            if let Some(seconds) = args.jwks_timeout {
                builder = builder.timeout(Duration::from_secs(seconds));
            }
            for prefix in &args.allow_jku {
                builder = builder.allow_jku(prefix);
            }
            if let Some(path) = &args.jwks_ca {
                let pem = read_text(path)?;
                builder = builder
                    .root_certificates_pem(&pem)
                    .map_err(|e| Failure::key_file(path, &e))?;
            }
            return Ok(Self::Remote(builder.build()?));
        }
        if let Some(path) = &args.x5c_roots {
            let pem = read_text(path)?;
            let mut trust = X5cTrust::from_pem(&pem).map_err(|e| Failure::key_file(path, &e))?;
            if !args.algs.is_empty() {
                trust = trust.algorithms(&args.algs);
            }
            if let Some(oid) = &args.x5c_eku {
                trust = trust
                    .require_eku(oid)
                    .map_err(|e| Failure::usage(e.to_string()))?;
            }
            return Ok(Self::X5c(trust));
        }
        Ok(Self::Files(Arc::new(keys::verification_keys(
            &args.keys, &args.algs,
        )?)))
    }

    /// The keys for `token`: the files', or the remote set's for its header (`kid`, `alg`,
    /// a trusted `jku`); a token that does not parse gets an empty set, so that verifying it
    /// names what is wrong with it.
    pub(crate) fn keys_for(&self, token: &str, json: bool) -> Result<Arc<KeySet>, Failure> {
        match self {
            Self::Files(keys) => Ok(Arc::clone(keys)),
            Self::Remote(remote) if json => Ok(remote.keys()?),
            Self::Remote(remote) => match UntrustedJws::parse(token) {
                Ok(jws) => Ok(remote.keys_for(&jws.header())?),
                Err(_) => Ok(Arc::new(KeySet::new())),
            },
            Self::X5c(_) => Ok(Arc::new(KeySet::new())),
        }
    }
}

fn read_text(path: &str) -> Result<String, Failure> {
    String::from_utf8(input::file(path)?)
        .map_err(|_| Failure::usage(format!("{path}: not UTF-8 PEM text")))
}
