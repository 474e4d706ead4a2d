//! `/businesses/{id}/members`: the business's users, their roles, and
//! taking someone off the team. A business always keeps one owner.

use actix_web::{HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use shared::accounts::UserKind;
use shared::team::{BusinessMember, BusinessRole, ChangeMemberRequest};
use shared::{BusinessId, Problem, UserId};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::accounts::store::business_role_of;
use crate::auth::{Principal, sessions};
use crate::businesses::membership;
use crate::entities::users;
use crate::error::{ApiError, ApiResult};
use crate::http::Json;
use crate::i18n::Text;
use crate::notifications::{Notice, notify};
use crate::policy::{Action, authorize, may_remove};
use crate::state::AppState;
use crate::team::invitations::role_words;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(list_members)
        .service(change_role)
        .service(remove_member);
}

/// The business's users with their roles (its owners and managers).
#[utoipa::path(
    tag = "team",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    responses(
        (status = 200, description = "Owners, managers and handlers", body = Vec<BusinessMember>),
        (status = 403, description = "Not an owner or manager of this business", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/businesses/{business_id}/members")]
async fn list_members(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
) -> ApiResult<web::Json<Vec<BusinessMember>>> {
    authorize(&principal, Action::ManageTeam(*id))?;

    let rows = members(*id)
        .order_by_asc(users::Column::Id)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().filter_map(view).collect()))
}

/// Give a member another role (the business's owners).
///
/// The member's sessions end so that the new role applies at once. The
/// last owner cannot be given another role: make someone else an owner first.
#[utoipa::path(
    tag = "team",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("user_id" = UserId, Path)),
    request_body(content = ChangeMemberRequest, example = json!({"role": "manager"})),
    responses(
        (status = 200, description = "The member in the new role", body = BusinessMember),
        (status = 403, description = "Not an owner of this business", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member of this business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The business's last owner", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/businesses/{business_id}/members/{user_id}")]
async fn change_role(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, UserId)>,
    body: Json<ChangeMemberRequest>,
) -> ApiResult<web::Json<BusinessMember>> {
    let (business, user) = path.into_inner();
    authorize(&principal, Action::ChangeMemberRoles(business))?;
    let body = body.into_inner()?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    membership::lock(&txn, business).await?;
    let member = find_member(&txn, business, user).await?;
    let current = business_role_of(&member);
    if current == Some(BusinessRole::Owner) && body.role != BusinessRole::Owner {
        ensure_another_owner(&txn, business).await?;
    }
    let changed = current != Some(body.role);
    let mut active = member.into_active_model();
    active.business_role = Set(Some(body.role.as_str().to_owned()));
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let mut told = Vec::new();
    if changed {
        // Roles travel in access tokens: end the member's sessions so that
        // the new role applies at once.
        sessions::end_all(&txn, user.0, None, sessions::EndReason::RolesChanged, now).await?;
        told = tell(&txn, user.0, role_changed(body.role), now).await?;
    }
    txn.commit().await?;

    state.events.wake(&told);
    tracing::info!(user_id = %user, business_id = %business, role = %body.role.as_str(), by = %principal.user_id, "business member's role changed");
    view(updated)
        .map(web::Json)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("a member just updated has no role")))
}

/// Take a member off the team: their account no longer works for the
/// business, and every session of it ends at once.
///
/// Owners remove anyone but the last owner; managers remove handlers. The
/// account itself remains, without a business.
#[utoipa::path(
    tag = "team",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("user_id" = UserId, Path)),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not an owner or manager of this business, or a member they may not remove", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member of this business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The business's last owner", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/businesses/{business_id}/members/{user_id}")]
async fn remove_member(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, UserId)>,
) -> ApiResult<HttpResponse> {
    let (business, user) = path.into_inner();
    authorize(&principal, Action::ManageTeam(business))?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let record = membership::lock(&txn, business).await?;
    let member = find_member(&txn, business, user).await?;
    let role = business_role_of(&member).unwrap_or(BusinessRole::Handler);
    if !may_remove(&principal, role) {
        return Err(ApiError::forbidden());
    }
    if role == BusinessRole::Owner {
        ensure_another_owner(&txn, business).await?;
    }
    let mut active = member.into_active_model();
    active.business_id = Set(None);
    active.business_role = Set(None);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    sessions::end_all(
        &txn,
        user.0,
        None,
        sessions::EndReason::RemovedFromBusiness,
        now,
    )
    .await?;
    let title = Text::new(
        format!("您已被移出“{}”的团队。", record.name),
        format!("You were removed from the team of {}.", record.name),
    );
    let told = tell(&txn, user.0, title, now).await?;
    txn.commit().await?;

    state.events.wake(&told);
    tracing::info!(user_id = %user, business_id = %business, by = %principal.user_id, "business member removed");
    Ok(HttpResponse::NoContent().finish())
}

fn members(business: BusinessId) -> sea_orm::Select<users::Entity> {
    users::Entity::find()
        .filter(users::Column::BusinessId.eq(business.0))
        .filter(users::Column::Kind.eq(UserKind::Business.as_str()))
        .filter(users::Column::Active.eq(true))
}

async fn find_member(
    db: &impl ConnectionTrait,
    business: BusinessId,
    user: UserId,
) -> ApiResult<users::Model> {
    members(business)
        .filter(users::Column::Id.eq(user.0))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("成员", "member"))
}

/// Refuses to leave the business without an owner. Call with the business
/// locked, so that two owners cannot remove each other at once.
async fn ensure_another_owner(db: &impl ConnectionTrait, business: BusinessId) -> ApiResult<()> {
    let owners = members(business)
        .filter(users::Column::BusinessRole.eq(BusinessRole::Owner.as_str()))
        .count(db)
        .await?;
    if owners > 1 {
        return Ok(());
    }
    Err(ApiError::conflict(Text::new(
        "这是该经营者唯一的负责人；请先把另一位成员设为负责人。",
        "This is the business's last owner; make another member an owner first.",
    )))
}

fn role_changed(role: BusinessRole) -> Text {
    let (zh, en) = role_words(role.as_str());
    Text::new(
        format!("您在团队中的角色已改为{zh}，请重新登录。"),
        format!("Your role on the team is now {en}; log in again."),
    )
}

async fn tell(
    db: &impl ConnectionTrait,
    user: Uuid,
    title: Text,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Uuid>> {
    let notice = Notice {
        complaint_id: None,
        kind: "team_changed",
        title,
    };
    notify(db, &[user], &notice, now).await?;
    Ok(vec![user])
}

fn view(user: users::Model) -> Option<BusinessMember> {
    Some(BusinessMember {
        role: business_role_of(&user)?,
        user_id: UserId(user.id),
        display_name: user.display_name,
        phone: user.phone,
        email: user.email,
        login_name: user.login_name,
    })
}
