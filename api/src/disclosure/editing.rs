//! Staff's side of publication: the handling association edits the redacted
//! text before or after publication (every edit is logged with its author
//! and what it replaced) and may take a complaint off the public pages.

use actix_web::{get, post, put, web};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::accounts::{StaffRole, UserKind};
use shared::publication::{EditPublicTextRequest, Publication, PublicationEdit, UnpublishRequest};
use shared::{ComplaintId, ErrorCode, Problem, UserId};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::complaints::access::{Access, Side};
use crate::complaints::routes::visible;
use crate::complaints::store;
use crate::disclosure::consent::publication;
use crate::disclosure::personal;
use crate::disclosure::projection::{Consumer, public_description};
use crate::disclosure::publication::{lock_published, refresh, reread, unpublish};
use crate::entities::{complaints, publication_edits};
use crate::error::{ApiError, ApiResult, optional_text, text_field};
use crate::http::Json;
use crate::i18n::Text;
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(edit_text)
        .service(list_edits)
        .service(take_down);
}

/// Replace the redacted description that is (or will be) published: staff
/// of the handling association, or a platform admin. The text must itself be
/// free of personal information; the edit is logged.
#[utoipa::path(
    tag = "publication",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    request_body(content = EditPublicTextRequest, example = json!({"description": "在门店购买的手机三天后无法开机，商家拒绝退款。", "note": "删去与投诉无关的家庭情况"})),
    responses(
        (status = 200, description = "The publication with the edited text", body = Publication),
        (status = 403, description = "Not staff of the handling association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The complaint was taken down", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long text, or text that still holds personal information", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/complaints/{complaint_id}/public-text")]
async fn edit_text(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
    body: Json<EditPublicTextRequest>,
) -> ApiResult<web::Json<Publication>> {
    let (complaint, access) = visible(&state, &principal, *id).await?;
    may_edit(&principal, &access)?;
    let body = body.into_inner()?;
    let note = optional_text("note", body.note.as_deref(), 500)?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let complaint = store::lock(&txn, complaint.id)
        .await?
        .ok_or_else(crate::complaints::access::not_found)?;
    if complaint.unpublished_at.is_some() {
        return Err(taken_down());
    }
    let consumer = Consumer::of(&txn, &complaint).await?;
    let text = check_text(&body.description, &consumer)?;
    let before = public_description(&complaint, &consumer);
    if before != text {
        save(&txn, &complaint, &principal, (before, &text, note), now).await?;
    }
    let complaint = reread(&txn, complaint.id).await?;
    refresh(&txn, &complaint, now).await?;
    txn.commit().await?;
    tracing::info!(number = %complaint.number, by = %principal.user_id, "public text edited");

    Ok(web::Json(publication(&state, &complaint).await?))
}

/// Every edit of the complaint's public text, oldest first (association side only).
#[utoipa::path(
    tag = "publication",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The edits", body = Vec<PublicationEdit>),
        (status = 403, description = "Not association staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/{complaint_id}/public-text/edits")]
async fn list_edits(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<web::Json<Vec<PublicationEdit>>> {
    let (complaint, access) = visible(&state, &principal, *id).await?;
    if access.side != Side::Association {
        return Err(staff_only());
    }

    let rows = publication_edits::Entity::find()
        .filter(publication_edits::Column::ComplaintId.eq(complaint.id))
        .order_by_asc(publication_edits::Column::EditedAt)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().map(view).collect()))
}

/// Take a published complaint off the public pages for good (an admin of
/// the handling association, or a platform admin), with the reason.
#[utoipa::path(
    tag = "publication",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    request_body(content = UnpublishRequest, example = json!({"reason": "法院裁定要求删除"})),
    responses(
        (status = 200, description = "The publication, taken down", body = Publication),
        (status = 403, description = "Not an admin of the handling association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not published (or taken down already)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or too long reason", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/complaints/{complaint_id}/unpublication")]
async fn take_down(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
    body: Json<UnpublishRequest>,
) -> ApiResult<web::Json<Publication>> {
    let (complaint, _) = visible(&state, &principal, *id).await?;
    may_take_down(&principal, &complaint)?;
    let body = body.into_inner()?;
    let reason = text_field("reason", &body.reason, 500)?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let complaint = lock_published(&txn, complaint.id).await?;
    let complaint = unpublish(&txn, &complaint, principal.user_id.0, &reason, now).await?;
    txn.commit().await?;

    Ok(web::Json(publication(&state, &complaint).await?))
}

fn may_edit(principal: &Principal, access: &Access) -> ApiResult<()> {
    let handling = access.side == Side::Association && !access.roles.is_empty();
    if handling || principal.kind == UserKind::PlatformAdmin {
        Ok(())
    } else {
        Err(ApiError::forbidden_because(Text::new(
            "只有受理该投诉的消费者协会工作人员或平台管理员可以修改公开文本。",
            "Only staff of the handling association or a platform admin may edit the public text.",
        )))
    }
}

fn may_take_down(principal: &Principal, complaint: &complaints::Model) -> ApiResult<()> {
    let admin_here = principal.association_id.map(|a| a.0) == Some(complaint.association_id)
        && principal.has_role(StaffRole::AssociationAdmin);
    if admin_here || principal.kind == UserKind::PlatformAdmin {
        Ok(())
    } else {
        Err(ApiError::forbidden_because(Text::new(
            "只有受理该投诉的消费者协会管理员或平台管理员可以下架公开的投诉。",
            "Only an admin of the handling association or a platform admin may take a complaint down.",
        )))
    }
}

fn staff_only() -> ApiError {
    ApiError::forbidden_because(Text::new(
        "只有消费者协会工作人员可以查看公开文本的修改记录。",
        "Only association staff may read the edits of the public text.",
    ))
}

fn taken_down() -> ApiError {
    ApiError::new(
        ErrorCode::NotPublished,
        actix_web::http::StatusCode::CONFLICT,
        Text::new(
            "该投诉已下架，公开文本不再修改。",
            "The complaint was taken down; its public text no longer changes.",
        ),
    )
}

/// The edited text, refused while the redactor still finds personal
/// information in it.
fn check_text(value: &str, consumer: &Consumer) -> ApiResult<String> {
    let value = text_field("description", value, 5000)?;
    match personal::still_in(&value, &consumer.names) {
        Some(problem) => Err(ApiError::field("description", personal::CODE, problem)),
        None => Ok(value),
    }
}

async fn save(
    txn: &impl ConnectionTrait,
    complaint: &complaints::Model,
    principal: &Principal,
    (before, after, note): (String, &str, Option<String>),
    now: DateTime<Utc>,
) -> ApiResult<()> {
    complaints::Entity::update_many()
        .col_expr(
            complaints::Column::PublicDescription,
            Some(after.to_owned()).into(),
        )
        .filter(complaints::Column::Id.eq(complaint.id))
        .exec(txn)
        .await?;
    publication_edits::Entity::insert(publication_edits::ActiveModel {
        id: Set(Uuid::now_v7()),
        complaint_id: Set(complaint.id),
        editor_id: Set(principal.user_id.0),
        field: Set("description".to_owned()),
        before: Set(before),
        after: Set(after.to_owned()),
        note: Set(note),
        edited_at: Set(now),
    })
    .exec(txn)
    .await?;
    Ok(())
}

fn view(row: publication_edits::Model) -> PublicationEdit {
    PublicationEdit {
        field: row.field,
        before: row.before,
        after: row.after,
        note: row.note,
        editor_id: UserId(row.editor_id),
        edited_at: row.edited_at,
    }
}
