//! Every SQL statement of the accounts domain, on its own tables:
//! app_user, session, known_device, password_reset, outbox_email.

use sqlx::{Any, Executor, FromRow};

/// A user with the password hash: never serialised, never leaves the server.
#[derive(FromRow)]
pub struct UserRow {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub is_operator: i64,
}

#[derive(FromRow)]
pub struct SessionUserRow {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub is_operator: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

pub async fn insert_user<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    email: &str,
    display_name: &str,
    password_hash: &str,
    is_operator: bool,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into app_user (email, display_name, password_hash, is_operator, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5) returning user_id",
    )
    .bind(email)
    .bind(display_name)
    .bind(password_hash)
    .bind(is_operator as i64)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn find_user_by_email<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    email: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as("select user_id, email, display_name, password_hash, is_operator from app_user where email = $1")
        .bind(email)
        .fetch_optional(ex)
        .await
}

pub async fn update_password<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    password_hash: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update app_user set password_hash = $1, updated_at = $2 where user_id = $3")
            .bind(password_hash)
            .bind(now)
            .bind(user_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

pub async fn make_operator<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update app_user set is_operator = 1, updated_at = $1 where user_id = $2")
            .bind(now)
            .bind(user_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

pub async fn count_users<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from app_user").fetch_one(ex).await
}

pub async fn insert_session<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    session_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into session (session_hash, user_id, created_at, updated_at, last_seen_at, expires_at)
         values ($1, $2, $3, $3, $3, $4)",
    )
    .bind(session_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// The user of a live session: not revoked, not past its absolute limit, and
/// used since `idle_cutoff`.
pub async fn find_live_session<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    session_hash: &str,
    now: i64,
    idle_cutoff: i64,
) -> Result<Option<SessionUserRow>, sqlx::Error> {
    sqlx::query_as(
        "select u.user_id, u.email, u.display_name, u.is_operator, s.last_seen_at, s.expires_at
         from session s join app_user u on u.user_id = s.user_id
         where s.session_hash = $1 and s.revoked_at is null and s.expires_at > $2 and s.last_seen_at > $3",
    )
    .bind(session_hash)
    .bind(now)
    .bind(idle_cutoff)
    .fetch_optional(ex)
    .await
}

pub async fn touch_session<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    session_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update session set last_seen_at = $1, updated_at = $1 where session_hash = $2 and revoked_at is null")
        .bind(now)
        .bind(session_hash)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn revoke_session<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    session_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update session set revoked_at = $1, updated_at = $1 where session_hash = $2 and revoked_at is null")
        .bind(now)
        .bind(session_hash)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn revoke_user_sessions<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update session set revoked_at = $1, updated_at = $1 where user_id = $2 and revoked_at is null")
        .bind(now)
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Deletes sessions that can no longer be used (kept a day for audit).
pub async fn delete_dead_sessions<'e, E: Executor<'e, Database = Any>>(ex: E, before: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("delete from session where expires_at < $1 or revoked_at < $1")
            .bind(before)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

pub async fn insert_device<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    device_hash: &str,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("insert into known_device (device_hash, user_id, created_at, updated_at) values ($1, $2, $3, $3)")
        .bind(device_hash)
        .bind(user_id)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

/// Whether this browser has logged in to this account before.
pub async fn device_known<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    device_hash: &str,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("select count(*) from known_device where device_hash = $1 and user_id = $2")
        .bind(device_hash)
        .bind(user_id)
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

pub async fn forget_devices<'e, E: Executor<'e, Database = Any>>(ex: E, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from known_device where user_id = $1")
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn insert_reset<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    token_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into password_reset (token_hash, user_id, created_at, updated_at, expires_at) values ($1, $2, $3, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// The user of a reset link that can still be used.
pub async fn usable_reset<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    token_hash: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "select user_id from password_reset where token_hash = $1 and used_at is null and expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(ex)
    .await
}

/// Every reset link of an account (a newer link, or a finished reset,
/// leaves none of the older ones usable).
pub async fn delete_resets_of<'e, E: Executor<'e, Database = Any>>(ex: E, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from password_reset where user_id = $1")
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn delete_dead_resets<'e, E: Executor<'e, Database = Any>>(ex: E, now: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("delete from password_reset where expires_at < $1 or used_at is not null")
            .bind(now)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// Mail written before `before`, sent or not.
pub async fn delete_old_outbox<'e, E: Executor<'e, Database = Any>>(ex: E, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("delete from outbox_email where created_at < $1")
        .bind(before)
        .execute(ex)
        .await?
        .rows_affected())
}

/// Marks a reset link used, if it is still usable; returns its user.
/// Guarded so that two clicks cannot both use it.
pub async fn use_reset<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    token_hash: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "update password_reset set used_at = $1, updated_at = $1
         where token_hash = $2 and used_at is null and expires_at > $1 returning user_id",
    )
    .bind(now)
    .bind(token_hash)
    .fetch_optional(ex)
    .await
}

pub async fn insert_outbox<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    to: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into outbox_email (to_address, subject, body, created_at, updated_at) values ($1, $2, $3, $4, $4)",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// `(user_id, email)` for each of `user_ids` that exists.
pub async fn emails_by_ids(
    conn: &mut sqlx::AnyConnection,
    user_ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = (1..=user_ids.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("select user_id, email from app_user where user_id in ({list})");
    let mut query = sqlx::query_as(&sql);
    for id in user_ids {
        query = query.bind(*id);
    }
    query.fetch_all(conn).await
}
