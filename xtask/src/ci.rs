//! `cargo xtask ci`: every gate, cheapest first, stopping at the first failure.
//!
//! Each step prints a `== step` banner, its duration and the disk its build output takes; the last
//! line is a summary.

use std::path::Path;
use std::time::Instant;

use crate::cmd::{self, Error, Result};
use crate::{checks, codegen, ct, deny, firmware, fuzz, interop, miri, targets, tidy, wasm};

/// Runs the steps in order and fails fast.
pub(crate) fn run() -> Result {
    // Read the fuzzing time first so a bad value fails before any long step.
    let fuzz_seconds = fuzz::seconds(None)?;
    let fuzz_step = || fuzz::run(fuzz_seconds);
    let ct_samples = ct::samples(None)?;
    let ct_step = || ct::run(ct_samples);
    let codegen_step = || codegen::run(codegen::Mode::Check);
    // Each step installs what it needs itself, when missing.
    let steps: [(&str, &dyn Fn() -> Result); 15] = [
        ("tidy", &tidy::run),
        ("codegen", &codegen_step),
        ("fmt", &checks::fmt),
        ("lint", &checks::lint),
        ("deny", &deny::run),
        ("test", &checks::test),
        ("interop", &interop::run),
        ("miri", &miri::run),
        ("ct", &ct_step),
        ("doc", &checks::doc),
        ("targets", &targets::run),
        ("qemu", &firmware::qemu),
        ("size", &firmware::size),
        ("wasm", &wasm::run),
        ("fuzz", &fuzz_step),
    ];
    let started = Instant::now();
    eprintln!("xtask ci: {}", disk_report());
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
        if *name == "test" {
            // No later step runs the host's test binaries: they are most of the disk CI uses.
            free_test_binaries();
        }
        eprintln!("== {name}: passed in {seconds} s; {}", disk_report());
    }
    eprintln!(
        "\nxtask ci: {} steps passed in {} s",
        steps.len(),
        started.elapsed().as_secs()
    );
    Ok(())
}

/// The build output directories, relative to the project root.
const TARGET_DIRS: [&str; 3] = ["target", "fuzz/target", "examples/cortex-m/target"];

/// How much the build output takes and how much the disk has left, for the step banners: a CI
/// machine's disk can be small, and this tells which step fills it.
fn disk_report() -> String {
    let used: u64 = TARGET_DIRS
        .iter()
        .map(|dir| size_of(&cmd::root_path(dir)))
        .sum();
    let free = std::process::Command::new("df")
        .args(["-Pk", "."])
        .current_dir(cmd::root())
        .output()
        .ok()
        .and_then(|out| {
            let text = String::from_utf8(out.stdout).ok()?;
            let line = text.lines().nth(1)?;
            line.split_whitespace().nth(3)?.parse::<u64>().ok()
        });
    let mib = |bytes: u64| bytes / (1024 * 1024);
    match free {
        Some(kib) => format!("build output {} MiB, {} MiB free", mib(used), kib / 1024),
        None => format!("build output {} MiB", mib(used)),
    }
}

/// The total size of the files under `path`, not following symbolic links; 0 where unreadable.
fn size_of(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path).map_or(0, |entries| {
        entries
            .filter_map(core::result::Result::ok)
            .map(|entry| size_of(&entry.path()))
            .sum()
    })
}

/// Deletes the host's test executables (`target/debug/deps/<name>-<hash>`, without extension),
/// keeping the running program.
fn free_test_binaries() {
    let running = std::env::current_exe().ok();
    let Ok(entries) = std::fs::read_dir(cmd::root_path("target/debug/deps")) else {
        return;
    };
    for entry in entries.filter_map(core::result::Result::ok) {
        let path = entry.path();
        let is_binary = path.extension().is_none()
            && entry.file_type().is_ok_and(|t| t.is_file())
            && running.as_deref() != Some(path.as_path());
        if is_binary {
            // A file that cannot be removed only costs disk.
            let _ = std::fs::remove_file(&path);
        }
    }
}
