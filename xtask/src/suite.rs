//! `cargo xtask test`: every check, in the order CI runs them, then one
//! summary. A failed step does not stop the later ones.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::{browser, cargo, fuzz, spa};

enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

struct Step {
    name: &'static str,
    outcome: Outcome,
    seconds: u64,
}

/// Passed and failed test counts, summed over every `cargo test` run.
#[derive(Default)]
struct Counts {
    passed: u64,
    failed: u64,
    ignored: u64,
    /// Of `passed` and `failed`, those run in the browser.
    browser: browser::Counts,
}

pub fn run(root: &Path) -> Result<ExitCode> {
    let mut steps = Vec::new();
    let mut counts = Counts::default();
    let in_ci = std::env::var_os("CI").is_some();

    steps.push(timed("format", || {
        plain(cargo(root).args(["fmt", "--all", "--check"]))
    }));
    steps.push(timed("clippy", || {
        plain(cargo(root).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    }));
    steps.push(timed("tests (SQLite)", || {
        tests(
            cargo(root)
                .args(["test", "--workspace"])
                .env("REDRESS_TEST_DATABASE", "sqlite"),
            &mut counts,
        )
    }));
    steps.push(timed("tests (PostgreSQL)", || {
        postgres_tests(root, in_ci, &mut counts)
    }));
    let mut spa_built = false;
    steps.push(timed("SPA build", || match spa::build(root) {
        Ok(_) => {
            spa_built = true;
            Outcome::Passed
        }
        Err(error) => Outcome::Failed(format!("{error:#}")),
    }));
    steps.push(timed("browser tests", || {
        browser_tests(root, in_ci, spa_built, &mut counts)
    }));
    steps.push(timed("OpenAPI drift", || openapi_drift(root)));
    steps.push(timed("API fuzz", || api_fuzz(root, in_ci)));

    Ok(summary(&steps, &counts))
}

fn timed(name: &'static str, step: impl FnOnce() -> Outcome) -> Step {
    println!("\n==> {name}");
    let started = Instant::now();
    let outcome = step();
    Step {
        name,
        outcome,
        seconds: started.elapsed().as_secs(),
    }
}

fn plain(command: &mut Command) -> Outcome {
    match command.status() {
        Ok(status) if status.success() => Outcome::Passed,
        Ok(status) => Outcome::Failed(format!("exited with {status}")),
        Err(error) => Outcome::Failed(format!("could not start: {error}")),
    }
}

/// Runs `cargo test`, echoing its output and counting its results.
fn tests(command: &mut Command, counts: &mut Counts) -> Outcome {
    let child = command.stdout(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) => return Outcome::Failed(format!("could not start: {error}")),
    };
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            count(&line, counts);
        }
    }
    match child.wait() {
        Ok(status) if status.success() => Outcome::Passed,
        Ok(status) => Outcome::Failed(format!("exited with {status}")),
        Err(error) => Outcome::Failed(error.to_string()),
    }
}

/// Reads `test result: ok. 12 passed; 0 failed; 1 ignored; …`.
fn count(line: &str, counts: &mut Counts) {
    let Some(rest) = line.strip_prefix("test result: ") else {
        return;
    };
    for part in rest.split(';') {
        let mut words = part.split_whitespace().rev();
        let (Some(kind), Some(number)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(number) = number.parse::<u64>() else {
            continue;
        };
        match kind {
            "passed" => counts.passed += number,
            "failed" => counts.failed += number,
            "ignored" => counts.ignored += number,
            _ => {}
        }
    }
}

/// Runs the API's integration tests again on PostgreSQL. The test program
/// that the SQLite step built is run directly: asking cargo for it by name
/// would rebuild the dependencies with another set of features.
fn postgres_tests(root: &Path, in_ci: bool, counts: &mut Counts) -> Outcome {
    let address: SocketAddr = ([127, 0, 0, 1], 5432).into();
    if TcpStream::connect_timeout(&address, Duration::from_secs(3)).is_err() {
        let why = "PostgreSQL does not answer at 127.0.0.1:5432".to_owned();
        return if in_ci {
            Outcome::Failed(why)
        } else {
            Outcome::Skipped(why)
        };
    }
    let program = match integration_test_program(root) {
        Ok(program) => program,
        Err(error) => return Outcome::Failed(format!("{error:#}")),
    };

    let run = format!("{}", std::process::id());
    let outcome = tests(
        Command::new(program)
            .current_dir(root.join("api"))
            .env("REDRESS_TEST_DATABASE", "postgres")
            .env("REDRESS_TEST_RUN", &run),
        counts,
    );

    drop_leftover_databases(&run);
    outcome
}

/// Drops the databases this run's tests left behind: the migrated template
/// they were copied from, and any that a failed test did not drop.
fn drop_leftover_databases(run: &str) {
    let psql = |sql: &str| {
        Command::new("psql")
            .args([
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-Atc",
                sql,
            ])
            .output()
    };
    let pattern = format!("redress\\_t\\_{run}\\_%");
    let listed = psql(&format!(
        "SELECT datname FROM pg_database WHERE datname LIKE '{pattern}'"
    ));
    let Ok(listed) = listed.inspect_err(|error| {
        println!("could not list this run's test databases with psql ({error}); drop redress_t_{run}_* by hand")
    }) else {
        return;
    };

    for name in String::from_utf8_lossy(&listed.stdout).lines() {
        let dropped = psql(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        if !matches!(dropped, Ok(ref output) if output.status.success()) {
            println!("could not drop the test database {name}; drop it with `dropdb {name}`");
        }
    }
}

/// The path of the `api` crate's integration test program, from cargo's
/// build messages (nothing is rebuilt: the SQLite step built it).
fn integration_test_program(root: &Path) -> Result<PathBuf> {
    let output = cargo(root)
        .args(["test", "--workspace", "--no-run", "--message-format=json"])
        .stderr(Stdio::inherit())
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| {
            message["target"]["name"] == "api" && message["target"]["kind"][0] == "test"
        })
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| anyhow::anyhow!("cargo did not report the api integration test program"))
}

