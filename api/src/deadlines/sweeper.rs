//! The deadline sweeper: applies what passed deadlines imply and reminds the
//! parties of approaching ones.
//!
//! Each due deadline is handled in its own transaction that locks its case
//! (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so several API processes share
//! the work without waiting on each other, and in the same order as a
//! party's action: case first, then deadlines, so the two never deadlock),
//! marks the deadline missed only if it is still running, and applies the
//! expiry through the state machine. The
//! claim and the transition commit together: a crash before the commit
//! leaves the deadline running for the next sweep, a crash after it leaves
//! nothing to redo, so each due deadline is applied exactly once.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use shared::cases::Visibility;
use shared::complaints::{ActionKind, DeadlineKind};

use crate::complaints::actions::{self, Actor, Step};
use crate::complaints::audience::{self, Audience};
use crate::complaints::store;
use crate::complaints::timeline::{self, NewEntry};
use crate::db::skip_locked;
use crate::deadlines::store::{self as deadlines, MISSED, RUNNING, parse_kind};
use crate::entities::{complaints, deadlines as rows};
use crate::error::ApiResult;
use crate::i18n::Text;
use crate::notifications::{Notice, notify};
use crate::state::AppState;
use crate::webhooks;

/// Most deadlines one sweep handles; the next sweep takes the rest.
const BATCH: usize = 500;

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Deadlines found passed and applied.
    pub expired: usize,
    /// Reminders sent for approaching deadlines.
    pub reminded: usize,
}

/// One pass over the due and nearly due deadlines.
pub async fn sweep(state: &AppState) -> ApiResult<Swept> {
    let mut swept = Swept::default();
    while swept.expired < BATCH {
        let applied = expire_some(state).await?;
        if applied == 0 {
            break;
        }
        swept.expired += applied;
    }
    while swept.reminded < BATCH && remind_one(state).await? {
        swept.reminded += 1;
    }
    Ok(swept)
}

/// Applies the passed deadlines of one batch of candidates; 0 when none
/// was left for this process (all done, or all held by other processes).
async fn expire_some(state: &AppState) -> ApiResult<usize> {
    let now = state.clock.now();
    let candidates = rows::Entity::find()
        .filter(rows::Column::Status.eq(RUNNING))
        .filter(rows::Column::PausedAt.is_null())
        .filter(rows::Column::DueAt.lte(now))
        .order_by_asc(rows::Column::DueAt)
        .limit(50)
        .all(&state.db)
        .await?;

    let mut applied = 0;
    for candidate in candidates {
        if expire(state, &candidate, now).await? {
            applied += 1;
        }
    }
    Ok(applied)
}

/// Locks the case (skipping it if another process holds it), claims the
/// deadline if it still runs, and applies its expiry, all in one transaction.
async fn expire(state: &AppState, row: &rows::Model, now: DateTime<Utc>) -> ApiResult<bool> {
    let txn = state.writer.begin().await?;
    let Some(complaint) = store::try_lock(&txn, row.complaint_id).await? else {
        txn.rollback().await?;
        return Ok(false);
    };
    if !deadlines::settle(&txn, row.id, MISSED, now).await? {
        // Settled meanwhile, by a party's action or another sweeper.
        txn.rollback().await?;
        return Ok(false);
    }

    let recipients = apply_expiry(state, &txn, complaint, row, now).await?;
    txn.commit().await?;
    state.events.wake(&recipients);
    Ok(true)
}

async fn apply_expiry(
    state: &AppState,
    txn: &DatabaseTransaction,
    complaint: complaints::Model,
    row: &rows::Model,
    now: DateTime<Utc>,
) -> ApiResult<Vec<uuid::Uuid>> {
    let Some(action) = parse_kind(&row.kind).and_then(expiry_action) else {
        return acceptance_missed(txn, &complaint, now).await;
    };

    let applied = actions::apply(
        state,
        txn,
        complaint.clone(),
        Actor::system(),
        Step::Expired(action),
        now,
    )
    .await;
    match applied {
        Ok(applied) => {
            tracing::info!(complaint = %applied.complaint.number, deadline = %row.kind, state = %applied.complaint.state, "deadline passed and applied");
            Ok(applied.recipients)
        }
        Err(error) if error.code == shared::ErrorCode::InvalidTransition => {
            tracing::error!(complaint = %complaint.number, deadline = %row.kind, state = %complaint.state, "a passed deadline does not fit the case's state; marked missed without a transition");
            Ok(Vec::new())
        }
        Err(error) => Err(error),
    }
}

