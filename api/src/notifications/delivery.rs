//! Which notifications one event stream has delivered.
//!
//! Ids come from a sequence, but on PostgreSQL a transaction that took a
//! lower id can commit after one that took a higher id. A stream that only
//! remembered "the highest id sent" would skip the late one for good. So a
//! stream remembers each id it sent (or that the client already had) for a
//! while, looks again at every id above its settled `floor`, and only moves
//! the floor past ids seen longer ago than the late-commit window.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How long a lower id may stay uncommitted after a higher one was seen and
/// still be delivered. Transactions that write notifications are short.
pub const LATE_COMMIT_WINDOW: Duration = Duration::from_secs(60);

/// How many of the user's newest ids a stream takes as already known when it
/// opens, so that one that commits late below its starting point is still sent.
pub const KNOWN_AT_START: u64 = 100;

#[derive(Debug)]
pub struct Delivered {
    /// Every id at or below it is settled: delivered, known, or given up on.
    floor: i64,
    /// Ids above the floor already delivered or known, with when they were seen.
    recent: BTreeMap<i64, Instant>,
}

impl Delivered {
    /// A stream whose client already has `known`: the user's newest ids at or
    /// below its starting point, at most `KNOWN_AT_START` of them. When fewer
    /// came back, they are all the user has, so nothing below is settled.
    pub fn starting_with(known: &[i64], now: Instant) -> Self {
        let complete = (known.len() as u64) < KNOWN_AT_START;
        let floor = match known.iter().min() {
            Some(oldest) if !complete => *oldest,
            _ => 0,
        };
        Self {
            floor,
            recent: known
                .iter()
                .filter(|id| **id > floor)
                .map(|id| (*id, now))
                .collect(),
        }
    }

    /// Ids at or below this one need not be read again.
    pub fn floor(&self) -> i64 {
        self.floor
    }

    /// True when the stream should send this id.
    pub fn is_new(&self, id: i64) -> bool {
        id > self.floor && !self.recent.contains_key(&id)
    }

    pub fn record(&mut self, id: i64, now: Instant) {
        if id > self.floor {
            self.recent.entry(id).or_insert(now);
        }
    }

    /// Moves the floor past the lowest ids seen longer than the window ago.
    /// It stops at the first id still inside the window, so an id below one
    /// that is still young is never given up on.
    pub fn settle(&mut self, now: Instant) {
        while let Some(entry) = self.recent.first_entry() {
            if now.duration_since(*entry.get()) < LATE_COMMIT_WINDOW {
                break;
            }
            self.floor = *entry.key();
            entry.remove();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(range: std::ops::RangeInclusive<i64>) -> Vec<i64> {
        range.collect()
    }

    #[test]
    fn a_lower_id_that_commits_late_is_still_new() {
        let start = Instant::now();
        let mut delivered = Delivered::starting_with(&[], start);

        delivered.record(11, start);
        delivered.settle(start + Duration::from_secs(5));

        assert!(delivered.is_new(10));
        assert!(!delivered.is_new(11));
    }

    #[test]
    fn the_floor_moves_only_past_ids_older_than_the_window() {
        let start = Instant::now();
        let mut delivered = Delivered::starting_with(&[], start);
        delivered.record(11, start);
        delivered.record(12, start + Duration::from_secs(30));

        delivered.settle(start + LATE_COMMIT_WINDOW);

        assert_eq!(delivered.floor(), 11);
        assert!(!delivered.is_new(10));
        assert!(!delivered.is_new(12));
    }

    #[test]
    fn a_young_low_id_holds_back_the_floor() {
        let start = Instant::now();
        let mut delivered = Delivered::starting_with(&[], start);
        delivered.record(11, start);
        delivered.record(10, start + Duration::from_secs(50));

        delivered.settle(start + LATE_COMMIT_WINDOW);

        assert_eq!(delivered.floor(), 0);
        assert!(delivered.is_new(9));
    }

    #[test]
    fn a_short_inbox_is_known_whole_and_nothing_below_it_is_settled() {
        let delivered = Delivered::starting_with(&[3, 7], Instant::now());

        assert_eq!(delivered.floor(), 0);
        assert!(!delivered.is_new(3));
        assert!(!delivered.is_new(7));
        assert!(delivered.is_new(5));
        assert!(delivered.is_new(8));
    }

    #[test]
    fn a_long_inbox_is_settled_below_its_oldest_known_id() {
        let known = ids(201..=300);

        let delivered = Delivered::starting_with(&known, Instant::now());

        assert_eq!(delivered.floor(), 201);
        assert!(!delivered.is_new(150));
        assert!(!delivered.is_new(250));
        assert!(delivered.is_new(301));
    }
}
