//! `cargo xtask tidy`: project conventions that neither rustfmt nor clippy check.
//!
//! - Every `.rs` file starts with a `//!` line saying what it is for (a crate root whose docs
//!   come from its README through `#![doc = include_str!(..)]` among its opening inner
//!   attributes also counts).
//! - No unfinished-code or debugging macros, and no test attributes that skip a test or make a
//!   panic count as a pass.
//! - The test-vector folder's README names every folder it describes.

use std::path::{Path, PathBuf};

use crate::cmd::{self, Error, Result};

/// Folders, relative to the project root, whose Rust files are checked.
const SOURCE_DIRS: [&str; 6] = ["crates", "xtask", "fuzz", "bench", "bindings", "examples"];

/// Folder names never entered: build output and npm installs.
const SKIPPED_DIRS: [&str; 2] = ["target", "node_modules"];

/// Text that must not appear in a Rust file, with the reason given when it does.
///
/// The patterns are split with `concat!` so that this file does not match itself.
const FORBIDDEN: [(&str, &str); 7] = [
    (concat!("todo", "!("), "unfinished code"),
    (concat!("unimplemented", "!("), "unfinished code"),
    (concat!("dbg", "!("), "debugging leftover"),
    (
        concat!("#[", "ignore]"),
        "a skipped test; fix it or delete it",
    ),
    (
        concat!("#[", "ignore ="),
        "a skipped test; fix it or delete it",
    ),
    (
        concat!("#[", "ignore="),
        "a skipped test; fix it or delete it",
    ),
    (
        concat!("#[", "should_panic"),
        "assert the exact error instead of expecting a panic",
    ),
];

/// The folder of the core's test vectors, relative to the project root.
const DATA_DIR: &str = "crates/tinyjose/tests/data";

/// Runs every check and reports all problems at once.
pub(crate) fn run() -> Result {
    let root = cmd::root();
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for dir in SOURCE_DIRS {
        let dir = root.join(dir);
        if dir.is_dir() {
            rust_files(&dir, &mut files)?;
        }
    }
    for file in &files {
        let text = std::fs::read_to_string(file)
            .map_err(|err| Error::new(format!("cannot read {}: {err}", file.display())))?;
        let shown = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        problems.extend(check_source(&shown, &text));
    }
    problems.extend(check_data_readme(&root.join(DATA_DIR))?);

    eprintln!("tidy: checked {} Rust files", files.len());
    if problems.is_empty() {
        return Ok(());
    }
    for problem in &problems {
        eprintln!("tidy: {problem}");
    }
    Err(Error::new(format!(
        "tidy found {} problem(s)",
        problems.len()
    )))
}

/// Collects the `.rs` files under `dir`, sorted, skipping build and npm folders and symlinks.
fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result {
    let mut entries = std::fs::read_dir(dir)
        .and_then(|entries| entries.collect::<std::io::Result<Vec<_>>>())
        .map_err(|err| Error::new(format!("cannot list {}: {err}", dir.display())))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|err| Error::new(format!("cannot stat {}: {err}", path.display())))?;
        if kind.is_dir() {
            let skipped = SKIPPED_DIRS.iter().any(|name| entry.file_name() == *name);
            if !skipped {
                rust_files(&path, files)?;
            }
        } else if kind.is_file() && path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    Ok(())
}

/// The problems of one Rust file, `shown` being its path as printed.
fn check_source(shown: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if !has_module_doc(text) {
        problems.push(format!(
            "{shown}:1: the file must start with a `//!` line saying what it is"
        ));
    }
    for (number, line) in (1_usize..).zip(text.lines()) {
        for (pattern, reason) in FORBIDDEN {
            if line.contains(pattern) {
                problems.push(format!(
                    "{shown}:{number}: `{pattern}` is not allowed: {reason}"
                ));
            }
        }
    }
    problems
}

/// Whether `text` opens with a `//!` line, or with inner attributes one of which is `#![doc`.
fn has_module_doc(text: &str) -> bool {
    if text.starts_with("//!") {
        return true;
    }
    text.lines()
        .take_while(|line| line.starts_with("#!["))
        .any(|line| line.starts_with("#![doc"))
}

