//! Every SQL statement of the merchants domain, on shop and shop_member.

use crate::server::db::placeholders;
use sqlx::{Any, Executor};

pub async fn shop_ids_of_member<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("select shop_id from shop_member where user_id = $1 order by shop_id")
        .bind(user_id)
        .fetch_all(ex)
        .await
}

pub async fn count_shops<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from shop").fetch_one(ex).await
}

pub async fn insert_shop<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    slug: &str,
    name: &str,
    description: &str,
    status: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into shop (slug, name, description, status, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5) returning shop_id",
    )
    .bind(slug)
    .bind(name)
    .bind(description)
    .bind(status)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn add_member<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    user_id: i64,
    role: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("insert into shop_member (shop_id, user_id, role, created_at, updated_at) values ($1, $2, $3, $4, $4)")
        .bind(shop_id)
        .bind(user_id)
        .bind(role)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

/// Renames a shop; 0 rows means there is no such shop.
pub async fn rename_shop<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    name: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update shop set name = $1, updated_at = $2 where shop_id = $3")
            .bind(name)
            .bind(now)
            .bind(shop_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

#[derive(sqlx::FromRow)]
pub struct ShopRow {
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
}

pub async fn shop_by_id<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    status: &str,
) -> Result<Option<ShopRow>, sqlx::Error> {
    sqlx::query_as("select shop_id, slug, name, description from shop where shop_id = $1 and status = $2")
        .bind(shop_id)
        .bind(status)
        .fetch_optional(ex)
        .await
}

pub async fn shops_by_ids<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_ids: &[i64],
    status: &str,
) -> Result<Vec<ShopRow>, sqlx::Error> {
    let sql = format!(
        "select shop_id, slug, name, description from shop where status = $1 and shop_id in ({})",
        placeholders(2, shop_ids.len())
    );
    let mut query = sqlx::query_as(&sql).bind(status);
    for id in shop_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

pub async fn shop_by_slug<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    slug: &str,
    status: &str,
) -> Result<Option<ShopRow>, sqlx::Error> {
    sqlx::query_as("select shop_id, slug, name, description from shop where slug = $1 and status = $2")
        .bind(slug)
        .bind(status)
        .fetch_optional(ex)
        .await
}

pub async fn shop_ids_with_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    status: &str,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("select shop_id from shop where status = $1")
        .bind(status)
        .fetch_all(ex)
        .await
}

pub async fn set_shop_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    status: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update shop set status = $1, updated_at = $2 where shop_id = $3")
            .bind(status)
            .bind(now)
            .bind(shop_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

pub async fn shop_slugs<'e, E: Executor<'e, Database = Any>>(ex: E, status: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("select slug from shop where status = $1 order by shop_id")
        .bind(status)
        .fetch_all(ex)
        .await
}

/// A shop as its own merchants and the operator console see it (any status).
#[derive(sqlx::FromRow)]
pub struct ShopStatusRow {
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    pub status: String,
}

/// The shops `user_id` is a member of, whatever their status: a merchant
/// still sees a suspended shop in the seller portal.
pub async fn member_shops<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
) -> Result<Vec<ShopStatusRow>, sqlx::Error> {
    sqlx::query_as(
        "select s.shop_id, s.slug, s.name, s.status
         from shop s join shop_member m on m.shop_id = s.shop_id
         where m.user_id = $1
         order by s.shop_id",
    )
    .bind(user_id)
    .fetch_all(ex)
    .await
}

/// A shop in the operator console's list, with its owner's user id (the
/// earliest owner when there are several).
#[derive(sqlx::FromRow)]
pub struct ConsoleShopRow {
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    pub status: String,
    pub owner_user_id: Option<i64>,
}

/// Every shop, newest first, at most `limit`, for the operator console.
pub async fn console_shops<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    owner_role: &str,
    limit: i64,
) -> Result<Vec<ConsoleShopRow>, sqlx::Error> {
    sqlx::query_as(
        "select s.shop_id, s.slug, s.name, s.status,
                (select m.user_id from shop_member m
                 where m.shop_id = s.shop_id and m.role = $2
                 order by m.created_at, m.user_id limit 1) as owner_user_id
         from shop s
         order by s.shop_id desc
         limit $1",
    )
    .bind(limit)
    .bind(owner_role)
    .fetch_all(ex)
    .await
}

/// (shop, flat fee, free-over threshold) for many shops.
pub async fn shipping_rules<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_ids: &[i64],
) -> Result<Vec<(i64, i64, Option<i64>)>, sqlx::Error> {
    let sql = format!(
        "select shop_id, shipping_fee_minor, free_shipping_over_minor from shop where shop_id in ({})",
        placeholders(1, shop_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in shop_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

pub async fn set_shipping_rule<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    fee_minor: i64,
    free_over_minor: Option<i64>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update shop set shipping_fee_minor = $1, free_shipping_over_minor = $2, updated_at = $3 where shop_id = $4",
    )
    .bind(fee_minor)
    .bind(free_over_minor)
    .bind(now)
    .bind(shop_id)
    .execute(ex)
    .await?
    .rows_affected())
}

pub async fn shop_names<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let sql = format!(
        "select shop_id, name from shop where shop_id in ({})",
        placeholders(1, shop_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in shop_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

pub async fn shops_by_ids_any_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_ids: &[i64],
) -> Result<Vec<ShopRow>, sqlx::Error> {
    let sql = format!(
        "select shop_id, slug, name, description from shop where shop_id in ({}) order by shop_id",
        placeholders(1, shop_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in shop_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}
