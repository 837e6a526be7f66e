//! `cargo xtask wasm`: builds the npm package in `bindings/wasm` and runs its test suites.
//!
//! The module is built with the root `wasm-release` profile, bound with the `wasm-bindgen` CLI
//! at the exact `Cargo.lock` version (`--target web`: one module and one glue file serve Node,
//! browsers and workers), and passed through `wasm-opt` from the npm `binaryen` package (tuned for
//! speed: [`OPT_FLAGS`]) when that makes it smaller. `scripts/size.mjs` then prints each entry point's size (wasm and JavaScript;
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

/// The `wasm-opt` optimisation flags. `-O3` rather than `-Oz`, with lightweight functions (no
/// calls, no loops) of up to 100 units inlined: this inlines `__multi3`, the 64 × 64 → 128-bit
/// multiplication that `rustc` calls for every limb product of the curve and RSA arithmetic (there
/// is no such instruction in WebAssembly). ES256, ES384 and RS256 verification are about a
/// quarter faster in Node 20; with `crypto-bigint` built at `opt-level = "s"` (root
/// `Cargo.toml`), the module is still smaller than with `-Oz` before (BENCHMARKS.md, "Entry
/// points"). `-fimfs=60` is too small for `__multi3`; `-Oz` and `-O2` do not inline by this size.
const OPT_FLAGS: [&str; 2] = ["-O3", "--flexible-inline-max-function-size=100"];

/// Installs what is missing ([`tools::wasm`]), builds the package, reports its size, and runs
/// its tests.
pub(crate) fn run() -> Result {
    tools::wasm()?;
    check_runtime_dependencies()?;
    build()?;
    report()?;
    test()
}

/// Fails unless the package has no runtime dependency: `npm ls --omit=dev --all` must list the
/// package alone. Whatever the package needs is in its own module; its development dependencies
/// (jose, binaryen, the test runtimes) are for the tests only.
pub(crate) fn check_runtime_dependencies() -> Result {
    let listed = cmd::output(
        Command::new("npm")
            .args(["ls", "--omit=dev", "--all", "--parseable"])
            .current_dir(package_dir()),
    )?;
    let canonical = |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let package = canonical(&package_dir());
    let dependencies: Vec<&str> = listed
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && canonical(Path::new(line)) != package)
        .collect();
    if dependencies.is_empty() {
        eprintln!("wasm: the package has no runtime dependency");
        Ok(())
    } else {
        Err(Error::new(format!(
            "the npm package must have no runtime dependency, and has: {}",
            dependencies.join(", ")
        )))
    }
}

/// Prints the size of each entry point (`bindings/wasm/scripts/size.mjs`).
pub(crate) fn report() -> Result {
    cmd::run(
        Command::new("node")
            .arg("scripts/size.mjs")
            .current_dir(package_dir()),
    )
}

/// The package's entry points: the folder of each one's module under `bindings/wasm`, and the
/// features of `tinyjose-wasm` it is built with (`scripts/size.mjs` holds their budgets).
const ENTRIES: [(&str, &[&str]); 3] = [
    ("pkg", &[]),
    ("pkg/jws", &["--no-default-features", "--features", "jws"]),
    ("pkg/jwe", &["--no-default-features", "--features", "jwe"]),
];

/// What the `tinyjose/jws` module must not compile: the crates of JWE and of RSA private keys and
/// PEM, and the core's JWE features (and any feature of `tinyjose-std` but
/// [`JWS_STD_FEATURES`]: `jwe`, `rsa-private`).
const JWS_FORBIDDEN_CRATES: [&str; 10] = [
    "aes",
    "aes-gcm",
    "aes-kw",
    "cbc",
    "miniz_oxide",
    "pbkdf2",
    "pem-rfc7468",
    "rsa",
    "sha1",
    "x25519-dalek",
];
/// The features of `tinyjose-std` the `tinyjose/jws` module takes: the token profiles and SD-JWT.
const JWS_STD_FEATURES: [&str; 2] = ["profiles", "sd-jwt"];
const JWS_FORBIDDEN_FEATURES: [&str; 7] = [
    "aes-gcm",
    "aes-cbc-hs",
    "aes-kw",
    "aes-gcm-kw",
    "ecdh-es",
    "pbes2",
    "deflate",
];

