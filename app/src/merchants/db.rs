//! Every SQL statement of the merchants domain, on shop and shop_member.

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
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into shop (slug, name, description, status, created_at, updated_at)
         values ($1, $2, $3, 'active', $4, $4) returning shop_id",
    )
    .bind(slug)
    .bind(name)
    .bind(description)
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
) -> Result<Option<ShopRow>, sqlx::Error> {
    sqlx::query_as("select shop_id, slug, name, description from shop where shop_id = $1 and status = 'active'")
        .bind(shop_id)
        .fetch_optional(ex)
        .await
}

pub async fn shop_by_slug<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    slug: &str,
) -> Result<Option<ShopRow>, sqlx::Error> {
    sqlx::query_as("select shop_id, slug, name, description from shop where slug = $1 and status = 'active'")
        .bind(slug)
        .fetch_optional(ex)
        .await
}

pub async fn active_shop_slugs<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("select slug from shop where status = 'active' order by shop_id")
        .fetch_all(ex)
        .await
}
