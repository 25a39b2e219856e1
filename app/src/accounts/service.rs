//! Account use cases over the database, testable without a browser.

use super::db;
use super::domain::{DisplayName, Email, NewPassword};
use super::session_cache::SessionCache;
use crate::error::{AppError, ErrorCode, FieldErrors};
use crate::server::db::{internal, is_unique_violation};
use crate::server::{now_ms, AppConfig, Db, Viewer};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::sync::OnceLock;

/// A freshly issued session: the token goes into the cookie, only its hash
/// is stored.
#[derive(Debug)]
pub struct SessionGrant {
    pub user_id: i64,
    pub token: String,
    pub max_age_secs: i64,
}

/// A new random token (256 bits, URL-safe).
pub fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What we store for a token: its SHA-256, so a leaked table grants nothing.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

/// Argon2id with the crate's recommended parameters, off the async threads.
async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(internal)?
    .map_err(internal)
}

async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(internal)?
    .map_err(internal)
}

/// A hash to verify against when the email is unknown, so that a wrong email
/// takes as long as a wrong password and does not reveal who has an account.
fn decoy_hash() -> String {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY
        .get_or_init(|| {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(b"decoy password, never valid", &salt)
                .map(|h| h.to_string())
                .unwrap_or_default()
        })
        .clone()
}

async fn start_session(db: &Db, config: &AppConfig, user_id: i64) -> Result<SessionGrant, AppError> {
    let token = new_token();
    let now = now_ms();
    db::insert_session(
        db.pool(),
        &token_hash(&token),
        user_id,
        now,
        now + config.session_absolute_secs * 1000,
    )
    .await
    .map_err(internal)?;
    Ok(SessionGrant {
        user_id,
        token,
        max_age_secs: config.session_absolute_secs,
    })
}

/// Input of the registration form, as typed.
pub struct Registration<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password: &'a str,
}

/// Creates a shopper account and logs it in.
#[tracing::instrument(skip_all)]
pub async fn register(db: &Db, config: &AppConfig, input: Registration<'_>) -> Result<SessionGrant, AppError> {
    let echo = [("email", input.email), ("display_name", input.display_name)];
    let mut errors = FieldErrors::default();
    let email = errors.check("email", Email::parse(input.email));
    let name = errors.check("display_name", DisplayName::parse(input.display_name));
    let password = errors.check("password", NewPassword::parse(input.password, email.as_ref()));
    let (Some(email), Some(name), Some(password)) = (email, name, password) else {
        return Err(errors
            .into_error()
            .unwrap_or_else(|| AppError::new(ErrorCode::BadRequest))
            .echo(&echo));
    };
    let hash = hash_password(password.expose().to_string()).await?;
    let user_id = match db::insert_user(db.pool(), email.as_str(), name.as_str(), &hash, false, now_ms()).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(AppError::field("email", ErrorCode::EmailTaken).echo(&echo)),
        Err(e) => return Err(internal(e)),
    };
    tracing::info!(user_id, "account registered");
    start_session(db, config, user_id).await
}

/// Checks the throttle for one subject; `Err` carries the wait.
async fn check_throttle(db: &Db, subject: &str, max: u32, window_ms: i64, now: i64) -> Result<(), AppError> {
    let since = now - window_ms;
    let (count, _) = db::recent_failures(db.pool(), subject, since).await.map_err(internal)?;
    if count < i64::from(max) {
        return Ok(());
    }
    // Allowed again once the max-th most recent failure leaves the window.
    let pivot = db::nth_recent_failure(db.pool(), subject, since, i64::from(max))
        .await
        .map_err(internal)?
        .unwrap_or(now);
    let wait_ms = (pivot + window_ms - now).max(1000);
    Err(AppError {
        retry_after_secs: Some(((wait_ms + 999) / 1000) as u64),
        ..AppError::new(ErrorCode::TooManyAttempts)
    })
}

