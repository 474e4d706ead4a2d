//! Associations, for choosing where to transfer a case.

use shared::organisations::{Association, AssociationQuery};
use shared::page::Page;

use super::{ApiError, client, path};

/// `GET /associations`: one page of associations.
pub async fn associations(query: &AssociationQuery) -> Result<Page<Association>, ApiError> {
    client().get_query(&path("/associations"), query).await
}
