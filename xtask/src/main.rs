//! Project automation for tinyjose, run as `cargo xtask <task>` (the cargo-xtask convention:
//! <https://github.com/matklad/cargo-xtask>).
//!
//! `cargo xtask ci` is the one CI entry point; each other task is one of its steps or a tool
//! for development. The tasks use only the standard library, and every cargo call they make
//! passes `--locked`.

#![forbid(unsafe_code)]

mod bench;
mod checks;
mod ci;
mod cmd;
mod codegen;
mod ct;
mod deny;
mod errors;
mod firmware;
mod fuzz;
mod interop;
mod manifest;
mod measurements;
mod miri;
mod mutants;
mod targets;
mod tidy;
mod tools;
mod wasm;

use std::ffi::OsString;
use std::process::ExitCode;

/// The help text.
const USAGE: &str = "\
Usage: cargo xtask <task> [options]

Every task first installs what it needs and is missing (nothing else), so each one works alone
on a fresh machine; what each installs is in brackets.

Tasks:
  ci                  tidy, codegen --check, fmt, lint, deny, test, interop, miri, ct, doc,
                      targets, qemu, size, wasm and fuzz, in that order, stopping at the first
                      failure
  tidy                project conventions: a `//!` line opening every .rs file, no unfinished
                      or debugging macros, no skipped or panic-expecting tests, and
                      crates/tinyjose/tests/data/README.md naming every folder beside it
  codegen [--check]   write what is generated from a single source: from the core's
                      `Error::code()` list, bindings/wasm/js/codes.d.ts and codes.mjs and the
                      error table of crates/tinyjose/README.md; from
                      examples/cortex-m/measurements.txt (written by `size`), the firmware
                      tables of examples/cortex-m/README.md and BENCHMARKS.md. --check writes
                      nothing and fails, naming the files, if any differs
  fmt                 cargo fmt --all -- --check, and on the firmware [rustfmt]
  lint                clippy on the workspace, then on the core with each feature alone
                      [clippy]
  test                tests of the workspace, then of the core with each feature alone
  doc                 cargo doc with rustdoc warnings as errors
  targets             core builds for thumbv6m-none-eabi, thumbv7em-none-eabihf,
                      wasm32-unknown-unknown and x86_64-unknown-none, then a nightly
                      -Zbuild-std=core build that has no alloc crate at all [those rustup
                      targets, nightly (minimal profile) and its rust-src]
  qemu                the firmware of examples/cortex-m: clippy, then every scenario built for
                      thumbv7em-none-eabihf and thumbv6m-none-eabi and run in QEMU
                      (mps2-an386, microbit), each with a timeout [qemu-system-arm (apt),
                      the two thumb targets, clippy]
  size                the firmware's flash, static RAM, painted-stack peaks and instruction
                      counts, each scenario against the bare primitive it is built on: writes
                      examples/cortex-m/measurements.txt and the tables made from it (as
                      `codegen`) [qemu-system-arm (apt), the two thumb targets, llvm-tools]
  wasm                the npm package: build bindings/wasm/pkg (cargo, wasm-bindgen, wasm-opt),
                      and run its node --test suites (API, vectors, jose interop, Chromium,
                      workerd, Deno, Bun) [wasm32-unknown-unknown, wasm-bindgen-cli at the
                      Cargo.lock version, nodejs, npm and chromium (apt), npm ci, Deno (npm)]
  fuzz [--seconds N]  every cargo-fuzz target of fuzz/ for N seconds (default 60, or
                      $TINYJOSE_FUZZ_SECONDS), reading the kept corpus of fuzz/corpus and the
                      seeds [nightly, g++ (apt), cargo-fuzz]
  fuzz --long [--runs N] [TARGET...]
                      every target (or those named) for N executions (default 10 000 000), then the finds
                      merged into the kept corpus fuzz/corpus (minimized, size-bounded) and
                      the run recorded in FUZZING.md [as fuzz]
  interop             the SD-JWT presentations tinyjose makes, verified by the Python reference
                      implementation of RFC 9901 [python3 venv: sd-jwt 0.10.4]
  miri                the core's unit tests under Miri, with the features whose tests finish
                      in minutes [nightly, miri]
  deny                cargo deny on the licences, bans and sources of the workspace, firmware
                      and fuzz lock files, and advisories when the RustSec database can be
                      reached [cargo-deny]
  mutants [--since REV] [--shard K/N] [--file GLOB]...
                      mutation testing of the core with cargo-mutants: fails under 95 % of
                      viable mutants caught, or, with --since, on any missed mutant of the
                      lines changed since REV; equivalent mutants are listed with their reason
                      in .cargo/mutants.toml. Not in `ci`: about a minute per mutant here
                      [cargo-mutants]
  bench [ARGS]        cargo bench -p tinyjose-bench -- ARGS
  ct [--samples N]    constant-time evidence: the dudect timing tests of bench/ct in a release
                      build, N samples per case (default 1000000, or $TINYJOSE_CT_SAMPLES);
                      fails if a case has |t| > 10 or the leaking control does not
  tools [--wasm] [--qemu]
                      install up front: rustfmt, clippy, llvm-tools, the rustup targets,
                      nightly with rust-src, g++, cargo-fuzz; --wasm adds what `wasm`
                      installs; --qemu adds qemu-system-arm
  tools TASK...       install only what the named tasks install (e.g. `tools wasm`)
  help                this text

