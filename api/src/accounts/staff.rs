//! `/associations/{id}/staff`: an association's staff, managed by its admin
//! or by a platform admin.

use actix_web::{HttpResponse, delete, get, post, put, web};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use shared::accounts::{CreateStaffRequest, StaffMember, StaffRole, UpdateStaffRequest, UserKind};
use shared::validation::display_text;
use shared::{AssociationId, Page, PageQuery, Problem, UserId};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::accounts::store;
use crate::auth::{Principal, password, sessions};
use crate::entities::{staff_roles, users};
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::organisations::associations;
use crate::pagination;
use crate::policy::{Action, authorize, may_grant};
use crate::secrets::Secret;
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(list_staff)
        .service(create_staff)
        .service(update_staff)
        .service(remove_staff);
}

/// List an association's staff by login name.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = AssociationId, Path), PageQuery),
    responses(
        (status = 200, description = "One page of staff", body = Page<StaffMember>),
        (status = 403, description = "Not this association's admin nor a platform admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/associations/{id}/staff")]
async fn list_staff(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AssociationId>,
    query: crate::http::Query<PageQuery>,
) -> ApiResult<web::Json<Page<StaffMember>>> {
    authorize(&principal, Action::ManageStaff(*id))?;
    associations::find(&state, *id).await?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;

    let mut select = users::Entity::find()
        .filter(users::Column::AssociationId.eq(id.0))
        .filter(users::Column::Kind.eq(UserKind::Staff.as_str()));
    if let Some(after) = after {
        select = select.filter(users::Column::LoginName.gt(after));
    }
    let rows = select
        .order_by_asc(users::Column::LoginName)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let (rows, next_cursor) =
        pagination::page(rows, limit, |u| u.login_name.clone().unwrap_or_default());

    let mut items = Vec::with_capacity(rows.len());
    for user in rows {
        let roles = store::roles_of(&state.db, user.id).await?;
        items.push(view(user, *id, roles));
    }
    Ok(web::Json(Page { items, next_cursor }))
}

