//! Per-request security: CSP nonce and headers, the cross-site check,
//! the client address, the session, and the page guards.

use app::error::{AppError, ErrorCode};
use app::routes::same_site_path;
use app::server::web::{cookie, ClientAddr, CspNonce, SESSION_COOKIE};
use app::server::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// 128 random bits in hex: a fresh CSP nonce.
fn nonce() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The page policy: scripts only from us or carrying this response's nonce
/// (Leptos's hydration scripts), WebAssembly allowed, no framing.
fn html_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Everything else (JSON, images, scripts as files) may not run anything.
const RESOURCE_POLICY: &str =
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";

/// The `scheme://host[:port]` a request to this server should come from.
fn origin_matches(origin: &str, headers: &HeaderMap, public_base_url: Option<&str>) -> bool {
    let origin = origin.trim_end_matches('/');
    if let Some(base) = public_base_url {
        return origin == base;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    !host.is_empty() && origin_host == host
}

/// The origin part of a Referer (`http://host:port/path?x` → `http://host:port`).
fn referer_origin(referer: &str) -> Option<&str> {
    let (scheme, rest) = referer.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&referer[..scheme.len() + 3 + end])
}

/// Whether a state-changing request may proceed. Browsers send `Origin` on
/// every POST; failing that, `Sec-Fetch-Site`; failing that, `Referer`
/// (unless a referrer policy stripped it). A request with none of the three
/// is not from a modern browser's page: it may proceed only if it carries
/// no session or cart cookie, so it can act for nobody.
fn write_allowed(headers: &HeaderMap, public_base_url: Option<&str>) -> bool {
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN) {
        return origin
            .to_str()
            .is_ok_and(|o| origin_matches(o, headers, public_base_url));
    }
    if let Some(site) = text("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    if let Some(referer) = headers.get(header::REFERER) {
        return referer
            .to_str()
            .ok()
            .and_then(referer_origin)
            .is_some_and(|o| origin_matches(o, headers, public_base_url));
    }
    let acts_for_someone = [SESSION_COOKIE, app::cart::api::CART_COOKIE]
        .iter()
        .any(|name| cookie(headers, name).is_some());
    !acts_for_someone
}

/// Mints the CSP nonce, refuses cross-site writes, and sets the security
/// headers on every response.
pub async fn security_headers(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let is_write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if is_write && !write_allowed(req.headers(), state.config.public_base_url.as_deref()) {
        tracing::warn!(origin = ?req.headers().get(header::ORIGIN), "cross-site write refused");
        let body = serde_json::to_string(&AppError::new(ErrorCode::CrossSite)).unwrap_or_default();
        let mut res = (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
        add_headers(res.headers_mut(), None);
        return res;
    }
    // A page rendered for the shared cache gets no nonce: the cache allows
    // its scripts by hash instead.
    let nonce = req
        .extensions()
        .get::<crate::page_cache::RenderForCache>()
        .is_none()
        .then(nonce);
    if let Some(n) = &nonce {
        req.extensions_mut().insert(CspNonce(n.clone()));
    }
    let mut res = next.run(req).await;
    add_headers(res.headers_mut(), nonce.as_deref());
    res
}

/// The headers every response carries, whatever its content.
pub fn static_headers(headers: &mut HeaderMap) {
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
}

fn add_headers(headers: &mut HeaderMap, nonce: Option<&str>) {
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = match (is_html, nonce) {
        (true, Some(n)) => html_policy(n),
        _ => RESOURCE_POLICY.to_string(),
    };
    // A cached page brings its own policy (script hashes instead of a nonce).
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&policy) {
            headers.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if is_html {
        // Pages differ per person (header, language): never shared caches.
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("private, no-cache"));
    }
}

/// Trusted reverse proxies, whose `X-Forwarded-For` names the real client.
#[derive(Clone, Default)]
pub struct TrustedProxies(pub Arc<Vec<IpAddr>>);

