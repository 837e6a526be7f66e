//! `cargo xtask tools`: installs what the other tasks need, and only what is missing.
//!
//! The base set (rustup targets, nightly `rust-src`, cargo-fuzz) is what `ci` uses today.
//! `--wasm` adds `wasm-bindgen-cli` at the `Cargo.lock` version of `wasm-bindgen`, Chromium and
//! the npm packages of `bindings/wasm`; `--qemu` adds `qemu-system-arm`.

use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use crate::cmd::{self, Error, Result};
use crate::targets::TARGETS;

/// Which optional groups to install besides the base set.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Extras {
    /// The wasm bindings' tools: `wasm-bindgen-cli`, Chromium, `npm ci`.
    pub(crate) wasm: bool,
    /// The firmware emulator: `qemu-system-arm`.
    pub(crate) qemu: bool,
}

/// Installs the base set, then the requested extras.
pub(crate) fn run(extras: Extras) -> Result {
    base()?;
    if extras.wasm {
        wasm()?;
    }
    if extras.qemu {
        qemu()?;
    }
    Ok(())
}

/// The tools `ci` needs: the cross targets, nightly `rust-src` and (when there is a `fuzz/`
/// folder) cargo-fuzz.
pub(crate) fn base() -> Result {
    rust_targets(&TARGETS)?;
    if nightly_installed()? {
        nightly_rust_src()?;
    } else {
        warn_no_nightly("nightly rust-src and cargo-fuzz are not installed");
        return Ok(());
    }
    if cmd::root_path("fuzz").is_dir() {
        cargo_fuzz()?;
    }
    Ok(())
}

/// The tools of the wasm bindings.
pub(crate) fn wasm() -> Result {
    let versions = crate::manifest::locked_versions("wasm-bindgen")?;
    match versions.as_slice() {
        [version] => wasm_bindgen_cli(version)?,
        [] => return Err(Error::new("Cargo.lock has no `wasm-bindgen` package")),
        _ => {
            return Err(Error::new(format!(
                "Cargo.lock has several `wasm-bindgen` versions ({}); the CLI must match one",
                versions.join(", ")
            )));
        }
    }
    apt_install_if_missing(&[("chromium", "chromium")])?;
    let bindings = cmd::root_path("bindings/wasm");
    if bindings.join("package.json").is_file() {
        npm_ci(&bindings)?;
    }
    deno()
}

/// The npm package that ships Deno, at this version, for the package's Deno smoke test. It is
/// installed beside the workspace (`target/js-runtimes`) rather than as a devDependency: its
/// per-platform optional packages are missing from a lock file made on one platform, which makes
/// `npm ci` refuse the lock.
pub(crate) const DENO: &str = "deno@2.9.6";

/// Where [`DENO`]'s binary is once installed.
pub(crate) fn deno_bin() -> std::path::PathBuf {
    cmd::root_path("target/js-runtimes/node_modules/.bin/deno")
}

/// Installs [`DENO`] unless its binary is there and reports the version.
fn deno() -> Result {
    let version = DENO.trim_start_matches("deno@");
    let reported = cmd::probe(Command::new(deno_bin()).arg("--version"));
    if reported.is_some_and(|out| out.contains(&format!("deno {version}"))) {
        eprintln!("tools: {DENO} already installed");
        return Ok(());
    }
    let prefix = cmd::root_path("target/js-runtimes");
    std::fs::create_dir_all(&prefix)
        .map_err(|e| Error::new(format!("cannot create {}: {e}", prefix.display())))?;
    cmd::run(
        Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(&prefix)
            .arg(DENO),
    )
}

/// The firmware emulator.
pub(crate) fn qemu() -> Result {
    apt_install_if_missing(&[("qemu-system-arm", "qemu-system-arm")])
}

/// The `llvm-tools` rustup component (`llvm-size`, `llvm-nm`), unless `llvm-size` is there.
pub(crate) fn llvm_tools() -> Result {
    if llvm_bin("llvm-size").is_file() {
        eprintln!("tools: llvm-tools already installed");
        return Ok(());
    }
    cmd::run(Command::new("rustup").args(["component", "add", "llvm-tools"]))
}

