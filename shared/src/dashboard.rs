//! The association's staff dashboard (工作台): the intake backlog, the
//! deadlines at risk, how long each stage of handling takes, the mediators'
//! workloads and outcomes, and complaints filed and closed by month.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::complaints::DeadlineKind;
use crate::publication::FacetCount;
use crate::stats::{HandlingTime, MonthFlow};
use crate::{AssociationId, UserId};

/// Query parameters of `GET /associations/{association_id}/dashboard`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct DashboardQuery {
    /// The first day counted (China time); 89 days before `to` by default.
    pub from: Option<NaiveDate>,
    /// The last day counted (China time); today by default. The period
    /// spans at most three years.
    pub to: Option<NaiveDate>,
}

/// Complaints waiting for the association to accept or reject them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeBacklog {
    /// Complaints submitted or waiting for the consumer's information.
    pub awaiting_acceptance: u64,
    /// Of those, waiting for the information the association asked for.
    pub info_requested: u64,
    /// Hours since the oldest of them was filed, to one decimal; absent
    /// when there is none.
    pub oldest_hours: Option<f64>,
}

/// The open deadlines of one kind that need attention now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeadlineRisk {
    pub kind: DeadlineKind,
    /// Running deadlines due within the next 48 hours.
    pub due_soon: u64,
    /// Deadlines past their due time whose stage has not ended.
    pub overdue: u64,
}

/// How long each stage of handling took, over the stages that ended in the period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageTimes {
    /// From filing to acceptance, over the complaints accepted in the period.
    pub acceptance: HandlingTime,
    /// From acceptance to the end of reconciliation with a member business
    /// (the consumer accepted an offer, the case went to mediation, or it
    /// was withdrawn), over reconciliations that ended in the period.
    pub reconciliation: HandlingTime,
    /// From entering mediation to its end (an agreement was recorded,
    /// mediation ended or ran out of time, or the complaint was withdrawn),
    /// over mediations that ended in the period.
    pub mediation: HandlingTime,
}

/// One mediator's cases now and the outcomes of those closed in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MediatorWorkload {
    pub mediator_id: UserId,
    pub display_name: String,
    /// Complaints in mediation with this mediator now.
    pub in_mediation: u64,
    /// Complaints this mediator mediated that closed in the period.
    pub closed: u64,
    /// Those closed complaints by outcome (`resolved`, `mediation_failed`,
    /// `not_performed`, `withdrawn`…), most first.
    pub by_outcome: Vec<FacetCount>,
}

/// An association's dashboard for its staff.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssociationDashboard {
    pub association_id: AssociationId,
    pub association_name: String,
    /// The server's time when the figures were taken; the backlog and the
    /// deadlines at risk are as of then.
    pub as_of: DateTime<Utc>,
    /// The first day of the period (China time).
    pub from: NaiveDate,
    /// The last day of the period (China time).
    pub to: NaiveDate,
    pub backlog: IntakeBacklog,
    /// Deadlines at risk by kind, in the order of the case; every kind is listed.
    pub at_risk: Vec<DeadlineRisk>,
    pub handling_times: StageTimes,
    /// The association's active mediators, busiest first.
    pub mediators: Vec<MediatorWorkload>,
    /// Every month of the period, oldest first: complaints filed that month,
    /// and complaints closed that month (whenever they were filed).
    pub by_month: Vec<MonthFlow>,
}
