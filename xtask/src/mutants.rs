//! `cargo xtask mutants [--since REV] [--shard K/N] [--file GLOB]...`: mutation testing of the
//! core with cargo-mutants.
//!
//! cargo-mutants changes one expression of `crates/tinyjose/src` at a time (a comparison
//! flipped, a function body replaced by a default value …) and runs the core's tests against each
//! change. A mutant the tests do not notice is *missed*: either a test is lacking, or the change
//! is equivalent (it cannot alter any result). Equivalent mutants are listed, each with its
//! reason, as `exclude_re` patterns in `.cargo/mutants.toml`, which also holds the settings (all
//! features, the `mutants` profile of `Cargo.toml`).
//!
//! The task fails when the share of viable mutants caught is under [`MIN_SCORE_PERCENT`], and, with
//! `--since`, when any mutant of the changed lines is missed.

use std::path::PathBuf;

use crate::cmd::{self, Error, Result};
use crate::tools;

/// The least share of viable mutants the tests must catch, in percent.
pub(crate) const MIN_SCORE_PERCENT: u64 = 95;

/// The cargo-mutants release the settings are written for.
const VERSION: &str = "27.1.0";

/// What to mutate.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Options {
    /// Only the lines changed since this git revision (`--in-diff`).
    pub(crate) since: Option<String>,
    /// One shard of the mutants, as `K/N` (round-robin, so a shard samples every file).
    pub(crate) shard: Option<String>,
    /// Only the files matching these globs.
    pub(crate) files: Vec<String>,
}

/// Installs cargo-mutants if missing, runs it on the core, and checks the result.
pub(crate) fn run(options: &Options) -> Result {
    install()?;
    let out = cmd::root_path("target/mutants");
    let mut command = cmd::cargo();
    command
        .args(["mutants", "-p", "tinyjose", "--jobs", "2", "--output"])
        .arg(&out);
    if let Some(rev) = &options.since {
        let mut git = std::process::Command::new("git");
        git.current_dir(cmd::root())
            .args(["diff", rev, "--", "crates/tinyjose/src"]);
        let diff = cmd::output(&mut git)?;
        let path = out.with_extension("diff");
        std::fs::create_dir_all(&out)
            .and_then(|()| std::fs::write(&path, diff))
            .map_err(|err| Error::new(format!("cannot write {}: {err}", path.display())))?;
        command.arg("--in-diff").arg(&path);
    }
    if let Some(shard) = &options.shard {
        command.args(["--shard", shard, "--sharding", "round-robin"]);
    }
    for file in &options.files {
        command.args(["--file", file]);
    }
    // cargo-mutants exits non-zero when a mutant is missed: the verdict is taken from its lists.
    let _ = cmd::run(&mut command);
    let outcome = Outcome::read(&out.join("mutants.out"))?;
    eprintln!("{}", outcome.summary());
    if options.since.is_some() && !outcome.missed.is_empty() {
        return Err(Error::new(format!(
            "mutants of the changed lines that no test catches (add a test, or list an equivalent \
             mutant in .cargo/mutants.toml with its reason):\n{}",
            outcome.missed.join("\n")
        )));
    }
    match outcome.score_percent() {
        Some(score) if score < MIN_SCORE_PERCENT => Err(Error::new(format!(
            "{score} % of viable mutants caught, under {MIN_SCORE_PERCENT} %; missed:\n{}",
            outcome.missed.join("\n")
        ))),
        _ => Ok(()),
    }
}

/// Installs cargo-mutants at [`VERSION`] unless it is already there.
pub(crate) fn install() -> Result {
    tools::cargo_subcommand("mutants", "cargo-mutants", VERSION)
}

/// The mutants of one run, by outcome.
#[derive(Debug, Default, PartialEq, Eq)]
struct Outcome {
    caught: Vec<String>,
    missed: Vec<String>,
    timeout: Vec<String>,
    unviable: Vec<String>,
}

impl Outcome {
    /// Reads cargo-mutants' `caught.txt`, `missed.txt`, `timeout.txt` and `unviable.txt`.
    fn read(dir: &std::path::Path) -> Result<Self> {
        let list = |name: &str| -> Result<Vec<String>> {
            let path: PathBuf = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok(text.lines().map(str::to_owned).collect()),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
                Err(err) => Err(Error::new(format!("cannot read {}: {err}", path.display()))),
            }
        };
        Ok(Self {
            caught: list("caught.txt")?,
            missed: list("missed.txt")?,
            timeout: list("timeout.txt")?,
            unviable: list("unviable.txt")?,
        })
    }

    /// Caught mutants (a timeout counts as caught: the change made the tests hang) over viable
    /// ones, rounded down; `None` with no viable mutant.
    fn score_percent(&self) -> Option<u64> {
        let caught = self.caught.len() + self.timeout.len();
        let viable = caught + self.missed.len();
        let percent = caught.checked_mul(100)?.checked_div(viable)?;
        u64::try_from(percent).ok()
    }

    fn summary(&self) -> String {
        let score = self.score_percent().map_or_else(
            || "no viable mutant".to_owned(),
            |s| format!("{s} % caught"),
        );
        format!(
            "mutants: {} caught, {} timeout, {} missed, {} unviable: {score}",
            self.caught.len(),
            self.timeout.len(),
            self.missed.len(),
            self.unviable.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score() {
        let names = |n: usize| vec!["m".to_owned(); n];
        let outcome = Outcome {
            caught: names(90),
            timeout: names(5),
            missed: names(5),
            unviable: names(40),
        };
        assert_eq!(outcome.score_percent(), Some(95));
        let outcome = Outcome {
            caught: names(94),
            missed: names(6),
            ..Outcome::default()
        };
        assert_eq!(outcome.score_percent(), Some(94));
        assert_eq!(Outcome::default().score_percent(), None);
        assert_eq!(
            Outcome::default().summary(),
            "mutants: 0 caught, 0 timeout, 0 missed, 0 unviable: no viable mutant"
        );
    }
}
