//! Background jobs as rows: a kind, the thing it acts on and when it is due.
//! Runners on every server claim due rows with a lease (PostgreSQL skips
//! rows another runner holds; SQLite takes them under its one write lock),
//! so a job runs once however many servers share the database, and a
//! restart finds it still there. A job that fails is retried later; one
//! that succeeds is deleted. The work itself is also written to be safe to
//! repeat (guarded status changes), so a lease that ran out mid-job cannot
//! do anything twice. This module owns `scheduled_job`.

use super::db::{Db, Dialect};
use super::Tx;
use sqlx::FromRow;

/// How long claimed jobs are left to their runner before another may take
/// them: far longer than a batch takes (each job is a short transaction or
/// one call to a provider with its own timeout).
pub const LEASE_MS: i64 = 300_000;

/// Schedules `kind` for `subject_id` at `due_at`, replacing the time of one
/// already scheduled.
pub async fn schedule(tx: &mut Tx, kind: &str, subject_id: i64, due_at: i64, now: i64) -> Result<(), sqlx::Error> {
    schedule_all(tx, kind, &[(subject_id, due_at)], now).await
}

/// Schedules jobs of one kind for several subjects (each named once) in one
/// statement: `(subject_id, due_at)`.
pub async fn schedule_all(tx: &mut Tx, kind: &str, due: &[(i64, i64)], now: i64) -> Result<(), sqlx::Error> {
    if due.is_empty() {
        return Ok(());
    }
    const COLS: usize = 5;
    let values = super::db::value_rows(due.len(), COLS, false);
    let sql = format!(
        "insert into scheduled_job (kind, subject_id, due_at, created_at, updated_at) values {values}
         on conflict (kind, subject_id) do update set due_at = excluded.due_at, lease_until = null,
             updated_at = excluded.updated_at"
    );
    let mut query = sqlx::query(&sql);
    for &(subject_id, due_at) in due {
        query = query.bind(kind).bind(subject_id).bind(due_at).bind(now).bind(now);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// Forgets a scheduled job (its reason went away).
pub async fn cancel(tx: &mut Tx, kind: &str, subject_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from scheduled_job where kind = $1 and subject_id = $2")
        .bind(kind)
        .bind(subject_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A claimed job.
#[derive(Clone, Debug, FromRow)]
pub struct Job {
    pub job_id: i64,
    pub kind: String,
    pub subject_id: i64,
    pub attempts: i64,
}

/// Claims up to `limit` due jobs for this runner until `now + LEASE_MS`.
/// Looks first with a plain read, so an idle runner never takes the write
/// lock.
pub async fn claim_due(db: &Db, now: i64, limit: i64) -> Result<Vec<Job>, sqlx::Error> {
    let any: Option<i64> = sqlx::query_scalar(
        "select job_id from scheduled_job where due_at <= $1 and (lease_until is null or lease_until < $1) limit 1",
    )
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    if any.is_none() {
        return Ok(Vec::new());
    }
    let lock = match db.dialect() {
        Dialect::Postgres => "for update skip locked",
        Dialect::Sqlite => "",
    };
    let sql = format!(
        "update scheduled_job set lease_until = $1, updated_at = $2
         where job_id in (
             select job_id from scheduled_job
             where due_at <= $2 and (lease_until is null or lease_until < $2)
             order by due_at limit $3 {lock})
         returning job_id, kind, subject_id, attempts"
    );
    let mut tx = db.begin_write().await?;
    let jobs = sqlx::query_as(&sql)
        .bind(now + LEASE_MS)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(jobs)
}

/// The job is done: gone.
pub async fn finish(tx: &mut Tx, job_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from scheduled_job where job_id = $1")
        .bind(job_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The job is not done: run it again at `retry_at`. With an error it
/// failed (counted, and kept for whoever looks); without, it was not due.
pub async fn retry_later(
    db: &Db,
    job_id: i64,
    retry_at: i64,
    error: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "update scheduled_job set due_at = $1, lease_until = null, last_error = coalesce($2, last_error),
             attempts = attempts + $3, updated_at = $4
         where job_id = $5",
    )
    .bind(retry_at)
    .bind(error.map(|e| e.chars().take(500).collect::<String>()))
    .bind(i64::from(error.is_some()))
    .bind(now)
    .bind(job_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Jobs of a kind still waiting (tests and the console read it).
pub async fn pending(db: &Db, kind: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from scheduled_job where kind = $1")
        .bind(kind)
        .fetch_one(db.pool())
        .await
}
