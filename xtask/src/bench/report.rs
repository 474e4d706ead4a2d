//! The Markdown table of one `cargo xtask bench` run, and its place in
//! BENCHMARKS.md between two markers, replaced by each run.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use super::Options;
use super::load::Load;
use super::pgbench::{self, Baselines};
use super::search::Search;
use super::server::{Backend, Memory};

const BEGIN: &str = "<!-- cargo xtask bench: begin -->";
const END: &str = "<!-- cargo xtask bench: end -->";
/// Where the section goes the first time: before this heading.
const BEFORE: &str = "## SPA budgets";

/// The goals the issue sets.
const FILING_GOAL: f64 = 0.5;
const READING_GOAL: f64 = 0.6;
const SEARCH_P99_GOAL_MS: f64 = 50.0;
const MEMORY_GOAL_BYTES: u64 = 200 * 1024 * 1024;

/// One measuring point: the figures at one number of complaints.
pub struct Measured {
    /// Complaints in the database when the measured runs began.
    pub complaints: usize,
    /// Complaints in the database when its size was read.
    pub stored: usize,
    pub filing: Load,
    pub reading: Load,
    pub search: Option<Search>,
    pub memory: Memory,
    pub database_bytes: u64,
}

/// Everything measured on one setup.
pub struct Run {
    pub backend: Backend,
    pub nothing: Load,
    pub points: Vec<Measured>,
}

pub struct Report {
    context: String,
    baselines: Baselines,
    runs: Vec<Run>,
}

impl Report {
    pub fn new(root: &Path, options: Options, baselines: Baselines, runs: Vec<Run>) -> Self {
        Self {
            context: context(root, &options),
            baselines,
            runs,
        }
    }

    pub fn markdown(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.context);
        out.push_str(
            "\n| setup | complaints | what | figure | baseline (same run) | ratio | goal |\n\
             |---|---:|---|---|---|---:|---|\n",
        );
        for run in &self.runs {
            self.rows(&mut out, run);
        }
        out
    }

    fn rows(&self, out: &mut String, run: &Run) {
        let setup = run.backend.name();
        let _ = writeln!(
            out,
            "| {setup} | | endpoint that does no work (`GET /healthz`) | {} | | | the framework's ceiling |",
            rate(&run.nothing)
        );
        for point in &run.points {
            let n = thousands(point.complaints as u64);
            let filing = point.filing.rate() / self.baselines.insert_tps;
            let _ = writeln!(
                out,
                "| {setup} | {n} | filing a complaint over HTTP (number, complaint, timeline entry, deadline, notices, idempotency key: one transaction) | {}; {} | pgbench one-row insert: {:.0}/s | {filing:.2} | ≥ {FILING_GOAL} {} |",
                rate(&point.filing),
                of_ceiling(&point.filing, &run.nothing),
                self.baselines.insert_tps,
                verdict(filing >= FILING_GOAL)
            );
            let reading = point.reading.rate() / self.baselines.select_tps;
            let _ = writeln!(
                out,
                "| {setup} | {n} | reading one complaint over HTTP | {}; {} | pgbench select one row by key: {:.0}/s | {reading:.2} | ≥ {READING_GOAL} {} |",
                rate(&point.reading),
                of_ceiling(&point.reading, &run.nothing),
                self.baselines.select_tps,
                verdict(reading >= READING_GOAL)
            );
            if let Some(search) = point.search {
                let _ = writeln!(
                    out,
                    "| {setup} | {n} | public search, ten typical queries (search benchmark, as many published complaints): page, total, facets, snippets | p50 {:.1} ms, p99 {:.1} ms | the same queries' first page as one SQL statement: p50 {:.1} ms, p99 {:.1} ms | {:.2} | p99 < {SEARCH_P99_GOAL_MS} ms {} |",
                    search.p50_ms,
                    search.p99_ms,
                    search.direct_p50_ms,
                    search.direct_p99_ms,
                    search.direct_p99_ms / search.p99_ms,
                    verdict(search.p99_ms < SEARCH_P99_GOAL_MS)
                );
            }
            let _ = writeln!(
                out,
                "| {setup} | {n} | server resident memory, now (peak) | {} ({}) | | | < 200 MB {} |",
                megabytes(point.memory.resident),
                megabytes(point.memory.peak),
                verdict(point.memory.peak < MEMORY_GOAL_BYTES)
            );
            let per_complaint = point.database_bytes / (point.stored.max(1) as u64);
            let _ = writeln!(
                out,
                "| {setup} | {n} | database on disk per complaint | {} bytes ({} in all) | | | |",
                thousands(per_complaint),
                megabytes(point.database_bytes)
            );
        }
    }
}

