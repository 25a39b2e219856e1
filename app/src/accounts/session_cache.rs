//! Sessions this server confirmed with the database moments ago, so a
//! logged-in shopper's pages do not each look their session up (two
//! statements per request before). An entry is trusted for [`TRUST`]; a
//! session ended on this server (log-out, password reset) is forgotten at
//! once, and one ended through another server stops working here within
//! [`TRUST`], when the entry is next checked against the database.

use crate::server::auth::Viewer;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a confirmed session is believed without asking again.
pub const TRUST: Duration = Duration::from_secs(5);
/// Entries kept at most; past it, stale ones go, then everything.
const CAPACITY: usize = 50_000;

struct Confirmed {
    viewer: Viewer,
    at: Instant,
    /// The session's absolute end (ms since the epoch).
    expires_at: i64,
}

/// The map with the number of forgettings so far: a lookup that read the
/// database before a session was forgotten must not put it back.
#[derive(Default)]
struct Entries {
    by_hash: HashMap<String, Confirmed>,
    forgettings: u64,
}

#[derive(Default)]
pub struct SessionCache {
    entries: Mutex<Entries>,
}

impl SessionCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The viewer of a session confirmed within [`TRUST`] and not expired.
    pub fn get(&self, session_hash: &str, now_ms: i64) -> Option<Viewer> {
        let entries = self.lock();
        let c = entries.by_hash.get(session_hash)?;
        (c.at.elapsed() < TRUST && now_ms < c.expires_at).then(|| c.viewer.clone())
    }

    /// Taken before asking the database; hand it back to `confirm`.
    pub fn ticket(&self) -> u64 {
        self.lock().forgettings
    }

    /// Keeps what the database said, unless a session was forgotten since
    /// `ticket` (a log-out racing this lookup must win).
    pub fn confirm(&self, viewer: Viewer, expires_at: i64, ticket: u64) {
        let mut entries = self.lock();
        if entries.forgettings != ticket {
            return;
        }
        let map = &mut entries.by_hash;
        if map.len() >= CAPACITY {
            map.retain(|_, c| c.at.elapsed() < TRUST);
            if map.len() >= CAPACITY {
                map.clear();
            }
        }
        map.insert(
            viewer.session_hash.clone(),
            Confirmed {
                viewer,
                at: Instant::now(),
                expires_at,
            },
        );
    }

    /// One session ended here.
    pub fn forget(&self, session_hash: &str) {
        let mut entries = self.lock();
        entries.forgettings += 1;
        entries.by_hash.remove(session_hash);
    }

    /// Every session of one person (password reset, a role change).
    pub fn forget_user(&self, user_id: i64) {
        let mut entries = self.lock();
        entries.forgettings += 1;
        entries.by_hash.retain(|_, c| c.viewer.user_id != user_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(user_id: i64, hash: &str) -> Viewer {
        Viewer {
            user_id,
            email: format!("{user_id}@example.com"),
            display_name: "Shopper".into(),
            is_operator: false,
            shop_ids: Vec::new(),
            session_hash: hash.into(),
        }
    }

    #[test]
    fn a_confirmed_session_is_believed_until_it_ends_or_is_forgotten() {
        let cache = SessionCache::default();
        cache.confirm(viewer(1, "a"), 1_000, cache.ticket());
        cache.confirm(viewer(1, "b"), 1_000, cache.ticket());
        cache.confirm(viewer(2, "c"), 1_000, cache.ticket());
        assert!(cache.get("a", 10).is_some());
        assert!(cache.get("a", 1_000).is_none(), "not past its absolute end");
        cache.forget("a");
        assert!(cache.get("a", 10).is_none());
        cache.forget_user(1);
        assert!(cache.get("b", 10).is_none());
        assert_eq!(cache.get("c", 10).map(|v| v.user_id), Some(2));
    }

    #[test]
    fn a_lookup_that_raced_a_log_out_is_not_kept() {
        let cache = SessionCache::default();
        let ticket = cache.ticket();
        // The database said "valid", then the session was ended here.
        cache.forget("a");
        cache.confirm(viewer(1, "a"), 1_000, ticket);
        assert!(cache.get("a", 10).is_none());
    }
}