apt packages are installed with `apt-get update` first, through sudo unless run as root.
";

/// A parsed command line.
#[derive(Debug, PartialEq, Eq)]
enum Task {
    Help,
    Ci,
    Tidy,
    Codegen { check: bool },
    Fmt,
    Lint,
    Test,
    Doc,
    Targets,
    Qemu,
    Size,
    Wasm,
    Fuzz { seconds: Option<u64> },
    FuzzLong { runs: u64, targets: Vec<String> },
    Interop,
    Miri,
    Deny,
    Mutants(mutants::Options),
    Bench { args: Vec<String> },
    Ct { samples: Option<u64> },
    Tools(tools::Extras),
}

fn main() -> ExitCode {
    let task = match parse(std::env::args_os().skip(1)) {
        Ok(task) => task,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(task) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one task.
fn run(task: Task) -> cmd::Result {
    match task {
        Task::Help => {
            print!("{USAGE}");
            Ok(())
        }
        Task::Ci => ci::run(),
        Task::Tidy => tidy::run(),
        Task::Codegen { check } => codegen::run(if check {
            codegen::Mode::Check
        } else {
            codegen::Mode::Write
        }),
        Task::Fmt => checks::fmt(),
        Task::Lint => checks::lint(),
        Task::Test => checks::test(),
        Task::Doc => checks::doc(),
        Task::Targets => targets::run(),
        Task::Qemu => firmware::qemu(),
        Task::Size => firmware::size(),
        Task::Wasm => wasm::run(),
        Task::Fuzz { seconds } => fuzz::run(fuzz::seconds(seconds)?),
        Task::FuzzLong { runs, targets } => fuzz::long(runs, &targets),
        Task::Interop => interop::run(),
        Task::Miri => miri::run(),
        Task::Deny => deny::run(),
        Task::Mutants(options) => mutants::run(&options),
        Task::Bench { args } => bench::run(&args),
        Task::Ct { samples } => ct::run(ct::samples(samples)?),
        Task::Tools(extras) => tools::run(extras),
    }
}

/// Parses the arguments after `cargo xtask`.
fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Task, String> {
    let args = args
        .into_iter()
        .map(|arg| {
            arg.into_string()
                .map_err(|arg| format!("argument {arg:?} is not UTF-8"))
        })
        .collect::<Result<Vec<String>, String>>()?;
    let Some((task, rest)) = args.split_first() else {
        return Err("no task given".to_owned());
    };
    let task = match task.as_str() {
        "help" | "--help" | "-h" => Task::Help,
        "ci" => Task::Ci,
        "tidy" => Task::Tidy,
        "codegen" => match rest {
            [] => return Ok(Task::Codegen { check: false }),
            [flag] if flag == "--check" => return Ok(Task::Codegen { check: true }),
            _ => {
                return Err(format!(
                    "unexpected arguments `{}` for `codegen`",
                    rest.join(" ")
                ));
            }
        },
        "fmt" => Task::Fmt,
        "lint" => Task::Lint,
        "test" => Task::Test,
        "doc" => Task::Doc,
        "targets" => Task::Targets,
        "qemu" => Task::Qemu,
        "size" => Task::Size,
        "wasm" => Task::Wasm,
        "fuzz" => return parse_fuzz(rest),
        "interop" => Task::Interop,
        "miri" => Task::Miri,
        "deny" => Task::Deny,
        "mutants" => return parse_mutants(rest),
        "bench" => {
            let args = rest.strip_prefix(&["--".to_owned()]).unwrap_or(rest);
            return Ok(Task::Bench {
                args: args.to_vec(),
            });
        }
        "ct" => return parse_ct(rest),
        "tools" => return parse_tools(rest),
        other => return Err(format!("unknown task `{other}`")),
    };
    match rest.first() {
        None => Ok(task),
        Some(extra) => Err(format!(
            "unexpected argument `{extra}` for `{}`",
            args.join(" ")
        )),
    }
}

/// Parses `fuzz [--seconds N | --seconds=N]` and `fuzz --long [--runs N | --runs=N]`.
fn parse_fuzz(rest: &[String]) -> Result<Task, String> {
    if let Some(long) = rest.strip_prefix(&["--long".to_owned()]) {
        let mut runs = fuzz::DEFAULT_RUNS;
        let mut targets = Vec::new();
        let mut args = long.iter();
        while let Some(arg) = args.next() {
            let value = if arg == "--runs" {
                args.next().ok_or("`--runs` needs a number")?.as_str()
            } else if let Some(value) = arg.strip_prefix("--runs=") {
                value
            } else if arg.starts_with('-') {
                return Err(format!("unexpected argument `{arg}` for `fuzz --long`"));
            } else {
                targets.push(arg.clone());
                continue;
            };
            runs = fuzz::parse_seconds(value).ok_or_else(|| {
                format!("`--runs {value}` is not a positive number of executions")
            })?;
        }
        return Ok(Task::FuzzLong { runs, targets });
    }
    let value = match rest {
        [] => return Ok(Task::Fuzz { seconds: None }),
        [flag, value] if flag == "--seconds" => value.as_str(),
        [flag] => flag
            .strip_prefix("--seconds=")
            .ok_or_else(|| format!("unexpected argument `{flag}` for `fuzz`"))?,
        _ => {
            return Err(format!(
                "unexpected arguments `{}` for `fuzz`",
                rest.join(" ")
            ));
        }
    };
    let seconds = fuzz::parse_seconds(value)
        .ok_or_else(|| format!("`--seconds {value}` is not a positive number of seconds"))?;
    Ok(Task::Fuzz {
        seconds: Some(seconds),
    })
}

/// Parses `mutants [--since REV] [--shard K/N] [--file GLOB]...`.
fn parse_mutants(rest: &[String]) -> Result<Task, String> {
    let mut options = mutants::Options::default();
    let mut args = rest.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| format!("`{flag}` needs a value"))
        };
        match flag.as_str() {
            "--since" => options.since = Some(value()?),
            "--shard" => options.shard = Some(value()?),
            "--file" => options.files.push(value()?),
            other => return Err(format!("unexpected argument `{other}` for `mutants`")),
        }
    }
    Ok(Task::Mutants(options))
}

