//! `cargo xtask ct [--samples N]`: constant-time evidence. Runs the dudect timing tests of
//! `bench/ct` (the `tinyjose-ct` binary) in a release build, reads each case's largest |t|,
//! prints them as a table, and fails if a case shows a leak or if the control does not.
//!
//! The threshold is dudect's: |t| above 10 means the two input classes definitely take
//! different times; below 4.5 there is no evidence that they do, and in between is reported but
//! does not fail. The gate is at 10, not 4.5, so that a shared, noisy machine does not fail it by
//! chance; BENCHMARKS.md ("Constant-time evidence") has the reasoning and the measured values. A
//! case named `control_*` leaks on purpose and must be flagged: it shows that the run had the
//! power to see a leak of that size.

use crate::cmd::{self, Error, Result};

/// Samples per case when neither `--samples` nor the environment says otherwise.
pub(crate) const DEFAULT_SAMPLES: u64 = 1_000_000;

/// The environment variable that overrides [`DEFAULT_SAMPLES`]; the binary reads it too.
pub(crate) const SAMPLES_VAR: &str = "TINYJOSE_CT_SAMPLES";

/// The fewest samples per case the binary accepts.
const MIN_SAMPLES: u64 = 1000;

/// A case fails above this |t|, and a control fails at or below it.
const THRESHOLD: f64 = 10.0;

/// Below this |t| there is no evidence of a leak (dudect's strict level), reported only.
const STRICT: f64 = 4.5;

/// The name prefix of the cases that must leak.
const CONTROL_PREFIX: &str = "control_";

/// The samples per case: `--samples` if given, else `$TINYJOSE_CT_SAMPLES`, else
/// [`DEFAULT_SAMPLES`].
pub(crate) fn samples(from_args: Option<u64>) -> Result<u64> {
    if let Some(samples) = from_args {
        return Ok(samples);
    }
    match std::env::var(SAMPLES_VAR) {
        Ok(value) => parse_samples(&value).ok_or_else(|| {
            Error::new(format!(
                "{SAMPLES_VAR}={value:?} is not a number of samples (at least {MIN_SAMPLES})"
            ))
        }),
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_SAMPLES),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::new(format!(
            "{SAMPLES_VAR} is not a number of samples"
        ))),
    }
}

/// A number of samples, at least [`MIN_SAMPLES`].
pub(crate) fn parse_samples(text: &str) -> Option<u64> {
    text.trim().parse().ok().filter(|&n| n >= MIN_SAMPLES)
}

/// One case's result, as the binary prints it.
#[derive(Debug, PartialEq)]
struct Reading {
    /// The bench function's name.
    name: String,
    /// The largest t-statistic over the raw and the cropped distributions, with its sign.
    t: f64,
    /// The samples of the test that gave it, in millions.
    millions: f64,
}

impl Reading {
    fn is_control(&self) -> bool {
        self.name.starts_with(CONTROL_PREFIX)
    }

    /// Whether this reading passes: a case at or under the threshold, a control over it.
    fn passes(&self) -> bool {
        if self.is_control() {
            self.t.abs() > THRESHOLD
        } else {
            self.t.abs() <= THRESHOLD
        }
    }

    fn verdict(&self) -> &'static str {
        let t = self.t.abs();
        match (self.is_control(), self.passes()) {
            (true, true) => "control: detected, as it must be",
            (true, false) => "CONTROL NOT DETECTED: this run could not see a leak",
            (false, false) => "LEAK: over 10",
            (false, true) if t < STRICT => "no evidence of a leak: under 4.5",
            (false, true) => "passes: under 10, over 4.5",
        }
    }
}

/// Builds and runs the timing tests with `samples` samples per case, then checks the readings.
pub(crate) fn run(samples: u64) -> Result {
    if !cmd::root_path("bench/ct").is_dir() {
        eprintln!("ct: skipped, there is no bench/ct/ folder");
        return Ok(());
    }
    // The release profile (LTO, one codegen unit): the code users ship.
    let output = cmd::output(cmd::cargo().env(SAMPLES_VAR, samples.to_string()).args([
        "run",
        "--release",
        "--locked",
        "-p",
        "tinyjose-ct",
    ]))?;
    print!("{output}");
    let readings = parse(&output)?;
    println!("\n{}", table(&readings, samples));
    check(&readings)
}

