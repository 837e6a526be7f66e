//! The `tinyjose` command: verify, decode and sign compact JWS/JWT, and generate, convert and
//! inspect JWKs, on `tinyjose-std`.
//!
//! Exit status: `0` success, `1` the token was refused (`error[CODE]: message` on stderr, `CODE`
//! from the core's `Error::code()`), `2` a usage error or a key file that cannot be used.
#![forbid(unsafe_code)]

mod decode;
mod failure;
mod input;
mod jwk;
mod keys;
mod output;
mod sign;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::failure::Failure;

/// Verify, decode and sign JSON Web Tokens; generate, convert and inspect JSON Web Keys.
///
/// Exit status: 0 success; 1 the token was refused (one line `error[CODE]: message` on stderr);
/// 2 a usage error or a key file that cannot be used.
#[derive(Debug, Parser)]
#[command(name = "tinyjose", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Verify(verify::Args),
    Decode(decode::Args),
    Sign(sign::Args),
    #[command(subcommand)]
    Jwk(jwk::Command),
    /// Reserved for JWE encryption, which is not available yet.
    Encrypt(Reserved),
    /// Reserved for JWE decryption, which is not available yet.
    Decrypt(Reserved),
}

/// The arguments of a reserved command, accepted and refused as a whole.
#[derive(Debug, clap::Args)]
struct Reserved {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    args: Vec<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Verify(args) => verify::run(&args),
        Command::Decode(args) => decode::run(&args),
        Command::Sign(args) => sign::run(&args),
        Command::Jwk(command) => jwk::run(&command),
        Command::Encrypt(_) | Command::Decrypt(_) => Err(Failure::usage(
            "JWE (encrypt and decrypt) is not available yet in this version of tinyjose",
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
