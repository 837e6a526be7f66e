//! Running external commands: each one is echoed as `$ cmd args` before it runs, and a failure
//! becomes an [`Error`] that names the command.

use core::fmt;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A failed task, with a message meant for the person reading the CI log.
#[derive(Debug)]
pub(crate) struct Error(String);

impl Error {
    /// Wraps a message.
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The result of a task or of a step within one.
pub(crate) type Result<T = ()> = core::result::Result<T, Error>;

/// The project root: the parent of the `xtask` crate's directory.
pub(crate) fn root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// The path of `relative` inside the project root.
pub(crate) fn root_path(relative: &str) -> PathBuf {
    root().join(relative)
}

/// The cargo that runs this program (`$CARGO`), run from the project root.
///
/// Callers add `--locked` to every subcommand that resolves dependencies.
pub(crate) fn cargo() -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(program);
    command.current_dir(root());
    command
}

/// `cargo +nightly`, through the rustup proxy on `PATH`, run from the project root.
///
/// `$CARGO` points at one toolchain's own cargo binary, which does not understand `+toolchain`,
/// so the nightly calls go through the proxy instead.
pub(crate) fn nightly_cargo() -> Command {
    let mut command = Command::new("cargo");
    command.arg("+nightly").current_dir(root());
    command
}

/// Echoes `command` and runs it with inherited output; fails unless it exits successfully.
pub(crate) fn run(command: &mut Command) -> Result {
    let shown = display(command);
    eprintln!("$ {shown}");
    let status = command
        .status()
        .map_err(|err| Error::new(format!("could not start `{shown}`: {err}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::new(format!("command failed ({status}): {shown}")))
    }
}

/// Echoes `command` and runs it, passing its error output through as it comes and returning
/// that output; fails unless it exits successfully. For tools that report on standard error,
/// as libFuzzer does.
pub(crate) fn run_logged(command: &mut Command) -> Result<String> {
    use std::io::BufRead as _;
    let shown = display(command);
    eprintln!("$ {shown}");
    let mut child = command
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| Error::new(format!("could not start `{shown}`: {err}")))?;
    let mut log = String::new();
    if let Some(stderr) = child.stderr.take() {
        for line in std::io::BufReader::new(stderr).split(b'\n') {
            let line = line.map_err(|err| Error::new(format!("reading `{shown}`: {err}")))?;
            let line = String::from_utf8_lossy(&line);
            eprintln!("{line}");
            log.push_str(&line);
            log.push('\n');
        }
    }
    let status = child
        .wait()
        .map_err(|err| Error::new(format!("waiting for `{shown}`: {err}")))?;
    if status.success() {
        Ok(log)
    } else {
        Err(Error::new(format!("command failed ({status}): {shown}")))
    }
}

/// Echoes `command`, runs it and returns its standard output; fails unless it exits
/// successfully or if the output is not UTF-8.
pub(crate) fn output(command: &mut Command) -> Result<String> {
    let shown = display(command);
    eprintln!("$ {shown}");
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|err| Error::new(format!("could not start `{shown}`: {err}")))?;
    if !output.status.success() {
        return Err(Error::new(format!(
            "command failed ({}): {shown}",
            output.status
        )));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| Error::new(format!("command printed non-UTF-8 output: {shown}")))
}

/// Echoes `command` and runs it as a probe with its output discarded: `Some(stdout)` if it
/// started and exited successfully, `None` otherwise (including when the program is missing).
pub(crate) fn probe(command: &mut Command) -> Option<String> {
    eprintln!("$ {}", display(command));
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if output.status.success() {
        Some(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        None
    }
}

/// A shell-like rendering of `command`: environment overrides, program (`$CARGO` shown as
/// `cargo`), quoted arguments, and a `cd` when it runs outside the project root.
pub(crate) fn display(command: &Command) -> String {
    let mut words: Vec<String> = Vec::new();
    for (key, value) in command.get_envs() {
        if let Some(value) = value {
            words.push(format!("{}={}", key.to_string_lossy(), quote(value)));
        }
    }
    let program = command.get_program();
    if std::env::var_os("CARGO").is_some_and(|cargo| cargo == program) {
        words.push("cargo".to_owned());
    } else {
        words.push(quote(program));
    }
    words.extend(command.get_args().map(quote));
    let line = words.join(" ");
    let root = root();
    match command.get_current_dir() {
        Some(dir) if dir != root => {
            let dir = dir.strip_prefix(&root).unwrap_or(dir);
            format!("(cd {} && {line})", quote(dir.as_os_str()))
        }
        _ => line,
    }
}

/// Quotes `word` for a POSIX shell when it holds anything beyond plain characters.
fn quote(word: &OsStr) -> String {
    let word = word.to_string_lossy();
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=+:,@%^".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote(OsStr::new("--features")), "--features");
        assert_eq!(quote(OsStr::new("-D warnings")), "'-D warnings'");
        assert_eq!(quote(OsStr::new("it's")), r"'it'\''s'");
        assert_eq!(quote(OsStr::new("")), "''");
    }

    #[test]
    fn display_shows_env_and_directory() {
        let mut command = Command::new("cargo");
        command
            .env("RUSTDOCFLAGS", "-D warnings")
            .args(["doc", "--locked"])
            .current_dir(root().join("fuzz"));
        assert_eq!(
            display(&command),
            "(cd fuzz && RUSTDOCFLAGS='-D warnings' cargo doc --locked)"
        );
    }
}
