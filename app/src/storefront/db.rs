//! Every SQL statement of the storefront change log.

use sqlx::{Any, Executor};

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
