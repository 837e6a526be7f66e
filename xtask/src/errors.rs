//! The core's error list, read from `crates/tinyjose/src/error.rs`, and what `codegen` makes of
//! it: the TypeScript union of codes, the JS list of codes, and the README's table.
//!
//! The source is read as text, by two simple rules that are checked rather than trusted: the
//! variants of `pub enum Error` (each with its `///` documentation), and the arms
//! `Self::Variant… => "code"` of `Error::code()`. Every variant must have exactly one arm, every
//! arm must name variants of the enum and give a string literal, and every code must be
//! snake_case; anything else fails with a message that says what could not be read.

use core::fmt::Write as _;

use crate::cmd::{Error, Result};

/// The core's error source, relative to the project root.
pub(crate) const SOURCE: &str = "crates/tinyjose/src/error.rs";

/// One code of the list: its text and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Code {
    /// The snake_case code, as `Error::code()` returns it.
    pub(crate) code: String,
    /// The first paragraph of the documentation of the variant(s) with this code, as plain text.
    pub(crate) description: String,
}

/// One variant of `enum Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Variant {
    name: String,
    /// The first paragraph of its `///` lines, joined with spaces.
    doc: String,
}

/// The codes of `Error::code()` in the order of its arms, each once, from the text of
/// `error.rs`.
pub(crate) fn codes(source: &str) -> Result<Vec<Code>> {
    let variants = variants(source)?;
    let arms = code_arms(source)?;
    let mut codes: Vec<Code> = Vec::new();
    let mut covered: Vec<&str> = Vec::new();
    for (names, code) in &arms {
        if code.is_empty()
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(read_error(format!(
                "the code {code:?} is not snake_case (a-z, 0-9, _)"
            )));
        }
        for name in names {
            let Some(variant) = variants.iter().find(|v| v.name == *name) else {
                return Err(read_error(format!(
                    "`code()` names `{name}`, which is not a variant of `enum Error`"
                )));
            };
            if covered.contains(&name.as_str()) {
                return Err(read_error(format!(
                    "`code()` has more than one arm for `{name}`"
                )));
            }
            covered.push(name);
            match codes.iter_mut().find(|c| c.code == *code) {
                Some(existing) if !variant.doc.is_empty() => {
                    existing.description.push(' ');
                    existing.description.push_str(&variant.doc);
                }
                Some(_) => {}
                None => codes.push(Code {
                    code: code.clone(),
                    description: variant.doc.clone(),
                }),
            }
        }
    }
    let missing: Vec<&str> = variants
        .iter()
        .map(|v| v.name.as_str())
        .filter(|name| !covered.contains(name))
        .collect();
    if !missing.is_empty() {
        return Err(read_error(format!(
            "no `code()` arm read for the variant(s) {} (each arm must be \
             `Self::Variant… => \"code\",`)",
            missing.join(", ")
        )));
    }
    Ok(codes)
}

fn read_error(message: String) -> Error {
    Error::new(format!(
        "codegen: cannot read the error list of {SOURCE}: {message}"
    ))
}

