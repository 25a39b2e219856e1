//! Request and response helpers for server functions and the server render.

use crate::context::use_context;
use crate::error::AppError;
use http::header::{HeaderMap, HeaderValue, ACCEPT, COOKIE, SET_COOKIE};
use http::request::Parts;
use leptos_axum::ResponseOptions;
use std::net::IpAddr;

/// The response header in which a page says what it shows (`product:42
/// shop:7`). The page cache reads it into the entry's tags and removes it
/// from every response.
pub const SHOWS_HEADER: &str = "x-jishi-shows";

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "jishi_session";

/// The cookie that marks a browser as one that has logged in to an account
/// before (see `accounts::service::log_in`).
pub const DEVICE_COOKIE: &str = "jishi_device";

/// The client's address as the server decided it (the socket's, or the
/// forwarded one when the socket is a trusted proxy). Put into request
/// extensions by the server's middleware.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub IpAddr);

/// One cookie's value from a header map.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| cookie::Cookie::parse(pair.trim()).ok())
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// The request being served.
pub fn request_parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// True while a page is being rendered (not a server function's own call,
/// which comes to `/api/`): what a render writes into the page need not
/// travel in the data the client hydrates from as well.
pub fn rendering_page() -> bool {
    request_parts().is_some_and(|p| !p.uri.path().starts_with("/api/"))
}

/// The address of the client, for throttling.
pub fn client_addr() -> Option<IpAddr> {
    request_parts().and_then(|p| p.extensions.get::<ClientAddr>().map(|a| a.0))
}

/// True when a browser posted a plain HTML form (no JavaScript): it expects
/// to be redirected to a page, not to read JSON.
pub fn is_plain_form_post() -> bool {
    request_parts().is_some_and(|p| {
        p.headers
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// Gives a JSON caller the HTTP status that fits the error. Plain form posts
/// keep the framework's redirect back to the form, which carries the error.
pub fn fail<T>(err: AppError) -> Result<T, AppError> {
    if !is_plain_form_post() {
        set_status(err.code.http_status());
    }
    if let (Some(secs), Some(res)) = (err.retry_after_secs, use_context::<ResponseOptions>()) {
        res.insert_header(http::header::RETRY_AFTER, HeaderValue::from(secs));
    }
    Err(err)
}

/// The end of a read-only server function: the value, or the error with
/// its HTTP status.
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    result.or_else(fail)
}

/// The end of a server function behind a form: on success a plain form
/// post goes on to `next` (script callers read the value); on failure the
/// error gets its HTTP status, and a plain form post goes back to the form
/// with it.
pub fn finish<T>(result: Result<T, AppError>, next: &str) -> Result<T, AppError> {
    match result {
        Ok(value) => {
            redirect_form_post(next);
            Ok(value)
        }
        Err(e) => fail(e),
    }
}

/// Sets the response status of the current request.
pub fn set_status(status: u16) {
    if let (Some(res), Ok(code)) = (use_context::<ResponseOptions>(), http::StatusCode::from_u16(status)) {
        res.set_status(code);
    }
}

/// Adds a `Set-Cookie` header to the current response.
pub fn set_cookie(value: String) {
    if let (Some(res), Ok(v)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(&value)) {
        res.append_header(SET_COOKIE, v);
    }
}

/// Says what the page being rendered shows, so the page cache drops it when
/// one of those changes. Server functions call it; each call adds to the
/// page's list.
pub fn shows(items: &[crate::storefront::model::Shows]) {
    if items.is_empty() {
        return;
    }
    let words = items.iter().map(|s| s.tag()).collect::<Vec<_>>().join(" ");
    if let (Some(res), Ok(v)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(&words)) {
        res.append_header(http::HeaderName::from_static(SHOWS_HEADER), v);
    }
}

/// Builds a cookie that scripts cannot read and other sites do not send on
/// sub-requests.
pub fn session_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

/// Sends a plain form post on to `path` after success. Script callers get
/// `Ok` and move on themselves (a full page load, so the header is fresh).
/// The path is checked here too: no redirect leaves the site.
pub fn redirect_form_post(path: &str) {
    if is_plain_form_post() {
        leptos_axum::redirect(&crate::routes::same_site_path(Some(path)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_several_headers() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; jishi_lang=zh-CN"));
        headers.append(COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(cookie(&headers, "jishi_lang").as_deref(), Some("zh-CN"));
        assert_eq!(cookie(&headers, "b").as_deref(), Some("2"));
        assert_eq!(cookie(&headers, "missing"), None);
    }
}

/// The per-request Content-Security-Policy nonce, minted by the server's
/// security middleware and used by Leptos for its inline scripts.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);
