//! Throttles shared by every server: an attempt is counted in the database
//! *before* the work it guards (a password hash, a mail, a new cart), and
//! the count decides. Counting first is what makes a throttle hold under
//! concurrency: of N simultaneous attempts the k-th to be recorded sees at
//! least k, so at most `max` of them go on, however they interleave.
//!
//! This module owns the `throttle_event` table and its SQL.

use super::db::{internal, Db};
use crate::error::{AppError, ErrorCode};
use sqlx::{Any, Executor};

/// At most `max` attempts per `window_secs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window_secs: i64,
}

impl Limit {
    pub const fn new(max: u32, window_secs: i64) -> Limit {
        Limit { max, window_secs }
    }

    /// Parses `max/window_secs`, as the settings write it (`5/900`).
    pub fn parse(raw: &str) -> Option<Limit> {
        let (max, window) = raw.trim().split_once('/')?;
        let limit = Limit::new(max.trim().parse().ok()?, window.trim().parse().ok()?);
        (limit.window_secs > 0).then_some(limit)
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.max, self.window_secs)
    }
}

/// One thing counted against one limit.
pub struct Rule {
    pub subject: String,
    pub limit: Limit,
}

impl Rule {
    pub fn new(subject: String, limit: Limit) -> Rule {
        Rule { subject, limit }
    }
}

/// The attempt's rows, so a caller can take them back (a successful log-in
/// does not count against anyone).
#[derive(Debug, Default)]
pub struct Counted {
    event_ids: Vec<i64>,
}

/// Counts one attempt against every rule, then lets it through only if no
/// rule is over its limit. A refused attempt is not kept: a throttled
/// client that keeps trying does not push its own wait further out, and
/// the wait it is told is the truth.
pub async fn count_attempt(db: &Db, rules: &[Rule], now: i64) -> Result<Counted, AppError> {
    if rules.is_empty() {
        return Ok(Counted::default());
    }
    let mut tx = db.begin_write().await.map_err(internal)?;
    let mut counted = Counted::default();
    for rule in rules {
        counted
            .event_ids
            .push(insert(&mut *tx, &rule.subject, now).await.map_err(internal)?);
    }
    tx.commit().await.map_err(internal)?;

    let mut wait_ms: Option<i64> = None;
    for rule in rules {
        let since = now - rule.limit.window_secs * 1000;
        let count = count_since(db.pool(), &rule.subject, since).await.map_err(internal)?;
        if count <= i64::from(rule.limit.max) {
            continue;
        }
        // Free again when the max-th newest other attempt leaves the window.
        let pivot = nth_newest(db.pool(), &rule.subject, since, i64::from(rule.limit.max) + 1)
            .await
            .map_err(internal)?
            .unwrap_or(now);
        let wait = pivot + rule.limit.window_secs * 1000 - now;
        wait_ms = Some(wait_ms.map_or(wait, |w| w.max(wait)));
    }
    let Some(wait_ms) = wait_ms else {
        return Ok(counted);
    };
    forgive(db, counted).await?;
    Err(AppError {
        retry_after_secs: Some(((wait_ms.max(1000) + 999) / 1000) as u64),
        ..AppError::new(ErrorCode::TooManyAttempts)
    })
}

/// Takes an attempt back.
pub async fn forgive(db: &Db, counted: Counted) -> Result<(), AppError> {
    for id in counted.event_ids {
        delete(db.pool(), id).await.map_err(internal)?;
    }
    Ok(())
}

/// Forgets every attempt of a subject (a log-in that succeeded clears the
/// failures from that account and address).
pub async fn clear(db: &Db, subject: &str) -> Result<(), AppError> {
    sqlx::query("delete from throttle_event where subject = $1")
        .bind(subject)
        .execute(db.pool())
        .await
        .map_err(internal)?;
    Ok(())
}

/// Housekeeping: attempts older than any window.
pub async fn prune(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("delete from throttle_event where created_at < $1")
        .bind(before)
        .execute(db.pool())
        .await?
        .rows_affected())
}

async fn insert<'e, E: Executor<'e, Database = Any>>(ex: E, subject: &str, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into throttle_event (subject, created_at, updated_at) values ($1, $2, $2) returning event_id",
    )
    .bind(subject)
    .bind(now)
    .fetch_one(ex)
    .await
}

async fn delete<'e, E: Executor<'e, Database = Any>>(ex: E, event_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from throttle_event where event_id = $1")
        .bind(event_id)
        .execute(ex)
        .await?;
    Ok(())
}

async fn count_since<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    subject: &str,
    since: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from throttle_event where subject = $1 and created_at > $2")
        .bind(subject)
        .bind(since)
        .fetch_one(ex)
        .await
}

/// The time of the `rank`-th newest attempt in the window (1 = newest).
async fn nth_newest<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    subject: &str,
    since: i64,
    rank: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "select created_at from throttle_event where subject = $1 and created_at > $2
         order by created_at desc, event_id desc limit 1 offset $3",
    )
    .bind(subject)
    .bind(since)
    .bind(rank - 1)
    .fetch_optional(ex)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_max_per_window() {
        assert_eq!(Limit::parse("5/900"), Some(Limit::new(5, 900)));
        assert_eq!(Limit::parse(" 10 / 3600 "), Some(Limit::new(10, 3600)));
        assert_eq!(Limit::parse("5"), None);
        assert_eq!(Limit::parse("5/0"), None);
        assert_eq!(Limit::parse("x/60"), None);
        assert_eq!(Limit::new(3, 60).to_string(), "3/60");
    }
}
