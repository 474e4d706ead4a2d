//! The words for the API's values on the public pages: states, outcomes,
//! demands, deadlines, stages and the grounds of case publicity.

use shared::cases::Demand;
use shared::complaints::{ComplaintState, DeadlineKind, Outcome};
use shared::publication::PublicationReason;
use shared::publicity::{PublicityGround, PublicityStatus};
use shared::records::IndexWithheld;
use shared::stats::HandlingStage;

use crate::i18n::Key;

pub fn state(state: ComplaintState) -> Key {
    match state {
        ComplaintState::Submitted => Key::PubStateSubmitted,
        ComplaintState::InfoRequested => Key::PubStateInfoRequested,
        ComplaintState::Reconciling => Key::PubStateReconciling,
        ComplaintState::Mediating => Key::PubStateMediating,
        ComplaintState::AwaitingPerformance => Key::PubStateAwaitingPerformance,
        ComplaintState::Closed => Key::PubStateClosed,
    }
}

pub fn outcome(outcome: Outcome) -> Key {
    match outcome {
        Outcome::Resolved => Key::PubOutcomeResolved,
        Outcome::Rejected => Key::PubOutcomeRejected,
        Outcome::Withdrawn => Key::PubOutcomeWithdrawn,
        Outcome::MediationFailed => Key::PubOutcomeMediationFailed,
        Outcome::NotPerformed => Key::PubOutcomeNotPerformed,
    }
}

pub fn demand(demand: Demand) -> Key {
    match demand {
        Demand::Refund => Key::PubDemandRefund,
        Demand::Replacement => Key::PubDemandReplacement,
        Demand::Repair => Key::PubDemandRepair,
        Demand::Compensation => Key::PubDemandCompensation,
        Demand::Apology => Key::PubDemandApology,
        Demand::Other => Key::PubDemandOther,
    }
}

pub fn deadline_kind(kind: DeadlineKind) -> Key {
    match kind {
        DeadlineKind::Acceptance => Key::PubDeadlineAcceptance,
        DeadlineKind::Information => Key::PubDeadlineInformation,
        DeadlineKind::Reconciliation => Key::PubDeadlineReconciliation,
        DeadlineKind::Mediation => Key::PubDeadlineMediation,
        DeadlineKind::Performance => Key::PubDeadlinePerformance,
    }
}

/// A deadline's `status` (`running`, `met`, `missed`, `cancelled`).
pub fn deadline_status(status: &str) -> Option<Key> {
    Some(match status {
        "running" => Key::PubDeadlineRunning,
        "met" => Key::PubDeadlineMet,
        "missed" => Key::PubDeadlineMissed,
        "cancelled" => Key::PubDeadlineCancelled,
        _ => return None,
    })
}

/// A stage's timeline `step`, when it is one the public pages name.
pub fn stage(step: &str) -> Option<Key> {
    Some(match step {
        "filed" => Key::PubStepFiled,
        "accepted" => Key::PubStepAccepted,
        "rejected" => Key::PubStepRejected,
        "transferred" => Key::PubStepTransferred,
        "info_requested" => Key::PubStepInfoRequested,
        "info_answered" => Key::PubStepInfoAnswered,
        "offer_accepted" => Key::PubStepOfferAccepted,
        "reconciliation_deadline_missed" => Key::PubStepReconciliationMissed,
        "agreement_recorded" => Key::PubStepAgreementRecorded,
        "mediation_ended" => Key::PubStepMediationEnded,
        "mediation_deadline_passed" => Key::PubStepMediationDeadlinePassed,
        "performance_confirmed" => Key::PubStepPerformanceConfirmed,
        "agreement_not_performed" => Key::PubStepAgreementNotPerformed,
        "withdrawn" => Key::PubStepWithdrawn,
        "published" => Key::PubStepPublished,
        "info_request_expired" => Key::PubStepInfoRequestExpired,
        _ => return None,
    })
}

/// A business reply's `kind` (`offer` or `message`).
pub fn reply_kind(kind: &str) -> Key {
    if kind == "offer" {
        Key::PubReplyOffer
    } else {
        Key::PubReplyMessage
    }
}

pub fn reason(reason: PublicationReason) -> Key {
    match reason {
        PublicationReason::NonMemberAccepted => Key::PubReasonNonMember,
        PublicationReason::DeadlineMissed => Key::PubReasonDeadlineMissed,
        PublicationReason::ClosedWithConsent => Key::PubReasonClosedWithConsent,
    }
}

pub fn ground(ground: PublicityGround) -> Key {
    match ground {
        PublicityGround::RefusedMediation => Key::PubGroundRefusedMediation,
        PublicityGround::AgreementNotPerformed => Key::PubGroundAgreementNotPerformed,
    }
}

pub fn publicity_status(status: PublicityStatus) -> Key {
    match status {
        PublicityStatus::Active => Key::PubPublicityActive,
        PublicityStatus::Lifted => Key::PubPublicityLifted,
    }
}

pub fn handling_stage(stage: HandlingStage) -> Key {
    match stage {
        HandlingStage::FilingToAcceptance => Key::PubHandlingFilingToAcceptance,
        HandlingStage::AcceptanceToAgreement => Key::PubHandlingAcceptanceToAgreement,
        HandlingStage::AgreementToPerformance => Key::PubHandlingAgreementToPerformance,
        HandlingStage::AcceptanceToClosing => Key::PubHandlingAcceptanceToClosing,
    }
}

pub fn index_withheld(reason: IndexWithheld) -> Key {
    match reason {
        IndexWithheld::TooFewCases => Key::PubIndexTooFewCases,
        IndexWithheld::NothingMeasured => Key::PubIndexNothingMeasured,
    }
}

/// Every state, in the order of a case, for the filter.
pub const STATES: [ComplaintState; 6] = [
    ComplaintState::Submitted,
    ComplaintState::InfoRequested,
    ComplaintState::Reconciling,
    ComplaintState::Mediating,
    ComplaintState::AwaitingPerformance,
    ComplaintState::Closed,
];

/// Every outcome, for the filter.
pub const OUTCOMES: [Outcome; 5] = [
    Outcome::Resolved,
    Outcome::MediationFailed,
    Outcome::NotPerformed,
    Outcome::Withdrawn,
    Outcome::Rejected,
];
