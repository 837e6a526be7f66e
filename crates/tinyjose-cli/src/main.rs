//! The `tinyjose` command: verify, decode and sign JWS/JWT, encrypt and decrypt JWE (compact or
//! JSON serializations), issue, present and verify SD-JWTs, and generate, convert and inspect
//! JWKs, on `tinyjose-std`.
//!
//! Exit status: `0` success, `1` the token was refused (`error[CODE]: message` on stderr, `CODE`
//! from the core's `Error::code()`), `2` a usage error or a key file that cannot be used, `3`
//! (`jarm`) a valid authorization error response.
#![forbid(unsafe_code)]

mod decode;
mod decrypt;
mod dpop;
mod encrypt;
mod failure;
mod input;
mod jarm;
mod jwe_keys;
mod jwk;
mod key_source;
mod keys;
mod output;
mod profile;
mod sd_jwt;
mod sign;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Verify, decode, sign, encrypt and decrypt JSON Web Tokens; issue, present and verify SD-JWTs;
/// generate, convert and inspect JSON Web Keys.
///
/// Exit status: 0 success; 1 the token was refused (one line `error[CODE]: message` on stderr);
/// 2 a usage error or a key file that cannot be used; 3 (jarm) a valid authorization error
/// response.
#[derive(Debug, Parser)]
#[command(name = "tinyjose", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Verify(Box<verify::Args>),
    Decode(decode::Args),
    Sign(sign::Args),
    Encrypt(encrypt::Args),
    Decrypt(decrypt::Args),
    Jarm(jarm::Args),
    Dpop(dpop::Args),
    #[command(subcommand)]
    Jwk(jwk::Command),
    #[command(subcommand)]
    SdJwt(sd_jwt::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Verify(args) => verify::run(&args),
        Command::Decode(args) => decode::run(&args),
        Command::Sign(args) => sign::run(&args),
        Command::Encrypt(args) => encrypt::run(&args),
        Command::Decrypt(args) => decrypt::run(&args),
        Command::Jarm(args) => jarm::run(&args),
        Command::Dpop(args) => dpop::run(&args),
        Command::Jwk(command) => jwk::run(&command),
        Command::SdJwt(command) => sd_jwt::run(&command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
