//! A member business's standing: the serving association suspends its
//! membership and reinstates it, and every change of membership (joined,
//! suspended, reinstated, ended) is kept for the public record.

use actix_web::{delete, get, put, web};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use shared::businesses::{Business, MembershipEvent, MembershipEventKind, SuspensionRequest};
use shared::validation::free_text;
use shared::{BusinessId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::businesses::registry;
use crate::complaints::audience;
use crate::entities::{businesses, membership_events};
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::notifications::{Notice, notify};
use crate::policy::Action;
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(suspend)
        .service(reinstate)
        .service(membership_history);
}

/// True when complaints accepted against the business now go to
/// reconciliation: it is a member and its membership is not suspended.
pub fn reconciles(business: &businesses::Model) -> bool {
    business.member && business.suspended_at.is_none()
}

/// One change of membership, to keep.
pub struct Change<'a> {
    pub business_id: Uuid,
    pub kind: MembershipEventKind,
    pub reason: Option<&'a str>,
    pub actor_id: Option<Uuid>,
    pub application_id: Option<Uuid>,
}

/// Keeps the change in the business's membership history.
pub async fn record(
    db: &impl ConnectionTrait,
    change: Change<'_>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    membership_events::Entity::insert(membership_events::ActiveModel {
        id: Set(Uuid::now_v7()),
        business_id: Set(change.business_id),
        kind: Set(change.kind.as_str().to_owned()),
        reason: Set(change.reason.map(str::to_owned)),
        actor_id: Set(change.actor_id),
        application_id: Set(change.application_id),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Suspend a business's membership (暂停入驻资格), with a reason.
///
/// While suspended, complaints accepted against the business go to
/// mediation, not reconciliation; those already in reconciliation go on.
/// The business's users are told; the public record shows the suspension
/// with its reason. Allowed for the admin of the association serving the
/// business's region, and for platform admins.
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    request_body = SuspensionRequest,
    responses(
        (status = 200, description = "The business, suspended", body = Business),
        (status = 403, description = "Not the admin of the serving association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a member, suspended already, or the record was merged into another", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or one under 5 or over 500 characters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/businesses/{business_id}/suspension")]
async fn suspend(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
    body: Json<SuspensionRequest>,
) -> ApiResult<web::Json<Business>> {
    registry::authorize_serving(&state.db, &principal, *id, Action::ManageBusiness).await?;
    let body = body.into_inner()?;
    let reason = check_reason(&body.reason)?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let business = lock(&txn, *id).await?;
    if !business.member {
        return Err(not_a_member());
    }
    if let Some(since) = business.suspended_at {
        return Err(already_suspended(since));
    }
    let mut active = business.into_active_model();
    active.suspended_at = Set(Some(now));
    active.suspension_reason = Set(Some(reason.clone()));
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let change = Change {
        business_id: updated.id,
        kind: MembershipEventKind::Suspended,
        reason: Some(&reason),
        actor_id: Some(principal.user_id.0),
        application_id: None,
    };
    record(&txn, change, now).await?;
    let recipients = tell_users(&txn, &updated, suspended_notice(&reason), now).await?;
    txn.commit().await?;

    state.events.wake(&recipients);
    tracing::info!(business_id = %updated.id, by = %principal.user_id, "membership suspended");
    Ok(web::Json(registry::present(&state.db, updated).await?))
}

/// Lift a suspension: the business is a full member again, and complaints
/// accepted from now go to reconciliation. Its users are told.
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    responses(
        (status = 200, description = "The business, reinstated", body = Business),
        (status = 403, description = "Not the admin of the serving association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The membership is not suspended, or the record was merged into another", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/businesses/{business_id}/suspension")]
async fn reinstate(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
) -> ApiResult<web::Json<Business>> {
    registry::authorize_serving(&state.db, &principal, *id, Action::ManageBusiness).await?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let business = lock(&txn, *id).await?;
    if business.suspended_at.is_none() {
        return Err(ApiError::conflict(Text::new(
            "该经营者的入驻资格未被暂停。",
            "This business's membership is not suspended.",
        )));
    }
    let mut active = business.into_active_model();
    active.suspended_at = Set(None);
    active.suspension_reason = Set(None);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let change = Change {
        business_id: updated.id,
        kind: MembershipEventKind::Reinstated,
        reason: None,
        actor_id: Some(principal.user_id.0),
        application_id: None,
    };
    record(&txn, change, now).await?;
    let notice = Text::new(
        "贵单位的入驻资格已恢复，此后受理的投诉将先行和解。",
        "Your business's membership was reinstated; complaints accepted from now go to reconciliation first.",
    );
    let recipients = tell_users(&txn, &updated, notice, now).await?;
    txn.commit().await?;

    state.events.wake(&recipients);
    tracing::info!(business_id = %updated.id, by = %principal.user_id, "membership reinstated");
    Ok(web::Json(registry::present(&state.db, updated).await?))
}

/// Every change of the business's membership, oldest first. Public.
#[utoipa::path(
    tag = "businesses",
    params(("business_id" = BusinessId, Path)),
    responses(
        (status = 200, description = "Joined, suspended (with the reason), reinstated, ended", body = Vec<MembershipEvent>),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/businesses/{business_id}/membership-history")]
async fn membership_history(
    state: web::Data<AppState>,
    id: web::Path<BusinessId>,
) -> ApiResult<web::Json<Vec<MembershipEvent>>> {
    registry::find(&state.db, *id).await?;

    let rows = membership_events::Entity::find()
        .filter(membership_events::Column::BusinessId.eq(id.0))
        .order_by_asc(membership_events::Column::CreatedAt)
        .order_by_asc(membership_events::Column::Id)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().filter_map(view).collect()))
}

/// The business, locked until the transaction ends.
pub async fn lock(db: &impl ConnectionTrait, id: BusinessId) -> ApiResult<businesses::Model> {
    crate::db::for_update(businesses::Entity::find_by_id(id.0), db)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("经营者", "business"))
}

fn check_reason(reason: &str) -> ApiResult<String> {
    let mut fields = Fields::default();
    let reason = fields.check(
        "reason",
        free_text(reason, 5, 500),
        Text::new(
            "理由不能包含控制字符。",
            "The reason must not contain control characters.",
        ),
    );
    fields.finish()?;
    reason.ok_or_else(|| ApiError::internal(anyhow::anyhow!("checked reason went missing")))
}

fn not_a_member() -> ApiError {
    ApiError::conflict(Text::new(
        "该经营者尚未入驻，无需暂停。",
        "This business is not a member; there is no membership to suspend.",
    ))
}

fn already_suspended(since: DateTime<Utc>) -> ApiError {
    let since = since.format("%Y-%m-%d %H:%M UTC");
    ApiError::conflict(Text::new(
        format!("该经营者的入驻资格自 {since} 起已暂停；如需更改理由，请先恢复再暂停。"),
        format!(
            "This membership is suspended already, since {since}; to change the reason, reinstate it and suspend it again."
        ),
    ))
}

fn suspended_notice(reason: &str) -> Text {
    Text::new(
        format!("贵单位的入驻资格已被暂停，理由：{reason}。暂停期间受理的投诉将直接进入调解。"),
        format!(
            "Your business's membership was suspended: {reason}. Complaints accepted meanwhile go straight to mediation."
        ),
    )
}

/// Tells every active user of the business; returns them, to wake after commit.
async fn tell_users(
    db: &impl ConnectionTrait,
    business: &businesses::Model,
    title: Text,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Uuid>> {
    let recipients = audience::business_users(db, business.id).await?;
    let notice = Notice {
        complaint_id: None,
        kind: "membership_changed",
        title,
    };
    notify(db, &recipients, &notice, now).await?;
    Ok(recipients)
}

fn view(row: membership_events::Model) -> Option<MembershipEvent> {
    Some(MembershipEvent {
        kind: MembershipEventKind::parse(&row.kind)?,
        reason: row.reason,
        at: row.created_at,
    })
}
