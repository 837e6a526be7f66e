//! Verifies a compact JWT against a JWK Set, as a server or device would.
//!
//! `cargo run -p tinyjose --example verify -- examples/keys/demo-es256.jwks.json examples/tokens/demo-es256.jwt`

use std::time::{SystemTime, UNIX_EPOCH};
use std::{env, fs, process};

use tinyjose::{Error, JwkSet, UnixTime, UntrustedJws, Validation};

fn run(jwks_path: &str, token_path: &str) -> Result<String, String> {
    let jwks = fs::read_to_string(jwks_path).map_err(|e| format!("{jwks_path}: {e}"))?;
    let token = fs::read_to_string(token_path).map_err(|e| format!("{token_path}: {e}"))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let fail = |e: Error| format!("error[{}]: {e}", e.code());

    let keys = JwkSet::parse(&jwks).map_err(fail)?;
    let jws = UntrustedJws::parse(token.trim()).map_err(fail)?;
    let key = keys.verifier_for(&jws).map_err(fail)?;
    let mut buf = [0u8; 1024];
    let verified = jws.verify(&key, &mut buf).map_err(fail)?;
    let validation = Validation::new(UnixTime::from_secs(now))
        .issuer("https://issuer.example")
        .audience("tinyjose-demo")
        .typ("JWT");
    let claims = verified.claims(&validation).map_err(fail)?;
    Ok(format!(
        "verified {} token, kid {:?}\n{}",
        verified.header().alg(),
        verified.header().kid(),
        claims.json()
    ))
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let [jwks, token] = args.as_slice() else {
        eprintln!("usage: verify JWKS_FILE TOKEN_FILE");
        process::exit(2);
    };
    match run(jwks, token) {
        Ok(text) => println!("{text}"),
        Err(message) => {
            eprintln!("{message}");
            process::exit(1);
        }
    }
}
