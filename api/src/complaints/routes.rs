//! `/complaints`: filing, reading, acting on a case, its timeline, its
//! exportable record and its messages.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::accounts::UserKind;
use shared::businesses::ApiScope;
use shared::cases::{
    ActionRequest, CaseRecord, Complaint, ComplaintFilter, ComplaintQuery, ComplaintSummary,
    FileComplaintRequest, StateCount, TimelineEntry,
};
use shared::complaints::CaseRole;
use shared::{ComplaintId, ErrorCode, Page, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::complaints::access::{self, Access, Side};
use crate::complaints::actions::{self, Actor, Step};
use crate::complaints::filing::{self, Filed};
use crate::complaints::idempotency::{self, Key};
use crate::complaints::lifecycle;
use crate::complaints::view::{self, facts_of, state_of, wire_name};
use crate::complaints::{export, filters, mediator, messages, sessions, store, timeline};
use crate::entities::complaints;
use crate::error::{ApiError, ApiResult};
use crate::http::{Json, Query};
use crate::i18n::Text;
use crate::pagination;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(file_complaint)
        .service(count_complaints)
        .configure(export::configure)
        .service(list_complaints)
        .service(get_complaint)
        .service(act)
        .service(get_timeline)
        .service(get_record)
        .configure(messages::configure)
        .configure(sessions::configure)
        .configure(mediator::configure);
}

