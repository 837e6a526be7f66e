//! Reading tokens, claims and key files from arguments, files and stdin.

use std::io::Read;
use std::path::Path;

use tinyjose_std::tinyjose::{Error, Limit, Part};

use crate::failure::Failure;

/// The largest input read from stdin or a file: far above any token or key the core accepts,
/// low enough that a wrong file is refused rather than read whole.
const MAX_INPUT: u64 = 1 << 20;

/// The token from the argument, a file it names, or stdin when it is `-` or absent, whitespace
/// trimmed: a compact token or a JWS/JWE JSON serialization.
///
/// An argument that names no file must be shaped like a compact token (base64url segments, at
/// least three, separated by dots) or be a JSON serialization (it opens with `{`): anything else
/// is taken for a mistyped file name, a usage error. Empty input is a usage error too; input too large to be a token is refused as the core
/// refuses a long token (`limit_exceeded`), and so is a token pasted with its `Bearer ` scheme.
pub(crate) fn token(arg: Option<&str>) -> Result<String, Failure> {
    read_token(arg, Shape::Jose)
}

/// An SD-JWT or SD-JWT presentation, read as [`token`] reads a token: an argument that names no
/// file must be shaped like one (base64url segments separated by dots, then disclosures each
/// after a `~`).
pub(crate) fn sd_jwt(arg: Option<&str>) -> Result<String, Failure> {
    read_token(arg, Shape::SdJwt)
}

/// What a token argument is shaped like.
#[derive(Clone, Copy)]
enum Shape {
    /// A compact JWS or JWE, or a JSON serialization.
    Jose,
    /// An SD-JWT: a compact JWS, then `~` and disclosures.
    SdJwt,
}

impl Shape {
    fn fits(self, arg: &str) -> bool {
        match self {
            Self::Jose => is_token_shaped(arg) || tinyjose_std::is_json_serialization(arg),
            Self::SdJwt => is_sd_jwt_shaped(arg),
        }
    }

    /// What the argument should have been, for messages.
    fn what(self) -> &'static str {
        match self {
            Self::Jose => "a compact token",
            Self::SdJwt => "an SD-JWT",
        }
    }

    /// Its form, for messages.
    fn form(self) -> &'static str {
        match self {
            Self::Jose => "base64url segments separated by dots",
            Self::SdJwt => "a compact JWT, then disclosures, each after a \"~\"",
        }
    }
}

fn read_token(arg: Option<&str>, shape: Shape) -> Result<String, Failure> {
    let (text, source) = match arg {
        None | Some("-") => {
            let bytes = read(std::io::stdin(), "stdin")?.ok_or_else(|| too_long("stdin"))?;
            let text =
                String::from_utf8(bytes).map_err(|_| Failure::usage("stdin is not UTF-8 text"))?;
            (text, "stdin".to_owned())
        }
        Some(path) if Path::new(path).is_file() => {
            let bytes = read_file(path)?.ok_or_else(|| too_long(path))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Failure::usage(format!("{path}: not UTF-8 text")))?;
            (text, format!("the file {path}"))
        }
        Some(arg) if shape.fits(arg) || bearer(arg) => {
            (arg.to_owned(), "the token argument".to_owned())
        }
        Some("") => return Err(Failure::usage("the token argument is empty")),
        Some(arg) => {
            return Err(Failure::usage(format!(
                "{arg}: no such file, and not {} ({})",
                shape.what(),
                shape.form()
            )));
        }
    };
    let token = text.trim();
    if token.is_empty() {
        return Err(Failure::usage(format!(
            "{source} is empty: expected {}",
            shape.what()
        )));
    }
    if bearer(token) {
        return Err(Failure::RejectedWith(
            Error::Malformed(Part::Token).into(),
            "malformed token: remove the \"Bearer \" prefix (the HTTP authorization scheme) and \
             pass the token alone"
                .to_owned(),
        ));
    }
    Ok(token.to_owned())
}

/// Whether `arg` looks like an SD-JWT: base64url characters, dots and tildes, a `~` after a
/// compact JWT (at least two dots).
fn is_sd_jwt_shaped(arg: &str) -> bool {
    arg.split_once('~').is_some_and(|(jwt, rest)| {
        is_token_shaped(jwt)
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
    })
}

/// Whether `arg` looks like a compact JWS or JWE: base64url characters and at least two dots.
fn is_token_shaped(arg: &str) -> bool {
    arg.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && arg.bytes().filter(|&b| b == b'.').count() >= 2
}

/// Whether `text` starts with the HTTP `Bearer ` scheme (RFC 6750 §2.1).
fn bearer(text: &str) -> bool {
    text.get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("bearer "))
}

/// Input too large to be a token: refused as the core refuses a long token.
fn too_long(source: &str) -> Failure {
    Failure::RejectedWith(
        Error::LimitExceeded(Limit::TokenLength).into(),
        format!(
            "{}: {source} holds more than {MAX_INPUT} bytes",
            Error::LimitExceeded(Limit::TokenLength)
        ),
    )
}

/// All of stdin, as UTF-8 text.
pub(crate) fn stdin() -> Result<String, Failure> {
    String::from_utf8(stdin_bytes()?).map_err(|_| Failure::usage("stdin is not UTF-8 text"))
}

/// All of stdin.
pub(crate) fn stdin_bytes() -> Result<Vec<u8>, Failure> {
    read(std::io::stdin(), "stdin")?
        .ok_or_else(|| Failure::usage(format!("stdin holds more than {MAX_INPUT} bytes")))
}

/// A content argument: the text itself, the bytes of `@FILE`, or stdin for `-` or nothing.
pub(crate) fn content(arg: Option<&str>) -> Result<Vec<u8>, Failure> {
    match arg {
        None | Some("-") => stdin_bytes(),
        Some(arg) => match arg.strip_prefix('@') {
            Some(path) => file(path),
            None => Ok(arg.as_bytes().to_vec()),
        },
    }
}

/// The bytes of a key or claims file, refusing files larger than a key or claim set can be.
pub(crate) fn file(path: &str) -> Result<Vec<u8>, Failure> {
    read_file(path)?.ok_or_else(|| Failure::usage(format!("{path}: larger than {MAX_INPUT} bytes")))
}

/// The bytes of `path`, or `None` if it holds more than [`MAX_INPUT`] bytes.
fn read_file(path: &str) -> Result<Option<Vec<u8>>, Failure> {
    if (path.starts_with("https://") || path.starts_with("http://")) && !Path::new(path).exists() {
        return Err(Failure::usage(format!(
            "{path}: URLs are not fetched by this command; download the file (say, with curl) \
             and pass its path"
        )));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| Failure::usage(format!("{path}: cannot read: {e}")))?;
    read(file, path)
}

/// All of `reader`, or `None` if it holds more than [`MAX_INPUT`] bytes.
fn read(reader: impl Read, name: &str) -> Result<Option<Vec<u8>>, Failure> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::usage(format!("{name}: cannot read: {e}")))?;
    Ok(u64::try_from(bytes.len())
        .is_ok_and(|n| n <= MAX_INPUT)
        .then_some(bytes))
}
