//! How times, money and deadlines read on screen.
//!
//! Times are shown in Asia/Shanghai: UTC+08:00 all year (China keeps no
//! daylight saving time), whatever the browser's own zone. Money comes from
//! the API in fen (分, `amount_fen` fields) and is shown in yuan. Countdowns
//! are computed from a `now` passed in, so they are the same on every
//! machine and in tests; [`now`] gives the browser's clock.
//!
//! ```ignore
//! format::date_time(complaint.filed_at)        // "2026-12-05 14:30"
//! format::yuan(329_900)                        // "¥3,299.00"
//! format::countdown(due, format::now()).text(i18n.language())  // "3 days left"
//! format::deadline_badge(&deadline, format::now()).class()     // "badge deadline-soon"
//! ```

#![allow(
    dead_code,
    reason = "a toolbox for the portal pages; each page uses the parts it shows"
)]

use chrono::{DateTime, Duration, FixedOffset, Utc};
use shared::cases::DeadlineView;

use crate::i18n::{Key, Language};

/// Asia/Shanghai's offset from UTC, in seconds.
const SHANGHAI_SECONDS: i32 = 8 * 3600;

/// A deadline this close, or closer, is shown as due soon.
const SOON: Duration = Duration::hours(48);

/// The current time by the browser's clock (natively, the system's).
pub fn now() -> DateTime<Utc> {
    #[cfg(target_arch = "wasm32")]
    {
        let millis = js_sys::Date::now() as i64;
        DateTime::from_timestamp_millis(millis).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Utc::now()
    }
}

/// `time` on the clocks of Asia/Shanghai.
pub fn shanghai(time: DateTime<Utc>) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(SHANGHAI_SECONDS).expect("+08:00 is a valid offset");
    time.with_timezone(&offset)
}

/// `2026-12-05`, the day in Shanghai.
pub fn date(time: DateTime<Utc>) -> String {
    shanghai(time).format("%Y-%m-%d").to_string()
}

/// `2026-12-05 14:30`, Shanghai time.
pub fn date_time(time: DateTime<Utc>) -> String {
    shanghai(time).format("%Y-%m-%d %H:%M").to_string()
}

/// An amount in fen as yuan: `¥3,299.00`, `-¥0.50`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let (whole, cents) = (fen / 100, fen % 100);
    format!("{sign}¥{}.{cents:02}", thousands(whole))
}

/// `1234567` as `1,234,567`.
fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// Time left until a moment, or past it, in the largest whole unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Countdown {
    key: Key,
    count: i64,
}

/// How long until `due`, as of `now`.
pub fn countdown(due: DateTime<Utc>, now: DateTime<Utc>) -> Countdown {
    let left = due - now;
    let (days, hours) = (left.num_days(), left.num_hours());
    let (key, count) = if left >= Duration::zero() {
        match (days, hours) {
            (2.., _) => (Key::FormatCountdownDays, days),
            (1, _) => (Key::CountdownOneDay, 1),
            (_, 2..) => (Key::FormatCountdownHours, hours),
            (_, 1) => (Key::CountdownOneHour, 1),
            _ => (Key::CountdownUnderHour, 0),
        }
    } else {
        match (-days, -hours) {
            (2.., _) => (Key::OverdueDays, -days),
            (1, _) => (Key::OverdueOneDay, 1),
            (_, 2..) => (Key::OverdueHours, -hours),
            (_, 1) => (Key::OverdueOneHour, 1),
            _ => (Key::OverdueJustNow, 0),
        }
    };
    Countdown { key, count }
}

/// `n working days left`, as the API counts them.
pub fn working_days_left(days: u32) -> Countdown {
    match days {
        1 => Countdown {
            key: Key::OneWorkingDayLeft,
            count: 1,
        },
        _ => Countdown {
            key: Key::WorkingDaysLeft,
            count: i64::from(days),
        },
    }
}

impl Countdown {
    /// The sentence in `language`.
    pub fn text(self, language: Language) -> String {
        language
            .text(self.key)
            .replace("{n}", &self.count.to_string())
    }

    /// True once the moment has passed.
    pub fn is_overdue(self) -> bool {
        matches!(
            self.key,
            Key::OverdueDays
                | Key::OverdueOneDay
                | Key::OverdueHours
                | Key::OverdueOneHour
                | Key::OverdueJustNow
        )
    }
}

/// How urgent a deadline looks: the `deadline-*` badge classes of style.css.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineBadge {
    /// Met, cancelled, paused, or more than two days away.
    Ok,
    /// Running and due within two days.
    Soon,
    /// Missed, or running past its due time.
    Missed,
}

