//! Staff correcting a complaint's category and nature: the change, its
//! timeline entry, and the labelled example the classifier learns from.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder};
use serde_json::json;
use shared::cases::Visibility;
use shared::classification::LabelCorrection;
use shared::complaints::CaseRole;
use uuid::Uuid;

use crate::classify::suggester::LabelledText;
use crate::complaints::actions::role_name;
use crate::complaints::timeline::{self, NewEntry};
use crate::entities::{categories, classification_corrections, complaints, natures};
use crate::error::{ApiResult, Fields};
use crate::i18n::Text;

/// Fails with a field error for each code the taxonomy does not have.
pub async fn check(db: &impl ConnectionTrait, body: &LabelCorrection) -> ApiResult<()> {
    let mut fields = Fields::default();
    if categories::Entity::find_by_id(body.category_code.clone())
        .one(db)
        .await?
        .is_none()
    {
        fields.push(
            "category_code",
            "unknown",
            Text::new(
                "没有这个投诉类别，请从 /api/v1/categories 中选择。",
                "No such category; choose one from /api/v1/categories.",
            ),
        );
    }
    if natures::Entity::find_by_id(body.nature_code.clone())
        .one(db)
        .await?
        .is_none()
    {
        fields.push(
            "nature_code",
            "unknown",
            Text::new(
                "没有这个投诉性质，请从 /api/v1/natures 中选择。",
                "No such nature; choose one from /api/v1/natures.",
            ),
        );
    }
    fields.finish()
}

/// Gives the locked complaint the corrected labels, records the change on
/// its timeline and keeps it as a labelled example. Nothing changes when
/// the labels are already these.
pub async fn correct(
    txn: &impl ConnectionTrait,
    complaint: complaints::Model,
    body: &LabelCorrection,
    staff: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<complaints::Model> {
    if complaint.category_code == body.category_code && complaint.nature_code == body.nature_code {
        return Ok(complaint);
    }
    let example = classification_corrections::ActiveModel {
        id: Set(Uuid::now_v7()),
        complaint_id: Set(complaint.id),
        text: Set(complaint.description.clone()),
        category_code: Set(body.category_code.clone()),
        nature_code: Set(body.nature_code.clone()),
        previous_category_code: Set(complaint.category_code.clone()),
        previous_nature_code: Set(complaint.nature_code.clone()),
        corrected_by: Set(staff),
        created_at: Set(now),
    };
    example.insert(txn).await?;

    let entry = NewEntry {
        kind: "labels_corrected",
        actor_id: Some(staff),
        actor_role: role_name(CaseRole::Intake),
        visibility: Visibility::Parties,
        payload: json!({
            "category_code": body.category_code,
            "nature_code": body.nature_code,
            "previous_category_code": complaint.category_code,
            "previous_nature_code": complaint.nature_code,
        }),
    };
    timeline::append(txn, complaint.id, entry, now).await?;

    let version = complaint.version;
    let mut changed: complaints::ActiveModel = complaint.into();
    changed.category_code = Set(body.category_code.clone());
    changed.nature_code = Set(body.nature_code.clone());
    changed.version = Set(version + 1);
    changed.updated_at = Set(now);
    Ok(changed.update(txn).await?)
}

/// Every stored correction, oldest first, as labelled text.
pub async fn all(db: &impl ConnectionTrait) -> ApiResult<Vec<LabelledText>> {
    let rows = classification_corrections::Entity::find()
        .order_by_asc(classification_corrections::Column::CreatedAt)
        .order_by_asc(classification_corrections::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| LabelledText {
            text: row.text,
            category_code: row.category_code,
            nature_code: row.nature_code,
        })
        .collect())
}

/// How many corrections are stored.
pub async fn count(db: &impl ConnectionTrait) -> ApiResult<u64> {
    Ok(classification_corrections::Entity::find().count(db).await?)
}