/// Reads the `bench NAME ... : n == +0.200M, max t = +1.23, ...` lines of a complete run.
fn parse(output: &str) -> Result<Vec<Reading>> {
    if !output.contains("dudect benches complete") {
        return Err(Error::new("ct: the timing tests did not run to the end"));
    }
    let mut readings = Vec::new();
    for line in output.lines() {
        let Some((name, stats)) = line
            .strip_prefix("bench ")
            .and_then(|rest| rest.split_once(" ... : "))
        else {
            continue;
        };
        let field = |key: &str| {
            stats
                .split(", ")
                .find_map(|part| part.strip_prefix(key))
                .map(|value| value.trim().trim_end_matches('M'))
                .and_then(|value| value.parse::<f64>().ok())
                .filter(|value| value.is_finite())
                .ok_or_else(|| Error::new(format!("ct: no `{key}` number in: {line}")))
        };
        readings.push(Reading {
            name: name.trim().to_owned(),
            t: field("max t = ")?,
            millions: field("n == ")?,
        });
    }
    Ok(readings)
}

/// The readings as a Markdown table.
fn table(readings: &[Reading], samples: u64) -> String {
    let mut text = format!(
        "{samples} samples per case; threshold |t| <= {THRESHOLD} (control: > {THRESHOLD})\n\n\
         | case | max t | samples in that test | verdict |\n| --- | --: | --: | --- |\n"
    );
    for r in readings {
        text.push_str(&format!(
            "| `{}` | {:+.2} | {:.3} M | {} |\n",
            r.name,
            r.t,
            r.millions,
            r.verdict()
        ));
    }
    text
}

/// Fails unless there is a control and a case, every case is at or under the threshold and
/// every control over it.
fn check(readings: &[Reading]) -> Result {
    if !readings.iter().any(Reading::is_control) || readings.iter().all(Reading::is_control) {
        return Err(Error::new(
            "ct: a run needs at least one case and one `control_` case",
        ));
    }
    let failed: Vec<String> = readings
        .iter()
        .filter(|r| !r.passes())
        .map(|r| format!("{} (t = {:+.2}: {})", r.name, r.t, r.verdict()))
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::new(format!("ct: {}", failed.join("; "))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: &str = "\
running 3 benches
bench aes_kw_unwrap    seeded with 0x69e919fb0156afa0
bench aes_kw_unwrap    ... : n == +0.195M, max t = -288.24260, max tau = -0.65243, (5/tau)^2 = 58
bench cbc_hs_tag       seeded with 0x756c79996c0512ee
bench cbc_hs_tag       ... : n == +0.189M, max t = +2.11761, max tau = +0.00487, (5/tau)^2 = 1054310
bench control_naive_eq seeded with 0xcf4fd575893a7d04
bench control_naive_eq ... : n == +0.190M, max t = -96.43680, max tau = -0.22136, (5/tau)^2 = 510

dudect benches complete
";

    #[test]
    fn reads_each_case() {
        let readings = parse(RUN).map_err(|e| e.to_string());
        let readings = readings.as_deref().unwrap_or_default();
        let names: Vec<&str> = readings.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["aes_kw_unwrap", "cbc_hs_tag", "control_naive_eq"]);
        assert_eq!(readings.first().map(|r| r.t), Some(-288.2426));
        assert_eq!(readings.get(1).map(|r| r.millions), Some(0.189));
    }

    #[test]
    fn incomplete_or_garbled_runs_fail() {
        assert!(parse("running 1 bench\n").is_err());
        let garbled = "bench x ... : n == +0.1M, max t = NaN, max tau = NaN\n\
                       dudect benches complete\n";
        assert!(parse(garbled).is_err());
    }

    fn reading(name: &str, t: f64) -> Reading {
        Reading {
            name: name.to_owned(),
            t,
            millions: 1.0,
        }
    }

    #[test]
    fn threshold() {
        let control = reading("control_naive_eq", -96.0);
        assert!(check(&[reading("a", 3.0), reading("b", -9.9), control]).is_ok());
        let control = reading("control_naive_eq", -96.0);
        assert!(check(&[reading("a", 10.5), control]).is_err());
        assert!(check(&[reading("a", 1.0), reading("control_naive_eq", 9.0)]).is_err());
        assert!(check(&[reading("a", 1.0)]).is_err());
        assert!(check(&[reading("control_naive_eq", 50.0)]).is_err());
    }

    #[test]
    fn sample_counts() {
        assert_eq!(parse_samples("200000"), Some(200_000));
        assert_eq!(parse_samples(" 1000 "), Some(1000));
        assert_eq!(parse_samples("999"), None);
        assert_eq!(parse_samples("many"), None);
    }
}
