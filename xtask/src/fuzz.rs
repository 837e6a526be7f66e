//! `cargo xtask fuzz [--seconds N]`: every cargo-fuzz target of `fuzz/` for a fixed time.
//!
//! Each target keeps its corpus in `fuzz/corpus/<target>/` and is also fed the committed seeds
//! of `fuzz/seeds/<target>/` when that folder exists.

use crate::cmd::{self, Error, Result};
use crate::tools;

/// Seconds per target when neither `--seconds` nor the environment says otherwise.
pub(crate) const DEFAULT_SECONDS: u64 = 60;

/// The environment variable that overrides [`DEFAULT_SECONDS`].
pub(crate) const SECONDS_VAR: &str = "TINYJOSE_FUZZ_SECONDS";

/// The fuzzing time per target: `--seconds` if given, else `$TINYJOSE_FUZZ_SECONDS`, else
/// [`DEFAULT_SECONDS`].
pub(crate) fn seconds(from_args: Option<u64>) -> Result<u64> {
    if let Some(seconds) = from_args {
        return Ok(seconds);
    }
    match std::env::var(SECONDS_VAR) {
        Ok(value) => parse_seconds(&value).ok_or_else(|| {
            Error::new(format!(
                "{SECONDS_VAR}={value:?} is not a number of seconds"
            ))
        }),
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_SECONDS),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::new(format!(
            "{SECONDS_VAR} is not a number of seconds"
        ))),
    }
}

/// A positive number of seconds.
pub(crate) fn parse_seconds(text: &str) -> Option<u64> {
    text.trim().parse().ok().filter(|&seconds| seconds > 0)
}

/// Runs each target listed by `cargo fuzz list` for `seconds`; does nothing without `fuzz/`.
pub(crate) fn run(seconds: u64) -> Result {
    let dir = cmd::root_path("fuzz");
    if !dir.is_dir() {
        eprintln!("fuzz: skipped, there is no fuzz/ folder");
        return Ok(());
    }
    // Nightly, a C++ compiler and cargo-fuzz, each if missing.
    tools::cargo_fuzz()?;
    // cargo-fuzz has no --locked flag: check fuzz/Cargo.lock is current before it builds.
    cmd::run(
        cmd::nightly_cargo()
            .current_dir(&dir)
            .args(["fetch", "--locked"]),
    )?;
    let list = cmd::output(
        cmd::nightly_cargo()
            .current_dir(&dir)
            .args(["fuzz", "list"]),
    )?;
    let targets: Vec<&str> = list
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    if targets.is_empty() {
        return Err(Error::new(
            "`cargo fuzz list` found no fuzz targets in fuzz/",
        ));
    }
    for target in &targets {
        let corpus = format!("corpus/{target}");
        let seeds = format!("seeds/{target}");
        std::fs::create_dir_all(dir.join(&corpus))
            .map_err(|err| Error::new(format!("cannot create fuzz/{corpus}: {err}")))?;
        let mut command = cmd::nightly_cargo();
        command
            .current_dir(&dir)
            .args(["fuzz", "run", target, &corpus]);
        if dir.join(&seeds).is_dir() {
            command.arg(&seeds);
        }
        command.args(["--", &format!("-max_total_time={seconds}")]);
        cmd::run(&mut command)?;
    }
    eprintln!("fuzz: {} target(s) ran {seconds} s each", targets.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_parsing() {
        assert_eq!(parse_seconds("60"), Some(60));
        assert_eq!(parse_seconds(" 5\n"), Some(5));
        assert_eq!(parse_seconds("0"), None);
        assert_eq!(parse_seconds("-1"), None);
        assert_eq!(parse_seconds("1m"), None);
        assert_eq!(seconds(Some(7)).ok(), Some(7));
    }
}
