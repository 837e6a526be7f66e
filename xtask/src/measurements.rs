//! The firmware's measured figures: the committed file `cargo xtask size` writes
//! (`examples/cortex-m/measurements.txt`), and the markdown tables `cargo xtask codegen` makes of
//! it for `examples/cortex-m/README.md` and `BENCHMARKS.md`.
//!
//! The file has one figure a line, `TARGET SCENARIO flash|ram BYTES` or
//! `TARGET SCENARIO stack|time OPERATION VALUE`, so a new measurement is a readable diff and the
//! tables can be checked without measuring again.

use core::fmt::Write as _;

use crate::cmd::{Error, Result};
use crate::firmware::{BASELINES, BOARDS, Board, OPERATION_BASELINES};

/// The measurements file, relative to the project root.
pub(crate) const FILE: &str = "examples/cortex-m/measurements.txt";

/// One scenario measured on one board.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Scenario {
    /// The board's rustup target.
    pub(crate) target: String,
    /// The scenario (binary) name.
    pub(crate) bin: String,
    /// `.vector_table + .text + .rodata + .data`, in bytes.
    pub(crate) flash: u64,
    /// `.data + .bss + .uninit`, in bytes.
    pub(crate) ram: u64,
    /// `(operation, bytes)`: painted-stack peaks.
    pub(crate) stacks: Vec<(String, u64)>,
    /// `(operation, instructions)`: instruction counts.
    pub(crate) times: Vec<(String, u64)>,
}

impl Scenario {
    /// The deepest of its stack peaks.
    fn peak(&self) -> u64 {
        self.stacks.iter().map(|(_, b)| *b).max().unwrap_or(0)
    }

    fn stack(&self, op: &str) -> Option<u64> {
        self.stacks.iter().find(|(o, _)| o == op).map(|(_, n)| *n)
    }

    fn time(&self, op: &str) -> Option<u64> {
        self.times.iter().find(|(o, _)| o == op).map(|(_, n)| *n)
    }
}

/// Every scenario on every board, in the order measured.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Measurements(pub(crate) Vec<Scenario>);

impl Measurements {
    fn get(&self, target: &str, bin: &str) -> Option<&Scenario> {
        self.0.iter().find(|s| s.target == target && s.bin == bin)
    }

    fn of_board<'a>(&'a self, board: &'a Board) -> impl Iterator<Item = &'a Scenario> + 'a {
        self.0.iter().filter(move |s| s.target == board.target)
    }

    /// The scenarios of `bins` that have no figures for some board.
    pub(crate) fn missing(&self, bins: &[String]) -> Vec<String> {
        let mut missing = Vec::new();
        for board in &BOARDS {
            for bin in bins {
                if self.get(board.target, bin).is_none() {
                    missing.push(format!("`{bin}` on {}", board.target));
                }
            }
        }
        missing
    }

    /// The text of the measurements file.
    pub(crate) fn to_text(&self) -> String {
        let mut out = String::from(
            "# Measured by `cargo xtask size`: do not edit. `cargo xtask codegen` makes the tables\n\
             # of examples/cortex-m/README.md and BENCHMARKS.md from this file.\n\
             # TARGET SCENARIO flash|ram BYTES, or TARGET SCENARIO stack|time OPERATION VALUE\n",
        );
        for s in &self.0 {
            let _ = writeln!(out, "{} {} flash {}", s.target, s.bin, s.flash);
            let _ = writeln!(out, "{} {} ram {}", s.target, s.bin, s.ram);
            for (op, n) in &s.stacks {
                let _ = writeln!(out, "{} {} stack {op} {n}", s.target, s.bin);
            }
            for (op, n) in &s.times {
                let _ = writeln!(out, "{} {} time {op} {n}", s.target, s.bin);
            }
        }
        out
    }

    /// Reads the text of the measurements file.
    pub(crate) fn parse(text: &str) -> Result<Self> {
        let mut all = Self::default();
        for (number, line) in (1_usize..).zip(text.lines()) {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || Error::new(format!("{FILE}:{number}: cannot read `{line}`"));
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (target, bin, kind, op, value) = match fields.as_slice() {
                [target, bin, kind, value] => (*target, *bin, *kind, None, *value),
                [target, bin, kind, op, value] => (*target, *bin, *kind, Some(*op), *value),
                _ => return Err(bad()),
            };
            let value: u64 = value.parse().map_err(|_| bad())?;
            let index = match all
                .0
                .iter()
                .position(|s| s.target == target && s.bin == bin)
            {
                Some(index) => index,
                None => {
                    all.0.push(Scenario {
                        target: target.to_owned(),
                        bin: bin.to_owned(),
                        ..Scenario::default()
                    });
                    all.0.len().saturating_sub(1)
                }
            };
            let scenario = all.0.get_mut(index).ok_or_else(bad)?;
            match (kind, op) {
                ("flash", None) => scenario.flash = value,
                ("ram", None) => scenario.ram = value,
                ("stack", Some(op)) => scenario.stacks.push((op.to_owned(), value)),
                ("time", Some(op)) => scenario.times.push((op.to_owned(), value)),
                _ => return Err(bad()),
            }
        }
        Ok(all)
    }
}

