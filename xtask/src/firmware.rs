//! `cargo xtask qemu` and `cargo xtask size`: the firmware of `examples/cortex-m`, built for each
//! Cortex-M target and run in QEMU, then measured.
//!
//! `qemu` runs every scenario of `src/bin/` on both boards with a timeout; a scenario passes
//! only if QEMU exits 0 (semihosting exit status) and printed its final `all checks passed`.
//! QEMU runs with `-icount shift=0` (1 ns of virtual time per instruction), so the instruction
//! counts the scenarios read from SysTick are exact and the same on every run.
//! `size` runs them too (the painted-stack peaks and instruction counts come from their output),
//! reads flash and static RAM with `llvm-size`, writes every figure to
//! `examples/cortex-m/measurements.txt`, and regenerates the tables made from that file in
//! `examples/cortex-m/README.md` and `BENCHMARKS.md` (see `measurements.rs` and `codegen.rs`).
//!
//! The scenarios of [`FEATURE_BINS`] are built with a feature of the firmware crate and every
//! other scenario without it (features are per crate, not per binary).
//!
//! `qemu` also builds the scenarios of [`PANIC_NEVER`] with the firmware's `panic-never` feature,
//! whose panic handler calls a function nothing defines: such a binary links only if no panic is
//! reachable in it. Those expected to link must, and then pass their checks in QEMU; those listed
//! with a reason must fail on that undefined function alone.

use core::time::Duration;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::cmd::{self, Error, Result};
use crate::measurements::{self, Measurements, Scenario};
use crate::{codegen, tools};

/// A Cortex-M target and the QEMU board its scenarios run on.
pub(crate) struct Board {
    pub(crate) target: &'static str,
    machine: &'static str,
    pub(crate) core: &'static str,
    /// Further QEMU options for this board.
    qemu_args: &'static [&'static str],
}

/// Cortex-M4F first (the size table's board), then Cortex-M0.
pub(crate) const BOARDS: [Board; 2] = [
    Board {
        target: "thumbv7em-none-eabihf",
        machine: "mps2-an386",
        core: "Cortex-M4F",
        qemu_args: &[],
    },
    Board {
        target: "thumbv6m-none-eabi",
        machine: "microbit",
        core: "Cortex-M0",
        // 64 KiB of SRAM instead of 16: the RSA scenarios link with a map that uses it
        // (`memory/microbit-64k.x`); every other scenario's map keeps to the real 16 KiB.
        qemu_args: &["-global", "nrf51-soc.sram-size=65536"],
    },
];

/// The longest a scenario may run in QEMU before it counts as hung.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Each scenario and the baseline it is compared with (flash and peak stack; instructions too,
/// unless [`OPERATION_BASELINES`] names another baseline for the operation).
pub(crate) const BASELINES: [(&str, &str); 5] = [
    ("verify_hs256", "baseline_hmac"),
    ("verify_es256", "baseline_p256"),
    ("verify_eddsa", "baseline_ed25519"),
    ("verify_rs256", "baseline_rsa"),
    ("decrypt_jwe", "baseline_jwe_ecdh"),
];

/// The operations of a scenario that measures more than one, each with its own baseline for the
/// instruction count: `(scenario, operation, baseline)`.
pub(crate) const OPERATION_BASELINES: [(&str, &str, &str); 2] = [
    ("decrypt_jwe", "decrypt_ecdh_es_a128kw", "baseline_jwe_ecdh"),
    ("decrypt_jwe", "decrypt_dir_a256gcm", "baseline_jwe_dir"),
];

/// The scenarios built with a feature of the firmware crate (their `required-features` in its
/// `Cargo.toml`), and that feature, each feature's scenarios next to each other. RSA raises the
/// core's largest signature, and so the stack of every parsed token; JWE links its key management
/// and content encryption, and the token profiles and SD-JWT theirs: only these scenarios pay for
/// them. The stack sweep's 16 KiB buffer needs the micro:bit's 64 KiB map, which its feature
/// selects.
const FEATURE_BINS: [(&str, &str); 10] = [
    ("verify_rs256", "rsa"),
    ("baseline_rsa", "rsa"),
    ("decrypt_jwe", "jwe"),
    ("baseline_jwe_dir", "jwe"),
    ("baseline_jwe_ecdh", "jwe"),
    ("sweep_hs256", "sweep"),
    ("dpop_jarm", "profiles"),
    ("verify_x5c", "x5c"),
    ("verify_sd_jwt", "sd-jwt"),
    ("present_sd_jwt", "sd-jwt"),
];