/// Logs in with email and password, subject to per-account and per-address
/// throttling. A throttled account is refused even with the right password.
#[tracing::instrument(skip_all)]
pub async fn log_in(
    db: &Db,
    config: &AppConfig,
    email: &str,
    password: &str,
    client: Option<IpAddr>,
) -> Result<SessionGrant, AppError> {
    let echo = [("email", email)];
    let email = Email::parse(email).map_err(|code| AppError::field("email", code).echo(&echo))?;
    if password.is_empty() {
        return Err(AppError::field("password", ErrorCode::Required).echo(&echo));
    }
    let now = now_ms();
    let window_ms = config.login_window_secs * 1000;
    let account_subject = format!("account:{}", email.as_str());
    let addr_subject = client.map(|ip| format!("addr:{ip}"));
    let throttled = async {
        check_throttle(db, &account_subject, config.login_max_per_account, window_ms, now).await?;
        if let Some(addr) = &addr_subject {
            check_throttle(db, addr, config.login_max_per_addr, window_ms, now).await?;
        }
        Ok::<(), AppError>(())
    };
    throttled.await.map_err(|e| e.echo(&echo))?;

    let user = db::find_user_by_email(db.pool(), email.as_str())
        .await
        .map_err(internal)?;
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(decoy_hash);
    let ok = verify_password(password.to_string(), hash).await? && user.is_some();
    let Some(user) = user.filter(|_| ok) else {
        let mut tx = db.begin_write().await.map_err(internal)?;
        db::insert_failure(&mut *tx, &account_subject, now)
            .await
            .map_err(internal)?;
        if let Some(addr) = &addr_subject {
            db::insert_failure(&mut *tx, addr, now).await.map_err(internal)?;
        }
        tx.commit().await.map_err(internal)?;
        tracing::info!("log-in failed");
        return Err(AppError::field("password", ErrorCode::WrongCredentials).echo(&echo));
    };
    db::clear_failures(db.pool(), &account_subject)
        .await
        .map_err(internal)?;
    tracing::info!(user_id = user.user_id, "logged in");
    start_session(db, config, user.user_id).await
}

/// Ends one session for good.
pub async fn log_out(db: &Db, sessions: &SessionCache, viewer: &Viewer) -> Result<(), AppError> {
    sessions.forget(&viewer.session_hash);
    db::revoke_session(db.pool(), &viewer.session_hash, now_ms())
        .await
        .map_err(internal)
}

/// Resolves a session cookie into the person behind it. Dead, revoked or
/// unknown tokens give `None`. Refreshes "last seen" at most once a minute so
/// that reading pages does not write on every request, and asks the database
/// at most every few seconds per session (`SessionCache`).
pub async fn viewer_for_token(
    db: &Db,
    config: &AppConfig,
    sessions: &SessionCache,
    token: &str,
) -> Result<Option<Viewer>, sqlx::Error> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let hash = token_hash(token);
    let now = now_ms();
    if let Some(viewer) = sessions.get(&hash, now) {
        return Ok(Some(viewer));
    }
    let ticket = sessions.ticket();
    let Some(row) = db::find_live_session(db.pool(), &hash, now, now - config.session_idle_secs * 1000).await? else {
        return Ok(None);
    };
    if now - row.last_seen_at > 60_000 {
        db::touch_session(db.pool(), &hash, now).await?;
    }
    let shop_ids = crate::merchants::service::shop_ids_of_member(&mut *db.read().await?, row.user_id).await?;
    let viewer = Viewer {
        user_id: row.user_id,
        email: row.email,
        display_name: row.display_name,
        is_operator: row.is_operator == 1,
        shop_ids,
        session_hash: hash,
    };
    sessions.confirm(viewer.clone(), row.expires_at, ticket);
    Ok(Some(viewer))
}

/// Starts a password reset: mails a one-hour link if the email has an
/// account. Answers the same either way, so it reveals nothing.
#[tracing::instrument(skip_all)]
pub async fn request_password_reset(db: &Db, config: &AppConfig, email: &str) -> Result<(), AppError> {
    let echo = [("email", email)];
    let email = Email::parse(email).map_err(|code| AppError::field("email", code).echo(&echo))?;
    let Some(user) = db::find_user_by_email(db.pool(), email.as_str())
        .await
        .map_err(internal)?
    else {
        return Ok(());
    };
    let token = new_token();
    let now = now_ms();
    let link = config.absolute_url(&format!("/reset-password?token={token}"));
    let body = format!(
        "Hello {},\n\nChoose a new Jishi password here (valid for one hour):\n{link}\n\nIf you did not ask for this, ignore this mail.\n",
        user.display_name
    );
    let mut tx = db.begin_write().await.map_err(internal)?;
    db::insert_reset(&mut *tx, &token_hash(&token), user.user_id, now, now + 3600 * 1000)
        .await
        .map_err(internal)?;
    db::insert_outbox(&mut *tx, email.as_str(), "Reset your Jishi password", &body, now)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    if config.log_reset_links {
        tracing::info!(%link, "password reset link (development: mail is not sent)");
    }
    Ok(())
}

