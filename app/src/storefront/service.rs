//! Recording storefront changes (in the caller's transaction) and reading
//! them back (followers).

use super::db;
use super::model::Change;
use crate::server::{now_ms, Db, Tx};

/// Notes that `change` happened, in the same transaction as the change, so
/// the log and the data never disagree.
pub async fn record(tx: &mut Tx, change: Change) -> Result<(), sqlx::Error> {
    db::insert_change(&mut **tx, change.subject(), change.subject_id(), now_ms()).await
}

/// Rows of the log as (id, change); rows with a subject this build does not
/// know are returned as `None` so the follower still moves past them.
fn decoded(rows: Vec<db::ChangeRow>) -> Vec<(i64, Option<Change>)> {
    rows.into_iter()
        .map(|r| (r.change_id, Change::from_row(&r.subject, r.subject_id)))
        .collect()
}

/// Up to `limit` changes visible now after position `after`, in id order.
pub async fn changes_after(db: &Db, after: i64, limit: i64) -> Result<Vec<(i64, Option<Change>)>, sqlx::Error> {
    Ok(decoded(db::changes_after(db.pool(), after, limit).await?))
}

/// Those of `ids` (holes a follower is waiting for) that are visible now.
pub async fn changes_among(db: &Db, ids: &[i64]) -> Result<Vec<(i64, Option<Change>)>, sqlx::Error> {
    let mut out = Vec::new();
    // One placeholder per id: keep statements small.
    for chunk in ids.chunks(500) {
        out.extend(decoded(db::changes_among(db.pool(), chunk).await?));
    }
    Ok(out)
}

/// The log's end now, and the ids visible in the `window` ids below it (a
/// follower starting here waits for the others, which may be in flight).
pub async fn position(db: &Db, window: i64) -> Result<(i64, i64, Vec<i64>), sqlx::Error> {
    let last = db::last_change_id(db.pool()).await?;
    let from = (last - window).max(0);
    let visible = db::change_ids_after(db.pool(), from).await?;
    Ok((last, from, visible))
}
