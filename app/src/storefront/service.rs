//! Recording storefront changes (in the caller's transaction).

use super::model::Change;
use crate::server::{now_ms, Tx};

/// Notes that `change` happened, in the same transaction as the change, so
/// the log and the data never disagree.
pub async fn record(tx: &mut Tx, change: Change) -> Result<(), sqlx::Error> {
    super::db::insert_change(&mut **tx, change.subject(), change.subject_id(), now_ms()).await
}
