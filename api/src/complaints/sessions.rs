//! Mediation sessions: the mediator sets a time for the parties to meet.
//! The session is a timeline entry both parties see and are told about.

use actix_web::{HttpResponse, post, web};
use serde_json::json;
use shared::cases::{ScheduleSessionRequest, TimelineEntry, Visibility};
use shared::complaints::{CaseRole, ComplaintState};
use shared::validation::{display_text, free_text};
use shared::{ComplaintId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::complaints::access;
use crate::complaints::audience::{self, Audience};
use crate::complaints::routes::visible;
use crate::complaints::store;
use crate::complaints::timeline::{self, NewEntry};
use crate::complaints::view::state_of;
use crate::deadlines::calendar::china;
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::notifications::{Notice, notify};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(schedule_session);
}

/// Set a mediation session (the case's mediator, while it is in mediation).
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    request_body(content = ScheduleSessionRequest, example = json!({"starts_at": "2026-12-10T02:00:00Z", "place": "广东省消费者委员会调解室（广州市越秀区）", "note": "请携带购物凭证原件"})),
    responses(
        (status = 201, description = "The timeline entry of the session", body = TimelineEntry),
        (status = 403, description = "Not a mediator of the handling association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The case is not in mediation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A time in the past, or an empty place", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/complaints/{complaint_id}/mediation-sessions")]
async fn schedule_session(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
    body: Json<ScheduleSessionRequest>,
) -> ApiResult<HttpResponse> {
    let (complaint, access) = visible(&state, &principal, *id).await?;
    if !access.acts_as(CaseRole::Mediator) {
        return Err(ApiError::forbidden());
    }
    let body = body.into_inner()?;
    if state_of(&complaint)? != ComplaintState::Mediating {
        return Err(ApiError::conflict(Text::new(
            "只有调解中的投诉才能安排调解会。",
            "Sessions can be set only while the case is in mediation.",
        )));
    }
    let now = state.clock.now();
    let (place, note) = check(&body, now)?;

    let txn = state.writer.begin().await?;
    let complaint = store::lock(&txn, complaint.id)
        .await?
        .ok_or_else(access::not_found)?;
    let access = access::access(&txn, &principal, &complaint).await?;
    if !access.acts_as(CaseRole::Mediator) || state_of(&complaint)? != ComplaintState::Mediating {
        return Err(crate::complaints::actions::changed_meanwhile());
    }
    let entry = NewEntry {
        kind: "mediation_session_scheduled",
        actor_id: Some(principal.user_id.0),
        actor_role: "mediator",
        visibility: Visibility::Parties,
        payload: json!({ "starts_at": body.starts_at, "place": place, "note": note }),
    };
    let row = timeline::append(&txn, complaint.id, entry, now).await?;
    let recipients =
        audience::members(&txn, &complaint, &[Audience::Consumer, Audience::Business]).await?;
    let when = body
        .starts_at
        .with_timezone(&china())
        .format("%Y-%m-%d %H:%M");
    let notice = Notice {
        complaint_id: Some(complaint.id),
        kind: "mediation_session_scheduled",
        title: Text::new(
            format!(
                "投诉 {} 的调解会定于 {when}（北京时间），地点：{place}。",
                complaint.number
            ),
            format!(
                "Mediation session for complaint {} at {when} (China time), at {place}.",
                complaint.number
            ),
        ),
    };
    notify(&txn, &recipients, &notice, now).await?;
    txn.commit().await?;
    state.events.wake(&recipients);

    Ok(HttpResponse::Created().json(timeline::view(&row)?))
}

fn check(
    body: &ScheduleSessionRequest,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<(String, Option<String>)> {
    let mut fields = Fields::default();
    if body.starts_at <= now || body.starts_at > now + chrono::Duration::days(180) {
        fields.push(
            "starts_at",
            "out_of_range",
            Text::new(
                "调解会时间应在现在到 180 天之内。",
                "The session must be between now and 180 days from now.",
            ),
        );
    }
    let place = fields.check(
        "place",
        display_text(&body.place, 200),
        Text::new(
            "地点不能包含控制字符。",
            "The place must not contain control characters.",
        ),
    );
    let note = match body.note.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(note) => fields.check(
            "note",
            free_text(note, 1, 1000),
            Text::new(
                "备注不能包含控制字符。",
                "The note must not contain control characters.",
            ),
        ),
    };
    fields.finish()?;
    place
        .map(|place| (place, note))
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("checked session fields went missing")))
}
