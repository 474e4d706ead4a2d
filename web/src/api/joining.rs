//! Applications to join the platform (入驻) and their review.

use shared::ids::ApplicationId;
use shared::joining::{
    ApplicationQuery, ApplicationSummary, Commitment, DecisionRequest, JoiningApplication,
    JoiningApplicationRequest,
};
use shared::page::Page;

use super::{ApiError, client, path};

/// `GET /joining-commitment`: the commitment an applicant accepts, in its
/// current version.
pub async fn commitment() -> Result<Commitment, ApiError> {
    client().get(&path("/joining-commitment")).await
}

/// `POST /joining-applications`: apply to join with the uploaded licence.
pub async fn apply(request: &JoiningApplicationRequest) -> Result<JoiningApplication, ApiError> {
    client().post(&path("/joining-applications"), request).await
}

/// `GET /joining-applications/mine`: the caller's own applications.
pub async fn mine() -> Result<Vec<JoiningApplication>, ApiError> {
    client().get(&path("/joining-applications/mine")).await
}

/// `GET /joining-applications`: the applications the caller's association reviews.
pub async fn list(query: &ApplicationQuery) -> Result<Page<ApplicationSummary>, ApiError> {
    client()
        .get_query(&path("/joining-applications"), query)
        .await
}

/// `POST /joining-applications/{id}/decision`: approve, reject or ask for more.
pub async fn decide(
    id: ApplicationId,
    decision: &DecisionRequest,
) -> Result<JoiningApplication, ApiError> {
    client()
        .post(
            &path(&format!("/joining-applications/{id}/decision")),
            decision,
        )
        .await
}

/// `POST /joining-applications/{id}/withdraw`: withdraw an open application.
pub async fn withdraw(id: ApplicationId) -> Result<JoiningApplication, ApiError> {
    client()
        .post(
            &path(&format!("/joining-applications/{id}/withdraw")),
            &serde_json::json!({}),
        )
        .await
}
