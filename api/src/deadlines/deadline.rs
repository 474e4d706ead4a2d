//! One running deadline: when it started, when it is due, and whether its
//! clock is paused (as the acceptance clock is while the consumer is asked for
//! more information).

use chrono::{DateTime, Utc};
use shared::complaints::DeadlineKind;

use crate::deadlines::WorkingDayCalendar;

/// Working days each deadline runs, configurable per association.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeadlinePolicy {
    pub acceptance: u32,
    pub information: u32,
    pub reconciliation: u32,
    pub mediation: u32,
}

impl Default for DeadlinePolicy {
    /// Acceptance in 7 and mediation in 45 working days follow the national
    /// regulator's complaint rules; reconciliation in 10 follows its online
    /// dispute resolution scheme; 15 days to answer a request for information.
    fn default() -> Self {
        Self {
            acceptance: 7,
            information: 15,
            reconciliation: 10,
            mediation: 45,
        }
    }
}

impl DeadlinePolicy {
    /// The working days for a kind; performance is due on the date the
    /// agreement names, so it has none.
    pub fn working_days(&self, kind: DeadlineKind) -> Option<u32> {
        match kind {
            DeadlineKind::Acceptance => Some(self.acceptance),
            DeadlineKind::Information => Some(self.information),
            DeadlineKind::Reconciliation => Some(self.reconciliation),
            DeadlineKind::Mediation => Some(self.mediation),
            DeadlineKind::Performance => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    /// Set while the clock is stopped.
    pub paused_at: Option<DateTime<Utc>>,
}

impl Deadline {
    /// A deadline of `working_days` starting at `at`.
    pub fn start(
        kind: DeadlineKind,
        calendar: &WorkingDayCalendar,
        at: DateTime<Utc>,
        working_days: u32,
    ) -> Self {
        Self {
            kind,
            started_at: at,
            due_at: calendar.due(at, working_days),
            paused_at: None,
        }
    }

    /// A deadline due at a fixed time (an agreement's performance date).
    pub fn until(kind: DeadlineKind, at: DateTime<Utc>, due_at: DateTime<Utc>) -> Self {
        Self {
            kind,
            started_at: at,
            due_at,
            paused_at: None,
        }
    }

    /// Stops the clock; pausing a paused deadline changes nothing.
    pub fn pause(&mut self, at: DateTime<Utc>) {
        self.paused_at.get_or_insert(at);
    }

    /// Restarts the clock with the working days that were left when it
    /// stopped; resuming a running deadline changes nothing.
    pub fn resume(&mut self, calendar: &WorkingDayCalendar, at: DateTime<Utc>) {
        let Some(paused_at) = self.paused_at.take() else {
            return;
        };
        let left = calendar.working_days_left(paused_at, self.due_at);
        self.due_at = calendar.due(at, left);
    }

    /// Due and not paused: the sweeper applies what it implies.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.paused_at.is_none() && now >= self.due_at
    }

    /// Working days left, as the parties see them; frozen while paused.
    pub fn working_days_left(&self, calendar: &WorkingDayCalendar, now: DateTime<Utc>) -> u32 {
        calendar.working_days_left(self.paused_at.unwrap_or(now), self.due_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::calendar::end_of_day;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn calendar() -> WorkingDayCalendar {
        WorkingDayCalendar::official().unwrap()
    }

    #[test]
    fn acceptance_filed_before_national_day_2024_is_due_after_the_holiday_week() {
        let calendar = calendar();

        // Filed Friday 2024-09-27, 10:00 Beijing. Working days: Sun 29th, Mon 30th,
        // then Tue 8th to Sat 12th (a make-up day).
        let deadline = Deadline::start(
            DeadlineKind::Acceptance,
            &calendar,
            at("2024-09-27T02:00:00Z"),
            7,
        );

        assert_eq!(deadline.due_at, end_of_day("2024-10-12".parse().unwrap()));
        assert!(!deadline.is_overdue(at("2024-10-12T15:59:59Z")));
        assert!(deadline.is_overdue(at("2024-10-12T16:00:00Z")));
    }

    #[test]
    fn a_paused_clock_keeps_its_working_days_and_never_falls_due() {
        let calendar = calendar();
        let mut deadline = Deadline::start(
            DeadlineKind::Acceptance,
            &calendar,
            at("2024-09-02T02:00:00Z"),
            7,
        );
        let paused = at("2024-09-04T02:00:00Z");
        let days_at_pause = deadline.working_days_left(&calendar, paused);

        deadline.pause(paused);
        let while_paused = deadline.working_days_left(&calendar, at("2024-09-30T02:00:00Z"));
        let overdue_while_paused = deadline.is_overdue(at("2024-12-31T00:00:00Z"));
        deadline.resume(&calendar, at("2024-09-30T02:00:00Z"));

        assert_eq!(days_at_pause, 5);
        assert_eq!(while_paused, 5);
        assert!(!overdue_while_paused);
        // Five working days after Monday 30 September: the holiday week is
        // skipped, then Tuesday 8th to Saturday 12th, a make-up working day.
        assert_eq!(deadline.due_at, end_of_day("2024-10-12".parse().unwrap()));
    }

    #[test]
    fn the_default_policy_follows_the_published_rules() {
        let policy = DeadlinePolicy::default();

        assert_eq!(policy.working_days(DeadlineKind::Acceptance), Some(7));
        assert_eq!(policy.working_days(DeadlineKind::Reconciliation), Some(10));
        assert_eq!(policy.working_days(DeadlineKind::Mediation), Some(45));
        assert_eq!(policy.working_days(DeadlineKind::Information), Some(15));
        assert_eq!(policy.working_days(DeadlineKind::Performance), None);
    }
}
