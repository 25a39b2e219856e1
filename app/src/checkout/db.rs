//! Every SQL statement of checkout, on address and checkout.

use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct AddressRow {
    pub address_id: i64,
    pub recipient: String,
    pub phone: String,
    pub province_code: String,
    pub city_code: String,
    pub district_code: String,
    pub detail: String,
    pub is_default: i64,
}

const ADDRESS: &str =
    "select address_id, recipient, phone, province_code, city_code, district_code, detail, is_default from address";

/// A person's addresses, the default first, then newest first.
pub async fn addresses_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
) -> Result<Vec<AddressRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ADDRESS} where user_id = $1 order by is_default desc, address_id desc"
    ))
    .bind(user_id)
    .fetch_all(ex)
    .await
}

/// An address with whose it is.
#[derive(Clone, Debug, FromRow)]
pub struct OwnedAddressRow {
    pub user_id: i64,
    #[sqlx(flatten)]
    pub address: AddressRow,
}

/// The addresses of several people, each person's default first, then
/// newest first.
pub async fn addresses_of_all<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    users: &[i64],
) -> Result<Vec<OwnedAddressRow>, sqlx::Error> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select user_id, address_id, recipient, phone, province_code, city_code, district_code, detail, is_default
         from address where user_id in ({}) order by user_id, is_default desc, address_id desc",
        crate::server::db::placeholders(1, users.len())
    );
    let mut query = sqlx::query_as(&sql);
    for user in users {
        query = query.bind(*user);
    }
    query.fetch_all(ex).await
}

/// One of a person's addresses (never another person's).
pub async fn address_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    address_id: i64,
) -> Result<Option<AddressRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ADDRESS} where user_id = $1 and address_id = $2"))
        .bind(user_id)
        .bind(address_id)
        .fetch_optional(ex)
        .await
}

pub async fn count_addresses<'e, E: Executor<'e, Database = Any>>(ex: E, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from address where user_id = $1")
        .bind(user_id)
        .fetch_one(ex)
        .await
}

/// An address's fields as stored.
pub struct AddressFields<'a> {
    pub recipient: &'a str,
    pub phone: &'a str,
    pub province_code: &'a str,
    pub city_code: &'a str,
    pub district_code: &'a str,
    pub detail: &'a str,
}

pub async fn insert_address<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    a: &AddressFields<'_>,
    is_default: bool,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into address (user_id, recipient, phone, province_code, city_code, district_code, detail, is_default,
             created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) returning address_id",
    )
    .bind(user_id)
    .bind(a.recipient)
    .bind(a.phone)
    .bind(a.province_code)
    .bind(a.city_code)
    .bind(a.district_code)
    .bind(a.detail)
    .bind(i64::from(is_default))
    .bind(now)
    .fetch_one(ex)
    .await
}

/// 0 rows: not this person's address.
pub async fn update_address<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    address_id: i64,
    a: &AddressFields<'_>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update address set recipient = $1, phone = $2, province_code = $3, city_code = $4, district_code = $5,
             detail = $6, updated_at = $7
         where user_id = $8 and address_id = $9",
    )
    .bind(a.recipient)
    .bind(a.phone)
    .bind(a.province_code)
    .bind(a.city_code)
    .bind(a.district_code)
    .bind(a.detail)
    .bind(now)
    .bind(user_id)
    .bind(address_id)
    .execute(ex)
    .await?
    .rows_affected())
}

pub async fn delete_address<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    address_id: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("delete from address where user_id = $1 and address_id = $2")
            .bind(user_id)
            .bind(address_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// Makes one address the default and every other of the person's not.
/// 0 rows: not this person's address (nothing changed).
pub async fn make_default<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    address_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update address set is_default = case when address_id = $1 then 1 else 0 end, updated_at = $2
         where user_id = $3 and exists (select 1 from address where user_id = $3 and address_id = $1)",
    )
    .bind(address_id)
    .bind(now)
    .bind(user_id)
    .execute(ex)
    .await?
    .rows_affected())
}

/// The newest address left (to become the default when the default goes).
pub async fn newest_address<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("select address_id from address where user_id = $1 order by address_id desc limit 1")
        .bind(user_id)
        .fetch_optional(ex)
        .await
}

#[derive(Clone, Debug, FromRow)]
pub struct CheckoutRow {
    pub checkout_id: i64,
    pub user_id: i64,
    pub total_minor: i64,
    pub paying_until: Option<i64>,
}

pub async fn checkout_by_token<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    token: &str,
) -> Result<Option<CheckoutRow>, sqlx::Error> {
    sqlx::query_as("select checkout_id, user_id, total_minor, paying_until from checkout where token = $1")
        .bind(token)
        .fetch_optional(ex)
        .await
}

pub async fn checkout<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    checkout_id: i64,
) -> Result<Option<CheckoutRow>, sqlx::Error> {
    sqlx::query_as("select checkout_id, user_id, total_minor, paying_until from checkout where checkout_id = $1")
        .bind(checkout_id)
        .fetch_optional(ex)
        .await
}

/// Claims the token; `None` when it was claimed already (on PostgreSQL a
/// concurrent claim waits for the first to commit, then lands here).
pub async fn insert_checkout<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    token: &str,
    total_minor: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "insert into checkout (user_id, token, total_minor, created_at, updated_at) values ($1, $2, $3, $4, $4)
         on conflict (token) do nothing returning checkout_id",
    )
    .bind(user_id)
    .bind(token)
    .bind(total_minor)
    .bind(now)
    .fetch_optional(ex)
    .await
}

/// Inserts several placings in one statement, `(user_id, token,
/// total_minor)` each: `(checkout_id, token)` for each (tokens are new and
/// unique, so nothing is skipped).
pub async fn insert_checkouts<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    rows: &[(i64, &str, i64)],
    now: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    const COLS: usize = 4;
    let values = crate::server::db::value_rows(rows.len(), COLS, true);
    let sql = format!(
        "insert into checkout (user_id, token, total_minor, created_at, updated_at) values {values}
         returning checkout_id, token"
    );
    let mut query = sqlx::query_as(&sql);
    for &(user_id, token, total_minor) in rows {
        query = query.bind(user_id).bind(token).bind(total_minor).bind(now);
    }
    query.fetch_all(ex).await
}

/// Gives the checkout's one payment turn to `payment_id` until `until`;
/// 0 rows: another payment holds it.
pub async fn take_payment_turn<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    checkout_id: i64,
    payment_id: i64,
    until: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update checkout set paying_payment_id = $1, paying_until = $2, updated_at = $3
         where checkout_id = $4 and (paying_until is null or paying_until < $3)",
    )
    .bind(payment_id)
    .bind(until)
    .bind(now)
    .bind(checkout_id)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Gives the turn back, if `payment_id` still holds it.
pub async fn release_payment_turn<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    checkout_id: i64,
    payment_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update checkout set paying_payment_id = null, paying_until = null, updated_at = $1
         where checkout_id = $2 and paying_payment_id = $3",
    )
    .bind(now)
    .bind(checkout_id)
    .bind(payment_id)
    .execute(ex)
    .await?;
    Ok(())
}
