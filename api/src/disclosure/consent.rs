//! The consumer's side of publication: a preview of the text as it would be
//! published, before filing and for a filed complaint, and the consent to
//! publish, which the consumer may give or withdraw until publication.

use actix_web::{delete, get, post, put, web};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use shared::accounts::UserKind;
use shared::cases::Visibility;
use shared::publication::{PreviewRequest, Publication, PublicationPreview, RemovedCount};
use shared::{ComplaintId, ErrorCode, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::complaints::access::Side;
use crate::complaints::routes::visible;
use crate::complaints::store;
use crate::complaints::timeline::{self, NewEntry};
use crate::disclosure::projection::{Consumer, public_description};
use crate::disclosure::publication::reread;
use crate::disclosure::{KnownNames, RedactedKind, redact};
use crate::entities::{complaints, users};
use crate::error::{ApiError, ApiResult, text_field};
use crate::http::Json;
use crate::i18n::Text;
use crate::state::AppState;

/// The longest description a complaint may have, as filing checks it.
const MAX_DESCRIPTION: usize = 5000;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(preview)
        .service(get_publication)
        .service(give_consent)
        .service(withdraw_consent);
}

/// The description as it would be published, before filing: the caller's
/// own name and contact details and any other personal information replaced
/// by placeholders such as 【手机号】.
#[utoipa::path(
    tag = "publication",
    security(("bearer" = [])),
    request_body(content = PreviewRequest, example = json!({"description": "我叫王小明，手机13812345678，在门店买的手机三天就坏了，商家拒绝退款。"})),
    responses(
        (status = 200, description = "The text as it would be published", body = PublicationPreview),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long description", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/publication-preview")]
async fn preview(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<PreviewRequest>,
) -> ApiResult<web::Json<PublicationPreview>> {
    let body = body.into_inner()?;
    let description = text_field("description", &body.description, MAX_DESCRIPTION)?;
    let user = users::Entity::find_by_id(principal.user_id.0)
        .one(&state.db)
        .await?;
    let names = KnownNames::new(user.iter().map(|user| user.display_name.clone()));

    let redacted = redact(&description, &names);
    Ok(web::Json(PublicationPreview {
        description: redacted.text,
        removed: counts(redacted.spans.iter().map(|span| span.kind)),
        edited_by_staff: false,
    }))
}

/// Where the complaint stands with publication, and its text as published
/// (or as it would be). The consumer, the business and the association see it.
#[utoipa::path(
    tag = "publication",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The publication", body = Publication),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/{complaint_id}/publication")]
async fn get_publication(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<web::Json<Publication>> {
    let (complaint, _) = visible(&state, &principal, *id).await?;
    Ok(web::Json(publication(&state, &complaint).await?))
}

/// Consent to publication when the case closes (the consumer).
#[utoipa::path(
    tag = "publication",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The publication, with consent given", body = Publication),
        (status = 403, description = "Not the consumer who filed it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/complaints/{complaint_id}/consent")]
async fn give_consent(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<web::Json<Publication>> {
    set_consent(&state, &principal, *id, true).await
}

/// Withdraw consent to publication (the consumer), until the complaint is
/// published; afterwards this is a 409 `already_published`.
#[utoipa::path(
    tag = "publication",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The publication, with consent withdrawn", body = Publication),
        (status = 403, description = "Not the consumer who filed it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already published", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/complaints/{complaint_id}/consent")]
async fn withdraw_consent(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<web::Json<Publication>> {
    set_consent(&state, &principal, *id, false).await
}

async fn set_consent(
    state: &AppState,
    principal: &Principal,
    id: ComplaintId,
    consent: bool,
) -> ApiResult<web::Json<Publication>> {
    let (complaint, access) = visible(state, principal, id).await?;
    if access.side != Side::Consumer || principal.kind != UserKind::Consumer {
        return Err(ApiError::forbidden_because(Text::new(
            "只有提交投诉的消费者本人可以同意或撤回公开。",
            "Only the consumer who filed the complaint may give or withdraw consent.",
        )));
    }

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let complaint = store::lock(&txn, complaint.id)
        .await?
        .ok_or_else(crate::complaints::access::not_found)?;
    if complaint.consent_to_publish != consent {
        if complaint.published_at.is_some() {
            return Err(already_published(&complaint));
        }
        record(&txn, &complaint, principal, consent, now).await?;
    }
    let complaint = reread(&txn, complaint.id).await?;
    txn.commit().await?;
    tracing::info!(number = %complaint.number, consent, "consent to publication changed");

    Ok(web::Json(publication(state, &complaint).await?))
}

async fn record(
    txn: &impl sea_orm::ConnectionTrait,
    complaint: &complaints::Model,
    principal: &Principal,
    consent: bool,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let withdrawn_at: Option<DateTime<Utc>> = (!consent).then_some(now);
    complaints::Entity::update_many()
        .col_expr(complaints::Column::ConsentToPublish, consent.into())
        .col_expr(complaints::Column::ConsentWithdrawnAt, withdrawn_at.into())
        .col_expr(complaints::Column::Version, (complaint.version + 1).into())
        .col_expr(complaints::Column::UpdatedAt, now.into())
        .filter(complaints::Column::Id.eq(complaint.id))
        .exec(txn)
        .await?;
    let entry = NewEntry {
        kind: if consent {
            "consent_given"
        } else {
            "consent_withdrawn"
        },
        actor_id: Some(principal.user_id.0),
        actor_role: "consumer",
        visibility: Visibility::Parties,
        payload: json!({}),
    };
    timeline::append(txn, complaint.id, entry, now).await?;
    Ok(())
}

/// Consent changes no more once the complaint was published (or taken down).
pub fn already_published(complaint: &complaints::Model) -> ApiError {
    let detail = if complaint.unpublished_at.is_some() {
        Text::new(
            "该投诉公开后已被下架，公开同意不再变更。",
            "The complaint was published and has since been taken down; its consent no longer changes.",
        )
    } else {
        Text::new(
            "投诉已经公开，不能再撤回同意；如需下架请联系受理的消费者协会。",
            "The complaint is published already, so consent can no longer be withdrawn; ask the handling association to take it down if needed.",
        )
    };
    ApiError::new(
        ErrorCode::AlreadyPublished,
        actix_web::http::StatusCode::CONFLICT,
        detail,
    )
}

/// A filed complaint's publication, with its public text.
pub async fn publication(
    state: &AppState,
    complaint: &complaints::Model,
) -> ApiResult<Publication> {
    let consumer = Consumer::of(&state.db, complaint).await?;
    let description = public_description(complaint, &consumer);
    let removed = if complaint.public_description.is_some() {
        Vec::new()
    } else {
        let spans = redact(&complaint.description, &consumer.names).spans;
        counts(spans.iter().map(|span| span.kind))
    };

    Ok(Publication {
        complaint_id: ComplaintId(complaint.id),
        consent_to_publish: complaint.consent_to_publish,
        consent_withdrawn_at: complaint.consent_withdrawn_at,
        published_at: complaint.published_at,
        unpublished_at: complaint.unpublished_at,
        preview: PublicationPreview {
            description,
            removed,
            edited_by_staff: complaint.public_description.is_some(),
        },
    })
}

fn counts(kinds: impl Iterator<Item = RedactedKind>) -> Vec<RemovedCount> {
    let kinds: Vec<RedactedKind> = kinds.collect();
    RedactedKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let count = kinds.iter().filter(|k| **k == kind).count();
            (count > 0).then(|| RemovedCount {
                kind: kind.code().to_owned(),
                placeholder: kind.placeholder().to_owned(),
                count: count as u32,
            })
        })
        .collect()
}