/// Builds each entry's module into its folder (`pkg`, `pkg/jws`, `pkg/jwe`): cargo with the
/// entry's features, then wasm-bindgen, then wasm-opt when it helps. The root is built first:
/// wasm-bindgen leaves the other folders in `pkg` alone.
pub(crate) fn build() -> Result {
    let package = package_dir();
    check_jws_closure()?;
    for (dir, features) in ENTRIES {
        cmd::run(
            cmd::cargo()
                .args([
                    "build",
                    "--locked",
                    "-p",
                    "tinyjose-wasm",
                    "--target",
                    TARGET,
                ])
                .args(["--profile", "wasm-release"])
                .args(features),
        )?;
        let built = target_dir()
            .join(TARGET)
            .join("wasm-release/tinyjose_wasm.wasm");
        let out = package.join(dir);
        cmd::run(
            Command::new("wasm-bindgen")
                .args(["--target", "web", "--weak-refs", "--out-dir"])
                .arg(&out)
                .arg(&built),
        )?;
        optimize(&package, &out.join("tinyjose_wasm_bg.wasm"))?;
    }
    Ok(())
}

/// Fails when the `tinyjose/jws` module would compile a crate or feature of JWE or of RSA private
/// keys (`cargo tree` over its features), or when `cargo tree` does not show what the module
/// must have (so that a change of its output cannot make the check pass unread).
fn check_jws_closure() -> Result {
    let features = ENTRIES
        .iter()
        .find(|(dir, _)| *dir == "pkg/jws")
        .map(|(_, features)| *features)
        .ok_or_else(|| Error::new("no pkg/jws entry"))?;
    let tree = |edges: &str, extra: &[&str]| {
        cmd::output(
            cmd::cargo()
                .args([
                    "tree",
                    "--locked",
                    "-p",
                    "tinyjose-wasm",
                    "--target",
                    TARGET,
                ])
                .args(["-e", edges, "--prefix", "none"])
                .args(features)
                .args(extra),
        )
    };
    let crates = tree("normal", &["--format", "{p}"])?;
    let crates: Vec<&str> = crates
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let enabled = |package: &str| {
        tree("features", &["-i", package, "--format", "{p}"]).map(|out| {
            let prefix = format!("{package} feature \"");
            out.lines()
                .filter_map(|line| {
                    line.strip_prefix(&prefix)?
                        .strip_suffix('"')
                        .map(str::to_owned)
                })
                .collect::<Vec<_>>()
        })
    };
    let core = enabled("tinyjose")?;
    let std = enabled("tinyjose-std")?;
    if !crates.contains(&"tinyjose") || !core.iter().any(|f| f == "es256") {
        return Err(Error::new(
            "cargo tree shows neither the core nor its es256 feature in tinyjose/jws: the \
             check cannot read it",
        ));
    }
    let mut found: Vec<String> = crates
        .iter()
        .filter(|name| JWS_FORBIDDEN_CRATES.contains(name))
        .map(|name| format!("crate {name}"))
        .collect();
    found.extend(
        core.iter()
            .filter(|f| JWS_FORBIDDEN_FEATURES.contains(&f.as_str()))
            .map(|f| format!("core feature {f}")),
    );
    found.extend(
        std.iter()
            .filter(|f| !JWS_STD_FEATURES.contains(&f.as_str()))
            .map(|f| format!("tinyjose-std feature {f}")),
    );
    found.sort();
    found.dedup();
    if found.is_empty() {
        return Ok(());
    }
    Err(Error::new(format!(
        "tinyjose/jws would compile JWE or RSA-private code: {}",
        found.join(", ")
    )))
}

/// Replaces `module` with its `wasm-opt` output ([`OPT_FLAGS`]) when that is smaller.
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
            .args(OPT_FLAGS)
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
        eprintln!("wasm: wasm-opt: {before} -> {after} bytes");
    } else {
        let _ = std::fs::remove_file(&optimized);
        eprintln!("wasm: wasm-opt gave {after} bytes, not below {before}: kept the original");
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
