//! `cargo xtask bench [ARGS]`: the criterion benchmarks of the `tinyjose-bench` crate in
//! `bench/`, with `ARGS` passed to the benchmark harness.

use crate::cmd::{self, Result};

/// Runs `cargo bench -p tinyjose-bench -- ARGS`; does nothing without `bench/`.
pub(crate) fn run(args: &[String]) -> Result {
    if !cmd::root_path("bench").is_dir() {
        eprintln!("bench: skipped, there is no bench/ folder");
        return Ok(());
    }
    let mut command = cmd::cargo();
    command.args(["bench", "--locked", "-p", "tinyjose-bench"]);
    if !args.is_empty() {
        command.arg("--").args(args);
    }
    cmd::run(&mut command)
}