fn rate(load: &Load) -> String {
    let mut figure = format!(
        "{:.0}/s, p50 {:.1} ms, p99 {:.1} ms",
        load.rate(),
        load.percentile(0.5),
        load.percentile(0.99)
    );
    if !load.clean() {
        let _ = write!(
            figure,
            "; {} of {} not 2xx ({} 4xx, {} 5xx, {} unanswered)",
            load.requests() - load.ok,
            load.requests(),
            load.client_errors,
            load.server_errors,
            load.failures
        );
    }
    figure
}

/// The rate as a share of the endpoint that does no work.
fn of_ceiling(load: &Load, nothing: &Load) -> String {
    format!(
        "{:.2} of the no-work rate",
        load.rate() / nothing.rate().max(f64::EPSILON)
    )
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**not met**" }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Date, commit, machine, PostgreSQL and the settings of the run.
fn context(root: &Path, options: &Options) -> String {
    let postgres = pgbench::Server::local()
        .psql("postgres", "SHOW server_version")
        .unwrap_or_else(|_| "unknown".to_owned());
    format!(
        "Run on {} at commit `{}`; machine: {} (load average {} as the run ended); PostgreSQL {postgres} on the same machine with \
         its default settings. Load: {} HTTP workers (and {} pgbench clients), each measured run \
         bounded by {} requests and {} s; the load generator runs on the same cores as the \
         server, as pgbench runs beside PostgreSQL. Reproduce: `cargo xtask bench --sizes {}`.\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        commit(root),
        machine(),
        load_average(),
        options.concurrency,
        options.concurrency,
        options.requests,
        options.window.as_secs(),
        options
            .sizes
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(","),
    )
}

fn commit(root: &Path) -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let head = git(&["rev-parse", "--short", "HEAD"]);
    let changed = !git(&["status", "--porcelain", "--untracked-files=no"]).is_empty();
    if changed { format!("{head}+") } else { head }
}

/// The one-minute load average: above the number of cores, something else
/// shared the machine with the run.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|l| l.split_whitespace().next()?.parse::<u64>().ok())
        })
        .map_or_else(String::new, |kib| {
            format!(", {:.0} GiB", kib as f64 / 1048576.0)
        });
    format!("{cores} cores ({cpu}){memory}")
}

/// Puts `table` between the markers in BENCHMARKS.md, or adds the section.
pub fn write(path: &Path, table: &str) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let block = format!("{BEGIN}\n{table}{END}");
    let updated = match (text.find(BEGIN), text.find(END)) {
        (Some(begin), Some(end)) if begin < end => {
            format!("{}{block}{}", &text[..begin], &text[end + END.len()..])
        }
        _ => {
            let section = format!(
                "## Server speed against the database (`cargo xtask bench`)\n\n{block}\n\n"
            );
            match text.find(BEFORE) {
                Some(at) => format!("{}{section}{}", &text[..at], &text[at..]),
                None => format!("{text}\n{section}"),
            }
        }
    };
    std::fs::write(path, updated).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_run_replaces_the_first_table_only() {
        let folder = std::env::temp_dir().join(format!("redress-bench-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join("BENCHMARKS.md");
        std::fs::write(&path, "# Benchmarks\n\nintro\n\n## SPA budgets\n\nspa\n").unwrap();

        write(&path, "first table\n").unwrap();
        write(&path, "second table\n").unwrap();

        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("second table"));
        assert!(!text.contains("first table"));
        assert_eq!(text.matches(BEGIN).count(), 1);
        assert!(text.find("second table").unwrap() < text.find("## SPA budgets").unwrap());
        assert!(text.ends_with("spa\n"));
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(12_345), "12,345");
    }
}
