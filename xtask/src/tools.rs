//! Installing what the tasks need, and only what is missing: every task calls the functions
//! here for its own needs first, so each one works alone on a fresh machine.
//! `cargo xtask tools` installs all of it up front.
//!
//! The base set is the rustup components `rustfmt`, `clippy` and `llvm-tools`, the rustup
//! targets, the nightly toolchain with `rust-src`, and cargo-fuzz (with a C++ compiler for
//! libFuzzer). `--wasm` adds `wasm-bindgen-cli` at the `Cargo.lock` version of `wasm-bindgen`,
//! Node.js and npm, Chromium, the npm packages of `bindings/wasm` and Deno; `--qemu` adds
//! `qemu-system-arm`. Each check is a cheap probe; the decisions are pure functions, tested
//! below.

use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use crate::cmd::{self, Error, Result};

/// Which optional groups to install besides the base set, or which tasks to install for.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Extras {
    /// The wasm bindings' tools: `wasm-bindgen-cli`, Chromium, `npm ci`.
    pub(crate) wasm: bool,
    /// The firmware emulator: `qemu-system-arm`.
    pub(crate) qemu: bool,
    /// Tasks named on the command line: only what these need is installed (no base set).
    pub(crate) tasks: Vec<String>,
}

/// What the task `name` installs before it runs, or `None` for an unknown task name.
pub(crate) fn for_task(name: &str) -> Option<fn() -> Result> {
    fn nothing() -> Result {
        Ok(())
    }
    Some(match name {
        "fmt" => crate::checks::install_fmt,
        "lint" => crate::checks::install_lint,
        "targets" => crate::targets::install,
        "qemu" => crate::firmware::install_qemu,
        "size" => crate::firmware::install_size,
        "wasm" => wasm,
        "fuzz" => cargo_fuzz,
        "miri" => crate::miri::install,
        "interop" => || crate::interop::install().map(drop),
        "deny" => crate::deny::install,
        "mutants" => crate::mutants::install,
        "tidy" | "codegen" | "test" | "doc" | "bench" | "ct" => nothing,
        _ => return None,
    })
}

/// Installs what the named tasks need if any are named; else the base set, then the requested
/// extras.
pub(crate) fn run(extras: Extras) -> Result {
    if !extras.tasks.is_empty() {
        for task in &extras.tasks {
            let install =
                for_task(task).ok_or_else(|| Error::new(format!("`{task}` is not a task")))?;
            eprintln!("tools: for `{task}`");
            install()?;
        }
        return Ok(());
    }
    base()?;
    if extras.wasm {
        wasm()?;
    }
    if extras.qemu {
        qemu()?;
    }
    Ok(())
}

/// The tools of the host checks, the cross builds and fuzzing: `rustfmt`, `clippy`,
/// `llvm-tools`, the cross targets, nightly with `rust-src` and (when there is a `fuzz/` folder)
/// cargo-fuzz.
pub(crate) fn base() -> Result {
    components(&["rustfmt", "clippy"])?;
    llvm_tools()?;
    crate::targets::install()?;
    if cmd::root_path("fuzz").is_dir() {
        cargo_fuzz()?;
    }
    Ok(())
}

/// Adds the rustup components of `names` that the active toolchain lacks (a `--profile minimal`
/// install has neither `rustfmt` nor `clippy`).
pub(crate) fn components(names: &[&str]) -> Result {
    let installed = cmd::output(Command::new("rustup").args(["component", "list", "--installed"]))?;
    let missing = missing_components(&installed, names);
    if missing.is_empty() {
        eprintln!(
            "tools: rustup components already installed: {}",
            names.join(" ")
        );
        return Ok(());
    }
    cmd::run(
        Command::new("rustup")
            .args(["component", "add"])
            .args(&missing),
    )
}

