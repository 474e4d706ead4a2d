//! Which steps an application may take in which state.

use shared::ErrorCode;
use shared::joining::{ApplicationEventKind, ApplicationState};

use crate::error::ApiError;
use crate::i18n::Text;

/// A step that moves an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The applicant answers a request for more.
    Resubmit,
    Withdraw,
    Approve,
    Reject,
    RequestInfo,
}

impl Step {
    fn name(self) -> &'static str {
        match self {
            Self::Resubmit => "resubmit",
            Self::Withdraw => "withdraw",
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::RequestInfo => "request_info",
        }
    }

    /// What the history records for the step.
    pub fn event(self) -> ApplicationEventKind {
        match self {
            Self::Resubmit => ApplicationEventKind::Resubmitted,
            Self::Withdraw => ApplicationEventKind::Withdrawn,
            Self::Approve => ApplicationEventKind::Approved,
            Self::Reject => ApplicationEventKind::Rejected,
            Self::RequestInfo => ApplicationEventKind::MoreInfoRequested,
        }
    }

    const ALL: [Step; 5] = [
        Self::Resubmit,
        Self::Withdraw,
        Self::Approve,
        Self::Reject,
        Self::RequestInfo,
    ];
}

/// The state after the step, if the step is allowed from `from`.
pub fn next(from: ApplicationState, step: Step) -> Option<ApplicationState> {
    use ApplicationState as S;

    match (from, step) {
        (S::Submitted, Step::Approve) => Some(S::Approved),
        (S::Submitted, Step::RequestInfo) => Some(S::MoreInfoRequested),
        (S::Submitted | S::MoreInfoRequested, Step::Reject) => Some(S::Rejected),
        (S::Submitted | S::MoreInfoRequested, Step::Withdraw) => Some(S::Withdrawn),
        (S::MoreInfoRequested, Step::Resubmit) => Some(S::Submitted),
        _ => None,
    }
}

/// The state after the step, or a 409 naming the state and what it allows.
pub fn decide(from: ApplicationState, step: Step) -> Result<ApplicationState, ApiError> {
    next(from, step).ok_or_else(|| {
        let allowed: Vec<&str> = Step::ALL
            .into_iter()
            .filter(|s| next(from, *s).is_some())
            .map(Step::name)
            .collect();
        let allowed = if allowed.is_empty() {
            "none".to_owned()
        } else {
            allowed.join(", ")
        };
        let state = from.as_str();
        let step = step.name();
        ApiError::new(
            ErrorCode::InvalidTransition,
            actix_web::http::StatusCode::CONFLICT,
            Text::new(
                format!("入驻申请当前状态为 {state}，不能进行 {step}。现在可以进行的操作：{allowed}。"),
                format!(
                    "The application is {state}; {step} is not possible now. Steps possible now: {allowed}."
                ),
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_submitted_application_is_approved() {
        for state in ApplicationState::ALL {
            let approved = next(state, Step::Approve);

            assert_eq!(
                approved.is_some(),
                state == ApplicationState::Submitted,
                "{state:?}"
            );
        }
    }

    #[test]
    fn a_request_for_more_is_answered_by_resubmitting() {
        let asked = next(ApplicationState::Submitted, Step::RequestInfo).unwrap();

        assert_eq!(next(asked, Step::Approve), None);
        assert_eq!(
            next(asked, Step::Resubmit),
            Some(ApplicationState::Submitted)
        );
    }

    #[test]
    fn decided_applications_take_no_further_step() {
        for state in [
            ApplicationState::Approved,
            ApplicationState::Rejected,
            ApplicationState::Withdrawn,
        ] {
            assert!(Step::ALL.iter().all(|step| next(state, *step).is_none()));
            assert!(!state.is_open());
        }
    }
}
