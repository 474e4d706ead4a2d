//! Connecting to the database and bringing its schema up to date.

use std::time::Duration;

use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};

use crate::config::Settings;

/// Opens the pool; for the embedded database, creates its folder first.
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    if settings.is_embedded() {
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("creating the data folder {}", settings.data_dir.display()))?;
    }
    open(
        settings.database_url.expose(),
        settings.is_embedded(),
        Duration::from_secs(settings.database_wait),
    )
    .await
}

/// Opens a pool on the URL with the options the server uses: WAL, a busy
/// timeout and foreign keys on the embedded database. A request that finds
/// no connection within `wait` fails (and is answered 503) instead of hanging.
pub async fn open(url: &str, embedded: bool, wait: Duration) -> anyhow::Result<DatabaseConnection> {
    open_pool(url, embedded, if embedded { 8 } else { 20 }, wait).await
}

async fn open_pool(
    url: &str,
    embedded: bool,
    connections: u32,
    wait: Duration,
) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(connections)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(wait)
        .sqlx_logging(false);
    if embedded {
        options.map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    }

    Database::connect(options).await.context(
        "connecting to the database; check REDRESS_DATABASE_URL and that the server is reachable",
    )
}

/// Applies the migrations that have not run yet. Safe when several replicas
/// start at once: on PostgreSQL an advisory lock, held on one dedicated
/// connection, lets one of them migrate while the others wait.
pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let db = single_connection(settings).await?;
    let postgres = db.get_database_backend() == DbBackend::Postgres;

    if postgres {
        db.execute_unprepared(&format!("SELECT pg_advisory_lock({LOCK_KEY})"))
            .await
            .context("waiting for the migration lock")?;
    }
    let result = Migrator::up(&db, None)
        .await
        .context("applying database migrations");
    if postgres {
        db.execute_unprepared(&format!("SELECT pg_advisory_unlock({LOCK_KEY})"))
            .await
            .context("releasing the migration lock")?;
    }
    db.close()
        .await
        .context("closing the migration connection")?;
    result
}

/// An arbitrary constant naming redress's migration lock.
const LOCK_KEY: i64 = 0x0072_6564_7265_7373;

async fn single_connection(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(settings.database_url.expose());
    options
        .max_connections(1)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    Database::connect(options)
        .await
        .context("connecting to the database to migrate it; check REDRESS_DATABASE_URL")
}

/// The way into write transactions. SQLite lets one connection write at a
/// time and makes the others wait by sleeping and retrying (up to 100 ms a
/// sleep), which leaves the lock idle between writers and starves some of
/// them under load. So on SQLite every write transaction of this process goes
/// through one connection of its own, handed to the waiting writers in turn by
/// the pool; on PostgreSQL, which locks rows, the writers share the pool.
#[derive(Clone)]
pub struct Writer(DatabaseConnection);

impl Writer {
    /// The writer for `db`: its own connection on SQLite, `db` itself on
    /// PostgreSQL.
    pub async fn new(db: &DatabaseConnection, settings: &Settings) -> anyhow::Result<Self> {
        if db.get_database_backend() != DbBackend::Sqlite {
            return Ok(Self(db.clone()));
        }

        let connection = open_pool(
            settings.database_url.expose(),
            true,
            1,
            Duration::from_secs(settings.database_wait),
        )
        .await
        .context("opening the embedded database's write connection")?;
        Ok(Self(connection))
    }

    /// Begins a transaction that will write. On SQLite it takes the write
    /// lock at once (`BEGIN IMMEDIATE`), so that a writer of another process
    /// waits on the busy timeout instead of failing when both try to upgrade a
    /// read lock; PostgreSQL ignores it.
    pub async fn begin(&self) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
        use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};

        self.0
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await
    }
}

/// On PostgreSQL, locks the selected rows and skips those another process
/// holds; SQLite has one writer at a time and needs no row locks.
pub fn skip_locked<S: sea_orm::QuerySelect>(select: S, db: &impl sea_orm::ConnectionTrait) -> S {
    use sea_orm::sea_query::{LockBehavior, LockType};

    if db.get_database_backend() == DbBackend::Postgres {
        select.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
    } else {
        select
    }
}

/// On PostgreSQL, locks the selected rows until the transaction ends
/// (`FOR UPDATE`); SQLite's write transactions already exclude each other.
pub fn for_update<S: sea_orm::QuerySelect>(select: S, db: &impl sea_orm::ConnectionTrait) -> S {
    use sea_orm::sea_query::LockType;

    if db.get_database_backend() == DbBackend::Postgres {
        select.lock(LockType::Update)
    } else {
        select
    }
}

/// On PostgreSQL, keeps the selected rows from being changed or locked for
/// update until the transaction ends (`FOR SHARE`); readers still pass.
pub fn for_share<S: sea_orm::QuerySelect>(select: S, db: &impl sea_orm::ConnectionTrait) -> S {
    use sea_orm::sea_query::LockType;

    if db.get_database_backend() == DbBackend::Postgres {
        select.lock(LockType::Share)
    } else {
        select
    }
}
