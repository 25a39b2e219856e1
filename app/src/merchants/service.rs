//! Merchant use cases.

use super::model::ShopBrief;
use crate::error::AppError;
use crate::server::db::internal;
use crate::server::Db;

pub async fn count_shops(db: &Db) -> Result<i64, AppError> {
    super::db::count_shops(db.pool()).await.map_err(internal)
}

fn brief(row: super::db::ShopRow) -> ShopBrief {
    ShopBrief {
        shop_id: row.shop_id,
        slug: row.slug,
        name: row.name,
        description: row.description,
    }
}

pub async fn shop_by_id(db: &Db, shop_id: i64) -> Result<Option<ShopBrief>, AppError> {
    Ok(super::db::shop_by_id(db.pool(), shop_id)
        .await
        .map_err(internal)?
        .map(brief))
}

pub async fn shop_by_slug(db: &Db, slug: &str) -> Result<Option<ShopBrief>, AppError> {
    Ok(super::db::shop_by_slug(db.pool(), slug)
        .await
        .map_err(internal)?
        .map(brief))
}

pub async fn active_shop_slugs(db: &Db) -> Result<Vec<String>, AppError> {
    super::db::active_shop_slugs(db.pool()).await.map_err(internal)
}
