//! `/businesses/{business_id}/outlets`: a member business's outlets (网点).
//! Consumers name one when they file, so that the complaint says which
//! branch it is about; the list is public, like the business record.
//!
//! An outlet does not change where a complaint goes: routing follows the
//! business's own region, so one team handles the complaints of every outlet.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::LikeExpr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use shared::outlets::{CreateOutletRequest, Outlet, OutletQuery, UpdateOutletRequest};
use shared::validation::display_text;
use shared::{BusinessId, ErrorCode, OutletId, Page, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::accounts::store::is_unique_violation;
use crate::auth::Principal;
use crate::businesses::names;
use crate::businesses::registry;
use crate::businesses::registry::check_region;
use crate::entities::{business_outlets as rows, complaints};
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::{Json, Query};
use crate::i18n::Text;
use crate::pagination;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(list_outlets)
        .service(create_outlet)
        .service(update_outlet)
        .service(delete_outlet);
}

/// The business's outlets by name, open ones only unless asked. Public.
#[utoipa::path(
    tag = "businesses",
    params(("business_id" = BusinessId, Path), OutletQuery),
    responses(
        (status = 200, description = "One page of outlets", body = Page<Outlet>),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filter, limit or cursor (the parameter is named)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/businesses/{business_id}/outlets")]
async fn list_outlets(
    state: web::Data<AppState>,
    id: web::Path<BusinessId>,
    query: Query<OutletQuery>,
) -> ApiResult<web::Json<Page<Outlet>>> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_id(query.cursor.as_deref())?;
    registry::find(&state.db, *id).await?;

    let mut select = rows::Entity::find().filter(rows::Column::BusinessId.eq(id.0));
    if query.include_inactive != Some(true) {
        select = select.filter(rows::Column::Active.eq(true));
    }
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", names::like_literal(&name_key(q)));
        let pattern = LikeExpr::new(pattern).escape(names::LIKE_ESCAPE);
        select = select.filter(rows::Column::NameKey.like(pattern));
    }
    if let Some(region) = query
        .region_code
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        select = select.filter(rows::Column::RegionCode.eq(region));
    }
    if let Some(after) = after {
        select = select.filter(rows::Column::Id.gt(after));
    }
    let found = select
        .order_by_asc(rows::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let (found, next_cursor) = pagination::page(found, limit, |o| o.id.to_string());

    Ok(web::Json(Page {
        items: found.into_iter().map(view).collect(),
        next_cursor,
    }))
}

/// Register an outlet (the member business's own signed-in users).
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    request_body(content = CreateOutletRequest, example = json!({"name": "南山科技园店", "region_code": "440305", "address": "深圳市南山区科技园南区 1 号"})),
    responses(
        (status = 201, description = "The new outlet", body = Outlet),
        (status = 403, description = "Not a signed-in user of this business; or `membership_required`: the business is not a member", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The business has an outlet of this name already (open or closed)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or a region that does not exist", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/businesses/{business_id}/outlets")]
async fn create_outlet(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
    body: Json<CreateOutletRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::ManageOwnBusiness(*id))?;
    let body = body.into_inner()?;
    let checked = check(
        &state.db,
        &body.name,
        &body.region_code,
        body.address.as_deref(),
    )
    .await?;
    let business = registry::find(&state.db, *id).await?;
    if !business.member {
        return Err(membership_required());
    }

    let now = state.clock.now();
    let row = new_row(business.id, checked, now);
    let created = rows::Entity::insert(row)
        .exec_with_returning(&state.db)
        .await
        .map_err(name_taken)?;
    tracing::info!(outlet_id = %created.id, business_id = %business.id, by = %principal.user_id, "outlet registered");
    Ok(HttpResponse::Created().json(view(created)))
}

fn membership_required() -> ApiError {
    ApiError::new(
        ErrorCode::MembershipRequired,
        StatusCode::FORBIDDEN,
        Text::new(
            "只有入驻企业才能登记网点；请先向所在地消费者协会申请入驻。",
            "Only member businesses may register outlets; apply to join the platform with the association of your region first.",
        ),
    )
}

/// Change an outlet, or close or reopen it with `active`.
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("outlet_id" = OutletId, Path)),
    request_body(content = UpdateOutletRequest, example = json!({"name": "南山科技园店", "region_code": "440305", "address": "深圳市南山区科技园南区 2 号", "active": true})),
    responses(
        (status = 200, description = "The outlet as it is now", body = Outlet),
        (status = 403, description = "Not a signed-in user of this business", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such outlet of this business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another outlet of the business has this name", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or a region that does not exist", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/businesses/{business_id}/outlets/{outlet_id}")]
async fn update_outlet(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, OutletId)>,
    body: Json<UpdateOutletRequest>,
) -> ApiResult<web::Json<Outlet>> {
    let (business, outlet) = path.into_inner();
    authorize(&principal, Action::ManageOwnBusiness(business))?;
    let body = body.into_inner()?;
    let checked = check(
        &state.db,
        &body.name,
        &body.region_code,
        body.address.as_deref(),
    )
    .await?;
    let found = find_outlet(&state.db, business, outlet).await?;

    let mut active = found.into_active_model();
    active.name_key = Set(name_key(&checked.name));
    active.name = Set(checked.name);
    active.region_code = Set(checked.region_code);
    active.address = Set(checked.address);
    if let Some(open) = body.active {
        active.active = Set(open);
    }
    active.updated_at = Set(state.clock.now());
    let updated = active.update(&state.db).await.map_err(name_taken)?;
    tracing::info!(outlet_id = %updated.id, business_id = %business, active = updated.active, by = %principal.user_id, "outlet changed");
    Ok(web::Json(view(updated)))
}

/// Remove an outlet; one that complaints name is closed instead, and kept.
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("outlet_id" = OutletId, Path)),
    responses(
        (status = 200, description = "Complaints name the outlet: it is closed (`active` false) and kept", body = Outlet),
        (status = 204, description = "Removed"),
        (status = 403, description = "Not a signed-in user of this business", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such outlet of this business", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/businesses/{business_id}/outlets/{outlet_id}")]