/// The scenarios built with the `panic-never` feature, in the firmware's `panic-never` profile
/// (the release profile at `opt-level = "s"`), on every board: `None` for one that links, so no
/// panic is reachable in it; `Some(reason)` for one that does not, because of panics kept in a
/// dependency (named in the reason). The README of the firmware, "No reachable panic", has the
/// detail.
const PANIC_NEVER: [(&str, Option<&str>); 2] = [
    ("verify_hs256", None),
    (
        "verify_es256",
        Some(
            "p256's ECDSA verification keeps panics of its dependencies: subtle's \
             `CtOption::unwrap` (through `ecdsa::Signature::r` and `s`), wnaf's window recoding, \
             and crypto-bigint's safegcd inversion, `Uint::from_be_slice_truncated`, \
             `widening_mul_fixed` and `Uint::shr`",
        ),
    ),
];

/// The function the `panic-never` panic handler calls, which nothing defines.
const REACHABLE_PANIC: &str = "tinyjose_firmware_reachable_panic";

/// The firmware's profile for the `panic-never` builds.
const PANIC_NEVER_PROFILE: &str = "panic-never";

/// One scenario run.
struct Run {
    bin: String,
    /// `(operation, bytes)` from its `stack OPERATION: N bytes` lines.
    stacks: Vec<(String, u64)>,
    /// `(operation, instructions)` from its `time OPERATION: N instructions` lines.
    times: Vec<(String, u64)>,
}

/// `cargo xtask qemu`: clippy on the firmware, then build and run every scenario on every
/// board.
pub(crate) fn qemu() -> Result {
    install_qemu()?;
    // Once without features (every scenario but the feature ones), once with them all.
    for features in [None, Some("--all-features")] {
        cmd::run(
            cmd::cargo()
                .current_dir(project())
                .args(["clippy", "--locked", "--release"])
                .args(features)
                .args(["--", "-D", "warnings"]),
        )?;
    }
    for board in &BOARDS {
        run_all(board)?;
        panic_never(board)?;
    }
    Ok(())
}

/// Builds each scenario of [`PANIC_NEVER`] for `board` with the `panic-never` feature: one
/// expected to link must, and is then run in QEMU; one expected not to must fail to link on
/// [`REACHABLE_PANIC`] and nothing else.
fn panic_never(board: &Board) -> Result {
    for (bin, expected_failure) in PANIC_NEVER {
        let mut command = cmd::cargo();
        command.current_dir(project()).args([
            "build",
            "--locked",
            "--profile",
            PANIC_NEVER_PROFILE,
            "--target",
            board.target,
            "--features",
            "panic-never",
            "--bin",
            bin,
        ]);
        let (linked, log) = build_log(&mut command)?;
        match (linked, expected_failure) {
            (true, None) => {
                eprintln!(
                    "firmware: {bin} links with no reachable panic ({})",
                    board.target
                );
                run_one(board, bin, PANIC_NEVER_PROFILE)?;
            }
            (false, None) => {
                return Err(Error::new(format!(
                    "{bin} does not link with the `panic-never` feature on {}: a panic is \
                     reachable (see examples/cortex-m/README.md, \"No reachable panic\", to find it)",
                    board.target
                )));
            }
            (true, Some(_)) => {
                return Err(Error::new(format!(
                    "{bin} now links with the `panic-never` feature on {}: list it as linking \
                     in PANIC_NEVER (xtask/src/firmware.rs) and in the firmware's README",
                    board.target
                )));
            }
            (false, Some(reason)) => {
                let undefined = undefined_symbols(&log);
                if undefined != [REACHABLE_PANIC] {
                    return Err(Error::new(format!(
                        "{bin} with the `panic-never` feature on {} failed otherwise than on \
                         {REACHABLE_PANIC} alone (undefined: {undefined:?})",
                        board.target
                    )));
                }
                eprintln!(
                    "firmware: {bin} does not link with the `panic-never` feature ({}), as \
                     expected: {reason}",
                    board.target
                );
            }
        }
    }
    Ok(())
}

