//! `/businesses/{business_id}/api-keys`: a member business's keys for its own
//! systems. The secret is shown once, at creation; later only its name,
//! scopes and when it was last used.

use actix_web::{HttpResponse, delete, get, post, web};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::businesses::{ApiKey, CreateApiKeyRequest, CreatedApiKey};
use shared::validation::display_text;
use shared::{BusinessId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::{Principal, api_keys};
use crate::businesses::registry;
use crate::entities::api_keys as rows;
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::policy::{Action, authorize};
use crate::state::AppState;

/// Most live keys one business may hold.
const MAX_KEYS: usize = 20;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(create_key)
        .service(list_keys)
        .service(revoke_key);
}

/// Create an API key (the business's own users, signed in).
///
/// The answer holds the key's secret; it is not stored and cannot be shown
/// again. Systems send it as `Authorization: Bearer <secret>` and reach the
/// same endpoints as the browser, within the key's scopes.
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    request_body(content = CreateApiKeyRequest, example = json!({"name": "客服系统", "scopes": ["read_cases", "act_on_cases"]})),
    responses(
        (status = 201, description = "The key, with its secret shown this once", body = CreatedApiKey),
        (status = 403, description = "Not a signed-in user of this business", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No name, no scope, or too many keys", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/businesses/{business_id}/api-keys")]
async fn create_key(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
    body: Json<CreateApiKeyRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::ManageOwnBusiness(*id))?;
    let body = body.into_inner()?;
    let name = check(&body)?;
    registry::find(&state.db, *id).await?;
    check_room(&state, *id).await?;

    let (key_id, secret_hash, secret) = api_keys::generate();
    let mut scopes = body.scopes.clone();
    scopes.sort();
    scopes.dedup();
    let row = rows::ActiveModel {
        id: Set(key_id),
        business_id: Set(id.0),
        name: Set(name),
        scopes: Set(api_keys::scopes_text(&scopes)),
        secret_hash: Set(secret_hash),
        created_by: Set(principal.user_id.0),
        created_at: Set(state.clock.now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    };
    let row = rows::Entity::insert(row)
        .exec_with_returning(&state.db)
        .await?;
    tracing::info!(key_id = %row.id, business_id = %id, by = %principal.user_id, scopes = %row.scopes, "API key created");

    Ok(HttpResponse::Created().json(CreatedApiKey {
        key: view(&row),
        secret,
    }))
}

fn check(body: &CreateApiKeyRequest) -> ApiResult<String> {
    let mut fields = Fields::default();
    let name = fields.check(
        "name",
        display_text(&body.name, 100),
        Text::new(
            "名称不能包含控制字符。",
            "The name must not contain control characters.",
        ),
    );
    if body.scopes.is_empty() {
        fields.push(
            "scopes",
            "required",
            Text::new("至少选择一项权限。", "Choose at least one scope."),
        );
    }
    fields.finish()?;
    name.ok_or_else(|| ApiError::internal(anyhow::anyhow!("checked key name went missing")))
}

async fn check_room(state: &AppState, id: BusinessId) -> ApiResult<()> {
    let live = rows::Entity::find()
        .filter(rows::Column::BusinessId.eq(id.0))
        .filter(rows::Column::RevokedAt.is_null())
        .all(&state.db)
        .await?
        .len();
    if live < MAX_KEYS {
        return Ok(());
    }
    Err(ApiError::field(
        "name",
        "too_many_keys",
        Text::new(
            format!("每个经营者最多 {MAX_KEYS} 个有效密钥，请先撤销不用的密钥。"),
            format!(
                "A business may hold at most {MAX_KEYS} live keys; revoke one you no longer use."
            ),
        ),
    ))
}

/// The business's keys, newest first, without their secrets.
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    responses(
        (status = 200, description = "The keys", body = Vec<ApiKey>),
        (status = 403, description = "Not a signed-in user of this business", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/businesses/{business_id}/api-keys")]
async fn list_keys(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
) -> ApiResult<web::Json<Vec<ApiKey>>> {
    authorize(&principal, Action::ManageOwnBusiness(*id))?;

    let rows = rows::Entity::find()
        .filter(rows::Column::BusinessId.eq(id.0))
        .order_by_desc(rows::Column::Id)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.iter().map(view).collect()))
}

/// Revoke a key; it stops working on its next request.
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("key_id" = Uuid, Path)),
    responses(
        (status = 204, description = "Revoked (or already revoked)"),
        (status = 403, description = "Not a signed-in user of this business", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such key of this business", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/businesses/{business_id}/api-keys/{key_id}")]
async fn revoke_key(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (business, key) = path.into_inner();
    authorize(&principal, Action::ManageOwnBusiness(business))?;

    let found = rows::Entity::find_by_id(key)
        .filter(rows::Column::BusinessId.eq(business.0))
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("API 密钥", "API key"))?;
    if found.revoked_at.is_none() {
        rows::Entity::update_many()
            .col_expr(rows::Column::RevokedAt, Some(state.clock.now()).into())
            .filter(rows::Column::Id.eq(key))
            .exec(&state.db)
            .await?;
        tracing::info!(key_id = %key, business_id = %business, by = %principal.user_id, "API key revoked");
    }
    Ok(HttpResponse::NoContent().finish())
}

fn view(row: &rows::Model) -> ApiKey {
    ApiKey {
        id: row.id,
        name: row.name.clone(),
        scopes: api_keys::scopes_of(row),
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    }
}