/// Decides the client's address: the socket's, unless the socket is a
/// trusted proxy, then the nearest untrusted hop of `X-Forwarded-For`.
pub fn client_addr(socket: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> Option<IpAddr> {
    let socket = socket?;
    if !trusted.contains(&socket) {
        return Some(socket);
    }
    let forwarded = headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    forwarded
        .split(',')
        .rev()
        .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
        .find(|ip| !trusted.contains(ip))
        .or(Some(socket))
}

/// Resolves the client address and the session cookie once per request.
pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let trusted = req.extensions().get::<TrustedProxies>().cloned().unwrap_or_default();
    let socket = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let Some(ip) = client_addr(socket, req.headers(), &trusted.0) {
        req.extensions_mut().insert(ClientAddr(ip));
    }
    if let Some(token) = cookie(req.headers(), SESSION_COOKIE) {
        match app::accounts::service::viewer_for_token(&state.db, &state.config, &state.sessions, &token).await {
            Ok(Some(viewer)) => {
                req.extensions_mut().insert(viewer);
            }
            Ok(None) => {}
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return (StatusCode::SERVICE_UNAVAILABLE, "Service temporarily unavailable").into_response();
            }
        }
    }
    next.run(req).await
}

/// Server-function failures raised by the framework itself (a missing or
/// malformed argument) leave with status 500; give them the status their
/// error code means, so bad input is never reported as a server fault.
pub async fn server_fn_status(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let headers = req.headers().clone();
    let mut res = next.run(req).await;
    // The framework sends a failed plain form post back to its Referer; like
    // every redirect, it may only go to a path on this site.
    if let Some(location) = res.headers().get(header::LOCATION) {
        let kept = location.to_str().ok().and_then(|loc| {
            let path = match referer_origin(loc) {
                Some(origin) if origin_matches(origin, &headers, state.config.public_base_url.as_deref()) => {
                    &loc[origin.len()..]
                }
                Some(_) => return None,
                None => loc,
            };
            Some(same_site_path(Some(if path.is_empty() { "/" } else { path })))
        });
        let safe = HeaderValue::from_str(kept.as_deref().unwrap_or("/")).unwrap_or(HeaderValue::from_static("/"));
        res.headers_mut().insert(header::LOCATION, safe);
    }
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "Internal error").into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(err.code.http_status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Longest a request may take before it is answered 503. No page or server
/// function comes near it; it bounds what a stuck render (a lost wake-up in
/// a dependency, a database that stopped answering) can hold: a connection,
/// memory, the person's patience. The log line names the request.
pub const REQUEST_DEADLINE: std::time::Duration = std::time::Duration::from_secs(20);

/// Answers 503 with `Retry-After` when a request outlives [`REQUEST_DEADLINE`].
pub async fn deadline(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    // An upload streams its body on a slow uplink and may wait its turn to
    // be decoded: it gets longer (its body and its decoding are bounded).
    let limit = if body_limit_for(&path) > BODY_LIMIT {
        UPLOAD_DEADLINE
    } else {
        REQUEST_DEADLINE
    };
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::error!(path, "request outlived its deadline");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "5")],
                "The server took too long. Please try again.",
            )
                .into_response()
        }
    }
}

/// Applies the route policy (`app::routes`) to page requests: a guest on a
/// private page is sent to log in (and back); a logged-in person on a page
/// that is not for them gets status 403, whatever the page renders (the
/// section layouts render the 403 page from the same policy, and server
/// functions refuse on their own, so no data is shown either way).
pub async fn guard_pages(req: Request, next: Next) -> Response {
    use app::routes::{access_for, Verdict, Who};
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let Some(access) = access_for(req.uri().path()) else {
        return next.run(req).await;
    };
    let who = match req.extensions().get::<app::server::Viewer>() {
        Some(v) => Who {
            logged_in: true,
            is_merchant: !v.shop_ids.is_empty(),
            is_operator: v.is_operator,
        },
        None => Who::GUEST,
    };
    match access.verdict(who) {
        Verdict::Allow => next.run(req).await,
        Verdict::LogIn => {
            let target = same_site_path(req.uri().path_and_query().map(|pq| pq.as_str()));
            Redirect::to(&format!("/login?next={}", urlencoding::encode(&target))).into_response()
        }
        Verdict::Forbidden => {
            let mut res = next.run(req).await;
            *res.status_mut() = StatusCode::FORBIDDEN;
            res
        }
    }
}

