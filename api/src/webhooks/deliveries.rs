//! `/businesses/{business_id}/webhooks/{webhook_id}/deliveries`: what was
//! sent to a webhook, how each attempt went, and sending an event again.

use actix_web::{HttpResponse, get, post, web};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::webhooks::{DeliveryQuery, DeliveryStatus, WebhookDelivery, WebhookEvent};
use shared::{BusinessId, ComplaintId, Page, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::entities::webhook_deliveries::{self as rows, Column};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::pagination;
use crate::policy::{Action, authorize};
use crate::state::AppState;
use crate::webhooks::{endpoints, outbox};

pub fn configure(config: &mut ServiceConfig) {
    config.service(list_deliveries).service(redeliver);
}

/// The webhook's delivery log, newest first: each event sent, its status,
/// attempts, the receiver's last answer or the error, and the body.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("webhook_id" = Uuid, Path), DeliveryQuery),
    responses(
        (status = 200, description = "One page of deliveries", body = Page<WebhookDelivery>),
        (status = 403, description = "Not a user of this business, nor its key with `manage_webhooks`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook of this business", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit, cursor or status", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/businesses/{business_id}/webhooks/{webhook_id}/deliveries")]
async fn list_deliveries(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, Uuid)>,
    query: crate::http::Query<DeliveryQuery>,
) -> ApiResult<web::Json<Page<WebhookDelivery>>> {
    let (business, webhook) = path.into_inner();
    authorize(&principal, Action::ManageWebhooks(business))?;
    let limit = pagination::limit(query.limit)?;
    let before = pagination::decode_number(query.cursor.as_deref())?;
    endpoints::find(&state, business, webhook).await?;

    let mut select = rows::Entity::find().filter(Column::EndpointId.eq(webhook));
    if let Some(status) = query.status {
        select = select.filter(Column::Status.eq(status.as_str()));
    }
    if let Some(before) = before {
        select = select.filter(Column::Id.lt(before));
    }
    let rows = select
        .order_by_desc(Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let (rows, next_cursor) = pagination::page(rows, limit, |row| row.id.to_string());

    Ok(web::Json(Page {
        items: rows.iter().map(view).collect::<ApiResult<_>>()?,
        next_cursor,
    }))
}

/// Send a delivery's event again, now.
///
/// A delivery still pending is tried at once. A delivered or failed one is
/// queued again as a new delivery of the same event (same event id and
/// body), after the events of its case already queued for this webhook,
/// and retried for 24 hours like any other.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("webhook_id" = Uuid, Path), ("delivery_id" = i64, Path)),
    responses(
        (status = 202, description = "The delivery that will be attempted", body = WebhookDelivery),
        (status = 403, description = "Not a user of this business, nor its key with `manage_webhooks`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such delivery of this webhook", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The webhook is paused; activate it first", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/businesses/{business_id}/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver")]
async fn redeliver(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, Uuid, i64)>,
) -> ApiResult<HttpResponse> {
    let (business, webhook, delivery) = path.into_inner();
    authorize(&principal, Action::ManageWebhooks(business))?;
    let endpoint = endpoints::find(&state, business, webhook).await?;
    if !endpoint.active {
        return Err(ApiError::conflict(Text::new(
            "该 Webhook 已暂停，请先启用再重新推送。",
            "This webhook is paused; activate it before sending again.",
        )));
    }

    let txn = state.writer.begin().await?;
    let original = rows::Entity::find_by_id(delivery)
        .filter(Column::EndpointId.eq(webhook))
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("投递记录", "delivery"))?;
    let queued = outbox::redeliver(&txn, &original, state.clock.now()).await?;
    txn.commit().await?;
    tracing::info!(delivery_id = original.id, queued = queued.id, webhook_id = %webhook, by = %principal.user_id, "webhook delivery queued again");

    Ok(HttpResponse::Accepted().json(view(&queued)?))
}

fn view(row: &rows::Model) -> ApiResult<WebhookDelivery> {
    let unreadable = |what: &str| {
        ApiError::internal(anyhow::anyhow!(
            "webhook delivery {} has an unreadable {what}",
            row.id
        ))
    };
    let status = DeliveryStatus::parse(&row.status).ok_or_else(|| unreadable("status"))?;
    Ok(WebhookDelivery {
        id: row.id,
        webhook_id: row.endpoint_id,
        event_id: row.event_id,
        event: WebhookEvent::parse(&row.event_type).ok_or_else(|| unreadable("event"))?,
        complaint_id: ComplaintId(row.complaint_id),
        status,
        attempts: u32::try_from(row.attempts).unwrap_or(0),
        created_at: row.created_at,
        last_attempt_at: row.last_attempt_at,
        next_attempt_at: (status == DeliveryStatus::Pending).then_some(row.next_attempt_at),
        last_status_code: row.last_status_code.and_then(|c| u16::try_from(c).ok()),
        last_error: row.last_error.clone(),
        delivered_at: row.delivered_at,
        redelivery_of: row.redelivery_of,
        payload: serde_json::from_str(&row.body).map_err(|_| unreadable("body"))?,
    })
}
