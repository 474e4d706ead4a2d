//! `cargo xtask run --demo`: a fresh embedded database, the server in demo
//! mode, a replay of real complaints from both sources, then the address and
//! one login for each role. The server keeps running until Ctrl-C.

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::replay::{self, Options, Source};

/// Complaints replayed by default: a few thousand, a few minutes on 2 cores.
pub const DEFAULT_SIZE: usize = 2000;
/// The password of every demo account, the platform admin's included.
const PASSWORD: &str = "redress-demo-2026";

pub fn run(root: &Path, binary: &Path, size: usize, passthrough: &[String]) -> Result<()> {
    let data_dir = root.join("target").join("demo");
    if data_dir.exists() {
        std::fs::remove_dir_all(&data_dir)
            .with_context(|| format!("removing the previous demo in {}", data_dir.display()))?;
    }
    let bind = bind_address(passthrough);
    let url = format!("http://{bind}");

    let mut command = Command::new(binary);
    // The printed logins must stay readable once people use the demo: log
    // warnings and errors only, unless the caller chose a level.
    if std::env::var_os("REDRESS_LOG").is_none() {
        command.env("REDRESS_LOG", "warn");
    }
    let mut server = command
        .current_dir(root)
        .arg("--demo")
        .arg("--data-dir")
        .arg(&data_dir)
        .args(["--admin-password", PASSWORD])
        // The replay moves the clock by days and years: tokens and sessions
        // that live ten years (a demo server allows it) keep its accounts
        // signed in.
        .env("REDRESS_ACCESS_TOKEN_TTL", "315360000")
        .env("REDRESS_REFRESH_TOKEN_TTL", "315360000")
        .args(passthrough)
        .spawn()
        .context("starting redress")?;
    if let Err(error) = fill(root, &url, size, &mut server) {
        let _ = server.kill();
        return Err(error);
    }

    let status = server.wait().context("waiting for redress")?;
    if !status.success() {
        bail!("redress stopped: {status}");
    }
    Ok(())
}

/// Waits for the server, replays, prints how to look around.
fn fill(root: &Path, url: &str, size: usize, server: &mut Child) -> Result<()> {
    wait_until_ready(url, server)?;
    let options = Options {
        url: url.to_owned(),
        admin_login: "admin".to_owned(),
        admin_password: PASSWORD.to_owned(),
        password: PASSWORD.to_owned(),
        sources: vec![Source::Cfpb, Source::Reviews],
        limit: Some(size),
        concurrency: 6,
        journal_dir: root.join("target").join("demo").join("replay"),
        progress: true,
        only: Vec::new(),
    };
    println!("replaying {size} real complaints (CFPB and Chinese reviews) through the API…");
    let runtime = crate::runtime()?;
    let summary = runtime.block_on(replay::replay(&options))?;
    println!("{}", serde_json::to_string(&summary)?);
    let logins = runtime.block_on(replay::demo_logins(&options))?;

    println!("\nredress demo: {url}/  (API documentation: {url}/docs)");
    println!("every demo account's password: {PASSWORD}");
    for (role, login) in logins {
        println!("  {role:<20} {login}");
    }
    println!("Ctrl-C stops the server; `cargo xtask run --demo` again starts a fresh demo.");
    Ok(())
}

fn bind_address(passthrough: &[String]) -> String {
    passthrough
        .iter()
        .position(|a| a == "--bind")
        .and_then(|i| passthrough.get(i + 1))
        .cloned()
        .or_else(|| {
            passthrough
                .iter()
                .find_map(|a| a.strip_prefix("--bind=").map(str::to_owned))
        })
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned())
}

pub fn wait_until_ready(url: &str, server: &mut Child) -> Result<()> {
    let started = Instant::now();
    let address = url.trim_start_matches("http://");
    while started.elapsed() < Duration::from_secs(120) {
        if let Some(status) = server.try_wait()? {
            bail!("redress stopped while starting: {status}");
        }
        if std::net::TcpStream::connect(address).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("redress did not start listening on {address} within two minutes")
}
