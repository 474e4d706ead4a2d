//! `/associations/{association_id}/warnings`: the association's staff issue
//! consumer warnings (消费警示), list them and withdraw them.

use actix_web::{HttpResponse, get, post, web};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use shared::validation::{display_text, free_text};
use shared::warnings::{ConsumerWarning, NewConsumerWarning};
use shared::{AssociationId, BusinessId, Page, PageQuery, Problem, UserId};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::entities::{businesses, categories, consumer_warnings as warnings, regions};
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::{Json, Query};
use crate::i18n::Text;
use crate::organisations::associations::find;
use crate::pagination;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(issue).service(list).service(withdraw);
}

/// Issue a consumer warning for the association (its staff, and platform
/// admins). It is public at once, under `/public/warnings`, until withdrawn.
/// Name the business, category or region it concerns, if any.
#[utoipa::path(
    tag = "warnings",
    security(("bearer" = [])),
    params(("association_id" = AssociationId, Path)),
    request_body(content = NewConsumerWarning, example = json!({"title": "某某健身预付卡投诉激增，请谨慎充值", "body": "近一周本会收到多起该健身房会员卡无法使用、门店停业的投诉。请消费者暂停充值，保留好合同和付款凭证，及时投诉。", "business_id": "01934b6e-8c1f-7a3e-9f5a-2c4d6e8f0a1b"})),
    responses(
        (status = 201, description = "The warning, now public", body = ConsumerWarning),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A title or body of the wrong length, or an unknown business, category or region; each field is named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/associations/{association_id}/warnings")]
async fn issue(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AssociationId>,
    body: Json<NewConsumerWarning>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::IssueWarnings(*id))?;
    let association = find(&state, *id).await?;
    let body = body.into_inner()?;
    let checked = check(&state.db, &body).await?;

    let row = warnings::ActiveModel {
        id: NotSet,
        association_id: Set(association.id),
        title: Set(checked.title),
        body: Set(checked.body),
        business_id: Set(body.business_id.map(|b| b.0)),
        category_code: Set(body.category_code),
        region_code: Set(body.region_code),
        issued_by: Set(principal.user_id.0),
        issued_at: Set(state.clock.now()),
        withdrawn_at: Set(None),
    };
    let warning = warnings::Entity::insert(row)
        .exec_with_returning(&state.db)
        .await?;

    tracing::info!(warning = warning.id, by = %principal.user_id, "consumer warning issued");
    Ok(HttpResponse::Created().json(view(warning)))
}

/// The association's consumer warnings, withdrawn ones too, newest first
/// (its staff, and platform admins).
#[utoipa::path(
    tag = "warnings",
    security(("bearer" = [])),
    params(("association_id" = AssociationId, Path), PageQuery),
    responses(
        (status = 200, description = "One page of warnings", body = Page<ConsumerWarning>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this association", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad cursor or limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/associations/{association_id}/warnings")]