async fn delete_outlet(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, OutletId)>,
) -> ApiResult<HttpResponse> {
    let (business, outlet) = path.into_inner();
    authorize(&principal, Action::ManageOwnBusiness(business))?;
    let found = find_outlet(&state.db, business, outlet).await?;

    let named = complaints::Entity::find()
        .filter(complaints::Column::OutletId.eq(found.id))
        .count(&state.db)
        .await?;
    if named == 0 {
        rows::Entity::delete_by_id(found.id).exec(&state.db).await?;
        tracing::info!(outlet_id = %outlet, business_id = %business, by = %principal.user_id, "outlet removed");
        return Ok(HttpResponse::NoContent().finish());
    }
    let mut active = found.into_active_model();
    active.active = Set(false);
    active.updated_at = Set(state.clock.now());
    let closed = active.update(&state.db).await?;
    tracing::info!(outlet_id = %outlet, business_id = %business, complaints = named, by = %principal.user_id, "outlet closed, kept for the complaints that name it");
    Ok(HttpResponse::Ok().json(view(closed)))
}

/// An outlet's fields, checked.
struct Checked {
    name: String,
    region_code: String,
    address: Option<String>,
}

async fn check(
    db: &impl ConnectionTrait,
    name: &str,
    region_code: &str,
    address: Option<&str>,
) -> ApiResult<Checked> {
    let mut fields = Fields::default();
    let hint = || {
        Text::new(
            "不能包含控制字符或不可见字符。",
            "Must not contain control or invisible characters.",
        )
    };
    let name = fields.check("name", display_text(name, 100), hint());
    let address = match address.map(str::trim).filter(|a| !a.is_empty()) {
        Some(address) => fields
            .check("address", display_text(address, 200), hint())
            .map(Some),
        None => Some(None),
    };
    let region_code = check_region(db, &mut fields, "region_code", Some(region_code)).await?;
    fields.finish()?;

    match (name, region_code, address) {
        (Some(name), Some(region_code), Some(address)) => Ok(Checked {
            name,
            region_code,
            address,
        }),
        _ => Err(ApiError::internal(anyhow::anyhow!(
            "checked outlet fields went missing"
        ))),
    }
}

fn new_row(business: Uuid, checked: Checked, now: DateTime<Utc>) -> rows::ActiveModel {
    rows::ActiveModel {
        id: Set(Uuid::now_v7()),
        business_id: Set(business),
        name_key: Set(name_key(&checked.name)),
        name: Set(checked.name),
        region_code: Set(checked.region_code),
        address: Set(checked.address),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// What makes two names the same: surrounding spaces and case do not count.
pub fn name_key(name: &str) -> String {
    names::lower(name.trim())
}

fn name_taken(error: sea_orm::DbErr) -> ApiError {
    if !is_unique_violation(&error) {
        return error.into();
    }
    ApiError::conflict(Text::new(
        "该经营者已有同名网点（不区分大小写）；已关闭的网点可以用 PUT 并设 active 为 true 重新开启。",
        "The business has an outlet of this name already (case does not count); reopen a closed one with PUT and `active` true.",
    ))
}

async fn find_outlet(
    db: &impl ConnectionTrait,
    business: BusinessId,
    outlet: OutletId,
) -> ApiResult<rows::Model> {
    rows::Entity::find_by_id(outlet.0)
        .filter(rows::Column::BusinessId.eq(business.0))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("网点", "outlet"))
}

/// The outlet, when it exists (open or closed).
pub async fn find(db: &impl ConnectionTrait, id: OutletId) -> ApiResult<Option<rows::Model>> {
    Ok(rows::Entity::find_by_id(id.0).one(db).await?)
}

/// The business's first `limit` open outlets by name, and how many it has open.
pub async fn open_outlets(
    db: &impl ConnectionTrait,
    business: BusinessId,
    limit: u64,
) -> ApiResult<(Vec<Outlet>, u64)> {
    let open = || {
        rows::Entity::find()
            .filter(rows::Column::BusinessId.eq(business.0))
            .filter(rows::Column::Active.eq(true))
    };
    let first = open()
        .order_by_asc(rows::Column::NameKey)
        .order_by_asc(rows::Column::Id)
        .limit(limit)
        .all(db)
        .await?;

    Ok((
        first.into_iter().map(view).collect(),
        open().count(db).await?,
    ))
}

/// The names of these outlets, by id.
pub async fn names(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let found = rows::Entity::find()
        .filter(rows::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(found.into_iter().map(|o| (o.id, o.name)).collect())
}

pub fn view(row: rows::Model) -> Outlet {
    Outlet {
        id: OutletId(row.id),
        business_id: BusinessId(row.business_id),
        name: row.name,
        region_code: row.region_code,
        address: row.address,
        active: row.active,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}
