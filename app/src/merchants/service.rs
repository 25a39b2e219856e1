//! Merchant use cases.

use crate::error::AppError;
use crate::server::db::internal;
use crate::server::Db;

pub async fn count_shops(db: &Db) -> Result<i64, AppError> {
    super::db::count_shops(db.pool()).await.map_err(internal)
}
