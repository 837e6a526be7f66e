//! `cargo xtask miri`: the core's unit tests under Miri, the interpreter that reports undefined
//! behaviour, out-of-bounds and uninitialized reads, and leaks.
//!
//! The core forbids `unsafe`, so Miri checks the dependencies it calls into (hmac, sha2, base64ct,
//! serde-json-core, heapless …) on the core's own test inputs. Miri runs about a thousand times
//! slower than native code: the elliptic-curve, RSA and key-derivation features would take hours,
//! so the run covers the features whose tests finish in minutes: HMAC signing and verification,
//! JWK, JWT claims, `x5c` and the JSON, base64 and header code every feature shares.

use crate::cmd::{self, Result};
use crate::tools;

/// The core features the Miri run builds with.
pub(crate) const FEATURES: &str = "hs,jwk,jwt,x5c";

/// Installs nightly and its `miri` component if missing, then runs the core's unit tests.
pub(crate) fn run() -> Result {
    install()?;
    cmd::run(cmd::nightly_cargo().args(["miri", "setup"]))?;
    cmd::run(cmd::nightly_cargo().args([
        "miri",
        "test",
        "--locked",
        "-p",
        "tinyjose",
        "--lib",
        "--no-default-features",
        "--features",
        FEATURES,
    ]))
}

/// Installs nightly and its `miri` component, each if missing.
pub(crate) fn install() -> Result {
    tools::nightly_component("miri")
}
