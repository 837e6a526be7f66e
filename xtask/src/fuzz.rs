//! `cargo xtask fuzz [--seconds N]` and `cargo xtask fuzz --long [--runs N]`: every cargo-fuzz
//! target of `fuzz/`, for a fixed time (the CI run) or a fixed number of executions (the long run).
//!
//! Each target reads three corpora: `fuzz/corpus/<target>/`, the minimized corpus kept in the
//! repository (written only by the long run), `fuzz/seeds/<target>/`, the committed seeds, and
//! a scratch folder under `fuzz/target/` that receives what a run finds. The long run then
//! merges the scratch finds into the kept corpus with libFuzzer's `-merge=1` (only inputs that
//! add coverage stay), checks the kept corpus stays under [`MAX_CORPUS_BYTES`], and writes the
//! executions, coverage and corpus of each target into `FUZZING.md`.

use crate::cmd::{self, Error, Result};
use crate::tools;

/// Seconds per target when neither `--seconds` nor the environment says otherwise.
pub(crate) const DEFAULT_SECONDS: u64 = 60;

/// The environment variable that overrides [`DEFAULT_SECONDS`].
pub(crate) const SECONDS_VAR: &str = "TINYJOSE_FUZZ_SECONDS";

/// The fuzzing time per target: `--seconds` if given, else `$TINYJOSE_FUZZ_SECONDS`, else
/// [`DEFAULT_SECONDS`].
pub(crate) fn seconds(from_args: Option<u64>) -> Result<u64> {
    if let Some(seconds) = from_args {
        return Ok(seconds);
    }
    match std::env::var(SECONDS_VAR) {
        Ok(value) => parse_seconds(&value).ok_or_else(|| {
            Error::new(format!(
                "{SECONDS_VAR}={value:?} is not a number of seconds"
            ))
        }),
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_SECONDS),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::new(format!(
            "{SECONDS_VAR} is not a number of seconds"
        ))),
    }
}

/// A positive number of seconds.
pub(crate) fn parse_seconds(text: &str) -> Option<u64> {
    text.trim().parse().ok().filter(|&seconds| seconds > 0)
}

/// Executions per target of the long run when `--runs` does not say otherwise.
pub(crate) const DEFAULT_RUNS: u64 = 10_000_000;

/// The most a target's kept corpus may take, in bytes, so the repository stays small.
const MAX_CORPUS_BYTES: u64 = 2 * 1024 * 1024;

/// The longest input the fuzzers try, in bytes (libFuzzer's `-max_len`): longer than every
/// seed, and bounded so the kept corpus stays small.
const MAX_LEN: u32 = 8192;

/// Where `FUZZING.md`'s table of the last long run begins and ends.
const TABLE_BEGIN: &str = "<!-- fuzz-long:begin -->";
const TABLE_END: &str = "<!-- fuzz-long:end -->";

/// Runs each target for `seconds` (the CI run); the kept corpus is read, never written.
pub(crate) fn run(seconds: u64) -> Result {
    let Some(targets) = prepare()? else {
        return Ok(());
    };
    for target in &targets {
        let scratch = scratch_dir("run", target)?;
        fuzz(target, &scratch, &[format!("-max_total_time={seconds}")])?;
    }
    eprintln!("fuzz: {} target(s) ran {seconds} s each", targets.len());
    Ok(())
}

/// Runs each target for `runs` executions, merges what it found into the kept corpus and
/// records the run in `FUZZING.md`.
pub(crate) fn long(runs: u64, only: &[String]) -> Result {
    let Some(mut targets) = prepare()? else {
        return Ok(());
    };
    if let Some(unknown) = only.iter().find(|name| !targets.contains(name)) {
        return Err(Error::new(format!("`{unknown}` is not a fuzz target")));
    }
    if !only.is_empty() {
        targets.retain(|target| only.contains(target));
    }
    for target in &targets {
        let scratch = scratch_dir("long", target)?;
        let started = std::time::Instant::now();
        let log = fuzz(
            target,
            &scratch,
            &[format!("-runs={runs}"), "-print_final_stats=1".to_owned()],
        )?;
        let seconds = started.elapsed().as_secs();
        let stats = Stats::parse(&log)
            .ok_or_else(|| Error::new(format!("fuzz {target}: no final statistics in its log")))?;
        if stats.executions < runs {
            return Err(Error::new(format!(
                "fuzz {target}: {} executions, fewer than the {runs} asked",
                stats.executions
            )));
        }
        let (files, bytes) = merge(target, &scratch)?;
        eprintln!(
            "fuzz {target}: {} executions in {seconds} s, cov {} ft {}, kept corpus {files} files, {bytes} bytes",
            stats.executions, stats.cov, stats.features
        );
        // Written after each target, so a run stopped early keeps what it finished.
        write_table(&[Row {
            target: target.clone(),
            stats,
            seconds,
            files,
            bytes,
        }])?;
    }
    Ok(())
}

