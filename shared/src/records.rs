//! A business's public record (处理记录) and the rankings by the
//! complaint-handling index: what anyone may read without signing in.
//! Nothing here carries a consumer's data.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::BusinessId;
use crate::businesses::{ServiceContacts, Suspension};
use crate::outlets::Outlet;

/// `GET /public/businesses/{id}`: who the business is and how it handled
/// the complaints accepted against it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicBusinessRecord {
    pub id: BusinessId,
    pub name: String,
    /// Unified social credit code, when known.
    pub credit_code: Option<String>,
    pub region_code: String,
    /// Joined the platform (入驻).
    pub member: bool,
    pub member_since: Option<DateTime<Utc>>,
    /// Set while the association has suspended the membership.
    pub suspended: Option<Suspension>,
    /// Where consumers can reach its customer service first.
    pub service_contacts: Option<ServiceContacts>,
    /// Its open outlets by name, the first 50; `outlet_count` says how many
    /// there are, and `/businesses/{id}/outlets` pages through them all.
    pub outlets: Vec<Outlet>,
    pub outlet_count: u64,
    /// Every complaint accepted against it.
    pub all_time: HandlingRecord,
    /// The complaints accepted in the last 365 days, today included.
    pub last_12_months: HandlingRecord,
    /// Its case publicity (个案公示) listings, active and lifted, newest first.
    pub case_publicity: Vec<crate::publicity::CasePublicityEntry>,
    /// How many of its complaints are published, and the five latest;
    /// `/public/complaints?business_id=` lists them all.
    pub published_complaints: u64,
    pub latest_complaints: Vec<crate::publication::PublicComplaintHit>,
}

/// How a business handled the complaints accepted against it in a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandlingRecord {
    /// First day counted (China time); none when counting from the start.
    pub from: Option<NaiveDate>,
    /// Last day counted, included.
    pub to: NaiveDate,
    /// Complaints accepted (受理) in the period.
    pub received: u64,
    pub rates: HandlingRates,
    /// The complaint-handling index, 0 to 100 with one decimal; null when
    /// `index_withheld` says why.
    pub index: Option<f64>,
    pub index_withheld: Option<IndexWithheld>,
    /// Accepted complaints a business needs in the period to be given an index.
    pub index_min_cases: u64,
}

/// The rates the complaint-handling index is made of. A rate whose `of` is
/// zero has no `value` and does not count towards the index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandlingRates {
    /// Reconciliation deadlines met, of those met or missed.
    pub answered_in_time: Rate,
    /// Reconciliation cases settled by an offer the consumer accepted, of
    /// the reconciliation cases that left reconciliation.
    pub reconciliation_success: Rate,
    /// Mediations the business took part in, of the mediations that ended.
    pub mediation_cooperation: Rate,
    /// Mediations that reached an agreement, of the mediations that ended.
    pub mediation_success: Rate,
    /// Agreements carried out, of the agreements whose performance was decided.
    pub agreements_performed: Rate,
    pub satisfaction: Satisfaction,
}

/// `count` of `of`, and their ratio (0 to 1, four decimals) when `of` is not zero.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rate {
    pub count: u64,
    pub of: u64,
    #[cfg_attr(feature = "openapi", schema(example = 0.8333))]
    pub value: Option<f64>,
}

/// The consumers' ratings (1 to 5) of closed cases.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Satisfaction {
    pub ratings: u64,
    /// The mean rating, two decimals, when there is any.
    pub average: Option<f64>,
}

/// Why a handling record has no index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IndexWithheld {
    /// Fewer accepted complaints than `index_min_cases`.
    TooFewCases,
    /// Enough complaints, but none has reached a point any rate measures yet.
    NothingMeasured,
}

/// Best first or worst first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RankingOrder {
    #[default]
    Best,
    Worst,
}

/// `GET /public/rankings`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct RankingQuery {
    /// First day (China time); 364 days before `period_to` by default.
    pub period_from: Option<NaiveDate>,
    /// Last day, included; today by default. The period spans at most three years.
    pub period_to: Option<NaiveDate>,
    /// A category code from `/categories`: ranks by the complaints in that
    /// category and its sub-categories only.
    #[cfg_attr(feature = "openapi", param(example = "goods.appliances"))]
    pub industry: Option<String>,
    /// The business's region: a province (`440000`), a city (`440300`) or a
    /// district (`440305`).
    #[cfg_attr(feature = "openapi", param(example = "440000"))]
    pub region: Option<String>,
    /// `best` (the default) or `worst` first.
    pub order: Option<RankingOrder>,
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

/// One page of businesses ranked by the complaint-handling index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ranking {
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    /// Only businesses with at least this many accepted complaints in the
    /// period (and the industry, when given) are ranked.
    pub index_min_cases: u64,
    pub items: Vec<RankedBusiness>,
    /// Pass back as `cursor` for the next page; absent on the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// A business's place in a ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankedBusiness {
    /// 1 for the first of the whole ranking, not of the page.
    pub rank: u64,
    pub business_id: BusinessId,
    pub name: String,
    pub region_code: String,
    #[cfg_attr(feature = "openapi", schema(example = 87.5))]
    pub index: f64,
    /// Complaints accepted in the period (and the industry).
    pub received: u64,
    pub rates: HandlingRates,
}

/// The answer for a record that was merged into another: `Location` and
/// `merged_into` name the record to read instead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergedRecord {
    pub merged_into: BusinessId,
}