/// Sets a new password through a reset link; every existing session of the
/// account is revoked.
#[tracing::instrument(skip_all)]
pub async fn reset_password(db: &Db, sessions: &SessionCache, token: &str, password: &str) -> Result<(), AppError> {
    let password = NewPassword::parse(password, None).map_err(|code| AppError::field("password", code))?;
    let hash = hash_password(password.expose().to_string()).await?;
    let now = now_ms();
    let mut tx = db.begin_write().await.map_err(internal)?;
    let Some(user_id) = db::use_reset(&mut *tx, &token_hash(token), now)
        .await
        .map_err(internal)?
    else {
        return Err(AppError::field("password", ErrorCode::ResetLinkInvalid));
    };
    db::update_password(&mut *tx, user_id, &hash, now)
        .await
        .map_err(internal)?;
    db::revoke_user_sessions(&mut *tx, user_id, now)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    sessions.forget_user(user_id);
    tracing::info!(user_id, "password reset");
    Ok(())
}

/// Creates an operator, or makes an existing account one (its password is
/// then left as it was). Used by `server create-operator` and the demo seed.
pub async fn create_operator(db: &Db, email: &str, display_name: &str, password: &str) -> Result<i64, AppError> {
    let mut errors = FieldErrors::default();
    let email = errors.check("email", Email::parse(email));
    let name = errors.check("display_name", DisplayName::parse(display_name));
    let password = errors.check("password", NewPassword::parse(password, email.as_ref()));
    let (Some(email), Some(name), Some(password)) = (email, name, password) else {
        return Err(errors
            .into_error()
            .unwrap_or_else(|| AppError::new(ErrorCode::BadRequest)));
    };
    if let Some(user) = db::find_user_by_email(db.pool(), email.as_str())
        .await
        .map_err(internal)?
    {
        db::make_operator(db.pool(), user.user_id, now_ms())
            .await
            .map_err(internal)?;
        return Ok(user.user_id);
    }
    let hash = hash_password(password.expose().to_string()).await?;
    db::insert_user(db.pool(), email.as_str(), name.as_str(), &hash, true, now_ms())
        .await
        .map_err(internal)
}

/// Creates an ordinary account without logging it in (demo seed, tests).
pub async fn create_user(db: &Db, email: &str, display_name: &str, password: &str) -> Result<i64, AppError> {
    let email_p = Email::parse(email).map_err(|c| AppError::field("email", c))?;
    let name = DisplayName::parse(display_name).map_err(|c| AppError::field("display_name", c))?;
    let password = NewPassword::parse(password, Some(&email_p)).map_err(|c| AppError::field("password", c))?;
    let hash = hash_password(password.expose().to_string()).await?;
    db::insert_user(db.pool(), email_p.as_str(), name.as_str(), &hash, false, now_ms())
        .await
        .map_err(internal)
}

pub async fn count_users(db: &Db) -> Result<i64, AppError> {
    db::count_users(db.pool()).await.map_err(internal)
}

/// Housekeeping: forgets dead sessions and old failed attempts.
pub async fn prune(db: &Db, config: &AppConfig) -> Result<(), sqlx::Error> {
    let now = now_ms();
    db::delete_dead_sessions(db.pool(), now - 24 * 3600 * 1000).await?;
    db::delete_old_failures(db.pool(), now - config.login_window_secs * 1000 * 10).await?;
    Ok(())
}

/// The emails of `user_ids` (for staff screens), in one query.
pub async fn emails_of(
    conn: &mut sqlx::AnyConnection,
    user_ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>, AppError> {
    Ok(db::emails_by_ids(conn, user_ids)
        .await
        .map_err(internal)?
        .into_iter()
        .collect())
}
