//! Whole-page cache for anonymous shoppers (most of the traffic).
//!
//! A page for someone without a session or a cart cookie depends only on its
//! URL, the chosen language and the catalog; it is rendered once without a
//! nonce, its inline scripts are allowed by their SHA-256 in the entry's own
//! Content-Security-Policy (so no response ever carries another request's
//! nonce), and it is kept as plain bytes (and brotli ones once compressed,
//! off the request path).
//!
//! Keys are normalized: only the query parameters a page reads count, so
//! `/p/42?x=1` and `/p/42?x=2` are one entry, and the page is rendered for
//! the normalized URL so it never carries a stranger's parameters.
//!
//! Each page says what it shows (`x-jishi-shows`, set by the server
//! functions it calls; removed here from every response). The catalog
//! runtime publishes what each batch of storefront changes made stale; the
//! cache catches up on that before answering and drops only the entries
//! showing something stale. A render that began before an invalidation of
//! something it shows is not kept.
//!
//! Concurrent misses for one page share one render (single flight), and the
//! least recently used tenth is evicted when the cache is full.

use app::cart::api::CART_COOKIE;
use app::catalog::runtime::CatalogRuntime;
use app::i18n::LOCALE_COOKIE;
use app::server::web::{cookie, SESSION_COOKIE, SHOWS_HEADER};
use app::server::AppState;
use app::storefront::invalidation::Stale;
use app::storefront::model::Shows;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};
use tokio::sync::OnceCell;

/// Entries kept at most.
const CAPACITY: usize = 2_000;
/// Bytes of pages kept at most (plain and compressed copies): the cache
/// must not be what pushes the server past its memory bound when a
/// crawler walks the long tail.
const BYTE_BUDGET: usize = 24 * 1024 * 1024;
/// Largest page we keep.
const MAX_PAGE: usize = 1024 * 1024;
/// The query parameters the listing pages read (`ListingQuery::from_pairs`);
/// every other parameter is left out of the key and of the render.
const LISTING_PARAMS: &[&str] = &[
    "brand",
    "category",
    "in_stock",
    "page",
    "price_max",
    "price_min",
    "q",
    "rating",
    "sort",
];
/// The query parameters a product page reads: its Reviews section's filter,
/// sort and page (`reviews::components::ProductReviewsSection`).
const PRODUCT_PARAMS: &[&str] = &["rf", "rp", "rs"];
/// Listing parameters that add up when repeated; for the others the last
/// one wins, as in `from_pairs`.
const REPEATABLE: &[&str] = &["brand"];

/// Marks a request rendered to fill the cache (the security layer then
/// mints no nonce).
#[derive(Clone, Copy)]
pub struct RenderForCache;

/// (normalized path and query, language cookie).
type Key = (String, String);

struct Entry {
    status: StatusCode,
    csp: HeaderValue,
    plain: Bytes,
    /// Set off the request path once the page proves popular (its second
    /// hit); until then the plain bytes are served and the compression layer
    /// compresses them at its fast level. Most of a long catalogue's pages
    /// are asked for once, and compressing those at a high level cost more
    /// than rendering them.
    brotli: OnceLock<Bytes>,
    /// Hits so far, to start the slow compression once.
    hits: AtomicU32,
    /// What the page shows.
    tags: Vec<Shows>,
    /// The cache's clock at the last hit, for evicting the least recently
    /// used. An atomic, so a hit needs only the read lock.
    last_used: AtomicU64,
}

impl Entry {
    /// What the entry is counted as: its plain bytes, the key and tags, and
    /// room for the compressed copy it gets if popular (about a quarter).
    fn weight(&self) -> usize {
        self.plain.len() + self.plain.len() / 4 + 256
    }
}

#[derive(Default)]
struct Entries {
    map: HashMap<Key, Arc<Entry>>,
    by_tag: HashMap<Shows, HashSet<Key>>,
    /// What the kept pages weigh (`Entry::weight`).
    bytes: usize,
    /// The runtime's invalidation number dealt with.
    applied: u64,
}

impl Entries {
    fn insert(&mut self, key: Key, entry: Arc<Entry>) {
        self.remove(&key);
        for tag in &entry.tags {
            self.by_tag.entry(*tag).or_default().insert(key.clone());
        }
        self.bytes += entry.weight();
        self.map.insert(key, entry);
    }

    fn remove(&mut self, key: &Key) {
        let Some(entry) = self.map.remove(key) else { return };
        self.bytes = self.bytes.saturating_sub(entry.weight());
        for tag in &entry.tags {
            if let Some(keys) = self.by_tag.get_mut(tag) {
                keys.remove(key);
                if keys.is_empty() {
                    self.by_tag.remove(tag);
                }
            }
        }
    }

