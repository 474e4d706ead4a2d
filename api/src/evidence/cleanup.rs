//! Removing uploads that no filing, message or joining application attached
//! in time, and the stored files that nothing refers to any more.

use std::collections::BTreeSet;

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use crate::entities::evidence;
use crate::evidence::ContentHash;
use crate::state::AppState;

/// How many abandoned uploads one round deletes before it looks again.
const BATCH: u64 = 500;

/// Deletes the unattached uploads (neither on a complaint nor the licence
/// of a joining application) older than `orphan_evidence_hours`, then
/// each stored file that no upload refers to any more. Returns how many
/// uploads were deleted. Meant for the background job loop; running it twice
/// at once is safe.
///
/// # An upload of the same bytes at the same moment
///
/// Files are stored by hash, so a new upload of identical bytes may find the
/// file already there while this sweep is about to remove it. Neither side
/// locks; instead each removal is followed by a store, by one side or the
/// other:
///
/// - an upload stores the file, inserts its row, then stores the file again
///   (a no-op when it is there);
/// - the sweep checks that no row refers to the hash, keeps the bytes in
///   memory, removes the file, and checks again: if a row appeared meanwhile,
///   it stores the bytes back.
///
/// If the upload's row was committed before the sweep's second check, the
/// sweep puts the file back; if after, the upload's second store comes after
/// the removal and puts it back. Either way no row is left without its file.
/// A download racing with this may see the file missing for a moment and get
/// a 500, never wrong bytes.
pub async fn remove_orphans(state: &AppState) -> anyhow::Result<u64> {
    let hours = i64::try_from(state.settings.orphan_evidence_hours).unwrap_or(i64::MAX / 3600);
    let cutoff = state.clock.now() - Duration::hours(hours);
    let mut removed = 0;

    loop {
        let batch = abandoned(&state.db, cutoff).await?;
        removed += delete_rows(&state.db, &batch, cutoff).await?;
        let hashes: BTreeSet<String> = batch.iter().map(|(_, hash)| hash.clone()).collect();
        for hash in hashes {
            remove_file_if_unused(state, &hash).await?;
        }
        if (batch.len() as u64) < BATCH {
            break;
        }
    }
    if removed > 0 {
        tracing::info!(
            removed,
            "removed evidence uploads that nothing attached in time"
        );
    }
    Ok(removed)
}

/// Ids and hashes of unattached uploads made before the cutoff.
async fn abandoned(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> anyhow::Result<Vec<(Uuid, String)>> {
    evidence::Entity::find()
        .select_only()
        .column(evidence::Column::Id)
        .column(evidence::Column::Hash)
        .filter(evidence::Column::ComplaintId.is_null())
        .filter(evidence::Column::ApplicationId.is_null())
        .filter(evidence::Column::CreatedAt.lt(cutoff))
        .limit(BATCH)
        .into_tuple()
        .all(db)
        .await
        .context("finding abandoned evidence uploads")
}

/// Deletes the rows, except any that a filing attached since they were read.
async fn delete_rows(
    db: &impl ConnectionTrait,
    batch: &[(Uuid, String)],
    cutoff: DateTime<Utc>,
) -> anyhow::Result<u64> {
    if batch.is_empty() {
        return Ok(0);
    }
    let deleted = evidence::Entity::delete_many()
        .filter(evidence::Column::Id.is_in(batch.iter().map(|(id, _)| *id)))
        .filter(evidence::Column::ComplaintId.is_null())
        .filter(evidence::Column::ApplicationId.is_null())
        .filter(evidence::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await
        .context("deleting abandoned evidence uploads")?;
    Ok(deleted.rows_affected)
}

/// Removes the stored file unless a row still refers to it, and puts it back
/// if an upload of the same bytes added a row meanwhile (see above).
async fn remove_file_if_unused(state: &AppState, hash: &str) -> anyhow::Result<()> {
    let Some(parsed) = ContentHash::parse(hash) else {
        tracing::warn!(
            hash,
            "an evidence row holds a malformed hash; its file is left alone"
        );
        return Ok(());
    };
    if is_referenced(&state.db, hash).await? {
        return Ok(());
    }

    let store = state.evidence.clone();
    let key = parsed.clone();
    let kept = blocking(move || {
        let bytes = store.get(&key).unwrap_or_else(|error| {
            tracing::warn!(
                hash = key.as_str(),
                "removing an unused evidence file that failed its check: {error:#}"
            );
            None
        });
        store.remove(&key)?;
        Ok(bytes)
    })
    .await?;

    if is_referenced(&state.db, hash).await?
        && let Some(bytes) = kept
    {
        let store = state.evidence.clone();
        blocking(move || store.put(&bytes).map(drop)).await?;
        tracing::info!(
            hash,
            "an upload of the same bytes arrived during the sweep; its file was kept"
        );
    }
    Ok(())
}

async fn is_referenced(db: &impl ConnectionTrait, hash: &str) -> anyhow::Result<bool> {
    let rows = evidence::Entity::find()
        .filter(evidence::Column::Hash.eq(hash))
        .count(db)
        .await
        .with_context(|| format!("checking whether evidence file {hash} is still used"))?;
    Ok(rows > 0)
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .context("the evidence store task stopped")?
}
