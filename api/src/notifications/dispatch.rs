//! Sending notices by SMS or e-mail. Inbox rows are written with the change
//! they report; this job sends the ones that matter enough to reach a phone
//! and marks every row handled. A row is marked in the transaction that
//! holds its lock while sending, so a crash before the commit sends it again
//! (at least once) and two processes never send the same row together. A
//! notice the gateway refuses stays in the inbox and is not retried.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::db::skip_locked;
use crate::entities::{notifications, users};
use crate::error::ApiResult;
use crate::notifications::{Message, sender::mask};
use crate::state::AppState;

/// Rows handled per transaction.
const BATCH: u64 = 50;

/// Notices worth an SMS or e-mail; the rest stay in the inbox only.
pub fn worth_sending(kind: &str) -> bool {
    matches!(
        kind,
        "accepted"
            | "rejected"
            | "info_requested"
            | "offer_made"
            | "transferred"
            | "agreement_recorded"
            | "mediation_ended"
            | "reconciliation_deadline_missed"
            | "info_request_expired"
            | "deadline_approaching"
            | "joining_approved"
            | "joining_rejected"
            | "joining_more_info_requested"
            | "membership_changed"
    )
}

/// Sends one batch of unsent notices; returns how many rows it handled.
pub async fn send_pending(state: &AppState) -> ApiResult<usize> {
    let txn = state.writer.begin().await?;
    let pending = notifications::Entity::find()
        .filter(notifications::Column::SentAt.is_null())
        .order_by_asc(notifications::Column::Id)
        .limit(BATCH);
    let rows = skip_locked(pending, &txn).all(&txn).await?;

    for row in &rows {
        if worth_sending(&row.kind) {
            send(state, &txn, row).await?;
        }
    }
    let ids: Vec<i32> = rows.iter().map(|row| row.id).collect();
    notifications::Entity::update_many()
        .col_expr(
            notifications::Column::SentAt,
            Some(state.clock.now()).into(),
        )
        .filter(notifications::Column::Id.is_in(ids))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(rows.len())
}

async fn send(
    state: &AppState,
    db: &impl ConnectionTrait,
    row: &notifications::Model,
) -> ApiResult<()> {
    let Some(user) = users::Entity::find_by_id(row.user_id).one(db).await? else {
        return Ok(());
    };
    let Some(to) = user.phone.or(user.email) else {
        // Staff and business handlers sign in with a login name; their inbox is enough.
        return Ok(());
    };

    let message = Message {
        to,
        subject: "【消费投诉】".to_owned(),
        body: row.title_zh.clone(),
    };
    if let Err(error) = state.sender.send(&message).await {
        // The inbox keeps the notice; one bad address must not block the rest.
        tracing::warn!(notification = row.id, to = %mask(&message.to), error = %error, "sending a notice failed; it stays in the inbox only");
    }
    Ok(())
}
