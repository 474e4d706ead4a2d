//! Putting a complaint into a group: it must be an open case against the
//! group's business at the group's association, in no other group. The
//! complaint keeps its own demands, state and deadlines; its timeline says
//! it joined.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::DatabaseTransaction;
use serde_json::json;
use shared::cases::Visibility;
use shared::complaints::ComplaintState;

use crate::complaints::actions::save;
use crate::complaints::timeline::{self, NewEntry};
use crate::complaints::view::state_of;
use crate::entities::{complaints, group_complaints};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;

/// Who puts the complaint in.
#[derive(Clone, Copy, Debug)]
pub struct Joiner {
    pub id: uuid::Uuid,
    /// `consumer` or `intake`, as the timeline names roles.
    pub role: &'static str,
}

/// Puts the locked complaint into the group, in the caller's transaction.
pub async fn enter(
    txn: &DatabaseTransaction,
    complaint: complaints::Model,
    group: &group_complaints::Model,
    joiner: Joiner,
    now: DateTime<Utc>,
) -> ApiResult<complaints::Model> {
    fits(&complaint, group)?;

    let version = complaint.version;
    let mut active: complaints::ActiveModel = complaint.into();
    active.group_id = Set(Some(group.id));
    active.updated_at = Set(now);
    let updated = save(txn, active, version).await?;
    let entry = NewEntry {
        kind: "joined_group",
        actor_id: Some(joiner.id),
        actor_role: joiner.role,
        visibility: Visibility::Parties,
        payload: json!({ "group_id": group.id, "title": group.title }),
    };
    timeline::append(txn, updated.id, entry, now).await?;
    Ok(updated)
}

/// Why the complaint cannot join the group, if it cannot.
pub fn fits(complaint: &complaints::Model, group: &group_complaints::Model) -> ApiResult<()> {
    if complaint.business_id != group.business_id
        || complaint.association_id != group.association_id
    {
        return Err(ApiError::field(
            "complaint_ids",
            "other_business",
            Text::new(
                format!(
                    "投诉 {} 不是本协会处理的针对同一经营者的投诉，不能并入此集体投诉。",
                    complaint.number
                ),
                format!(
                    "Complaint {} is not one against the same business handled by this association, so it cannot join the group.",
                    complaint.number
                ),
            ),
        ));
    }
    if state_of(complaint)? == ComplaintState::Closed {
        return Err(ApiError::conflict(Text::new(
            format!("投诉 {} 已经办结，不能再并入集体投诉。", complaint.number),
            format!(
                "Complaint {} is closed and can no longer join a group.",
                complaint.number
            ),
        )));
    }
    match complaint.group_id {
        None => Ok(()),
        Some(id) if id == group.id => Err(ApiError::conflict(Text::new(
            format!("投诉 {} 已在此集体投诉中。", complaint.number),
            format!("Complaint {} is in this group already.", complaint.number),
        ))),
        Some(_) => Err(ApiError::conflict(Text::new(
            format!(
                "投诉 {} 已属于另一个集体投诉；一件投诉只能属于一个集体投诉。",
                complaint.number
            ),
            format!(
                "Complaint {} belongs to another group already; a complaint belongs to one group at most.",
                complaint.number
            ),
        ))),
    }
}
