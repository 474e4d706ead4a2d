//! The words for the API's codes as a consumer reads them: states, outcomes,
//! demands, channels, deadlines; and times in China time.

use chrono::{DateTime, FixedOffset, Offset, Utc};
use shared::cases::{Channel, Demand};
use shared::complaints::{ComplaintState, DeadlineKind, Outcome};

use crate::i18n::{Key, Language};

/// Every demand, in the order the form offers them.
pub const DEMANDS: [Demand; 6] = [
    Demand::Refund,
    Demand::Replacement,
    Demand::Repair,
    Demand::Compensation,
    Demand::Apology,
    Demand::Other,
];

/// Every channel, in the order the form offers them.
pub const CHANNELS: [Channel; 4] = [
    Channel::OnlinePlatform,
    Channel::OfflineShop,
    Channel::Phone,
    Channel::Other,
];

pub fn state(state: ComplaintState) -> Key {
    match state {
        ComplaintState::Submitted => Key::StateSubmitted,
        ComplaintState::InfoRequested => Key::StateInfoRequested,
        ComplaintState::Reconciling => Key::StateReconciling,
        ComplaintState::Mediating => Key::StateMediating,
        ComplaintState::AwaitingPerformance => Key::StateAwaitingPerformance,
        ComplaintState::Closed => Key::StateClosed,
    }
}

pub fn outcome(outcome: Outcome) -> Key {
    match outcome {
        Outcome::Resolved => Key::OutcomeResolved,
        Outcome::Rejected => Key::OutcomeRejected,
        Outcome::Withdrawn => Key::OutcomeWithdrawn,
        Outcome::MediationFailed => Key::OutcomeMediationFailed,
        Outcome::NotPerformed => Key::OutcomeNotPerformed,
    }
}

pub fn demand(demand: Demand) -> Key {
    match demand {
        Demand::Refund => Key::DemandRefund,
        Demand::Replacement => Key::DemandReplacement,
        Demand::Repair => Key::DemandRepair,
        Demand::Compensation => Key::DemandCompensation,
        Demand::Apology => Key::DemandApology,
        Demand::Other => Key::DemandOther,
    }
}

pub fn channel(channel: Channel) -> Key {
    match channel {
        Channel::OfflineShop => Key::ChannelOfflineShop,
        Channel::OnlinePlatform => Key::ChannelOnlinePlatform,
        Channel::Phone => Key::ChannelPhone,
        Channel::Other => Key::ChannelOther,
    }
}

pub fn deadline(kind: DeadlineKind) -> Key {
    match kind {
        DeadlineKind::Acceptance => Key::DeadlineAcceptance,
        DeadlineKind::Information => Key::DeadlineInformation,
        DeadlineKind::Reconciliation => Key::DeadlineReconciliation,
        DeadlineKind::Mediation => Key::DeadlineMediation,
        DeadlineKind::Performance => Key::DeadlinePerformance,
    }
}

/// A timeline entry's kind in words; none for kinds without a text yet.
pub fn timeline_entry(kind: &str) -> Option<Key> {
    Some(match kind {
        "filed" => Key::EntryFiled,
        "accepted" => Key::EntryAccepted,
        "rejected" => Key::EntryRejected,
        "info_requested" => Key::EntryInfoRequested,
        "info_answered" => Key::EntryInfoAnswered,
        "transferred" => Key::EntryTransferred,
        "offer_made" => Key::EntryOfferMade,
        "offer_accepted" => Key::EntryOfferAccepted,
        "offer_declined" => Key::EntryOfferDeclined,
        "agreement_recorded" => Key::EntryAgreementRecorded,
        "mediation_ended" => Key::EntryMediationEnded,
        "performance_confirmed" => Key::EntryPerformanceConfirmed,
        "withdrawn" => Key::EntryWithdrawn,
        "rated" => Key::EntryRated,
        "published" => Key::EntryPublished,
        _ => return None,
    })
}

/// China time (UTC+8 all year).
fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

/// `2026-12-05 14:30` in China time.
pub fn china_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&china())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Today's date in China time.
pub fn china_today(now: DateTime<Utc>) -> chrono::NaiveDate {
    now.with_timezone(&china()).date_naive()
}

/// The time now, from the browser's clock.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// How long until `due`, in the words of `language`: "3 days 4 hours left",
/// or "overdue".
pub fn countdown(due: DateTime<Utc>, now: DateTime<Utc>, language: Language) -> String {
    let left = due - now;
    if left.num_minutes() <= 0 {
        return language.text(Key::CountdownOverdue).to_owned();
    }
    let (days, hours) = (left.num_days(), left.num_hours() % 24);
    let template = if days > 0 {
        Key::CountdownDays
    } else {
        Key::CountdownHours
    };
    language
        .text(template)
        .replace("{days}", &days.to_string())
        .replace("{hours}", &hours.max(1).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn timeline_kinds_have_words_and_unknown_ones_none() {
        assert_eq!(timeline_entry("offer_made"), Some(Key::EntryOfferMade));
        assert_eq!(timeline_entry("something_new"), None);
    }

    #[test]
    fn times_are_shown_in_china_time() {
        assert_eq!(china_time(at("2026-12-04T18:30:00Z")), "2026-12-05 02:30");
    }

    #[test]
    fn a_deadline_days_away_counts_days_and_hours() {
        let text = countdown(
            at("2026-12-08T15:00:00Z"),
            at("2026-12-05T12:00:00Z"),
            Language::En,
        );

        assert_eq!(text, "3 days 3 hours left");
    }

    #[test]
    fn a_deadline_within_a_day_counts_hours() {
        let text = countdown(
            at("2026-12-05T14:10:00Z"),
            at("2026-12-05T12:00:00Z"),
            Language::ZhCn,
        );

        assert_eq!(text, "还剩 2 小时");
    }

    #[test]
    fn a_passed_deadline_is_overdue() {
        let text = countdown(
            at("2026-12-05T11:00:00Z"),
            at("2026-12-05T12:00:00Z"),
            Language::En,
        );

        assert_eq!(text, "overdue");
    }
}