/// The names of `wanted` that `rustup component list --installed` output does not list (it
/// names a component `NAME-TARGET`, or `NAME` for target-independent ones).
fn missing_components<'a>(installed: &str, wanted: &[&'a str]) -> Vec<&'a str> {
    wanted
        .iter()
        .copied()
        .filter(|name| {
            !installed.lines().map(str::trim).any(|line| {
                line == *name
                    || line
                        .strip_prefix(name)
                        .and_then(|rest| rest.strip_prefix('-'))
                        .is_some_and(|target| target.split('-').count() >= 3)
            })
        })
        .collect()
}

/// The tools of the wasm bindings: the `wasm32-unknown-unknown` target, `wasm-bindgen-cli` at
/// the locked version, Node.js and npm, Chromium, `npm ci` in `bindings/wasm`, and Deno.
pub(crate) fn wasm() -> Result {
    rust_targets(&[crate::wasm::TARGET])?;
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
    apt_install_if_missing(&[("node", "nodejs"), ("npm", "npm"), ("chromium", "chromium")])?;
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
    let missing = missing_targets(&installed, targets);
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

/// The targets of `wanted` that `rustup target list --installed` output does not list.
fn missing_targets<'a>(installed: &str, wanted: &[&'a str]) -> Vec<&'a str> {
    wanted
        .iter()
        .copied()
        .filter(|target| !installed.lines().any(|line| line.trim() == *target))
        .collect()
}

/// Whether rustup has a toolchain named `nightly` (as used by `cargo +nightly`).
pub(crate) fn nightly_installed() -> Result<bool> {
    let list = cmd::output(Command::new("rustup").args(["toolchain", "list"]))?;
    Ok(has_nightly(&list))
}

/// Installs the nightly toolchain (`--profile minimal`) unless rustup has one named `nightly`:
/// cargo-fuzz and the `-Zbuild-std` build need it.
pub(crate) fn nightly() -> Result {
    if nightly_installed()? {
        eprintln!("tools: the nightly toolchain is already installed");
        return Ok(());
    }
    cmd::run(Command::new("rustup").args([
        "toolchain",
        "install",
        "nightly",
        "--profile",
        "minimal",
    ]))
}

/// Installs nightly if missing, then adds its `rust-src` component if missing (`-Zbuild-std`
/// needs it).
pub(crate) fn nightly_rust_src() -> Result {
    nightly_component("rust-src")
}

/// Installs nightly if missing, then adds its component `name` if missing.
pub(crate) fn nightly_component(name: &str) -> Result {
    nightly()?;
    let installed = cmd::output(Command::new("rustup").args([
        "component",
        "list",
        "--toolchain",
        "nightly",
        "--installed",
    ]))?;
    if installed.lines().any(|line| line.trim().starts_with(name)) {
        eprintln!("tools: nightly {name} already installed");
        return Ok(());
    }
    cmd::run(Command::new("rustup").args(["component", "add", name, "--toolchain", "nightly"]))
}

/// Installs the cargo subcommand `cargo SUBCOMMAND` from the crate `krate` at exactly `version`
/// (`cargo install --locked`), unless `cargo SUBCOMMAND --version` already reports that version.
pub(crate) fn cargo_subcommand(subcommand: &str, krate: &str, version: &str) -> Result {
    let reported = cmd::probe(cmd::cargo().args([subcommand, "--version"]));
    if reported.as_deref().and_then(reported_version) == Some(version) {
        eprintln!("tools: {krate} {version} already installed");
        return Ok(());
    }
    cargo_install(krate, Some(version), Locked::FirstTry)
}

/// Installs nightly, a C++ compiler (libFuzzer is C++, built by `libfuzzer-sys`) and cargo-fuzz,
/// each if missing.
pub(crate) fn cargo_fuzz() -> Result {
    nightly()?;
    apt_install_if_missing(&[("c++", "g++")])?;
    if cmd::probe(cmd::nightly_cargo().args(["fuzz", "--version"])).is_some() {
        eprintln!("tools: cargo-fuzz already installed");
        return Ok(());
    }
    cargo_install("cargo-fuzz", None, Locked::FirstTry)
}

