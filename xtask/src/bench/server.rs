//! The server under test: the release binary on 127.0.0.1, on a fresh
//! embedded database or a fresh PostgreSQL database, with its memory and
//! its database's size read from outside.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use super::pgbench;

/// The administrator's password on the benchmark's own fresh database.
pub const ADMIN_PASSWORD: &str = "redress-bench-2026";
/// The PostgreSQL database the server uses, dropped and created per run.
const DATABASE: &str = "redress_bench";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }
}

pub struct Server {
    pub url: String,
    backend: Backend,
    data_dir: PathBuf,
    postgres: pgbench::Server,
    child: Child,
}

impl Server {
    /// Starts `binary` on a fresh database of `backend` and waits until it
    /// answers `/readyz`.
    pub fn start(binary: &Path, backend: Backend, scratch: &Path, port: u16) -> Result<Self> {
        let data_dir = scratch.join(format!("server-{}", backend.name().to_lowercase()));
        if data_dir.exists() {
            std::fs::remove_dir_all(&data_dir)
                .with_context(|| format!("removing {}", data_dir.display()))?;
        }
        std::fs::create_dir_all(&data_dir)?;
        let postgres = pgbench::Server::local();
        let database_url = match backend {
            Backend::Sqlite => format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("redress.db").display()
            ),
            Backend::Postgres => {
                postgres.recreate(DATABASE)?;
                postgres.url(DATABASE)
            }
        };
        let log = std::fs::File::create(data_dir.join("server.log"))?;

        let child = Command::new(binary)
            .current_dir(&data_dir)
            .env("REDRESS_BIND", format!("127.0.0.1:{port}"))
            .env("REDRESS_DATABASE_URL", database_url)
            .env("REDRESS_DATA_DIR", &data_dir)
            .env("REDRESS_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env(
                "REDRESS_JWT_SECRET",
                "redress-bench-secret-that-is-long-enough-2026",
            )
            // Complaint numbers allow 999,999 a day, so each size's complaints
            // are filed on a day of their own: the benchmark moves the clock
            // of a demo server (nothing else differs) a day at a time, and
            // its tokens outlive the moves.
            .env("REDRESS_DEMO", "true")
            .env("REDRESS_ACCESS_TOKEN_TTL", "2592000")
            .env("REDRESS_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let mut server = Self {
            url: format!("http://127.0.0.1:{port}"),
            backend,
            data_dir,
            postgres,
            child,
        };
        server.wait_until_ready()?;
        Ok(server)
    }

    fn wait_until_ready(&mut self) -> Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(180) {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "redress stopped while starting ({status}); see {}",
                    self.data_dir.join("server.log").display()
                );
            }
            if answers_ok(&self.url, "/readyz") {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        bail!(
            "redress did not answer {}/readyz within three minutes",
            self.url
        )
    }

    /// Resident memory now and at its peak, in bytes, from /proc.
    pub fn memory(&self) -> Result<Memory> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .context("reading the server's /proc status")?;
        Ok(Memory {
            resident: kibibytes(&status, "VmRSS:") * 1024,
            peak: kibibytes(&status, "VmHWM:") * 1024,
        })
    }

    /// Bytes the database takes on disk: the SQLite file with its journal,
    /// or PostgreSQL's size of the database.
    pub fn database_bytes(&self) -> Result<u64> {
        match self.backend {
            Backend::Sqlite => {
                let mut total = 0;
                for entry in std::fs::read_dir(&self.data_dir)? {
                    let entry = entry?;
                    if entry
                        .file_name()
                        .to_string_lossy()
                        .starts_with("redress.db")
                    {
                        total += entry.metadata()?.len();
                    }
                }
                Ok(total)
            }
            Backend::Postgres => self
                .postgres
                .psql(
                    "postgres",
                    &format!("SELECT pg_database_size('{DATABASE}')"),
                )?
                .parse()
                .context("reading pg_database_size"),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Memory {
    pub resident: u64,
    pub peak: u64,
}

fn kibibytes(status: &str, field: &str) -> u64 {
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Whether `GET path` answers 200, over a plain HTTP/1.0 exchange.
fn answers_ok(url: &str, path: &str) -> bool {
    use std::io::{Read, Write};

    let address = url.trim_start_matches("http://");
    let Ok(mut stream) = std::net::TcpStream::connect(address) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = format!("GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0_u8; 12];
    stream.read_exact(&mut head).is_ok() && head.ends_with(b" 200")
}

/// A port nobody listens on now.
pub fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_resident_memory_from_proc_status() {
        let status = "Name:\tredress\nVmHWM:\t  182340 kB\nVmRSS:\t  150012 kB\n";

        assert_eq!(kibibytes(status, "VmRSS:"), 150_012);
        assert_eq!(kibibytes(status, "VmHWM:"), 182_340);
        assert_eq!(kibibytes(status, "VmSwap:"), 0);
    }
}
