//! `cargo xtask qemu` and `cargo xtask size`: the firmware of `examples/cortex-m`, built for each
//! Cortex-M target and run in QEMU, then measured.
//!
//! `qemu` runs every scenario of `src/bin/` on both boards with a timeout; a scenario passes
//! only if QEMU exits 0 (semihosting exit status) and printed its final `all checks passed`.
//! `size` runs them too (the painted-stack peaks come from their output), reads flash and static
//! RAM with `llvm-size`, and prints the table kept in BENCHMARKS.md, with each scenario's
//! difference from the bare primitive it is built on.

use core::fmt::Write as _;
use core::time::Duration;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::cmd::{self, Error, Result};
use crate::tools;

/// A Cortex-M target and the QEMU board its scenarios run on.
struct Board {
    target: &'static str,
    machine: &'static str,
    core: &'static str,
}

/// Cortex-M4F first (the size table's board), then Cortex-M0.
const BOARDS: [Board; 2] = [
    Board {
        target: "thumbv7em-none-eabihf",
        machine: "mps2-an386",
        core: "Cortex-M4F",
    },
    Board {
        target: "thumbv6m-none-eabi",
        machine: "microbit",
        core: "Cortex-M0",
    },
];

/// The longest a scenario may run in QEMU before it counts as hung.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Each scenario and the baseline it is compared with.
const BASELINES: [(&str, &str); 3] = [
    ("verify_hs256", "baseline_hmac"),
    ("verify_es256", "baseline_p256"),
    ("verify_eddsa", "baseline_ed25519"),
];

/// One scenario run.
struct Run {
    bin: String,
    /// `(operation, bytes)` from its `stack OPERATION: N bytes` lines.
    stacks: Vec<(String, u64)>,
}

/// `cargo xtask qemu`: clippy on the firmware, then build and run every scenario on every
/// board.
pub(crate) fn qemu() -> Result {
    install()?;
    cmd::run(cmd::cargo().current_dir(project()).args([
        "clippy",
        "--locked",
        "--release",
        "--",
        "-D",
        "warnings",
    ]))?;
    for board in &BOARDS {
        run_all(board)?;
    }
    Ok(())
}

/// `cargo xtask size`: the size and stack table of the Cortex-M4F build.
pub(crate) fn size() -> Result {
    install()?;
    let mut table = String::new();
    for board in &BOARDS {
        let runs = run_all(board)?;
        table.push_str(&size_table(board, &runs)?);
        table.push('\n');
    }
    println!("{table}");
    Ok(())
}

/// QEMU, the rustup targets and `llvm-size`, when missing.
fn install() -> Result {
    tools::qemu()?;
    tools::rust_targets(&BOARDS.map(|b| b.target))?;
    tools::llvm_tools()
}

fn project() -> PathBuf {
    cmd::root_path("examples/cortex-m")
}

/// The scenario names: one per file of `src/bin/`.
fn bins() -> Result<Vec<String>> {
    let dir = project().join("src/bin");
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", dir.display())))?;
    let mut bins: Vec<String> = entries
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "rs").then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    bins.sort();
    Ok(bins)
}

fn elf(board: &Board, bin: &str) -> PathBuf {
    project()
        .join("target")
        .join(board.target)
        .join("release")
        .join(bin)
}

/// Builds every scenario for `board` and runs each in QEMU.
fn run_all(board: &Board) -> Result<Vec<Run>> {
    eprintln!(
        "firmware: {} ({}, QEMU {})",
        board.target, board.core, board.machine
    );
    cmd::run(cmd::cargo().current_dir(project()).args([
        "build",
        "--locked",
        "--release",
        "--target",
        board.target,
    ]))?;
    let mut runs = Vec::new();
    let mut failed = Vec::new();
    for bin in bins()? {
        match run_one(board, &bin) {
            Ok(run) => runs.push(run),
            Err(err) => {
                eprintln!("firmware: {bin} on {}: {err}", board.machine);
                failed.push(bin);
            }
        }
    }
    if failed.is_empty() {
        Ok(runs)
    } else {
        Err(Error::new(format!(
            "scenarios failed on {} ({}): {}",
            board.machine,
            board.target,
            failed.join(", ")
        )))
    }
}

