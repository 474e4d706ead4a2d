//! `/businesses/{business_id}/webhooks`: the addresses a member business's
//! systems listen on, and the events each one hears. The signing secret is
//! shown once, at registration. The business's own users manage them, and
//! its API keys with the `manage_webhooks` scope.

use actix_web::{HttpResponse, delete, get, post, put, web};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use shared::validation::display_text;
use shared::webhooks::{
    CreateWebhookRequest, CreatedWebhook, UpdateWebhookRequest, Webhook, WebhookEvent,
};
use shared::{BusinessId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::businesses::registry;
use crate::entities::{webhook_deliveries, webhook_endpoints as rows};
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::policy::{Action, authorize};
use crate::state::AppState;
use crate::webhooks::guard::{Allowed, Refusal};
use crate::webhooks::signing;

/// Most webhooks one business may register.
const MAX_WEBHOOKS: u64 = 10;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(create_webhook)
        .service(list_webhooks)
        .service(get_webhook)
        .service(update_webhook)
        .service(delete_webhook);
}

/// Register a webhook (the business's users, or its keys with `manage_webhooks`).
///
/// Every event the webhook picks is then posted to its URL as a
/// `WebhookPayload`, signed with the secret in the answer; see the
/// `WebhookPayload` schema for the headers and how to check them. The
/// secret is not shown again. Private, loopback, link-local and metadata
/// addresses are refused (`address_not_allowed` on `url`), unless the
/// platform's operator allows them.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    request_body(content = CreateWebhookRequest, example = json!({"url": "https://crm.example.cn/redress/hooks", "events": ["complaint_assigned", "message_received", "offer_answered"], "description": "工单系统"})),
    responses(
        (status = 201, description = "The webhook, with its signing secret shown this once", body = CreatedWebhook),
        (status = 403, description = "Not a user of this business, nor its key with `manage_webhooks`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid or refused URL (`invalid_format`, `unsupported_scheme`, `credentials_in_url`, `address_not_allowed`, `host_not_found`), no event, or too many webhooks", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/businesses/{business_id}/webhooks")]
async fn create_webhook(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
    body: Json<CreateWebhookRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::ManageWebhooks(*id))?;
    let body = body.into_inner()?;
    let checked = check(&state, &body.url, &body.events, body.description.as_deref()).await?;
    registry::find(&state.db, *id).await?;
    check_room(&state, *id).await?;

    let now = state.clock.now();
    let secret = signing::new_secret();
    let row = rows::ActiveModel {
        id: Set(Uuid::now_v7()),
        business_id: Set(id.0),
        url: Set(checked.url),
        description: Set(checked.description),
        events: Set(events_text(&checked.events)),
        secret: Set(secret.clone()),
        active: Set(true),
        created_by: Set(principal.user_id.0),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let row = rows::Entity::insert(row)
        .exec_with_returning(&state.db)
        .await?;
    tracing::info!(webhook_id = %row.id, business_id = %id, by = %principal.user_id, events = %row.events, "webhook registered");

    Ok(HttpResponse::Created().json(CreatedWebhook {
        webhook: view(&row),
        secret,
    }))
}

/// The business's webhooks, newest first, without their secrets.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    responses(
        (status = 200, description = "The webhooks", body = Vec<Webhook>),
        (status = 403, description = "Not a user of this business, nor its key with `manage_webhooks`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/businesses/{business_id}/webhooks")]
async fn list_webhooks(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
) -> ApiResult<web::Json<Vec<Webhook>>> {
    authorize(&principal, Action::ManageWebhooks(*id))?;

    let rows = rows::Entity::find()
        .filter(rows::Column::BusinessId.eq(id.0))
        .order_by_desc(rows::Column::Id)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.iter().map(view).collect()))
}