/// How long an upload may take, its body and its decoding included.
const UPLOAD_DEADLINE: std::time::Duration = std::time::Duration::from_secs(120);

/// Largest request body we accept, but for uploads.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The most a request to `path` may carry: uploads their own limit,
/// everything else [`BODY_LIMIT`].
fn body_limit_for(path: &str) -> usize {
    if path == app::merchants::wizard::STEP_PATH {
        app::merchants::wizard::STEP_BODY_LIMIT
    } else if app::catalog::images::is_images_path(path) || path == app::merchants::profile::PROFILE_PATH {
        app::catalog::images::IMAGES_BODY_LIMIT
    } else if path == app::reviews::web::SUBMIT_PATH {
        app::reviews::web::SUBMIT_BODY_LIMIT
    } else if path == app::aftersales::web::SUBMIT_PATH {
        app::aftersales::web::SUBMIT_BODY_LIMIT
    } else {
        BODY_LIMIT
    }
}

/// Refuses a body declared too large at once (413) and cuts one that turns
/// out too large while it is read.
pub async fn body_limit(req: Request, next: Next) -> Response {
    let limit = body_limit_for(req.uri().path());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return (StatusCode::PAYLOAD_TOO_LARGE, "The request is too large.").into_response();
    }
    let req = req.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, limit)));
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_writes_are_told_apart() {
        let ok = |pairs: &[(&'static str, &'static str)]| write_allowed(&headers(pairs), None);
        let host = ("host", "127.0.0.1:3000");
        assert!(!ok(&[host, ("origin", "http://evil.example")]));
        assert!(ok(&[host, ("origin", "http://127.0.0.1:3000")]));
        assert!(!ok(&[host, ("origin", "null")]));
        assert!(!ok(&[host, ("origin", "ftp://127.0.0.1:3000")]));
        assert!(!ok(&[("sec-fetch-site", "cross-site")]));
        assert!(!ok(&[("sec-fetch-site", "same-site")]));
        assert!(ok(&[("sec-fetch-site", "same-origin")]));
        // No Origin, no Sec-Fetch-Site: the Referer decides.
        assert!(ok(&[host, ("referer", "http://127.0.0.1:3000/cart?x=1")]));
        assert!(!ok(&[host, ("referer", "http://127.0.0.1:3000.evil.example/")]));
        assert!(!ok(&[host, ("referer", "http://evil.example/http://127.0.0.1:3000")]));
        // None of the three: only a request that acts for nobody.
        assert!(ok(&[host]));
        assert!(!ok(&[host, ("cookie", "jishi_session=abc")]));
        assert!(!ok(&[host, ("cookie", "jishi_lang=en; jishi_cart=abc")]));
        assert!(ok(&[host, ("cookie", "jishi_lang=en")]));
        // A configured public URL is the only origin.
        let h = headers(&[host, ("origin", "http://127.0.0.1:3000")]);
        assert!(!write_allowed(&h, Some("https://shop.example.com")));
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let h = headers(&[("x-forwarded-for", "203.0.113.9, 10.0.0.1")]);
        assert_eq!(
            client_addr(Some(proxy), &h, &[proxy]),
            Some("203.0.113.9".parse().unwrap())
        );
        let stranger: IpAddr = "198.51.100.7".parse().unwrap();
        assert_eq!(client_addr(Some(stranger), &h, &[proxy]), Some(stranger));
    }
}