/// Parses `ct [--samples N | --samples=N]`.
fn parse_ct(rest: &[String]) -> Result<Task, String> {
    let value = match rest {
        [] => return Ok(Task::Ct { samples: None }),
        [flag, value] if flag == "--samples" => value.as_str(),
        [flag] => flag
            .strip_prefix("--samples=")
            .ok_or_else(|| format!("unexpected argument `{flag}` for `ct`"))?,
        _ => {
            return Err(format!(
                "unexpected arguments `{}` for `ct`",
                rest.join(" ")
            ));
        }
    };
    let samples = ct::parse_samples(value)
        .ok_or_else(|| format!("`--samples {value}` is not a number of samples (at least 1000)"))?;
    Ok(Task::Ct {
        samples: Some(samples),
    })
}

/// Parses `tools [--wasm] [--qemu]` or `tools TASK...`.
fn parse_tools(rest: &[String]) -> Result<Task, String> {
    let mut extras = tools::Extras::default();
    for arg in rest {
        match arg.as_str() {
            "--wasm" => extras.wasm = true,
            "--qemu" => extras.qemu = true,
            task if tools::for_task(task).is_some() => extras.tasks.push(task.to_owned()),
            other => return Err(format!("unexpected argument `{other}` for `tools`")),
        }
    }
    if !extras.tasks.is_empty() && (extras.wasm || extras.qemu) {
        return Err("`tools` takes either task names or --wasm/--qemu, not both".to_owned());
    }
    Ok(Task::Tools(extras))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(line: &str) -> Result<Task, String> {
        parse(line.split_whitespace().map(OsString::from))
    }

    #[test]
    fn plain_tasks() {
        assert_eq!(parse_str("ci"), Ok(Task::Ci));
        assert_eq!(parse_str("tidy"), Ok(Task::Tidy));
        assert_eq!(parse_str("qemu"), Ok(Task::Qemu));
        assert_eq!(parse_str("size"), Ok(Task::Size));
        assert_eq!(parse_str("codegen"), Ok(Task::Codegen { check: false }));
        assert_eq!(
            parse_str("codegen --check"),
            Ok(Task::Codegen { check: true })
        );
        assert!(parse_str("codegen --fix").is_err());
        assert_eq!(parse_str("--help"), Ok(Task::Help));
        assert!(parse_str("").is_err());
        assert!(parse_str("lint --fix").is_err());
        assert!(parse_str("deploy").is_err());
    }

    #[test]
    fn fuzz_seconds() {
        assert_eq!(parse_str("fuzz"), Ok(Task::Fuzz { seconds: None }));
        assert_eq!(
            parse_str("fuzz --seconds 5"),
            Ok(Task::Fuzz { seconds: Some(5) })
        );
        assert_eq!(
            parse_str("fuzz --seconds=9"),
            Ok(Task::Fuzz { seconds: Some(9) })
        );
        assert!(parse_str("fuzz --seconds").is_err());
        assert!(parse_str("fuzz --seconds 0").is_err());
        assert!(parse_str("fuzz 5").is_err());
        assert_eq!(
            parse_str("fuzz --long"),
            Ok(Task::FuzzLong {
                runs: 10_000_000,
                targets: vec![]
            })
        );
        assert_eq!(
            parse_str("fuzz --long --runs 1000 jws"),
            Ok(Task::FuzzLong {
                runs: 1000,
                targets: vec!["jws".to_owned()]
            })
        );
        assert_eq!(
            parse_str("fuzz --long --runs=7"),
            Ok(Task::FuzzLong {
                runs: 7,
                targets: vec![]
            })
        );
        assert!(parse_str("fuzz --long --runs 0").is_err());
        assert!(parse_str("fuzz --long --seconds 5").is_err());
    }

    #[test]
    fn ct_samples() {
        assert_eq!(parse_str("ct"), Ok(Task::Ct { samples: None }));
        assert_eq!(
            parse_str("ct --samples 200000"),
            Ok(Task::Ct {
                samples: Some(200_000)
            })
        );
        assert_eq!(
            parse_str("ct --samples=5000"),
            Ok(Task::Ct {
                samples: Some(5000)
            })
        );
        assert!(parse_str("ct --samples 10").is_err());
        assert!(parse_str("ct 5000").is_err());
    }

    #[test]
    fn bench_passes_arguments_through() {
        let expected = Task::Bench {
            args: vec!["--save-baseline".to_owned(), "main".to_owned()],
        };
        assert_eq!(parse_str("bench --save-baseline main"), Ok(expected));
        let expected = Task::Bench {
            args: vec!["jws".to_owned()],
        };
        assert_eq!(parse_str("bench -- jws"), Ok(expected));
    }

    #[test]
    fn tools_extras() {
        assert_eq!(
            parse_str("tools"),
            Ok(Task::Tools(tools::Extras::default()))
        );
        let both = tools::Extras {
            wasm: true,
            qemu: true,
            tasks: Vec::new(),
        };
        assert_eq!(parse_str("tools --qemu --wasm"), Ok(Task::Tools(both)));
        let tasks = tools::Extras {
            tasks: vec!["wasm".to_owned(), "fmt".to_owned()],
            ..tools::Extras::default()
        };
        assert_eq!(parse_str("tools wasm fmt"), Ok(Task::Tools(tasks)));
        assert!(parse_str("tools --all").is_err());
        assert!(parse_str("tools deploy").is_err());
        assert!(parse_str("tools wasm --qemu").is_err());
    }
}