/// Runs one scenario in QEMU, echoing its output, with [`TIMEOUT`].
fn run_one(board: &Board, bin: &str) -> Result<Run> {
    let mut command = Command::new("qemu-system-arm");
    command
        .args(["-machine", board.machine, "-nographic"])
        .args(["-semihosting-config", "enable=on,target=native", "-kernel"])
        .arg(elf(board, bin))
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| Error::new(format!("cannot start {}: {e}", cmd::display(&command))))?;
    let mut stdout = child.stdout.take().ok_or_else(|| Error::new("no stdout"))?;
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let status = loop {
        if let Some(status) = child
            .try_wait()
            .map_err(|e| Error::new(format!("waiting for QEMU: {e}")))?
        {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::new(format!(
                "timed out after {} s",
                TIMEOUT.as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = reader.join().unwrap_or_default();
    print!("{output}");
    let passed = output
        .lines()
        .any(|line| line == format!("{bin}: all checks passed"));
    if !status.success() || !passed {
        return Err(Error::new(format!("QEMU exited with {status}")));
    }
    eprintln!(
        "firmware: {bin} passed in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(Run {
        bin: bin.to_owned(),
        stacks: stacks(&output),
    })
}

/// The `stack OPERATION: N bytes` lines of a scenario's output.
fn stacks(output: &str) -> Vec<(String, u64)> {
    output
        .lines()
        .filter_map(|line| {
            let (operation, bytes) = line.trim().strip_prefix("stack ")?.split_once(": ")?;
            let bytes = bytes.strip_suffix(" bytes")?.parse().ok()?;
            Some((operation.to_owned(), bytes))
        })
        .collect()
}

/// Flash (`.vector_table`, `.text`, `.rodata`, `.data`) and static RAM (`.data`, `.bss`,
/// `.uninit`) of an ELF, from `llvm-size -A`.
fn sections(llvm_size: &Path, elf: &Path) -> Result<(u64, u64)> {
    let text = cmd::output(Command::new(llvm_size).arg("-A").arg(elf))?;
    let mut flash = 0;
    let mut ram = 0;
    for line in text.lines() {
        let mut fields = line.split_whitespace();
        let (Some(name), Some(size)) = (fields.next(), fields.next()) else {
            continue;
        };
        let Ok(size) = size.parse::<u64>() else {
            continue;
        };
        if matches!(name, ".vector_table" | ".text" | ".rodata" | ".data") {
            flash += size;
        }
        if matches!(name, ".data" | ".bss" | ".uninit") {
            ram += size;
        }
    }
    Ok((flash, ram))
}

/// The markdown table of one board.
fn size_table(board: &Board, runs: &[Run]) -> Result<String> {
    let llvm_size = tools::llvm_bin("llvm-size");
    let mut rows = Vec::new();
    for run in runs {
        let (flash, ram) = sections(&llvm_size, &elf(board, &run.bin))?;
        let peak = run.stacks.iter().map(|(_, b)| *b).max().unwrap_or(0);
        rows.push((run, flash, ram, peak));
    }
    let find = |bin: &str| rows.iter().find(|(run, ..)| run.bin == bin);
    let mut table = String::new();
    let _ = writeln!(
        table,
        "{} ({}), opt-level z, LTO, codegen-units 1, panic abort; heap: none (no global allocator)\n",
        board.core, board.target
    );
    table.push_str(
        "| binary | flash (B) | static RAM (B) | peak stack (B), operation | vs baseline: flash | vs baseline: stack |\n",
    );
    table.push_str("|---|---:|---:|---|---:|---:|\n");
    for (run, flash, ram, peak) in &rows {
        let operations = run
            .stacks
            .iter()
            .map(|(op, bytes)| format!("{bytes} `{op}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let baseline = BASELINES
            .iter()
            .find(|(bin, _)| *bin == run.bin)
            .and_then(|(_, base)| find(base));
        let (flash_delta, stack_delta) = match baseline {
            Some((base, base_flash, _, base_peak)) => (
                format!(
                    "{:+} vs `{}`",
                    signed(*flash) - signed(*base_flash),
                    base.bin
                ),
                format!("{:+}", signed(*peak) - signed(*base_peak)),
            ),
            None => ("".to_owned(), "".to_owned()),
        };
        let _ = writeln!(
            table,
            "| `{}` | {flash} | {ram} | {operations} | {flash_delta} | {stack_delta} |",
            run.bin
        );
    }
    Ok(table)
}

fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
