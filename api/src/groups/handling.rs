//! Handling a group complaint once: the business's common offer goes to
//! every member waiting for one, and one mediator takes every member in
//! mediation. Each consumer still answers the offer on their own complaint.

use actix_web::{post, put, web};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, DatabaseTransaction, IntoActiveModel};
use shared::businesses::ApiScope;
use shared::cases::{ActionRequest, AssignMediatorRequest};
use shared::complaints::{CaseRole, ComplaintState};
use shared::groups::{GroupComplaint, GroupOfferRequest, GroupOfferResult, SkippedMember};
use shared::{AssociationId, GroupComplaintId, Problem, UserId};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::complaints::access;
use crate::complaints::actions::{self, Actor, Step};
use crate::complaints::mediator::{check_mediator, hand_over, notice};
use crate::complaints::store as complaint_store;
use crate::complaints::view::state_of;
use crate::entities::{complaints, group_complaints};
use crate::error::{ApiError, ApiResult};
use crate::groups::store::{self, Viewer, shown_to};
use crate::http::Json;
use crate::i18n::Text;
use crate::notifications::notify;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(make_group_offer)
        .service(assign_group_mediator);
}

/// The business makes one offer to every member of the group whose case is
/// in reconciliation without a pending offer (the business's users and API
/// keys that act on cases). Each consumer accepts or declines it on their
/// own complaint, as with any offer; the others are listed as skipped.
#[utoipa::path(
    tag = "group complaints",
    security(("bearer" = [])),
    params(("group_id" = GroupComplaintId, Path)),
    request_body(content = GroupOfferRequest, example = json!({"terms": "按剩余课时全额退还预付卡余额", "amount_fen": null, "perform_by": "2026-12-31"})),
    responses(
        (status = 200, description = "Who received the offer and who was skipped", body = GroupOfferResult),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the group's business, or an API key without `act_on_cases`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such group complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No member waits for an offer now", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid terms, amount or date", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/group-complaints/{group_id}/offers")]
async fn make_group_offer(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<GroupComplaintId>,
    body: Json<GroupOfferRequest>,
) -> ApiResult<web::Json<GroupOfferResult>> {
    let (group, viewer) = store::visible(&state.db, &principal, *id).await?;
    if viewer != Viewer::Business || !principal.may(ApiScope::ActOnCases) {
        return Err(ApiError::forbidden());
    }
    let body = body.into_inner()?;
    let offer = ActionRequest::MakeOffer {
        terms: body.terms,
        amount_fen: body.amount_fen,
        perform_by: body.perform_by,
    };

    let now = state.clock.now();
    let actor = Actor {
        id: Some(principal.user_id.0),
        role: CaseRole::Business,
    };
    let txn = state.writer.begin().await?;
    let mut result = GroupOfferResult {
        offered: Vec::new(),
        skipped: Vec::new(),
    };
    let mut told = Vec::new();
    for member in store::members_of(&txn, group.id).await? {
        if !shown_to(&member, viewer) {
            continue;
        }
        let locked = complaint_store::lock(&txn, member.id)
            .await?
            .ok_or_else(access::not_found)?;
        if let Some(skipped) = unready(&locked)? {
            result.skipped.push(skipped);
            continue;
        }
        let applied =
            actions::apply(&state, &txn, locked, actor, Step::Request(&offer), now).await?;
        result.offered.push(applied.complaint.number.clone());
        told.extend(applied.recipients);
    }
    if result.offered.is_empty() {
        return Err(nobody_waits());
    }
    txn.commit().await?;
    state.events.wake(&told);
    tracing::info!(group = %group.id, offered = result.offered.len(), skipped = result.skipped.len(), by = %principal.user_id, "group offer made");

    Ok(web::Json(result))
}

/// Name the mediator of the group (the association's intake officers and
/// admins): every member in mediation now moves to them, and members that
/// enter mediation later go to them too.
#[utoipa::path(
    tag = "group complaints",
    security(("bearer" = [])),
    params(("group_id" = GroupComplaintId, Path)),
    request_body(content = AssignMediatorRequest, example = json!({"mediator_id": "0192f0c4-2222-7000-8000-000000000002"})),
    responses(
        (status = 200, description = "The group complaint with its mediator", body = GroupComplaint),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an intake officer or admin of the group's association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such group complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`not_a_mediator` on `mediator_id`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/group-complaints/{group_id}/mediator")]
async fn assign_group_mediator(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<GroupComplaintId>,
    body: Json<AssignMediatorRequest>,
) -> ApiResult<web::Json<GroupComplaint>> {
    let (group, viewer) = store::visible(&state.db, &principal, *id).await?;
    if viewer != Viewer::Association {
        return Err(ApiError::forbidden());
    }
    authorize(
        &principal,
        Action::FormGroupComplaints(AssociationId(group.association_id)),
    )?;
    let mediator = body.into_inner()?.mediator_id;
    check_mediator(&state.db, group.association_id, mediator).await?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let mut active = group.into_active_model();
    active.mediator_id = Set(Some(mediator.0));
    let group = active.update(&txn).await?;
    let told = move_members(&txn, &group, mediator, &principal, now).await?;
    txn.commit().await?;
    state.events.wake(&told);
    tracing::info!(group = %group.id, mediator = %mediator, by = %principal.user_id, "group mediator assigned");

    Ok(web::Json(store::view(&state.db, group, viewer).await?))
}

/// Hands every member in mediation to the group's mediator; answers who
/// was told.
async fn move_members(
    txn: &DatabaseTransaction,
    group: &group_complaints::Model,
    mediator: UserId,
    principal: &Principal,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Vec<Uuid>> {
    let mut told = Vec::new();
    for member in store::members_of(txn, group.id).await? {
        let in_mediation = state_of(&member)? == ComplaintState::Mediating;
        if !in_mediation || member.mediator_id == Some(mediator.0) {
            continue;
        }
        let locked = complaint_store::lock(txn, member.id)
            .await?
            .ok_or_else(access::not_found)?;
        let previous = locked.mediator_id;
        let updated = hand_over(txn, &locked, mediator, principal, now).await?;
        let people: Vec<Uuid> = [Some(mediator.0), previous].into_iter().flatten().collect();
        notify(txn, &people, &notice(&updated), now).await?;
        told.extend(people);
    }
    Ok(told)
}

/// Why a member cannot take an offer now, if it cannot.
fn unready(complaint: &complaints::Model) -> ApiResult<Option<SkippedMember>> {
    let state = state_of(complaint)?;
    let reason = if state != ComplaintState::Reconciling {
        "not_reconciling"
    } else if complaint.pending_offer.is_some() {
        "offer_pending"
    } else {
        return Ok(None);
    };
    Ok(Some(SkippedMember {
        number: complaint.number.clone(),
        state,
        reason: reason.to_owned(),
    }))
}

fn nobody_waits() -> ApiError {
    ApiError::conflict(Text::new(
        "此集体投诉中没有等待和解方案的投诉：只有和解中且没有待答复方案的投诉才能收到方案。",
        "No member of this group waits for an offer: only cases in reconciliation without a pending offer receive one.",
    ))
}
