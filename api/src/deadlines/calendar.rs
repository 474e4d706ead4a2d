//! The working-day calendar: weekdays work, weekends rest, statutory holidays
//! rest, and make-up working days (调休) work, as the State Council publishes
//! them each year. Deadlines are counted in China Standard Time (UTC+8, no
//! daylight saving).

use std::collections::{BTreeSet, HashMap};
use std::sync::Once;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};
use serde::Deserialize;

/// China Standard Time.
pub const CHINA: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

pub fn china() -> FixedOffset {
    CHINA
}

/// `2026-12-04 10:30:00`, China time.
pub fn china_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&CHINA)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

const YEARS: &[(i32, &str)] = &[
    (2007, include_str!("../../data/holidays/2007.json")),
    (2008, include_str!("../../data/holidays/2008.json")),
    (2009, include_str!("../../data/holidays/2009.json")),
    (2010, include_str!("../../data/holidays/2010.json")),
    (2011, include_str!("../../data/holidays/2011.json")),
    (2012, include_str!("../../data/holidays/2012.json")),
    (2013, include_str!("../../data/holidays/2013.json")),
    (2014, include_str!("../../data/holidays/2014.json")),
    (2015, include_str!("../../data/holidays/2015.json")),
    (2016, include_str!("../../data/holidays/2016.json")),
    (2017, include_str!("../../data/holidays/2017.json")),
    (2018, include_str!("../../data/holidays/2018.json")),
    (2019, include_str!("../../data/holidays/2019.json")),
    (2020, include_str!("../../data/holidays/2020.json")),
    (2021, include_str!("../../data/holidays/2021.json")),
    (2022, include_str!("../../data/holidays/2022.json")),
    (2023, include_str!("../../data/holidays/2023.json")),
    (2024, include_str!("../../data/holidays/2024.json")),
    (2025, include_str!("../../data/holidays/2025.json")),
    (2026, include_str!("../../data/holidays/2026.json")),
    (2027, include_str!("../../data/holidays/2027.json")),
];

#[derive(Deserialize)]
struct YearFile {
    days: Vec<ListedDay>,
}

