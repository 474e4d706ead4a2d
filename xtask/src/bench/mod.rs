//! `cargo xtask bench`: the server's speed against the database's own
//! limits. Builds in release mode, starts the server on SQLite and then on
//! PostgreSQL, fills each with complaints filed over HTTP up to each size
//! (each size on a day of its own by the server's demo clock, since
//! complaint numbers allow 999,999 a day),
//! measures filing, reading, an endpoint that does no work, memory and disk
//! at each size, runs the search benchmark at the same sizes, measures
//! `pgbench` baselines on the same PostgreSQL, and writes the table into
//! BENCHMARKS.md.

mod load;
mod pgbench;
mod report;
mod search;
mod server;
mod workload;

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::{cargo, check};
use load::{Budget, Load, drive};
use report::{Measured, Report, Run};
use server::{Backend, Server};
use workload::Workload;

/// What to run, from the command line.
#[derive(Clone, Debug)]
pub struct Options {
    pub sizes: Vec<usize>,
    pub backends: Vec<Backend>,
    pub concurrency: usize,
    /// Each measured run stops after this long…
    pub window: Duration,
    /// …or after this many requests.
    pub requests: usize,
    pub search_rounds: usize,
    pub write: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self> {
        let mut options = Self {
            sizes: vec![10_000, 100_000],
            backends: vec![Backend::Sqlite, Backend::Postgres],
            concurrency: 16,
            window: Duration::from_secs(20),
            requests: 20_000,
            search_rounds: 5,
            write: true,
        };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let mut value = || {
                args.next().with_context(|| {
                    format!("{flag} needs a value; see `cargo xtask bench --help`")
                })
            };
            match flag.as_str() {
                "--sizes" => options.sizes = numbers(value()?)?,
                "--backends" => options.backends = backends(value()?)?,
                "--concurrency" => options.concurrency = number(value()?)?.max(1),
                "--seconds" => options.window = Duration::from_secs(number(value()?)? as u64),
                "--requests" => options.requests = number(value()?)?,
                "--search-rounds" => options.search_rounds = number(value()?)?,
                "--no-write" => options.write = false,
                other => bail!("unknown option {other}\n{HELP}"),
            }
        }
        options.sizes.sort_unstable();
        Ok(options)
    }
}

const HELP: &str = "usage: cargo xtask bench [options]

  --sizes 10000,100000        complaints in the database at each measuring point (add 1000000 for the full table)
  --backends sqlite,postgres  which setups to measure
  --concurrency 16            HTTP workers, and pgbench clients
  --seconds 20                time budget of each measured run
  --requests 20000            request budget of each measured run
  --search-rounds 5           rounds of the search benchmark's ten queries at each size (0: skip search)
  --no-write                  print the table without writing BENCHMARKS.md

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) with psql and pgbench.";

fn number(text: &str) -> Result<usize> {
    text.replace('_', "")
        .parse()
        .with_context(|| format!("{text} is not a whole number"))
}

fn numbers(text: &str) -> Result<Vec<usize>> {
    text.split(',').map(number).collect()
}

fn backends(text: &str) -> Result<Vec<Backend>> {
    text.split(',')
        .map(|name| match name {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" => Ok(Backend::Postgres),
            other => bail!("unknown backend {other}: use sqlite, postgres or both"),
        })
        .collect()
}

pub fn command(root: &Path, args: &[String]) -> Result<ExitCode> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return Ok(ExitCode::SUCCESS);
    }
    let options = Options::parse(args)?;

    println!("building the server and the search benchmark in release mode…");
    check(
        cargo(root).args(["build", "--release", "-p", "api", "--bin", "redress"]),
        "building the server",
    )?;
    if options.search_rounds > 0 {
        check(
            cargo(root).args([
                "build",
                "--release",
                "-p",
                "api",
                "--example",
                "search_bench",
            ]),
            "building the search benchmark",
        )?;
    }
    let scratch = root.join("target").join("bench");
    std::fs::create_dir_all(&scratch)?;

    let report = measure(root, &scratch, &options)?;
    let table = report.markdown();
    println!("\n{table}");
    if options.write {
        report::write(&root.join("BENCHMARKS.md"), &table)?;
        println!("wrote the table into BENCHMARKS.md");
    }
    Ok(ExitCode::SUCCESS)
}

fn measure(root: &Path, scratch: &Path, options: &Options) -> Result<Report> {
    let binary = root.join("target").join("release").join("redress");
    let largest = options.sizes.last().copied().unwrap_or(10_000);

    println!("pgbench baselines at {} clients…", options.concurrency);
    let baselines = pgbench::measure(
        &pgbench::Server::local(),
        scratch,
        options.concurrency,
        largest,
        options.window,
    )?;
    println!(
        "  insert {:.0}/s, select by key {:.0}/s",
        baselines.insert_tps, baselines.select_tps
    );

    let mut runs = Vec::new();
    for &backend in &options.backends {
        runs.push(measure_backend(root, &binary, scratch, backend, options)?);
    }
    Ok(Report::new(root, options.clone(), baselines, runs))
}

