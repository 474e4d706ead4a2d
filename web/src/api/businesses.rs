//! The business registry, and a business's own records: reply templates,
//! figures and API keys.

use shared::BusinessId;
use shared::businesses::{
    ApiKey, Business, BusinessFigures, BusinessQuery, CreateApiKeyRequest, CreatedApiKey,
    FiguresQuery,
};
use shared::page::Page;
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

/// `GET /businesses/{id}/figures`: how it handled complaints over a period.
pub async fn figures(
    business: BusinessId,
    query: &FiguresQuery,
) -> Result<BusinessFigures, ApiError> {
    client()
        .get_query(&path(&format!("/businesses/{business}/figures")), query)
        .await
}

/// `GET /businesses/{id}/api-keys`: its keys, newest first, without secrets.
pub async fn api_keys(business: BusinessId) -> Result<Vec<ApiKey>, ApiError> {
    client()
        .get(&path(&format!("/businesses/{business}/api-keys")))
        .await
}

/// `POST /businesses/{id}/api-keys`: a new key, its secret shown this once.
pub async fn create_api_key(
    business: BusinessId,
    request: &CreateApiKeyRequest,
) -> Result<CreatedApiKey, ApiError> {
    client()
        .post(&path(&format!("/businesses/{business}/api-keys")), request)
        .await
}

/// `DELETE /businesses/{id}/api-keys/{key}`: revoke a key.
pub async fn revoke_api_key(business: BusinessId, key: uuid::Uuid) -> Result<(), ApiError> {
    client()
        .delete(&path(&format!("/businesses/{business}/api-keys/{key}")))
        .await
}

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
