//! How the public pages write times, money and rates: times in China
//! (Asia/Shanghai, UTC+8 all year), money in yuan.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// China's offset from UTC; it keeps no summer time.
fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 lies within a day of UTC")
}

/// `2026-12-04`: the day in China.
pub fn day(at: DateTime<Utc>) -> String {
    at.with_timezone(&china()).format("%Y-%m-%d").to_string()
}

/// `2026-12-04 10:30`: the day and time in China.
pub fn day_and_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&china())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Today in China, from milliseconds since the Unix epoch.
pub fn today_from_millis(millis: f64) -> Option<NaiveDate> {
    let at = DateTime::<Utc>::from_timestamp_millis(millis as i64)?;
    Some(at.with_timezone(&china()).date_naive())
}

/// `¥1,234.50` for an amount in fen.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    format!("{sign}¥{}.{:02}", grouped(fen / 100), fen % 100)
}

/// `12,345`: a count with thousands separated.
pub fn count(value: u64) -> String {
    grouped(value)
}

fn grouped(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `83.3%` for a ratio between 0 and 1.
pub fn percent(ratio: f64) -> String {
    format!("{:.1}%", ratio * 100.0)
}

/// `2.5` days for a duration in hours, one decimal.
pub fn days(hours: f64) -> String {
    format!("{:.1}", hours / 24.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_china() {
        let late_evening_utc = DateTime::parse_from_rfc3339("2026-12-04T17:30:00Z")
            .unwrap()
            .with_timezone(&Utc);

        assert_eq!(day(late_evening_utc), "2026-12-05");
        assert_eq!(day_and_time(late_evening_utc), "2026-12-05 01:30");
    }

    #[test]
    fn money_is_written_in_yuan_with_fen() {
        assert_eq!(yuan(0), "¥0.00");
        assert_eq!(yuan(123_456_789), "¥1,234,567.89");
        assert_eq!(yuan(-5), "-¥0.05");
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(12_345_678), "12,345,678");
    }

    #[test]
    fn today_is_the_day_in_china() {
        // 2026-12-31T16:00:00Z is already 2027-01-01 in China.
        let millis = 1_798_732_800_000.0;

        assert_eq!(
            today_from_millis(millis),
            NaiveDate::from_ymd_opt(2027, 1, 1)
        );
    }
}
