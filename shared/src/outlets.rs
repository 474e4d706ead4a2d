//! A member business's outlets (网点): its branches, shops and service
//! points. A complaint may name the outlet it is about, while one team of
//! the business handles the complaints of every outlet.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{BusinessId, OutletId};

/// An outlet as anyone may see it on the business's public record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outlet {
    pub id: OutletId,
    pub business_id: BusinessId,
    /// Unique within the business, ignoring case, for example `南山科技园店`.
    pub name: String,
    /// Where it is (GB/T 2260 code).
    pub region_code: String,
    pub address: Option<String>,
    /// False once the business closed it; complaints that name it keep it.
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /businesses/{id}/outlets`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateOutletRequest {
    /// 1 to 100 characters.
    pub name: String,
    /// A region code from `/regions`.
    pub region_code: String,
    /// Up to 200 characters.
    pub address: Option<String>,
}

/// `PUT /businesses/{id}/outlets/{outlet_id}`: the outlet as it should be.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateOutletRequest {
    pub name: String,
    pub region_code: String,
    pub address: Option<String>,
    /// False closes the outlet, true opens it again; absent keeps it as it is.
    pub active: Option<bool>,
}

/// `GET /businesses/{id}/outlets`: the open outlets, by name or region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct OutletQuery {
    /// Part of the name.
    pub q: Option<String>,
    /// Only outlets in this region (exact GB/T 2260 code).
    pub region_code: Option<String>,
    /// Also list closed outlets.
    pub include_inactive: Option<bool>,
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}
