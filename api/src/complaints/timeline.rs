//! The case's timeline: append-only, hash-chained entries, each with the
//! parties allowed to read it.

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;
use shared::UserId;
use shared::cases::{TimelineEntry, Visibility};
use uuid::Uuid;

use crate::complaints::record::{ChainedEntry, GENESIS, entry_hash, verify};
use crate::entities::{complaints, timeline_entries};
use crate::error::{ApiError, ApiResult};

/// An entry about to be appended.
pub struct NewEntry {
    pub kind: &'static str,
    pub actor_id: Option<Uuid>,
    pub actor_role: &'static str,
    pub visibility: Visibility,
    pub payload: Value,
}

/// Appends the entry after the case's last one, linking it by hash. Run it
/// in the transaction that makes the change it records; two appends racing
/// for one case collide on the unique sequence and one of them rolls back.
pub async fn append(
    db: &impl ConnectionTrait,
    complaint_id: Uuid,
    entry: NewEntry,
    now: DateTime<Utc>,
) -> ApiResult<timeline_entries::Model> {
    let last = timeline_entries::Entity::find()
        .filter(timeline_entries::Column::ComplaintId.eq(complaint_id))
        .order_by_desc(timeline_entries::Column::Sequence)
        .one(db)
        .await?;
    let (sequence, previous_hash) = match last {
        Some(last) => (last.sequence + 1, last.hash),
        None => (1, GENESIS.to_owned()),
    };

    let chained = chain(complaint_id, sequence, previous_hash, entry, now);
    let inserted = insert(db, chained).await?;
    complaints::Entity::update_many()
        .col_expr(
            complaints::Column::TimelineHead,
            Some(inserted.hash.clone()).into(),
        )
        .col_expr(complaints::Column::TimelineLength, inserted.sequence.into())
        .filter(complaints::Column::Id.eq(complaint_id))
        .exec(db)
        .await?;
    Ok(inserted)
}

/// The first entry of a new case, linked to the genesis hash. Filing sets
/// the complaint's head from it as it inserts the complaint, then writes it
/// with `insert`: no lookup of a last entry, no second update.
pub fn first(complaint_id: Uuid, entry: NewEntry, now: DateTime<Utc>) -> ChainedEntry {
    chain(complaint_id, 1, GENESIS.to_owned(), entry, now)
}

fn chain(
    complaint_id: Uuid,
    sequence: i64,
    previous_hash: String,
    entry: NewEntry,
    now: DateTime<Utc>,
) -> ChainedEntry {
    let mut chained = ChainedEntry {
        complaint_id,
        sequence,
        kind: entry.kind.to_owned(),
        actor_id: entry.actor_id,
        actor_role: entry.actor_role.to_owned(),
        visibility: entry.visibility.as_str().to_owned(),
        // Stored and hashed at the precision both databases keep.
        created_at: now.trunc_subsecs(6),
        payload: entry.payload,
        previous_hash,
        hash: String::new(),
    };
    chained.hash = entry_hash(&chained);
    chained
}

/// Writes a chained entry. The case's head must already point to it.
pub async fn insert(
    db: &impl ConnectionTrait,
    chained: ChainedEntry,
) -> ApiResult<timeline_entries::Model> {
    let model = timeline_entries::ActiveModel {
        id: Set(Uuid::now_v7()),
        complaint_id: Set(chained.complaint_id),
        sequence: Set(chained.sequence),
        kind: Set(chained.kind),
        actor_id: Set(chained.actor_id),
        actor_role: Set(chained.actor_role),
        visibility: Set(chained.visibility),
        created_at: Set(chained.created_at),
        payload: Set(chained.payload.to_string()),
        previous_hash: Set(chained.previous_hash),
        hash: Set(chained.hash),
    };
    timeline_entries::Entity::insert(model)
        .exec_with_returning(db)
        .await
        .map_err(|error| {
            if crate::accounts::store::is_unique_violation(&error) {
                crate::complaints::actions::changed_meanwhile()
            } else {
                ApiError::from(error)
            }
        })
}

/// Checks the whole chain and that it ends where the complaint says it does.
pub fn check(complaint: &complaints::Model, entries: &[ChainedEntry]) -> Result<(), String> {
    verify(entries).map_err(|broken| broken.to_string())?;

    let length = entries.len() as i64;
    let head = entries.last().map(|entry| entry.hash.clone());
    if length != complaint.timeline_length || head != complaint.timeline_head {
        return Err(format!(
            "the record ends after entry {length} but the case holds {} entries: entries were removed from its end",
            complaint.timeline_length
        ));
    }
    Ok(())
}

/// Every entry of the case, in order.
pub async fn all(
    db: &impl ConnectionTrait,
    complaint_id: Uuid,
) -> ApiResult<Vec<timeline_entries::Model>> {
    Ok(timeline_entries::Entity::find()
        .filter(timeline_entries::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(timeline_entries::Column::Sequence)
        .all(db)
        .await?)
}

pub fn chained(model: &timeline_entries::Model) -> ApiResult<ChainedEntry> {
    Ok(ChainedEntry {
        complaint_id: model.complaint_id,
        sequence: model.sequence,
        kind: model.kind.clone(),
        actor_id: model.actor_id,
        actor_role: model.actor_role.clone(),
        visibility: model.visibility.clone(),
        created_at: model.created_at,
        payload: payload(model)?,
        previous_hash: model.previous_hash.clone(),
        hash: model.hash.clone(),
    })
}

pub fn view(model: &timeline_entries::Model) -> ApiResult<TimelineEntry> {
    Ok(TimelineEntry {
        sequence: model.sequence,
        kind: model.kind.clone(),
        actor_id: model.actor_id.map(UserId),
        actor_role: model.actor_role.clone(),
        visibility: visibility(model),
        created_at: model.created_at,
        payload: payload(model)?,
        previous_hash: model.previous_hash.clone(),
        hash: model.hash.clone(),
    })
}

pub fn visibility(model: &timeline_entries::Model) -> Visibility {
    // An unknown value is treated as the narrowest audience.
    Visibility::parse(&model.visibility).unwrap_or(Visibility::Association)
}

fn payload(model: &timeline_entries::Model) -> ApiResult<Value> {
    serde_json::from_str(&model.payload).map_err(|error| {
        ApiError::internal(anyhow::anyhow!(
            "timeline entry {} of complaint {} holds unreadable JSON: {error}",
            model.sequence,
            model.complaint_id
        ))
    })
}
