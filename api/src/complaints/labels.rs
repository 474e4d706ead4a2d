//! The names people read for a complaint's state, outcome and demands, in
//! both languages, for documents such as the CSV export. The UI has its own
//! translations; these follow the glossary.

use shared::cases::Demand;
use shared::complaints::{ComplaintState, Outcome};

use crate::i18n::Text;

pub fn state(state: ComplaintState) -> Text {
    let (zh, en) = match state {
        ComplaintState::Submitted => ("待受理", "submitted"),
        ComplaintState::InfoRequested => ("待补充材料", "info requested"),
        ComplaintState::Reconciling => ("和解中", "reconciling"),
        ComplaintState::Mediating => ("调解中", "mediating"),
        ComplaintState::AwaitingPerformance => ("待履行", "awaiting performance"),
        ComplaintState::Closed => ("已办结", "closed"),
    };
    Text::new(zh, en)
}

pub fn outcome(outcome: Outcome) -> Text {
    let (zh, en) = match outcome {
        Outcome::Resolved => ("已解决", "resolved"),
        Outcome::Rejected => ("不予受理", "rejected"),
        Outcome::Withdrawn => ("已撤回", "withdrawn"),
        Outcome::MediationFailed => ("调解不成", "mediation failed"),
        Outcome::NotPerformed => ("未履行", "not performed"),
    };
    Text::new(zh, en)
}

pub fn demand(demand: Demand) -> Text {
    let (zh, en) = match demand {
        Demand::Refund => ("退款", "refund"),
        Demand::Replacement => ("换货", "replacement"),
        Demand::Repair => ("维修", "repair"),
        Demand::Compensation => ("赔偿", "compensation"),
        Demand::Apology => ("赔礼道歉", "apology"),
        Demand::Other => ("其他", "other"),
    };
    Text::new(zh, en)
}

/// Yes or no, as a spreadsheet reader expects it.
pub fn yes_no(value: bool) -> Text {
    if value {
        Text::new("是", "yes")
    } else {
        Text::new("否", "no")
    }
}