    fn drop_stale(&mut self, stale: &Stale) {
        match stale {
            Stale::Everything => {
                self.map.clear();
                self.by_tag.clear();
                self.bytes = 0;
            }
            Stale::Only(tags) => {
                let keys: Vec<Key> = tags
                    .iter()
                    .filter_map(|t| self.by_tag.get(t))
                    .flatten()
                    .cloned()
                    .collect();
                for key in &keys {
                    self.remove(key);
                }
            }
        }
    }

    /// Drops the least recently used tenth.
    fn evict(&mut self) {
        let mut ages: Vec<(u64, Key)> = self
            .map
            .iter()
            .map(|(k, e)| (e.last_used.load(Ordering::Relaxed), k.clone()))
            .collect();
        let n = (ages.len() / 10).max(1).min(ages.len());
        if n == 0 {
            return;
        }
        ages.select_nth_unstable_by_key(n - 1, |(tick, _)| *tick);
        for (_, key) in ages.into_iter().take(n) {
            self.remove(&key);
        }
    }
}

/// A render in progress that concurrent misses for the same page wait for.
struct Flight {
    /// The invalidation number when it began: a request that arrives after
    /// a newer invalidation does not join it.
    seq: u64,
    /// The shareable result (`None`: each waiter renders for itself).
    cell: Arc<OnceCell<Option<Arc<Entry>>>>,
}

struct Shared {
    entries: RwLock<Entries>,
    /// `entries.applied`, readable without the lock on every request.
    applied: AtomicU64,
    clock: AtomicU64,
    flights: Mutex<HashMap<Key, Flight>>,
    renders: AtomicU64,
    capacity: usize,
}

/// The cache, shared by every request of this server.
#[derive(Clone)]
pub struct PageCache {
    shared: Arc<Shared>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache::with_capacity(CAPACITY)
    }
}

impl PageCache {
    /// A cache keeping at most `capacity` pages.
    pub fn with_capacity(capacity: usize) -> PageCache {
        PageCache {
            shared: Arc::new(Shared {
                entries: RwLock::new(Entries::default()),
                applied: AtomicU64::new(0),
                clock: AtomicU64::new(0),
                flights: Mutex::new(HashMap::new()),
                renders: AtomicU64::new(0),
                capacity: capacity.max(1),
            }),
        }
    }