#[derive(Deserialize)]
struct ListedDay {
    date: NaiveDate,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

/// Which days are worked, from the published notices.
#[derive(Clone, Debug)]
pub struct WorkingDayCalendar {
    /// Dates that differ from the weekday rule: `true` = day off.
    listed: HashMap<NaiveDate, bool>,
    /// Years whose notice is published.
    known_years: BTreeSet<i32>,
}

static UNKNOWN_YEAR_WARNING: Once = Once::new();

impl WorkingDayCalendar {
    /// The calendar shipped with the server.
    pub fn official() -> anyhow::Result<Self> {
        let mut calendar = Self {
            listed: HashMap::new(),
            known_years: BTreeSet::new(),
        };
        for (year, json) in YEARS {
            let file: YearFile = serde_json::from_str(json)
                .map_err(|e| anyhow::anyhow!("holiday data for {year} is unreadable: {e}"))?;
            if !file.days.is_empty() {
                calendar.known_years.insert(*year);
            }
            for day in file.days {
                calendar.listed.insert(day.date, day.is_off_day);
            }
        }
        Ok(calendar)
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if let Some(off) = self.listed.get(&date) {
            return !off;
        }
        if !self.known_years.contains(&date.year()) {
            UNKNOWN_YEAR_WARNING.call_once(|| {
                tracing::warn!(
                    year = date.year(),
                    "no holiday calendar is published for this year; deadlines count plain weekdays \
                     until the data in api/data/holidays is updated"
                );
            });
        }
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The `n`-th working day after `date` (the day itself does not count).
    pub fn working_days_after(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut counted = 0;
        while counted < n {
            day += Duration::days(1);
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        day
    }

    /// The due time of a deadline of `n` working days that starts at `start`:
    /// the end (24:00 China time) of the `n`-th working day after the start's date.
    pub fn due(&self, start: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let local_date = start.with_timezone(&china()).date_naive();
        let last_day = self.working_days_after(local_date, n);
        end_of_day(last_day)
    }

    /// Working days from `now` until `due`, counting the days after today up to
    /// and including the due date; 0 when due today or past.
    pub fn working_days_left(&self, now: DateTime<Utc>, due: DateTime<Utc>) -> u32 {
        let today = now.with_timezone(&china()).date_naive();
        let last = (due - Duration::nanoseconds(1))
            .with_timezone(&china())
            .date_naive();
        let mut left = 0;
        let mut day = today;
        while day < last {
            day += Duration::days(1);
            if self.is_working_day(day) {
                left += 1;
            }
        }
        left
    }
}

/// 24:00 China time at the end of `date`, in UTC.
pub fn end_of_day(date: NaiveDate) -> DateTime<Utc> {
    let next = (date + Duration::days(1)).and_time(NaiveTime::MIN);
    china()
        .from_local_datetime(&next)
        .single()
        .map(|local| local.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn calendar() -> WorkingDayCalendar {
        WorkingDayCalendar::official().unwrap()
    }

    #[test]
    fn the_2024_national_day_week_is_off_and_its_make_up_sunday_is_worked() {
        let calendar = calendar();

        assert!(
            calendar.is_working_day(date("2024-09-29")),
            "a Sunday worked in exchange"
        );
        for day in 1..=7 {
            assert!(
                !calendar.is_working_day(date(&format!("2024-10-0{day}"))),
                "2024-10-0{day}"
            );
        }
        assert!(
            calendar.is_working_day(date("2024-10-12")),
            "a Saturday worked in exchange"
        );
        assert!(
            !calendar.is_working_day(date("2024-10-13")),
            "an ordinary Sunday"
        );
    }

    #[test]
    fn counting_skips_the_holiday_week_and_counts_the_make_up_day() {
        let calendar = calendar();

        // Friday 2024-09-27: Sun 29th and Mon 30th work, then a week off, then Tue 8th onwards.
        assert_eq!(
            calendar.working_days_after(date("2024-09-27"), 1),
            date("2024-09-29")
        );
        assert_eq!(
            calendar.working_days_after(date("2024-09-27"), 2),
            date("2024-09-30")
        );
        assert_eq!(
            calendar.working_days_after(date("2024-09-27"), 3),
            date("2024-10-08")
        );
        assert_eq!(
            calendar.working_days_after(date("2024-09-27"), 7),
            date("2024-10-12")
        );
    }

    #[test]
    fn spring_festival_2025_is_skipped() {
        let calendar = calendar();

        // 2025-01-28 to 02-04 off; Sunday 01-26 and Saturday 02-08 worked.
        assert!(calendar.is_working_day(date("2025-01-26")));
        assert!(!calendar.is_working_day(date("2025-02-03")));
        assert_eq!(
            calendar.working_days_after(date("2025-01-27"), 1),
            date("2025-02-05")
        );
    }

    #[test]
    fn a_year_without_a_notice_counts_plain_weekdays() {
        let calendar = calendar();

        // 2027-01-01 is a Friday; without 2027's notice it is counted as a working day.
        assert!(calendar.is_working_day(date("2027-01-01")));
        assert!(!calendar.is_working_day(date("2027-01-02")));
        assert_eq!(
            calendar.working_days_after(date("2027-01-01"), 1),
            date("2027-01-04")
        );
    }

    #[test]
    fn a_due_time_ends_at_midnight_china_time() {
        let calendar = calendar();
        // 2024-09-27 20:00 in Beijing is 12:00 UTC.
        let start: DateTime<Utc> = "2024-09-27T12:00:00Z".parse().unwrap();

        let due = calendar.due(start, 3);

        assert_eq!(
            due,
            "2024-10-08T16:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(calendar.working_days_left(start, due), 3);
        assert_eq!(calendar.working_days_left(due, due), 0);
    }

    #[test]
    fn a_start_late_in_the_utc_day_counts_from_the_next_china_date() {
        let calendar = calendar();
        // 2024-09-26 17:00 UTC is already Friday 27th, 01:00 in Beijing.
        let start: DateTime<Utc> = "2024-09-26T17:00:00Z".parse().unwrap();

        assert_eq!(calendar.due(start, 1), end_of_day(date("2024-09-29")));
    }
}
