//! The `redress` binary as an operator runs it: a child process serving the
//! test's database on its own port, with its own data folder (evidence
//! files live there). Tests kill it with SIGKILL — no graceful stop, nothing
//! kept that was not committed — and start it again on the same database,
//! port and folder.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{JWT_SECRET, TestApp};

/// How long a start may take before the test gives up on it.
const START_TIMEOUT: Duration = Duration::from_secs(60);

pub struct ServerProcess {
    pub address: String,
    port: u16,
    database_url: String,
    web_dir: PathBuf,
    settings: Vec<(String, String)>,
    child: Option<Child>,
    client: reqwest::Client,
    /// How many times the process was started.
    pub starts: usize,
    data_dir: tempfile::TempDir,
}

impl ServerProcess {
    /// Starts the binary on `app`'s database with these extra `REDRESS_*`
    /// settings, and waits until it is ready.
    pub async fn start(app: &TestApp, settings: &[(&str, &str)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port on 127.0.0.1")
            .port();
        let mut process = Self {
            address: format!("http://127.0.0.1:{port}"),
            port,
            database_url: app.database_url.clone(),
            web_dir: app.web_dir.clone(),
            settings: settings
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
            child: None,
            client: reqwest::Client::new(),
            starts: 0,
            data_dir: tempfile::tempdir().expect("temporary data folder"),
        };
        process.restart().await;
        process
    }

    /// SIGKILL, then reaps the process.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("the server process can be killed");
            child.wait().expect("the killed server process is reaped");
        }
    }

    /// Starts the binary (again) and waits until it answers `/readyz`.
    pub async fn restart(&mut self) {
        assert!(self.child.is_none(), "kill the running process first");
        self.starts += 1;
        let log = std::fs::File::create(self.log_path()).expect("a log file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_redress"));
        command
            .current_dir(self.data_dir.path())
            .env("REDRESS_BIND", format!("127.0.0.1:{}", self.port))
            .env("REDRESS_DATABASE_URL", &self.database_url)
            .env("REDRESS_DATA_DIR", self.data_dir.path())
            .env("REDRESS_WEB_DIR", &self.web_dir)
            .env("REDRESS_JWT_SECRET", JWT_SECRET)
            .env("REDRESS_ADMIN_PASSWORD", crate::helpers::ADMIN_PASSWORD)
            .env("REDRESS_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.1/32")
            .env("REDRESS_PUBLIC_RATE_LIMIT", "1000000")
            .env("REDRESS_PUBLIC_RATE_BURST", "100000")
            .env("REDRESS_LOG", "warn")
            .envs(self.settings.iter().map(|(n, v)| (n.as_str(), v.as_str())))
            .stdout(Stdio::null())
            .stderr(log);
        self.child = Some(command.spawn().expect("the redress binary starts"));
        self.wait_until_ready().await;
    }

    fn log_path(&self) -> PathBuf {
        self.data_dir
            .path()
            .join(format!("server-{}.log", self.starts))
    }

    /// Polls `/readyz` until it answers 200; fails with the server's log
    /// when the process exits or does not get ready in time.
    async fn wait_until_ready(&mut self) {
        let started = Instant::now();
        loop {
            let ready = self
                .client
                .get(format!("{}/readyz", self.address))
                .timeout(Duration::from_secs(2))
                .send()
                .await;
            if ready.is_ok_and(|reply| reply.status().is_success()) {
                return;
            }
            let exited = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten());
            if exited.is_some() || started.elapsed() > START_TIMEOUT {
                let log = std::fs::read_to_string(self.log_path()).unwrap_or_default();
                panic!(
                    "redress at {} did not become ready (exit: {exited:?}); its log:\n{log}",
                    self.address
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for ServerProcess {
    /// Kills the process; when the test failed, shows the end of its log.
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if std::thread::panicking() {
            let log = std::fs::read_to_string(self.log_path()).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!(
                "the log of redress at {} (start {}), last lines:",
                self.address, self.starts
            );
            for line in tail.into_iter().rev() {
                eprintln!("  {line}");
            }
        }
    }
}