fn measure_backend(
    root: &Path,
    binary: &Path,
    scratch: &Path,
    backend: Backend,
    options: &Options,
) -> Result<Run> {
    println!(
        "\n{}: starting the server on a fresh database…",
        backend.name()
    );
    let days = filing_days(options)?;
    let server = Server::start(binary, backend, scratch, server::free_port()?)?;
    let runtime = crate::runtime()?;
    let workload =
        runtime.block_on(Workload::prepare(&server.url, options.concurrency, days[0]))?;
    let budget = Budget {
        requests: options.requests,
        time: options.window,
    };

    let nothing = runtime.block_on(nothing(&workload, options.concurrency, budget));
    println!("  no work: {}", summary(&nothing));

    let mut filed = 0;
    let mut points = Vec::new();
    for (n, (&size, &day)) in options.sizes.iter().zip(&days).enumerate() {
        // The first day is where `prepare` set the clock.
        if n > 0 {
            runtime.block_on(workload.move_clock(day))?;
        }
        let fill = size.saturating_sub(filed);
        if fill > 0 {
            println!("  filing {fill} complaints to reach {size}…");
            let load = runtime.block_on(filing(&workload, options.concurrency, fill, None));
            filed += load.ok;
            println!("    {}", summary(&load));
        }
        let reached = filed;
        let filing = runtime.block_on(filing(
            &workload,
            options.concurrency,
            options.requests,
            Some(budget),
        ));
        filed += filing.ok;
        println!("  filing at {reached}: {}", summary(&filing));
        let reading = runtime.block_on(reading(&workload, options.concurrency, budget));
        println!("  reading at {filed}: {}", summary(&reading));

        let search = if options.search_rounds > 0 {
            Some(search::run(root, backend, size, options.search_rounds)?)
        } else {
            None
        };
        points.push(Measured {
            complaints: reached,
            stored: filed,
            filing,
            reading,
            search,
            memory: server.memory()?,
            database_bytes: server.database_bytes()?,
        });
    }
    Ok(Run {
        backend,
        nothing,
        points,
    })
}

/// Complaint numbers allow this many a day.
const NUMBERS_A_DAY: usize = 999_999;

/// The server's time for each size's filings: a day of its own, ending
/// with the last size a few minutes ago, so that no day's complaints run
/// out of numbers.
fn filing_days(options: &Options) -> Result<Vec<chrono::DateTime<chrono::Utc>>> {
    let mut filed = 0;
    for &size in &options.sizes {
        let day = size.saturating_sub(filed) + options.requests;
        if day > NUMBERS_A_DAY {
            bail!(
                "filing {day} complaints for the size {size} would take more than a day's \
                 {NUMBERS_A_DAY} complaint numbers; add a size in between (--sizes)"
            );
        }
        filed = filed.max(size);
    }

    let last = chrono::Utc::now() - chrono::Duration::minutes(5);
    let count = options.sizes.len() as i64;
    Ok((0..count)
        .map(|n| last - chrono::Duration::days(count - 1 - n))
        .collect())
}

async fn nothing(workload: &Arc<Workload>, concurrency: usize, budget: Budget) -> Load {
    let workload = Arc::clone(workload);
    drive(concurrency, budget, move |_, _| {
        let workload = Arc::clone(&workload);
        async move { workload.nothing().await }
    })
    .await
}

/// Files `count` complaints, within `budget` when one is given.
async fn filing(
    workload: &Arc<Workload>,
    concurrency: usize,
    count: usize,
    budget: Option<Budget>,
) -> Load {
    let budget = match budget {
        Some(budget) => Budget {
            requests: count.min(budget.requests),
            time: budget.time,
        },
        None => Budget {
            requests: count,
            time: Duration::from_secs(6 * 3600),
        },
    };
    let workload = Arc::clone(workload);
    drive(concurrency, budget, move |worker, sequence| {
        let workload = Arc::clone(&workload);
        async move { workload.file(worker, sequence).await }
    })
    .await
}

async fn reading(workload: &Arc<Workload>, concurrency: usize, budget: Budget) -> Load {
    let workload = Arc::clone(workload);
    drive(concurrency, budget, move |_, sequence| {
        let workload = Arc::clone(&workload);
        async move { workload.read(sequence).await }
    })
    .await
}

fn summary(load: &Load) -> String {
    format!(
        "{} requests in {:.1} s, {:.0}/s, p50 {:.1} ms, p99 {:.1} ms, {} 4xx, {} 5xx, {} unanswered",
        load.requests(),
        load.elapsed.as_secs_f64(),
        load.rate(),
        load.percentile(0.5),
        load.percentile(0.99),
        load.client_errors,
        load.server_errors,
        load.failures
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_read_sizes_backends_and_budgets() {
        let args: Vec<String> = [
            "--sizes",
            "100_000,10000",
            "--backends",
            "postgres",
            "--seconds",
            "5",
            "--no-write",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();

        let options = Options::parse(&args).unwrap();

        assert_eq!(options.sizes, vec![10_000, 100_000]);
        assert_eq!(options.backends, vec![Backend::Postgres]);
        assert_eq!(options.window, Duration::from_secs(5));
        assert!(!options.write);
        assert!(Options::parse(&["--backends".to_owned(), "mysql".to_owned()]).is_err());
        assert!(Options::parse(&["--sizes".to_owned()]).is_err());
    }

    #[test]
    fn each_size_files_on_a_day_of_its_own_within_the_days_numbers() {
        let mut options =
            Options::parse(&["--sizes".to_owned(), "10000,100000,1000000".to_owned()]).unwrap();

        let days = filing_days(&options).unwrap();

        assert_eq!(days.len(), 3);
        assert_eq!(days[1] - days[0], chrono::Duration::days(1));
        assert_eq!(days[2] - days[1], chrono::Duration::days(1));
        let before_now = chrono::Utc::now() - days[2];
        assert!(
            before_now > chrono::Duration::zero() && before_now < chrono::Duration::minutes(10)
        );

        options.sizes = vec![100_000, 1_100_000];
        let error = filing_days(&options).unwrap_err().to_string();
        assert!(error.contains("size 1100000"), "{error}");
    }
}