    /// Pages kept.
    pub fn len(&self) -> usize {
        self.read().map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Pages rendered by the cache since it was made (misses that did not
    /// share another request's render).
    pub fn renders(&self) -> u64 {
        self.shared.renders.load(Ordering::Relaxed)
    }

    fn read(&self) -> RwLockReadGuard<'_, Entries> {
        self.shared.entries.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Entries> {
        self.shared.entries.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Drops what became stale since the last call; one atomic load when
    /// nothing did.
    fn catch_up(&self, runtime: &CatalogRuntime) {
        if self.shared.applied.load(Ordering::Acquire) >= runtime.invalidation_seq() {
            return;
        }
        let mut entries = self.write();
        self.catch_up_locked(&mut entries, runtime);
    }

    fn catch_up_locked(&self, entries: &mut Entries, runtime: &CatalogRuntime) {
        let (upto, stale) = runtime.invalidations_since(entries.applied);
        if upto <= entries.applied {
            return;
        }
        entries.drop_stale(&stale);
        entries.applied = upto;
        self.shared.applied.store(upto, Ordering::Release);
    }

    fn get(&self, key: &Key) -> Option<Arc<Entry>> {
        let entries = self.read();
        let entry = entries.map.get(key)?;
        let now = self.shared.clock.fetch_add(1, Ordering::Relaxed);
        entry.last_used.store(now, Ordering::Relaxed);
        Some(entry.clone())
    }

    /// Keeps `entry` unless something it shows became stale after
    /// invalidation `started` (when its render began): it may show the old
    /// state. Catching up under the same lock means an invalidation
    /// published after this check finds the entry and drops it.
    fn store(&self, key: Key, entry: Arc<Entry>, started: u64, runtime: &CatalogRuntime) {
        let mut entries = self.write();
        self.catch_up_locked(&mut entries, runtime);
        if runtime.invalidations_since(started).1.touches(&entry.tags) {
            return;
        }
        if (entries.map.len() >= self.shared.capacity || entries.bytes + entry.weight() > BYTE_BUDGET)
            && !entries.map.contains_key(&key)
        {
            entries.evict();
        }
        let now = self.shared.clock.fetch_add(1, Ordering::Relaxed);
        entry.last_used.store(now, Ordering::Relaxed);
        entries.insert(key, entry);
    }

    /// The render in progress for `key` begun at invalidation `seq`, or a
    /// new one.
    fn join(&self, key: &Key, seq: u64) -> Arc<OnceCell<Option<Arc<Entry>>>> {
        let mut flights = self.shared.flights.lock().unwrap_or_else(|e| e.into_inner());
        match flights.get(key) {
            Some(flight) if flight.seq == seq => flight.cell.clone(),
            _ => {
                let cell = Arc::new(OnceCell::new());
                flights.insert(
                    key.clone(),
                    Flight {
                        seq,
                        cell: cell.clone(),
                    },
                );
                cell
            }
        }
    }

    /// Forgets a finished render (the page is in the cache by now, if it
    /// could be kept).
    fn land(&self, key: &Key, cell: &Arc<OnceCell<Option<Arc<Entry>>>>) {
        let mut flights = self.shared.flights.lock().unwrap_or_else(|e| e.into_inner());
        if flights.get(key).is_some_and(|f| Arc::ptr_eq(&f.cell, cell)) {
            flights.remove(key);
        }
    }
}

/// Pages that are the same for every anonymous shopper.
fn is_public_page(path: &str) -> bool {
    app::routes::access_for(path) == Some(app::routes::Access::PublicCacheable)
}

/// Decodes a query component the way `catalog::api::parse_query` does.
fn decode(s: &str) -> String {
    urlencoding::decode(&s.replace('+', " "))
        .map(|c| c.into_owned())
        .unwrap_or_default()
}

/// `path` with only the query parameters its page reads: the last of each
/// (all of a repeatable one, in order), empty ones left out, sorted by name
/// and re-encoded. The page reads the same values from it as from the
/// original (the first 50 pairs, as `parse_query` reads).
fn normalize(path: &str, query: &str) -> String {
    let params = if path == "/search" || path.starts_with("/c/") || path.starts_with("/s/") {
        LISTING_PARAMS
    } else if path.starts_with("/p/") {
        PRODUCT_PARAMS
    } else {
        return path.to_string();
    };
    let mut kept: Vec<(String, String)> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()).take(50) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (decode(k), decode(v));
        if !params.contains(&k.as_str()) {
            continue;
        }
        // A product page's review parameters in their one spelling, the
        // default left out: `?rf=x1`, `?rf=x2`, `?rp=01` are not new pages.
        let v = match k.as_str() {
            "rf" => app::reviews::model::ReviewFilter::parse(&v).key(),
            "rs" if v == "helpful" => v,
            "rs" => String::new(),
            "rp" => match v.parse::<u32>() {
                Ok(p) if p > 1 => p.to_string(),
                _ => String::new(),
            },
            _ => v,
        };
        if !REPEATABLE.contains(&k.as_str()) {
            kept.retain(|(name, _)| *name != k);
        }
        kept.push((k, v));
    }
    kept.retain(|(_, v)| !v.is_empty());
    // Stable: repeated values keep their order.
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    if kept.is_empty() {
        return path.to_string();
    }
    let query = kept
        .iter()
        .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    format!("{path}?{query}")
}

/// The cache key (its first half is the normalized URL the page is rendered
/// at), if this request may be answered from the cache.
fn cache_key(req: &Request) -> Option<Key> {
    if req.method() != Method::GET || !is_public_page(req.uri().path()) {
        return None;
    }
    let headers = req.headers();
    if cookie(headers, SESSION_COOKIE).is_some() || cookie(headers, CART_COOKIE).is_some() {
        return None;
    }
    let path_and_query = req.uri().path_and_query().map(|pq| pq.as_str()).unwrap_or("/");
    // `__err` carries a failed form post's errors back to its page.
    if path_and_query.len() > 512 || path_and_query.contains("__err") {
        return None;
    }
    let locale = cookie(headers, LOCALE_COOKIE).unwrap_or_default();
    Some((normalize(req.uri().path(), req.uri().query().unwrap_or("")), locale))
}

/// What a rendered page says it shows; the header is removed.
fn take_shows(headers: &mut HeaderMap) -> Vec<Shows> {
    let mut tags: Vec<Shows> = headers
        .get_all(SHOWS_HEADER)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split_whitespace())
        .filter_map(Shows::from_tag)
        .collect();
    headers.remove(SHOWS_HEADER);
    tags.sort_unstable_by_key(|t| t.tag());
    tags.dedup();
    tags
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
    // A window just larger than the page: the default (4 MiB) only costs
    // memory for pages of a few dozen kilobytes.
    let window = (usize::BITS - bytes.len().max(1).leading_zeros()).clamp(16, 22);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 9, window);
        let _ = writer.write_all(bytes);
    }
    Bytes::from(out)
}