/// Installs `wasm-bindgen-cli` at exactly `version` unless `wasm-bindgen --version` already
/// reports it: the CLI and the `wasm-bindgen` crate must match. It is installed without
/// `--locked`: its own lock file names versions that do not build here.
pub(crate) fn wasm_bindgen_cli(version: &str) -> Result {
    let reported = cmd::probe(Command::new("wasm-bindgen").arg("--version"));
    if reported.as_deref().and_then(reported_version) == Some(version) {
        eprintln!("tools: wasm-bindgen {version} already installed");
        return Ok(());
    }
    cargo_install("wasm-bindgen-cli", Some(version), Locked::Never)
}

/// Installs with apt the packages whose command is missing, as `(command, package)` pairs;
/// `apt-get update` runs once first, and only when something is missing.
pub(crate) fn apt_install_if_missing(tools: &[(&str, &str)]) -> Result {
    let packages = missing_packages(tools, has_command);
    if packages.is_empty() {
        let commands: Vec<&str> = tools.iter().map(|&(command, _)| command).collect();
        eprintln!("tools: already installed: {}", commands.join(" "));
        return Ok(());
    }
    if !has_command("apt-get") {
        return Err(Error::new(format!(
            "missing {}, and there is no apt-get to install it with: install it by hand",
            packages.join(" ")
        )));
    }
    cmd::run(apt_get().arg("update"))?;
    cmd::run(
        apt_get()
            .args(["install", "--yes", "--no-install-recommends"])
            .args(&packages),
    )
}

/// The packages of `(command, package)` pairs whose command `found` says is missing, each once.
fn missing_packages<'a>(tools: &[(&str, &'a str)], found: impl Fn(&str) -> bool) -> Vec<&'a str> {
    let mut packages: Vec<&str> = Vec::new();
    for &(command, package) in tools {
        if !found(command) && !packages.contains(&package) {
            packages.push(package);
        }
    }
    packages
}

/// Whether `command` is on `PATH`.
fn has_command(command: &str) -> bool {
    cmd::probe(Command::new("sh").args(["-c", "command -v \"$1\"", "sh", command])).is_some()
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

/// Whether `cargo install` uses the crate's own lock file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Locked {
    /// With `--locked` first, then without if that fails: a crate's own lock file can name
    /// versions this registry no longer serves.
    FirstTry,
    /// Without `--locked`.
    Never,
}

/// `cargo install` of `krate` (at exactly `version` if given).
fn cargo_install(krate: &str, version: Option<&str>, locked: Locked) -> Result {
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
    match locked {
        Locked::Never => install(false),
        Locked::FirstTry => install(true).or_else(|err| {
            eprintln!("tools: {err}; retrying without --locked");
            install(false)
        }),
    }
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
    fn missing_rustup_targets_and_components() {
        let targets = "wasm32-unknown-unknown\nx86_64-unknown-linux-gnu\n";
        assert_eq!(
            missing_targets(targets, &["thumbv6m-none-eabi", "wasm32-unknown-unknown"]),
            ["thumbv6m-none-eabi"]
        );
        assert_eq!(
            missing_targets("", &["wasm32-unknown-unknown"]),
            ["wasm32-unknown-unknown"]
        );
        let components = "cargo-x86_64-unknown-linux-gnu\nclippy-x86_64-unknown-linux-gnu\n\
                          rust-src\nrustc-x86_64-unknown-linux-gnu\n";
        assert_eq!(
            missing_components(components, &["rustfmt", "clippy", "rust-src", "llvm-tools"]),
            ["rustfmt", "llvm-tools"]
        );
        // `rust` is not installed because `rust-src` is.
        assert_eq!(missing_components(components, &["rust"]), ["rust"]);
    }

    #[test]
    fn apt_packages_of_missing_commands_once() {
        let tools = [("node", "nodejs"), ("npm", "npm"), ("chromium", "chromium")];
        assert_eq!(
            missing_packages(&tools, |c| c == "npm"),
            ["nodejs", "chromium"]
        );
        assert!(missing_packages(&tools, |_| true).is_empty());
        let same = [
            ("qemu-system-arm", "qemu-system-arm"),
            ("qemu-img", "qemu-system-arm"),
        ];
        assert_eq!(missing_packages(&same, |_| false), ["qemu-system-arm"]);
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