/// One webhook of the business, without its secret.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("webhook_id" = Uuid, Path)),
    responses(
        (status = 200, description = "The webhook", body = Webhook),
        (status = 403, description = "Not a user of this business, nor its key with `manage_webhooks`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook of this business", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/businesses/{business_id}/webhooks/{webhook_id}")]
async fn get_webhook(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, Uuid)>,
) -> ApiResult<web::Json<Webhook>> {
    let (business, webhook) = path.into_inner();
    authorize(&principal, Action::ManageWebhooks(business))?;

    Ok(web::Json(view(&find(&state, business, webhook).await?)))
}

/// Change a webhook's URL, events, description, or pause it with `active: false`.
///
/// A paused webhook hears of no new events: those that happen while it is
/// paused are not queued for it. Deliveries queued before the pause wait and
/// resume, in order, when it is active again. The secret stays.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("webhook_id" = Uuid, Path)),
    request_body(content = UpdateWebhookRequest, example = json!({"url": "https://crm.example.cn/redress/hooks", "events": ["complaint_assigned", "case_closed"], "description": "工单系统", "active": true})),
    responses(
        (status = 200, description = "The webhook as changed", body = Webhook),
        (status = 403, description = "Not a user of this business, nor its key with `manage_webhooks`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook of this business", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid or refused URL, or no event", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/businesses/{business_id}/webhooks/{webhook_id}")]
async fn update_webhook(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, Uuid)>,
    body: Json<UpdateWebhookRequest>,
) -> ApiResult<web::Json<Webhook>> {
    let (business, webhook) = path.into_inner();
    authorize(&principal, Action::ManageWebhooks(business))?;
    let body = body.into_inner()?;
    let found = find(&state, business, webhook).await?;
    let checked = check(&state, &body.url, &body.events, body.description.as_deref()).await?;

    let mut active = found.into_active_model();
    active.url = Set(checked.url);
    active.events = Set(events_text(&checked.events));
    active.description = Set(checked.description);
    active.active = Set(body.active);
    active.updated_at = Set(state.clock.now());
    let updated = active.update(&state.db).await?;
    tracing::info!(webhook_id = %updated.id, business_id = %business, by = %principal.user_id, active = updated.active, events = %updated.events, "webhook changed");

    Ok(web::Json(view(&updated)))
}

/// Remove a webhook with its delivery log; queued deliveries are dropped.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("webhook_id" = Uuid, Path)),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not a user of this business, nor its key with `manage_webhooks`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook of this business", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/businesses/{business_id}/webhooks/{webhook_id}")]
async fn delete_webhook(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (business, webhook) = path.into_inner();
    authorize(&principal, Action::ManageWebhooks(business))?;
    find(&state, business, webhook).await?;

    let txn = state.writer.begin().await?;
    webhook_deliveries::Entity::delete_many()
        .filter(webhook_deliveries::Column::EndpointId.eq(webhook))
        .exec(&txn)
        .await?;
    rows::Entity::delete_by_id(webhook).exec(&txn).await?;
    txn.commit().await?;
    tracing::info!(webhook_id = %webhook, business_id = %business, by = %principal.user_id, "webhook removed");

    Ok(HttpResponse::NoContent().finish())
}

/// The business's webhook, or 404.
pub async fn find(state: &AppState, business: BusinessId, webhook: Uuid) -> ApiResult<rows::Model> {
    rows::Entity::find_by_id(webhook)
        .filter(rows::Column::BusinessId.eq(business.0))
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("该 Webhook ", "webhook"))
}

/// The fields of a webhook, each checked.
struct Checked {
    url: String,
    events: Vec<WebhookEvent>,
    description: Option<String>,
}

async fn check(
    state: &AppState,
    url: &str,
    events: &[WebhookEvent],
    description: Option<&str>,
) -> ApiResult<Checked> {
    let mut fields = Fields::default();
    let description = match description.map(str::trim).filter(|d| !d.is_empty()) {
        None => Some(None),
        Some(text) => fields
            .check(
                "description",
                display_text(text, 200),
                Text::new(
                    "说明不能包含控制字符。",
                    "The description must not contain control characters.",
                ),
            )
            .map(Some),
    };
    if events.is_empty() {
        fields.push(
            "events",
            "required",
            Text::new("至少选择一个事件。", "Choose at least one event."),
        );
    }
    let url = match check_url(state, url).await {
        Ok(url) => Some(url),
        Err((code, message)) => {
            fields.push("url", code, message);
            None
        }
    };
    fields.finish()?;

    let (Some(url), Some(description)) = (url, description) else {
        return Err(ApiError::internal(anyhow::anyhow!(
            "checked webhook fields went missing"
        )));
    };
    let mut events = events.to_vec();
    events.sort();
    events.dedup();
    Ok(Checked {
        url,
        events,
        description,
    })
}