/// From a page's second hit on, compresses it once at a high level, off the request path (quality 9 costs milliseconds; every later
/// hit saves bytes). One compression at a time: each holds megabytes of
/// encoder state, and a burst of newly popular pages must not multiply
/// that; a page that finds the compressor busy tries again at a later hit.
fn compress_when_popular(entry: &Arc<Entry>) {
    static BUSY: AtomicBool = AtomicBool::new(false);
    if entry.brotli.get().is_some() || entry.hits.fetch_add(1, Ordering::Relaxed) == 0 {
        return;
    }
    if BUSY.swap(true, Ordering::AcqRel) {
        return;
    }
    let entry = entry.clone();
    tokio::task::spawn_blocking(move || {
        let _ = entry.brotli.set(brotli(&entry.plain));
        BUSY.store(false, Ordering::Release);
    });
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

fn respond(entry: &Entry, brotli_ok: bool, status: &'static str) -> Response {
    let compressed = entry.brotli.get().filter(|_| brotli_ok);
    let body = compressed.cloned().unwrap_or_else(|| entry.plain.clone());
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = entry.status;
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CONTENT_SECURITY_POLICY, entry.csp.clone());
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding, cookie"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    crate::security::static_headers(headers);
    headers.insert("x-page-cache", HeaderValue::from_static(status));
    if compressed.is_some() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
    }
    res
}

/// A render's outcome.
enum Rendered {
    /// The same for every anonymous shopper (200 or 404, no cookie set).
    Shareable(Arc<Entry>),
    /// Only for the request that rendered it.
    Own(Response),
}

/// Renders `req` for the cache: at its normalized URL, without a nonce.
/// Keeps the page if it may be kept and nothing it shows became stale after
/// invalidation `started`.
async fn render(
    state: &AppState,
    cache: &PageCache,
    key: &Key,
    mut req: Request,
    next: Next,
    started: u64,
) -> Rendered {
    // The cached page must never carry this request's stray parameters.
    if let Ok(uri) = key.0.parse::<Uri>() {
        *req.uri_mut() = uri;
    }
    req.extensions_mut().insert(RenderForCache);
    cache.shared.renders.fetch_add(1, Ordering::Relaxed);
    let (mut parts, body) = next.run(req).await.into_parts();
    let tags = take_shows(&mut parts.headers);
    let is_html = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return Rendered::Own(Response::from_parts(parts, body));
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE).await else {
        return Rendered::Own((StatusCode::INTERNAL_SERVER_ERROR, "Page too large").into_response());
    };
    let html = String::from_utf8_lossy(&bytes);
    let csp = HeaderValue::from_str(&hashed_policy(&inline_script_hashes(&html)))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let shareable = matches!(parts.status, StatusCode::OK | StatusCode::NOT_FOUND)
        && !parts.headers.contains_key(header::SET_COOKIE)
        && !parts.headers.contains_key(header::LOCATION);
    if !shareable {
        // Its scripts still need the policy that matches how it was rendered.
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        return Rendered::Own(Response::from_parts(parts, Body::from(bytes)));
    }
    let entry = Arc::new(Entry {
        status: parts.status,
        csp,
        plain: bytes,
        brotli: OnceLock::new(),
        hits: AtomicU32::new(0),
        tags,
        last_used: AtomicU64::new(0),
    });
    // Only found pages are kept (a 404 per random id would fill the cache),
    // and only pages that say what they show: nothing could invalidate the
    // others.
    if entry.status == StatusCode::OK && !entry.tags.is_empty() {
        cache.store(key.clone(), entry.clone(), started, &state.catalog);
    }
    Rendered::Shareable(entry)
}

