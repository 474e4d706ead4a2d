//! Category and nature suggestions from the complaint classifier, and
//! intake's correction of a case's labels.

use shared::ComplaintId;
use shared::cases::Complaint;
use shared::classification::{Classification, ClassificationRequest, LabelCorrection};

use super::{ApiError, client, path};

/// `POST /classifications`: suggestions for what the consumer has written.
pub async fn suggest(text: &str) -> Result<Classification, ApiError> {
    let body = ClassificationRequest {
        text: text.to_owned(),
    };
    client().post(&path("/classifications"), &body).await
}

/// `GET /complaints/{id}/classification`: the suggestion for a case (staff).
pub async fn for_complaint(id: ComplaintId) -> Result<Classification, ApiError> {
    client()
        .get(&path(&format!("/complaints/{id}/classification")))
        .await
}

/// `PUT /complaints/{id}/labels`: intake corrects the category and nature.
pub async fn correct(id: ComplaintId, labels: &LabelCorrection) -> Result<Complaint, ApiError> {
    client()
        .put(&path(&format!("/complaints/{id}/labels")), labels)
        .await
}