/// Serves the SPA that the previous step built from the server binary that
/// the test step built, and runs `e2e/tests` against it in Chromium.
fn browser_tests(root: &Path, in_ci: bool, spa_built: bool, counts: &mut Counts) -> Outcome {
    if !spa_built {
        return Outcome::Failed("the SPA did not build".to_owned());
    }
    let tools = match browser::Tools::find() {
        Ok(tools) => tools,
        Err(why) if in_ci => return Outcome::Failed(why),
        Err(why) => return Outcome::Skipped(why),
    };
    let binary = root.join("target").join("debug").join("redress");
    let run = browser::install_packages(root)
        .and_then(|()| browser::Server::start(root, &binary))
        .and_then(|server| browser::run_tests(root, &tools, &server));
    let (browser_counts, passed) = match run {
        Ok(result) => result,
        Err(error) => return Outcome::Failed(format!("{error:#}")),
    };

    counts.passed += browser_counts.passed;
    counts.failed += browser_counts.failed;
    counts.browser.passed += browser_counts.passed;
    counts.browser.failed += browser_counts.failed;
    match (passed, browser_counts.passed) {
        (true, 0) => Outcome::Failed("no browser test ran".to_owned()),
        (true, _) => Outcome::Passed,
        (false, _) => Outcome::Failed(format!(
            "{} browser tests failed; screenshots in target/e2e/screenshots, server log in target/e2e/server.log",
            browser_counts.failed
        )),
    }
}

/// Sends requests generated from the committed document to the server
/// binary that the test step built, anonymously and as three roles.
fn api_fuzz(root: &Path, in_ci: bool) -> Outcome {
    if let Err(why) = fuzz::find_python() {
        return if in_ci {
            Outcome::Failed(why)
        } else {
            Outcome::Skipped(why)
        };
    }
    let binary = root.join("target").join("debug").join("redress");
    match fuzz::run(root, &binary) {
        Ok(0) => Outcome::Passed,
        Ok(roles) => Outcome::Failed(format!(
            "schemathesis found answers the API document does not allow, or errors, as {roles} of the 4 roles; server log in target/e2e/server.log"
        )),
        Err(error) => Outcome::Failed(format!("{error:#}")),
    }
}

/// Compares the committed document with what the server binary that the
/// test step built prints.
fn openapi_drift(root: &Path) -> Outcome {
    let committed =
        std::fs::read_to_string(root.join("openapi").join("openapi.json")).unwrap_or_default();
    let binary = root.join("target").join("debug").join("redress");
    let generated = Command::new(&binary).arg("openapi").output();
    match generated {
        Ok(output) if output.status.success() && output.stdout == committed.as_bytes() => {
            Outcome::Passed
        }
        Ok(output) if output.status.success() => Outcome::Failed(
            "openapi/openapi.json differs from the code: run `cargo xtask openapi` and commit it"
                .to_owned(),
        ),
        Ok(output) => Outcome::Failed(format!(
            "`redress openapi` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )),
        Err(error) => Outcome::Failed(format!("running {}: {error}", binary.display())),
    }
}

fn summary(steps: &[Step], counts: &Counts) -> ExitCode {
    println!("\n==> summary");
    let mut failed = false;
    for step in steps {
        let (mark, note) = match &step.outcome {
            Outcome::Passed => ("ok     ", String::new()),
            Outcome::Failed(why) => {
                failed = true;
                ("FAILED ", format!(": {why}"))
            }
            Outcome::Skipped(why) => ("skipped", format!(": {why}")),
        };
        println!("  {mark} {:<20} {:>5} s{note}", step.name, step.seconds);
    }
    if counts.ignored > 0 {
        println!("  ({} tests ignored)", counts.ignored);
    }
    println!("tests: {} passed, {} failed", counts.passed, counts.failed);
    println!(
        "  (of which in the browser: {} passed, {} failed)",
        counts.browser.passed, counts.browser.failed
    );

    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_result_lines_are_summed() {
        let mut counts = Counts::default();

        count(
            "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s",
            &mut counts,
        );
        count(
            "test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out",
            &mut counts,
        );
        count("running 5 tests", &mut counts);

        assert_eq!((counts.passed, counts.failed, counts.ignored), (15, 2, 1));
    }
}