/// File a complaint (consumers).
///
/// Send an `Idempotency-Key` (a UUID is a good choice) so that a retry after
/// a lost response returns the first result instead of filing twice. The
/// complaint goes to the association serving the business's region, or the
/// nearest one above it, and waits for acceptance.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "1 to 255 visible ASCII characters; the same key and body within 24 hours return the first result")),
    request_body(content = FileComplaintRequest, example = json!({
        "business": {"name": "某某电器专卖店", "credit_code": "91440300MA5G8XQK18", "region_code": "440305"},
        "region_code": "440305",
        "category_code": "goods.appliances",
        "nature_code": "quality",
        "purchase_date": "2026-11-20",
        "amount_fen": 329900,
        "order_number": "SO-20261120-0042",
        "channel": "offline_shop",
        "description": "购买的冰箱使用三天后不制冷，门店拒绝退换，只同意维修。",
        "demands": ["replacement"],
        "consent_to_publish": true,
        "evidence": []
    })),
    responses(
        (status = 201, description = "Filed; `Location` and `ETag` are set", body = Complaint),
        (status = 200, description = "A repeat of an earlier request with the same Idempotency-Key: its complaint", body = Complaint),
        (status = 403, description = "Only consumers file complaints", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (each named), or an Idempotency-Key reused with another body (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/complaints")]
async fn file_complaint(
    state: web::Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    body: Json<FileComplaintRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::FileComplaints)?;
    let body = body.into_inner()?;
    let key = Key::from_request(&request, &body)?;

    let earlier = match key.as_ref() {
        Some(key) => idempotency::earlier(&state.db, &principal, key, state.clock.now()).await?,
        None => None,
    };
    let filed = match earlier {
        Some(earlier) => Filed::Replayed(earlier),
        None => {
            let checked = filing::check(&state, &body).await?;
            filing::file(&state, &principal, &body, checked, key.as_ref()).await?
        }
    };
    let (complaint, mut response) = match filed {
        Filed::New(complaint) => (complaint, HttpResponse::Created()),
        Filed::Replayed(complaint) => (complaint, HttpResponse::Ok()),
    };

    let access = access::access(&state.db, &principal, &complaint).await?;
    let shown = view::complaint(
        &state.db,
        &state.calendar,
        &complaint,
        &access,
        state.clock.now(),
    )
    .await?;
    Ok(response
        .insert_header((
            header::LOCATION,
            format!("/api/v1/complaints/{}", complaint.id),
        ))
        .insert_header((header::ETAG, etag(complaint.version)))
        .json(shown))
}

/// The complaints the caller may see, newest first.
///
/// Consumers see their own; business users see those against their business
/// once accepted; staff see their association's; platform admins see all.
/// The filters combine; `GET /complaints/counts` takes the same ones.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(ComplaintQuery),
    responses(
        (status = 200, description = "One page of complaints", body = Page<ComplaintSummary>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An API key without the read_cases scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filter, limit or cursor; the parameter is named (`unknown_category`, `unknown_outlet`, `out_of_range`, `invalid_format`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints")]
async fn list_complaints(
    state: web::Data<AppState>,
    principal: Principal,
    query: Query<ComplaintQuery>,
) -> ApiResult<web::Json<Page<ComplaintSummary>>> {
    principal.require(ApiScope::ReadCases)?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let filter =
        filters::condition(&state.db, &principal, &query.filter(), state.clock.now()).await?;

    let mut select = complaints::Entity::find()
        .filter(scope(&principal))
        .filter(filter);
    if let Some(after) = after {
        let after: uuid::Uuid = after.parse().map_err(|_| pagination::invalid_cursor())?;
        select = select.filter(complaints::Column::Id.lt(after));
    }
    let rows = select
        .order_by_desc(complaints::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let (rows, next_cursor) = pagination::page(rows, limit, |c| c.id.to_string());

    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        items.push(view::summary(&state.db, row).await?);
    }
    Ok(web::Json(Page { items, next_cursor }))
}

/// How many of the caller's complaints are in each state, for the inbox's tabs.
///
/// Takes the list's filters, so that a client can show a count beside each
/// one: `?overdue=true` counts the overdue cases in each state.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(ComplaintFilter),
    responses(
        (status = 200, description = "A count for every state that has cases", body = Vec<StateCount>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An API key without the read_cases scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filter; the parameter is named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/counts")]
async fn count_complaints(
    state: web::Data<AppState>,
    principal: Principal,
    query: Query<ComplaintFilter>,
) -> ApiResult<web::Json<Vec<StateCount>>> {
    principal.require(ApiScope::ReadCases)?;
    let filter = filters::condition(&state.db, &principal, &query, state.clock.now()).await?;

    let rows: Vec<(String, i64)> = complaints::Entity::find()
        .select_only()
        .column(complaints::Column::State)
        .column_as(complaints::Column::Id.count(), "count")
        .filter(scope(&principal))
        .filter(filter)
        .group_by(complaints::Column::State)
        .into_tuple()
        .all(&state.db)
        .await?;
    let counts = rows
        .into_iter()
        .filter_map(|(name, count)| {
            let state = serde_json::from_value(serde_json::Value::String(name)).ok()?;
            Some(StateCount {
                state,
                count: u64::try_from(count).unwrap_or(0),
            })
        })
        .collect();
    Ok(web::Json(counts))
}

/// The rows the caller may list; matches `access` for the caller's own cases.
pub fn scope(principal: &Principal) -> Condition {
    let nothing = Condition::all().add(complaints::Column::Id.is_null());
    match principal.kind {
        UserKind::Consumer => {
            Condition::all().add(complaints::Column::ConsumerId.eq(principal.user_id.0))
        }
        UserKind::Business => match principal.business_id {
            Some(business) => Condition::all()
                .add(complaints::Column::BusinessId.eq(business.0))
                .add(complaints::Column::AcceptedAt.is_not_null()),
            None => nothing,
        },
        UserKind::Staff => match principal.association_id {
            Some(association) => {
                Condition::all().add(complaints::Column::AssociationId.eq(association.0))
            }
            None => nothing,
        },
        UserKind::PlatformAdmin => Condition::all(),
    }
}

/// One complaint with its deadlines and the actions the caller may take.
///
/// The `ETag` header carries the version; send it back as `If-Match` with an
/// action to make sure nobody changed the case in between.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The complaint", body = Complaint),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/{complaint_id}")]
async fn get_complaint(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<HttpResponse> {
    let (complaint, access) = visible(&state, &principal, *id).await?;
    versioned(&state, &complaint, &access, state.clock.now()).await
}

/// The complaint and the caller's access to it, or 404.
pub async fn visible(
    state: &AppState,
    principal: &Principal,
    id: ComplaintId,
) -> ApiResult<(complaints::Model, Access)> {
    let complaint = complaints::Entity::find_by_id(id.0)
        .one(&state.db)
        .await?
        .ok_or_else(access::not_found)?;
    let access = access::access(&state.db, principal, &complaint).await?;
    Ok((complaint, access))
}

/// Take one step on the case: the `action` field names it.
///
/// Who may do what, and when, follows the complaint's state machine;
/// `allowed_actions` on the complaint lists what the caller may do now. A
/// step that is not possible is a 409 `invalid_transition` naming the state
/// and the allowed actions. With `If-Match`, a stale version is a 412.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("complaint_id" = ComplaintId, Path),
        ("If-Match" = Option<String>, Header, description = "The ETag of the complaint as last read"),
    ),
    request_body(content = ActionRequest, examples(
        ("accept" = (summary = "Intake accepts", value = json!({"action": "accept"}))),
        ("reject" = (summary = "Intake declines, with a reason", value = json!({"action": "reject", "reason": "before_court_or_arbitration", "note": "已向仲裁委员会申请仲裁"}))),
        ("request_info" = (summary = "Intake asks for more; the acceptance clock stops", value = json!({"action": "request_info", "question": "请补充购物小票或订单截图。"}))),
        ("answer_info" = (summary = "The consumer answers", value = json!({"action": "answer_info", "answer": "已上传订单截图。", "evidence": []}))),
        ("transfer" = (summary = "Intake transfers to another association", value = json!({"action": "transfer", "association_id": "0192f0c4-1111-7000-8000-000000000001", "reason": "经营者注册地在浙江省"}))),
        ("make_offer" = (summary = "The business proposes a settlement", value = json!({"action": "make_offer", "terms": "全额退款并承担退货运费", "amount_fen": 329900, "perform_by": "2026-12-20"}))),
        ("accept_offer" = (summary = "The consumer accepts the pending offer", value = json!({"action": "accept_offer"}))),
        ("decline_offer" = (summary = "The consumer declines and asks for mediation", value = json!({"action": "decline_offer", "reason": "只同意维修，不符合三包规定", "escalate": true}))),
        ("record_agreement" = (summary = "The mediator records an agreement both accepted", value = json!({"action": "record_agreement", "terms": "更换同型号新机", "perform_by": "2026-12-31", "consumer_agreed": true, "business_agreed": true}))),
        ("end_mediation" = (summary = "The mediator ends mediation without agreement", value = json!({"action": "end_mediation", "reason": "business_refused", "note": "经营者三次未到场"}))),
        ("confirm_performance" = (summary = "The consumer confirms the agreement was carried out", value = json!({"action": "confirm_performance"}))),
        ("withdraw" = (summary = "The consumer withdraws", value = json!({"action": "withdraw", "reason": "已与商家自行和解"}))),
        ("rate" = (summary = "The consumer rates the closed case", value = json!({"action": "rate", "score": 5, "comment": "处理及时"}))),
    )),
    responses(
        (status = 200, description = "The complaint after the step; `ETag` is the new version", body = Complaint),
        (status = 403, description = "The caller sees the case but plays no part that may act on it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: not possible in this state; or `conflict`: changed concurrently", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`precondition_failed`: If-Match names an old version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/complaints/{complaint_id}/actions")]
async fn act(
    state: web::Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    id: web::Path<ComplaintId>,
    body: Json<ActionRequest>,
) -> ApiResult<HttpResponse> {
    let (complaint, early) = visible(&state, &principal, *id).await?;
    if early.roles.is_empty() {
        return Err(ApiError::forbidden());
    }
    let body = body.into_inner()?;
    let expected = if_match(&request)?;
    check_version(expected, complaint.version)?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let current = store::lock(&txn, id.0)
        .await?
        .ok_or_else(access::not_found)?;
    check_version(expected, current.version)?;
    // Checked again on the locked row: a transfer may have just moved the case.
    let access = access::access(&txn, &principal, &current).await?;
    let actor = Actor {
        id: Some(principal.user_id.0),
        role: choose_role(&current, &access, &body, now)?,
    };
    let applied = actions::apply(&state, &txn, current, actor, Step::Request(&body), now).await?;
    txn.commit().await?;
    state.events.wake(&applied.recipients);
    tracing::info!(complaint = %applied.complaint.number, action = %wire_name(body.kind()), by = %principal.user_id, state = %applied.complaint.state, "complaint action");

    versioned(&state, &applied.complaint, &access, now).await
}

/// The part the caller plays for this action: the first of their parts
/// that may take it, else their first part (whose refusal names what it may do).
fn choose_role(
    complaint: &complaints::Model,
    access: &Access,
    body: &ActionRequest,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<CaseRole> {
    let state = state_of(complaint)?;
    let facts = facts_of(complaint, now);
    let escalate = matches!(body, ActionRequest::DeclineOffer { escalate: true, .. });
    let fitting = access
        .roles
        .iter()
        .copied()
        .find(|role| lifecycle::decide(state, body.kind(), *role, facts, escalate).is_ok());
    fitting
        .or_else(|| access.roles.first().copied())
        .ok_or_else(ApiError::forbidden)
}

/// The complaint as the caller may see it, with its version as `ETag`.
pub(crate) async fn versioned(
    state: &AppState,
    complaint: &complaints::Model,
    access: &Access,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<HttpResponse> {
    let shown = view::complaint(&state.db, &state.calendar, complaint, access, now).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(complaint.version)))
        .json(shown))
}

pub fn etag(version: i32) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

/// The version `If-Match` names; `*` or no header means any.
pub(crate) fn if_match(request: &HttpRequest) -> ApiResult<Option<i32>> {
    let Some(value) = request.headers().get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or_default().trim();
    if text == "*" {
        return Ok(None);
    }
    let bare = text.trim_start_matches("W/").trim_matches('"');
    bare.parse().map(Some).map_err(|_| {
        ApiError::field(
            "If-Match",
            "invalid_format",
            Text::new(
                "If-Match 应为读取投诉时得到的 ETag，例如 \"3\"。",
                "If-Match must be the ETag the complaint was read with, for example \"3\".",
            ),
        )
    })
}

pub(crate) fn check_version(expected: Option<i32>, current: i32) -> ApiResult<()> {
    match expected {
        Some(version) if version != current => Err(ApiError::new(
            ErrorCode::PreconditionFailed,
            actix_web::http::StatusCode::PRECONDITION_FAILED,
            Text::new(
                format!("投诉已更新（当前版本 {current}，您读取的是 {version}），请刷新后再操作。"),
                format!(
                    "The complaint changed (now version {current}, you read {version}); reload it and try again."
                ),
            ),
        )),
        _ => Ok(()),
    }
}

/// The case's timeline, as far as the caller may read it.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The entries the caller may read, oldest first", body = Vec<TimelineEntry>),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/{complaint_id}/timeline")]
async fn get_timeline(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<web::Json<Vec<TimelineEntry>>> {
    let (complaint, access) = visible(&state, &principal, *id).await?;

    let rows = timeline::all(&state.db, complaint.id).await?;
    let entries = rows
        .iter()
        .filter(|row| access.sees(timeline::visibility(row)))
        .map(timeline::view)
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(web::Json(entries))
}

/// The whole hash-chained case record, for arbitration or a court (association staff).
///
/// Every entry stores the SHA-256 of the one before; `chain_intact` says
/// whether every entry still matches its hash and link.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The record and the result of checking it", body = CaseRecord),
        (status = 403, description = "Parties read the timeline; the full record is for association staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/{complaint_id}/record")]
async fn get_record(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<web::Json<CaseRecord>> {
    let (complaint, access) = visible(&state, &principal, *id).await?;
    if access.side != Side::Association {
        return Err(ApiError::forbidden());
    }

    let rows = timeline::all(&state.db, complaint.id).await?;
    let chained = rows
        .iter()
        .map(timeline::chained)
        .collect::<ApiResult<Vec<_>>>()?;
    let check = timeline::check(&complaint, &chained);
    if let Err(broken) = &check {
        tracing::error!(complaint = %complaint.number, %broken, "case record fails its hash check");
    }
    Ok(web::Json(CaseRecord {
        complaint_id: ComplaintId(complaint.id),
        number: complaint.number.clone(),
        exported_at: state.clock.now(),
        entries: rows
            .iter()
            .map(timeline::view)
            .collect::<ApiResult<Vec<_>>>()?,
        chain_intact: check.is_ok(),
        chain_break: check.err(),
    }))
}
