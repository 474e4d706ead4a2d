//! Surge detection: which keys (businesses, categories, regions) drew far
//! more complaints in the current window than in the windows before it.
//! Pure: it counts filing times it is given against a `now` it is given.
//!
//! Time is cut into windows of equal length ending at `now`: the current
//! window holds filings after `now − window` and at or before `now`; the
//! baseline is the `baseline_windows` windows before it. A key surges when
//! its current count `c`, against the baseline counts' mean `m` and
//! standard deviation `s` (over the windows), meets all three of:
//!
//! 1. `c ≥ min_count`: a handful of complaints is never a surge, however
//!    quiet the key was;
//! 2. `c ≥ m + sd_factor · s`: well outside the key's usual spread, so one
//!    busy week in the baseline raises the bar;
//! 3. `c ≥ ratio · m`: a multiple of the usual level, so a business with
//!    many complaints week after week, whose spread is small next to its
//!    level, does not alert on an ordinary busy week.
//!
//! A key with no complaints in the baseline surges on `min_count` alone.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

/// The thresholds of surge detection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurgeRule {
    /// The length of each window.
    pub window: Duration,
    /// How many windows before the current one make the baseline.
    pub baseline_windows: u32,
    /// The fewest complaints in the current window that can be a surge.
    pub min_count: u32,
    /// How many baseline standard deviations above the mean.
    pub sd_factor: f64,
    /// How many times the baseline mean.
    pub ratio: f64,
}

impl Default for SurgeRule {
    /// Weeks against the eight weeks before; at least 5 complaints, three
    /// standard deviations above the mean and three times the mean.
    fn default() -> Self {
        Self {
            window: Duration::days(7),
            baseline_windows: 8,
            min_count: 5,
            sd_factor: 3.0,
            ratio: 3.0,
        }
    }
}

impl SurgeRule {
    /// The start of the current window (exclusive).
    pub fn current_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.window
    }

    /// The start of the oldest baseline window (exclusive): filings at or
    /// before it do not count.
    pub fn earliest(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.window * (self.baseline_windows as i32 + 1)
    }

    /// Which window a filing falls in: 0 the current one, `n` the `n`th
    /// before it, `None` before the baseline or after `now`.
    pub fn window_of(&self, now: DateTime<Utc>, filed_at: DateTime<Utc>) -> Option<u32> {
        if filed_at > now || self.window <= Duration::zero() {
            return None;
        }
        // A window is open at its start and closed at its end.
        let after = (filed_at - self.earliest(now)).num_milliseconds();
        if after <= 0 {
            return None;
        }
        let length = self.window.num_milliseconds();
        let from_oldest = (after - 1) / length;
        Some(self.baseline_windows - from_oldest as u32)
    }

    /// Whether `current` complaints against these baseline counts are a
    /// surge (see the module's rules).
    pub fn is_surge(&self, current: u32, baseline: &[u32]) -> bool {
        let (mean, sd) = mean_and_sd(baseline);
        let current = f64::from(current);
        current >= f64::from(self.min_count)
            && current >= mean + self.sd_factor * sd
            && current >= self.ratio * mean
    }
}

/// One key that surged, with what shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Surge<K, E> {
    pub key: K,
    /// Filings in the current window.
    pub current: u32,
    /// Filings in each baseline window, oldest first.
    pub baseline: Vec<u32>,
    pub mean: f64,
    pub sd: f64,
    /// What was given with each filing of the current window, in the order
    /// given.
    pub evidence: Vec<E>,
}

/// The mean and the standard deviation (over the windows themselves, not
/// a sample estimate) of the counts; zeros when there are none.
pub fn mean_and_sd(counts: &[u32]) -> (f64, f64) {
    if counts.is_empty() {
        return (0.0, 0.0);
    }
    let n = counts.len() as f64;
    let mean = counts.iter().map(|&c| f64::from(c)).sum::<f64>() / n;
    let variance = counts
        .iter()
        .map(|&c| (f64::from(c) - mean).powi(2))
        .sum::<f64>()
        / n;
    (mean, variance.sqrt())
}

