//! The business's public reply (企业回应): one comment per published
//! complaint, shown beside it, redacted like everything public.

use actix_web::{HttpResponse, post, web};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use shared::ComplaintId;
use shared::Problem;
use shared::businesses::ApiScope;
use shared::cases::Visibility;
use shared::complaints::CaseRole;
use shared::publication::{BusinessComment, BusinessCommentRequest};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::complaints::access::Side;
use crate::complaints::routes::visible;
use crate::complaints::timeline::{self, NewEntry};
use crate::disclosure::projection::COMMENT;
use crate::disclosure::publication::{lock_published, refresh};
use crate::entities::{published_complaints, timeline_entries};
use crate::error::{ApiError, ApiResult, text_field};
use crate::http::Json;
use crate::i18n::Text;
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(post_comment);
}

/// The business's one public reply to a published complaint (its users and
/// keys that act on cases). It is redacted before it is shown; the answer
/// is the comment as the public reads it.
#[utoipa::path(
    tag = "publication",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    request_body(content = BusinessCommentRequest, example = json!({"text": "我司已于12月3日为消费者办理退款，并加强了门店售后培训。"})),
    responses(
        (status = 201, description = "Posted; the comment as it shows on the public page, redacted", body = BusinessComment),
        (status = 403, description = "Not the business complained about", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not published, or replied to already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long text", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/complaints/{complaint_id}/public-comment")]
async fn post_comment(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
    body: Json<BusinessCommentRequest>,
) -> ApiResult<HttpResponse> {
    let (complaint, access) = visible(&state, &principal, *id).await?;
    principal.require(ApiScope::ActOnCases)?;
    if access.side != Side::Business || !access.acts_as(CaseRole::Business) {
        return Err(ApiError::forbidden_because(Text::new(
            "只有被投诉的经营者可以发表公开回应。",
            "Only the business complained about may reply publicly.",
        )));
    }
    let body = body.into_inner()?;
    let text = text_field("text", &body.text, 1000)?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let complaint = lock_published(&txn, complaint.id).await?;
    let earlier = timeline_entries::Entity::find()
        .filter(timeline_entries::Column::ComplaintId.eq(complaint.id))
        .filter(timeline_entries::Column::Kind.eq(COMMENT))
        .count(&txn)
        .await?;
    if earlier > 0 {
        return Err(ApiError::conflict(Text::new(
            "经营者对每件公开投诉只能回应一次。",
            "A business replies publicly once per published complaint.",
        )));
    }
    let entry = NewEntry {
        kind: COMMENT,
        actor_id: Some(principal.user_id.0),
        actor_role: "business",
        visibility: Visibility::Parties,
        payload: json!({ "text": text }),
    };
    timeline::append(&txn, complaint.id, entry, now).await?;
    refresh(&txn, &complaint, now).await?;
    let published = published_comment(&txn, complaint.id).await?;
    txn.commit().await?;
    tracing::info!(number = %complaint.number, by = %principal.user_id, "business replied publicly");

    Ok(HttpResponse::Created().json(published))
}

/// The comment as the public copy holds it, redacted.
async fn published_comment(
    db: &impl ConnectionTrait,
    complaint: uuid::Uuid,
) -> ApiResult<BusinessComment> {
    let row = published_complaints::Entity::find()
        .filter(published_complaints::Column::ComplaintId.eq(complaint))
        .one(db)
        .await?;
    row.and_then(|row| {
        Some(BusinessComment {
            text: row.business_comment?,
            at: row.business_comment_at?,
        })
    })
    .ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!(
            "the public copy of complaint {complaint} holds no comment after it was posted"
        ))
    })
}
