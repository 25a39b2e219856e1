//! Merchant use cases: shops and the people who act for them. Each takes the
//! caller's transaction (writes) or a connection (reads).

use super::model::{MemberRole, ShippingRule, ShopBrief, ShopStatus};
use crate::error::{AppError, ErrorCode};
use crate::server::db::is_unique_violation;
use crate::server::{now_ms, Conn, Tx};
use crate::storefront::model::Change;
use crate::storefront::service::record;

pub async fn count_shops(conn: &mut Conn) -> Result<i64, AppError> {
    Ok(super::db::count_shops(conn).await?)
}

fn brief(row: super::db::ShopRow) -> ShopBrief {
    ShopBrief {
        shop_id: row.shop_id,
        slug: row.slug,
        name: row.name,
        description: row.description,
    }
}

/// An open shop by id (suspended shops are not shown to shoppers).
pub async fn shop_by_id(conn: &mut Conn, shop_id: i64) -> Result<Option<ShopBrief>, AppError> {
    Ok(super::db::shop_by_id(conn, shop_id, ShopStatus::Active.as_db())
        .await?
        .map(brief))
}

/// Open shops by id, in one statement whatever their number.
pub async fn shops_by_ids(conn: &mut Conn, shop_ids: &[i64]) -> Result<Vec<ShopBrief>, AppError> {
    if shop_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(super::db::shops_by_ids(conn, shop_ids, ShopStatus::Active.as_db())
        .await?
        .into_iter()
        .map(brief)
        .collect())
}

pub async fn shop_by_slug(conn: &mut Conn, slug: &str) -> Result<Option<ShopBrief>, AppError> {
    Ok(super::db::shop_by_slug(conn, slug, ShopStatus::Active.as_db())
        .await?
        .map(brief))
}

/// Shops that do not trade (suspended), for the catalog's index.
pub async fn closed_shop_ids(conn: &mut Conn) -> Result<Vec<i64>, AppError> {
    Ok(super::db::shop_ids_with_status(conn, ShopStatus::Suspended.as_db()).await?)
}

/// Suspends or reopens a shop; its products leave or rejoin every listing
/// within a second on every server (through the change log).
#[tracing::instrument(skip(tx))]
pub async fn set_shop_status(tx: &mut Tx, shop_id: i64, status: ShopStatus) -> Result<(), AppError> {
    if super::db::set_shop_status(&mut **tx, shop_id, status.as_db(), now_ms()).await? == 0 {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    record(tx, Change::Shop(shop_id)).await?;
    Ok(())
}

pub async fn active_shop_slugs(conn: &mut Conn) -> Result<Vec<String>, AppError> {
    Ok(super::db::shop_slugs(conn, ShopStatus::Active.as_db()).await?)
}

/// Opens a shop (the onboarding issue puts an application in front of it).
#[tracing::instrument(skip(tx))]
pub async fn create_shop(tx: &mut Tx, slug: &str, name: &str, description: &str) -> Result<i64, AppError> {
    match super::db::insert_shop(&mut **tx, slug, name, description, ShopStatus::Active.as_db(), now_ms()).await {
        Err(e) if is_unique_violation(&e) => Err(AppError::field("slug", ErrorCode::BadRequest)),
        other => Ok(other?),
    }
}

/// Lets a person act for a shop.
#[tracing::instrument(skip(tx))]
pub async fn add_member(tx: &mut Tx, shop_id: i64, user_id: i64, role: MemberRole) -> Result<(), AppError> {
    Ok(super::db::add_member(&mut **tx, shop_id, user_id, role.as_db(), now_ms()).await?)
}

/// Renames a shop; its pages (and its products' pages) show the new name
/// once the transaction commits.
#[tracing::instrument(skip(tx))]
pub async fn rename_shop(tx: &mut Tx, shop_id: i64, name: &str) -> Result<(), AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(AppError::field("name", ErrorCode::Required));
    }
    if super::db::rename_shop(&mut **tx, shop_id, name, now_ms()).await? == 0 {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    record(tx, Change::Shop(shop_id)).await?;
    Ok(())
}

