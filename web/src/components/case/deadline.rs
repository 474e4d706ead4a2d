//! How urgent a case's next deadline is, as a badge in lists and on the case.

use chrono::{DateTime, Duration, Utc};

/// How many hours before it falls due a deadline counts as close.
pub const SOON_HOURS: i64 = 48;

/// The urgency of a running deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineBadge {
    /// More than [`SOON_HOURS`] left.
    Ok,
    /// Due within [`SOON_HOURS`].
    Soon,
    /// Already past due.
    Missed,
}

impl DeadlineBadge {
    /// The badge for a deadline due at `due_at`, seen at `now`; none when no
    /// deadline runs.
    pub fn of(due_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<Self> {
        let due_at = due_at?;

        let badge = if due_at <= now {
            Self::Missed
        } else if due_at - now <= Duration::hours(SOON_HOURS) {
            Self::Soon
        } else {
            Self::Ok
        };
        Some(badge)
    }

    /// The CSS modifier that colours the badge.
    pub fn class(self) -> &'static str {
        match self {
            Self::Ok => "badge ok",
            Self::Soon => "badge soon",
            Self::Missed => "badge missed",
        }
    }
}

/// The browser's clock (natively, the system clock), for badges.
pub fn now() -> DateTime<Utc> {
    #[cfg(target_arch = "wasm32")]
    {
        DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Utc::now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).unwrap() + Duration::hours(hours)
    }

    #[test]
    fn a_case_without_a_running_deadline_has_no_badge() {
        assert_eq!(DeadlineBadge::of(None, at(0)), None);
    }

    #[test]
    fn a_deadline_days_away_is_ok() {
        assert_eq!(
            DeadlineBadge::of(Some(at(72)), at(0)),
            Some(DeadlineBadge::Ok)
        );
    }

    #[test]
    fn a_deadline_within_two_days_is_soon() {
        assert_eq!(
            DeadlineBadge::of(Some(at(48)), at(0)),
            Some(DeadlineBadge::Soon)
        );
        assert_eq!(
            DeadlineBadge::of(Some(at(1)), at(0)),
            Some(DeadlineBadge::Soon)
        );
    }

    #[test]
    fn a_deadline_in_the_past_or_now_is_missed() {
        assert_eq!(
            DeadlineBadge::of(Some(at(0)), at(0)),
            Some(DeadlineBadge::Missed)
        );
        assert_eq!(
            DeadlineBadge::of(Some(at(-5)), at(0)),
            Some(DeadlineBadge::Missed)
        );
    }
}
