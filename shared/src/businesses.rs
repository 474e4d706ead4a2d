//! Businesses as complaints name them. Joining, workspaces and keys come with
//! the business issue; here is what filing and handling a complaint need.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::BusinessId;

/// A business as the parties of a complaint see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Business {
    pub id: BusinessId,
    pub name: String,
    /// Unified social credit code, when known.
    pub credit_code: Option<String>,
    pub region_code: String,
    /// Joined the platform (入驻): its complaints go to reconciliation first.
    pub member: bool,
    pub member_since: Option<DateTime<Utc>>,
}

/// Register a business record (association staff).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateBusinessRequest {
    pub name: String,
    pub credit_code: Option<String>,
    pub region_code: String,
}

/// Make a business a member of the platform from now, or end its membership.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MembershipRequest {
    pub member: bool,
}

/// An account for a member business's complaint handler.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateBusinessUserRequest {
    pub login_name: String,
    pub display_name: String,
    pub password: String,
}

/// Search businesses by name (`q`) or exact credit code.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct BusinessQuery {
    /// Part of the name, or a full credit code.
    pub q: Option<String>,
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}
