//! The complaint state machine. Every change of state, by a person or by the
//! deadline sweeper, is decided here and nowhere else.

use shared::complaints::{ActionKind, CaseRole, ComplaintState, Outcome};

/// What the machine needs to know beyond the state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// The business had joined the platform when the complaint was accepted.
    pub business_is_member: bool,
    /// The business has an offer out that the consumer has not answered.
    pub offer_pending: bool,
    /// The consumer may no longer rate: rated already, or 30 days passed since closing.
    pub rating_closed: bool,
}

/// Where an allowed action leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    pub to: ComplaintState,
    pub outcome: Option<Outcome>,
}

/// The action is not allowed: in this state, for this role, or with these facts.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{action:?} is not allowed for {role:?} while the complaint is {state:?}")]
pub struct InvalidTransition {
    pub state: ComplaintState,
    pub action: ActionKind,
    pub role: CaseRole,
    /// What this role may do instead, for the error message.
    pub allowed: Vec<ActionKind>,
}

/// Decides whether `role` may take `action` in `state`, and where it leads.
/// `escalate` applies to declining an offer: go to mediation rather than wait
/// for another offer.
pub fn decide(
    state: ComplaintState,
    action: ActionKind,
    role: CaseRole,
    facts: Facts,
    escalate: bool,
) -> Result<Transition, InvalidTransition> {
    table(state, action, role, facts, escalate).ok_or_else(|| InvalidTransition {
        state,
        action,
        role,
        allowed: allowed(state, role, facts),
    })
}

/// Every action `role` may take now, for the SPA's buttons and error messages.
pub fn allowed(state: ComplaintState, role: CaseRole, facts: Facts) -> Vec<ActionKind> {
    ActionKind::ALL
        .into_iter()
        .filter(|action| table(state, *action, role, facts, false).is_some())
        .collect()
}