/// The shops a person may act for. For the session layer, which answers
/// database trouble with 503 rather than an error page, hence `sqlx::Error`.
pub async fn shop_ids_of_member(conn: &mut Conn, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    super::db::shop_ids_of_member(conn, user_id).await
}

/// The shops `user_id` acts for, each with its stock-keeping summary from
/// the catalog, read in one batch.
pub async fn seller_shops(conn: &mut Conn, user_id: i64) -> Result<Vec<super::model::SellerShop>, AppError> {
    let rows = super::db::member_shops(&mut *conn, user_id).await?;
    let shop_ids: Vec<i64> = rows.iter().map(|r| r.shop_id).collect();
    let mut stock = crate::catalog::service::shop_stock_summaries(conn, &shop_ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| super::model::SellerShop {
            stock: stock.remove(&row.shop_id).unwrap_or_default(),
            shop_id: row.shop_id,
            slug: row.slug,
            name: row.name,
            // The check constraint admits only known statuses.
            status: ShopStatus::from_db(&row.status).unwrap_or(ShopStatus::Suspended),
        })
        .collect())
}

/// One of `user_id`'s shops with its products, and the list of all their
/// shops. `NotFound` when `shop_id` is not one of theirs (the caller has
/// already checked membership; this keeps the query scoped regardless).
pub async fn seller_products(
    conn: &mut Conn,
    user_id: i64,
    shop_id: i64,
) -> Result<super::model::ShopProducts, AppError> {
    let shops: Vec<ShopBrief> = super::db::member_shops(&mut *conn, user_id)
        .await?
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
pub async fn console_shops(conn: &mut Conn) -> Result<Vec<super::model::ConsoleShop>, AppError> {
    let rows = super::db::console_shops(&mut *conn, MemberRole::Owner.as_db(), CONSOLE_SHOPS_LIMIT).await?;
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
            status: ShopStatus::from_db(&r.status).unwrap_or(ShopStatus::Suspended),
        })
        .collect())
}

/// Most a shop may charge for shipping one order (¥500), and the highest
/// free-shipping threshold (¥100,000).
const MAX_SHIPPING_FEE_MINOR: i64 = 50_000;
const MAX_FREE_OVER_MINOR: i64 = 10_000_000;

/// The shipping rules of many shops, in one statement (shops without one
/// ship free).
pub async fn shipping_rules(
    conn: &mut Conn,
    shop_ids: &[i64],
) -> Result<std::collections::HashMap<i64, ShippingRule>, AppError> {
    if shop_ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(super::db::shipping_rules(conn, shop_ids)
        .await?
        .into_iter()
        .map(|(id, fee_minor, free_over_minor)| {
            (
                id,
                ShippingRule {
                    fee_minor,
                    free_over_minor,
                },
            )
        })
        .collect())
}

/// Sets a shop's shipping rule.
pub async fn set_shipping_rule(tx: &mut Tx, shop_id: i64, rule: ShippingRule) -> Result<(), AppError> {
    if !(0..=MAX_SHIPPING_FEE_MINOR).contains(&rule.fee_minor) {
        return Err(AppError::field("shipping_fee", ErrorCode::BadRequest));
    }
    if rule
        .free_over_minor
        .is_some_and(|t| !(0..=MAX_FREE_OVER_MINOR).contains(&t))
    {
        return Err(AppError::field("free_shipping_over", ErrorCode::BadRequest));
    }
    if super::db::set_shipping_rule(&mut **tx, shop_id, rule.fee_minor, rule.free_over_minor, now_ms()).await? == 0 {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    Ok(())
}

/// A shop's name whatever its status (orders name their shop even after it
/// was suspended), for many shops at once.
pub async fn shop_names(conn: &mut Conn, shop_ids: &[i64]) -> Result<std::collections::HashMap<i64, String>, AppError> {
    if shop_ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(super::db::shop_names(conn, shop_ids).await?.into_iter().collect())
}

/// The shops a merchant acts for, whatever their status (a suspended shop's
/// orders still run off), in one statement.
pub async fn member_shops(conn: &mut Conn, shop_ids: &[i64]) -> Result<Vec<ShopBrief>, AppError> {
    if shop_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(super::db::shops_by_ids_any_status(conn, shop_ids)
        .await?
        .into_iter()
        .map(brief)
        .collect())
}
