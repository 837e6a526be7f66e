//! `cargo xtask ci`: every gate, cheapest first, stopping at the first failure.
//!
//! Each step prints a `== step` banner and its duration; the last line is a summary.

use std::time::Instant;

use crate::cmd::{Error, Result};
use crate::{checks, codegen, firmware, fuzz, targets, tidy, wasm};

/// Runs the steps in order and fails fast.
pub(crate) fn run() -> Result {
    // Read the fuzzing time first so a bad value fails before any long step.
    let fuzz_seconds = fuzz::seconds(None)?;
    let fuzz_step = || fuzz::run(fuzz_seconds);
    let codegen_step = || codegen::run(codegen::Mode::Check);
    // Each step installs what it needs itself, when missing.
    let steps: [(&str, &dyn Fn() -> Result); 11] = [
        ("tidy", &tidy::run),
        ("codegen", &codegen_step),
        ("fmt", &checks::fmt),
        ("lint", &checks::lint),
        ("test", &checks::test),
        ("doc", &checks::doc),
        ("targets", &targets::run),
        ("qemu", &firmware::qemu),
        ("size", &firmware::size),
        ("wasm", &wasm::run),
        ("fuzz", &fuzz_step),
    ];
    let started = Instant::now();
    for (done, (name, step)) in steps.iter().enumerate() {
        eprintln!("\n== {name}");
        let step_started = Instant::now();
        let outcome = step();
        let seconds = step_started.elapsed().as_secs();
        if let Err(err) = outcome {
            eprintln!("== {name}: failed after {seconds} s");
            return Err(Error::new(format!(
                "xtask ci: step `{name}` failed after {} of {} steps passed ({} s): {err}",
                done,
                steps.len(),
                started.elapsed().as_secs()
            )));
        }
        eprintln!("== {name}: passed in {seconds} s");
    }
    eprintln!(
        "\nxtask ci: {} steps passed in {} s",
        steps.len(),
        started.elapsed().as_secs()
    );
    Ok(())
}