async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AssociationId>,
    query: Query<PageQuery>,
) -> ApiResult<web::Json<Page<ConsumerWarning>>> {
    authorize(&principal, Action::IssueWarnings(*id))?;
    let limit = pagination::limit(query.limit)?;
    let before = pagination::decode_number(query.cursor.as_deref())?;

    let mut select = warnings::Entity::find().filter(warnings::Column::AssociationId.eq(id.0));
    if let Some(before) = before {
        select = select.filter(warnings::Column::Id.lt(before));
    }
    let rows = select
        .order_by_desc(warnings::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;

    let (rows, next_cursor) = pagination::page(rows, limit, |last| last.id.to_string());
    Ok(web::Json(Page {
        items: rows.into_iter().map(view).collect(),
        next_cursor,
    }))
}

/// Withdraw a consumer warning of the association (its staff, and platform
/// admins): it leaves the public pages and stays in the association's list.
/// Withdrawing a withdrawn warning changes nothing.
#[utoipa::path(
    tag = "warnings",
    security(("bearer" = [])),
    params(("association_id" = AssociationId, Path), ("warning_id" = i32, Path)),
    responses(
        (status = 200, description = "The warning, withdrawn", body = ConsumerWarning),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The association issued no warning with this id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/associations/{association_id}/warnings/{warning_id}/withdrawal")]
async fn withdraw(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(AssociationId, i32)>,
) -> ApiResult<web::Json<ConsumerWarning>> {
    let (association, warning_id) = path.into_inner();
    authorize(&principal, Action::IssueWarnings(association))?;
    let warning = warnings::Entity::find_by_id(warning_id)
        .filter(warnings::Column::AssociationId.eq(association.0))
        .one(&state.db)
        .await?
        .ok_or_else(not_found)?;
    if warning.withdrawn_at.is_some() {
        return Ok(web::Json(view(warning)));
    }

    let mut active = warning.into_active_model();
    active.withdrawn_at = Set(Some(state.clock.now()));
    let warning = active.update(&state.db).await?;

    tracing::info!(warning = warning.id, by = %principal.user_id, "consumer warning withdrawn");
    Ok(web::Json(view(warning)))
}

pub fn not_found() -> ApiError {
    ApiError::not_found("消费警示", "consumer warning")
}

/// The title and body, trimmed.
struct Checked {
    title: String,
    body: String,
}

/// Checks every field, reporting all that are wrong at once.
async fn check(db: &impl ConnectionTrait, warning: &NewConsumerWarning) -> ApiResult<Checked> {
    let mut fields = Fields::default();
    let title = display_text(&warning.title, 100)
        .ok()
        .filter(|t| t.chars().count() >= 2);
    if title.is_none() {
        fields.push(
            "title",
            "invalid_length",
            Text::new(
                "标题为 2 到 100 个字，不能包含控制字符。",
                "The title is 2 to 100 characters, without control characters.",
            ),
        );
    }
    let body = fields.check(
        "body",
        free_text(&warning.body, 20, 10_000),
        Text::new(
            "正文为 20 到 10000 个字，不能包含控制字符。",
            "The body is 20 to 10,000 characters, without control characters.",
        ),
    );
    check_concerns(db, warning, &mut fields).await?;
    fields.finish()?;

    match (title, body) {
        (Some(title), Some(body)) => Ok(Checked { title, body }),
        _ => Err(ApiError::internal(anyhow::anyhow!(
            "checked warning fields went missing"
        ))),
    }
}

/// The business, category and region named must exist.
async fn check_concerns(
    db: &impl ConnectionTrait,
    warning: &NewConsumerWarning,
    fields: &mut Fields,
) -> ApiResult<()> {
    if let Some(BusinessId(business)) = warning.business_id
        && businesses::Entity::find_by_id(business).count(db).await? == 0
    {
        fields.push(
            "business_id",
            "unknown_business",
            Text::new(
                "没有这个经营者，请从经营者查询中选择。",
                "No such business; pick one from the business search.",
            ),
        );
    }
    if let Some(code) = &warning.category_code
        && categories::Entity::find_by_id(code.clone())
            .count(db)
            .await?
            == 0
    {
        fields.push(
            "category_code",
            "unknown_category",
            Text::new(
                "没有这个投诉类别，请使用投诉类别表中的代码。",
                "No such category; use a code from the taxonomy.",
            ),
        );
    }
    if let Some(code) = &warning.region_code
        && regions::Entity::find_by_id(code.clone()).count(db).await? == 0
    {
        fields.push(
            "region_code",
            "unknown_region",
            Text::new(
                "没有这个行政区划代码，请填写 6 位代码，如 440305。",
                "No such region code; give a 6-digit code such as 440305.",
            ),
        );
    }
    Ok(())
}

/// The warning as its association's staff see it.
pub fn view(row: warnings::Model) -> ConsumerWarning {
    ConsumerWarning {
        id: row.id,
        association_id: AssociationId(row.association_id),
        title: row.title,
        body: row.body,
        business_id: row.business_id.map(BusinessId),
        category_code: row.category_code,
        region_code: row.region_code,
        issued_by: UserId(row.issued_by),
        issued_at: row.issued_at,
        withdrawn_at: row.withdrawn_at,
    }
}
