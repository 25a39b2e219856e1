//! Every SQL statement of the cart, on cart and cart_line.

use sqlx::{Any, Executor, FromRow};

pub async fn cart_of_user<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("select cart_id from cart where user_id = $1")
        .bind(user_id)
        .fetch_optional(ex)
        .await
}

pub async fn cart_of_guest<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    token_hash: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("select cart_id from cart where guest_token_hash = $1")
        .bind(token_hash)
        .fetch_optional(ex)
        .await
}

/// Creates the cart if it is missing (two tabs may race: the unique
/// constraint keeps one).
pub async fn ensure_cart<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: Option<i64>,
    token_hash: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into cart (user_id, guest_token_hash, created_at, updated_at) values ($1, $2, $3, $3) on conflict do nothing",
    )
    .bind(user_id)
    .bind(token_hash)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Marks the cart as used now (idle guest carts are deleted).
pub async fn touch_cart<'e, E: Executor<'e, Database = Any>>(ex: E, cart_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("update cart set updated_at = $1 where cart_id = $2")
        .bind(now)
        .bind(cart_id)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn line_count<'e, E: Executor<'e, Database = Any>>(ex: E, cart_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from cart_line where cart_id = $1")
        .bind(cart_id)
        .fetch_one(ex)
        .await
}

/// Guest carts untouched since `before` (their lines go with them).
pub async fn delete_idle_guest_carts<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    before: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("delete from cart where user_id is null and updated_at < $1")
            .bind(before)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

#[derive(FromRow)]
pub struct LineRow {
    pub sku_id: i64,
    pub quantity: i64,
    pub added_price_minor: i64,
}

pub async fn lines<'e, E: Executor<'e, Database = Any>>(ex: E, cart_id: i64) -> Result<Vec<LineRow>, sqlx::Error> {
    sqlx::query_as(
        "select sku_id, quantity, added_price_minor from cart_line where cart_id = $1 order by created_at, sku_id",
    )
    .bind(cart_id)
    .fetch_all(ex)
    .await
}

pub async fn line_quantity<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    cart_id: i64,
    sku_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("select quantity from cart_line where cart_id = $1 and sku_id = $2")
        .bind(cart_id)
        .bind(sku_id)
        .fetch_optional(ex)
        .await
}

/// Sets a line's quantity, adding the line if needed (the added price is
/// kept from the first time).
pub async fn put_line<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    cart_id: i64,
    sku_id: i64,
    quantity: i64,
    price_minor: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into cart_line (cart_id, sku_id, quantity, added_price_minor, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5)
         on conflict (cart_id, sku_id) do update set quantity = excluded.quantity, updated_at = excluded.updated_at",
    )
    .bind(cart_id)
    .bind(sku_id)
    .bind(quantity)
    .bind(price_minor)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Changes the quantity of an existing line only; 0 rows means the line is
/// not in this cart.
pub async fn set_line_quantity<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    cart_id: i64,
    sku_id: i64,
    quantity: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update cart_line set quantity = $1, updated_at = $2 where cart_id = $3 and sku_id = $4")
            .bind(quantity)
            .bind(now)
            .bind(cart_id)
            .bind(sku_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

pub async fn delete_line<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    cart_id: i64,
    sku_id: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("delete from cart_line where cart_id = $1 and sku_id = $2")
        .bind(cart_id)
        .bind(sku_id)
        .execute(ex)
        .await?
        .rows_affected())
}

pub async fn item_count<'e, E: Executor<'e, Database = Any>>(ex: E, cart_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select cast(coalesce(sum(quantity), 0) as bigint) from cart_line where cart_id = $1")
        .bind(cart_id)
        .fetch_one(ex)
        .await
}

pub async fn delete_cart<'e, E: Executor<'e, Database = Any>>(ex: E, cart_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from cart where cart_id = $1")
        .bind(cart_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Removes lines of one cart that still hold the given quantities, in one
/// statement; returns how many went.
pub async fn delete_exact_lines<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    cart_id: i64,
    lines: &[(i64, i64)],
) -> Result<u64, sqlx::Error> {
    if lines.is_empty() {
        return Ok(0);
    }
    let pairs = (0..lines.len())
        .map(|i| format!("(sku_id = ${} and quantity = ${})", 2 + 2 * i, 3 + 2 * i))
        .collect::<Vec<_>>()
        .join(" or ");
    let sql = format!("delete from cart_line where cart_id = $1 and ({pairs})");
    let mut query = sqlx::query(&sql).bind(cart_id);
    for (sku, quantity) in lines {
        query = query.bind(*sku).bind(*quantity);
    }
    Ok(query.execute(ex).await?.rows_affected())
}

/// The line is bought at `price_minor` from now on (the shopper accepted it).
pub async fn set_added_price<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    cart_id: i64,
    sku_id: i64,
    price_minor: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update cart_line set added_price_minor = $1, updated_at = $2 where cart_id = $3 and sku_id = $4")
            .bind(price_minor)
            .bind(now)
            .bind(cart_id)
            .bind(sku_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}
