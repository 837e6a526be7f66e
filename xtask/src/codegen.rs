//! `cargo xtask codegen [--check]`: the files and README tables made from a single source.
//!
//! - From the core's error list (`Error::code()` in `crates/tinyjose/src/error.rs`, read by
//!   `errors.rs`): `bindings/wasm/js/codes.d.ts` (the `TinyjoseCode` union),
//!   `bindings/wasm/js/codes.mjs` (`CODES`, `DESCRIPTIONS`) and the `errors` table of
//!   `crates/tinyjose/README.md`.
//! - From the firmware's measurements (`examples/cortex-m/measurements.txt`, written by
//!   `cargo xtask size`, read by `measurements.rs`): the `firmware-*` tables of
//!   `examples/cortex-m/README.md` and `BENCHMARKS.md`.
//!
//! A generated table sits between `<!-- codegen:NAME -->` and `<!-- /codegen -->`; everything
//! else in those files is written by hand. `--check` writes nothing and fails, naming each file,
//! when a generated file or table differs from what would be generated (it never measures:
//! figures change only through `cargo xtask size`).

use std::path::PathBuf;

use crate::cmd::{self, Error, Result};
use crate::measurements::{self, Measurements};
use crate::{errors, firmware};

/// Whether to write the generated content or only compare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Rewrite what differs.
    Write,
    /// Change nothing; fail if anything differs.
    Check,
}

/// Whole files generated from the error list.
const TYPESCRIPT: &str = "bindings/wasm/js/codes.d.ts";
const JAVASCRIPT: &str = "bindings/wasm/js/codes.mjs";

/// The markdown files with generated blocks, and the blocks each must have.
const DOCUMENTS: [(&str, &[&str]); 3] = [
    ("crates/tinyjose/README.md", &["errors"]),
    (
        "examples/cortex-m/README.md",
        &[
            "firmware-size",
            "firmware-time",
            "firmware-targets",
            "firmware-operations",
        ],
    ),
    (
        "BENCHMARKS.md",
        &[
            "firmware-sweep",
            "firmware-size",
            "firmware-time",
            "firmware-targets",
            "firmware-operations",
        ],
    ),
];

const START: &str = "<!-- codegen:";
const END: &str = "<!-- /codegen -->";

/// Generates everything, then writes or checks it.
pub(crate) fn run(mode: Mode) -> Result {
    let source = read(errors::SOURCE)?;
    let codes = errors::codes(&source)?;
    let figures = Measurements::parse(&read(measurements::FILE)?)?;
    let missing = figures.missing(&firmware::bins()?);
    if !missing.is_empty() {
        let message = format!(
            "{} has no figures for {}: run `cargo xtask size`",
            measurements::FILE,
            missing.join(", ")
        );
        match mode {
            Mode::Check => return Err(Error::new(format!("codegen: {message}"))),
            Mode::Write => eprintln!("warning: {message}"),
        }
    }
    let error_table = errors::readme_table(&codes);
    let render = |name: &str| -> Option<String> {
        match name {
            "errors" => Some(error_table.clone()),
            other => measurements::block(other, &figures),
        }
    };

    let mut outputs: Vec<(&str, String, String)> = Vec::new();
    for (path, content) in [
        (TYPESCRIPT, errors::typescript(&codes)),
        (JAVASCRIPT, errors::javascript(&codes)),
    ] {
        let current = std::fs::read_to_string(cmd::root_path(path)).unwrap_or_default();
        outputs.push((path, current, content));
    }
    for (path, required) in DOCUMENTS {
        let current = read(path)?;
        let updated = fill_blocks(&current, required, &render)
            .map_err(|message| Error::new(format!("codegen: {path}: {message}")))?;
        outputs.push((path, current, updated));
    }

    let drifted: Vec<&str> = outputs
        .iter()
        .filter(|(_, current, generated)| current != generated)
        .map(|(path, ..)| *path)
        .collect();
    match mode {
        Mode::Check if drifted.is_empty() => {
            eprintln!("codegen: {} generated files are up to date", outputs.len());
            Ok(())
        }
        Mode::Check => Err(Error::new(format!(
            "codegen: out of date (differs from what `cargo xtask codegen` generates from {} and \
             {}): {}; run `cargo xtask codegen` and commit the result",
            errors::SOURCE,
            measurements::FILE,
            drifted.join(", ")
        ))),
        Mode::Write => {
            for (path, current, generated) in &outputs {
                if current == generated {
                    continue;
                }
                let full: PathBuf = cmd::root_path(path);
                std::fs::write(&full, generated)
                    .map_err(|e| Error::new(format!("cannot write {}: {e}", full.display())))?;
                eprintln!("codegen: wrote {path}");
            }
            if drifted.is_empty() {
                eprintln!("codegen: {} generated files are up to date", outputs.len());
            }
            Ok(())
        }
    }
}

