//! Public statistics (公开统计) over published complaints: counts by month,
//! category, nature, province and outcome, money recovered for consumers,
//! and how long each stage of handling took on average.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::AssociationId;
use crate::complaints::DeadlineKind;
use crate::publication::FacetCount;

/// Query parameters of `GET /public/stats`. The filters combine.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PublicStatsQuery {
    /// Filed on or after this day (China time); 364 days before `to` by default.
    pub from: Option<NaiveDate>,
    /// Filed on or before this day (China time); today by default. The
    /// period spans at most three years.
    pub to: Option<NaiveDate>,
    /// A province (`440000`), city (`440300`) or district (`440305`).
    pub region_code: Option<String>,
    /// A category and everything below it, for example `goods`.
    pub category_code: Option<String>,
}

/// Money the consumers got back under agreements that were carried out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoneyRecovered {
    /// The sum of `amount_recovered_fen`, in fen.
    pub amount_fen: i64,
    /// How many complaints that sum covers (those with an amount recovered).
    pub cases: u64,
}

/// The stages whose handling time is averaged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HandlingStage {
    /// From filing to acceptance: `accepted_at - filed_at`, over complaints
    /// that were accepted.
    FilingToAcceptance,
    /// From the first `accepted` step to the first `offer_accepted` or
    /// `agreement_recorded` step after it, over complaints that reached an
    /// agreement.
    AcceptanceToAgreement,
    /// From that agreement step to the first `performance_confirmed` step
    /// after it, over agreements whose performance was confirmed.
    AgreementToPerformance,
    /// From acceptance to closing: `closed_at - accepted_at`, over complaints
    /// that were accepted and closed.
    AcceptanceToClosing,
}

/// The average time one stage took.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageDuration {
    pub stage: HandlingStage,
    /// The mean in hours, to one decimal; absent when no complaint covers it.
    pub average_hours: Option<f64>,
    /// How many complaints the average covers.
    pub cases: u64,
}

/// Statistics over the published complaints that match the filters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicStats {
    /// The first day of filing counted (China time).
    pub from: NaiveDate,
    /// The last day of filing counted (China time).
    pub to: NaiveDate,
    /// Published complaints counted.
    pub total: u64,
    /// By month of filing in China time (`2026-12`), oldest first.
    pub by_month: Vec<FacetCount>,
    /// By top-level category (`goods`, `services`), most first.
    pub by_category: Vec<FacetCount>,
    /// By full category code (`goods.appliances`), most first.
    pub by_category_code: Vec<FacetCount>,
    /// By nature (`quality`, `contract`…), most first.
    pub by_nature: Vec<FacetCount>,
    /// By province code (`440000`), most first.
    pub by_province: Vec<FacetCount>,
    /// By outcome; `open` counts complaints without one yet.
    pub by_outcome: Vec<FacetCount>,
    pub money_recovered: MoneyRecovered,
    /// The average handling time of each stage, in the order of the case.
    pub handling_times: Vec<StageDuration>,
}

/// Query parameters of `GET /public/associations/{id}/performance`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PerformanceQuery {
    /// Filed on or after this day (China time); 364 days before `to` by default.
    pub from: Option<NaiveDate>,
    /// Filed on or before this day (China time); today by default. The
    /// period spans at most three years.
    pub to: Option<NaiveDate>,
}

/// How long one step of handling took, over the complaints that took it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandlingTime {
    /// How many complaints the figures cover.
    pub cases: u64,
    /// Half the complaints took at most this long, in hours to one decimal.
    pub median_hours: Option<f64>,
    /// Nine in ten took at most this long, in hours to one decimal.
    pub p90_hours: Option<f64>,
}

/// How often one kind of deadline was kept; running ones are not counted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeadlineRecord {
    pub kind: DeadlineKind,
    pub met: u64,
    pub missed: u64,
}

/// Complaints filed and closed in one month (China time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthFlow {
    /// `2026-12`.
    pub month: String,
    /// Complaints filed that month.
    pub filed: u64,
    /// Of the complaints counted, those closed that month.
    pub closed: u64,
}

/// How an association handled the complaints filed with it in a period:
/// every complaint it handles, published or not, counted without any
/// personal detail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssociationPerformance {
    pub association_id: AssociationId,
    pub association_name: String,
    /// The first day of filing counted (China time).
    pub from: NaiveDate,
    /// The last day of filing counted (China time).
    pub to: NaiveDate,
    /// Complaints filed in the period that the association handles now.
    pub filed: u64,
    /// Of those, accepted (受理).
    pub accepted: u64,
    /// Of those, closed, with any outcome.
    pub closed: u64,
    /// Of those, still open.
    pub open: u64,
    /// Closed complaints by outcome, most first.
    pub by_outcome: Vec<FacetCount>,
    /// From filing to acceptance, over the accepted complaints.
    pub time_to_accept: HandlingTime,
    /// From filing to closing, over the closed complaints.
    pub time_to_close: HandlingTime,
    /// Deadlines met and missed, by kind, in the order of the case.
    pub deadlines: Vec<DeadlineRecord>,
    /// Filed and closed by month, oldest first.
    pub by_month: Vec<MonthFlow>,
}