/// Where the `llvm-tools` component keeps `tool` for the host.
pub(crate) fn llvm_bin(tool: &str) -> std::path::PathBuf {
    let sysroot =
        cmd::probe(Command::new("rustc").args(["--print", "sysroot"])).unwrap_or_default();
    let host = cmd::probe(Command::new("rustc").args(["--print", "host-tuple"]))
        .unwrap_or_else(|| "x86_64-unknown-linux-gnu".to_owned());
    Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(host.trim())
        .join("bin")
        .join(tool)
}

/// Adds the rustup targets of `targets` that are not installed yet.
pub(crate) fn rust_targets(targets: &[&str]) -> Result {
    let installed = cmd::output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    let missing: Vec<&str> = targets
        .iter()
        .copied()
        .filter(|target| !installed.lines().any(|line| line.trim() == *target))
        .collect();
    if missing.is_empty() {
        eprintln!(
            "tools: rustup targets already installed: {}",
            targets.join(" ")
        );
        return Ok(());
    }
    cmd::run(
        Command::new("rustup")
            .args(["target", "add"])
            .args(&missing),
    )
}

/// Whether rustup has a toolchain named `nightly` (as used by `cargo +nightly`).
pub(crate) fn nightly_installed() -> Result<bool> {
    let list = cmd::output(Command::new("rustup").args(["toolchain", "list"]))?;
    Ok(has_nightly(&list))
}

/// Prints the warning for a machine without the nightly toolchain.
pub(crate) fn warn_no_nightly(consequence: &str) {
    eprintln!(
        "warning: the nightly toolchain is not installed, so {consequence} \
         (install it with `rustup toolchain install nightly --profile minimal`)"
    );
}

/// Adds the `rust-src` component to the nightly toolchain if it is missing (`-Zbuild-std` needs
/// it).
pub(crate) fn nightly_rust_src() -> Result {
    let installed = cmd::output(Command::new("rustup").args([
        "component",
        "list",
        "--toolchain",
        "nightly",
        "--installed",
    ]))?;
    if installed
        .lines()
        .any(|line| line.trim().starts_with("rust-src"))
    {
        eprintln!("tools: nightly rust-src already installed");
        return Ok(());
    }
    cmd::run(Command::new("rustup").args([
        "component",
        "add",
        "rust-src",
        "--toolchain",
        "nightly",
    ]))
}

/// Installs cargo-fuzz if `cargo fuzz` does not run.
pub(crate) fn cargo_fuzz() -> Result {
    if cmd::probe(cmd::nightly_cargo().args(["fuzz", "--version"])).is_some() {
        eprintln!("tools: cargo-fuzz already installed");
        return Ok(());
    }
    cargo_install("cargo-fuzz", None)
}

/// Installs `wasm-bindgen-cli` at exactly `version` unless `wasm-bindgen --version` already
/// reports it: the CLI and the `wasm-bindgen` crate must match.
pub(crate) fn wasm_bindgen_cli(version: &str) -> Result {
    let reported = cmd::probe(Command::new("wasm-bindgen").arg("--version"));
    if reported.as_deref().and_then(reported_version) == Some(version) {
        eprintln!("tools: wasm-bindgen {version} already installed");
        return Ok(());
    }
    cargo_install("wasm-bindgen-cli", Some(version))
}

/// Installs with apt the packages whose command is missing, as `(command, package)` pairs;
/// `apt-get update` runs once first, and only when something is missing.
pub(crate) fn apt_install_if_missing(tools: &[(&str, &str)]) -> Result {
    let mut packages: Vec<&str> = Vec::new();
    for &(command, package) in tools {
        let found = cmd::probe(Command::new("sh").args(["-c", "command -v \"$1\"", "sh", command]));
        if found.is_none() && !packages.contains(&package) {
            packages.push(package);
        }
    }
    if packages.is_empty() {
        let commands: Vec<&str> = tools.iter().map(|&(command, _)| command).collect();
        eprintln!("tools: already installed: {}", commands.join(" "));
        return Ok(());
    }
    cmd::run(apt_get().arg("update"))?;
    cmd::run(
        apt_get()
            .args(["install", "--yes", "--no-install-recommends"])
            .args(&packages),
    )
}

