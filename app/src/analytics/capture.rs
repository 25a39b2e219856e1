//! Recording what shoppers do without slowing them: a request only pushes
//! its event onto this server's list (a lock held for a push); a background
//! task writes the list every moment in one transaction. A visitor is the
//! random id of a first-party cookie; no address, no third party.
//!
//! What is lost: the events of the last moment if the process dies, and
//! events beyond `MAX_WAITING` if the database stalls that long (counted).

use super::service::{ingest, Event, EventKind};
use crate::server::{now_ms, AppState};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

pub const VISITOR_COOKIE: &str = "jishi_vid";
/// Events waiting beyond this are dropped rather than held in memory.
const MAX_WAITING: usize = 100_000;

/// The visitor of the request (from its cookie, or new), for server
/// functions to record events under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visitor(pub String);

/// The events waiting to be written.
#[derive(Default)]
pub struct Capture {
    waiting: Mutex<Vec<Event>>,
    dropped: AtomicU64,
}

impl Capture {
    pub fn record(&self, event: Event) {
        let Ok(mut waiting) = self.waiting.lock() else { return };
        if waiting.len() >= MAX_WAITING {
            self.dropped.fetch_add(1, Ordering::Relaxed);
            return;
        }
        waiting.push(event);
    }

    fn take(&self) -> Vec<Event> {
        self.waiting
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default()
    }

    /// Events dropped since start (the database could not keep up).
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

/// Writes what is waiting, in one transaction; on failure the events are
/// put back to try again (up to the bound).
pub async fn flush(state: &AppState) -> Result<usize, crate::error::AppError> {
    let events = state.capture.take();
    if events.is_empty() {
        return Ok(0);
    }
    let written = async {
        let mut tx = state.db.begin_write().await?;
        crate::server::db::keep_changed_pages(&mut tx, true).await?;
        let n = ingest(&mut tx, &events).await;
        // Back to the default whether or not the batch went in: the
        // connection returns to the pool for any other write.
        crate::server::db::keep_changed_pages(&mut tx, false).await?;
        let n = n?;
        tx.commit().await?;
        Ok::<usize, crate::error::AppError>(n)
    }
    .await;
    if written.is_err() {
        for event in events {
            state.capture.record(event);
        }
    }
    written
}

/// Writes waiting events every moment, for as long as the server runs, and
/// once more when `stop` turns true (a graceful shutdown), so a restart
/// loses no views. A write in progress is never cut short: the stop is
/// only seen between writes.
pub fn spawn_writer(state: AppState, mut stop: tokio::sync::watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let every = Duration::from_millis(state.config.capture_flush_ms.max(10));
        // The first write comes one interval after the start, not at once.
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                // A dropped sender counts as a stop too.
                _ = stop.wait_for(|stop| *stop) => break,
            }
            if let Err(e) = flush(&state).await {
                tracing::warn!(error = ?e.code, "analytics events not written yet");
            }
        }
        write_last(&state).await;
    })
}

/// The last write, at a stop: tried twice, each within a few seconds (a
/// process manager kills a process that takes long to stop); what still
/// could not be written is logged with its count.
async fn write_last(state: &AppState) {
    const TRIES: usize = 2;
    for _ in 0..TRIES {
        match tokio::time::timeout(Duration::from_secs(5), flush(state)).await {
            Ok(Ok(_)) => return,
            Ok(Err(e)) => tracing::warn!(error = ?e.code, "analytics events not written at stop yet"),
            // Cut short mid-write: what that write held is gone with it.
            Err(_) => tracing::warn!("analytics events: the write at stop took too long"),
        }
    }
    let lost = state.capture.take().len();
    if lost > 0 {
        tracing::error!(lost, "analytics events lost at stop: the database did not take them");
    }
}

/// Records an event of the current server function's visitor (if the
/// server records events and the request has one).
pub fn record_here(kind: EventKind, user_id: Option<i64>, shop_id: Option<i64>, product_id: Option<i64>) {
    let Ok(state) = crate::server::use_state() else { return };
    if !state.config.capture_events {
        return;
    }
    let Some(Visitor(visitor)) =
        crate::server::web::request_parts().and_then(|p| p.extensions.get::<Visitor>().cloned())
    else {
        return;
    };
    state.capture.record(Event {
        at: now_ms(),
        visitor,
        user_id,
        kind,
        shop_id,
        product_id,
        order_id: None,
    });
}

/// The request's visitor id, for placing an order under it.
pub fn visitor_here() -> Option<String> {
    crate::server::web::request_parts().and_then(|p| p.extensions.get::<Visitor>().map(|v| v.0.clone()))
}

