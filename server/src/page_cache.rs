//! Whole-page cache for anonymous shoppers (most of the traffic).
//!
//! A page for someone without a session or a cart cookie depends only on its
//! URL, the chosen language and the catalog; it is rendered once without a
//! nonce, its inline scripts are allowed by their SHA-256 in the entry's own
//! Content-Security-Policy (so no response ever carries another request's
//! nonce), and it is kept as plain and brotli bytes. Every entry records the
//! catalog version it was rendered at; when the catalog changes (on any
//! server, through the change log) the entry is rendered again.

use app::cart::api::CART_COOKIE;
use app::i18n::LOCALE_COOKIE;
use app::server::web::{cookie, SESSION_COOKIE};
use app::server::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, RwLock};

/// Entries kept at most (about 50 KB each with the brotli copy).
const CAPACITY: usize = 2_000;
/// Largest page we keep.
const MAX_PAGE: usize = 1024 * 1024;

/// Marks a request rendered to fill the cache (the security layer then
/// mints no nonce).
#[derive(Clone, Copy)]
pub struct RenderForCache;

struct Entry {
    version: i64,
    csp: HeaderValue,
    plain: Bytes,
    brotli: Bytes,
}

/// The cache, shared by every request of this server.
#[derive(Default, Clone)]
pub struct PageCache {
    entries: Arc<RwLock<HashMap<(String, String), Arc<Entry>>>>,
}

impl PageCache {
    pub fn len(&self) -> usize {
        self.entries.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get(&self, key: &(String, String), version: i64) -> Option<Arc<Entry>> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries.get(key).filter(|e| e.version == version).cloned()
    }

    fn put(&self, key: (String, String), entry: Arc<Entry>) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            // Drop stale entries first, then any one.
            let version = entry.version;
            entries.retain(|_, e| e.version == version);
            if entries.len() >= CAPACITY {
                if let Some(k) = entries.keys().next().cloned() {
                    entries.remove(&k);
                }
            }
        }
        entries.insert(key, entry);
    }
}

/// Pages that are the same for every anonymous shopper.
fn is_public_page(path: &str) -> bool {
    app::routes::access_for(path) == Some(app::routes::Access::PublicCacheable)
}

/// The cache key, if this request may be answered from the cache.
fn cache_key(req: &Request) -> Option<(String, String)> {
    if req.method() != Method::GET || !is_public_page(req.uri().path()) {
        return None;
    }
    let headers = req.headers();
    if cookie(headers, SESSION_COOKIE).is_some() || cookie(headers, CART_COOKIE).is_some() {
        return None;
    }
    let path_and_query = req.uri().path_and_query().map(|pq| pq.as_str()).unwrap_or("/");
    if path_and_query.len() > 512 || path_and_query.contains("__err") {
        return None;
    }
    let locale = cookie(headers, LOCALE_COOKIE).unwrap_or_default();
    Some((path_and_query.to_string(), locale))
}

/// `'sha256-…'` for every inline script of a page.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else { break };
        let open_tag = &rest[..open_end];
        let body_start = open_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else {
            break;
        };
        let body = &rest[body_start..body_start + close];
        if !open_tag.contains(" src=") {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &rest[body_start + close + "</script>".len()..];
    }
    hashes.sort();
    hashes.dedup();
    hashes
}

/// The page policy with script hashes in place of a nonce.
fn hashed_policy(hashes: &[String]) -> String {
    format!(
        "default-src 'self'; script-src 'self' {} 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        hashes.join(" ")
    )
}

fn brotli(bytes: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(bytes.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
        let _ = writer.write_all(bytes);
    }
    Bytes::from(out)
}

fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|enc| {
            let mut parts = enc.trim().split(';');
            parts.next() == Some("br") && !parts.any(|p| p.trim().replace(' ', "") == "q=0")
        })
}

fn respond(entry: &Entry, brotli_ok: bool, status: &str) -> Response {
    let (body, encoding) = if brotli_ok {
        (entry.brotli.clone(), Some("br"))
    } else {
        (entry.plain.clone(), None)
    };
    let mut res = Response::new(Body::from(body));
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CONTENT_SECURITY_POLICY, entry.csp.clone());
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding, cookie"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    crate::security::static_headers(headers);
    headers.insert(
        "x-page-cache",
        HeaderValue::from_static(if status == "hit" { "hit" } else { "miss" }),
    );
    if let Some(enc) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(enc));
    }
    res
}

/// Serves anonymous public pages from the cache, filling it on a miss. It
/// sits outside the session and security layers: a hit needs neither (no
/// cookie, a GET, its own policy), so it costs a lookup and a copy.
pub async fn serve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(key) = cache_key(&req) else {
        return next.run(req).await;
    };
    let cache = req.extensions().get::<PageCache>().cloned().unwrap_or_default();
    let brotli_ok = accepts_brotli(req.headers());
    let version = state.catalog.version();
    if let Some(entry) = cache.get(&key, version) {
        return respond(&entry, brotli_ok, "hit");
    }

    // Render without a nonce; the scripts are then allowed by their hashes.
    req.extensions_mut().insert(RenderForCache);
    let res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "Page too large").into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    let csp = HeaderValue::from_str(&hashed_policy(&inline_script_hashes(&html)))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    if parts.status != StatusCode::OK
        || parts.headers.contains_key(header::SET_COOKIE)
        || parts.headers.contains_key(header::LOCATION)
    {
        // Not cacheable (404, redirects, anything that sets a cookie), but
        // its scripts still need the policy that matches how it was rendered.
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        return Response::from_parts(parts, Body::from(bytes));
    }
    let entry = Arc::new(Entry {
        version,
        csp,
        brotli: brotli(&bytes),
        plain: bytes,
    });
    cache.put(key, entry.clone());
    respond(&entry, brotli_ok, "miss")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_skipped() {
        let html = r#"<script type="module">run()</script><script src="/pkg/a.js"></script><script type="application/ld+json">{"a":1}</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"run()"));
        assert!(hashes.contains(&format!("'sha256-{expected}'")));
    }

    #[test]
    fn brotli_is_used_only_when_accepted() {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br"));
        assert!(accepts_brotli(&h));
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, br;q=0"));
        assert!(!accepts_brotli(&h));
    }
}
