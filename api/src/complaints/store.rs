//! Reading a complaint for a change. Every writer of a case (actions,
//! messages, sessions, the sweeper) locks the complaint row first and only
//! then touches its deadlines and timeline, so writers queue in one order
//! and never deadlock, and timeline entries never race for a sequence.

use sea_orm::{DatabaseTransaction, EntityTrait};
use uuid::Uuid;

use crate::db::{for_update, skip_locked};
use crate::entities::complaints;
use crate::error::ApiResult;

/// The complaint, locked for this transaction; waits for other writers.
pub async fn lock(txn: &DatabaseTransaction, id: Uuid) -> ApiResult<Option<complaints::Model>> {
    Ok(for_update(complaints::Entity::find_by_id(id), txn)
        .one(txn)
        .await?)
}

/// The complaint, locked, or None when another process holds it (or it is gone).
pub async fn try_lock(txn: &DatabaseTransaction, id: Uuid) -> ApiResult<Option<complaints::Model>> {
    Ok(skip_locked(complaints::Entity::find_by_id(id), txn)
        .one(txn)
        .await?)
}