/// Checks that the data folder has a README naming each of its direct subfolders.
fn check_data_readme(data: &Path) -> Result<Vec<String>> {
    let shown = Path::new(DATA_DIR).join("README.md").display().to_string();
    let readme_path = data.join("README.md");
    if !readme_path.is_file() {
        return Ok(vec![format!(
            "{shown} is missing: it must record the origin, commit and licence of each folder"
        )]);
    }
    let readme = std::fs::read_to_string(&readme_path)
        .map_err(|err| Error::new(format!("cannot read {}: {err}", readme_path.display())))?;
    let mut folders = Vec::new();
    let entries = std::fs::read_dir(data)
        .map_err(|err| Error::new(format!("cannot list {}: {err}", data.display())))?;
    for entry in entries {
        let entry =
            entry.map_err(|err| Error::new(format!("cannot list {}: {err}", data.display())))?;
        if entry.path().is_dir() {
            folders.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    folders.sort();
    Ok(unmentioned(&readme, &folders)
        .into_iter()
        .map(|folder| format!("{shown} does not mention the folder `{folder}`"))
        .collect())
}

/// The names in `folders` that `text` never mentions as a whole word.
fn unmentioned<'a>(text: &str, folders: &'a [String]) -> Vec<&'a str> {
    folders
        .iter()
        .map(String::as_str)
        .filter(|folder| !mentions(text, folder))
        .collect()
}

/// Whether `name` occurs in `text` not directly preceded or followed by another name character,
/// so that a folder `rfc` is not taken as mentioned by `rfc7520`.
fn mentions(text: &str, name: &str) -> bool {
    let is_name_char = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    if name.is_empty() {
        return false;
    }
    text.match_indices(name).any(|(at, _)| {
        let before = text.get(..at).and_then(|head| head.chars().next_back());
        let after = text
            .get(at.saturating_add(name.len())..)
            .and_then(|tail| tail.chars().next());
        !before.is_some_and(is_name_char) && !after.is_some_and(is_name_char)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_doc_is_required() {
        assert!(check_source("a.rs", "//! Docs.\nfn f() {}\n").is_empty());
        assert_eq!(check_source("a.rs", "// Comment.\n").len(), 1);
        assert_eq!(check_source("a.rs", "").len(), 1);
        assert_eq!(check_source("a.rs", "\n//! Late.\n").len(), 1);
        let readme_docs = "#![no_std]\n#![doc = include_str!(\"../README.md\")]\n\nmod a;\n";
        assert!(check_source("lib.rs", readme_docs).is_empty());
        assert_eq!(check_source("lib.rs", "#![no_std]\n//! Late.\n").len(), 1);
        assert_eq!(
            check_source("lib.rs", "#![no_std]\n\n#![doc = \"x\"]\n").len(),
            1
        );
    }

    #[test]
    fn forbidden_patterns_are_reported_with_line_numbers() {
        let text = [
            "//! Docs.",
            concat!("fn f() { ", "todo", "!() }"),
            concat!("#[", "ignore", "]"),
            concat!("#[", "should_panic", "(expected = \"x\")]"),
            "fn ignore_me() {}",
        ]
        .join("\n");
        let problems = check_source("a.rs", &text);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("a.rs:2: "));
        assert!(problems[1].starts_with("a.rs:3: "));
        assert!(problems[2].starts_with("a.rs:4: "));
    }

    #[test]
    fn readme_must_name_each_folder_as_a_word() {
        let folders = [
            "rfc".to_owned(),
            "rfc7520".to_owned(),
            "wycheproof".to_owned(),
        ];
        let readme = "# Vectors\n\n- `rfc7520/`: the cookbook.\n- wycheproof: C2SP.\n";
        assert_eq!(unmentioned(readme, &folders), ["rfc"]);
        assert!(unmentioned("rfc/ and rfc7520 and (wycheproof)", &folders).is_empty());
        assert!(!mentions("my-rfc", "rfc"));
        assert!(!mentions("anything", ""));
    }
}
