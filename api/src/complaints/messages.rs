//! Messages on a case between the consumer, the business and the
//! association, and staff's internal notes, which only staff read. Both are
//! timeline entries, so they are part of the hash-chained record.

use actix_web::{HttpResponse, get, post, web};
use serde_json::json;
use shared::cases::{Message, PostMessageRequest, Visibility};
use shared::validation::free_text;
use shared::webhooks::MessageAuthor;
use shared::{ComplaintId, EvidenceId, Problem, UserId};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::complaints::access::{self, Access, Side};
use crate::complaints::actions::role_name;
use crate::complaints::audience::{self, Audience};
use crate::complaints::routes::visible;
use crate::complaints::store;
use crate::complaints::timeline::{self, NewEntry};
use crate::complaints::view::state_of;
use crate::entities::timeline_entries;
use crate::error::{ApiError, ApiResult, invalid_message};
use crate::evidence::attach::{self, Attachment};
use crate::http::Json;
use crate::i18n::Text;
use crate::notifications::{Notice, notify};
use crate::state::AppState;
use crate::webhooks;

const MESSAGE: &str = "message";
const NOTE: &str = "internal_note";

pub fn configure(config: &mut ServiceConfig) {
    config.service(list_messages).service(post_message);
}

/// The case's messages the caller may read, oldest first (internal notes for staff only).
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The messages", body = Vec<Message>),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/{complaint_id}/messages")]
async fn list_messages(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<web::Json<Vec<Message>>> {
    let (complaint, access) = visible(&state, &principal, *id).await?;

    let rows = timeline::all(&state.db, complaint.id).await?;
    let messages = rows
        .iter()
        .filter(|row| row.kind == MESSAGE || row.kind == NOTE)
        .filter(|row| access.sees(timeline::visibility(row)))
        .map(message)
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(web::Json(messages))
}

/// Post a message on the case, or (staff) an internal note.
///
/// Attach files uploaded with `POST /evidence` by listing their ids.
/// Internal notes carry no files, so no file can leak from one.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    request_body(content = PostMessageRequest, example = json!({"body": "您好，请问门店地址是否仍在营业？", "internal": false, "evidence": []})),
    responses(
        (status = 201, description = "The message", body = Message),
        (status = 403, description = "Only association staff write internal notes", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long body, or unusable files", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/complaints/{complaint_id}/messages")]
async fn post_message(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
    body: Json<PostMessageRequest>,
) -> ApiResult<HttpResponse> {
    let (complaint, access) = visible(&state, &principal, *id).await?;
    principal.require(shared::businesses::ApiScope::ActOnCases)?;
    let body = body.into_inner()?;
    let text = check(&access, &body)?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let complaint = store::lock(&txn, complaint.id)
        .await?
        .ok_or_else(access::not_found)?;
    let access = access::access(&txn, &principal, &complaint).await?;
    check(&access, &body)?;
    let attachment = Attachment {
        ids: &body.evidence,
        uploader: principal.user_id.0,
        complaint: complaint.id,
        case_limit: state.settings.max_case_evidence_bytes,
        field: "evidence",
    };
    attach::attach(&txn, &attachment, now).await?;
    let entry = NewEntry {
        kind: if body.internal { NOTE } else { MESSAGE },
        actor_id: Some(principal.user_id.0),
        actor_role: author_role(&access),
        visibility: if body.internal {
            Visibility::Association
        } else {
            Visibility::Parties
        },
        payload: json!({ "body": text, "evidence": body.evidence }),
    };
    let row = timeline::append(&txn, complaint.id, entry, now).await?;

    let audiences = if body.internal {
        Vec::new()
    } else {
        readers(&complaint)?
    };
    let mut recipients = audience::members(&txn, &complaint, &audiences).await?;
    recipients.retain(|user| *user != principal.user_id.0);
    let notice = Notice {
        complaint_id: Some(complaint.id),
        kind: "message_posted",
        title: Text::new(
            format!("投诉 {} 有新留言。", complaint.number),
            format!("New message on complaint {}.", complaint.number),
        ),
    };
    notify(&txn, &recipients, &notice, now).await?;
    if let Some(author) = webhook_author(&access, body.internal) {
        webhooks::events::message_received(&txn, &complaint, author, row.sequence, now).await?;
    }
    crate::disclosure::publication::refresh(&txn, &complaint, now).await?;
    txn.commit().await?;
    state.events.wake(&recipients);

    Ok(HttpResponse::Created().json(message(&row)?))
}

/// Who is told of a new message: the parties, and the staff handling the
/// case at its stage (intake before acceptance, the mediator in mediation).
fn readers(complaint: &crate::entities::complaints::Model) -> ApiResult<Vec<Audience>> {
    use shared::complaints::ComplaintState as S;

    let mut audiences = vec![Audience::Consumer, Audience::Business];
    match state_of(complaint)? {
        S::Submitted | S::InfoRequested => audiences.push(Audience::Intake),
        S::Mediating => audiences.push(Audience::Mediator),
        S::AwaitingPerformance | S::Closed if complaint.mediator_id.is_some() => {
            audiences.push(Audience::Mediator)
        }
        _ => {}
    }
    Ok(audiences)
}

fn check(access: &Access, body: &PostMessageRequest) -> ApiResult<String> {
    if body.internal && access.side != Side::Association {
        return Err(ApiError::forbidden());
    }
    if body.internal && !body.evidence.is_empty() {
        return Err(ApiError::field(
            "evidence",
            "not_allowed",
            Text::new(
                "内部备注不能附加文件，请改用普通留言。",
                "Internal notes carry no files; attach them to a message instead.",
            ),
        ));
    }
    free_text(&body.body, 1, 5000).map_err(|invalid| {
        ApiError::field(
            "body",
            invalid.code(),
            invalid_message(
                invalid,
                &Text::new(
                    "留言不能包含控制字符。",
                    "The message must not contain control characters.",
                ),
            ),
        )
    })
}

/// Who wrote a message that the business receives by webhook: not an
/// internal note, and not the business itself.
fn webhook_author(access: &Access, internal: bool) -> Option<MessageAuthor> {
    match access.side {
        _ if internal => None,
        Side::Consumer => Some(MessageAuthor::Consumer),
        Side::Association => Some(MessageAuthor::Association),
        Side::Business => None,
    }
}

fn author_role(access: &Access) -> &'static str {
    match access.side {
        Side::Consumer => role_name(shared::complaints::CaseRole::Consumer),
        Side::Business => role_name(shared::complaints::CaseRole::Business),
        Side::Association => "association",
    }
}

fn message(row: &timeline_entries::Model) -> ApiResult<Message> {
    let entry = timeline::view(row)?;
    let evidence: Vec<EvidenceId> =
        serde_json::from_value(entry.payload["evidence"].clone()).unwrap_or_default();
    Ok(Message {
        sequence: entry.sequence,
        author_id: entry.actor_id.map(|id| UserId(id.0)),
        author_role: entry.actor_role,
        body: entry.payload["body"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        internal: row.kind == NOTE,
        evidence,
        created_at: entry.created_at,
    })
}
