//! The browser tests and the SPA budgets: a throw-away server on a free
//! local port, the Node project in `e2e/` (playwright-core driving Debian's
//! Chromium), and the counts or figures they print.
//!
//! - `cargo xtask e2e [--refresh-screenshots]`: build the SPA and the server,
//!   run the browser tests; with the flag, copy the screenshots of a passing
//!   run into `docs/screenshots/`.
//! - `cargo xtask bench-spa [--runs N]`: the download size and the time to
//!   interactive, against the same kind of server.

use std::fs;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::SystemTime;

use anyhow::{Context, Result, bail};

use crate::{cargo, check, demo, spa};

/// The platform admin's password on the test server; the tests seed through it.
pub const ADMIN_PASSWORD: &str = "e2e-admin-2026";
/// The browser the tests drive, unless `REDRESS_E2E_CHROMIUM` names another.
const CHROMIUM: &str = "/usr/bin/chromium";

/// Node, npm and Chromium, found on this machine.
pub struct Tools {
    chromium: PathBuf,
}

impl Tools {
    /// The tools, or why they are missing and how to install them.
    pub fn find() -> Result<Self, String> {
        let chromium = std::env::var_os("REDRESS_E2E_CHROMIUM")
            .map_or_else(|| PathBuf::from(CHROMIUM), PathBuf::from);
        let mut missing = Vec::new();
        for program in ["node", "npm"] {
            if !runs(Command::new(program).arg("--version")) {
                missing.push(program.to_owned());
            }
        }
        if !chromium.is_file() {
            missing.push(chromium.display().to_string());
        }
        if missing.is_empty() {
            return Ok(Self { chromium });
        }
        Err(format!(
            "{} not found; on Debian 12 (as root): `apt-get install -y chromium nodejs npm`",
            missing.join(", ")
        ))
    }
}

fn runs(command: &mut Command) -> bool {
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Passed and failed browser tests, from the test runner's summary.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
}

/// A redress server of its own: fresh SQLite data folder, free port, demo
/// clock on. Stopped and cleaned up when dropped.
pub struct Server {
    child: Child,
    data_dir: PathBuf,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
}

impl Server {
    /// Starts `binary` from the workspace root (so it serves `web/dist`) and
    /// waits until it listens. Its log goes to `target/e2e/server.log`.
    pub fn start(root: &Path, binary: &Path) -> Result<Self> {
        Self::start_with(root, binary, &[])
    }

    /// The same, with these environment variables set for the server.
    pub fn start_with(root: &Path, binary: &Path, env: &[(&str, &str)]) -> Result<Self> {
        let port = free_port()?;
        let e2e_dir = root.join("target").join("e2e");
        let data_dir = e2e_dir.join(format!("server-{port}"));
        if data_dir.exists() {
            fs::remove_dir_all(&data_dir)
                .with_context(|| format!("removing {}", data_dir.display()))?;
        }
        fs::create_dir_all(&data_dir)
            .with_context(|| format!("creating {}", data_dir.display()))?;
        let log =
            fs::File::create(e2e_dir.join("server.log")).context("creating the server log")?;

        let url = format!("http://127.0.0.1:{port}");
        let child = Command::new(binary)
            .current_dir(root)
            .args(["--demo", "--bind", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(&data_dir)
            .args(["--admin-password", ADMIN_PASSWORD])
            .envs(env.iter().copied())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let mut server = Self {
            child,
            data_dir,
            url,
        };
        demo::wait_until_ready(&server.url, &mut server.child)?;
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.data_dir);
    }
}

/// A port nobody listens on right now.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free local port")?;
    Ok(listener.local_addr()?.port())
}

fn e2e_dir(root: &Path) -> PathBuf {
    root.join("e2e")
}

/// `npm ci` when `e2e/node_modules` is missing or older than the lock file.
pub fn install_packages(root: &Path) -> Result<()> {
    let dir = e2e_dir(root);
    let lock = modified(&dir.join("package-lock.json"))?;
    let installed = modified(&dir.join("node_modules").join(".package-lock.json")).ok();
    if installed.is_some_and(|installed| installed >= lock) {
        return Ok(());
    }
    println!("installing the browser tests' packages (npm ci)…");
    check(
        Command::new("npm")
            .current_dir(&dir)
            .args(["ci", "--no-audit", "--no-fund"])
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
        "npm ci in e2e/",
    )
}

fn modified(path: &Path) -> Result<SystemTime> {
    fs::metadata(path)
        .and_then(|meta| meta.modified())
        .with_context(|| format!("reading {}", path.display()))
}

