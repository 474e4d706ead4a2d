//! Which case steps a portal offers: those the server allows the caller now
//! (`allowed_actions`) that belong to the portal, in the order people take them.

use shared::cases::ComplaintSummary;
use shared::complaints::{ActionKind, ComplaintState};

/// The portal a case page is shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Portal {
    /// A business's customer-service team.
    Business,
    /// An association's intake officers, mediators and admins.
    Staff,
}

impl Portal {
    /// The steps this portal can take, in the order its forms are shown.
    pub fn steps(self) -> &'static [ActionKind] {
        match self {
            Self::Business => &[ActionKind::MakeOffer],
            Self::Staff => &[
                ActionKind::Accept,
                ActionKind::RequestInfo,
                ActionKind::Reject,
                ActionKind::Transfer,
                ActionKind::RecordAgreement,
                ActionKind::EndMediation,
            ],
        }
    }

    /// Where this portal's case pages live.
    pub fn case_path(self, summary: &ComplaintSummary) -> String {
        match self {
            Self::Business => format!("/business/complaints/{}", summary.id),
            Self::Staff => format!("/staff/complaints/{}", summary.id),
        }
    }
}

/// The steps to show: allowed by the server and taken in this portal.
pub fn offered_steps(portal: Portal, allowed: &[ActionKind]) -> Vec<ActionKind> {
    portal
        .steps()
        .iter()
        .copied()
        .filter(|step| allowed.contains(step))
        .collect()
}

/// Whether the parties may still write messages on a case in `state`.
pub fn messages_open(state: ComplaintState) -> bool {
    state != ComplaintState::Closed
}

/// Whether the caller may set a mediation session: the case is in
/// mediation and the caller is its mediator, the one the server lets record
/// an agreement.
pub fn sessions_open(state: ComplaintState, allowed: &[ActionKind]) -> bool {
    state == ComplaintState::Mediating && allowed.contains(&ActionKind::RecordAgreement)
}

/// Whether an intake officer can accept a case straight from the queue.
pub fn acceptable_from_queue(state: ComplaintState) -> bool {
    state == ComplaintState::Submitted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_business_is_offered_only_its_own_steps() {
        let allowed = [
            ActionKind::MakeOffer,
            ActionKind::Accept,
            ActionKind::Withdraw,
        ];

        assert_eq!(
            offered_steps(Portal::Business, &allowed),
            vec![ActionKind::MakeOffer]
        );
    }

    #[test]
    fn staff_see_intake_steps_in_working_order() {
        let allowed = [
            ActionKind::Transfer,
            ActionKind::Reject,
            ActionKind::Accept,
            ActionKind::RequestInfo,
        ];

        assert_eq!(
            offered_steps(Portal::Staff, &allowed),
            vec![
                ActionKind::Accept,
                ActionKind::RequestInfo,
                ActionKind::Reject,
                ActionKind::Transfer
            ]
        );
    }

    #[test]
    fn nothing_is_offered_when_the_server_allows_nothing() {
        assert!(offered_steps(Portal::Staff, &[]).is_empty());
        assert!(offered_steps(Portal::Business, &[]).is_empty());
    }

    #[test]
    fn consumer_steps_never_show_in_staff_or_business_portals() {
        let consumer_only = [
            ActionKind::AcceptOffer,
            ActionKind::DeclineOffer,
            ActionKind::ConfirmPerformance,
            ActionKind::Rate,
        ];

        assert!(offered_steps(Portal::Staff, &consumer_only).is_empty());
        assert!(offered_steps(Portal::Business, &consumer_only).is_empty());
    }

    #[test]
    fn a_closed_case_takes_no_more_messages_and_sessions_need_mediation() {
        assert!(!messages_open(ComplaintState::Closed));
        assert!(messages_open(ComplaintState::Reconciling));
        let mediator = [ActionKind::RecordAgreement, ActionKind::EndMediation];
        assert!(sessions_open(ComplaintState::Mediating, &mediator));
        assert!(!sessions_open(ComplaintState::Mediating, &[]));
        assert!(!sessions_open(ComplaintState::Reconciling, &mediator));
    }

    #[test]
    fn only_a_submitted_case_is_accepted_from_the_queue() {
        assert!(acceptable_from_queue(ComplaintState::Submitted));
        assert!(!acceptable_from_queue(ComplaintState::InfoRequested));
    }
}
