//! The audit log every domain writes to: who changed what, when and why,
//! in the same transaction as the change. This module owns `audit_event`.

use super::Tx;
use sqlx::{Any, Executor, FromRow};

/// One change to record. `subject` names the kind of thing ("order"),
/// `action` what happened to it ("shipped").
#[derive(Clone, Debug)]
pub struct AuditEntry<'a> {
    pub subject: &'a str,
    pub subject_id: i64,
    pub action: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: Option<&'a str>,
    pub actor_kind: &'a str,
    pub actor_id: Option<i64>,
    pub reason: &'a str,
    pub detail: &'a str,
}

pub async fn record(tx: &mut Tx, entry: &AuditEntry<'_>, now: i64) -> Result<(), sqlx::Error> {
    record_all(tx, std::slice::from_ref(entry), now).await
}

/// Records several changes in one statement (a batch of flash orders).
pub async fn record_all(tx: &mut Tx, entries: &[AuditEntry<'_>], now: i64) -> Result<(), sqlx::Error> {
    if entries.is_empty() {
        return Ok(());
    }
    const COLS: usize = 10;
    let values = super::db::value_rows(entries.len(), COLS, true);
    let sql = format!(
        "insert into audit_event (subject, subject_id, action, from_status, to_status, actor_kind, actor_id,
             reason, detail, created_at, updated_at)
         values {values}"
    );
    let mut query = sqlx::query(&sql);
    for entry in entries {
        query = query
            .bind(entry.subject)
            .bind(entry.subject_id)
            .bind(entry.action)
            .bind(entry.from_status)
            .bind(entry.to_status)
            .bind(entry.actor_kind)
            .bind(entry.actor_id)
            .bind(entry.reason)
            .bind(entry.detail)
            .bind(now);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// A recorded change, as read back.
#[derive(Clone, Debug, FromRow)]
pub struct AuditRow {
    pub subject_id: i64,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub reason: String,
    pub detail: String,
    pub created_at: i64,
}

/// The stories of several things of one kind, oldest first.
pub async fn histories<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    subject: &str,
    subject_ids: &[i64],
) -> Result<Vec<AuditRow>, sqlx::Error> {
    if subject_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select subject_id, action, from_status, to_status, actor_kind, actor_id, reason, detail, created_at
         from audit_event where subject = $1 and subject_id in ({}) order by event_id",
        super::db::placeholders(2, subject_ids.len())
    );
    let mut query = sqlx::query_as(&sql).bind(subject);
    for id in subject_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

/// The story of one thing, oldest first.
pub async fn history<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    subject: &str,
    subject_id: i64,
) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as(
        "select subject_id, action, from_status, to_status, actor_kind, actor_id, reason, detail, created_at
         from audit_event where subject = $1 and subject_id = $2 order by event_id",
    )
    .bind(subject)
    .bind(subject_id)
    .fetch_all(ex)
    .await
}

/// What the console's audit log is narrowed to.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter<'a> {
    /// The kind of thing (`application`, `shop`, `order`, `product`).
    pub subject: Option<&'a str>,
    /// Who acted (an operator's user id).
    pub actor_id: Option<i64>,
    /// Only operators' decisions.
    pub operators_only: bool,
    /// From (inclusive) and until (exclusive), ms since the epoch.
    pub from_ms: Option<i64>,
    pub until_ms: Option<i64>,
}

/// A recorded change with what it was about.
#[derive(Clone, Debug, FromRow)]
pub struct LoggedEvent {
    pub event_id: i64,
    pub subject: String,
    pub subject_id: i64,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub reason: String,
    pub created_at: i64,
}

/// Newest first, `limit` of them before `before_event` (for paging).
pub async fn search<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    filter: &AuditFilter<'_>,
    before_event: Option<i64>,
    limit: i64,
) -> Result<Vec<LoggedEvent>, sqlx::Error> {
    // Each condition is always present; a null parameter switches it off,
    // so one statement serves every combination of filters.
    sqlx::query_as(
        "select event_id, subject, subject_id, action, from_status, to_status, actor_kind, actor_id, reason, created_at
         from audit_event
         where ($1 is null or subject = $1)
           and ($2 is null or actor_id = $2)
           and ($3 = 0 or actor_kind = 'operator')
           and ($4 is null or created_at >= $4)
           and ($5 is null or created_at < $5)
           and ($6 is null or event_id < $6)
         order by event_id desc
         limit $7",
    )
    .bind(filter.subject)
    .bind(filter.actor_id)
    .bind(i64::from(filter.operators_only))
    .bind(filter.from_ms)
    .bind(filter.until_ms)
    .bind(before_event)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// The reason of the latest `action` on each of several things, in one
/// statement: subject id → reason.
pub async fn latest_reasons(
    conn: &mut sqlx::AnyConnection,
    subject: &str,
    action: &str,
    subject_ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>, sqlx::Error> {
    if subject_ids.is_empty() {
        return Ok(Default::default());
    }
    let sql = format!(
        "select subject_id, reason from audit_event
         where subject = $1 and action = $2 and subject_id in ({})
         order by event_id",
        super::db::placeholders(3, subject_ids.len())
    );
    let mut q = sqlx::query_as::<_, (i64, String)>(&sql).bind(subject).bind(action);
    for id in subject_ids {
        q = q.bind(*id);
    }
    // Later rows overwrite earlier ones: the latest reason wins.
    Ok(q.fetch_all(conn).await?.into_iter().collect())
}
