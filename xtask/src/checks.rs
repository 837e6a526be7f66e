//! `cargo xtask fmt`, `lint`, `test` and `doc`: the host-side cargo gates.
//!
//! The core is also checked with no default features and with each feature alone, from the
//! feature list of its manifest, so that a new feature is covered without touching this file.

use crate::cmd::{self, Result};
use crate::{manifest, tools};

/// The core crate's package name.
const CORE: &str = "tinyjose";

/// `cargo fmt --all -- --check`, then the same on the firmware (installs `rustfmt` if
/// missing).
pub(crate) fn fmt() -> Result {
    install_fmt()?;
    cmd::run(cmd::cargo().args(["fmt", "--all", "--", "--check"]))?;
    // The firmware is its own cargo project, outside the workspace.
    cmd::run(
        cmd::cargo()
            .current_dir(cmd::root_path("examples/cortex-m"))
            .args(["fmt", "--", "--check"]),
    )
}

/// Clippy on the whole workspace with all features, then on the core's library with no
/// default features and with each feature alone, then on the smaller builds of `tinyjose-std`
/// and of the npm package's modules ([`PARTIAL_BUILDS`]); warnings are errors (installs `clippy`
/// if missing).
pub(crate) fn lint() -> Result {
    install_lint()?;
    cmd::run(cmd::cargo().args([
        "clippy",
        "--locked",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]))?;
    for features in core_feature_sets()? {
        cmd::run(
            cmd::cargo()
                .args(["clippy", "--locked", "-p", CORE, "--lib"])
                .args(&features)
                .args(["--", "-D", "warnings"]),
        )?;
    }
    for (package, features) in PARTIAL_BUILDS {
        cmd::run(
            cmd::cargo()
                .args([
                    "clippy",
                    "--locked",
                    "-p",
                    package,
                    "--lib",
                    "--no-default-features",
                ])
                .args(["--features", features, "--", "-D", "warnings"]),
        )?;
    }
    Ok(())
}

/// The builds of the wrappers without all their default features: `tinyjose-std` without JWE
/// (and without RSA private keys and PEM, or with the token profiles, SD-JWT, remote JWK Sets or
/// `x5c` alone), and the modules of `tinyjose/jws` and `tinyjose/jwe`.
const PARTIAL_BUILDS: [(&str, &str); 8] = [
    ("tinyjose-std", ""),
    ("tinyjose-std", "rsa-private"),
    ("tinyjose-std", "profiles"),
    ("tinyjose-std", "sd-jwt"),
    ("tinyjose-std", "remote"),
    ("tinyjose-std", "x5c"),
    ("tinyjose-wasm", "jws"),
    ("tinyjose-wasm", "jwe"),
];

/// Tests of the whole workspace with all features (doctests included), then the library and
/// integration tests of `tinyjose-std` without its default features (its README's examples use
/// them), then the core's library and integration tests with each
/// feature alone, then the core with its default features.
pub(crate) fn test() -> Result {
    cmd::run(cmd::cargo().args(["test", "--locked", "--workspace", "--all-features"]))?;
    cmd::run(cmd::cargo().args([
        "test",
        "--locked",
        "-p",
        "tinyjose-std",
        "--no-default-features",
        "--lib",
        "--tests",
    ]))?;
    for feature in manifest::core_features()? {
        cmd::run(cmd::cargo().args([
            "test",
            "--locked",
            "-p",
            CORE,
            "--no-default-features",
            "--features",
            &feature,
            "--lib",
            "--tests",
        ]))?;
    }
    cmd::run(cmd::cargo().args(["test", "--locked", "-p", CORE]))
}

/// What `fmt` needs: the `rustfmt` component.
pub(crate) fn install_fmt() -> Result {
    tools::components(&["rustfmt"])
}

/// What `lint` needs: the `clippy` component.
pub(crate) fn install_lint() -> Result {
    tools::components(&["clippy"])
}

/// API docs of the workspace, with rustdoc warnings as errors.
pub(crate) fn doc() -> Result {
    cmd::run(cmd::cargo().env("RUSTDOCFLAGS", "-D warnings").args([
        "doc",
        "--locked",
        "--workspace",
        "--no-deps",
        "--all-features",
    ]))
}

/// The feature arguments of the per-feature core checks: none, then each feature alone.
fn core_feature_sets() -> Result<Vec<Vec<String>>> {
    let mut sets = vec![vec!["--no-default-features".to_owned()]];
    for feature in manifest::core_features()? {
        sets.push(vec![
            "--no-default-features".to_owned(),
            "--features".to_owned(),
            feature,
        ]);
    }
    Ok(sets)
}
