//! `/businesses/{business_id}/reply-templates`: texts the business's team
//! keeps for the answers it gives again and again. Every user of the
//! business and its API keys that read cases may read them; its signed-in
//! users write them.

use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use shared::reply_templates::{MAX_TEMPLATES, ReplyTemplate, ReplyTemplateRequest};
use shared::validation::{display_text, free_text};
use shared::{BusinessId, Problem, ReplyTemplateId, UserId};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::accounts::store::is_unique_violation;
use crate::auth::Principal;
use crate::businesses::names;
use crate::db::for_update;
use crate::entities::{businesses, reply_templates as rows};
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(list_templates)
        .service(create_template)
        .service(update_template)
        .service(delete_template);
}

/// The business's reply templates, by title (its users, and keys that read cases).
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    responses(
        (status = 200, description = "Every template of the business (at most 200)", body = Vec<ReplyTemplate>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a user of this business, or a key that may not read cases", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/businesses/{business_id}/reply-templates")]
async fn list_templates(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
) -> ApiResult<web::Json<Vec<ReplyTemplate>>> {
    authorize(&principal, Action::ReadOwnBusiness(*id))?;

    let found = rows::Entity::find()
        .filter(rows::Column::BusinessId.eq(id.0))
        .order_by_asc(rows::Column::TitleKey)
        .all(&state.db)
        .await?;
    Ok(web::Json(found.into_iter().map(view).collect()))
}

/// Write a new reply template (the business's own signed-in users).
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    request_body(content = ReplyTemplateRequest, example = json!({"title": "已安排上门检修", "body": "您好，我们已安排售后工程师在两个工作日内上门检修，检修后如仍不能正常使用，将为您办理换货。"})),
    responses(
        (status = 201, description = "The new template", body = ReplyTemplate),
        (status = 403, description = "Not a signed-in user of this business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The business has a template with this title", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid title or body, or 200 templates already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/businesses/{business_id}/reply-templates")]
async fn create_template(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
    body: Json<ReplyTemplateRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::ManageOwnBusiness(*id))?;
    let body = body.into_inner()?;
    let (title, text) = check(&body)?;
    let txn = state.writer.begin().await?;
    check_room(&txn, *id).await?;

    let now = state.clock.now();
    let row = new_row(*id, principal.user_id, title, text, now);
    let created = rows::Entity::insert(row)
        .exec_with_returning(&txn)
        .await
        .map_err(title_taken)?;
    txn.commit().await?;
    tracing::info!(template_id = %created.id, business_id = %id, by = %principal.user_id, "reply template written");
    Ok(HttpResponse::Created().json(view(created)))
}

/// Change a reply template's title or body.
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("template_id" = ReplyTemplateId, Path)),
    request_body(content = ReplyTemplateRequest, example = json!({"title": "已安排上门检修", "body": "您好，售后工程师将于明天上门检修。"})),
    responses(
        (status = 200, description = "The template as it is now", body = ReplyTemplate),
        (status = 403, description = "Not a signed-in user of this business", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such template of this business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another template of the business has this title", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid title or body", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/businesses/{business_id}/reply-templates/{template_id}")]
async fn update_template(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, ReplyTemplateId)>,
    body: Json<ReplyTemplateRequest>,
) -> ApiResult<web::Json<ReplyTemplate>> {
    let (business, template) = path.into_inner();
    authorize(&principal, Action::ManageOwnBusiness(business))?;
    let body = body.into_inner()?;
    let (title, text) = check(&body)?;
    let found = find(&state.db, business, template).await?;

    let mut active = found.into_active_model();
    active.title_key = Set(title_key(&title));
    active.title = Set(title);
    active.body = Set(text);
    active.updated_at = Set(state.clock.now());
    let updated = active.update(&state.db).await.map_err(title_taken)?;
    Ok(web::Json(view(updated)))
}

/// Delete a reply template.
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("template_id" = ReplyTemplateId, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a signed-in user of this business", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such template of this business", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/businesses/{business_id}/reply-templates/{template_id}")]
async fn delete_template(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, ReplyTemplateId)>,
) -> ApiResult<HttpResponse> {
    let (business, template) = path.into_inner();
    authorize(&principal, Action::ManageOwnBusiness(business))?;
    let found = find(&state.db, business, template).await?;

    rows::Entity::delete_by_id(found.id).exec(&state.db).await?;
    tracing::info!(template_id = %found.id, business_id = %business, by = %principal.user_id, "reply template deleted");
    Ok(HttpResponse::NoContent().finish())
}

/// The checked title and body.
fn check(body: &ReplyTemplateRequest) -> ApiResult<(String, String)> {
    let mut fields = Fields::default();
    let title = fields.check(
        "title",
        display_text(&body.title, 60),
        Text::new(
            "标题不能包含控制字符或不可见字符。",
            "The title must not contain control or invisible characters.",
        ),
    );
    let text = fields.check(
        "body",
        free_text(&body.body, 1, 2000),
        Text::new(
            "正文不能包含不可见的控制字符。",
            "The body must not contain hidden control characters.",
        ),
    );
    fields.finish()?;

    title
        .zip(text)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("checked template fields went missing")))
}

/// Refuses a template past the limit. The business's row stays locked until
/// the transaction ends, so that templates written at once are counted one
/// after the other.
async fn check_room(db: &impl ConnectionTrait, business: BusinessId) -> ApiResult<()> {
    for_update(businesses::Entity::find_by_id(business.0), db)
        .one(db)
        .await?;
    let kept = rows::Entity::find()
        .filter(rows::Column::BusinessId.eq(business.0))
        .count(db)
        .await?;
    if kept < MAX_TEMPLATES as u64 {
        return Ok(());
    }
    Err(ApiError::field(
        "title",
        "too_many_templates",
        Text::new(
            format!("每个经营者最多保存 {MAX_TEMPLATES} 个回复模板，请先删除不再使用的模板。"),
            format!(
                "A business may keep at most {MAX_TEMPLATES} reply templates; delete one you no longer use."
            ),
        ),
    ))
}

fn new_row(
    business: BusinessId,
    author: UserId,
    title: String,
    body: String,
    now: DateTime<Utc>,
) -> rows::ActiveModel {
    rows::ActiveModel {
        id: Set(Uuid::now_v7()),
        business_id: Set(business.0),
        title_key: Set(title_key(&title)),
        title: Set(title),
        body: Set(body),
        created_by: Set(author.0),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// What makes two titles the same: surrounding spaces and case do not count.
fn title_key(title: &str) -> String {
    names::lower(title.trim())
}

fn title_taken(error: sea_orm::DbErr) -> ApiError {
    if !is_unique_violation(&error) {
        return error.into();
    }
    ApiError::conflict(Text::new(
        "已有同名的回复模板（不区分大小写），请换一个标题或修改原模板。",
        "A reply template with this title exists already (case does not count); choose another title or change that template.",
    ))
}

async fn find(
    db: &impl ConnectionTrait,
    business: BusinessId,
    template: ReplyTemplateId,
) -> ApiResult<rows::Model> {
    rows::Entity::find_by_id(template.0)
        .filter(rows::Column::BusinessId.eq(business.0))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("回复模板", "reply template"))
}

fn view(row: rows::Model) -> ReplyTemplate {
    ReplyTemplate {
        id: ReplyTemplateId(row.id),
        title: row.title,
        body: row.body,
        created_by: UserId(row.created_by),
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}
