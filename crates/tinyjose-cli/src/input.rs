//! Reading tokens, claims and key files from arguments, files and stdin.

use std::io::Read;

use crate::failure::Failure;

/// The largest input read from stdin or a file: far above any token or key the core accepts,
/// low enough that a wrong file is refused rather than read whole.
const MAX_INPUT: u64 = 1 << 20;

/// The token from the argument, or from stdin when it is `-` or absent, whitespace trimmed. An
/// argument that names an existing file (a token never does: it has no `/` and no spaces, and
/// three or five segments) is read from that file.
pub(crate) fn token(arg: Option<&str>) -> Result<String, Failure> {
    let text = match arg {
        None | Some("-") => stdin()?,
        Some(path) if std::path::Path::new(path).is_file() => String::from_utf8(file(path)?)
            .map_err(|_| Failure::usage(format!("{path}: not UTF-8 text")))?,
        Some(token) => token.to_owned(),
    };
    Ok(text.trim().to_owned())
}

/// All of stdin, as UTF-8 text.
pub(crate) fn stdin() -> Result<String, Failure> {
    String::from_utf8(stdin_bytes()?).map_err(|_| Failure::usage("stdin is not UTF-8 text"))
}

/// All of stdin.
pub(crate) fn stdin_bytes() -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::usage(format!("cannot read stdin: {e}")))?;
    if u64::try_from(bytes.len()).map_or(true, |n| n > MAX_INPUT) {
        return Err(Failure::usage(format!(
            "stdin holds more than {MAX_INPUT} bytes"
        )));
    }
    Ok(bytes)
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
    let cannot = |e: std::io::Error| Failure::usage(format!("{path}: cannot read: {e}"));
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(cannot)?
        .take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if u64::try_from(bytes.len()).map_or(true, |n| n > MAX_INPUT) {
        return Err(Failure::usage(format!(
            "{path}: larger than {MAX_INPUT} bytes"
        )));
    }
    Ok(bytes)
}