/// The environment the Node scripts read (see `e2e/lib/config.mjs`).
fn node(root: &Path, tools: &Tools, server: &Server) -> Command {
    let mut command = Command::new("node");
    command
        .current_dir(e2e_dir(root))
        .env("REDRESS_E2E_URL", &server.url)
        .env("REDRESS_E2E_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("REDRESS_E2E_CHROMIUM", &tools.chromium)
        .env("REDRESS_E2E_SCREENSHOTS", screenshot_dir(root))
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    command
}

/// Where the tests save their screenshots.
pub fn screenshot_dir(root: &Path) -> PathBuf {
    root.join("target").join("e2e").join("screenshots")
}

/// Runs every file in `e2e/tests/` one after the other against `server`,
/// echoing the runner's report and reading its summary.
pub fn run_tests(root: &Path, tools: &Tools, server: &Server) -> Result<(Counts, bool)> {
    let screenshots = screenshot_dir(root);
    if screenshots.exists() {
        fs::remove_dir_all(&screenshots)
            .with_context(|| format!("removing old screenshots in {}", screenshots.display()))?;
    }
    let mut child = node(root, tools, server)
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(test_files(root)?)
        .stdout(Stdio::piped())
        .spawn()
        .context("starting node --test")?;
    let mut counts = Counts::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            count(&line, &mut counts);
        }
    }
    let status = child.wait().context("waiting for node --test")?;
    Ok((counts, status.success()))
}

/// `e2e/tests/*.test.mjs`, sorted: adding a test is adding a file there.
fn test_files(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = e2e_dir(root).join("tests");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .map(|path| {
            path.strip_prefix(e2e_dir(root))
                .map(Path::to_path_buf)
                .unwrap_or(path)
        })
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no *.test.mjs files in {}", dir.display());
    }
    Ok(files)
}

/// Reads the spec reporter's closing `ℹ pass 12` and `ℹ fail 0` lines.
fn count(line: &str, counts: &mut Counts) {
    let mut words = line.split_whitespace();
    let (Some(_marker), Some(kind), Some(number), None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return;
    };
    let Ok(number) = number.parse::<u64>() else {
        return;
    };
    match kind {
        "pass" => counts.passed += number,
        "fail" => counts.failed += number,
        _ => {}
    }
}

/// The server binary that `cargo build -p api --bin redress` makes.
pub fn build_server(root: &Path) -> Result<PathBuf> {
    check(
        cargo(root).args(["build", "-p", "api", "--bin", "redress"]),
        "building the server",
    )?;
    Ok(root.join("target").join("debug").join("redress"))
}

/// The tools, a fresh build of the SPA and the server, the Node packages,
/// and the server running.
fn prepare(root: &Path) -> Result<(Tools, Server)> {
    let tools = Tools::find().map_err(anyhow::Error::msg)?;
    spa::build(root)?;
    let binary = build_server(root)?;
    install_packages(root)?;

    let server = Server::start(root, &binary)?;
    Ok((tools, server))
}

/// `cargo xtask e2e [--refresh-screenshots]`.
pub fn e2e_command(root: &Path, args: &[String]) -> Result<ExitCode> {
    let refresh = match args {
        [] => false,
        [flag] if flag == "--refresh-screenshots" => true,
        _ => bail!("`cargo xtask e2e` takes only --refresh-screenshots"),
    };
    let (tools, server) = prepare(root)?;
    let (counts, passed) = run_tests(root, &tools, &server)?;
    drop(server);
    println!(
        "browser tests: {} passed, {} failed",
        counts.passed, counts.failed
    );
    if !passed {
        return Ok(ExitCode::FAILURE);
    }
    if refresh {
        refresh_screenshots(root)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Replaces `docs/screenshots/*.png` with the ones the last run saved.
fn refresh_screenshots(root: &Path) -> Result<()> {
    let from = screenshot_dir(root);
    let to = root.join("docs").join("screenshots");
    fs::create_dir_all(&to).with_context(|| format!("creating {}", to.display()))?;
    for entry in fs::read_dir(&to)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "png") {
            fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    let mut copied = 0;
    for entry in fs::read_dir(&from).with_context(|| format!("reading {}", from.display()))? {
        let path = entry?.path();
        if let Some(name) = path.file_name() {
            fs::copy(&path, to.join(name))
                .with_context(|| format!("copying {}", path.display()))?;
            copied += 1;
        }
    }
    println!("copied {copied} screenshots into {}", to.display());
    Ok(())
}

/// `cargo xtask bench-spa [--runs N]`: builds, serves, measures; fails when
/// a budget is missed.
pub fn bench_command(root: &Path, args: &[String]) -> Result<ExitCode> {
    let runs = match args {
        [] => 9,
        [flag, number] if flag == "--runs" => number
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0)
            .context("--runs takes a positive number, e.g. --runs 15")?,
        _ => bail!("`cargo xtask bench-spa` takes only --runs N"),
    };
    let (tools, server) = prepare(root)?;
    let status = node(root, &tools, &server)
        .arg("bench/spa.mjs")
        .env("REDRESS_BENCH_RUNS", runs.to_string())
        .status()
        .context("starting node bench/spa.mjs")?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        println!("a budget was missed (or the benchmark failed); see above");
        ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_summary_is_counted() {
        let mut counts = Counts::default();

        for line in [
            "ℹ tests 9",
            "ℹ suites 0",
            "ℹ pass 8",
            "ℹ fail 1",
            "ℹ cancelled 0",
            "✔ a fail case passes (12.3ms)",
            "ℹ duration_ms 4312.9",
        ] {
            count(line, &mut counts);
        }

        assert_eq!(
            counts,
            Counts {
                passed: 8,
                failed: 1
            }
        );
    }
}