fn table(
    state: ComplaintState,
    action: ActionKind,
    role: CaseRole,
    facts: Facts,
    escalate: bool,
) -> Option<Transition> {
    use ActionKind as A;
    use CaseRole as R;
    use ComplaintState as S;

    let to = |to| Some(Transition { to, outcome: None });
    let close = |outcome| {
        Some(Transition {
            to: S::Closed,
            outcome: Some(outcome),
        })
    };
    let accepted = if facts.business_is_member {
        S::Reconciling
    } else {
        S::Mediating
    };

    match (state, action, role) {
        (S::Submitted, A::Accept, R::Intake) => to(accepted),
        (S::Submitted, A::Reject, R::Intake) => close(Outcome::Rejected),
        (S::Submitted, A::RequestInfo, R::Intake) => to(S::InfoRequested),
        (S::Submitted, A::Transfer, R::Intake) => to(S::Submitted),
        (S::InfoRequested, A::AnswerInfo, R::Consumer) => to(S::Submitted),
        (S::InfoRequested, A::InfoRequestExpired, R::System) => close(Outcome::Rejected),
        (S::Reconciling, A::MakeOffer, R::Business) if !facts.offer_pending => to(S::Reconciling),
        (S::Reconciling, A::AcceptOffer, R::Consumer) if facts.offer_pending => {
            to(S::AwaitingPerformance)
        }
        (S::Reconciling, A::DeclineOffer, R::Consumer) if facts.offer_pending => to(if escalate {
            S::Mediating
        } else {
            S::Reconciling
        }),
        (S::Reconciling, A::ReconciliationExpired, R::System) => to(S::Mediating),
        (S::Mediating, A::RecordAgreement, R::Mediator) => to(S::AwaitingPerformance),
        (S::Mediating, A::EndMediation, R::Mediator) => close(Outcome::MediationFailed),
        (S::Mediating, A::MediationExpired, R::System) => close(Outcome::MediationFailed),
        (S::AwaitingPerformance, A::ConfirmPerformance, R::Consumer) => close(Outcome::Resolved),
        (S::AwaitingPerformance, A::PerformanceExpired, R::System) => close(Outcome::NotPerformed),
        (S::Closed, A::Rate, R::Consumer) if !facts.rating_closed => to(S::Closed),
        (open, A::Withdraw, R::Consumer) if open != S::Closed => close(Outcome::Withdrawn),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use shared::complaints::{ActionKind as A, CaseRole as R, ComplaintState as S};

    const ROLES: [CaseRole; 5] = [R::Consumer, R::Business, R::Intake, R::Mediator, R::System];

    /// The edges of the design's state diagram; nothing else may ever happen.
    fn legal_edge(from: ComplaintState, to: ComplaintState) -> bool {
        matches!(
            (from, to),
            (
                S::Submitted,
                S::InfoRequested | S::Submitted | S::Closed | S::Reconciling | S::Mediating
            ) | (S::InfoRequested, S::Submitted | S::Closed)
                | (
                    S::Reconciling,
                    S::Reconciling | S::AwaitingPerformance | S::Mediating | S::Closed
                )
                | (S::Mediating, S::AwaitingPerformance | S::Closed)
                | (S::AwaitingPerformance, S::Closed)
                | (S::Closed, S::Closed)
        )
    }

    #[test]
    fn a_member_business_reconciles_and_a_non_member_goes_to_mediation() {
        let member = Facts {
            business_is_member: true,
            ..Facts::default()
        };

        assert_eq!(
            decide(S::Submitted, A::Accept, R::Intake, member, false)
                .unwrap()
                .to,
            S::Reconciling
        );
        assert_eq!(
            decide(S::Submitted, A::Accept, R::Intake, Facts::default(), false)
                .unwrap()
                .to,
            S::Mediating
        );
    }

    #[test]
    fn an_offer_can_be_answered_only_while_it_is_pending() {
        let pending = Facts {
            business_is_member: true,
            offer_pending: true,
            rating_closed: false,
        };

        assert!(
            decide(
                S::Reconciling,
                A::AcceptOffer,
                R::Consumer,
                Facts::default(),
                false
            )
            .is_err()
        );
        assert_eq!(
            decide(S::Reconciling, A::AcceptOffer, R::Consumer, pending, false)
                .unwrap()
                .to,
            S::AwaitingPerformance
        );
        assert_eq!(
            decide(S::Reconciling, A::DeclineOffer, R::Consumer, pending, true)
                .unwrap()
                .to,
            S::Mediating
        );
        assert_eq!(
            decide(S::Reconciling, A::DeclineOffer, R::Consumer, pending, false)
                .unwrap()
                .to,
            S::Reconciling
        );
        assert!(decide(S::Reconciling, A::MakeOffer, R::Business, pending, false).is_err());
    }

    #[test]
    fn an_illegal_action_names_what_is_allowed() {
        let error = decide(
            S::Submitted,
            A::ConfirmPerformance,
            R::Consumer,
            Facts::default(),
            false,
        )
        .unwrap_err();

        assert_eq!(error.allowed, vec![A::Withdraw]);
    }

    #[test]
    fn a_closed_case_takes_one_rating_and_nothing_else() {
        let rated = Facts {
            rating_closed: true,
            ..Facts::default()
        };

        assert_eq!(
            allowed(S::Closed, R::Consumer, Facts::default()),
            vec![A::Rate]
        );
        assert!(allowed(S::Closed, R::Consumer, rated).is_empty());
        for role in [R::Business, R::Intake, R::Mediator, R::System] {
            assert!(
                allowed(S::Closed, role, Facts::default()).is_empty(),
                "{role:?}"
            );
        }
    }

    fn any_action() -> impl Strategy<Value = ActionKind> {
        prop::sample::select(ActionKind::ALL.to_vec())
    }

    fn any_role() -> impl Strategy<Value = CaseRole> {
        prop::sample::select(ROLES.to_vec())
    }

    proptest! {
        #[test]
        fn random_action_sequences_never_reach_an_illegal_state(
            member in any::<bool>(),
            steps in prop::collection::vec((any_action(), any_role(), any::<bool>()), 1..60),
        ) {
            let mut state = S::Submitted;
            let mut outcome = None;
            let mut facts = Facts { business_is_member: member, ..Facts::default() };

            for (action, role, escalate) in steps {
                let Ok(transition) = decide(state, action, role, facts, escalate) else { continue };

                prop_assert!(legal_edge(state, transition.to), "{state:?} -> {:?} by {action:?}", transition.to);
                prop_assert_eq!(transition.outcome.is_some(), state != S::Closed && transition.to == S::Closed);
                if state == S::Closed {
                    prop_assert_eq!(action, A::Rate);
                    prop_assert_eq!(role, R::Consumer);
                }
                if transition.to == S::Reconciling && state == S::Submitted {
                    prop_assert!(member, "only a member business reconciles");
                }
                if role == R::System {
                    prop_assert!(matches!(action, A::InfoRequestExpired | A::ReconciliationExpired | A::MediationExpired | A::PerformanceExpired));
                }

                match action {
                    A::MakeOffer => facts.offer_pending = true,
                    A::AcceptOffer | A::DeclineOffer => facts.offer_pending = false,
                    A::Rate => facts.rating_closed = true,
                    _ => {}
                }
                outcome = transition.outcome.or(outcome);
                state = transition.to;
            }

            prop_assert_eq!(outcome.is_some(), state == S::Closed);
        }
    }
}
