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

/// The shops `user_id` acts for, each with its stock-keeping summary from
/// the catalog (a merchant has a handful of shops, so one summary each).
pub async fn seller_shops(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
) -> Result<Vec<super::model::SellerShop>, AppError> {
    let rows = super::db::member_shops(&mut *conn, user_id).await.map_err(internal)?;
    let mut shops = Vec::with_capacity(rows.len());
    for row in rows {
        let stock = crate::catalog::service::shop_stock_summary(&mut *conn, row.shop_id).await?;
        shops.push(super::model::SellerShop {
            shop_id: row.shop_id,
            slug: row.slug,
            name: row.name,
            status: row.status,
            stock,
        });
    }
    Ok(shops)
}

/// One of `user_id`'s shops with its products, and the list of all their
/// shops. `NotFound` when `shop_id` is not one of theirs (the caller has
/// already checked membership; this keeps the query scoped regardless).
pub async fn seller_products(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    shop_id: i64,
) -> Result<super::model::ShopProducts, AppError> {
    let shops: Vec<ShopBrief> = super::db::member_shops(&mut *conn, user_id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|row| ShopBrief {
            shop_id: row.shop_id,
            slug: row.slug,
            name: row.name,
            description: String::new(),
        })
        .collect();
    let shop = shops
        .iter()
        .find(|s| s.shop_id == shop_id)
        .cloned()
        .ok_or(AppError::new(crate::error::ErrorCode::NotFound))?;
    let products = crate::catalog::service::seller_products(conn, shop_id).await?;
    Ok(super::model::ShopProducts { shop, shops, products })
}

/// The most shops the operator console lists at once (paging and search
/// come with shop moderation).
pub const CONSOLE_SHOPS_LIMIT: i64 = 500;

/// Every shop for the operator console, newest first: status, product
/// count (from the catalog) and owner email (from accounts), each read in
/// one batch.
pub async fn console_shops(conn: &mut sqlx::AnyConnection) -> Result<Vec<super::model::ConsoleShop>, AppError> {
    let rows = super::db::console_shops(&mut *conn, CONSOLE_SHOPS_LIMIT)
        .await
        .map_err(internal)?;
    let shop_ids: Vec<i64> = rows.iter().map(|r| r.shop_id).collect();
    let mut owner_ids: Vec<i64> = rows.iter().filter_map(|r| r.owner_user_id).collect();
    owner_ids.sort_unstable();
    owner_ids.dedup();
    let counts = crate::catalog::service::product_counts_by_shop(&mut *conn, &shop_ids).await?;
    let emails = crate::accounts::service::emails_of(conn, &owner_ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| super::model::ConsoleShop {
            products: counts.get(&r.shop_id).copied().unwrap_or(0),
            owner_email: r.owner_user_id.and_then(|id| emails.get(&id).cloned()),
            shop_id: r.shop_id,
            slug: r.slug,
            name: r.name,
            status: r.status,
        })
        .collect())
}