/// A visitor id as this server makes them: 22 URL-safe characters.
fn is_visitor_id(raw: &str) -> bool {
    raw.len() == 22 && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A new visitor id: the moment it was made (milliseconds, 48 bits), then 64
/// random bits, in 22 base-36 digits. Ids made later sort after earlier
/// ones (as text, in any collation: digits and small letters only), so a
/// day's new visitors' funnel steps go in at the end of the steps' index
/// instead of on a random page each: what most of capture's writes were
/// when each request was a new visitor (BENCHMARKS.md, event capture).
fn new_visitor_id() -> String {
    let random = u64::from_le_bytes(uuid::Uuid::new_v4().as_bytes()[..8].try_into().unwrap_or_default());
    visitor_id_at(now_ms(), random)
}

fn visitor_id_at(ms: i64, random: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut n = (u128::from(ms.clamp(0, (1 << 48) - 1) as u64) << 64) | u128::from(random);
    let mut id = [b'0'; 22];
    for digit in id.iter_mut().rev() {
        *digit = DIGITS[(n % 36) as usize];
        n /= 36;
    }
    id.iter().map(|&b| b as char).collect()
}

/// Crawlers are not shoppers.
fn is_robot(req: &Request) -> bool {
    req.headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.to_ascii_lowercase())
        .is_some_and(|ua| ["bot", "spider", "crawl", "slurp"].iter().any(|w| ua.contains(w)))
}

/// The product of a product page's address (`/p/42`).
fn product_page(req: &Request) -> Option<i64> {
    if req.method() != Method::GET {
        return None;
    }
    let id = req.uri().path().strip_prefix("/p/")?;
    id.parse::<i64>().ok().filter(|id| *id > 0)
}

/// Outside the page cache: gives every browser a visitor id (set on pages
/// and server function answers that went through, never on static files
/// or refusals), and records
/// a product page's view, whether the page came from the cache or not.
/// A page a script navigates to records its view in the server function
/// that loads it (`catalog::api::load_product`).
pub async fn visits(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    // Files never get a visitor: no cookie to read, no id to mint.
    let file = ["/pkg/", "/media/", "/documents/"]
        .iter()
        .any(|p| req.uri().path().starts_with(p));
    if !state.config.capture_events || file {
        return next.run(req).await;
    }
    let known = crate::server::web::cookie(req.headers(), VISITOR_COOKIE).filter(|v| is_visitor_id(v));
    let fresh = known.is_none();
    let visitor = known.unwrap_or_else(new_visitor_id);
    let viewed = product_page(&req).filter(|_| !is_robot(&req));
    let api = req.uri().path().starts_with("/api/");
    req.extensions_mut().insert(Visitor(visitor.clone()));
    let mut res = next.run(req).await;
    if let Some(product_id) = viewed.filter(|_| res.status().is_success()) {
        state.capture.record(Event {
            at: now_ms(),
            visitor: visitor.clone(),
            user_id: None,
            kind: EventKind::View,
            shop_id: None,
            product_id: Some(product_id),
            order_id: None,
        });
    }
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    let answered = res.status().is_success() || res.status().is_redirection();
    if fresh && answered && (html || api) {
        let cookie = crate::server::web::session_cookie(
            VISITOR_COOKIE,
            &visitor,
            365 * 24 * 3600,
            state.config.secure_cookies(),
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visitor_ids_are_ours_or_refused() {
        let id = new_visitor_id();
        assert!(is_visitor_id(&id), "{id}");
        assert!(!is_visitor_id("short"));
        assert!(!is_visitor_id("aaaaaaaaaaaaaaaaaaaa;x"));
        // Ids from before time-ordered ones stay valid.
        assert!(is_visitor_id("Zm9v-YmFy_YmF6cXV4eHh4"));
    }

    #[test]
    fn later_visitors_sort_after_earlier_ones() {
        let max_ms = (1i64 << 48) - 1;
        let ids = [
            visitor_id_at(0, 0),
            visitor_id_at(0, u64::MAX),
            visitor_id_at(1_796_000_000_000, 0),
            visitor_id_at(1_796_000_000_000, u64::MAX),
            visitor_id_at(1_796_000_000_001, 0),
            visitor_id_at(max_ms, u64::MAX),
        ];
        for id in &ids {
            assert!(is_visitor_id(id), "{id}");
            assert!(id.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()), "{id}");
        }
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
        assert_eq!(ids[0], "0000000000000000000000");
        assert_ne!(new_visitor_id(), new_visitor_id());
    }
}
