//! A follower's position in the change log.
//!
//! Ids are not visible in id order: PostgreSQL hands out identity values
//! before commit, so change 11 can become visible after change 12 was read.
//! A follower that only remembered "the highest id seen" would skip 11 for
//! ever. `LogCursor` also remembers the holes below its position and asks
//! for them again on every poll, until they appear or are old enough to be
//! a rolled-back transaction (which leaves a hole for ever).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How long a hole is waited for. A transaction that stays open longer than
/// this while writing to the log is a bug elsewhere; a rolled-back one never
/// fills its hole.
pub const GAP_PATIENCE: Duration = Duration::from_secs(60);

/// Holes remembered at most, so a jump in the id sequence (PostgreSQL
/// caches sequence values per session and loses them on restart) costs a
/// bounded amount of memory and re-checking.
const MAX_GAPS: usize = 10_000;

/// The highest id seen and the unseen ids below it.
#[derive(Clone, Debug, Default)]
pub struct LogCursor {
    high: i64,
    /// Unseen id → when it was first noticed missing.
    gaps: BTreeMap<i64, Instant>,
}

impl LogCursor {
    /// A cursor at `high` with no holes.
    pub fn new(high: i64) -> LogCursor {
        LogCursor {
            high,
            gaps: BTreeMap::new(),
        }
    }

    /// A cursor at `high` (start-up), where `visible` are the ids above
    /// `from` that could be read: the others in `from + 1 ..= high` may still
    /// be in flight, so they are holes to wait for.
    pub fn starting_at(high: i64, from: i64, visible: &[i64], now: Instant) -> LogCursor {
        let mut cursor = LogCursor::new(from.min(high));
        let mut ids = visible.to_vec();
        ids.sort_unstable();
        for id in ids.into_iter().filter(|id| *id <= high) {
            cursor.accept(id, now);
        }
        cursor.open_gaps_up_to(high, now);
        cursor.high = high;
        cursor
    }

    /// The highest id seen: read on from here.
    pub fn high(&self) -> i64 {
        self.high
    }

    /// The holes to ask for again, oldest first.
    pub fn gaps(&self) -> Vec<i64> {
        self.gaps.keys().copied().collect()
    }

    /// Takes an id read from the log; true when it was not seen before (the
    /// change must be applied), false for a repeat.
    pub fn accept(&mut self, id: i64, now: Instant) -> bool {
        if id > self.high {
            self.open_gaps_up_to(id - 1, now);
            self.high = id;
            true
        } else {
            self.gaps.remove(&id).is_some()
        }
    }

    /// Gives up on holes older than `patience`; returns them (for a log line).
    pub fn expire(&mut self, now: Instant, patience: Duration) -> Vec<i64> {
        let old: Vec<i64> = self
            .gaps
            .iter()
            .filter(|(_, since)| now.saturating_duration_since(**since) > patience)
            .map(|(id, _)| *id)
            .collect();
        for id in &old {
            self.gaps.remove(id);
        }
        old
    }

    /// Marks `high + 1 ..= upto` as holes (the most recent ones when there
    /// are too many).
    fn open_gaps_up_to(&mut self, upto: i64, now: Instant) {
        let from = (self.high + 1).max(upto - MAX_GAPS as i64 + 1);
        for id in from..=upto {
            self.gaps.insert(id, now);
        }
        while self.gaps.len() > MAX_GAPS {
            self.gaps.pop_first();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_order_leave_no_holes() {
        let now = Instant::now();
        let mut c = LogCursor::new(0);
        assert!(c.accept(1, now));
        assert!(c.accept(2, now));
        assert_eq!(c.high(), 2);
        assert!(c.gaps().is_empty());
        assert!(!c.accept(2, now), "a repeat is not applied twice");
    }

    #[test]
    fn an_id_that_commits_late_is_still_applied_once() {
        let now = Instant::now();
        let mut c = LogCursor::new(10);
        assert!(c.accept(12, now));
        assert_eq!(c.gaps(), vec![11]);
        assert!(c.accept(11, now), "the late change is applied");
        assert!(c.gaps().is_empty());
        assert!(!c.accept(11, now));
        assert_eq!(c.high(), 12);
    }

    #[test]
    fn holes_are_given_up_after_the_patience() {
        let start = Instant::now();
        let mut c = LogCursor::new(0);
        c.accept(3, start);
        assert_eq!(c.gaps(), vec![1, 2]);
        assert!(c.expire(start + Duration::from_secs(10), GAP_PATIENCE).is_empty());
        let later = start + GAP_PATIENCE + Duration::from_secs(1);
        c.accept(5, later);
        assert_eq!(c.expire(later, GAP_PATIENCE), vec![1, 2]);
        assert_eq!(c.gaps(), vec![4], "the newer hole is still awaited");
    }

    #[test]
    fn a_huge_jump_keeps_a_bounded_number_of_holes() {
        let now = Instant::now();
        let mut c = LogCursor::new(0);
        c.accept(1_000_000, now);
        let gaps = c.gaps();
        assert_eq!(gaps.len(), MAX_GAPS);
        assert_eq!(gaps.last(), Some(&999_999), "the most recent ids are kept");
    }

    #[test]
    fn start_up_waits_for_ids_not_yet_visible_below_the_position() {
        let now = Instant::now();
        let mut c = LogCursor::starting_at(10, 5, &[6, 8, 10], now);
        assert_eq!(c.high(), 10);
        assert_eq!(c.gaps(), vec![7, 9]);
        assert!(c.accept(9, now));
        assert!(!c.accept(8, now), "visible at start-up: already in the index");
    }
}
