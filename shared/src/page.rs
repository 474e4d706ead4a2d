//! Cursor pagination, used by every list endpoint.

use serde::{Deserialize, Serialize};

/// The largest page any list endpoint returns.
pub const MAX_PAGE_SIZE: u32 = 200;

/// The page size when a request names none.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// One page of a list. Pass `next_cursor` back as `cursor` to read the next page;
/// it is absent on the last page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Query parameters of every list endpoint.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PageQuery {
    /// Opaque cursor from the previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}