/// Echoes `command` and runs it, echoing its error output too: whether it succeeded, and that
/// output.
fn build_log(command: &mut Command) -> Result<(bool, String)> {
    let shown = cmd::display(command);
    eprintln!("$ {shown}");
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::new(format!("could not start `{shown}`: {e}")))?;
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    eprint!("{log}");
    Ok((output.status.success(), log))
}

/// The symbols a linker log reports undefined (`undefined symbol: NAME`), each once, sorted.
fn undefined_symbols(log: &str) -> Vec<String> {
    let mut names: Vec<String> = log
        .lines()
        .filter_map(|line| line.split_once("undefined symbol: "))
        .map(|(_, name)| name.trim().to_owned())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `cargo xtask size`: measures every scenario on every board, writes the measurements file
/// ([`measurements::FILE`]), regenerates the tables made from it (`cargo xtask codegen`) and
/// prints them.
pub(crate) fn size() -> Result {
    install_size()?;
    let llvm_size = tools::llvm_bin("llvm-size");
    let mut all = Measurements::default();
    for board in &BOARDS {
        for run in run_all(board)? {
            let (flash, ram) = sections(&llvm_size, &elf(board, &run.bin, "release"))?;
            all.0.push(Scenario {
                target: board.target.to_owned(),
                bin: run.bin,
                flash,
                ram,
                stacks: run.stacks,
                times: run.times,
            });
        }
    }
    let path = cmd::root_path(measurements::FILE);
    let text = all.to_text();
    let before = std::fs::read_to_string(&path).unwrap_or_default();
    if before == text {
        eprintln!("firmware: the figures are those of {}", measurements::FILE);
    } else {
        std::fs::write(&path, &text)
            .map_err(|e| Error::new(format!("cannot write {}: {e}", path.display())))?;
        eprintln!(
            "firmware: {} figure line(s) changed: wrote {} (commit it with the tables)",
            changed_lines(&before, &text),
            measurements::FILE
        );
    }
    for name in measurements::BLOCKS {
        if let Some(table) = measurements::block(name, &all) {
            println!("{table}");
        }
    }
    codegen::run(codegen::Mode::Write)
}

/// How many lines of `after` are not in `before`.
fn changed_lines(before: &str, after: &str) -> usize {
    let old: Vec<&str> = before.lines().collect();
    after.lines().filter(|line| !old.contains(line)).count()
}

/// What `qemu` needs, when missing: QEMU, the boards' rustup targets, and clippy (it lints the
/// firmware).
pub(crate) fn install_qemu() -> Result {
    tools::qemu()?;
    tools::rust_targets(&BOARDS.map(|b| b.target))?;
    tools::components(&["clippy"])
}

/// What `size` needs, when missing: QEMU, the boards' rustup targets, and `llvm-tools`
/// (`llvm-size`).
pub(crate) fn install_size() -> Result {
    tools::qemu()?;
    tools::rust_targets(&BOARDS.map(|b| b.target))?;
    tools::llvm_tools()
}

fn project() -> PathBuf {
    cmd::root_path("examples/cortex-m")
}

/// The scenario names: one per file of `src/bin/`.
pub(crate) fn bins() -> Result<Vec<String>> {
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

/// The firmware's target directory: `CARGO_TARGET_DIR` if set (relative to the firmware's
/// folder, where cargo runs), else its own `target/`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => project().join(dir),
        _ => project().join("target"),
    }
}

/// The ELF of scenario `bin` built for `board` in cargo profile `profile`.
fn elf(board: &Board, bin: &str, profile: &str) -> PathBuf {
    target_dir().join(board.target).join(profile).join(bin)
}

