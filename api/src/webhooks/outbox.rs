//! The outbox of webhook deliveries: one row per event and webhook.
//!
//! Rows are written in the transaction of the change they report, so a
//! change that rolls back sends nothing and a change that commits keeps its
//! deliveries whatever then happens to the process. Each event takes the
//! next number of its complaint's counter, whose row stays locked until the
//! change commits, so a case's events are numbered in the order they
//! committed; a webhook gets one case's events in that order, never one
//! while an earlier one is still pending.
//!
//! A worker claims due rows in a short transaction (`FOR UPDATE SKIP LOCKED`
//! on PostgreSQL, so replicas share the work), setting a lease, and sends
//! them with no transaction open. If the worker dies, the lease runs out and
//! another worker sends the row again: each delivery arrives at least once.

use chrono::{DateTime, Duration, Utc};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Iden, QueryFilter, QueryOrder,
    QuerySelect,
};
use shared::webhooks::{DeliveryStatus, WebhookEvent, WebhookPayload};
use uuid::Uuid;

use crate::db::{Writer, skip_locked};
use crate::entities::webhook_deliveries::{self as rows, Column, Entity};
use crate::entities::{webhook_endpoints as endpoints, webhook_sequences as sequences};
use crate::error::{ApiError, ApiResult};
use crate::webhooks::endpoints::subscribes;

/// How long a delivery is retried after its first attempt.
pub fn retry_window() -> Duration {
    Duration::hours(24)
}

/// The pause after the `attempts`-th failed attempt: 30 seconds, doubling
/// each time, at most an hour.
pub fn backoff(attempts: i32) -> Duration {
    let doublings = attempts.saturating_sub(1).clamp(0, 7) as u32;
    Duration::seconds(std::cmp::min(30_i64 << doublings, 3600))
}

/// Queues the event for each of the business's active webhooks that
/// subscribe to it; returns how many. Call it inside the change's transaction.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    payload: &WebhookPayload,
    now: DateTime<Utc>,
) -> ApiResult<usize> {
    let webhooks = subscribed(db, payload.business_id.0, payload.event).await?;
    if webhooks.is_empty() {
        return Ok(0);
    }

    let sequence = next_sequence(db, payload.complaint.id.0).await?;
    let body = serde_json::to_string(payload).map_err(ApiError::internal)?;
    let queued = webhooks.iter().map(|webhook| rows::ActiveModel {
        endpoint_id: Set(webhook.id),
        business_id: Set(payload.business_id.0),
        complaint_id: Set(payload.complaint.id.0),
        sequence: Set(sequence),
        event_id: Set(payload.id),
        event_type: Set(payload.event.as_str().to_owned()),
        body: Set(body.clone()),
        ..fresh(now)
    });
    Entity::insert_many(queued).exec(db).await?;
    Ok(webhooks.len())
}

async fn subscribed(
    db: &impl ConnectionTrait,
    business_id: Uuid,
    event: WebhookEvent,
) -> ApiResult<Vec<endpoints::Model>> {
    let webhooks = endpoints::Entity::find()
        .filter(endpoints::Column::BusinessId.eq(business_id))
        .filter(endpoints::Column::Active.eq(true))
        .all(db)
        .await?;
    Ok(webhooks
        .into_iter()
        .filter(|webhook| subscribes(webhook, event))
        .collect())
}

/// A pending row due now, with no attempt yet.
fn fresh(now: DateTime<Utc>) -> rows::ActiveModel {
    rows::ActiveModel {
        id: NotSet,
        status: Set(DeliveryStatus::Pending.as_str().to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        first_attempt_at: Set(None),
        last_attempt_at: Set(None),
        lease_until: Set(None),
        lease_token: Set(None),
        last_status_code: Set(None),
        last_error: Set(None),
        delivered_at: Set(None),
        redelivery_of: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
}

/// The complaint's next event number. The upsert locks the counter row
/// until the transaction ends, which orders the case's events by commit.
async fn next_sequence(db: &impl ConnectionTrait, complaint_id: Uuid) -> ApiResult<i64> {
    let last = sequences::Column::Last;
    let bump = Query::insert()
        .into_table(sequences::Entity)
        .columns([sequences::Column::ComplaintId, last])
        .values_panic([complaint_id.into(), 1_i64.into()])
        .on_conflict(
            OnConflict::column(sequences::Column::ComplaintId)
                .value(last, Expr::col((sequences::Entity, last)).add(1))
                .to_owned(),
        )
        .returning_col(last)
        .to_owned();

    let row = db.query_one(&bump).await?.ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!("the webhook event counter returned no row"))
    })?;
    Ok(row.try_get("", &last.to_string())?)
}

