//! Just enough reading of `Cargo.toml` and `Cargo.lock` for the tasks: the core's feature list
//! and the locked version of a package, by simple line parsing.

use crate::cmd::{self, Error, Result};

/// The path of the core crate's manifest, relative to the project root.
const CORE_MANIFEST: &str = "crates/tinyjose/Cargo.toml";

/// The core crate's features, in manifest order, without `default`.
pub(crate) fn core_features() -> Result<Vec<String>> {
    let path = cmd::root_path(CORE_MANIFEST);
    let text = std::fs::read_to_string(&path)
        .map_err(|err| Error::new(format!("cannot read {}: {err}", path.display())))?;
    Ok(features(&text))
}

/// The versions of package `name` recorded in the project's `Cargo.lock`.
pub(crate) fn locked_versions(name: &str) -> Result<Vec<String>> {
    let path = cmd::root_path("Cargo.lock");
    let text = std::fs::read_to_string(&path)
        .map_err(|err| Error::new(format!("cannot read {}: {err}", path.display())))?;
    Ok(lock_versions(&text, name))
}

/// The names in the `[features]` table of a manifest, without `default`.
///
/// Keys are read between `[features]` and the next table header; values may span lines.
pub(crate) fn features(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_features = false;
    // Open brackets of a value that continues on the following lines.
    let mut depth: usize = 0;
    for raw in manifest.lines() {
        let line = strip_comment(raw).trim();
        if depth > 0 {
            depth = bracket_depth(line, depth);
            continue;
        }
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        if !in_features || line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        depth = bracket_depth(value, 0);
        let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
        if !key.is_empty() && key != "default" {
            names.push(key.to_owned());
        }
    }
    names
}

/// The versions of every `[[package]]` named `name` in a `Cargo.lock`.
pub(crate) fn lock_versions(lock: &str, name: &str) -> Vec<String> {
    let mut versions = Vec::new();
    let mut current_name: Option<&str> = None;
    let mut current_version: Option<&str> = None;
    let mut flush = |package: Option<&str>, version: Option<&str>| {
        if let (Some(package), Some(version)) = (package, version)
            && package == name
        {
            versions.push(version.to_owned());
        }
    };
    for line in lock.lines().map(str::trim) {
        if line.starts_with('[') {
            flush(current_name.take(), current_version.take());
            continue;
        }
        if let Some(value) = string_value(line, "name") {
            current_name = Some(value);
        } else if let Some(value) = string_value(line, "version") {
            current_version = Some(value);
        }
    }
    flush(current_name, current_version);
    versions
}

/// The string value of `key = "value"`, if `line` is that assignment.
fn string_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let (found, value) = line.split_once('=')?;
    if found.trim() != key {
        return None;
    }
    value.trim().strip_prefix('"')?.strip_suffix('"')
}

/// `line` without a trailing `#` comment (a `#` inside a string is kept).
fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    for (at, c) in line.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '#' if !in_string => return line.get(..at).unwrap_or(line),
            _ => {}
        }
    }
    line
}

/// The bracket depth after `text`, starting from `depth`, ignoring brackets inside strings.
fn bracket_depth(text: &str, mut depth: usize) -> usize {
    let mut in_string = false;
    for c in text.chars() {
        match c {
            '"' => in_string = !in_string,
            '[' if !in_string => depth = depth.saturating_add(1),
            ']' if !in_string => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"
[package]
name = "tinyjose"
version = "0.1.0"

[features]
default = [
    "hs",    # the common interop set
    "es256",
    "jwt",
]
## HS256, HS384, HS512 (RFC 7518 §3.2).
hs = ["dep:hmac", "dep:sha2"]
## ES256 on P-256 (RFC 7518 §3.4); "quoted = text" in a comment.
es256 = ["dep:p256", "p256/ecdsa", "dep:sha2"]
"aes-kw" = ["dep:aes-kw"]
ecdh-es = [
    "p256/ecdh",
    "aes-kw",
] # implies aes-kw
# jwe = []
jwt = []

[dependencies]
hmac = { workspace = true, optional = true }

[dev-dependencies.serde_json]
workspace = true
"#;

    #[test]
    fn features_in_order_without_default() {
        assert_eq!(
            features(MANIFEST),
            ["hs", "es256", "aes-kw", "ecdh-es", "jwt"]
        );
    }

    #[test]
    fn features_when_table_is_missing_or_last() {
        assert!(features("[package]\nname = \"x\"\n").is_empty());
        assert_eq!(features("[features]\ndefault = []\nhs = []"), ["hs"]);
    }

    const LOCK: &str = r#"
# This file is automatically @generated by Cargo.
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.100"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "cfg-if",
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.100"

[[package]]
name = "cfg-if"
version = "1.0.0"

[[package]]
name = "cfg-if"
version = "0.1.10"
"#;

    #[test]
    fn lock_version_lookup() {
        assert_eq!(lock_versions(LOCK, "wasm-bindgen"), ["0.2.100"]);
        assert_eq!(lock_versions(LOCK, "cfg-if"), ["1.0.0", "0.1.10"]);
        assert!(lock_versions(LOCK, "wasm").is_empty());
        assert!(lock_versions("", "wasm-bindgen").is_empty());
    }
}
