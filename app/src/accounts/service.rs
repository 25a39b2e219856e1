//! Account use cases over the database, testable without a browser.

use super::db;
use super::domain::{DisplayName, Email, NewPassword};
use super::hashing::PasswordHashing;
use super::session_cache::SessionCache;
use crate::error::{AppError, ErrorCode, FieldErrors};
use crate::server::db::{internal, is_unique_violation};
use crate::server::throttle::{self, Rule};
use crate::server::{now_ms, AppConfig, AppState, Conn, Db, Tx, Viewer};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::net::IpAddr;

/// A freshly issued session: the token goes into the cookie, only its hash
/// is stored.
#[derive(Debug)]
pub struct SessionGrant {
    pub user_id: i64,
    pub token: String,
    pub max_age_secs: i64,
    /// A new token for the browser's device cookie, when this browser was
    /// not yet known to the account.
    pub device_token: Option<String>,
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
        device_token: None,
    })
}

/// Input of the registration form, as typed.
pub struct Registration<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password: &'a str,
}

/// What throttles name a client by: its address, or one shared name for
/// requests whose address is unknown (they share one budget).
fn addr_key(client: Option<IpAddr>) -> String {
    client.map_or_else(|| "unknown".to_string(), |ip| ip.to_string())
}

/// Creates a shopper account and logs it in. The cheap checks come first
/// (the form, the throttles, whether the email is taken); the password is
/// hashed only after them, in the bounded hashing queue.
#[tracing::instrument(skip_all)]
pub async fn register(
    state: &AppState,
    input: Registration<'_>,
    client: Option<IpAddr>,
) -> Result<SessionGrant, AppError> {
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
    let (db, limits) = (&state.db, &state.config.limits);
    let rules = [
        Rule::new(format!("register:addr:{}", addr_key(client)), limits.register_per_addr),
        Rule::new(format!("register:email:{}", email.as_str()), limits.register_per_email),
    ];
    throttle::count_attempt(db, &rules, now_ms())
        .await
        .map_err(|e| e.echo(&echo))?;
    let taken = db::find_user_by_email(db.pool(), email.as_str())
        .await
        .map_err(internal)?
        .is_some();
    if taken {
        return Err(AppError::field("email", ErrorCode::EmailTaken).echo(&echo));
    }
    let hash = state
        .hashing
        .hash(password.expose().to_string())
        .await
        .map_err(|e| e.echo(&echo))?;
    let user_id = match db::insert_user(db.pool(), email.as_str(), name.as_str(), &hash, false, now_ms()).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(AppError::field("email", ErrorCode::EmailTaken).echo(&echo)),
        Err(e) => return Err(internal(e)),
    };
    tracing::info!(user_id, "account registered");
    let mut grant = start_session(db, &state.config, user_id).await?;
    grant.device_token = Some(remember_device(db, user_id).await?);
    Ok(grant)
}

/// Marks this browser as one that has logged in to the account; returns
/// the token for its cookie.
async fn remember_device(db: &Db, user_id: i64) -> Result<String, AppError> {
    let token = new_token();
    db::insert_device(db.pool(), &token_hash(&token), user_id, now_ms())
        .await
        .map_err(internal)?;
    Ok(token)
}