/// Sends the event of a delivery again, now. A pending delivery is simply
/// made due; a finished one gets a new row after the case's queued events.
pub async fn redeliver(
    db: &impl ConnectionTrait,
    original: &rows::Model,
    now: DateTime<Utc>,
) -> ApiResult<rows::Model> {
    if original.status == DeliveryStatus::Pending.as_str() {
        Entity::update_many()
            .col_expr(Column::NextAttemptAt, Expr::value(now))
            .filter(Column::Id.eq(original.id))
            .exec(db)
            .await?;
        return Entity::find_by_id(original.id)
            .one(db)
            .await?
            .ok_or_else(|| ApiError::not_found("投递记录", "delivery"));
    }

    let sequence = next_sequence(db, original.complaint_id).await?;
    let again = rows::ActiveModel {
        endpoint_id: Set(original.endpoint_id),
        business_id: Set(original.business_id),
        complaint_id: Set(original.complaint_id),
        sequence: Set(sequence),
        event_id: Set(original.event_id),
        event_type: Set(original.event_type.clone()),
        body: Set(original.body.clone()),
        redelivery_of: Set(Some(original.id)),
        ..fresh(now)
    };
    Ok(Entity::insert(again).exec_with_returning(db).await?)
}

/// Claims up to `limit` due deliveries for `lease`: pending, due, not held
/// by a live lease, of an active webhook, and first in their case's line.
/// The returned rows show the attempt as counted.
pub async fn claim(
    writer: &Writer,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> ApiResult<Vec<rows::Model>> {
    let txn = writer.begin().await?;
    let due = Entity::find()
        .filter(Column::Status.eq(DeliveryStatus::Pending.as_str()))
        .filter(Column::NextAttemptAt.lte(now))
        .filter(
            Condition::any()
                .add(Column::LeaseUntil.is_null())
                .add(Column::LeaseUntil.lte(now)),
        )
        .filter(Column::EndpointId.in_subquery(active_webhooks()))
        .filter(Expr::exists(earlier_pending()).not())
        .order_by_asc(Column::NextAttemptAt)
        .order_by_asc(Column::Id)
        .limit(limit);
    let mut claimed = skip_locked(due, &txn).all(&txn).await?;
    if claimed.is_empty() {
        txn.commit().await?;
        return Ok(claimed);
    }

    let token = Uuid::now_v7();
    let until = now + lease;
    let ids: Vec<i64> = claimed.iter().map(|row| row.id).collect();
    Entity::update_many()
        .col_expr(Column::LeaseUntil, Expr::value(until))
        .col_expr(Column::LeaseToken, Expr::value(token))
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .col_expr(
            Column::FirstAttemptAt,
            Expr::col(Column::FirstAttemptAt).if_null(now),
        )
        .col_expr(Column::LastAttemptAt, Expr::value(now))
        .filter(Column::Id.is_in(ids))
        .exec(&txn)
        .await?;
    txn.commit().await?;

    for row in &mut claimed {
        row.lease_until = Some(until);
        row.lease_token = Some(token);
        row.attempts += 1;
        row.first_attempt_at.get_or_insert(now);
        row.last_attempt_at = Some(now);
    }
    Ok(claimed)
}

fn active_webhooks() -> SelectStatement {
    Query::select()
        .column(endpoints::Column::Id)
        .from(endpoints::Entity)
        .and_where(Expr::col(endpoints::Column::Active).eq(true))
        .to_owned()
}

/// An earlier event of the same case for the same webhook, still pending.
fn earlier_pending() -> SelectStatement {
    let earlier = Alias::new("earlier");
    let same = |column: Column| Expr::col((earlier.clone(), column)).equals((Entity, column));
    Query::select()
        .expr(Expr::value(1))
        .from_as(Entity, earlier.clone())
        .and_where(same(Column::EndpointId))
        .and_where(same(Column::ComplaintId))
        .and_where(
            Expr::col((earlier.clone(), Column::Status)).eq(DeliveryStatus::Pending.as_str()),
        )
        .and_where(Expr::col((earlier, Column::Sequence)).lt(Expr::col((Entity, Column::Sequence))))
        .to_owned()
}

/// How one attempt went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// The receiver answered 2xx.
    Delivered { status: u16 },
    /// Anything else: another status, no answer, a refused address.
    Failed { status: Option<u16>, error: String },
}

