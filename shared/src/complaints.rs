//! The complaint's states, outcomes and actions, shared so that the SPA shows
//! exactly what the server enforces.

use serde::{Deserialize, Serialize};

/// Where a complaint stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplaintState {
    /// Filed, awaiting the association's decision (待受理).
    Submitted,
    /// The association asked the consumer for more; its clock is paused (待补充材料).
    InfoRequested,
    /// Accepted; the member business and the consumer settle directly (和解中).
    Reconciling,
    /// The association's mediator works on an agreement (调解中).
    Mediating,
    /// An agreement waits to be carried out (待履行).
    AwaitingPerformance,
    /// Finished, with an outcome (已办结).
    Closed,
}

/// How a closed complaint ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// An agreement was carried out (已解决).
    Resolved,
    /// The association declined the complaint (不予受理).
    Rejected,
    /// The consumer withdrew it (撤回).
    Withdrawn,
    /// Mediation ended without agreement (调解不成).
    MediationFailed,
    /// The business did not carry out the agreement by its due date (未履行).
    NotPerformed,
}

/// Something a party, or the deadline sweeper, does to a complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Accept,
    Reject,
    RequestInfo,
    AnswerInfo,
    Transfer,
    MakeOffer,
    AcceptOffer,
    DeclineOffer,
    RecordAgreement,
    EndMediation,
    ConfirmPerformance,
    Withdraw,
    Rate,
    /// The sweeper: an information request went unanswered.
    InfoRequestExpired,
    /// The sweeper: the business let the reconciliation deadline pass.
    ReconciliationExpired,
    /// The sweeper: mediation ran past its deadline.
    MediationExpired,
    /// The sweeper: the agreement's due date passed unperformed.
    PerformanceExpired,
}

impl ActionKind {
    pub const ALL: [ActionKind; 17] = [
        Self::Accept,
        Self::Reject,
        Self::RequestInfo,
        Self::AnswerInfo,
        Self::Transfer,
        Self::MakeOffer,
        Self::AcceptOffer,
        Self::DeclineOffer,
        Self::RecordAgreement,
        Self::EndMediation,
        Self::ConfirmPerformance,
        Self::Withdraw,
        Self::Rate,
        Self::InfoRequestExpired,
        Self::ReconciliationExpired,
        Self::MediationExpired,
        Self::PerformanceExpired,
    ];
}

/// The part a caller plays in one complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseRole {
    /// The consumer who filed it.
    Consumer,
    /// A user of the business complained about.
    Business,
    /// Intake staff (or an admin) of the handling association.
    Intake,
    /// A mediator of the handling association.
    Mediator,
    /// The deadline sweeper.
    System,
}