fn read(path: &str) -> Result<String> {
    let full = cmd::root_path(path);
    std::fs::read_to_string(&full)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", full.display())))
}

/// `text` with the content of each `<!-- codegen:NAME -->` … `<!-- /codegen -->` block replaced
/// by a blank line, `render(NAME)` and a blank line; every name of `required` must have a block,
/// and every block a name `render` knows.
fn fill_blocks(
    text: &str,
    required: &[&str],
    render: &dyn Fn(&str) -> Option<String>,
) -> core::result::Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut found: Vec<String> = Vec::new();
    while let Some(start) = rest.find(START) {
        let after_start = rest
            .get(start.saturating_add(START.len())..)
            .unwrap_or_default();
        let close = after_start
            .find("-->")
            .ok_or_else(|| "a `<!-- codegen:` marker is not closed by `-->`".to_owned())?;
        let name = after_start
            .get(..close)
            .unwrap_or_default()
            .trim()
            .to_owned();
        let body_start = after_start
            .get(close.saturating_add(3)..)
            .unwrap_or_default();
        let end = body_start
            .find(END)
            .ok_or_else(|| format!("the block `{name}` has no `{END}` after it"))?;
        if body_start.get(..end).unwrap_or_default().contains(START) {
            return Err(format!(
                "the block `{name}` holds another block's start marker"
            ));
        }
        let content = render(&name).ok_or_else(|| format!("unknown generated block `{name}`"))?;
        out.push_str(rest.get(..start).unwrap_or_default());
        out.push_str(START);
        out.push_str(&name);
        out.push_str(" -->\n\n");
        out.push_str(content.trim_end());
        out.push_str("\n\n");
        out.push_str(END);
        rest = body_start
            .get(end.saturating_add(END.len())..)
            .unwrap_or_default();
        found.push(name);
    }
    out.push_str(rest);
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|name| !found.iter().any(|f| f == name))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "no generated block {} (mark it with `{START}NAME -->` … `{END}`)",
            missing.join(", ")
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(name: &str) -> Option<String> {
        (name == "t").then(|| "| a |\n|---|\n| 1 |\n".to_owned())
    }

    #[test]
    fn blocks_are_replaced_and_the_rest_kept() {
        let text = "intro\n<!-- codegen:t -->\nold\n<!-- /codegen -->\nafter\n";
        let filled = fill_blocks(text, &["t"], &render).unwrap();
        assert_eq!(
            filled,
            "intro\n<!-- codegen:t -->\n\n| a |\n|---|\n| 1 |\n\n<!-- /codegen -->\nafter\n"
        );
        assert_eq!(fill_blocks(&filled, &["t"], &render).unwrap(), filled);
    }

    #[test]
    fn bad_blocks_are_errors() {
        let unknown = "<!-- codegen:x -->\n<!-- /codegen -->\n";
        assert!(
            fill_blocks(unknown, &[], &render)
                .unwrap_err()
                .contains("unknown")
        );
        let open = "<!-- codegen:t -->\nold\n";
        assert!(
            fill_blocks(open, &[], &render)
                .unwrap_err()
                .contains("no `<!-- /codegen -->`")
        );
        let missing = fill_blocks("text\n", &["t"], &render).unwrap_err();
        assert!(missing.contains("no generated block t"), "{missing}");
    }
}
