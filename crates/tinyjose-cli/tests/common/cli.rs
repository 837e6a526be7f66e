//! Running the `tinyjose` binary as scripts run it, and the files and tokens the tests share.

use core::sync::atomic::{AtomicUsize, Ordering};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;

/// What a run of the binary gave.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) status: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Asserts exit 0 and returns stdout.
    #[track_caller]
    pub(crate) fn ok(&self) -> &str {
        assert_eq!(self.status, 0, "{self:?}");
        &self.stdout
    }

    /// Asserts exit 1 with exactly one stderr line `error[code]: ...` and nothing on stdout;
    /// returns stderr.
    #[track_caller]
    pub(crate) fn rejected(&self, code: &str) -> String {
        assert_eq!(self.status, 1, "{self:?}");
        assert_eq!(self.stdout, "", "{self:?}");
        let prefix = format!("error[{code}]: ");
        assert!(self.stderr.starts_with(&prefix), "{self:?}");
        assert_eq!(self.stderr.lines().count(), 1, "{self:?}");
        self.stderr.clone()
    }

    /// Asserts the exit status, stdout and stderr, exactly.
    #[track_caller]
    pub(crate) fn exactly(&self, status: i32, stdout: &str, stderr: &str) {
        assert_eq!(
            (self.status, self.stdout.as_str(), self.stderr.as_str()),
            (status, stdout, stderr),
            "{self:?}"
        );
    }

    /// Asserts exit 2, nothing on stdout, and `needle` in stderr.
    #[track_caller]
    pub(crate) fn usage(&self, needle: &str) {
        assert_eq!(self.status, 2, "{self:?}");
        assert_eq!(self.stdout, "", "{self:?}");
        assert!(self.stderr.contains(needle), "{needle:?} not in {self:?}");
    }
}

/// Runs the binary in the repository's root with `args`, `stdin` on its standard input.
pub(crate) fn run_with_stdin(args: &[&str], stdin: impl AsRef<[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tinyjose"))
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may stop reading early (input too large): a closed pipe is no failure here.
    match child.stdin.take().unwrap().write_all(stdin.as_ref()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("{e}"),
        _ => {}
    }
    let out = child.wait_with_output().unwrap();
    Run {
        status: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Runs the binary with `args` and nothing on its standard input.
pub(crate) fn run(args: &[&str]) -> Run {
    run_with_stdin(args, "")
}

/// The repository's root, where the binary runs.
pub(crate) fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh directory for the files of one test.
pub(crate) fn scratch() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tinyjose-cli-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `contents` to the file `name` of `dir` and returns its path.
pub(crate) fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_str().unwrap().to_owned()
}

/// The test keys of `tinyjose-std` (PEM, DER and JWK files), from the repository's root.
pub(crate) const KEYS: &str = "crates/tinyjose-std/tests/data/keys";

/// The path of the test key `name` of `tinyjose-std`.
pub(crate) fn key_file(name: &str) -> String {
    format!("{KEYS}/{name}")
}

/// The header of a compact token, decoded.
pub(crate) fn header_of(token: &str) -> Value {
    let head = token.split('.').next().unwrap();
    serde_json::from_slice(&Base64UrlUnpadded::decode_vec(head).unwrap()).unwrap()
}

/// `token` with the segment `index` changed in its middle character.
pub(crate) fn tampered(token: &str, index: usize) -> String {
    let flip = |segment: &str| {
        let middle = segment.len() / 2;
        let was_a = segment.as_bytes()[middle] == b'A';
        let (head, tail) = segment.split_at(middle);
        format!("{head}{}{}", if was_a { 'B' } else { 'A' }, &tail[1..])
    };
    let segments: Vec<String> = token
        .split('.')
        .enumerate()
        .map(|(i, segment)| {
            if i == index {
                flip(segment)
            } else {
                segment.to_owned()
            }
        })
        .collect();
    segments.join(".")
}

/// Runs `tinyjose jwk generate` with `args`.
pub(crate) fn jwk_generate(args: &[&str]) -> Run {
    run(&[&["jwk", "generate"][..], args].concat())
}

/// Asserts that `tinyjose jwk generate` refuses the arguments of each line of `table`,
/// `ARGUMENTS => MESSAGE` (the arguments split at spaces), as a usage error that says MESSAGE.
#[track_caller]
pub(crate) fn jwk_generate_refuses(table: &str) {
    for line in table.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let (args, message) = line.split_once("=>").unwrap();
        let args: Vec<&str> = args.split_whitespace().collect();
        jwk_generate(&args).usage(message.trim());
    }
}
