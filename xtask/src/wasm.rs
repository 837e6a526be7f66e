//! `cargo xtask wasm`: builds the npm package in `bindings/wasm` and runs its test suites.
//!
//! The module is built with the root `wasm-release` profile, bound with the `wasm-bindgen` CLI
//! at the exact `Cargo.lock` version (`--target web`: one module and one glue file serve Node,
//! browsers and workers), and passed through `wasm-opt` from the npm `binaryen` package when that
//! makes it smaller. `scripts/size.mjs` then prints each entry point's size (wasm and JavaScript;
//! raw, gzip -9 and brotli), and `node --test` runs every suite: the API, the published vectors,
//! interop with `jose`, headless Chromium and workerd.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::{self, Error, Result};
use crate::tools;

/// The target the module is built for.
pub(crate) const TARGET: &str = "wasm32-unknown-unknown";

/// The features `rustc` enables by default for [`TARGET`], which `wasm-opt` may keep using.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Installs what is missing ([`tools::wasm`]), builds the package, reports its size, and runs
/// its tests.
pub(crate) fn run() -> Result {
    tools::wasm()?;
    build()?;
    report()?;
    test()
}

/// Prints the size of each entry point (`bindings/wasm/scripts/size.mjs`).
pub(crate) fn report() -> Result {
    cmd::run(
        Command::new("node")
            .arg("scripts/size.mjs")
            .current_dir(package_dir()),
    )
}

/// Builds `bindings/wasm/pkg`: cargo, then wasm-bindgen, then wasm-opt when it helps.
pub(crate) fn build() -> Result {
    let package = package_dir();
    cmd::run(cmd::cargo().args([
        "build",
        "--locked",
        "-p",
        "tinyjose-wasm",
        "--target",
        TARGET,
        "--profile",
        "wasm-release",
    ]))?;
    let built = target_dir()
        .join(TARGET)
        .join("wasm-release/tinyjose_wasm.wasm");
    let out = package.join("pkg");
    cmd::run(
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--weak-refs", "--out-dir"])
            .arg(&out)
            .arg(&built),
    )?;
    optimize(&package, &out.join("tinyjose_wasm_bg.wasm"))
}

/// Replaces `module` with its `wasm-opt -Oz` output when that is smaller.
fn optimize(package: &Path, module: &Path) -> Result {
    let wasm_opt = package.join("node_modules/.bin/wasm-opt");
    if !wasm_opt.is_file() {
        return Err(Error::new(format!(
            "{} is missing: `npm ci` in bindings/wasm should have installed it (`cargo xtask \
             tools --wasm`)",
            wasm_opt.display()
        )));
    }
    let optimized = module.with_extension("opt.wasm");
    cmd::run(
        Command::new(&wasm_opt)
            .arg("-Oz")
            .args(WASM_FEATURES)
            .arg(module)
            .arg("-o")
            .arg(&optimized),
    )?;
    let size = |path: &Path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(u64::MAX);
    let (before, after) = (size(module), size(&optimized));
    if after < before {
        std::fs::rename(&optimized, module)
            .map_err(|e| Error::new(format!("cannot replace {}: {e}", module.display())))?;
        eprintln!("wasm: wasm-opt -Oz: {before} -> {after} bytes");
    } else {
        let _ = std::fs::remove_file(&optimized);
        eprintln!("wasm: wasm-opt -Oz gave {after} bytes, not below {before}: kept the original");
    }
    Ok(())
}

/// `node --test` on every suite of the package (`test/*.test.mjs`), with `DENO_BIN` set to the
/// Deno that [`tools::wasm`] installs.
pub(crate) fn test() -> Result {
    let dir = package_dir().join("test");
    let mut suites: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| Error::new(format!("cannot list {}: {e}", dir.display())))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".test.mjs"))
        .map(|name| format!("test/{name}"))
        .collect();
    suites.sort();
    if suites.is_empty() {
        return Err(Error::new(format!(
            "no *.test.mjs suite in {}",
            dir.display()
        )));
    }
    cmd::run(
        Command::new("node")
            .arg("--test")
            .args(&suites)
            .env("DENO_BIN", tools::deno_bin())
            .current_dir(package_dir()),
    )
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` when set (relative to the project root), else
/// `target` in the project root.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => cmd::root().join(dir),
        _ => cmd::root_path("target"),
    }
}

fn package_dir() -> PathBuf {
    cmd::root_path("bindings/wasm")
}
