//! The next step of a replayed case, decided from its state and where its
//! record says it ended, and taken through the API by the party whose step
//! it is. Deciding from the state makes a step that already happened (in a
//! run that was interrupted) a no-op.

use chrono::{DateTime, Duration, Utc};
use shared::cases::{ActionRequest, Complaint, MediationEnd, RejectReason};
use shared::complaints::{ComplaintState, Outcome};

use super::case::{End, SourceCase};

/// Who takes a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    Consumer,
    Business,
    Intake,
    Mediator,
}

/// The next step towards the case's end, or `None` when there is nothing to
/// do now (the end is reached, or the deadline sweeper moves it next).
pub fn next_step(
    case: &SourceCase,
    complaint: &Complaint,
    now: DateTime<Utc>,
) -> Option<(Party, ActionRequest)> {
    let path = case.path;
    let perform_by = (now + Duration::days(7)).date_naive();
    match complaint.state {
        ComplaintState::Submitted | ComplaintState::InfoRequested => {
            Some(if path.end == End::Rejected {
                (
                    Party::Intake,
                    ActionRequest::Reject {
                        reason: RejectReason::InsufficientInformation,
                        note: Some("投诉材料不足以认定消费争议。".to_owned()),
                    },
                )
            } else {
                (Party::Intake, ActionRequest::Accept {})
            })
        }
        ComplaintState::Reconciling => match path.end {
            End::Withdrawn => Some((
                Party::Consumer,
                ActionRequest::Withdraw {
                    reason: Some("已与商家自行协商解决。".to_owned()),
                },
            )),
            // The business stays silent until the sweeper moves the case.
            _ if path.overdue => None,
            End::Open | End::Rejected => None,
            End::Reconciled => Some(match &complaint.pending_offer {
                Some(_) => (Party::Consumer, ActionRequest::AcceptOffer {}),
                None => (Party::Business, offer(case, perform_by)),
            }),
            End::Agreement | End::MediationFailed => Some(match &complaint.pending_offer {
                Some(_) => (
                    Party::Consumer,
                    ActionRequest::DeclineOffer {
                        reason: "方案不能解决我的问题，申请调解。".to_owned(),
                        escalate: true,
                    },
                ),
                None => (Party::Business, offer(case, perform_by)),
            }),
        },
        ComplaintState::Mediating => match path.end {
            End::Withdrawn => Some((Party::Consumer, ActionRequest::Withdraw { reason: None })),
            End::Reconciled | End::Agreement => Some((
                Party::Mediator,
                ActionRequest::RecordAgreement {
                    terms: terms(case),
                    amount_fen: path.amount_fen,
                    perform_by,
                    consumer_agreed: true,
                    business_agreed: true,
                },
            )),
            End::MediationFailed => Some((
                Party::Mediator,
                ActionRequest::EndMediation {
                    reason: if path.overdue {
                        MediationEnd::BusinessRefused
                    } else {
                        MediationEnd::NoAgreement
                    },
                    note: None,
                },
            )),
            End::Open | End::Rejected => None,
        },
        ComplaintState::AwaitingPerformance => {
            Some((Party::Consumer, ActionRequest::ConfirmPerformance {}))
        }
        ComplaintState::Closed => {
            let resolved = complaint.outcome == Some(Outcome::Resolved);
            (resolved && complaint.rating.is_none()).then(|| {
                (
                    Party::Consumer,
                    ActionRequest::Rate {
                        score: rating(case),
                        comment: None,
                    },
                )
            })
        }
    }
}

fn offer(case: &SourceCase, perform_by: chrono::NaiveDate) -> ActionRequest {
    ActionRequest::MakeOffer {
        terms: terms(case),
        amount_fen: case.path.amount_fen,
        perform_by,
    }
}

/// What the business offers or agrees to, in the case's language.
fn terms(case: &SourceCase) -> String {
    let english = case.source_id.starts_with("cfpb-");
    match (english, case.path.amount_fen.is_some()) {
        (true, true) => "Refund the disputed amount to the consumer's account.".to_owned(),
        (true, false) => {
            "Review the account, correct the records where they are wrong and explain the outcome in writing."
                .to_owned()
        }
        (false, true) => "商家退还货款并承担往返运费。".to_owned(),
        (false, false) => "商家为消费者换货或维修，并书面致歉。".to_owned(),
    }
}

/// Satisfaction from 3 to 5, stable per case.
fn rating(case: &SourceCase) -> u8 {
    3 + (super::case::seed(&case.source_id) % 3) as u8
}