/// The generated block `name` of the firmware tables, or `None` if no such block exists.
pub(crate) fn block(name: &str, m: &Measurements) -> Option<String> {
    Some(match name {
        "firmware-size" => {
            let tables: Vec<String> = BOARDS.iter().map(|board| size_table(board, m)).collect();
            tables.join("\n")
        }
        "firmware-time" => time_table(m),
        "firmware-operations" => operations_tables(m),
        "firmware-targets" => targets_table(m),
        "firmware-sweep" => sweep_table(m),
        _ => return None,
    })
}

/// The names [`block`] knows.
pub(crate) const BLOCKS: [&str; 5] = [
    "firmware-size",
    "firmware-time",
    "firmware-operations",
    "firmware-targets",
    "firmware-sweep",
];

/// The stack sweep scenario: one `stack` line per payload size.
const SWEEP: &str = "sweep_hs256";

/// The payload sizes of [`SWEEP`], each with its operation.
const SWEEP_SIZES: [(&str, &str); 4] = [
    ("256 B", "verify_hs256_256B"),
    ("1 KiB", "verify_hs256_1KiB"),
    ("4 KiB", "verify_hs256_4KiB"),
    ("16 KiB", "verify_hs256_16KiB"),
];

/// Peak stack of HS256 JWT verification per payload size, one column per board.
fn sweep_table(m: &Measurements) -> String {
    let mut table = String::from("| claims (payload) |");
    for board in &BOARDS {
        let _ = write!(table, " peak stack (B) {} |", short(board));
    }
    table.push_str("\n|---|");
    table.push_str(&"---:|".repeat(BOARDS.len()));
    table.push('\n');
    for (size, op) in SWEEP_SIZES {
        let _ = write!(table, "| {size} |");
        for board in &BOARDS {
            let value = m.get(board.target, SWEEP).and_then(|s| s.stack(op));
            let _ = write!(
                table,
                " {} |",
                value.map(|n| n.to_string()).unwrap_or_default()
            );
        }
        table.push('\n');
    }
    table
}

/// The baseline `bin` is compared with for flash and peak stack.
fn baseline(bin: &str) -> Option<&'static str> {
    BASELINES
        .iter()
        .find(|(b, _)| *b == bin)
        .map(|(_, base)| *base)
}

/// The baseline the instruction count of `operation` in `bin` is compared with.
pub(crate) fn baseline_of(bin: &str, operation: &str) -> Option<&'static str> {
    OPERATION_BASELINES
        .iter()
        .find(|(b, op, _)| *b == bin && *op == operation)
        .map(|(.., base)| *base)
        .or_else(|| baseline(bin))
}

