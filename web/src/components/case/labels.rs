//! The UI text for the case's states, steps, outcomes and reasons.

use shared::cases::{MediationEnd, RejectReason};
use shared::complaints::{ActionKind, ComplaintState, DeadlineKind, Outcome};

use super::deadline::DeadlineBadge;
use crate::i18n::Key;

/// The name of a state.
pub fn state_key(state: ComplaintState) -> Key {
    match state {
        ComplaintState::Submitted => Key::CaseStateSubmitted,
        ComplaintState::InfoRequested => Key::CaseStateInfoRequested,
        ComplaintState::Reconciling => Key::CaseStateReconciling,
        ComplaintState::Mediating => Key::CaseStateMediating,
        ComplaintState::AwaitingPerformance => Key::CaseStateAwaitingPerformance,
        ComplaintState::Closed => Key::CaseStateClosed,
    }
}

/// The name of an outcome.
pub fn outcome_key(outcome: Outcome) -> Key {
    match outcome {
        Outcome::Resolved => Key::CaseOutcomeResolved,
        Outcome::Rejected => Key::CaseOutcomeRejected,
        Outcome::Withdrawn => Key::CaseOutcomeWithdrawn,
        Outcome::MediationFailed => Key::CaseOutcomeMediationFailed,
        Outcome::NotPerformed => Key::CaseOutcomeNotPerformed,
    }
}

/// The button and heading of a step taken in the business or staff portal.
pub fn action_key(action: ActionKind) -> Key {
    match action {
        ActionKind::Accept => Key::CaseActionAccept,
        ActionKind::Reject => Key::CaseActionReject,
        ActionKind::RequestInfo => Key::CaseActionRequestInfo,
        ActionKind::Transfer => Key::CaseActionTransfer,
        ActionKind::MakeOffer => Key::CaseActionMakeOffer,
        ActionKind::RecordAgreement => Key::CaseActionRecordAgreement,
        ActionKind::EndMediation => Key::CaseActionEndMediation,
        _ => Key::CaseActionOther,
    }
}

/// What a deadline is for.
pub fn deadline_key(kind: DeadlineKind) -> Key {
    match kind {
        DeadlineKind::Acceptance => Key::CaseDeadlineAcceptance,
        DeadlineKind::Information => Key::CaseDeadlineInformation,
        DeadlineKind::Reconciliation => Key::CaseDeadlineReconciliation,
        DeadlineKind::Mediation => Key::CaseDeadlineMediation,
        DeadlineKind::Performance => Key::CaseDeadlinePerformance,
    }
}

/// A deadline's status as the server names it.
pub fn deadline_status_key(status: &str) -> Key {
    match status {
        "running" => Key::CaseDeadlineRunning,
        "met" => Key::CaseDeadlineMet,
        "missed" => Key::CaseDeadlineMissed,
        _ => Key::CaseDeadlineCancelled,
    }
}

/// The words on a deadline badge.
pub fn badge_key(badge: DeadlineBadge) -> Key {
    match badge {
        DeadlineBadge::Ok => Key::CaseBadgeOk,
        DeadlineBadge::Soon => Key::CaseBadgeSoon,
        DeadlineBadge::Missed => Key::CaseBadgeMissed,
    }
}

/// Every reason to reject, in the order the form lists them.
pub const REJECT_REASONS: [RejectReason; 6] = [
    RejectReason::NotConsumerDispute,
    RejectReason::BeforeCourtOrArbitration,
    RejectReason::Duplicate,
    RejectReason::OutsideRemit,
    RejectReason::InsufficientInformation,
    RejectReason::Other,
];

/// A reason to reject, as the form shows it.
pub fn reject_reason_key(reason: RejectReason) -> Key {
    match reason {
        RejectReason::NotConsumerDispute => Key::CaseRejectNotConsumerDispute,
        RejectReason::BeforeCourtOrArbitration => Key::CaseRejectBeforeCourt,
        RejectReason::Duplicate => Key::CaseRejectDuplicate,
        RejectReason::OutsideRemit => Key::CaseRejectOutsideRemit,
        RejectReason::InsufficientInformation => Key::CaseRejectInsufficientInformation,
        RejectReason::Other => Key::CaseRejectOther,
    }
}

/// Why mediation ended, as the form shows it.
pub fn mediation_end_key(reason: MediationEnd) -> Key {
    match reason {
        MediationEnd::BusinessRefused => Key::CaseEndBusinessRefused,
        MediationEnd::NoAgreement => Key::CaseEndNoAgreement,
    }
}

/// A timeline entry's kind, or `None` for kinds the UI has no words for
/// (shown by their code).
pub fn timeline_key(kind: &str) -> Option<Key> {
    let key = match kind {
        "filed" => Key::CaseEventFiled,
        "accepted" => Key::CaseEventAccepted,
        "rejected" => Key::CaseEventRejected,
        "info_requested" => Key::CaseEventInfoRequested,
        "info_answered" => Key::CaseEventInfoAnswered,
        "transferred" => Key::CaseEventTransferred,
        "offer_made" => Key::CaseEventOfferMade,
        "offer_accepted" => Key::CaseEventOfferAccepted,
        "offer_declined" => Key::CaseEventOfferDeclined,
        "agreement_recorded" => Key::CaseEventAgreementRecorded,
        "mediation_ended" => Key::CaseEventMediationEnded,
        "mediation_session_scheduled" => Key::CaseEventSessionScheduled,
        "mediator_assigned" => Key::CaseEventMediatorAssigned,
        "performance_confirmed" => Key::CaseEventPerformanceConfirmed,
        "withdrawn" => Key::CaseEventWithdrawn,
        "rated" => Key::CaseEventRated,
        "message" | "message_posted" => Key::CaseEventMessage,
        "acceptance_deadline_missed" => Key::CaseEventAcceptanceMissed,
        "reconciliation_deadline_missed" => Key::CaseEventReconciliationMissed,
        "info_request_expired" => Key::CaseEventInfoExpired,
        "published" => Key::CaseEventPublished,
        "unpublished" => Key::CaseEventUnpublished,
        "consent_given" => Key::CaseEventConsentGiven,
        "consent_withdrawn" => Key::CaseEventConsentWithdrawn,
        "case_publicity_listed" => Key::CaseEventPublicityListed,
        "case_publicity_lifted" => Key::CaseEventPublicityLifted,
        "referred" => Key::CaseEventReferred,
        "imported" => Key::CaseEventImported,
        "joined_group" => Key::CaseEventJoinedGroup,
        _ => return None,
    };
    Some(key)
}

/// Who took a step, by the role the server records.
pub fn actor_key(role: &str) -> Key {
    match role {
        "consumer" => Key::CaseActorConsumer,
        "business" => Key::CaseActorBusiness,
        "intake" => Key::CaseActorIntake,
        "mediator" => Key::CaseActorMediator,
        _ => Key::CaseActorSystem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_timeline_kinds_have_words_and_unknown_ones_fall_back() {
        assert_eq!(timeline_key("offer_made"), Some(Key::CaseEventOfferMade));
        assert_eq!(timeline_key("something_new"), None);
    }
}