/// The variants of `pub enum Error { … }`, in order, with their documentation.
fn variants(source: &str) -> Result<Vec<Variant>> {
    let body = braced_body(source, "pub enum Error")
        .ok_or_else(|| read_error("no `pub enum Error { … }`".to_owned()))?;
    let mut variants = Vec::new();
    let mut doc: Vec<String> = Vec::new();
    let mut doc_ended = false;
    let mut depth = 0_usize;
    for line in body.lines().map(str::trim) {
        if depth == 0 {
            if let Some(text) = line.strip_prefix("///") {
                let text = text.trim();
                if text.is_empty() {
                    doc_ended |= !doc.is_empty();
                } else if !doc_ended {
                    doc.push(text.to_owned());
                }
            } else if line.starts_with(|c: char| c.is_ascii_uppercase()) {
                let name: String = line
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                variants.push(Variant {
                    name,
                    doc: plain(&doc.join(" ")),
                });
                doc.clear();
                doc_ended = false;
            }
        }
        if line.starts_with("//") {
            continue;
        }
        for c in line.chars() {
            match c {
                '{' | '(' => depth = depth.saturating_add(1),
                '}' | ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    if variants.is_empty() {
        return Err(read_error("`enum Error` has no variants".to_owned()));
    }
    Ok(variants)
}

/// The arms of `fn code(…)`: the variant names of each pattern and the code it returns.
fn code_arms(source: &str) -> Result<Vec<(Vec<String>, String)>> {
    let body = braced_body(source, "fn code(")
        .ok_or_else(|| read_error("no `fn code(…) { … }`".to_owned()))?;
    let body = match body.find("match ") {
        Some(at) => braced_body(body.get(at..).unwrap_or_default(), "match ")
            .ok_or_else(|| read_error("`code()` has no `match … { … }`".to_owned()))?,
        None => return Err(read_error("`code()` is not one `match`".to_owned())),
    };
    let mut arms = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find("=>") {
        let pattern = rest.get(..at).unwrap_or_default();
        let after = rest
            .get(at.saturating_add(2)..)
            .unwrap_or_default()
            .trim_start();
        // An arm may be a block holding only the literal: `=> { "code" }`.
        let braced = after.starts_with('{');
        let after = after.strip_prefix('{').unwrap_or(after).trim_start();
        let names = pattern_variants(pattern);
        if names.is_empty() {
            return Err(read_error(format!(
                "the `code()` arm `{}` names no `Self::Variant`",
                pattern.trim()
            )));
        }
        let literal = after
            .strip_prefix('"')
            .and_then(|tail| Some((tail.get(..tail.find('"')?)?, tail.get(tail.find('"')?..)?)));
        let Some((code, tail)) = literal else {
            return Err(read_error(format!(
                "the `code()` arm for {} does not return a string literal",
                names.join(" | ")
            )));
        };
        arms.push((names, code.to_owned()));
        // Past the closing quote and the arm's comma.
        rest = tail.get(1..).unwrap_or_default().trim_start();
        if braced {
            rest = rest.strip_prefix('}').unwrap_or(rest).trim_start();
        }
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
    if arms.is_empty() {
        return Err(read_error("`code()` has no arms".to_owned()));
    }
    Ok(arms)
}

/// The `X` of every `Self::X` or `Error::X` in a match pattern.
fn pattern_variants(pattern: &str) -> Vec<String> {
    let mut names = Vec::new();
    for prefix in ["Self::", "Error::"] {
        for (at, _) in pattern.match_indices(prefix) {
            let name: String = pattern
                .get(at.saturating_add(prefix.len())..)
                .unwrap_or_default()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.push((at, name));
            }
        }
    }
    names.sort();
    names.into_iter().map(|(_, name)| name).collect()
}

/// The text between the `{` that follows the first `head` in `source` and its matching `}`.
fn braced_body<'a>(source: &'a str, head: &str) -> Option<&'a str> {
    let start = source.find(head)?;
    let open = start.checked_add(source.get(start..)?.find('{')?)?;
    let mut depth = 0_usize;
    for (at, c) in source.get(open..)?.char_indices() {
        match c {
            '{' => depth = depth.saturating_add(1),
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return source.get(open.checked_add(1)?..open.checked_add(at)?);
                }
            }
            _ => {}
        }
    }
    None
}

/// Rustdoc markdown as plain text for the generated files: intra-doc links `[text](path)` keep
/// their text, reference links `[text]` lose their brackets.
fn plain(doc: &str) -> String {
    let mut out = String::new();
    let mut rest = doc;
    while let Some(open) = rest.find('[') {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open.saturating_add(1)..).unwrap_or_default();
        let Some(close) = after.find(']') else {
            out.push_str(rest.get(open..).unwrap_or_default());
            rest = "";
            break;
        };
        out.push_str(after.get(..close).unwrap_or_default());
        rest = after.get(close.saturating_add(1)..).unwrap_or_default();
        if let Some(link) = rest.strip_prefix('(')
            && let Some(end) = link.find(')')
        {
            rest = link.get(end.saturating_add(1)..).unwrap_or_default();
        }
    }
    out.push_str(rest);
    out
}

/// The header line of every generated file.
fn generated_note(comment: &str) -> String {
    format!(
        "{comment} Generated by `cargo xtask codegen` from `Error::code()` in {SOURCE}: do not \
         edit.\n"
    )
}

/// `bindings/wasm/js/codes.d.ts`: the union type of the codes (types only; `codes.mjs` is
/// plain JS, and a `.d.ts` beside it would not type it for an `.mjs` import anyway).
pub(crate) fn typescript(codes: &[Code]) -> String {
    let mut out = generated_note("//");
    out.push_str(
        "\n/** A code of the core's error list (`Error::code()` in Rust, `error[CODE]` in the \
         command). */\nexport type TinyjoseCode =\n",
    );
    let members: Vec<String> = codes.iter().map(|c| format!("  | '{}'", c.code)).collect();
    out.push_str(&members.join("\n"));
    out.push_str(";\n");
    out
}

