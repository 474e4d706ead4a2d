//! The tamper-evident case record. Every timeline entry stores the hash of
//! the one before it, so an export of a case (for arbitration or a court) can
//! be checked: changing, removing or reordering any entry breaks the chain
//! from that entry on.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The hash that the first entry of every case links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of a timeline entry that its hash covers.
#[derive(Clone, Debug, PartialEq)]
pub struct ChainedEntry {
    pub complaint_id: Uuid,
    /// 1 for the first entry of the case, then 2, 3…
    pub sequence: i64,
    pub kind: String,
    pub actor_id: Option<Uuid>,
    pub actor_role: String,
    pub visibility: String,
    pub created_at: DateTime<Utc>,
    pub payload: Value,
    pub previous_hash: String,
    pub hash: String,
}

/// Where a chain first fails to check.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("entry {sequence} does not match its own hash: it was changed")]
    Altered { sequence: i64 },
    #[error(
        "entry {sequence} does not link to the entry before it: an entry was removed, added or moved"
    )]
    Unlinked { sequence: i64 },
}

/// The hash of an entry: SHA-256 over its fields, each length-prefixed so
/// that no two different entries can share an encoding. JSON objects are
/// written with sorted keys.
pub fn entry_hash(entry: &ChainedEntry) -> String {
    let mut hasher = Sha256::new();
    let created = entry
        .created_at
        .to_rfc3339_opts(SecondsFormat::Micros, true);
    let actor = entry.actor_id.map(|id| id.to_string()).unwrap_or_default();
    let payload = serde_json::to_string(&entry.payload).unwrap_or_default();
    let fields: [&str; 9] = [
        &entry.complaint_id.to_string(),
        &entry.sequence.to_string(),
        &entry.kind,
        &actor,
        &entry.actor_role,
        &entry.visibility,
        &created,
        &payload,
        &entry.previous_hash,
    ];
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks a whole case record, entries in sequence order.
pub fn verify(entries: &[ChainedEntry]) -> Result<(), ChainBreak> {
    let mut previous = GENESIS.to_owned();
    for (index, entry) in entries.iter().enumerate() {
        let expected_sequence = index as i64 + 1;
        if entry.previous_hash != previous || entry.sequence != expected_sequence {
            return Err(ChainBreak::Unlinked {
                sequence: entry.sequence,
            });
        }
        if entry_hash(entry) != entry.hash {
            return Err(ChainBreak::Altered {
                sequence: entry.sequence,
            });
        }
        previous = entry.hash.clone();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(kinds: &[&str]) -> Vec<ChainedEntry> {
        let complaint_id = Uuid::now_v7();
        let mut previous = GENESIS.to_owned();
        let mut entries = Vec::new();
        for (index, kind) in kinds.iter().enumerate() {
            let mut entry = ChainedEntry {
                complaint_id,
                sequence: index as i64 + 1,
                kind: (*kind).to_owned(),
                actor_id: Some(Uuid::now_v7()),
                actor_role: "consumer".to_owned(),
                visibility: "parties".to_owned(),
                created_at: "2024-09-29T02:00:00Z".parse().unwrap(),
                payload: json!({"amount_fen": 129900, "note": "退款"}),
                previous_hash: previous.clone(),
                hash: String::new(),
            };
            entry.hash = entry_hash(&entry);
            previous = entry.hash.clone();
            entries.push(entry);
        }
        entries
    }

    #[test]
    fn an_untouched_record_checks() {
        assert_eq!(verify(&chain(&["filed", "accepted", "offer_made"])), Ok(()));
    }

    #[test]
    fn an_altered_entry_is_detected() {
        let mut entries = chain(&["filed", "accepted", "offer_made"]);

        entries[1].payload = json!({"amount_fen": 1, "note": "退款"});

        assert_eq!(verify(&entries), Err(ChainBreak::Altered { sequence: 2 }));
    }

    #[test]
    fn a_removed_entry_is_detected() {
        let mut entries = chain(&["filed", "accepted", "offer_made"]);

        entries.remove(1);

        assert_eq!(verify(&entries), Err(ChainBreak::Unlinked { sequence: 3 }));
    }

    #[test]
    fn a_rehashed_forgery_still_breaks_the_link_to_the_next_entry() {
        let mut entries = chain(&["filed", "accepted", "offer_made"]);

        entries[0].kind = "withdrawn".to_owned();
        entries[0].hash = entry_hash(&entries[0]);

        assert_eq!(verify(&entries), Err(ChainBreak::Unlinked { sequence: 2 }));
    }
}
