//! The reviewer's side: the queue of applications and the decision. The
//! association that serves an application's region reviews it; see
//! [`crate::policy::Action::DecideApplication`] for who that is.

use actix_web::{get, post, web};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use shared::accounts::UserKind;
use shared::ids::ApplicationId;
use shared::joining::{
    ApplicationQuery, ApplicationState, ApplicationSummary, Decision, DecisionRequest,
    JoiningApplication,
};
use shared::validation::free_text;
use shared::{Page, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::entities::joining_applications;
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::joining::lifecycle::{self, Step};
use crate::joining::store::{self, Application};
use crate::joining::{approval, notices};
use crate::pagination;
use crate::policy::{Action, allows, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(list_queue).service(decide);
}

/// The applications the caller's association reviews, oldest first.
///
/// Awaiting review (`submitted`) unless `state` says otherwise. Staff see
/// their own association's; platform admins see all, or one association's.
#[utoipa::path(
    tag = "joining",
    security(("bearer" = [])),
    params(ApplicationQuery),
    responses(
        (status = 200, description = "One page of applications", body = Page<ApplicationSummary>),
        (status = 403, description = "Not a reviewer, or another association named", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/joining-applications")]
async fn list_queue(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::http::Query<ApplicationQuery>,
) -> ApiResult<web::Json<Page<ApplicationSummary>>> {
    authorize(&principal, Action::ReviewApplications)?;
    let association = scope(&principal, &query)?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;

    let wanted = query.state.unwrap_or(ApplicationState::Submitted);
    let mut select = joining_applications::Entity::find()
        .filter(joining_applications::Column::State.eq(wanted.as_str()));
    if let Some(association) = association {
        select = select.filter(joining_applications::Column::AssociationId.eq(association));
    }
    if let Some(after) = after {
        select = select.filter(
            joining_applications::Column::Id.gt(after
                .parse::<Uuid>()
                .map_err(|_| pagination::invalid_cursor())?),
        );
    }
    let rows = select
        .order_by_asc(joining_applications::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let (rows, next_cursor) = pagination::page(rows, limit, |a| a.id.to_string());

    let items = rows
        .into_iter()
        .map(store::summary)
        .collect::<ApiResult<_>>()?;
    Ok(web::Json(Page { items, next_cursor }))
}

/// Staff review their own association's queue; platform admins any.
fn scope(principal: &Principal, query: &ApplicationQuery) -> ApiResult<Option<Uuid>> {
    if principal.kind == UserKind::PlatformAdmin {
        return Ok(query.association_id.map(|a| a.0));
    }
    let mine = principal.association_id.ok_or_else(ApiError::forbidden)?;
    match query.association_id {
        Some(named) if named != mine => Err(ApiError::forbidden()),
        _ => Ok(Some(mine.0)),
    }
}

/// Decide an application: approve, reject with a reason, or ask for more.
///
/// Approval, in one step: the business record with the credit code (created
/// when there is none) becomes a member from now, with the application's
/// name, region and contacts; the applicant becomes its owner. Complaints
/// accepted against it from then on go to reconciliation. The applicant is
/// told of every decision.
#[utoipa::path(
    tag = "joining",
    security(("bearer" = [])),
    params(("application_id" = ApplicationId, Path)),
    request_body(content = DecisionRequest, example = json!({"decision": "request_info", "note": "营业执照照片不清晰，请重新上传。"})),
    responses(
        (status = 200, description = "The application after the decision", body = JoiningApplication),
        (status = 403, description = "Not a reviewer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application, or one another association reviews", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: not awaiting this decision; `already_member`: the business joined meanwhile; or the applicant's account can no longer own it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No note where one is required, or an invalid one", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/joining-applications/{application_id}/decision")]
async fn decide(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ApplicationId>,
    body: Json<DecisionRequest>,
) -> ApiResult<web::Json<JoiningApplication>> {
    authorize(&principal, Action::ReviewApplications)?;
    let body = body.into_inner()?;
    let note = check_note(&body)?;
    let step = match body.decision {
        Decision::Approve => Step::Approve,
        Decision::Reject => Step::Reject,
        Decision::RequestInfo => Step::RequestInfo,
    };

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let application = store::lock(&txn, *id).await?;
    if !allows(
        &principal,
        Action::DecideApplication(application.association_id.into()),
    ) {
        return Err(store::not_found());
    }
    let to = lifecycle::decide(store::state_of(&application)?, step)?;
    let decided = Decided {
        to,
        note: note.as_deref(),
        reviewer: principal.user_id.0,
    };
    let updated = apply(&txn, application, step, decided, now).await?;
    let kind = step.event();
    store::append(
        &txn,
        updated.id,
        kind,
        principal.user_id.0,
        note.as_deref(),
        now,
    )
    .await?;
    let recipients = notices::tell(&txn, &updated, kind, now).await?;
    txn.commit().await?;

    state.events.wake(&recipients);
    tracing::info!(application_id = %updated.id, decision = %to.as_str(), by = %principal.user_id, business_id = ?updated.business_id, "joining application decided");
    Ok(web::Json(store::view(&state.db, updated).await?))
}

/// The reviewer's note: required (5 to 500 characters) to reject or to ask
/// for more, optional on approval.
fn check_note(body: &DecisionRequest) -> ApiResult<Option<String>> {
    let given = body
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let required = body.decision != Decision::Approve;
    let mut fields = Fields::default();
    let note = match given {
        Some(note) => fields.check(
            "note",
            free_text(note, 5, 500),
            Text::new(
                "说明不能包含控制字符。",
                "The note must not contain control characters.",
            ),
        ),
        None if required => {
            fields.push(
                "note",
                "required",
                Text::new(
                    "驳回或要求补充材料时，请写明理由或需要补充的内容（5 到 500 字）。",
                    "To reject or to ask for more, say why or what is needed (5 to 500 characters).",
                ),
            );
            None
        }
        None => None,
    };
    fields.finish()?;
    Ok(note)
}

struct Decided<'a> {
    to: ApplicationState,
    note: Option<&'a str>,
    reviewer: Uuid,
}

async fn apply(
    db: &impl ConnectionTrait,
    application: Application,
    step: Step,
    decided: Decided<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Application> {
    let business = match step {
        Step::Approve => Some(approval::approve(db, &application, decided.reviewer, now).await?),
        _ => None,
    };

    let mut active = application.into_active_model();
    active.state = Set(decided.to.as_str().to_owned());
    active.decision_note = Set(decided.note.map(str::to_owned));
    active.reviewed_by = Set(Some(decided.reviewer));
    active.reviewed_at = Set(Some(now));
    active.updated_at = Set(now);
    if let Some(business) = business {
        active.business_id = Set(Some(business.id));
    }
    Ok(active.update(db).await?)
}
