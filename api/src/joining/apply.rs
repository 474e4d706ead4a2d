//! The applicant's side: apply, follow one's applications, answer a request
//! for more, withdraw. Anyone who may neither follow nor review an
//! application is told it does not exist.

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, get, post, put, web};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use shared::ids::ApplicationId;
use shared::joining::{
    ApplicationEventKind, ApplicationState, JoiningApplication, JoiningApplicationRequest,
};
use shared::{AssociationId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::accounts::store::is_unique_violation;
use crate::auth::Principal;
use crate::entities::joining_applications;
use crate::error::{ApiError, ApiResult};
use crate::http::Json;
use crate::joining::check::{self, Checked};
use crate::joining::lifecycle::{self, Step};
use crate::joining::store::{self, Application};
use crate::joining::{licence, notices};
use crate::organisations::routing;
use crate::policy::{Action, allows, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(submit)
        .service(list_mine)
        .service(get_application)
        .service(resubmit)
        .service(withdraw);
}

/// Apply to join the platform (business accounts without a business).
///
/// Upload the licence first with `POST /evidence` (a photo or a PDF), read
/// the commitment from `GET /joining-commitment`, then send its version
/// with `commitment_accepted: true`. The association serving the region
/// reviews. One open application per credit code and per account; a code
/// whose business is a member already is refused with `already_member`.
#[utoipa::path(
    tag = "joining",
    security(("bearer" = [])),
    request_body(content = JoiningApplicationRequest, example = json!({
        "credit_code": "91440300MA5G8XQK18",
        "licensed_name": "深圳某某电器有限公司",
        "region_code": "440305",
        "industry_code": "goods.appliances",
        "licence_evidence_id": "0191f5a2-7c1e-7d3a-9f2b-2c4e5a6b7c8d",
        "service_contacts": {"phone": "400-800-1234", "email": "service@example.cn", "hours": "每天 9:00–21:00"},
        "commitment_accepted": true,
        "commitment_version": "2024-1"
    })),
    responses(
        (status = 201, description = "Submitted; `Location` names it", body = JoiningApplication),
        (status = 403, description = "Not a business account, or one that works for a business already", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_member`: the business is a member; `application_open`: an application for the code, or by this account, awaits a decision; or the account joined a business meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named; a wrong credit code names the wrong character", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/joining-applications")]
async fn submit(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<JoiningApplicationRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::JoinBusiness)?;
    let body = body.into_inner()?;
    let checked = check::check(&state.db, &principal, &body, None).await?;
    let serving = routing::serving(&state.db, &checked.region_code).await?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    store::ensure_free_account(&txn, principal.user_id).await?;
    store::ensure_not_member(&txn, &checked.credit_code).await?;
    store::ensure_none_open(&txn, &checked.credit_code, principal.user_id.0, None).await?;
    let application = insert(&txn, &principal, &checked, serving.id.into(), now).await?;
    licence::attach(&txn, checked.licence, application.id, now).await?;
    let kind = ApplicationEventKind::Submitted;
    store::append(&txn, application.id, kind, principal.user_id.0, None, now).await?;
    let recipients = notices::tell(&txn, &application, kind, now).await?;
    txn.commit().await?;

    state.events.wake(&recipients);
    tracing::info!(application_id = %application.id, applicant = %principal.user_id, association = %serving.id, "joining application submitted");
    let location = format!("/api/v1/joining-applications/{}", application.id);
    let view = store::view(&state.db, application).await?;
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, location))
        .json(view))
}

async fn insert(
    db: &impl ConnectionTrait,
    principal: &Principal,
    checked: &Checked,
    association: AssociationId,
    now: DateTime<Utc>,
) -> ApiResult<Application> {
    let contacts = serde_json::to_string(&checked.contacts).map_err(ApiError::internal)?;
    let row = joining_applications::ActiveModel {
        id: Set(Uuid::now_v7()),
        applicant_id: Set(principal.user_id.0),
        association_id: Set(association.0),
        state: Set(ApplicationState::Submitted.as_str().to_owned()),
        credit_code: Set(checked.credit_code.as_str().to_owned()),
        licensed_name: Set(checked.licensed_name.clone()),
        region_code: Set(checked.region_code.clone()),
        industry_code: Set(checked.industry_code.clone()),
        licence_evidence_id: Set(checked.licence),
        service_contacts: Set(contacts),
        commitment_version: Set(checked.commitment_version.clone()),
        committed_at: Set(now),
        decision_note: Set(None),
        business_id: Set(None),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    joining_applications::Entity::insert(row)
        .exec_with_returning(db)
        .await
        .map_err(|error| open_or(error, checked))
}

/// A concurrent application for the same code (or by the same account)
/// that committed first trips the unique index: say so.
fn open_or(error: sea_orm::DbErr, checked: &Checked) -> ApiError {
    if is_unique_violation(&error) {
        store::open_for_code(&checked.credit_code)
    } else {
        error.into()
    }
}

/// The caller's own applications, newest first, each with its history.
#[utoipa::path(
    tag = "joining",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's applications", body = Vec<JoiningApplication>),
        (status = 403, description = "Not a business account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/joining-applications/mine")]
async fn list_mine(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<Vec<JoiningApplication>>> {
    authorize(&principal, Action::FollowOwnApplications)?;

    let rows = joining_applications::Entity::find()
        .filter(joining_applications::Column::ApplicantId.eq(principal.user_id.0))
        .order_by_desc(joining_applications::Column::Id)
        .all(&state.db)
        .await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        views.push(store::view(&state.db, row).await?);
    }
    Ok(web::Json(views))
}

/// One application with its history: for its applicant and its reviewers.
///
/// Reviewers download the licence from `GET /evidence/{licence_evidence_id}/content`.
#[utoipa::path(
    tag = "joining",
    security(("bearer" = [])),
    params(("application_id" = ApplicationId, Path)),
    responses(
        (status = 200, description = "The application", body = JoiningApplication),
        (status = 403, description = "Neither a business account nor a reviewer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/joining-applications/{application_id}")]
async fn get_application(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ApplicationId>,
) -> ApiResult<web::Json<JoiningApplication>> {
    let follows = allows(&principal, Action::FollowOwnApplications);
    if !follows && !allows(&principal, Action::ReviewApplications) {
        return Err(ApiError::forbidden());
    }
    let application = store::find(&state.db, *id).await?;
    if !store::may_see(&principal, &application) {
        return Err(store::not_found());
    }

    Ok(web::Json(store::view(&state.db, application).await?))
}

/// Answer a request for more: send the whole application again, changed as
/// asked (a new licence upload if needed). It goes back to the reviewers.
#[utoipa::path(
    tag = "joining",
    security(("bearer" = [])),
    params(("application_id" = ApplicationId, Path)),
    request_body = JoiningApplicationRequest,
    responses(
        (status = 200, description = "Submitted again", body = JoiningApplication),
        (status = 403, description = "Not a business account without a business", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: nothing was asked for; `already_member` or `application_open` as when applying", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/joining-applications/{application_id}")]
async fn resubmit(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ApplicationId>,
    body: Json<JoiningApplicationRequest>,
) -> ApiResult<web::Json<JoiningApplication>> {
    authorize(&principal, Action::JoinBusiness)?;
    let body = body.into_inner()?;
    let current = own(&principal, store::find(&state.db, *id).await?)?;
    lifecycle::decide(store::state_of(&current)?, Step::Resubmit)?;
    let checked = check::check(&state.db, &principal, &body, Some(current.id)).await?;
    let serving = routing::serving(&state.db, &checked.region_code).await?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let current = own(&principal, store::lock(&txn, *id).await?)?;
    let to = lifecycle::decide(store::state_of(&current)?, Step::Resubmit)?;
    store::ensure_free_account(&txn, principal.user_id).await?;
    store::ensure_not_member(&txn, &checked.credit_code).await?;
    store::ensure_none_open(
        &txn,
        &checked.credit_code,
        principal.user_id.0,
        Some(current.id),
    )
    .await?;
    let updated = replace(&txn, current, &checked, to, serving.id.into(), now).await?;
    licence::attach(&txn, checked.licence, updated.id, now).await?;
    let kind = Step::Resubmit.event();
    store::append(&txn, updated.id, kind, principal.user_id.0, None, now).await?;
    let recipients = notices::tell(&txn, &updated, kind, now).await?;
    txn.commit().await?;

    state.events.wake(&recipients);
    tracing::info!(application_id = %updated.id, applicant = %principal.user_id, "joining application resubmitted");
    Ok(web::Json(store::view(&state.db, updated).await?))
}

async fn replace(
    db: &impl ConnectionTrait,
    current: Application,
    checked: &Checked,
    to: ApplicationState,
    association: AssociationId,
    now: DateTime<Utc>,
) -> ApiResult<Application> {
    let contacts = serde_json::to_string(&checked.contacts).map_err(ApiError::internal)?;
    let mut active = current.into_active_model();
    active.state = Set(to.as_str().to_owned());
    active.association_id = Set(association.0);
    active.credit_code = Set(checked.credit_code.as_str().to_owned());
    active.licensed_name = Set(checked.licensed_name.clone());
    active.region_code = Set(checked.region_code.clone());
    active.industry_code = Set(checked.industry_code.clone());
    active.licence_evidence_id = Set(checked.licence);
    active.service_contacts = Set(contacts);
    active.commitment_version = Set(checked.commitment_version.clone());
    active.committed_at = Set(now);
    active.decision_note = Set(None);
    active.updated_at = Set(now);
    active
        .update(db)
        .await
        .map_err(|error| open_or(error, checked))
}

/// Withdraw an application that awaits a decision.
#[utoipa::path(
    tag = "joining",
    security(("bearer" = [])),
    params(("application_id" = ApplicationId, Path)),
    responses(
        (status = 200, description = "Withdrawn", body = JoiningApplication),
        (status = 403, description = "Not a business account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Decided already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/joining-applications/{application_id}/withdraw")]
async fn withdraw(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ApplicationId>,
) -> ApiResult<web::Json<JoiningApplication>> {
    authorize(&principal, Action::FollowOwnApplications)?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let current = own(&principal, store::lock(&txn, *id).await?)?;
    let to = lifecycle::decide(store::state_of(&current)?, Step::Withdraw)?;
    let mut active = current.into_active_model();
    active.state = Set(to.as_str().to_owned());
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let kind = Step::Withdraw.event();
    store::append(&txn, updated.id, kind, principal.user_id.0, None, now).await?;
    let recipients = notices::tell(&txn, &updated, kind, now).await?;
    txn.commit().await?;

    state.events.wake(&recipients);
    tracing::info!(application_id = %updated.id, applicant = %principal.user_id, "joining application withdrawn");
    Ok(web::Json(store::view(&state.db, updated).await?))
}

/// The application if it is the caller's own; otherwise it does not exist.
fn own(principal: &Principal, application: Application) -> ApiResult<Application> {
    if application.applicant_id == principal.user_id.0 {
        Ok(application)
    } else {
        Err(store::not_found())
    }
}