/// The transition a passed deadline causes; the association's own
/// acceptance deadline causes none, it is only recorded as missed.
fn expiry_action(kind: DeadlineKind) -> Option<ActionKind> {
    match kind {
        DeadlineKind::Acceptance => None,
        DeadlineKind::Information => Some(ActionKind::InfoRequestExpired),
        DeadlineKind::Reconciliation => Some(ActionKind::ReconciliationExpired),
        DeadlineKind::Mediation => Some(ActionKind::MediationExpired),
        DeadlineKind::Performance => Some(ActionKind::PerformanceExpired),
    }
}

async fn acceptance_missed(
    txn: &DatabaseTransaction,
    complaint: &complaints::Model,
    now: DateTime<Utc>,
) -> ApiResult<Vec<uuid::Uuid>> {
    let entry = NewEntry {
        kind: "acceptance_deadline_missed",
        actor_id: None,
        actor_role: "system",
        visibility: Visibility::Parties,
        payload: json!({}),
    };
    timeline::append(txn, complaint.id, entry, now).await?;

    let recipients = audience::members(txn, complaint, &[Audience::Intake]).await?;
    let notice = Notice {
        complaint_id: Some(complaint.id),
        kind: "acceptance_deadline_missed",
        title: Text::new(
            format!("投诉 {} 已超过受理期限，请尽快处理。", complaint.number),
            format!(
                "Complaint {} is past its acceptance deadline; decide on it now.",
                complaint.number
            ),
        ),
    };
    notify(txn, &recipients, &notice, now).await?;
    tracing::warn!(complaint = %complaint.number, "acceptance deadline missed");
    Ok(recipients)
}

/// Sends one "deadline approaching" reminder; false when none is due.
async fn remind_one(state: &AppState) -> ApiResult<bool> {
    let now = state.clock.now();
    let horizon = now + Duration::hours(state.settings.deadline_warning_hours as i64);
    let txn = state.writer.begin().await?;
    let near = rows::Entity::find()
        .filter(rows::Column::Status.eq(RUNNING))
        .filter(rows::Column::PausedAt.is_null())
        .filter(rows::Column::Warned.eq(false))
        .filter(rows::Column::DueAt.lte(horizon))
        .filter(rows::Column::DueAt.gt(now))
        .order_by_asc(rows::Column::DueAt)
        .limit(1);
    let Some(row) = skip_locked(near, &txn).one(&txn).await? else {
        txn.commit().await?;
        return Ok(false);
    };

    let claimed = rows::Entity::update_many()
        .col_expr(rows::Column::Warned, true.into())
        .filter(rows::Column::Id.eq(row.id))
        .filter(rows::Column::Warned.eq(false))
        .exec(&txn)
        .await?;
    let mut recipients = Vec::new();
    if claimed.rows_affected == 1 {
        recipients = remind(&txn, &row, now).await?;
    }
    txn.commit().await?;
    state.events.wake(&recipients);
    Ok(true)
}

async fn remind(
    txn: &DatabaseTransaction,
    row: &rows::Model,
    now: DateTime<Utc>,
) -> ApiResult<Vec<uuid::Uuid>> {
    let Some(complaint) = complaints::Entity::find_by_id(row.complaint_id)
        .one(txn)
        .await?
    else {
        return Ok(Vec::new());
    };
    let who = match parse_kind(&row.kind) {
        Some(DeadlineKind::Acceptance) => Audience::Intake,
        Some(DeadlineKind::Information) => Audience::Consumer,
        Some(DeadlineKind::Mediation) => Audience::Mediator,
        _ => Audience::Business,
    };
    let recipients = audience::members(txn, &complaint, &[who]).await?;
    let due = row
        .due_at
        .with_timezone(&crate::deadlines::calendar::china())
        .format("%Y-%m-%d %H:%M");
    let notice = Notice {
        complaint_id: Some(complaint.id),
        kind: "deadline_approaching",
        title: Text::new(
            format!(
                "投诉 {} 的{}期限将于 {due}（北京时间）到期。",
                complaint.number,
                kind_zh(&row.kind)
            ),
            format!(
                "The {} deadline of complaint {} falls due at {due} (China time).",
                row.kind, complaint.number
            ),
        ),
    };
    notify(txn, &recipients, &notice, now).await?;
    if let (Audience::Business, Some(kind)) = (who, parse_kind(&row.kind)) {
        webhooks::events::deadline_approaching(txn, &complaint, kind, row.due_at, now).await?;
    }
    Ok(recipients)
}

fn kind_zh(kind: &str) -> &'static str {
    match kind {
        "acceptance" => "受理",
        "information" => "补充材料",
        "reconciliation" => "和解",
        "mediation" => "调解",
        _ => "履行",
    }
}
