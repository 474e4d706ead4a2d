//! A complaint's publication: its redacted text, staff edits, taking it
//! down, and the business's one public reply.

use shared::ComplaintId;
use shared::publication::{
    BusinessComment, BusinessCommentRequest, EditPublicTextRequest, Publication, UnpublishRequest,
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
