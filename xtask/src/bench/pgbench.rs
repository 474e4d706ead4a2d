//! The database's own limits, measured with `pgbench` on the same
//! PostgreSQL at the same concurrency as the HTTP runs: a one-row insert
//! transaction (the baseline for filing) and a one-row select by key (the
//! baseline for reading a complaint).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

/// The database the baselines use, dropped and created again for each run.
const DATABASE: &str = "redress_pgbench";

/// Transactions a second that pgbench reached.
#[derive(Clone, Copy, Debug)]
pub struct Baselines {
    pub insert_tps: f64,
    pub select_tps: f64,
}

/// Where PostgreSQL is: host, port and user, as pgbench and psql take them.
#[derive(Clone, Debug)]
pub struct Server {
    pub host: String,
    pub port: String,
    pub user: String,
}

impl Server {
    pub fn local() -> Self {
        Self {
            host: "127.0.0.1".to_owned(),
            port: "5432".to_owned(),
            user: "postgres".to_owned(),
        }
    }

    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://{}@{}:{}/{database}",
            self.user, self.host, self.port
        )
    }

    /// Runs one SQL statement with psql on `database`; returns its output.
    pub fn psql(&self, database: &str, sql: &str) -> Result<String> {
        let output = Command::new("psql")
            .args(["-h", &self.host, "-p", &self.port, "-U", &self.user])
            .args(["-d", database, "-v", "ON_ERROR_STOP=1", "-qtAc", sql])
            .output()
            .context("running psql; install the postgresql-client package")?;
        if !output.status.success() {
            bail!(
                "psql failed on `{sql}`: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }

    /// Drops `database` if it is there and creates it empty.
    pub fn recreate(&self, database: &str) -> Result<()> {
        self.psql(
            "postgres",
            &format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"),
        )?;
        self.psql("postgres", &format!("CREATE DATABASE {database}"))?;
        Ok(())
    }
}

/// Both baselines at `clients` connections for `time` each; the select
/// table holds `rows` rows, like the complaints table it stands for.
pub fn measure(
    server: &Server,
    scratch: &Path,
    clients: usize,
    rows: usize,
    time: Duration,
) -> Result<Baselines> {
    server.recreate(DATABASE)?;
    server.psql(
        DATABASE,
        "CREATE TABLE bench_rows (id bigserial PRIMARY KEY, body text NOT NULL, \
         created_at timestamptz NOT NULL)",
    )?;
    server.psql(
        DATABASE,
        &format!(
            "INSERT INTO bench_rows (body, created_at) \
             SELECT md5(i::text) || md5((i + 1)::text), now() FROM generate_series(1, {rows}) i"
        ),
    )?;
    server.psql(DATABASE, "VACUUM ANALYZE bench_rows")?;

    let insert = scratch.join("insert.sql");
    std::fs::write(
        &insert,
        "INSERT INTO bench_rows (body, created_at) VALUES (md5(random()::text), now());\n",
    )?;
    let select = scratch.join("select.sql");
    std::fs::write(
        &select,
        format!(
            "\\set id random(1, {rows})\nSELECT id, body, created_at FROM bench_rows WHERE id = :id;\n"
        ),
    )?;

    let insert_tps = run(server, &insert, clients, time)?;
    let select_tps = run(server, &select, clients, time)?;
    server.psql(
        "postgres",
        &format!("DROP DATABASE {DATABASE} WITH (FORCE)"),
    )?;
    Ok(Baselines {
        insert_tps,
        select_tps,
    })
}

fn run(server: &Server, script: &Path, clients: usize, time: Duration) -> Result<f64> {
    let output = Command::new("pgbench")
        .args(["-h", &server.host, "-p", &server.port, "-U", &server.user])
        .args(["-n", "-c", &clients.to_string(), "-j", "2"])
        .args(["-T", &time.as_secs().max(1).to_string()])
        .arg("-f")
        .arg(script)
        .arg(DATABASE)
        .output()
        .context("running pgbench; it comes with PostgreSQL (Debian: postgresql-contrib or postgresql-15)")?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "pgbench failed: {}{}",
            text,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    tps(&text).with_context(|| format!("no `tps = ` line in pgbench's output:\n{text}"))
}

/// The transactions a second in pgbench's report, without the time spent
/// opening connections.
fn tps(report: &str) -> Option<f64> {
    report
        .lines()
        .find(|line| line.starts_with("tps = ") && line.contains("without initial connection"))
        .or_else(|| report.lines().find(|line| line.starts_with("tps = ")))?
        .trim_start_matches("tps = ")
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_rate_without_connection_time() {
        let report = "transaction type: insert.sql\n\
                      number of clients: 16\n\
                      latency average = 1.664 ms\n\
                      initial connection time = 21.877 ms\n\
                      tps = 9612.004918 (without initial connection time)\n";

        assert_eq!(tps(report), Some(9612.004918));
        assert_eq!(tps("number of clients: 16\n"), None);
    }
}
