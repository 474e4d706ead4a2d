//! `/associations`: the tree of consumer associations.

use actix_web::{HttpResponse, get, post, put, web};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use shared::organisations::{
    Association, AssociationQuery, AssociationSummary, CreateAssociationRequest, RegionLevel,
    UpdateAssociationRequest,
};
use shared::validation::display_text;
use shared::{AssociationId, Page, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::accounts::store::is_unique_violation;
use crate::auth::Principal;
use crate::deadlines::DeadlinePolicy;
use crate::entities::associations;
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::organisations::regions;
use crate::pagination;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(list_associations)
        .service(get_association)
        .service(create_association)
        .service(update_association);
}

/// List associations by region code, optionally only the children of one. Public.
#[utoipa::path(
    tag = "organisations",
    params(AssociationQuery),
    responses(
        (status = 200, description = "One page of associations", body = Page<Association>),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/associations")]
async fn list_associations(
    state: web::Data<AppState>,
    query: crate::http::Query<AssociationQuery>,
) -> ApiResult<web::Json<Page<Association>>> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;

    let mut select = associations::Entity::find();
    if let Some(parent) = query.parent_id {
        select = select.filter(associations::Column::ParentId.eq(parent.0));
    }
    if let Some(after) = after {
        select = select.filter(associations::Column::RegionCode.gt(after));
    }
    let rows = select
        .order_by_asc(associations::Column::RegionCode)
        .limit(limit + 1)
        .all(&state.db)
        .await?;

    let (rows, next_cursor) = pagination::page(rows, limit, |a| a.region_code.clone());
    Ok(web::Json(Page {
        items: rows.into_iter().map(view).collect(),
        next_cursor,
    }))
}

/// One association. Public.
#[utoipa::path(
    tag = "organisations",
    params(("id" = AssociationId, Path)),
    responses(
        (status = 200, description = "The association", body = Association),
        (status = 404, description = "No such association", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/associations/{id}")]
async fn get_association(
    state: web::Data<AppState>,
    id: web::Path<AssociationId>,
) -> ApiResult<web::Json<Association>> {
    let association = find(&state, *id).await?;

    Ok(web::Json(view(association)))
}

/// Create a city or county association (platform admin).
///
/// Its parent is the association of the nearest region above it.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    request_body = CreateAssociationRequest,
    responses(
        (status = 201, description = "The new association", body = Association),
        (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The region has an association already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/associations")]
async fn create_association(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateAssociationRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::ManageAssociations)?;
    let body = body.into_inner()?;
    let (region, name) = check_new_association(&state, &body).await?;
    let parent = nearest_association_above(&state, region.parent_code.clone()).await?;

    let now = state.clock.now();
    let policy = DeadlinePolicy::default();
    let model = associations::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name),
        region_code: Set(region.code.clone()),
        level: Set(region.level.clone()),
        parent_id: Set(Some(parent.id)),
        acceptance_days: Set(policy.acceptance as i32),
        information_days: Set(policy.information as i32),
        reconciliation_days: Set(policy.reconciliation as i32),
        mediation_days: Set(policy.mediation as i32),
        publish_non_members_on_acceptance: Set(true),
        publish_missed_deadlines: Set(true),
        publish_closed_with_consent: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let txn = state.writer.begin().await?;
    let created = associations::Entity::insert(model)
        .exec_with_returning(&txn)
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                region_taken()
            } else {
                error.into()
            }
        })?;

    txn.commit().await?;

    tracing::info!(association_id = %created.id, region = %created.region_code, "association created");
    Ok(HttpResponse::Created().json(view(created)))
}

async fn check_new_association(
    state: &AppState,
    body: &CreateAssociationRequest,
) -> ApiResult<(crate::entities::regions::Model, String)> {
    let mut fields = Fields::default();
    let name = fields.check(
        "name",
        display_text(&body.name, 100),
        Text::new(
            "名称不能包含控制字符。",
            "The name must not contain control characters.",
        ),
    );
    let region = regions::find(state, body.region_code.trim()).await?;
    let level = region.as_ref().and_then(|r| RegionLevel::parse(&r.level));
    let region = match level {
        Some(RegionLevel::City | RegionLevel::County) => region,
        Some(_) => {
            fields.push(
                "region_code",
                "not_city_or_county",
                Text::new(
                    "只能新建市级或县级协会。",
                    "Only city and county associations can be created.",
                ),
            );
            None
        }
        None => {
            fields.push(
                "region_code",
                "unknown_region",
                Text::new(
                    "没有这个行政区划代码。",
                    "There is no region with this code.",
                ),
            );
            None
        }
    };
    fields.finish()?;
    let (Some(region), Some(name)) = (region, name) else {
        return Err(ApiError::internal(anyhow::anyhow!(
            "checked association fields went missing"
        )));
    };

    let taken = associations::Entity::find()
        .filter(associations::Column::RegionCode.eq(region.code.clone()))
        .one(&state.db)
        .await?
        .is_some();
    if taken {
        return Err(region_taken());
    }
    Ok((region, name))
}

/// Walks up the region tree to the first region that has an association.
async fn nearest_association_above(
    state: &AppState,
    mut code: Option<String>,
) -> ApiResult<associations::Model> {
    while let Some(current) = code {
        let found = associations::Entity::find()
            .filter(associations::Column::RegionCode.eq(current.clone()))
            .one(&state.db)
            .await?;
        if let Some(association) = found {
            return Ok(association);
        }
        code = regions::find(state, &current)
            .await?
            .and_then(|r| r.parent_code);
    }

    // A region of another country's tree (the US states) has the national
    // association above it, as its cases do.
    crate::organisations::routing::national(&state.db).await
}

/// Rename an association (platform admin).
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = AssociationId, Path)),
    request_body = UpdateAssociationRequest,
    responses(
        (status = 200, description = "The renamed association", body = Association),
        (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/associations/{id}")]
async fn update_association(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AssociationId>,
    body: Json<UpdateAssociationRequest>,
) -> ApiResult<web::Json<Association>> {
    authorize(&principal, Action::ManageAssociations)?;
    let body = body.into_inner()?;
    let mut fields = Fields::default();
    let name = fields.check(
        "name",
        display_text(&body.name, 100),
        Text::new(
            "名称不能包含控制字符。",
            "The name must not contain control characters.",
        ),
    );
    fields.finish()?;
    let association = find(&state, *id).await?;

    let mut active = association.into_active_model();
    active.name = Set(name.unwrap_or_default());
    active.updated_at = Set(state.clock.now());
    let updated = active.update(&state.db).await?;

    Ok(web::Json(view(updated)))
}

pub async fn find(state: &AppState, id: AssociationId) -> ApiResult<associations::Model> {
    associations::Entity::find_by_id(id.0)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("协会", "association"))
}

fn region_taken() -> ApiError {
    ApiError::conflict(Text::new(
        "该地区已有消费者协会。",
        "This region already has an association.",
    ))
}

pub fn view(association: associations::Model) -> Association {
    Association {
        id: AssociationId(association.id),
        name: association.name,
        region_code: association.region_code,
        level: RegionLevel::parse(&association.level).unwrap_or(RegionLevel::County),
        parent_id: association.parent_id.map(AssociationId),
        created_at: association.created_at,
    }
}

pub fn summary(association: &associations::Model) -> AssociationSummary {
    AssociationSummary {
        id: AssociationId(association.id),
        name: association.name.clone(),
        region_code: association.region_code.clone(),
    }
}