/// Installs what fuzzing needs and lists the targets; `None` without a `fuzz/` folder.
fn prepare() -> Result<Option<Vec<String>>> {
    let dir = cmd::root_path("fuzz");
    if !dir.is_dir() {
        eprintln!("fuzz: skipped, there is no fuzz/ folder");
        return Ok(None);
    }
    // Nightly, a C++ compiler and cargo-fuzz, each if missing.
    tools::cargo_fuzz()?;
    // cargo-fuzz has no --locked flag: check fuzz/Cargo.lock is current before it builds.
    cmd::run(
        cmd::nightly_cargo()
            .current_dir(&dir)
            .args(["fetch", "--locked"]),
    )?;
    let list = cmd::output(
        cmd::nightly_cargo()
            .current_dir(&dir)
            .args(["fuzz", "list"]),
    )?;
    let targets: Vec<String> = list
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    if targets.is_empty() {
        return Err(Error::new(
            "`cargo fuzz list` found no fuzz targets in fuzz/",
        ));
    }
    // Build every target first, so a run's time is fuzzing only.
    cmd::run(
        cmd::nightly_cargo()
            .current_dir(&dir)
            .args(["fuzz", "build"]),
    )?;
    Ok(Some(targets))
}

/// An empty scratch corpus folder `fuzz/target/<kind>-corpus/<target>`, relative to `fuzz/`.
fn scratch_dir(kind: &str, target: &str) -> Result<String> {
    let relative = format!("target/{kind}-corpus/{target}");
    let path = cmd::root_path("fuzz").join(&relative);
    if path.exists() {
        std::fs::remove_dir_all(&path)
            .map_err(|err| Error::new(format!("cannot empty fuzz/{relative}: {err}")))?;
    }
    std::fs::create_dir_all(&path)
        .map_err(|err| Error::new(format!("cannot create fuzz/{relative}: {err}")))?;
    Ok(relative)
}

/// The corpus folders a run reads besides its scratch folder: the kept corpus and the seeds,
/// those that exist.
fn read_only_corpora(target: &str) -> Vec<String> {
    let dir = cmd::root_path("fuzz");
    [format!("corpus/{target}"), format!("seeds/{target}")]
        .into_iter()
        .filter(|relative| dir.join(relative).is_dir())
        .collect()
}

/// Runs `cargo fuzz run target scratch corpus seeds -- args`, echoing libFuzzer's output and
/// returning it; a crash or a leak fails with the artifact's name in the log.
fn fuzz(target: &str, scratch: &str, args: &[String]) -> Result<String> {
    let mut command = cmd::nightly_cargo();
    command
        .current_dir(cmd::root_path("fuzz"))
        .args(["fuzz", "run", target, scratch])
        .args(read_only_corpora(target))
        .arg("--")
        .arg(format!("-max_len={MAX_LEN}"))
        .args(args);
    cmd::run_logged(&mut command)
}

/// Merges the scratch finds into `fuzz/corpus/<target>/`: libFuzzer keeps, from the old kept
/// corpus and the scratch folder, only inputs that add coverage, and leaves out inputs equal to
/// a seed. Returns the kept corpus's files and bytes.
fn merge(target: &str, scratch: &str) -> Result<(u64, u64)> {
    let fuzz_dir = cmd::root_path("fuzz");
    let merged = scratch_dir("merged", target)?;
    let kept = format!("corpus/{target}");
    let mut command = cmd::nightly_cargo();
    command
        .current_dir(&fuzz_dir)
        .args(["fuzz", "run", target, &merged, scratch]);
    if fuzz_dir.join(&kept).is_dir() {
        command.arg(&kept);
    }
    command
        .arg("--")
        .arg(format!("-max_len={MAX_LEN}"))
        .arg("-merge=1");
    cmd::run_logged(&mut command)?;
    let seeds = file_contents(&fuzz_dir.join(format!("seeds/{target}")))?;
    let kept_path = fuzz_dir.join(&kept);
    if kept_path.exists() {
        std::fs::remove_dir_all(&kept_path)
            .map_err(|err| Error::new(format!("cannot replace fuzz/{kept}: {err}")))?;
    }
    std::fs::create_dir_all(&kept_path)
        .map_err(|err| Error::new(format!("cannot create fuzz/{kept}: {err}")))?;
    let (mut files, mut bytes) = (0u64, 0u64);
    for entry in read_dir(&fuzz_dir.join(&merged))? {
        let content = std::fs::read(&entry)
            .map_err(|err| Error::new(format!("cannot read {}: {err}", entry.display())))?;
        if seeds.contains(&content) {
            continue;
        }
        let name = entry.file_name().unwrap_or_default();
        std::fs::write(kept_path.join(name), &content)
            .map_err(|err| Error::new(format!("cannot write fuzz/{kept}: {err}")))?;
        files += 1;
        bytes += u64::try_from(content.len()).unwrap_or(u64::MAX);
    }
    if bytes > MAX_CORPUS_BYTES {
        return Err(Error::new(format!(
            "fuzz {target}: the kept corpus takes {bytes} bytes, more than {MAX_CORPUS_BYTES}"
        )));
    }
    Ok((files, bytes))
}