/// The badge for a deadline as the API describes it.
pub fn deadline_badge(deadline: &DeadlineView, now: DateTime<Utc>) -> DeadlineBadge {
    match deadline.status.as_str() {
        "missed" => DeadlineBadge::Missed,
        "running" if deadline.paused_at.is_some() => DeadlineBadge::Ok,
        "running" if deadline.due_at <= now => DeadlineBadge::Missed,
        "running" if deadline.due_at - now <= SOON => DeadlineBadge::Soon,
        _ => DeadlineBadge::Ok,
    }
}

impl DeadlineBadge {
    /// The CSS classes of the badge.
    pub fn class(self) -> &'static str {
        match self {
            Self::Ok => "badge deadline-ok",
            Self::Soon => "badge deadline-soon",
            Self::Missed => "badge deadline-missed",
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use shared::complaints::DeadlineKind;

    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn times_show_in_shanghai_across_midnight_and_the_new_year() {
        let late_utc = utc(2026, 12, 31, 16, 5);

        assert_eq!(date(late_utc), "2027-01-01");
        assert_eq!(date_time(late_utc), "2027-01-01 00:05");
        assert_eq!(date_time(utc(2026, 7, 1, 1, 0)), "2026-07-01 09:00");
    }

    #[test]
    fn amounts_in_fen_read_as_yuan_with_grouped_thousands() {
        assert_eq!(yuan(329_900), "¥3,299.00");
        assert_eq!(yuan(5), "¥0.05");
        assert_eq!(yuan(0), "¥0.00");
        assert_eq!(yuan(123_456_789), "¥1,234,567.89");
        assert_eq!(yuan(-50), "-¥0.50");
    }

    #[test]
    fn countdowns_use_the_largest_whole_unit_either_side_of_due() {
        let now = utc(2026, 12, 5, 6, 0);
        let text = |due| countdown(due, now).text(Language::En);

        assert_eq!(text(utc(2026, 12, 8, 7, 0)), "3 days left");
        assert_eq!(text(utc(2026, 12, 6, 7, 0)), "1 day left");
        assert_eq!(text(utc(2026, 12, 5, 11, 30)), "5 hours left");
        assert_eq!(text(utc(2026, 12, 5, 6, 20)), "Less than an hour left");
        assert_eq!(text(utc(2026, 12, 5, 5, 50)), "Just overdue");
        assert_eq!(text(utc(2026, 12, 5, 3, 0)), "3 hours overdue");
        assert_eq!(text(utc(2026, 12, 1, 6, 0)), "4 days overdue");
        assert!(countdown(utc(2026, 12, 1, 6, 0), now).is_overdue());
        assert!(!countdown(utc(2026, 12, 8, 6, 0), now).is_overdue());
    }

    #[test]
    fn countdowns_read_in_chinese_too() {
        let now = utc(2026, 12, 5, 6, 0);

        assert_eq!(
            countdown(utc(2026, 12, 8, 7, 0), now).text(Language::ZhCn),
            "剩余 3 天"
        );
        assert_eq!(working_days_left(7).text(Language::ZhCn), "剩余 7 个工作日");
        assert_eq!(
            working_days_left(1).text(Language::En),
            "1 working day left"
        );
    }

    fn deadline(status: &str, due_at: DateTime<Utc>) -> DeadlineView {
        DeadlineView {
            kind: DeadlineKind::Reconciliation,
            started_at: utc(2026, 11, 20, 0, 0),
            due_at,
            working_days_left: 0,
            status: status.to_owned(),
            paused_at: None,
            pause_reason: None,
        }
    }

    #[test]
    fn a_deadline_badge_turns_soon_within_two_days_and_missed_after() {
        let now = utc(2026, 12, 5, 6, 0);

        let far = deadline("running", utc(2026, 12, 10, 0, 0));
        let near = deadline("running", utc(2026, 12, 6, 0, 0));
        let past = deadline("running", utc(2026, 12, 5, 5, 0));
        let missed = deadline("missed", utc(2026, 12, 1, 0, 0));
        let met = deadline("met", utc(2026, 12, 1, 0, 0));
        let paused = DeadlineView {
            paused_at: Some(utc(2026, 12, 4, 0, 0)),
            ..near.clone()
        };

        assert_eq!(deadline_badge(&far, now), DeadlineBadge::Ok);
        assert_eq!(deadline_badge(&near, now), DeadlineBadge::Soon);
        assert_eq!(deadline_badge(&past, now), DeadlineBadge::Missed);
        assert_eq!(deadline_badge(&missed, now), DeadlineBadge::Missed);
        assert_eq!(deadline_badge(&met, now), DeadlineBadge::Ok);
        assert_eq!(deadline_badge(&paused, now), DeadlineBadge::Ok);
        assert_eq!(DeadlineBadge::Soon.class(), "badge deadline-soon");
    }
}
