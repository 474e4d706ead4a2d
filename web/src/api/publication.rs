//! A complaint's publication: its redacted text, staff edits, taking it
//! down, the business's one public reply, the preview before filing and
//! the consumer's consent.

use shared::ComplaintId;
use shared::publication::{
    BusinessComment, BusinessCommentRequest, EditPublicTextRequest, PreviewRequest, Publication,
    PublicationPreview, UnpublishRequest,
};

use super::{ApiError, client, path};

/// `GET /complaints/{id}/publication`: where the case stands with publication.
pub async fn get(id: ComplaintId) -> Result<Publication, ApiError> {
    client()
        .get(&path(&format!("/complaints/{id}/publication")))
        .await
}

/// `PUT /complaints/{id}/public-text`: staff replace the redacted description.
pub async fn edit_text(
    id: ComplaintId,
    edit: &EditPublicTextRequest,
) -> Result<Publication, ApiError> {
    client()
        .put(&path(&format!("/complaints/{id}/public-text")), edit)
        .await
}

/// `POST /complaints/{id}/unpublication`: take the case off the public pages.
pub async fn unpublish(
    id: ComplaintId,
    request: &UnpublishRequest,
) -> Result<Publication, ApiError> {
    client()
        .post(&path(&format!("/complaints/{id}/unpublication")), request)
        .await
}

/// `POST /complaints/{id}/public-comment`: the business's public reply.
pub async fn comment(
    id: ComplaintId,
    request: &BusinessCommentRequest,
) -> Result<BusinessComment, ApiError> {
    client()
        .post(&path(&format!("/complaints/{id}/public-comment")), request)
        .await
}

/// `POST /publication-preview`: the description as it would be published.
pub async fn preview(description: &str) -> Result<PublicationPreview, ApiError> {
    let request = PreviewRequest {
        description: description.to_owned(),
    };
    client().post(&path("/publication-preview"), &request).await
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