/// Logs in with email and password. Every attempt is counted before the
/// password is verified, against three throttles: this account from this
/// address (tight), this address whatever the account, and this account
/// from browsers that never logged in to it (looser, across addresses). So
/// a stranger who knows the email can lock only their own attempts out,
/// never the owner's browser. A throttled attempt is refused even with the
/// right password; a successful one is not counted.
#[tracing::instrument(skip_all)]
pub async fn log_in(
    state: &AppState,
    email: &str,
    password: &str,
    client: Option<IpAddr>,
    device: Option<&str>,
) -> Result<SessionGrant, AppError> {
    let echo = [("email", email)];
    let email = Email::parse(email).map_err(|code| AppError::field("email", code).echo(&echo))?;
    if password.is_empty() {
        return Err(AppError::field("password", ErrorCode::Required).echo(&echo));
    }
    let (db, limits) = (&state.db, &state.config.limits);
    let user = db::find_user_by_email(db.pool(), email.as_str())
        .await
        .map_err(internal)?;
    let known_device = match (&user, device) {
        (Some(user), Some(token)) if token.len() <= 128 => {
            db::device_known(db.pool(), &token_hash(token), user.user_id)
                .await
                .map_err(internal)?
        }
        _ => false,
    };
    let addr = addr_key(client);
    let account_addr = format!("login:acct-addr:{}|{addr}", email.as_str());
    let mut rules = vec![
        Rule::new(account_addr.clone(), limits.login_per_account_addr),
        Rule::new(format!("login:addr:{addr}"), limits.login_per_addr),
    ];
    if !known_device {
        rules.push(Rule::new(
            format!("login:acct:{}", email.as_str()),
            limits.login_per_account,
        ));
    }
    let counted = throttle::count_attempt(db, &rules, now_ms())
        .await
        .map_err(|e| e.echo(&echo))?;

    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let ok = match state.hashing.verify(password.to_string(), hash).await {
        Ok(ok) => ok,
        Err(e) => {
            // Busy is the server's state, not a guess: it does not count.
            throttle::forgive(db, counted).await?;
            return Err(e.echo(&echo));
        }
    };
    let Some(user) = user.filter(|_| ok) else {
        tracing::info!("log-in failed");
        return Err(AppError::field("password", ErrorCode::WrongCredentials).echo(&echo));
    };
    throttle::forgive(db, counted).await?;
    throttle::clear(db, &account_addr).await?;
    tracing::info!(user_id = user.user_id, "logged in");
    let mut grant = start_session(db, &state.config, user.user_id).await?;
    if !known_device {
        grant.device_token = Some(remember_device(db, user.user_id).await?);
    }
    Ok(grant)
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
/// account. Answers the same either way, so it reveals nothing; throttled
/// per address and per email either way too (no mail floods). A new link
/// replaces any earlier one.
#[tracing::instrument(skip_all)]
pub async fn request_password_reset(
    db: &Db,
    config: &AppConfig,
    email: &str,
    client: Option<IpAddr>,
) -> Result<(), AppError> {
    let echo = [("email", email)];
    let email = Email::parse(email).map_err(|code| AppError::field("email", code).echo(&echo))?;
    let rules = [
        Rule::new(format!("reset:addr:{}", addr_key(client)), config.limits.reset_per_addr),
        Rule::new(format!("reset:email:{}", email.as_str()), config.limits.reset_per_email),
    ];
    throttle::count_attempt(db, &rules, now_ms())
        .await
        .map_err(|e| e.echo(&echo))?;
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
    db::delete_resets_of(&mut *tx, user.user_id).await.map_err(internal)?;
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

/// Sets a new password through a reset link. The link is checked before
/// the new password is hashed, so bogus links cost a lookup, not a hash.
/// Every session of the account ends, every other link dies, and its
/// browsers are no longer trusted past the account-wide throttle.
#[tracing::instrument(skip_all)]
pub async fn reset_password(state: &AppState, token: &str, password: &str) -> Result<(), AppError> {
    let password = NewPassword::parse(password, None).map_err(|code| AppError::field("password", code))?;
    let db = &state.db;
    let invalid = || AppError::field("password", ErrorCode::ResetLinkInvalid);
    if token.is_empty() || token.len() > 128 {
        return Err(invalid());
    }
    let hashed_token = token_hash(token);
    if db::usable_reset(db.pool(), &hashed_token, now_ms())
        .await
        .map_err(internal)?
        .is_none()
    {
        return Err(invalid());
    }
    let hash = state.hashing.hash(password.expose().to_string()).await?;
    let now = now_ms();
    let mut tx = db.begin_write().await.map_err(internal)?;
    // Guarded again: two tabs with the same link cannot both use it.
    let Some(user_id) = db::use_reset(&mut *tx, &hashed_token, now).await.map_err(internal)? else {
        return Err(invalid());
    };
    db::update_password(&mut *tx, user_id, &hash, now)
        .await
        .map_err(internal)?;
    db::delete_resets_of(&mut *tx, user_id).await.map_err(internal)?;
    db::revoke_user_sessions(&mut *tx, user_id, now)
        .await
        .map_err(internal)?;
    db::forget_devices(&mut *tx, user_id).await.map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    state.sessions.forget_user(user_id);
    tracing::info!(user_id, "password reset");
    Ok(())
}

/// Creates an operator, or makes an existing account one (its password is
/// then left as it was). Used by `server create-operator` and the demo seed.
pub async fn create_operator(
    db: &Db,
    hashing: &PasswordHashing,
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<i64, AppError> {
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
    let hash = hashing.hash_waiting(password.expose().to_string()).await?;
    db::insert_user(db.pool(), email.as_str(), name.as_str(), &hash, true, now_ms())
        .await
        .map_err(internal)
}

/// Creates an ordinary account without logging it in (demo seed, tests).
pub async fn create_user(
    db: &Db,
    hashing: &PasswordHashing,
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<i64, AppError> {
    let email_p = Email::parse(email).map_err(|c| AppError::field("email", c))?;
    let name = DisplayName::parse(display_name).map_err(|c| AppError::field("display_name", c))?;
    let password = NewPassword::parse(password, Some(&email_p)).map_err(|c| AppError::field("password", c))?;
    let hash = hashing.hash_waiting(password.expose().to_string()).await?;
    db::insert_user(db.pool(), email_p.as_str(), name.as_str(), &hash, false, now_ms())
        .await
        .map_err(internal)
}

/// The account with this email, if any (demo seed, tests).
pub async fn user_id_by_email(db: &Db, email: &str) -> Result<Option<i64>, AppError> {
    let email = Email::parse(email).map_err(|c| AppError::field("email", c))?;
    Ok(db::find_user_by_email(db.pool(), email.as_str())
        .await
        .map_err(internal)?
        .map(|u| u.user_id))
}

pub async fn count_users(db: &Db) -> Result<i64, AppError> {
    db::count_users(db.pool()).await.map_err(internal)
}

/// Housekeeping: forgets dead sessions and reset links, and mail past its
/// retention (a reset link must not outlive its use in the outbox).
pub async fn prune(db: &Db, config: &AppConfig) -> Result<(), sqlx::Error> {
    let now = now_ms();
    db::delete_dead_sessions(db.pool(), now - 24 * 3600 * 1000).await?;
    db::delete_dead_resets(db.pool(), now).await?;
    db::delete_old_outbox(db.pool(), now - config.outbox_retention_secs * 1000).await?;
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

/// The account with this email, in the caller's transaction: (id, email).
/// `None` for an address nobody registered (or not an address at all).
pub async fn account_by_email(conn: &mut Conn, email: &str) -> Result<Option<(i64, String)>, AppError> {
    let Ok(email) = Email::parse(email) else {
        return Ok(None);
    };
    Ok(db::find_user_by_email(conn, email.as_str())
        .await
        .map_err(internal)?
        .map(|u| (u.user_id, u.email)))
}

/// Puts a mail in the outbox, in the caller's transaction (so it is sent
/// only if what it tells of happened).
pub async fn queue_mail(tx: &mut Tx, to: &str, subject: &str, body: &str) -> Result<(), AppError> {
    db::insert_outbox(&mut **tx, to, subject, body, now_ms())
        .await
        .map_err(internal)
}