/// What became of a claimed delivery after its attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    Delivered,
    /// To be tried again at this time.
    Retrying(DateTime<Utc>),
    /// Given up: the retry window has passed.
    Failed,
    /// The lease had passed to another worker, which records its own attempt.
    Superseded,
}

/// Records the attempt on a claimed row, if the claim still holds it.
pub async fn record(
    db: &impl ConnectionTrait,
    row: &rows::Model,
    attempt: &Attempt,
    now: DateTime<Utc>,
) -> ApiResult<Settled> {
    let (settled, update) = settle(row, attempt, now);
    let update = update
        .col_expr(
            Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(Column::LeaseToken, Expr::value(Option::<Uuid>::None))
        .filter(Column::Id.eq(row.id))
        .filter(Column::LeaseToken.eq(row.lease_token))
        .exec(db)
        .await?;
    if update.rows_affected == 0 {
        return Ok(Settled::Superseded);
    }
    Ok(settled)
}

fn settle(
    row: &rows::Model,
    attempt: &Attempt,
    now: DateTime<Utc>,
) -> (Settled, sea_orm::UpdateMany<Entity>) {
    let update = Entity::update_many();
    let (status, error) = match attempt {
        Attempt::Delivered { status } => {
            let update = update
                .col_expr(
                    Column::Status,
                    Expr::value(DeliveryStatus::Delivered.as_str()),
                )
                .col_expr(Column::DeliveredAt, Expr::value(now))
                .col_expr(Column::LastStatusCode, Expr::value(i32::from(*status)))
                .col_expr(Column::LastError, Expr::value(Option::<String>::None));
            return (Settled::Delivered, update);
        }
        Attempt::Failed { status, error } => (status.map(i32::from), error),
    };

    let error: String = error.chars().take(500).collect();
    let update = update
        .col_expr(Column::LastStatusCode, Expr::value(status))
        .col_expr(Column::LastError, Expr::value(error));
    match next_attempt(row, now) {
        Some(next) => (
            Settled::Retrying(next),
            update.col_expr(Column::NextAttemptAt, Expr::value(next)),
        ),
        None => (
            Settled::Failed,
            update.col_expr(Column::Status, Expr::value(DeliveryStatus::Failed.as_str())),
        ),
    }
}

/// When to try again after a failed attempt, or None once the window has
/// passed. The last attempt falls at the end of the window.
pub fn next_attempt(row: &rows::Model, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let end = row.first_attempt_at.unwrap_or(now) + retry_window();
    if now >= end {
        return None;
    }
    Some(std::cmp::min(now + backoff(row.attempts), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(attempts: i32, first: DateTime<Utc>) -> rows::Model {
        rows::Model {
            id: 1,
            endpoint_id: Uuid::nil(),
            business_id: Uuid::nil(),
            complaint_id: Uuid::nil(),
            sequence: 1,
            event_id: Uuid::nil(),
            event_type: "case_closed".into(),
            body: "{}".into(),
            status: "pending".into(),
            attempts,
            next_attempt_at: first,
            first_attempt_at: Some(first),
            last_attempt_at: Some(first),
            lease_until: None,
            lease_token: None,
            last_status_code: None,
            last_error: None,
            delivered_at: None,
            redelivery_of: None,
            created_at: first,
        }
    }

    #[test]
    fn pauses_double_from_thirty_seconds_up_to_an_hour() {
        let pauses: Vec<i64> = (1..=10).map(|n| backoff(n).num_seconds()).collect();

        assert_eq!(
            pauses,
            vec![30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
        );
    }

    #[test]
    fn the_last_attempt_falls_at_the_end_of_the_window_and_then_it_fails() {
        let first = DateTime::UNIX_EPOCH;
        let late = first + Duration::hours(23) + Duration::minutes(50);

        assert_eq!(
            next_attempt(&row(1, first), first),
            Some(first + Duration::seconds(30))
        );
        assert_eq!(
            next_attempt(&row(20, first), late),
            Some(first + Duration::hours(24))
        );
        assert_eq!(
            next_attempt(&row(21, first), first + Duration::hours(24)),
            None
        );
    }
}
