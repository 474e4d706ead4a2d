//! Public search at each size, from the search benchmark
//! (`api/examples/search_bench.rs`), which fills its own database with that
//! many published complaints and times the endpoint's search function over
//! ten typical queries, each beside its first page found by one SQL
//! statement straight to the database.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::server::Backend;

/// The search benchmark's figures over all its queries.
#[derive(Clone, Copy, Debug)]
pub struct Search {
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// The same queries' first page as one statement to the database.
    pub direct_p50_ms: f64,
    pub direct_p99_ms: f64,
}

pub fn run(root: &Path, backend: Backend, size: usize, rounds: usize) -> Result<Search> {
    println!("  search over {size} published complaints ({rounds} rounds)…");
    let database = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let output = Command::new(root.join("target/release/examples/search_bench"))
        .current_dir(root)
        .args(["--database", database])
        .args(["--count", &size.to_string()])
        .args(["--rounds", &rounds.to_string()])
        .output()
        .context("running the search benchmark")?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "the search benchmark failed:\n{text}{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let search = all_queries(&text)
        .with_context(|| format!("no `| all (` row in the search benchmark's output:\n{text}"))?;
    println!(
        "    p50 {:.1} ms, p99 {:.1} ms (one statement: p50 {:.1} ms, p99 {:.1} ms)",
        search.p50_ms, search.p99_ms, search.direct_p50_ms, search.direct_p99_ms
    );
    Ok(search)
}

/// Reads `| all (N samples) | | p50 | p99 | max | direct p50 | direct p99 |`.
fn all_queries(report: &str) -> Option<Search> {
    let row = report.lines().find(|line| line.starts_with("| all ("))?;
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    let cell = |at: usize| cells.get(at)?.parse().ok();
    Some(Search {
        p50_ms: cell(3)?,
        p99_ms: cell(4)?,
        direct_p50_ms: cell(6)?,
        direct_p99_ms: cell(7)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_row_over_all_queries() {
        let report = "| query | matches | p50 ms | p99 ms | max ms | direct p50 ms | direct p99 ms |\n\
                      | q=退款 | 1000 | 26.2 | 28.3 | 28.3 | 3.1 | 4.0 |\n\
                      | all (100 samples) | | 25.7 | 71.6 | 73.3 | 2.9 | 40.5 |\n";

        let search = all_queries(report).unwrap();

        assert_eq!(search.p50_ms, 25.7);
        assert_eq!(search.p99_ms, 71.6);
        assert_eq!(search.direct_p50_ms, 2.9);
        assert_eq!(search.direct_p99_ms, 40.5);
        assert!(all_queries("| q=退款 | 1 | 2 | 3 | 4 |").is_none());
        assert!(all_queries("| all (10 samples) | | 1.0 | 2.0 | 3.0 |").is_none());
    }
}