/// Add a staff member.
///
/// Association admins may grant intake officer and mediator; only a platform
/// admin grants association admin.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = AssociationId, Path)),
    request_body = CreateStaffRequest,
    responses(
        (status = 201, description = "The new staff member", body = StaffMember),
        (status = 403, description = "Not allowed to manage this association's staff or grant a role", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Login name taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/associations/{id}/staff")]
async fn create_staff(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AssociationId>,
    body: Json<CreateStaffRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::ManageStaff(*id))?;
    let body = body.into_inner()?;
    associations::find(&state, *id).await?;
    let (login_name, display_name) = check_new_staff(&body)?;
    check_grants(&principal, &body.roles)?;

    let hash = password::hash(Secret::new(body.password.clone())).await?;
    let user = insert_staff(&state, *id, login_name, display_name, hash, &body.roles).await?;
    tracing::info!(user_id = %user.id, association_id = %id, by = %principal.user_id, "staff member added");

    let roles = store::roles_of(&state.db, user.id).await?;
    Ok(HttpResponse::Created().json(view(user, *id, roles)))
}

fn check_new_staff(body: &CreateStaffRequest) -> ApiResult<(String, String)> {
    let mut fields = Fields::default();
    let checked = store::check_named_login(
        &mut fields,
        &body.login_name,
        &body.display_name,
        &body.password,
    );
    check_roles(&mut fields, &body.roles);
    fields.finish()?;

    checked.ok_or_else(|| ApiError::internal(anyhow::anyhow!("checked staff fields went missing")))
}

fn check_roles(fields: &mut Fields, roles: &[StaffRole]) {
    if roles.is_empty() {
        fields.push(
            "roles",
            "required",
            Text::new("至少选择一个角色。", "Choose at least one role."),
        );
    }
}

fn check_grants(principal: &Principal, roles: &[StaffRole]) -> ApiResult<()> {
    if roles.iter().all(|role| may_grant(principal, *role)) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

async fn insert_staff(
    state: &AppState,
    association: AssociationId,
    login_name: String,
    display_name: String,
    password_hash: String,
    roles: &[StaffRole],
) -> ApiResult<users::Model> {
    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let account = store::NamedLogin {
        kind: UserKind::Staff,
        login_name,
        display_name,
        password_hash,
        association_id: Some(association.0),
        business_id: None,
        business_role: None,
    };
    let user = store::insert_named_login(&txn, account, now).await?;
    replace_roles(&txn, user.id, roles).await?;
    txn.commit().await?;
    Ok(user)
}

async fn replace_roles(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    roles: &[StaffRole],
) -> ApiResult<()> {
    staff_roles::Entity::delete_many()
        .filter(staff_roles::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    let mut unique = roles.to_vec();
    unique.sort();
    unique.dedup();
    let rows = unique.into_iter().map(|role| staff_roles::ActiveModel {
        user_id: Set(user_id),
        role: Set(role.as_str().to_owned()),
    });
    staff_roles::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

/// Change a staff member's name and roles.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = AssociationId, Path), ("user_id" = UserId, Path)),
    request_body = UpdateStaffRequest,
    responses(
        (status = 200, description = "The staff member", body = StaffMember),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such staff member in this association", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/associations/{id}/staff/{user_id}")]
async fn update_staff(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(AssociationId, UserId)>,
    body: Json<UpdateStaffRequest>,
) -> ApiResult<web::Json<StaffMember>> {
    let (association, user_id) = path.into_inner();
    authorize(&principal, Action::ManageStaff(association))?;
    let body = body.into_inner()?;
    let mut fields = Fields::default();
    let name = fields.check(
        "display_name",
        display_text(&body.display_name, 50),
        Text::new(
            "姓名不能包含控制字符。",
            "The name must not contain control characters.",
        ),
    );
    check_roles(&mut fields, &body.roles);
    fields.finish()?;
    let member = find_member(&state, association, user_id).await?;
    let current = store::roles_of(&state.db, member.id).await?;
    check_grants(&principal, &current)?;
    let changed: Vec<StaffRole> = body
        .roles
        .iter()
        .chain(&current)
        .filter(|r| body.roles.contains(r) != current.contains(r))
        .copied()
        .collect();
    check_grants(&principal, &changed)?;

    let txn = state.writer.begin().await?;
    let mut active = member.into_active_model();
    active.display_name = Set(name.unwrap_or_default());
    active.updated_at = Set(state.clock.now());
    let updated = active.update(&txn).await?;
    replace_roles(&txn, updated.id, &body.roles).await?;
    if !changed.is_empty() {
        // Roles travel in access tokens: end the member's sessions so that
        // the new roles apply at once.
        sessions::end_all(
            &txn,
            updated.id,
            None,
            sessions::EndReason::RolesChanged,
            state.clock.now(),
        )
        .await?;
    }
    txn.commit().await?;

    let roles = store::roles_of(&state.db, updated.id).await?;
    Ok(web::Json(view(updated, association, roles)))
}

/// Remove a staff member: the account can no longer log in and its sessions end.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = AssociationId, Path), ("user_id" = UserId, Path)),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such staff member in this association", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/associations/{id}/staff/{user_id}")]
async fn remove_staff(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(AssociationId, UserId)>,
) -> ApiResult<HttpResponse> {
    let (association, user_id) = path.into_inner();
    authorize(&principal, Action::ManageStaff(association))?;
    let member = find_member(&state, association, user_id).await?;
    let roles = store::roles_of(&state.db, member.id).await?;
    check_grants(&principal, &roles)?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let mut active = member.into_active_model();
    active.active = Set(false);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    sessions::end_all(&txn, user_id.0, None, sessions::EndReason::Deactivated, now).await?;
    txn.commit().await?;

    tracing::info!(user_id = %user_id, association_id = %association, by = %principal.user_id, "staff member removed");
    Ok(HttpResponse::NoContent().finish())
}

async fn find_member(
    state: &AppState,
    association: AssociationId,
    user_id: UserId,
) -> ApiResult<users::Model> {
    users::Entity::find_by_id(user_id.0)
        .filter(users::Column::AssociationId.eq(association.0))
        .filter(users::Column::Kind.eq(UserKind::Staff.as_str()))
        .filter(users::Column::Active.eq(true))
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("工作人员", "staff member"))
}

fn view(user: users::Model, association: AssociationId, roles: Vec<StaffRole>) -> StaffMember {
    StaffMember {
        id: UserId(user.id),
        association_id: association,
        login_name: user.login_name.unwrap_or_default(),
        display_name: user.display_name,
        roles,
        active: user.active,
        created_at: user.created_at,
    }
}