/// The keys that surged in the window ending at `now`, the largest current
/// count first (then by key). Each filing is a key, its filing time and its
/// evidence (kept only for the current window).
pub fn detect<K: Ord + Clone, E>(
    rule: &SurgeRule,
    now: DateTime<Utc>,
    filings: impl IntoIterator<Item = (K, DateTime<Utc>, E)>,
) -> Vec<Surge<K, E>> {
    let windows = rule.baseline_windows as usize + 1;
    // Per key: counts by window (index 0 the current one) and evidence.
    let mut tallies: BTreeMap<K, (Vec<u32>, Vec<E>)> = BTreeMap::new();
    for (key, filed_at, evidence) in filings {
        let Some(window) = rule.window_of(now, filed_at) else {
            continue;
        };
        let (counts, kept) = tallies
            .entry(key)
            .or_insert_with(|| (vec![0; windows], Vec::new()));
        counts[window as usize] += 1;
        if window == 0 {
            kept.push(evidence);
        }
    }

    let mut surges: Vec<Surge<K, E>> = tallies
        .into_iter()
        .filter_map(|(key, (counts, evidence))| {
            let current = counts[0];
            let baseline: Vec<u32> = counts[1..].iter().rev().copied().collect();
            if !rule.is_surge(current, &baseline) {
                return None;
            }
            let (mean, sd) = mean_and_sd(&baseline);
            Some(Surge {
                key,
                current,
                baseline,
                mean,
                sd,
                evidence,
            })
        })
        .collect();
    surges.sort_by(|a, b| b.current.cmp(&a.current).then_with(|| a.key.cmp(&b.key)));
    surges
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap()
    }

    /// `count` filings of `key` in window `window` (0 the current one),
    /// a day into it.
    fn filings(
        key: &'static str,
        window: i64,
        count: u32,
    ) -> Vec<(&'static str, DateTime<Utc>, u32)> {
        let at = now() - Duration::days(7 * window + 1);
        (0..count).map(|n| (key, at, n)).collect()
    }

    fn weeks(
        key: &'static str,
        baseline_oldest_first: &[u32],
        current: u32,
    ) -> Vec<(&'static str, DateTime<Utc>, u32)> {
        let mut all = filings(key, 0, current);
        for (n, &count) in baseline_oldest_first.iter().enumerate() {
            all.extend(filings(key, 8 - n as i64, count));
        }
        all
    }

    #[test]
    fn a_quiet_business_with_six_complaints_this_week_surges() {
        let rule = SurgeRule::default();

        let surges = detect(
            &rule,
            now(),
            weeks("prepaid-gym", &[0, 1, 0, 0, 1, 0, 0, 0], 6),
        );

        // mean 2/8 = 0.25; variance 2/8 − 0.25² = 0.1875, sd 0.4330:
        // the bar is max(5, 0.25 + 1.299, 0.75) = 5.
        assert_eq!(surges.len(), 1);
        let surge = &surges[0];
        assert_eq!(surge.key, "prepaid-gym");
        assert_eq!(surge.current, 6);
        assert_eq!(surge.baseline, vec![0, 1, 0, 0, 1, 0, 0, 0]);
        assert!((surge.mean - 0.25).abs() < 1e-9);
        assert!((surge.sd - 0.1875_f64.sqrt()).abs() < 1e-9);
        assert_eq!(surge.evidence, vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn four_complaints_are_never_a_surge() {
        let rule = SurgeRule::default();

        let surges = detect(&rule, now(), weeks("shop", &[0; 8], 4));

        assert!(surges.is_empty());
    }

    #[test]
    fn a_steady_high_volume_business_does_not_alert_on_a_busy_week() {
        let rule = SurgeRule::default();
        let baseline = [18, 22, 20, 19, 21, 20, 23, 17];

        let surges = detect(&rule, now(), weeks("telecom", &baseline, 26));

        // mean 160/8 = 20; squared deviations 4+4+0+1+1+0+9+9 = 28, variance
        // 3.5, sd 1.871: 26 clears 20 + 3·1.871 = 25.61 but not 3·20 = 60.
        assert!(surges.is_empty());
        let without_ratio = SurgeRule { ratio: 0.0, ..rule };
        assert_eq!(
            detect(&without_ratio, now(), weeks("telecom", &baseline, 26)).len(),
            1
        );
        assert!(rule.is_surge(60, &baseline));
        assert!(!rule.is_surge(59, &baseline));
    }

    #[test]
    fn one_busy_week_in_the_baseline_raises_the_bar() {
        let rule = SurgeRule::default();
        let baseline = [0, 0, 0, 0, 0, 0, 0, 10];

        // mean 1.25; variance 100/8 − 1.5625 = 10.9375, sd 3.307: the bar
        // is 1.25 + 9.922 = 11.17.
        assert!(!rule.is_surge(11, &baseline));
        assert!(rule.is_surge(12, &baseline));
    }

    #[test]
    fn windows_are_open_at_their_start_and_closed_at_their_end() {
        let rule = SurgeRule::default();
        let week = Duration::days(7);

        assert_eq!(rule.window_of(now(), now()), Some(0));
        assert_eq!(
            rule.window_of(now(), now() - week + Duration::seconds(1)),
            Some(0)
        );
        assert_eq!(rule.window_of(now(), now() - week), Some(1));
        assert_eq!(rule.window_of(now(), now() - week * 8), Some(8));
        assert_eq!(
            rule.window_of(now(), now() - week * 8 - Duration::seconds(1)),
            Some(8)
        );
        assert_eq!(rule.window_of(now(), now() - week * 9), None);
        assert_eq!(rule.window_of(now(), now() + Duration::seconds(1)), None);
        assert_eq!(rule.earliest(now()), now() - week * 9);
    }

    #[test]
    fn filings_outside_the_windows_are_not_counted() {
        let rule = SurgeRule::default();
        let mut all = filings("shop", 0, 5);
        all.push(("shop", now() + Duration::hours(1), 99));
        all.extend(filings("shop", 9, 40));

        let surges = detect(&rule, now(), all);

        assert_eq!(surges.len(), 1);
        assert_eq!(surges[0].current, 5);
        assert_eq!(surges[0].baseline, vec![0; 8]);
    }

    #[test]
    fn surges_come_largest_first_and_each_key_counts_alone() {
        let rule = SurgeRule::default();
        let mut all = weeks("a", &[0; 8], 5);
        all.extend(weeks("b", &[0; 8], 7));
        all.extend(weeks("c", &[2; 8], 5));

        let surges = detect(&rule, now(), all);

        // c: mean 2, sd 0, but 5 < 3·2 = 6.
        let keys: Vec<_> = surges.iter().map(|s| (s.key, s.current)).collect();
        assert_eq!(keys, vec![("b", 7), ("a", 5)]);
    }
}