/// Serves anonymous public pages from the cache, filling it on a miss. It
/// sits outside the session and security layers: a hit needs neither (no
/// cookie, a GET, its own policy), so it costs a lookup and a copy. It also
/// removes the `x-jishi-shows` header from every response.
pub async fn serve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(key) = cache_key(&req) else {
        let mut res = next.run(req).await;
        res.headers_mut().remove(SHOWS_HEADER);
        return res;
    };
    let cache = req.extensions().get::<PageCache>().cloned().unwrap_or_default();
    let brotli_ok = accepts_brotli(req.headers());
    cache.catch_up(&state.catalog);
    if let Some(entry) = cache.get(&key) {
        compress_when_popular(&entry);
        return respond(&entry, brotli_ok, "hit");
    }

    // One render for all concurrent misses of this page.
    let started = state.catalog.invalidation_seq();
    let cell = cache.join(&key, started);
    let mut mine = Some((req, next));
    let mut own = None;
    let shared = cell
        .get_or_init(|| async {
            let (req, next) = mine.take()?;
            match render(&state, &cache, &key, req, next, started).await {
                Rendered::Shareable(entry) => Some(entry),
                Rendered::Own(res) => {
                    own = Some(res);
                    None
                }
            }
        })
        .await
        .clone();
    cache.land(&key, &cell);
    if let Some(res) = own {
        return res;
    }
    match (shared, mine) {
        // This request rendered it.
        (Some(entry), None) => respond(&entry, brotli_ok, "miss"),
        // Another request's render answered this one.
        (Some(entry), Some(_)) => respond(&entry, brotli_ok, "hit"),
        // Not shareable: render for this request alone.
        (None, Some((req, next))) => {
            match render(&state, &cache, &key, req, next, state.catalog.invalidation_seq()).await {
                Rendered::Shareable(entry) => respond(&entry, brotli_ok, "miss"),
                Rendered::Own(res) => res,
            }
        }
        (None, None) => (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong").into_response(),
    }
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
    fn only_the_parameters_a_page_reads_are_kept_sorted_and_reencoded() {
        assert_eq!(normalize("/p/42", "x=1&utm_source=mail"), "/p/42");
        // A product page keeps its Reviews section's filter, sort and page.
        assert_eq!(
            normalize("/p/42", "rp=2&utm=1&rf=photos&rs=helpful"),
            "/p/42?rf=photos&rp=2&rs=helpful"
        );
        // ... in one spelling each, defaults and nonsense left out.
        assert_eq!(normalize("/p/42", "rf=x1&rs=newest&rp=1"), "/p/42");
        assert_eq!(normalize("/p/42", "rf=5&rp=007&rs=x"), "/p/42?rf=5&rp=7");
        assert_eq!(normalize("/", "anything=1"), "/");
        assert_eq!(
            normalize("/search", "utm=1&sort=price_asc&q=red+lamp&brand=3&page=2&brand=1"),
            "/search?brand=3&brand=1&page=2&q=red%20lamp&sort=price_asc"
        );
        assert_eq!(
            normalize("/c/phones", "q=old&q=new&in_stock="),
            "/c/phones?q=new",
            "the last one wins and empty ones go, as the page reads them"
        );
        assert_eq!(
            normalize("/s/shop", "q=%E8%80%B3%E6%9C%BA"),
            "/s/shop?q=%E8%80%B3%E6%9C%BA"
        );
        assert_eq!(
            normalize("/search", "q=a%2Bb"),
            "/search?q=a%2Bb",
            "a plus sign stays a plus sign"
        );
    }

    fn entry(tags: &[Shows], last_used: u64) -> Arc<Entry> {
        Arc::new(Entry {
            status: StatusCode::OK,
            csp: HeaderValue::from_static("default-src 'self'"),
            plain: Bytes::from_static(b"<html></html>"),
            brotli: OnceLock::new(),
            hits: AtomicU32::new(0),
            tags: tags.to_vec(),
            last_used: AtomicU64::new(last_used),
        })
    }

    fn key(path: &str) -> Key {
        (path.to_string(), String::new())
    }

    #[test]
    fn only_entries_showing_something_stale_are_dropped() {
        let mut entries = Entries::default();
        entries.insert(key("/p/1"), entry(&[Shows::Product(1), Shows::Shop(7)], 0));
        entries.insert(key("/p/2"), entry(&[Shows::Product(2), Shows::Shop(8)], 0));
        entries.insert(key("/s/seven"), entry(&[Shows::Shop(7), Shows::ShopListing(7)], 0));
        entries.drop_stale(&Stale::Only([Shows::Shop(7)].into_iter().collect()));
        assert_eq!(entries.map.len(), 1);
        assert!(entries.map.contains_key(&key("/p/2")));
        assert!(
            !entries.by_tag.contains_key(&Shows::Product(1)),
            "the tag index forgets dropped pages"
        );
        entries.drop_stale(&Stale::Everything);
        assert!(entries.map.is_empty() && entries.by_tag.is_empty());
    }

    #[test]
    fn eviction_drops_the_least_recently_used_tenth() {
        let mut entries = Entries::default();
        for i in 0..20u64 {
            entries.insert(key(&format!("/p/{i}")), entry(&[Shows::Product(i as i64)], 100 - i));
        }
        entries.evict();
        assert_eq!(entries.map.len(), 18);
        assert!(!entries.map.contains_key(&key("/p/19")) && !entries.map.contains_key(&key("/p/18")));
        assert!(entries.map.contains_key(&key("/p/0")));
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
