//! `tinyjose decode`: show a token's header and payload without verifying anything.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;
use tinyjose_std::tinyjose::{Error, Part};
use tinyjose_std::{Limits, UntrustedJws, parse_jwe};

use crate::failure::Failure;
use crate::{input, output};

/// Print a token's header and payload as pretty JSON WITHOUT verifying its signature.
///
/// For a JWE (five segments) only the protected header is shown: the rest is encrypted. A
/// warning on stderr says that nothing was verified, and another if tinyjose would refuse the
/// token's structure.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The compact token, a file holding it, or "-" (or nothing) to read it from stdin.
    #[arg(value_name = "TOKEN|-")]
    token: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let token = input::token(args.token.as_deref())?;
    let segments: Vec<&str> = token.split('.').collect();
    let decoded = match segments.as_slice() {
        [header, payload, _signature] => {
            let header = json_segment(header, Part::Header)?;
            let payload = base64url(payload, Part::Payload)?;
            let payload = serde_json::from_slice::<Value>(&payload).unwrap_or_else(|_| {
                String::from_utf8(payload).map_or_else(
                    |e| Value::String(Base64UrlUnpadded::encode_string(e.as_bytes())),
                    Value::String,
                )
            });
            would_refuse(UntrustedJws::parse(&token).err());
            eprintln!("warning: the signature was NOT verified; do not trust this content");
            serde_json::json!({"header": header, "payload": payload})
        }
        [header, _key, _iv, _ciphertext, _tag] => {
            let header = json_segment(header, Part::Header)?;
            would_refuse(parse_jwe(&token, &Limits::DEFAULT).err());
            eprintln!(
                "note: this is a JWE: its content is encrypted (decrypt it with `tinyjose \
                 decrypt`); only the protected header is shown, and it is NOT authenticated"
            );
            serde_json::json!({"header": header})
        }
        _ => return Err(Error::Malformed(Part::Token).into()),
    };
    output::pretty_json(&decoded)
}

/// Warns that the core refuses the token's structure, before any key is tried.
fn would_refuse(error: Option<impl Into<tinyjose_std::Error>>) {
    if let Some(e) = error {
        let e = e.into();
        eprintln!(
            "warning: tinyjose would refuse this token before any key is tried: error[{}]: {}",
            e.code(),
            crate::failure::chain(&e)
        );
    }
}

fn base64url(segment: &str, part: Part) -> Result<Vec<u8>, Failure> {
    Base64UrlUnpadded::decode_vec(segment).map_err(|_| Error::Base64(part).into())
}

fn json_segment(segment: &str, part: Part) -> Result<Value, Failure> {
    let bytes = base64url(segment, part)?;
    serde_json::from_slice(&bytes).map_err(|_| Error::Json(part).into())
}