/// The files of a folder, sorted; none when it does not exist.
fn read_dir(dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)
        .map_err(|err| Error::new(format!("cannot list {}: {err}", dir.display())))?
    {
        let path = entry
            .map_err(|err| Error::new(format!("cannot list {}: {err}", dir.display())))?
            .path();
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The contents of every file of a folder.
fn file_contents(dir: &std::path::Path) -> Result<std::collections::HashSet<Vec<u8>>> {
    read_dir(dir)?
        .iter()
        .map(|path| {
            std::fs::read(path)
                .map_err(|err| Error::new(format!("cannot read {}: {err}", path.display())))
        })
        .collect()
}

/// What libFuzzer reports at the end of a run.
#[derive(Debug, PartialEq, Eq)]
struct Stats {
    /// `stat::number_of_executed_units`.
    executions: u64,
    /// Covered edges (`cov:` of the last status line).
    cov: u64,
    /// Coverage features (`ft:` of the last status line).
    features: u64,
}

impl Stats {
    /// Reads the final statistics of a libFuzzer log run with `-print_final_stats=1`.
    fn parse(log: &str) -> Option<Self> {
        let executions = log.lines().find_map(|line| {
            line.strip_prefix("stat::number_of_executed_units:")
                .and_then(|value| value.trim().parse().ok())
        })?;
        let status = log
            .lines()
            .rev()
            .find(|line| line.starts_with('#') && line.contains(" cov: "))?;
        let field = |name: &str| -> Option<u64> {
            let mut words = status.split_whitespace();
            words.find(|word| *word == name)?;
            words.next()?.parse().ok()
        };
        Some(Self {
            executions,
            cov: field("cov:")?,
            features: field("ft:")?,
        })
    }
}

/// One target's line of the table.
struct Row {
    target: String,
    stats: Stats,
    seconds: u64,
    files: u64,
    bytes: u64,
}

/// Replaces the table between the markers of `FUZZING.md` with the rows of this run.
fn write_table(rows: &[Row]) -> Result {
    let path = cmd::root_path("FUZZING.md");
    let text = std::fs::read_to_string(&path)
        .map_err(|err| Error::new(format!("cannot read FUZZING.md: {err}")))?;
    let (Some(begin), Some(end)) = (text.find(TABLE_BEGIN), text.find(TABLE_END)) else {
        return Err(Error::new(format!(
            "FUZZING.md has no {TABLE_BEGIN} … {TABLE_END} markers"
        )));
    };
    // Rows of targets not run this time stay as they were.
    let mut lines: Vec<(String, String)> = text[begin..end]
        .lines()
        .filter_map(|line| {
            let target = line.strip_prefix("| `")?.split('`').next()?;
            (!rows.iter().any(|row| row.target == target))
                .then(|| (target.to_owned(), format!("{line}\n")))
        })
        .collect();
    for row in rows {
        let rate = row.stats.executions / row.seconds.max(1);
        lines.push((
            row.target.clone(),
            format!(
                "| `{}` | {} | {} | {} | {} | {} | {} files, {} KiB | none |\n",
                row.target,
                row.stats.executions,
                row.seconds,
                rate,
                row.stats.cov,
                row.stats.features,
                row.files,
                row.bytes.div_ceil(1024)
            ),
        ));
    }
    lines.sort();
    let mut table = format!(
        "{TABLE_BEGIN}\n| target | executions | time (s) | executions/s | edges (cov) | features (ft) | kept corpus | findings |\n|---|---:|---:|---:|---:|---:|---:|---|\n"
    );
    for (_, line) in &lines {
        table.push_str(line);
    }
    let text = format!("{}{table}{}", &text[..begin], &text[end..]);
    std::fs::write(&path, text).map_err(|err| Error::new(format!("cannot write FUZZING.md: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_parsing() {
        assert_eq!(parse_seconds("60"), Some(60));
        assert_eq!(parse_seconds(" 5\n"), Some(5));
        assert_eq!(parse_seconds("0"), None);
        assert_eq!(parse_seconds("-1"), None);
        assert_eq!(parse_seconds("1m"), None);
        assert_eq!(seconds(Some(7)).ok(), Some(7));
    }

    #[test]
    fn final_statistics() {
        let log = "#1048576\tpulse  cov: 10 ft: 20 corp: 3/1Kb\n\
                   #2000000\tDONE   cov: 1369 ft: 2790 corp: 323/41Kb lim: 2779 exec/s: 11761\n\
                   Done 2000000 runs in 170 second(s)\n\
                   stat::number_of_executed_units: 2000000\n\
                   stat::average_exec_per_sec:     11761\n";
        assert_eq!(
            Stats::parse(log),
            Some(Stats {
                executions: 2_000_000,
                cov: 1369,
                features: 2790
            })
        );
        assert_eq!(Stats::parse("#1\tINITED cov: 1 ft: 1\n"), None);
    }
}
