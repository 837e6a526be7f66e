//! `cargo xtask targets`: the core builds for embedded, wasm and bare-metal targets with every
//! feature alone, none and all, then without the `alloc` crate at all.
//!
//! Every build shares the workspace target directory, and uses `cargo build` rather than tests
//! to stay within the CI time budget.

use crate::cmd::{self, Result};
use crate::{manifest, tools};

/// The targets the core must build for: Cortex-M0, Cortex-M4F, RISC-V (ESP32-C3-class parts),
/// wasm, and a target without `std`, which catches any use of it.
pub(crate) const TARGETS: [&str; 5] = [
    "thumbv6m-none-eabi",
    "thumbv7em-none-eabihf",
    "riscv32imac-unknown-none-elf",
    "wasm32-unknown-unknown",
    "x86_64-unknown-none",
];

/// The target of the build with only `core` compiled from source.
const CORE_ONLY_TARGET: &str = "thumbv7em-none-eabihf";

/// Adds missing rustup targets, builds the core for each target and feature set, then does the
/// `core`-only build.
pub(crate) fn run() -> Result {
    install()?;
    let features = manifest::core_features()?;
    for target in TARGETS {
        build(target, &["--no-default-features"])?;
        for feature in &features {
            build(target, &["--no-default-features", "--features", feature])?;
        }
        build(target, &["--all-features"])?;
    }
    core_only()
}

/// The targets of [`TARGETS`], and nightly with `rust-src` for the `core`-only build, each if
/// missing.
pub(crate) fn install() -> Result {
    tools::rust_targets(&TARGETS)?;
    tools::nightly_rust_src()
}

/// `cargo build -p tinyjose --release --target <target> <feature_args>`.
fn build(target: &str, feature_args: &[&str]) -> Result {
    cmd::run(
        cmd::cargo()
            .args([
                "build",
                "--locked",
                "-p",
                "tinyjose",
                "--release",
                "--target",
                target,
            ])
            .args(feature_args),
    )
}

/// The strongest no-alloc gate: with `-Zbuild-std=core` the sysroot has no `alloc` crate, so
/// any use of it (direct or through a dependency) fails to compile.
///
/// It needs nightly with `rust-src` ([`install`]).
fn core_only() -> Result {
    cmd::run(cmd::nightly_cargo().args([
        "build",
        "--locked",
        "-Zbuild-std=core",
        "-p",
        "tinyjose",
        "--release",
        "--target",
        CORE_ONLY_TARGET,
        "--all-features",
    ]))
}
