//! Server functions of the accounts domain: thin adapters over `service`.

use super::model::ViewerInfo;
use crate::error::AppError;
use leptos::prelude::*;

/// Sets the session cookie and brings a guest's cart into the account.
#[cfg(feature = "ssr")]
async fn start_session(state: &crate::server::AppState, grant: &super::service::SessionGrant) -> Result<(), AppError> {
    use crate::server::web::{session_cookie, set_cookie, DEVICE_COOKIE, SESSION_COOKIE};
    let secure = state.config.secure_cookies();
    set_cookie(session_cookie(SESSION_COOKIE, &grant.token, grant.max_age_secs, secure));
    if let Some(device) = &grant.device_token {
        set_cookie(session_cookie(DEVICE_COOKIE, device, 400 * 24 * 3600, secure));
    }
    crate::cart::api::adopt_guest_cart(state, grant.user_id).await
}

/// Creates a shopper account and logs it in.
#[server(endpoint = "accounts/register")]
pub async fn register(
    email: String,
    display_name: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use super::service::{self, Registration};
    use crate::server::{use_state, web};
    let state = use_state()?;
    let input = Registration {
        email: &email,
        display_name: &display_name,
        password: &password,
    };
    match service::register(&state, input, web::client_addr()).await {
        Ok(grant) => {
            start_session(&state, &grant).await?;
            web::redirect_form_post(&crate::routes::same_site_path(next.as_deref()));
            Ok(())
        }
        Err(e) => web::fail(e),
    }
}

/// Logs in; a new session id every time, and the old session (if any) ends.
#[server(endpoint = "accounts/log_in")]
pub async fn log_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use super::service;
    use crate::server::{use_state, viewer, web};
    let state = use_state()?;
    let device = web::request_parts().and_then(|p| web::cookie(&p.headers, web::DEVICE_COOKIE));
    match service::log_in(&state, &email, &password, web::client_addr(), device.as_deref()).await {
        Ok(grant) => {
            if let Some(previous) = viewer() {
                service::log_out(&state.db, &state.sessions, &previous).await?;
            }
            start_session(&state, &grant).await?;
            web::redirect_form_post(&crate::routes::same_site_path(next.as_deref()));
            Ok(())
        }
        Err(e) => web::fail(e),
    }
}

/// Ends the current session (revoked in the database, cookie cleared).
#[server(endpoint = "accounts/log_out")]
pub async fn log_out() -> Result<(), AppError> {
    use super::service;
    use crate::server::web::{self, session_cookie, SESSION_COOKIE};
    use crate::server::{use_state, viewer};
    let state = use_state()?;
    if let Some(current) = viewer() {
        if let Err(e) = service::log_out(&state.db, &state.sessions, &current).await {
            return web::fail(e);
        }
    }
    web::set_cookie(session_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies()));
    web::redirect_form_post("/");
    Ok(())
}

/// Who is logged in, as far as the page needs to know.
#[server(endpoint = "accounts/current_user")]
pub async fn current_user() -> Result<Option<ViewerInfo>, AppError> {
    Ok(crate::server::viewer().map(|v| ViewerInfo {
        display_name: v.display_name,
        email: v.email,
        is_operator: v.is_operator,
        is_merchant: !v.shop_ids.is_empty(),
    }))
}

/// Mails a password reset link (if the email has an account).
#[server(endpoint = "accounts/request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::server::{use_state, web};
    let state = use_state()?;
    match super::service::request_password_reset(&state.db, &state.config, &email, web::client_addr()).await {
        Ok(()) => {
            web::redirect_form_post("/forgot-password?sent=1");
            Ok(())
        }
        Err(e) => web::fail(e),
    }
}

/// Sets a new password from a reset link.
#[server(endpoint = "accounts/reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::server::{use_state, web};
    let state = use_state()?;
    match super::service::reset_password(&state, &token, &password).await {
        Ok(()) => {
            web::redirect_form_post("/login?reset=1");
            Ok(())
        }
        Err(e) => web::fail(e),
    }
}
