//! Writing results to stdout.

use std::io::Write;

use crate::failure::Failure;

/// Writes `bytes` to stdout and flushes; a closed pipe (`| head`) is not an error.
pub(crate) fn stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::usage(format!("cannot write to stdout: {e}")))
        }
        _ => Ok(()),
    }
}

/// Writes `value` as pretty JSON and a newline.
pub(crate) fn pretty_json(value: &serde_json::Value) -> Result<(), Failure> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::usage(format!("cannot format JSON: {e}")))?;
    text.push('\n');
    stdout(text.as_bytes())
}

/// Writes `line` and a newline.
pub(crate) fn line(line: &str) -> Result<(), Failure> {
    stdout(format!("{line}\n").as_bytes())
}
