//! `cargo xtask deny`: the supply chain of every Rust crate the project builds, with cargo-deny
//! and the settings of `deny.toml`: licences, banned crates, where crates come from, and (when
//! the RustSec advisory database can be fetched) known vulnerabilities and yanked releases.
//!
//! The root workspace, the firmware and the fuzz targets each have their own `Cargo.lock`; each is
//! checked. The npm package's side is checked by `cargo xtask wasm`: it must have no runtime
//! dependency at all.

use crate::cmd::{self, Result};
use crate::tools;

/// The cargo-deny release `deny.toml` is written for.
const VERSION: &str = "0.20.2";

/// The manifests whose lock files are checked, relative to the project root, each with the
/// lints it allows. `deny.toml` serves all three, so an allowance that one lock file does not use
/// (the fuzzer's licence, the benchmarks' tree) is not a warning; and only the workspace, what
/// the project ships, must have one release of each crate: the firmware's Cortex-M support crates
/// and the fuzzer's build tools bring two of some build-time crates.
const MANIFESTS: [(&str, &[&str]); 3] = [
    ("Cargo.toml", &[]),
    (
        "examples/cortex-m/Cargo.toml",
        &["duplicate", "unmatched-skip-root"],
    ),
    ("fuzz/Cargo.toml", &["duplicate", "unmatched-skip-root"]),
];

/// The advisory database: checked only when it can be reached.
const ADVISORY_DB: &str = "https://github.com/rustsec/advisory-db";

/// Installs cargo-deny if missing and checks each lock file.
pub(crate) fn run() -> Result {
    install()?;
    let advisories = advisory_db_reachable();
    if !advisories {
        eprintln!("deny: {ADVISORY_DB} cannot be reached: advisories are not checked");
    }
    for (manifest, allowed) in MANIFESTS {
        let mut command = cmd::cargo();
        command
            .args(["deny", "--manifest-path", manifest, "--locked", "--config"])
            .arg(cmd::root_path("deny.toml"))
            .args(["check", "--allow", "license-not-encountered"]);
        for lint in allowed {
            command.args(["--allow", lint]);
        }
        command.args(["licenses", "bans", "sources"]);
        if advisories {
            command.arg("advisories");
        }
        cmd::run(&mut command)?;
    }
    Ok(())
}

/// Whether `git ls-remote` reaches the advisory database within a few seconds.
fn advisory_db_reachable() -> bool {
    cmd::probe(
        std::process::Command::new("timeout")
            .args(["20", "git", "ls-remote", "--heads", ADVISORY_DB])
            .env("GIT_TERMINAL_PROMPT", "0"),
    )
    .is_some()
}

/// Installs cargo-deny at [`VERSION`] unless it is already there.
pub(crate) fn install() -> Result {
    tools::cargo_subcommand("deny", "cargo-deny", VERSION)
}
