//! Publication of complaints: the preview before filing and consent.

use shared::ComplaintId;
use shared::publication::{PreviewRequest, Publication, PublicationPreview};

use super::{ApiError, client, path};

/// `POST /publication-preview`: the description as it would be published.
pub async fn preview(description: &str) -> Result<PublicationPreview, ApiError> {
    let request = PreviewRequest {
        description: description.to_owned(),
    };
    client().post(&path("/publication-preview"), &request).await
}

/// `GET /complaints/{id}/publication`: where the case stands with publication.
pub async fn publication(id: ComplaintId) -> Result<Publication, ApiError> {
    client()
        .get(&path(&format!("/complaints/{id}/publication")))
        .await
}

/// `DELETE /complaints/{id}/consent`: withdraws consent before publication.
pub async fn withdraw_consent(id: ComplaintId) -> Result<(), ApiError> {
    client()
        .delete(&path(&format!("/complaints/{id}/consent")))
        .await
}

/// `PUT /complaints/{id}/consent`: consents to publication when the case closes.
pub async fn give_consent(id: ComplaintId) -> Result<Publication, ApiError> {
    client()
        .put(&path(&format!("/complaints/{id}/consent")), &())
        .await
}
