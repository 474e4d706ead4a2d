//! Handing a case in mediation to another mediator. Entering mediation picks
//! the association's least busy mediator; intake staff and the association's
//! admin can then move the case to whoever suits it better (a language, a
//! trade, a colleague on leave).

use actix_web::{HttpRequest, HttpResponse, get, put, web};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use shared::accounts::StaffRole;
use shared::cases::{AssignMediatorRequest, Complaint, MediatorChoice, Visibility};
use shared::complaints::{CaseRole, ComplaintState};
use shared::{ComplaintId, Problem, UserId};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::complaints::access;
use crate::complaints::actions::{changed_meanwhile, save};
use crate::complaints::audience::{mediation_load, staff_with};
use crate::complaints::routes::{check_version, if_match, versioned, visible};
use crate::complaints::store;
use crate::complaints::timeline::{self, NewEntry};
use crate::complaints::view::state_of;
use crate::entities::{complaints, users};
use crate::error::{ApiError, ApiResult};
use crate::http::Json;
use crate::i18n::Text;
use crate::notifications::{Notice, notify};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(list_mediators).service(assign_mediator);
}

/// The association's active mediators who could take this case, with their
/// current load in mediation (intake staff and the association's admin).
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The mediators, least busy first", body = Vec<MediatorChoice>),
        (status = 403, description = "Not intake staff or admin of the handling association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/{complaint_id}/mediators")]
async fn list_mediators(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<web::Json<Vec<MediatorChoice>>> {
    let (complaint, access) = visible(&state, &principal, *id).await?;
    if !access.acts_as(CaseRole::Intake) {
        return Err(ApiError::forbidden());
    }

    let ids = staff_with(&state.db, complaint.association_id, &[StaffRole::Mediator]).await?;
    let people = users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(&state.db)
        .await?;
    let mut choices = Vec::with_capacity(people.len());
    for person in people {
        choices.push(MediatorChoice {
            cases_in_mediation: mediation_load(&state.db, person.id).await?,
            current: complaint.mediator_id == Some(person.id),
            id: UserId(person.id),
            display_name: person.display_name,
        });
    }
    choices.sort_by(|a, b| {
        (a.cases_in_mediation, &a.display_name).cmp(&(b.cases_in_mediation, &b.display_name))
    });
    Ok(web::Json(choices))
}

/// Hand a case in mediation to another mediator of the handling association
/// (intake staff or the association's admin). The new mediator, and the one
/// handing over, are notified; the change is an internal timeline entry.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("complaint_id" = ComplaintId, Path),
        ("If-Match" = Option<String>, Header, description = "The ETag of the complaint as last read"),
    ),
    request_body(content = AssignMediatorRequest, example = json!({"mediator_id": "0192f0c4-2222-7000-8000-000000000002"})),
    responses(
        (status = 200, description = "The complaint with its new mediator; `ETag` is the new version", body = Complaint),
        (status = 403, description = "Not intake staff or admin of the handling association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The case is not in mediation, or changed meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`precondition_failed`: If-Match names an old version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`not_a_mediator` on `mediator_id`: not an active mediator of the association", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/complaints/{complaint_id}/mediator")]
async fn assign_mediator(
    state: web::Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    id: web::Path<ComplaintId>,
    body: Json<AssignMediatorRequest>,
) -> ApiResult<HttpResponse> {
    let (complaint, access) = visible(&state, &principal, *id).await?;
    if !access.acts_as(CaseRole::Intake) {
        return Err(ApiError::forbidden());
    }
    let expected = if_match(&request)?;
    let mediator = body.into_inner()?.mediator_id;
    in_mediation(&complaint)?;
    check_mediator(&state.db, complaint.association_id, mediator).await?;
    let now = state.clock.now();

    let txn = state.writer.begin().await?;
    let complaint = store::lock(&txn, complaint.id)
        .await?
        .ok_or_else(access::not_found)?;
    check_version(expected, complaint.version)?;
    in_mediation(&complaint)?;
    let previous = complaint.mediator_id;
    let updated = if previous == Some(mediator.0) {
        complaint
    } else {
        let updated = hand_over(&txn, &complaint, mediator, &principal, now).await?;
        let told: Vec<Uuid> = [Some(mediator.0), previous].into_iter().flatten().collect();
        notify(&txn, &told, &notice(&updated), now).await?;
        txn.commit().await?;
        state.events.wake(&told);
        updated
    };

    let access = access::access(&state.db, &principal, &updated).await?;
    versioned(&state, &updated, &access, now).await
}

fn in_mediation(complaint: &complaints::Model) -> ApiResult<()> {
    if state_of(complaint)? == ComplaintState::Mediating {
        return Ok(());
    }
    Err(ApiError::conflict(Text::new(
        "只有调解中的投诉才能指派调解员。",
        "A mediator can be assigned only while the case is in mediation.",
    )))
}

/// The new mediator must be an active mediator of the handling association.
pub(crate) async fn check_mediator(
    db: &impl ConnectionTrait,
    association_id: Uuid,
    mediator: UserId,
) -> ApiResult<()> {
    let mediators = staff_with(db, association_id, &[StaffRole::Mediator]).await?;
    if mediators.contains(&mediator.0) {
        return Ok(());
    }
    Err(ApiError::field(
        "mediator_id",
        "not_a_mediator",
        Text::new(
            "此人不是本协会在岗的调解员；请从本协会工作人员中选择具有调解员角色的人。",
            "This person is not an active mediator of the association; choose a staff member with the mediator role.",
        ),
    ))
}

/// Sets the mediator and records the change, in the caller's transaction.
pub(crate) async fn hand_over(
    txn: &sea_orm::DatabaseTransaction,
    complaint: &complaints::Model,
    mediator: UserId,
    principal: &Principal,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<complaints::Model> {
    let mut active: complaints::ActiveModel = complaint.clone().into();
    active.mediator_id = Set(Some(mediator.0));
    active.updated_at = Set(now);
    let updated = save(txn, active, complaint.version)
        .await
        .map_err(|_| changed_meanwhile())?;
    let entry = NewEntry {
        kind: "mediator_assigned",
        actor_id: Some(principal.user_id.0),
        actor_role: "intake",
        visibility: Visibility::Association,
        payload: json!({ "mediator_id": mediator.0, "previous_mediator_id": complaint.mediator_id }),
    };
    timeline::append(txn, updated.id, entry, now).await?;
    Ok(updated)
}

pub(crate) fn notice(complaint: &complaints::Model) -> Notice<'_> {
    Notice {
        complaint_id: Some(complaint.id),
        kind: "mediator_assigned",
        title: Text::new(
            format!("投诉 {} 的调解员已变更。", complaint.number),
            format!("Complaint {} has a new mediator.", complaint.number),
        ),
    }
}
