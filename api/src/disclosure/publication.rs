//! Publication of a complaint: when a disclosure rule fires at a step of the
//! case, the complaint is published in the same transaction (its timeline
//! says so, its public copy and search words are written); every later step
//! rewrites the copy. Staff may take a complaint off the public pages; it is
//! then never published again by a later step.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde_json::json;
use shared::ErrorCode;
use shared::cases::Visibility;
use shared::complaints::{ActionKind, ComplaintState};
use shared::publication::PublicationReason;
use uuid::Uuid;

use crate::complaints::audience::{self, Audience};
use crate::complaints::store;
use crate::complaints::timeline::{self, NewEntry};
use crate::disclosure::{projection, rules};
use crate::entities::{associations, complaints};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::notifications::{Notice, notify};

/// Publishes the complaint if a rule fires at this step, or rewrites its
/// public copy if it is already published. Returns the complaint as it now is.
pub async fn after_step(
    txn: &impl ConnectionTrait,
    complaint: complaints::Model,
    before: ComplaintState,
    step: ActionKind,
    now: DateTime<Utc>,
) -> ApiResult<complaints::Model> {
    if complaint.unpublished_at.is_some() {
        return Ok(complaint);
    }
    if complaint.published_at.is_some() {
        refresh(txn, &complaint, now).await?;
        return Ok(complaint);
    }

    let association = associations::Entity::find_by_id(complaint.association_id)
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("association missing")))?;
    match rules::fires(&rules::of(&association), &complaint, before, step) {
        Some(reason) => publish(txn, complaint, reason, now).await,
        None => Ok(complaint),
    }
}

/// Rewrites the public copy of a published complaint after a change.
pub async fn refresh(
    db: &impl ConnectionTrait,
    complaint: &complaints::Model,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if complaint.published_at.is_none() || complaint.unpublished_at.is_some() {
        return Ok(());
    }
    let reason = projection::reason_of(db, complaint)
        .await?
        .unwrap_or(PublicationReason::ClosedWithConsent);
    projection::write(db, complaint, reason, now).await
}

async fn publish(
    txn: &impl ConnectionTrait,
    complaint: complaints::Model,
    reason: PublicationReason,
    now: DateTime<Utc>,
) -> ApiResult<complaints::Model> {
    complaints::Entity::update_many()
        .col_expr(complaints::Column::PublishedAt, Some(now).into())
        .filter(complaints::Column::Id.eq(complaint.id))
        .exec(txn)
        .await?;
    let entry = NewEntry {
        kind: "published",
        actor_id: None,
        actor_role: "system",
        visibility: Visibility::Public,
        payload: json!({ "reason": reason.as_str() }),
    };
    timeline::append(txn, complaint.id, entry, now).await?;
    let published = reread(txn, complaint.id).await?;

    projection::write(txn, &published, reason, now).await?;
    tell(txn, &published, reason, now).await?;
    tracing::info!(number = %published.number, reason = reason.as_str(), "complaint published");
    Ok(published)
}

/// Tells the consumer and the business that the complaint is now public.
async fn tell(
    txn: &impl ConnectionTrait,
    complaint: &complaints::Model,
    reason: PublicationReason,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let number = &complaint.number;
    let why = match reason {
        PublicationReason::NonMemberAccepted => Text::new(
            "经营者未入驻平台，投诉受理后依规公开",
            "the business has not joined the platform, so accepted complaints are published",
        ),
        PublicationReason::DeadlineMissed => Text::new(
            "经营者未在和解期限内处理",
            "the business let the reconciliation deadline pass",
        ),
        PublicationReason::ClosedWithConsent => Text::new(
            "案件办结且消费者同意公开",
            "the case closed and the consumer consented",
        ),
    };
    let recipients =
        audience::members(txn, complaint, &[Audience::Consumer, Audience::Business]).await?;
    let notice = Notice {
        complaint_id: Some(complaint.id),
        kind: "published",
        title: Text::new(
            format!("投诉 {number} 已脱敏公开（{}）。", why.zh),
            format!("Complaint {number} was published, redacted ({}).", why.en),
        ),
    };
    notify(txn, &recipients, &notice, now).await?;
    Ok(())
}

/// The complaint, locked until the transaction ends, when it is on the
/// public pages: a 409 `not_published` when it is not (yet, or any more).
pub async fn lock_published(txn: &DatabaseTransaction, id: Uuid) -> ApiResult<complaints::Model> {
    let complaint = store::lock(txn, id)
        .await?
        .ok_or_else(crate::complaints::access::not_found)?;
    if complaint.published_at.is_none() || complaint.unpublished_at.is_some() {
        return Err(not_published());
    }
    Ok(complaint)
}

pub fn not_published() -> ApiError {
    ApiError::new(
        ErrorCode::NotPublished,
        actix_web::http::StatusCode::CONFLICT,
        Text::new(
            "该投诉目前没有公开。",
            "The complaint is not published at present.",
        ),
    )
}

/// Takes a published complaint off the public pages, for good.
pub async fn unpublish(
    txn: &impl ConnectionTrait,
    complaint: &complaints::Model,
    by: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> ApiResult<complaints::Model> {
    complaints::Entity::update_many()
        .col_expr(complaints::Column::UnpublishedAt, Some(now).into())
        .filter(complaints::Column::Id.eq(complaint.id))
        .exec(txn)
        .await?;
    let entry = NewEntry {
        kind: "unpublished",
        actor_id: Some(by),
        actor_role: "intake",
        visibility: Visibility::Parties,
        payload: json!({ "reason": reason }),
    };
    timeline::append(txn, complaint.id, entry, now).await?;
    projection::remove(txn, complaint).await?;
    tracing::info!(number = %complaint.number, by = %by, "complaint taken off the public pages");
    reread(txn, complaint.id).await
}

pub async fn reread(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<complaints::Model> {
    complaints::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("complaint {id} vanished")))
}