/// `apt-get`, through `sudo` unless running as root, never prompting.
fn apt_get() -> Command {
    let is_root = cmd::probe(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let mut command = if is_root {
        Command::new("apt-get")
    } else {
        let mut sudo = Command::new("sudo");
        sudo.args(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        sudo
    };
    command.env("DEBIAN_FRONTEND", "noninteractive");
    command
}

/// Runs `npm ci` in `dir` when `node_modules` is missing or older than `package-lock.json`.
pub(crate) fn npm_ci(dir: &Path) -> Result {
    let lock = modified(&dir.join("package-lock.json"));
    // npm 7 and later record the installed tree here; fall back to the folder itself.
    let installed = modified(&dir.join("node_modules/.package-lock.json"))
        .or_else(|| modified(&dir.join("node_modules")));
    if !needs_npm_ci(lock, installed) {
        eprintln!(
            "tools: {} is up to date",
            dir.join("node_modules").display()
        );
        return Ok(());
    }
    cmd::run(Command::new("npm").arg("ci").current_dir(dir))
}

/// Whether an install is needed, from the modification times of `package-lock.json` and of
/// the installed tree.
fn needs_npm_ci(lock: Option<SystemTime>, installed: Option<SystemTime>) -> bool {
    match (lock, installed) {
        (_, None) => true,
        (Some(lock), Some(installed)) => lock > installed,
        (None, Some(_)) => false,
    }
}

/// The modification time of `path`, if it exists.
fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path)
        .and_then(|meta| meta.modified())
        .ok()
}

/// `cargo install` with `--locked` first, then without: a crate's own lock file can name
/// versions this registry no longer serves.
fn cargo_install(krate: &str, version: Option<&str>) -> Result {
    let install = |locked: bool| {
        let mut command = cmd::cargo();
        command.arg("install");
        if locked {
            command.arg("--locked");
        }
        if let Some(version) = version {
            command.args(["--version", &format!("={version}")]);
        }
        command.arg(krate);
        cmd::run(&mut command)
    };
    install(true).or_else(|err| {
        eprintln!("tools: {err}; retrying without --locked");
        install(false)
    })
}

/// Whether `rustup toolchain list` output has a toolchain named `nightly`.
fn has_nightly(list: &str) -> bool {
    list.lines()
        .filter_map(|line| line.split_whitespace().next())
        .any(|name| name == "nightly" || (name.starts_with("nightly-") && !is_dated(name)))
}

/// Whether a `nightly-…` toolchain name is a dated one (`nightly-2025-01-01-…`), which
/// `+nightly` does not select.
fn is_dated(name: &str) -> bool {
    name.strip_prefix("nightly-")
        .and_then(|rest| rest.get(..4))
        .is_some_and(|year| year.chars().all(|c| c.is_ascii_digit()))
}

/// The version in `wasm-bindgen --version` output (`wasm-bindgen 0.2.100`).
fn reported_version(output: &str) -> Option<&str> {
    output.split_whitespace().nth(1)
}

#[cfg(test)]
mod tests {
    use core::time::Duration;

    use super::*;

    #[test]
    fn nightly_detection() {
        let list = "stable-x86_64-unknown-linux-gnu (active, default)\n\
                    nightly-x86_64-unknown-linux-gnu\n1.95.0-x86_64-unknown-linux-gnu\n";
        assert!(has_nightly(list));
        assert!(has_nightly("nightly (default)\n"));
        assert!(!has_nightly(
            "stable-x86_64-unknown-linux-gnu (active, default)\n"
        ));
        assert!(!has_nightly(
            "nightly-2025-01-01-x86_64-unknown-linux-gnu\n"
        ));
        assert!(!has_nightly(""));
    }

    #[test]
    fn wasm_bindgen_version_output() {
        assert_eq!(reported_version("wasm-bindgen 0.2.100\n"), Some("0.2.100"));
        assert_eq!(reported_version(""), None);
    }

    #[test]
    fn npm_install_freshness() {
        let old = SystemTime::UNIX_EPOCH;
        let new = old + Duration::from_secs(60);
        assert!(needs_npm_ci(Some(new), None));
        assert!(needs_npm_ci(None, None));
        assert!(needs_npm_ci(Some(new), Some(old)));
        assert!(!needs_npm_ci(Some(old), Some(new)));
        assert!(!needs_npm_ci(None, Some(old)));
    }
}
