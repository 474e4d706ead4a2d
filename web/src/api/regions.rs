//! Administrative regions (GB/T 2260).

use shared::organisations::{Region, RegionQuery};
use shared::page::Page;

use super::{ApiError, client, path};

/// `GET /regions`: the direct children of `parent` (the provinces without one).
pub async fn children(parent: Option<&str>) -> Result<Vec<Region>, ApiError> {
    let query = RegionQuery {
        parent_code: parent.map(str::to_owned),
        cursor: None,
        limit: Some(shared::page::MAX_PAGE_SIZE),
    };
    let page: Page<Region> = client().get_query(&path("/regions"), &query).await?;
    Ok(page.items)
}
