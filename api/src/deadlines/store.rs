//! Running deadlines as rows: started, paused, resumed and settled in the
//! transaction of the change that causes it.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use shared::cases::DeadlineView;
use shared::complaints::DeadlineKind;
use uuid::Uuid;

use crate::deadlines::{Deadline, WorkingDayCalendar};
use crate::entities::deadlines;
use crate::error::{ApiError, ApiResult};

pub const RUNNING: &str = "running";
pub const MET: &str = "met";
pub const MISSED: &str = "missed";
pub const CANCELLED: &str = "cancelled";

pub fn kind_str(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::Acceptance => "acceptance",
        DeadlineKind::Information => "information",
        DeadlineKind::Reconciliation => "reconciliation",
        DeadlineKind::Mediation => "mediation",
        DeadlineKind::Performance => "performance",
    }
}

pub fn parse_kind(value: &str) -> Option<DeadlineKind> {
    [
        DeadlineKind::Acceptance,
        DeadlineKind::Information,
        DeadlineKind::Reconciliation,
        DeadlineKind::Mediation,
        DeadlineKind::Performance,
    ]
    .into_iter()
    .find(|kind| kind_str(*kind) == value)
}

/// Inserts a running deadline.
pub async fn start(
    db: &impl ConnectionTrait,
    complaint_id: Uuid,
    deadline: &Deadline,
) -> ApiResult<deadlines::Model> {
    let model = deadlines::ActiveModel {
        id: Set(Uuid::now_v7()),
        complaint_id: Set(complaint_id),
        kind: Set(kind_str(deadline.kind).to_owned()),
        started_at: Set(deadline.started_at),
        due_at: Set(deadline.due_at),
        paused_at: Set(None),
        pause_reason: Set(None),
        status: Set(RUNNING.to_owned()),
        warned: Set(false),
        settled_at: Set(None),
    };
    Ok(deadlines::Entity::insert(model)
        .exec_with_returning(db)
        .await?)
}

/// The case's running deadlines, paused ones included.
pub async fn running(
    db: &impl ConnectionTrait,
    complaint_id: Uuid,
) -> ApiResult<Vec<deadlines::Model>> {
    Ok(deadlines::Entity::find()
        .filter(deadlines::Column::ComplaintId.eq(complaint_id))
        .filter(deadlines::Column::Status.eq(RUNNING))
        .all(db)
        .await?)
}

/// Ends a running deadline with `status`. Returns false when it had already
/// ended (another process settled it first).
pub async fn settle(
    db: &impl ConnectionTrait,
    id: Uuid,
    status: &str,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let result = deadlines::Entity::update_many()
        .col_expr(deadlines::Column::Status, status.into())
        .col_expr(deadlines::Column::SettledAt, Some(now).into())
        .filter(deadlines::Column::Id.eq(id))
        .filter(deadlines::Column::Status.eq(RUNNING))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Stops a deadline's clock, with the reason the parties see.
pub async fn pause(
    db: &impl ConnectionTrait,
    row: deadlines::Model,
    reason: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut active = row.into_active_model();
    active.paused_at = Set(Some(now));
    active.pause_reason = Set(Some(reason.to_owned()));
    active.update(db).await?;
    Ok(())
}

/// Restarts a paused deadline with the working days it had left.
pub async fn resume(
    db: &impl ConnectionTrait,
    calendar: &WorkingDayCalendar,
    row: deadlines::Model,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut deadline = domain(&row)?;
    deadline.resume(calendar, now);

    let mut active = row.into_active_model();
    active.due_at = Set(deadline.due_at);
    active.paused_at = Set(None);
    active.pause_reason = Set(None);
    active.update(db).await?;
    Ok(())
}

pub fn domain(row: &deadlines::Model) -> ApiResult<Deadline> {
    let kind = parse_kind(&row.kind).ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!(
            "deadline {} has an unknown kind `{}`",
            row.id,
            row.kind
        ))
    })?;
    Ok(Deadline {
        kind,
        started_at: row.started_at,
        due_at: row.due_at,
        paused_at: row.paused_at,
    })
}

/// Every deadline of the case, oldest first, as the parties see them.
pub async fn views(
    db: &impl ConnectionTrait,
    calendar: &WorkingDayCalendar,
    complaint_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<Vec<DeadlineView>> {
    let rows = deadlines::Entity::find()
        .filter(deadlines::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(deadlines::Column::StartedAt)
        .order_by_asc(deadlines::Column::Id)
        .all(db)
        .await?;

    rows.iter()
        .map(|row| {
            let deadline = domain(row)?;
            let left = if row.status == RUNNING {
                deadline.working_days_left(calendar, now)
            } else {
                0
            };
            Ok(DeadlineView {
                kind: deadline.kind,
                started_at: row.started_at,
                due_at: row.due_at,
                working_days_left: left,
                status: row.status.clone(),
                paused_at: row.paused_at,
                pause_reason: row.pause_reason.clone(),
            })
        })
        .collect()
}