/// Builds every scenario for `board` and runs each in QEMU.
fn run_all(board: &Board) -> Result<Vec<Run>> {
    eprintln!(
        "firmware: {} ({}, QEMU {})",
        board.target, board.core, board.machine
    );
    // Without features: cargo skips the scenarios whose required features are off.
    cmd::run(cmd::cargo().current_dir(project()).args([
        "build",
        "--locked",
        "--release",
        "--target",
        board.target,
    ]))?;
    // Each feature with only its own scenarios, so no other binary is rebuilt with it.
    let mut features: Vec<&str> = FEATURE_BINS.iter().map(|(_, f)| *f).collect();
    features.dedup();
    for feature in features {
        let mut command = cmd::cargo();
        command.current_dir(project()).args([
            "build",
            "--locked",
            "--release",
            "--target",
            board.target,
            "--features",
            feature,
        ]);
        for (bin, _) in FEATURE_BINS.iter().filter(|(_, f)| *f == feature) {
            command.args(["--bin", bin]);
        }
        cmd::run(&mut command)?;
    }
    let mut runs = Vec::new();
    let mut failed = Vec::new();
    for bin in bins()? {
        match run_one(board, &bin, "release") {
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
fn run_one(board: &Board, bin: &str, profile: &str) -> Result<Run> {
    let mut command = Command::new("qemu-system-arm");
    command
        .args([
            "-machine",
            board.machine,
            "-nographic",
            "-icount",
            "shift=0",
        ])
        .args(board.qemu_args)
        .args(["-semihosting-config", "enable=on,target=native", "-kernel"])
        .arg(elf(board, bin, profile))
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
        stacks: measurements(&output, "stack ", " bytes"),
        times: measurements(&output, "time ", " instructions"),
    })
}

/// The `PREFIX OPERATION: N UNIT` lines of a scenario's output (`stack …: N bytes`,
/// `time …: N instructions`).
fn measurements(output: &str, prefix: &str, unit: &str) -> Vec<(String, u64)> {
    output
        .lines()
        .filter_map(|line| {
            let (operation, value) = line.trim().strip_prefix(prefix)?.split_once(": ")?;
            let value = value.strip_suffix(unit)?.parse().ok()?;
            Some((operation.to_owned(), value))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_symbols_are_read_from_the_linker_log() {
        let log = "error: linking with `rust-lld` failed: exit status: 1\n  = note: rust-lld: error: undefined symbol: tinyjose_firmware_reachable_panic\n          >>> referenced by lib.rs:45 (src/lib.rs:45)\n  = note: rust-lld: error: undefined symbol: tinyjose_firmware_reachable_panic\n";
        assert_eq!(undefined_symbols(log), [REACHABLE_PANIC]);
        assert!(undefined_symbols("error: could not compile").is_empty());
    }

    #[test]
    fn measurement_lines_are_read_by_prefix_and_unit() {
        let output = "x: start\n  stack verify_rs256: 14124 bytes\n  time verify_rs256: 1886320 instructions\n  time bad: 12 bytes\n";
        assert_eq!(
            measurements(output, "stack ", " bytes"),
            [("verify_rs256".to_owned(), 14124)]
        );
        assert_eq!(
            measurements(output, "time ", " instructions"),
            [("verify_rs256".to_owned(), 1_886_320)]
        );
    }

    #[test]
    fn operations_take_their_own_baseline() {
        use crate::measurements::baseline_of;
        assert_eq!(
            baseline_of("decrypt_jwe", "decrypt_dir_a256gcm"),
            Some("baseline_jwe_dir")
        );
        assert_eq!(
            baseline_of("decrypt_jwe", "decrypt_ecdh_es_a128kw"),
            Some("baseline_jwe_ecdh")
        );
        assert_eq!(
            baseline_of("verify_es256", "verify_es256"),
            Some("baseline_p256")
        );
        assert_eq!(baseline_of("device_jwt", "sign_es256"), None);
    }

    #[test]
    fn changed_figures_are_counted() {
        assert_eq!(changed_lines("a 1\nb 2\n", "a 1\nb 3\nc 4\n"), 2);
        assert_eq!(changed_lines("a 1\n", "a 1\n"), 0);
    }

    #[test]
    fn feature_scenarios_have_a_source_file() {
        let bins = bins().unwrap();
        for (bin, _) in FEATURE_BINS {
            assert!(bins.iter().any(|b| b == bin), "{bin}");
        }
    }
}
