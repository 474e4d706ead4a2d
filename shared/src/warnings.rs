//! Early warning of complaint surges (投诉激增预警) for an association's
//! staff, and the consumer warnings (消费警示) they publish: a public notice
//! that a business, a kind of goods or services or a region is drawing
//! complaints well above its usual level.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{AssociationId, BusinessId, ComplaintId, UserId};

/// What a surge is counted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurgeDimension {
    /// Complaints against one business; the key is its id.
    Business,
    /// Complaints in one category (its full code, e.g. `services.prepaid`).
    Category,
    /// Complaints from one region (the 6-digit code the complaint names).
    Region,
}

/// A complaint counted in the current window of an alert.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertEvidence {
    pub complaint_id: ComplaintId,
    /// The complaint number (投诉编号).
    pub number: String,
    pub filed_at: DateTime<Utc>,
}

/// One business, category or region whose complaints rose well above their
/// usual level in the current window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurgeAlert {
    pub dimension: SurgeDimension,
    /// The business id, category code or region code.
    pub key: String,
    /// The business's name, the category's or the region's, in the
    /// language of `Accept-Language` where there are two.
    pub label: String,
    /// Complaints filed in the current window.
    pub current_count: u32,
    /// Complaints filed in each earlier window of the same length, oldest
    /// first.
    pub baseline_counts: Vec<u32>,
    /// The mean of `baseline_counts`.
    pub baseline_mean: f64,
    /// Their standard deviation (over the windows, not a sample estimate).
    pub baseline_sd: f64,
    /// The complaints of the current window, oldest first, at most 50.
    pub evidence: Vec<AlertEvidence>,
    /// How many complaints the current window holds in all.
    pub evidence_total: u32,
}

/// `GET /associations/{association_id}/alerts`: the surges in the
/// complaints the association handles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurgeAlerts {
    pub association_id: AssociationId,
    /// The current window: complaints filed after `window_start` and at or
    /// before `window_end` (the server's now).
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    /// The length of each window, in days.
    pub window_days: u32,
    /// How many earlier windows make the baseline.
    pub baseline_windows: u32,
    /// Businesses first, then categories, then regions; within each, the
    /// largest current count first.
    pub alerts: Vec<SurgeAlert>,
}

/// A consumer warning as the association's staff see it, withdrawn or not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsumerWarning {
    pub id: i32,
    pub association_id: AssociationId,
    pub title: String,
    /// Plain text; blank lines separate paragraphs.
    pub body: String,
    pub business_id: Option<BusinessId>,
    pub category_code: Option<String>,
    pub region_code: Option<String>,
    pub issued_by: UserId,
    pub issued_at: DateTime<Utc>,
    /// Set once withdrawn; a withdrawn warning is no longer public.
    pub withdrawn_at: Option<DateTime<Utc>>,
}

/// `POST /associations/{association_id}/warnings`: a warning, public at once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewConsumerWarning {
    /// 2 to 100 characters.
    pub title: String,
    /// 20 to 10,000 characters.
    pub body: String,
    /// The business it concerns, if one.
    pub business_id: Option<BusinessId>,
    /// The category it concerns, if one (a code from the taxonomy).
    pub category_code: Option<String>,
    /// The region it concerns, if one (a 6-digit region code).
    pub region_code: Option<String>,
}

/// A consumer warning in force, for anyone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicConsumerWarning {
    pub id: i32,
    pub association_id: AssociationId,
    pub association_name: String,
    pub title: String,
    pub body: String,
    pub business_id: Option<BusinessId>,
    pub business_name: Option<String>,
    pub category_code: Option<String>,
    pub region_code: Option<String>,
    pub issued_at: DateTime<Utc>,
}

/// `GET /public/warnings`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PublicWarningQuery {
    /// Only the warnings about this business.
    pub business_id: Option<BusinessId>,
    /// Opaque cursor from the previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}
