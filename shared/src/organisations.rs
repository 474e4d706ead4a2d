//! Associations and the regions they serve.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::AssociationId;

/// Where an association or region stands in the administrative tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    National,
    Province,
    City,
    County,
}

impl RegionLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::National => "national",
            Self::Province => "province",
            Self::City => "city",
            Self::County => "county",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::National, Self::Province, Self::City, Self::County]
            .into_iter()
            .find(|level| level.as_str() == value)
    }
}

/// An administrative division (GB/T 2260).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Region {
    /// Six digits, for example `440300`.
    #[cfg_attr(feature = "openapi", schema(example = "440300"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(example = "深圳市"))]
    pub name: String,
    pub level: RegionLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_code: Option<String>,
}

/// Just enough of an association to name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssociationSummary {
    pub id: AssociationId,
    pub name: String,
    pub region_code: String,
}

/// A consumer association.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Association {
    pub id: AssociationId,
    #[cfg_attr(feature = "openapi", schema(example = "广东省消费者委员会"))]
    pub name: String,
    /// The region it serves; `000000` for the national association.
    pub region_code: String,
    pub level: RegionLevel,
    /// The association one level up; absent for the national association.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<AssociationId>,
    pub created_at: DateTime<Utc>,
}

/// Create a city or county association. Its parent is the association of the
/// nearest region above it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateAssociationRequest {
    /// A city or county region code that has no association yet.
    #[cfg_attr(feature = "openapi", schema(example = "440300"))]
    pub region_code: String,
    /// 2 to 100 characters.
    #[cfg_attr(feature = "openapi", schema(example = "深圳市消费者委员会"))]
    pub name: String,
}

/// Rename an association.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateAssociationRequest {
    pub name: String,
}

/// Filters of `GET /api/v1/associations`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct AssociationQuery {
    /// Only the direct children of this association.
    pub parent_id: Option<AssociationId>,
    pub cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

/// Filters of `GET /api/v1/regions`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct RegionQuery {
    /// Only the direct children of this region; without it, the provinces.
    pub parent_code: Option<String>,
    pub cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

/// The working days an association gives each deadline. Defaults follow the
/// national rules: acceptance 7, information 15, reconciliation 10, mediation 45.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeadlinePolicy {
    /// Working days to decide on acceptance (受理).
    pub acceptance_days: u32,
    /// Working days for the consumer to answer a request for information.
    pub information_days: u32,
    /// Working days for a member business to reconcile (和解).
    pub reconciliation_days: u32,
    /// Working days for mediation (调解) to end.
    pub mediation_days: u32,
}
