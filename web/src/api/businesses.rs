//! A business's own records: its reply templates.

use shared::BusinessId;
use shared::reply_templates::{ReplyTemplate, ReplyTemplateRequest};

use super::{ApiError, client, path};

/// `GET /businesses/{id}/reply-templates`: the business's templates by title.
pub async fn reply_templates(business: BusinessId) -> Result<Vec<ReplyTemplate>, ApiError> {
    client()
        .get(&path(&format!("/businesses/{business}/reply-templates")))
        .await
}

/// `POST /businesses/{id}/reply-templates`: keep a new template.
pub async fn create_reply_template(
    business: BusinessId,
    template: &ReplyTemplateRequest,
) -> Result<ReplyTemplate, ApiError> {
    client()
        .post(
            &path(&format!("/businesses/{business}/reply-templates")),
            template,
        )
        .await
}
