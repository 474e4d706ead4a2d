//! A business's webhooks and their delivery log.

use shared::BusinessId;
use shared::page::Page;
use shared::webhooks::{
    CreateWebhookRequest, CreatedWebhook, DeliveryQuery, Webhook, WebhookDelivery,
};
use uuid::Uuid;

use super::{ApiError, client, path};

/// `GET /businesses/{id}/webhooks`: its webhooks, newest first.
pub async fn list(business: BusinessId) -> Result<Vec<Webhook>, ApiError> {
    client()
        .get(&path(&format!("/businesses/{business}/webhooks")))
        .await
}

/// `POST /businesses/{id}/webhooks`: a new webhook, its secret shown once.
pub async fn create(
    business: BusinessId,
    request: &CreateWebhookRequest,
) -> Result<CreatedWebhook, ApiError> {
    client()
        .post(&path(&format!("/businesses/{business}/webhooks")), request)
        .await
}

/// `GET /businesses/{id}/webhooks/{webhook}/deliveries`: its delivery log.
pub async fn deliveries(
    business: BusinessId,
    webhook: Uuid,
    query: &DeliveryQuery,
) -> Result<Page<WebhookDelivery>, ApiError> {
    let path = path(&format!(
        "/businesses/{business}/webhooks/{webhook}/deliveries"
    ));
    client().get_query(&path, query).await
}

/// `POST …/deliveries/{delivery}/redeliver`: send a delivery's event again.
pub async fn redeliver(
    business: BusinessId,
    webhook: Uuid,
    delivery: i64,
) -> Result<WebhookDelivery, ApiError> {
    let path = path(&format!(
        "/businesses/{business}/webhooks/{webhook}/deliveries/{delivery}/redeliver"
    ));
    client().post(&path, &serde_json::json!({})).await
}
