//! Every SQL statement of the storefront change log.

use sqlx::{Any, Executor, FromRow};

/// One row of the log.
#[derive(Clone, Debug, FromRow)]
pub struct ChangeRow {
    pub change_id: i64,
    pub subject: String,
    pub subject_id: i64,
}

pub async fn insert_change<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    subject: &str,
    subject_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("insert into storefront_change (subject, subject_id, created_at, updated_at) values ($1, $2, $3, $3)")
        .bind(subject)
        .bind(subject_id)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

/// Changes visible now with an id above `after`, in id order.
pub async fn changes_after<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    after: i64,
    limit: i64,
) -> Result<Vec<ChangeRow>, sqlx::Error> {
    sqlx::query_as(
        "select change_id, subject, subject_id from storefront_change where change_id > $1 order by change_id limit $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Those of `ids` that are visible now (a follower re-checking the holes it
/// saw below its position). `Any` cannot bind arrays, hence one placeholder
/// per id; callers send a few hundred at most.
pub async fn changes_among<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    ids: &[i64],
) -> Result<Vec<ChangeRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = (1..=ids.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "select change_id, subject, subject_id from storefront_change where change_id in ({placeholders}) order by change_id"
    );
    let mut query = sqlx::query_as(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

/// Ids of the changes visible now above `after` (the start-up position and
/// the holes below it).
pub async fn change_ids_after<'e, E: Executor<'e, Database = Any>>(ex: E, after: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("select change_id from storefront_change where change_id > $1 order by change_id")
        .bind(after)
        .fetch_all(ex)
        .await
}

/// The highest change id visible now (0 for an empty log).
pub async fn last_change_id<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<i64, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar("select max(change_id) from storefront_change")
        .fetch_one(ex)
        .await?;
    Ok(id.unwrap_or(0))
}
