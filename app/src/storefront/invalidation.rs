//! What became stale, in order: the bridge between a follower that applies
//! changes and caches that must drop what showed the old state.
//!
//! The follower publishes, after it has applied a batch of changes, the set
//! of things (`Shows`) that batch made stale, under a sequence number. A
//! cache remembers the last number it has dealt with and asks for everything
//! since; the log is bounded, so a cache that fell too far behind is told
//! "everything".

use super::model::Shows;
use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Entries kept. Caches catch up on every request, so they lag by a few at
/// most; this only bounds memory.
const KEEP: usize = 1024;

/// What a batch of changes (or several) made stale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stale {
    /// Everything (a category changed, a rebuild, or the log no longer
    /// reaches back far enough).
    Everything,
    /// Only pages showing one of these.
    Only(HashSet<Shows>),
}

impl Stale {
    /// Nothing stale.
    pub fn nothing() -> Stale {
        Stale::Only(HashSet::new())
    }

    pub fn is_nothing(&self) -> bool {
        matches!(self, Stale::Only(set) if set.is_empty())
    }

    /// True when a page showing `tags` is stale.
    pub fn touches(&self, tags: &[Shows]) -> bool {
        match self {
            Stale::Everything => true,
            Stale::Only(set) => tags.iter().any(|t| set.contains(t)),
        }
    }

    /// Adds `other` to this.
    pub fn merge(&mut self, other: &Stale) {
        match (&mut *self, other) {
            (Stale::Everything, _) => {}
            (_, Stale::Everything) => *self = Stale::Everything,
            (Stale::Only(mine), Stale::Only(theirs)) => mine.extend(theirs.iter().copied()),
        }
    }
}

/// A bounded, numbered log of what became stale.
#[derive(Debug, Default)]
pub struct InvalidationLog {
    /// The number of the latest entry (0: none yet).
    seq: AtomicU64,
    entries: Mutex<VecDeque<(u64, Stale)>>,
}

impl InvalidationLog {
    /// The number of the latest entry: a cache that has dealt with this
    /// number is current. One atomic load, so every cache hit can check it.
    pub fn seq(&self) -> u64 {
        self.seq.load(Ordering::Acquire)
    }

    /// Records that `stale` is stale from now on; returns its number. Call it
    /// after the new state is in place, so that anything rendered after a
    /// cache sees the number shows the new state.
    pub fn publish(&self, stale: Stale) -> u64 {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let seq = self.seq.load(Ordering::Acquire) + 1;
        entries.push_back((seq, stale));
        while entries.len() > KEEP {
            entries.pop_front();
        }
        // Stored under the lock, so `since` never sees a number without its
        // entry.
        self.seq.store(seq, Ordering::Release);
        seq
    }

    /// Everything that became stale after entry `seq`, and the number it
    /// goes up to.
    pub fn since(&self, seq: u64) -> (u64, Stale) {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let latest = self.seq.load(Ordering::Acquire);
        if seq >= latest {
            return (latest, Stale::nothing());
        }
        let reaches_back = entries.front().is_some_and(|(first, _)| *first <= seq + 1);
        if !reaches_back {
            return (latest, Stale::Everything);
        }
        let mut stale = Stale::nothing();
        for (_, s) in entries.iter().filter(|(n, _)| *n > seq) {
            stale.merge(s);
        }
        (latest, stale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(items: &[Shows]) -> Stale {
        Stale::Only(items.iter().copied().collect())
    }

    #[test]
    fn since_unites_what_came_after() {
        let log = InvalidationLog::default();
        assert_eq!(log.since(0), (0, Stale::nothing()));
        log.publish(only(&[Shows::Product(1)]));
        log.publish(only(&[Shows::Shop(2)]));
        log.publish(only(&[Shows::Search]));
        assert_eq!(log.since(1), (3, only(&[Shows::Shop(2), Shows::Search])));
        assert_eq!(log.since(3), (3, Stale::nothing()));
        assert!(log.since(0).1.touches(&[Shows::Product(1)]));
        assert!(!log.since(1).1.touches(&[Shows::Product(1), Shows::Home]));
    }

    #[test]
    fn everything_wins_and_a_short_log_says_everything() {
        let log = InvalidationLog::default();
        log.publish(only(&[Shows::Home]));
        log.publish(Stale::Everything);
        assert_eq!(log.since(0).1, Stale::Everything);
        for i in 0..(KEEP as i64 + 5) {
            log.publish(only(&[Shows::Product(i)]));
        }
        assert_eq!(log.since(3).1, Stale::Everything, "the log no longer reaches back");
        let latest = log.seq();
        assert_eq!(log.since(latest - 1).1, only(&[Shows::Product(KEEP as i64 + 4)]));
    }
}