/// The size and stack table of one board.
fn size_table(board: &Board, m: &Measurements) -> String {
    let mut table = String::new();
    let _ = writeln!(
        table,
        "{} ({}), opt-level z, LTO, codegen-units 1, panic abort; heap: none (no global allocator)\n",
        board.core, board.target
    );
    table.push_str(
        "| binary | flash (B) | static RAM (B) | peak stack (B), operation | vs baseline: flash | vs baseline: stack |\n",
    );
    table.push_str("|---|---:|---:|---|---:|---:|\n");
    for s in m.of_board(board) {
        let operations = s
            .stacks
            .iter()
            .map(|(op, bytes)| format!("{bytes} `{op}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let base = baseline(&s.bin).and_then(|base| m.get(board.target, base));
        let (flash_delta, stack_delta) = match base {
            Some(base) => (
                format!("{:+} vs `{}`", delta(s.flash, base.flash), base.bin),
                format!("{:+}", delta(s.peak(), base.peak())),
            ),
            None => (String::new(), String::new()),
        };
        let _ = writeln!(
            table,
            "| `{}` | {} | {} | {operations} | {flash_delta} | {stack_delta} |",
            s.bin, s.flash, s.ram
        );
    }
    table
}

/// The instruction counts, one column per board.
fn time_table(m: &Measurements) -> String {
    let first = &BOARDS[0];
    let mut table = String::from(
        "Instructions per operation, counted in QEMU with `-icount shift=0` (SysTick; resolution \
         40 instructions on mps2-an386, 62.5 on microbit); instructions, not cycles\n\n",
    );
    table.push_str("| binary | operation |");
    for board in &BOARDS {
        let _ = write!(table, " {} |", board.core);
    }
    let _ = write!(table, " vs baseline ({}) |\n|---|---|", first.core);
    table.push_str(&"---:|".repeat(BOARDS.len()));
    table.push_str("---|\n");
    for s in m.of_board(first) {
        for (op, n) in &s.times {
            let _ = write!(table, "| `{}` | `{op}` |", s.bin);
            for board in &BOARDS {
                match m.get(board.target, &s.bin).and_then(|s| s.time(op)) {
                    Some(n) => {
                        let _ = write!(table, " {n} |");
                    }
                    None => table.push_str(" |"),
                }
            }
            // The difference from the baseline's first operation, on the first board.
            let base = baseline_of(&s.bin, op)
                .and_then(|base| m.get(first.target, base))
                .and_then(|base| Some((base, base.times.first()?)));
            match base {
                Some((base, (base_op, base_n))) => {
                    let _ = writeln!(
                        table,
                        " {:+} vs `{}` `{base_op}` ({}×) |",
                        delta(*n, *base_n),
                        base.bin,
                        ratio(*n, *base_n)
                    );
                }
                None => table.push_str(" |\n"),
            }
        }
    }
    table
}

/// The scenarios that measure several operations against baselines of their own
/// ([`OPERATION_BASELINES`]): every figure per operation and board, then the differences.
fn operations_tables(m: &Measurements) -> String {
    let mut bins: Vec<&str> = Vec::new();
    for (bin, _, base) in OPERATION_BASELINES {
        for name in [bin, base] {
            if !bins.contains(&name) {
                bins.push(name);
            }
        }
    }
    let mut table = String::from("| binary | operation |");
    for what in ["flash (B)", "peak stack (B)", "instructions"] {
        for board in &BOARDS {
            let _ = write!(table, " {what} {} |", short(board));
        }
    }
    table.push_str("\n|---|---|");
    table.push_str(&"---:|".repeat(BOARDS.len().saturating_mul(3)));
    table.push('\n');
    for bin in bins {
        let ops: Vec<&str> = BOARDS
            .first()
            .and_then(|board| m.get(board.target, bin))
            .map(|s| s.stacks.iter().map(|(op, _)| op.as_str()).collect())
            .unwrap_or_default();
        for (index, op) in ops.iter().enumerate() {
            let _ = write!(table, "| `{bin}` | `{op}` |");
            for board in &BOARDS {
                match m.get(board.target, bin) {
                    Some(_) if index > 0 => table.push_str(" (same binary) |"),
                    Some(s) => {
                        let _ = write!(table, " {} |", s.flash);
                    }
                    None => table.push_str(" |"),
                }
            }
            for figure in [Scenario::stack, Scenario::time] {
                for board in &BOARDS {
                    let value = m.get(board.target, bin).and_then(|s| figure(s, op));
                    let _ = write!(
                        table,
                        " {} |",
                        value.map(|n| n.to_string()).unwrap_or_default()
                    );
                }
            }
            table.push('\n');
        }
    }
    table.push_str("\nThe JOSE layer, as differences against the baselines:\n\n|  |");
    for board in &BOARDS {
        let _ = write!(table, " {} |", board.core);
    }
    table.push_str("\n|---|");
    table.push_str(&"---:|".repeat(BOARDS.len()));
    table.push('\n');
    for (bin, op, base) in OPERATION_BASELINES {
        let _ = write!(table, "| `{op}` against `{base}`: instructions |");
        for board in &BOARDS {
            let pair = m.get(board.target, bin).and_then(|s| s.time(op)).zip(
                m.get(board.target, base)
                    .and_then(|b| Some(b.times.first()?.1)),
            );
            match pair {
                Some((n, b)) => {
                    let _ = write!(table, " {:+} ({}×) |", delta(n, b), ratio(n, b));
                }
                None => table.push_str(" |"),
            }
        }
        let _ = write!(table, "\n| `{op}` against `{base}`: peak stack |");
        for board in &BOARDS {
            let pair = m
                .get(board.target, bin)
                .and_then(|s| s.stack(op))
                .zip(m.get(board.target, base).map(Scenario::peak));
            match pair {
                Some((n, b)) => {
                    let _ = write!(table, " {:+} |", delta(n, b));
                }
                None => table.push_str(" |"),
            }
        }
        table.push('\n');
    }
    let mut flash_rows: Vec<&str> = OPERATION_BASELINES.iter().map(|(bin, ..)| *bin).collect();
    flash_rows.dedup();
    for bin in flash_rows {
        let Some(base) = baseline(bin) else { continue };
        let _ = write!(table, "| flash, `{bin}` against `{base}` |");
        for board in &BOARDS {
            let pair = m.get(board.target, bin).zip(m.get(board.target, base));
            match pair {
                Some((s, b)) => {
                    let _ = write!(table, " {:+} |", delta(s.flash, b.flash));
                }
                None => table.push_str(" |"),
            }
        }
        table.push('\n');
    }
    table
}

/// `M4F`, `M0`: a board's core without the `Cortex-` prefix.
fn short(board: &Board) -> &str {
    board.core.strip_prefix("Cortex-").unwrap_or(board.core)
}

/// A size goal of the firmware on the first board.
struct Goal {
    /// What the goal says, as shown.
    text: &'static str,
    /// The scenarios measured against it, with their label.
    bins: &'static [(&'static str, &'static str)],
    /// The figure compared with the limit.
    figure: Figure,
    /// The limit, in bytes.
    limit: u64,
}

#[derive(Clone, Copy)]
enum Figure {
    Flash,
    Stack,
    FlashOverBaseline,
    StackOverBaseline,
}

/// The JOSE layer compared with the bare primitives.
const JOSE_LAYER: &[(&str, &str)] = &[
    ("verify_hs256", "HS256"),
    ("verify_es256", "ES256"),
    ("verify_eddsa", "EdDSA"),
];

/// The size goals the firmware was built against.
const GOALS: [Goal; 5] = [
    Goal {
        text: "JOSE layer at most +8 KB flash over the bare primitive",
        bins: JOSE_LAYER,
        figure: Figure::FlashOverBaseline,
        limit: 8_000,
    },
    Goal {
        text: "JOSE layer at most +1 KB stack",
        bins: JOSE_LAYER,
        figure: Figure::StackOverBaseline,
        limit: 1_000,
    },
    Goal {
        text: "`verify_hs256` at most 24 KB flash",
        bins: &[("verify_hs256", "")],
        figure: Figure::Flash,
        limit: 24_000,
    },
    Goal {
        text: "`verify_es256` at most 56 KB flash",
        bins: &[("verify_es256", "")],
        figure: Figure::Flash,
        limit: 56_000,
    },
    Goal {
        text: "`verify_es256` at most 8 KB peak stack",
        bins: &[("verify_es256", "")],
        figure: Figure::Stack,
        limit: 8_000,
    },
];

/// The goals, met or missed, on the first board.
fn targets_table(m: &Measurements) -> String {
    let board = &BOARDS[0];
    let mut table = format!("| target | measured ({}) | |\n|---|---|---|\n", board.core);
    for goal in &GOALS {
        let mut shown = Vec::new();
        let mut met = true;
        for (bin, label) in goal.bins {
            let scenario = m.get(board.target, bin);
            let base = baseline(bin).and_then(|base| m.get(board.target, base));
            let value = match goal.figure {
                Figure::Flash => scenario.map(|s| (signed(s.flash), None)),
                Figure::Stack => scenario.map(|s| (signed(s.peak()), base.map(Scenario::peak))),
                Figure::FlashOverBaseline => scenario
                    .zip(base)
                    .map(|(s, b)| (delta(s.flash, b.flash), None)),
                Figure::StackOverBaseline => scenario
                    .zip(base)
                    .map(|(s, b)| (delta(s.peak(), b.peak()), None)),
            };
            let Some((value, alone)) = value else {
                shown.push(format!("no figure for `{bin}`"));
                met = false;
                continue;
            };
            met &= value <= signed(goal.limit);
            let sign = matches!(
                goal.figure,
                Figure::FlashOverBaseline | Figure::StackOverBaseline
            );
            let mut text = kilobytes(value, sign);
            if !label.is_empty() {
                let _ = write!(text, " ({label})");
            }
            if let (Some(alone), Some(base)) = (alone, baseline(bin)) {
                let _ = write!(
                    text,
                    " (`{base}` alone: {})",
                    kilobytes(signed(alone), false)
                );
            }
            shown.push(text);
        }
        let _ = writeln!(
            table,
            "| {} | {} | {} |",
            goal.text,
            shown.join(", "),
            if met { "met" } else { "missed" }
        );
    }
    let ram: Vec<u64> = m.of_board(board).map(|s| s.ram).collect();
    let _ = writeln!(
        table,
        "| heap 0 bytes | 0, no allocator linked (static RAM of every scenario: {}) | met |",
        if ram.iter().all(|r| *r == 0) {
            "0".to_owned()
        } else {
            format!("up to {}", ram.iter().max().unwrap_or(&0))
        }
    );
    table
}

/// `bytes` in kilobytes of 1000 bytes with one decimal, with a sign if `sign`.
fn kilobytes(bytes: i64, sign: bool) -> String {
    let tenths = (bytes.unsigned_abs().saturating_add(50)) / 100;
    let prefix = match (sign, bytes < 0) {
        (_, true) => "-",
        (true, false) => "+",
        (false, false) => "",
    };
    format!("{prefix}{}.{} KB", tenths / 10, tenths % 10)
}

/// `a - b` as a signed number.
fn delta(a: u64, b: u64) -> i64 {
    signed(a).saturating_sub(signed(b))
}

fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// `a / b` with two decimals, rounded down.
pub(crate) fn ratio(a: u64, b: u64) -> String {
    let hundredths = a.saturating_mul(100) / b.max(1);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# comment\n\
        thumbv7em-none-eabihf baseline_hmac flash 13748\n\
        thumbv7em-none-eabihf baseline_hmac ram 0\n\
        thumbv7em-none-eabihf baseline_hmac stack hmac_sha256 964\n\
        thumbv7em-none-eabihf baseline_hmac time hmac_sha256 22080\n\
        thumbv7em-none-eabihf verify_hs256 flash 32708\n\
        thumbv7em-none-eabihf verify_hs256 ram 0\n\
        thumbv7em-none-eabihf verify_hs256 stack verify_hs256 3476\n\
        thumbv7em-none-eabihf verify_hs256 time verify_hs256 89400\n\
        thumbv6m-none-eabi verify_hs256 flash 34896\n\
        thumbv6m-none-eabi verify_hs256 ram 0\n\
        thumbv6m-none-eabi verify_hs256 stack verify_hs256 3568\n\
        thumbv6m-none-eabi verify_hs256 time verify_hs256 111000\n";

    #[test]
    fn the_file_reads_back_as_written() {
        let m = Measurements::parse(TEXT).unwrap();
        assert_eq!(m.0.len(), 3);
        assert_eq!(Measurements::parse(&m.to_text()).unwrap(), m);
        assert!(Measurements::parse("a b flash x\n").is_err());
        assert!(Measurements::parse("a b stack 5\n").is_err());
        assert!(Measurements::parse("a b flash op 5\n").is_err());
    }

    #[test]
    fn missing_scenarios_are_named() {
        let m = Measurements::parse(TEXT).unwrap();
        let bins = ["baseline_hmac".to_owned(), "verify_hs256".to_owned()];
        assert_eq!(m.missing(&bins), ["`baseline_hmac` on thumbv6m-none-eabi"]);
    }

    #[test]
    fn tables_compare_with_the_baseline() {
        let m = Measurements::parse(TEXT).unwrap();
        let size = block("firmware-size", &m).unwrap();
        assert!(
            size.contains("| `verify_hs256` | 32708 | 0 | 3476 `verify_hs256` | +18960 vs `baseline_hmac` | +2512 |\n"),
            "{size}"
        );
        let time = block("firmware-time", &m).unwrap();
        assert!(
            time.contains("| `verify_hs256` | `verify_hs256` | 89400 | 111000 | +67320 vs `baseline_hmac` `hmac_sha256` (4.04×) |\n"),
            "{time}"
        );
        let targets = block("firmware-targets", &m).unwrap();
        assert!(
            targets.contains("| `verify_hs256` at most 24 KB flash | 32.7 KB | missed |\n"),
            "{targets}"
        );
        assert!(block("nothing", &m).is_none());
    }

    #[test]
    fn kilobyte_and_ratio_formats() {
        assert_eq!(kilobytes(18_960, true), "+19.0 KB");
        assert_eq!(kilobytes(-52, true), "-0.1 KB");
        assert_eq!(kilobytes(8_396, false), "8.4 KB");
        assert_eq!(ratio(1_886_320, 1_877_560), "1.00");
        assert_eq!(ratio(89_400, 22_080), "4.04");
        assert_eq!(ratio(5, 0), "5.00");
    }
}
