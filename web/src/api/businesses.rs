//! The business registry.

use shared::businesses::{Business, BusinessQuery};
use shared::page::Page;

use super::{ApiError, client, path};

/// `GET /businesses?q=`: businesses by part of a name, brand or former name,
/// or by a full credit code.
pub async fn search(text: &str, limit: u32) -> Result<Page<Business>, ApiError> {
    let query = BusinessQuery {
        q: Some(text.to_owned()),
        cursor: None,
        limit: Some(limit),
    };
    client().get_query(&path("/businesses"), &query).await
}
