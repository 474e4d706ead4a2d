//! Developer and operator commands for redress:
//!
//! - `cargo xtask run [--release] [-- <redress flags>]`: build the SPA, build
//!   the server, migrate and serve on http://127.0.0.1:8080.
//! - `cargo xtask test`: every check CI runs, with one summary at the end.
//! - `cargo xtask run --demo`: the same on a fresh database, filled by a
//!   replay of a few thousand real complaints.
//! - `cargo xtask replay`: replay real complaints into a demo server.
//! - `cargo xtask openapi`: write `openapi/openapi.json` from the code.
//! - `cargo xtask e2e`: the browser tests alone, optionally refreshing the
//!   README's screenshots.
//! - `cargo xtask bench`: the server's filing, reading, search, memory and
//!   disk at growing sizes, against `pgbench` on the same PostgreSQL.
//! - `cargo xtask fuzz`: requests generated from the OpenAPI document sent
//!   to a throw-away server; fails on a 5xx or an answer the document does
//!   not allow.
//! - `cargo xtask bench-spa`: the SPA's download size and time to interactive.
//! - `cargo xtask train-classifier`: train, evaluate and write the complaint
//!   classifier the server embeds.

mod bench;
mod browser;
mod classifier;
mod demo;
mod fuzz;
mod replay;
mod spa;
mod spa_split;
mod suite;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

fn main() -> ExitCode {
    match dispatch() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch() -> Result<ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("run") => run(&root, &args[1..]).map(|()| ExitCode::SUCCESS),
        Some("test") => suite::run(&root),
        Some("openapi") => write_openapi(&root).map(|()| ExitCode::SUCCESS),
        Some("replay") => replay_command(&root, &args[1..]),
        Some("spa") => spa::build(&root).map(|_| ExitCode::SUCCESS),
        Some("e2e") => browser::e2e_command(&root, &args[1..]),
        Some("bench") => bench::command(&root, &args[1..]),
        Some("fuzz") => fuzz::command(&root, &args[1..]),
        Some("bench-spa") => browser::bench_command(&root, &args[1..]),
        Some("train-classifier") => classifier::command(&root, &args[1..]),
        _ => {
            eprintln!("{USAGE}");
            Ok(ExitCode::from(2))
        }
    }
}

const USAGE: &str = "usage: cargo xtask <command>

  run [--release] [-- <redress flags>]   build the SPA and the server, migrate, serve on 127.0.0.1:8080
  run --demo [--size N] [--release]      the same on a fresh database filled with N replayed real complaints
  replay [--limit N] [--concurrency C]   replay real complaints into a server started with --demo
  test                                   formatting, clippy, tests on SQLite and PostgreSQL, SPA build, browser tests, OpenAPI drift, API fuzz
  openapi                                write openapi/openapi.json from the code
  spa                                    build the SPA into web/dist only
  e2e [--refresh-screenshots]            the browser tests alone; the flag copies their screenshots to docs/screenshots
  bench [--sizes N,N] [--help]           the server against pgbench on SQLite and PostgreSQL at each size; writes BENCHMARKS.md
  fuzz                                   requests generated from openapi/openapi.json (schemathesis) as four roles; fails on a 5xx or an answer the document does not allow
  bench-spa [--runs N]                   the SPA budgets: gzipped initial download and time to interactive (median of N)
  train-classifier [--report]            train the complaint classifier on the replay data, evaluate it, write api/data/classifier/model.bin";

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn run(root: &Path, args: &[String]) -> Result<()> {
    let (own, passthrough) = match args.iter().position(|a| a == "--") {
        Some(split) => (&args[..split], &args[split + 1..]),
        None => (args, &[][..]),
    };
    let mut release = false;
    let mut demo_size = None;
    let mut own = own.iter();
    while let Some(flag) = own.next() {
        match flag.as_str() {
            "--release" => release = true,
            "--demo" => demo_size = Some(demo_size.unwrap_or(demo::DEFAULT_SIZE)),
            "--size" => {
                let size = own.next().and_then(|n| n.parse().ok());
                demo_size =
                    Some(size.context("--size takes a number of complaints, e.g. --size 3000")?);
            }
            _ => bail!(
                "`cargo xtask run` takes --release and --demo [--size N]; give server flags after `--`, \
                 e.g. `cargo xtask run -- --bind 127.0.0.1:8081`"
            ),
        }
    }

    spa::build(root)?;
    println!("building the server…");
    let mut build = cargo(root);
    build.args(["build", "-p", "api", "--bin", "redress"]);
    if release {
        build.arg("--release");
    }
    check(&mut build, "building the server")?;

    let profile = if release { "release" } else { "debug" };
    let binary = root.join("target").join(profile).join("redress");
    if let Some(size) = demo_size {
        return demo::run(root, &binary, size, passthrough);
    }
    let mut serve = Command::new(binary);
    serve.current_dir(root).args(passthrough);
    become_server(serve)
}

/// Replaces this process with the server, so that Ctrl-C and SIGTERM reach
/// it directly and nothing is left running behind.
#[cfg(unix)]
fn become_server(mut serve: Command) -> Result<()> {
    use std::os::unix::process::CommandExt;

    let error = serve.exec();
    Err(error).context("starting redress")
}

#[cfg(not(unix))]
fn become_server(mut serve: Command) -> Result<()> {
    check(&mut serve, "running redress")
}

fn replay_command(root: &Path, args: &[String]) -> Result<ExitCode> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{}", replay::USAGE);
        return Ok(ExitCode::SUCCESS);
    }
    let options = replay::Options::parse(args, root.join("target").join("replay"))?;
    let summary = runtime()?.block_on(replay::replay(&options))?;
    println!("{}", serde_json::to_string(&summary)?);
    Ok(if summary.errors == 0 && summary.not_as_recorded == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

fn write_openapi(root: &Path) -> Result<()> {
    let document = openapi_document(root)?;
    let path = root.join("openapi").join("openapi.json");
    std::fs::write(&path, document).with_context(|| format!("writing {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// The document the current code generates, from `redress openapi`.
pub fn openapi_document(root: &Path) -> Result<String> {
    let output = cargo(root)
        .args([
            "run", "--quiet", "-p", "api", "--bin", "redress", "--", "openapi",
        ])
        .output()
        .context("running `redress openapi`")?;
    if !output.status.success() {
        bail!(
            "`redress openapi` failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    String::from_utf8(output.stdout).context("the OpenAPI document is not UTF-8")
}

pub fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    command
}

pub fn check(command: &mut Command, what: &str) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("starting: {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}
