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

#[derive(Default)]
pub struct SessionCache {
    by_hash: Mutex<HashMap<String, Confirmed>>,
}

impl SessionCache {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Confirmed>> {
        self.by_hash.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The viewer of a session confirmed within [`TRUST`] and not expired.
    pub fn get(&self, session_hash: &str, now_ms: i64) -> Option<Viewer> {
        let map = self.map();
        let c = map.get(session_hash)?;
        (c.at.elapsed() < TRUST && now_ms < c.expires_at).then(|| c.viewer.clone())
    }

    pub fn confirm(&self, viewer: Viewer, expires_at: i64) {
        let mut map = self.map();
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
        self.map().remove(session_hash);
    }

    /// Every session of one person (password reset, a role change).
    pub fn forget_user(&self, user_id: i64) {
        self.map().retain(|_, c| c.viewer.user_id != user_id);
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
        cache.confirm(viewer(1, "a"), 1_000);
        cache.confirm(viewer(1, "b"), 1_000);
        cache.confirm(viewer(2, "c"), 1_000);
        assert!(cache.get("a", 10).is_some());
        assert!(cache.get("a", 1_000).is_none(), "not past its absolute end");
        cache.forget("a");
        assert!(cache.get("a", 10).is_none());
        cache.forget_user(1);
        assert!(cache.get("b", 10).is_none());
        assert_eq!(cache.get("c", 10).map(|v| v.user_id), Some(2));
    }
}