/// `bindings/wasm/js/codes.mjs`: the list of codes and their meanings.
pub(crate) fn javascript(codes: &[Code]) -> String {
    let mut out = generated_note("//");
    out.push_str("\n/** Every code of the core's error list, in its order. */\n");
    out.push_str("export const CODES = Object.freeze([\n");
    for code in codes {
        let _ = writeln!(out, "  '{}',", code.code);
    }
    out.push_str(
        "]);\n\n/** What each code means, from the core's documentation of the variant. */\n",
    );
    out.push_str("export const DESCRIPTIONS = Object.freeze({\n");
    for code in codes {
        let _ = writeln!(out, "  {}: {},", code.code, js_string(&code.description));
    }
    out.push_str("});\n");
    out
}

/// A single-quoted JS string literal.
fn js_string(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The markdown table of the README's `errors` block.
pub(crate) fn readme_table(codes: &[Code]) -> String {
    let mut out = String::from("| code | meaning |\n|---|---|\n");
    for code in codes {
        let _ = writeln!(
            out,
            "| `{}` | {} |",
            code.code,
            code.description.replace('|', "\\|")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE_TEXT: &str = r#"
/// Everything.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum Error {
    // Malformed input.
    /// A part does not have the structure (RFC 7515 §7.1).
    ///
    /// More detail.
    Malformed(Part),
    /// Not strict [base64url](crate::b64), see [`Limits`].
    Base64(Part),
    /// The output buffer is too small; `needed` bytes would do.
    BufferTooSmall {
        /// The size that would have been enough.
        needed: usize,
    },
    /// Refused `alg`.
    AlgNone,
    /// Another refused `alg`.
    AlgMismatch,
}

impl Error {
    /// The code.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "malformed",
            Self::Base64(_) => "base64",
            Self::BufferTooSmall { .. } => {
                "buffer_too_small"
            }
            Self::AlgNone | Self::AlgMismatch => "alg_refused",
        }
    }
}
"#;

    #[test]
    fn codes_in_arm_order_with_their_first_paragraph() {
        let codes = codes(SOURCE_TEXT).unwrap();
        let names: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(
            names,
            ["malformed", "base64", "buffer_too_small", "alg_refused"]
        );
        assert_eq!(
            codes[0].description,
            "A part does not have the structure (RFC 7515 §7.1)."
        );
        assert_eq!(codes[1].description, "Not strict base64url, see `Limits`.");
        assert_eq!(
            codes[3].description,
            "Refused `alg`. Another refused `alg`."
        );
    }

    #[test]
    fn a_variant_without_an_arm_is_an_error() {
        let source = SOURCE_TEXT.replace("Self::AlgNone | ", "");
        let err = codes(&source).unwrap_err().to_string();
        assert!(err.contains("AlgNone"), "{err}");
    }

    #[test]
    fn an_arm_that_is_not_a_literal_is_an_error() {
        let source = SOURCE_TEXT.replace("=> \"base64\"", "=> p.code()");
        let err = codes(&source).unwrap_err().to_string();
        assert!(err.contains("string literal"), "{err}");
    }

    #[test]
    fn bad_codes_are_errors() {
        let source = SOURCE_TEXT.replace("\"base64\"", "\"Base-64\"");
        assert!(
            codes(&source)
                .unwrap_err()
                .to_string()
                .contains("snake_case")
        );
        let source = SOURCE_TEXT.replace("Self::Base64(_)", "Self::Base32(_)");
        assert!(codes(&source).unwrap_err().to_string().contains("Base32"));
    }

    #[test]
    fn the_real_error_list_reads() {
        let text = std::fs::read_to_string(crate::cmd::root_path(SOURCE)).unwrap();
        let codes = codes(&text).unwrap();
        assert!(codes.iter().any(|c| c.code == "malformed"));
        assert!(codes.iter().all(|c| !c.description.is_empty()), "{codes:?}");
    }

    #[test]
    fn rendered_files() {
        let codes = [Code {
            code: "json".to_owned(),
            description: "Not 'strict' JSON | other".to_owned(),
        }];
        assert!(typescript(&codes).ends_with("export type TinyjoseCode =\n  | 'json';\n"));
        assert!(javascript(&codes).contains("  json: 'Not \\'strict\\' JSON | other',\n"));
        assert!(readme_table(&codes).ends_with("| `json` | Not 'strict' JSON \\| other |\n"));
    }
}
