//! `cargo xtask interop`: the SD-JWT presentations tinyjose makes, verified by the Python
//! reference implementation of RFC 9901 (the OpenWallet Foundation's `sd-jwt`).
//!
//! The other direction, SD-JWTs the reference implementation issued and presented, verified by
//! tinyjose, is the core's test `sd_jwt_vectors`. The package is installed, at a fixed version, in
//! a virtual environment under `target/`.

use std::path::PathBuf;

use crate::cmd::{self, Error, Result};

/// The Python packages, at the versions the fixtures were made with.
const PACKAGES: [&str; 2] = ["sd-jwt==0.10.4", "jwcrypto==1.6.2"];

/// The folder of the fixtures and of `verify_python.py`.
const DATA: &str = "crates/tinyjose/tests/data/sd_jwt";

/// Verifies `tinyjose.json` (and, as a check of the script, `python.json`) with the reference
/// implementation.
pub(crate) fn run() -> Result {
    let python = install()?;
    let data = cmd::root_path(DATA);
    for cases in ["tinyjose.json", "python.json"] {
        cmd::run(
            std::process::Command::new(&python)
                .arg(data.join("verify_python.py"))
                .arg(data.join(cases)),
        )?;
    }
    Ok(())
}

/// Makes the virtual environment and installs the packages, each if missing; returns its Python.
pub(crate) fn install() -> Result<PathBuf> {
    let venv = cmd::root_path("target/interop-venv");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        cmd::run(
            std::process::Command::new("python3")
                .args(["-m", "venv"])
                .arg(&venv),
        )?;
    }
    let installed = cmd::output(std::process::Command::new(&python).args(["-m", "pip", "freeze"]))?;
    let missing: Vec<&str> = PACKAGES
        .iter()
        .copied()
        .filter(|p| !installed.lines().any(|l| l.eq_ignore_ascii_case(p)))
        .collect();
    if !missing.is_empty() {
        cmd::run(
            std::process::Command::new(&python)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .args(&missing),
        )?;
    }
    if !python.exists() {
        return Err(Error::new(format!("{} was not created", python.display())));
    }
    Ok(python)
}
