//! Case publicity (个案公示): listing a business and lifting a listing.

use shared::BusinessId;
use shared::ids::CasePublicityId;
use shared::page::Page;
use shared::publicity::{
    CasePublicityEntry, CasePublicityQuery, CasePublicityRequest, LiftingRequest,
};

use super::{ApiError, client, path};

/// `GET /public/case-publicity`: listings, newest first.
pub async fn listings(query: &CasePublicityQuery) -> Result<Page<CasePublicityEntry>, ApiError> {
    client()
        .get_query(&path("/public/case-publicity"), query)
        .await
}

/// `POST /businesses/{id}/case-publicity`: list a business for its cases.
pub async fn list_business(
    business: BusinessId,
    request: &CasePublicityRequest,
) -> Result<CasePublicityEntry, ApiError> {
    client()
        .post(
            &path(&format!("/businesses/{business}/case-publicity")),
            request,
        )
        .await
}

/// `POST /case-publicity/{id}/lifting`: lift a listing with a statement.
pub async fn lift(
    listing: CasePublicityId,
    request: &LiftingRequest,
) -> Result<CasePublicityEntry, ApiError> {
    client()
        .post(
            &path(&format!("/case-publicity/{listing}/lifting")),
            request,
        )
        .await
}
