//! Times and money as the case pages show them: China time, yuan.

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, TimeZone, Utc};

/// China Standard Time (Asia/Shanghai), which keeps no daylight saving.
fn shanghai() -> FixedOffset {
    // Eight hours is well inside the one-day range `east_opt` accepts.
    FixedOffset::east_opt(8 * 3600).unwrap_or(Utc.fix())
}

/// `2026-12-04 09:30` in Asia/Shanghai.
pub fn shanghai_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&shanghai())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// `¥12.50` from an amount in fen.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    format!("{sign}¥{}.{:02}", fen / 100, fen % 100)
}

/// An amount typed in yuan (`12`, `12.5`, `12.50`) in fen; `None` when it is
/// not a non-negative amount with at most two decimals.
pub fn parse_yuan(input: &str) -> Option<i64> {
    let input = input.trim().trim_start_matches('¥');
    let (whole, fraction) = input.split_once('.').unwrap_or((input, ""));
    let digits = |text: &str| text.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 2 {
        return None;
    }

    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = format!("{fraction:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(fraction)
}

/// A date typed in an `<input type=date>` (`2026-12-31`).
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d").ok()
}

/// A local date and time from an `<input type=datetime-local>`, read in
/// Asia/Shanghai.
pub fn parse_shanghai_datetime(input: &str) -> Option<DateTime<Utc>> {
    let local = chrono::NaiveDateTime::parse_from_str(input.trim(), "%Y-%m-%dT%H:%M").ok()?;
    shanghai()
        .from_local_datetime(&local)
        .single()
        .map(|at| at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_china_time() {
        let at = DateTime::parse_from_rfc3339("2026-12-04T16:30:00Z").unwrap();

        assert_eq!(shanghai_time(at.with_timezone(&Utc)), "2026-12-05 00:30");
    }

    #[test]
    fn fen_are_shown_as_yuan() {
        assert_eq!(yuan(1250), "¥12.50");
        assert_eq!(yuan(7), "¥0.07");
        assert_eq!(yuan(-300), "-¥3.00");
    }

    #[test]
    fn typed_yuan_become_fen() {
        assert_eq!(parse_yuan("12"), Some(1200));
        assert_eq!(parse_yuan("12.5"), Some(1250));
        assert_eq!(parse_yuan(" ¥0.07 "), Some(7));
    }

    #[test]
    fn malformed_amounts_are_refused() {
        for input in ["", "abc", "1.234", "-5", "1,5", ".5"] {
            assert_eq!(parse_yuan(input), None, "{input}");
        }
    }

    #[test]
    fn a_session_time_is_read_in_china_time() {
        let at = parse_shanghai_datetime("2026-12-05T09:00").unwrap();

        assert_eq!(at.to_rfc3339(), "2026-12-05T01:00:00+00:00");
    }
}