/// The URL as it will be called, or the field error saying why not.
async fn check_url(state: &AppState, url: &str) -> Result<String, (&'static str, Text)> {
    if url.trim().is_empty() {
        return Err((
            "required",
            Text::new("请填写接收地址。", "Give the address to post to."),
        ));
    }
    if url.len() > 2000 {
        return Err((
            "too_long",
            Text::new(
                "地址不能超过 2000 个字符。",
                "The address must be at most 2000 characters.",
            ),
        ));
    }
    let allowed = Allowed::new(&state.settings.webhook_allowed_networks);
    let timeout = std::time::Duration::from_secs(state.settings.webhook_connect_timeout);
    match allowed.check_url_resolving(url, timeout).await {
        Ok(url) => Ok(url.to_string()),
        Err(refusal) => Err(refusal_message(&refusal)),
    }
}

/// The field error for a refused address, in both languages.
pub fn refusal_message(refusal: &Refusal) -> (&'static str, Text) {
    match refusal {
        Refusal::NotAUrl => (
            "invalid_format",
            Text::new(
                "请填写完整的网址，例如 https://crm.example.cn/hooks。",
                "Give a whole address, for example https://crm.example.cn/hooks.",
            ),
        ),
        Refusal::Scheme => (
            "unsupported_scheme",
            Text::new(
                "只能使用 https:// 或 http:// 地址。",
                "Only https:// and http:// addresses can be used.",
            ),
        ),
        Refusal::Credentials => (
            "credentials_in_url",
            Text::new(
                "地址中不能包含用户名或密码；请用签名校验请求来源。",
                "The address must not carry a user name or password; check the signature instead.",
            ),
        ),
        Refusal::Forbidden { host, why } => (
            "address_not_allowed",
            Text::new(
                format!("{host} 是内部网络地址（{why}），不能接收推送；请使用公网地址。"),
                format!("{host} is {why}, which webhooks may not reach; use a public address."),
            ),
        ),
        Refusal::Unresolvable { host } => (
            "host_not_found",
            Text::new(
                format!("无法解析域名 {host}，请检查拼写和 DNS 记录。"),
                format!("{host} could not be resolved; check its spelling and DNS records."),
            ),
        ),
    }
}

async fn check_room(state: &AppState, id: BusinessId) -> ApiResult<()> {
    let held = rows::Entity::find()
        .filter(rows::Column::BusinessId.eq(id.0))
        .count(&state.db)
        .await?;
    if held < MAX_WEBHOOKS {
        return Ok(());
    }
    Err(ApiError::field(
        "url",
        "too_many_webhooks",
        Text::new(
            format!("每个经营者最多 {MAX_WEBHOOKS} 个 Webhook，请先删除不用的。"),
            format!(
                "A business may hold at most {MAX_WEBHOOKS} webhooks; remove one you no longer use."
            ),
        ),
    ))
}

fn events_text(events: &[WebhookEvent]) -> String {
    let names: Vec<&str> = events.iter().map(|e| e.as_str()).collect();
    names.join(",")
}

fn events_of(row: &rows::Model) -> Vec<WebhookEvent> {
    row.events
        .split(',')
        .filter_map(WebhookEvent::parse)
        .collect()
}

/// True when the webhook hears of this event.
pub fn subscribes(row: &rows::Model, event: WebhookEvent) -> bool {
    events_of(row).contains(&event)
}

fn view(row: &rows::Model) -> Webhook {
    Webhook {
        id: row.id,
        url: row.url.clone(),
        events: events_of(row),
        description: row.description.clone(),
        active: row.active,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}
