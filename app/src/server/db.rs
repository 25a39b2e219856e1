//! The database handle: one code path for SQLite and PostgreSQL.
//!
//! We use sqlx's `Any` driver with portable SQL (`$1` placeholders work on
//! both) so every query is written once. `Any` decodes only simple types, so
//! times are UTC epoch milliseconds (`bigint`) and flags are integers.
//! Migrations differ per dialect only where DDL must (identity columns).

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyConnection, AnyPool, Executor};
use std::ops::{Deref, DerefMut};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// The pool plus what we need to know about the database behind it.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    dialect: Dialect,
    /// SQLite allows one writer at a time. Queuing writers here (FIFO, async)
    /// instead of in SQLite's busy handler keeps every write fair and means
    /// no request ever sees "database is locked" from this process.
    write_lock: Option<Arc<Mutex<()>>>,
}

/// A connection to read with (a pool connection or a write transaction,
/// both dereference to it). Read services take `&mut Conn`, so they run the
/// same inside a caller's write transaction as on their own.
pub type Conn = AnyConnection;

/// A write transaction. On SQLite it holds the write lock from its first
/// statement (`BEGIN IMMEDIATE`), so a read-then-write cannot be overtaken.
pub struct Tx {
    inner: sqlx::Transaction<'static, Any>,
    _write_turn: Option<OwnedMutexGuard<()>>,
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.inner.commit().await
    }

    /// Undoes everything done in this transaction (dropping it does too).
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.inner.rollback().await
    }
}

impl Deref for Tx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.inner
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }
}

/// Milliseconds since the Unix epoch, UTC: how every time is stored.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`), creating a SQLite
    /// file and its folder when missing.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let dialect = if url.starts_with("postgres") {
            Dialect::Postgres
        } else {
            Dialect::Sqlite
        };
        let options = AnyConnectOptions::from_str(url)?;
        let pool = match dialect {
            Dialect::Sqlite => {
                if let Some(path) = sqlite_path(url) {
                    if let Some(dir) = std::path::Path::new(&path).parent() {
                        if !dir.as_os_str().is_empty() {
                            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
                        }
                    }
                }
                AnyPoolOptions::new()
                    .max_connections(8)
                    .min_connections(1)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // WAL lets readers run beside the writer; NORMAL is
                            // durable across application crashes in WAL mode.
                            conn.execute("pragma journal_mode = wal").await?;
                            conn.execute("pragma synchronous = normal").await?;
                            conn.execute("pragma busy_timeout = 10000").await?;
                            conn.execute("pragma foreign_keys = on").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Dialect::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?
            }
        };
        let write_lock = (dialect == Dialect::Sqlite).then(|| Arc::new(Mutex::new(())));
        Ok(Db {
            pool,
            dialect,
            write_lock,
        })
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.dialect {
            Dialect::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await,
            Dialect::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await,
        }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// A connection for reads, held for the request's few queries (cheaper
    /// than going back to the pool for each).
    pub async fn read(&self) -> Result<sqlx::pool::PoolConnection<Any>, sqlx::Error> {
        self.pool.acquire().await
    }

    /// Another connection for a request that already holds one and could
    /// share its work, only when one is idle now: waiting for it while
    /// holding the first could leave the pool empty with every request
    /// waiting on another.
    pub fn try_read(&self) -> Option<sqlx::pool::PoolConnection<Any>> {
        self.pool.try_acquire()
    }

    /// Starts a write transaction that owns the write lock up front.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        let turn = match &self.write_lock {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let inner = match self.dialect {
            Dialect::Sqlite => self.pool.begin_with("begin immediate").await?,
            Dialect::Postgres => self.pool.begin().await?,
        };
        Ok(Tx {
            inner,
            _write_turn: turn,
        })
    }

    /// True once the database answers a trivial query.
    pub async fn is_reachable(&self) -> bool {
        sqlx::query("select 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn sqlite_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

/// `$first, $first+1, …` for `n` values: an `in (…)` list that both
/// databases accept, for batched reads.
pub fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many rows of `cols` values one multi-row statement should carry.
/// sqlx binds each `$n` on SQLite by walking the statement's list of
/// parameters, so binding costs grow with the square of their number: a
/// 500-row insert of 8 columns spent more time binding than inserting.
/// About 128 values keeps that small while a batch still needs few
/// statements.
pub fn batch_rows(cols: usize) -> usize {
    (128 / cols.max(1)).max(1)
}

/// `($1, …, $cols), ($cols+1, …)` for a multi-row insert of `rows` rows.
/// `stamped`: each row's last value is written twice (`created_at,
/// updated_at` from one `now`), so a row binds `cols` values for `cols + 1`
/// columns.
pub fn value_rows(rows: usize, cols: usize, stamped: bool) -> String {
    (0..rows)
        .map(|i| {
            let row = placeholders(i * cols + 1, cols);
            if stamped {
                format!("({row}, ${})", i * cols + cols)
            } else {
                format!("({row})")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// True when a write failed because a unique constraint said no.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error().is_some_and(|e| e.is_unique_violation())
}

/// SQLite: whether a transaction keeps all its changed pages in memory
/// until it commits, past the connection's own 2 MB cache, instead of
/// writing them to the WAL early (and again when changed again). For the
/// event writer's batches (thousands of scattered pages each, measured in
/// BENCHMARKS.md); not for every connection, since a rebuild or a migration
/// changes more pages than memory should hold. Nothing on PostgreSQL.
pub async fn keep_changed_pages(tx: &mut Tx, keep: bool) -> Result<(), sqlx::Error> {
    if tx.backend_name() == "SQLite" {
        let pragma = if keep {
            "pragma cache_spill = off"
        } else {
            "pragma cache_spill = on"
        };
        sqlx::query(pragma).execute(&mut **tx).await?;
    }
    Ok(())
}

/// PostgreSQL gave up a transaction for another's sake (a deadlock, or a
/// serialization failure): nothing was written, and trying it again is
/// the documented remedy.
pub fn is_conflict(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "40P01" || code == "40001")
}

/// Logs an unexpected database (or other) failure with a fresh reference and
/// turns it into the `Internal` error a person sees; the reference lets
/// support find the log line.
pub fn internal(err: impl std::fmt::Display) -> crate::error::AppError {
    let reference = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
    tracing::error!(reference = %reference, error = %err, "internal error");
    crate::error::AppError::internal(reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_from_the_first() {
        assert_eq!(placeholders(1, 3), "$1, $2, $3");
        assert_eq!(placeholders(4, 1), "$4");
    }

    #[test]
    fn value_rows_number_on_and_stamp_the_last_twice() {
        assert_eq!(value_rows(2, 2, false), "($1, $2), ($3, $4)");
        assert_eq!(value_rows(2, 2, true), "($1, $2, $2), ($3, $4, $4)");
    }

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_path("sqlite://data/jishi.db?mode=rwc").as_deref(),
            Some("data/jishi.db")
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }
}
