//! Checking a bundle: its format, its digest, every entry of every timeline
//! against its hash and its link, and every evidence file against its
//! SHA-256. Every break is reported, not only the first.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use shared::ComplaintId;
use shared::bundles::{
    BreakKind, BundleBreak, BundleEntry, BundleEvidence, BundleVerification, CASE_BUNDLE_FORMAT,
    CaseBundle,
};

use crate::bundles::digest;
use crate::complaints::record::{ChainedEntry, GENESIS, entry_hash};
use crate::error::ApiResult;
use crate::evidence::store::ContentHash;

/// The report on a bundle as received.
pub fn verify(bundle: &CaseBundle) -> ApiResult<BundleVerification> {
    let computed_digest = digest::of(bundle)?;
    let mut breaks = Vec::new();

    if bundle.format != CASE_BUNDLE_FORMAT {
        breaks.push(whole(
            BreakKind::UnknownFormat,
            format!(
                "the format is `{}`; this server reads `{CASE_BUNDLE_FORMAT}`",
                bundle.format
            ),
        ));
    }
    if computed_digest != bundle.digest {
        breaks.push(whole(
            BreakKind::DigestMismatch,
            format!(
                "the bundle states digest {} but its content hashes to {computed_digest}: it was changed after it was made",
                bundle.digest
            ),
        ));
    }
    let case = &bundle.case;
    breaks.extend(check_chain("timeline", case.complaint_id, &bundle.timeline));
    breaks.extend(check_end(bundle));
    for (index, prior) in bundle.prior_records.iter().enumerate() {
        let record = format!("prior_records[{index}]");
        breaks.extend(check_chain(&record, prior.complaint_id, &prior.entries));
    }
    breaks.extend(bundle.evidence.iter().filter_map(check_file));

    Ok(BundleVerification {
        intact: breaks.is_empty(),
        stated_digest: bundle.digest.clone(),
        computed_digest,
        breaks,
    })
}

/// Each entry must belong to the record's case, link to the entry before it
/// and match its own hash. A removed entry shows as the next one unlinked;
/// a changed one as altered.
fn check_chain(record: &str, owner: ComplaintId, entries: &[BundleEntry]) -> Vec<BundleBreak> {
    let mut breaks = Vec::new();
    let mut previous: Option<&BundleEntry> = None;

    for entry in entries {
        let (expected_link, expected_sequence) = match previous {
            Some(before) => (before.hash.as_str(), before.sequence + 1),
            None => (GENESIS, 1),
        };
        let mut found = |kind, detail: String| {
            breaks.push(BundleBreak {
                kind,
                record: record.to_owned(),
                sequence: Some(entry.sequence),
                evidence_id: None,
                file_name: None,
                detail,
            });
        };
        if entry.complaint_id != owner {
            found(
                BreakKind::EntryForeign,
                format!("entry {} belongs to another case", entry.sequence),
            );
        }
        if entry.previous_hash != expected_link || entry.sequence != expected_sequence {
            found(
                BreakKind::EntryUnlinked,
                format!(
                    "entry {} does not link to the entry before it: an entry was removed, added or moved",
                    entry.sequence
                ),
            );
        }
        if entry_hash(&chained(entry)) != entry.hash {
            found(
                BreakKind::EntryAltered,
                format!(
                    "entry {} does not match its own hash: it was changed",
                    entry.sequence
                ),
            );
        }
        previous = Some(entry);
    }
    breaks
}

/// The timeline must end where the case says it does.
fn check_end(bundle: &CaseBundle) -> Option<BundleBreak> {
    let case = &bundle.case;
    let length = bundle.timeline.len() as i64;
    let head = bundle.timeline.last().map(|entry| entry.hash.clone());
    if length == case.timeline_length && head == case.timeline_head {
        return None;
    }
    Some(BundleBreak {
        kind: BreakKind::TimelineTruncated,
        record: "timeline".to_owned(),
        sequence: bundle.timeline.last().map(|entry| entry.sequence),
        evidence_id: None,
        file_name: None,
        detail: format!(
            "the timeline holds {length} entries but the case says {}: entries were removed from its end",
            case.timeline_length
        ),
    })
}

fn check_file(file: &BundleEvidence) -> Option<BundleBreak> {
    let broken = |kind, detail: String| BundleBreak {
        kind,
        record: "evidence".to_owned(),
        sequence: None,
        evidence_id: Some(file.id),
        file_name: Some(file.file_name.clone()),
        detail,
    };
    let Ok(bytes) = STANDARD.decode(&file.content_base64) else {
        return Some(broken(
            BreakKind::EvidenceUnreadable,
            format!("the content of {} is not valid base64", file.file_name),
        ));
    };
    let hash = ContentHash::of(&bytes);
    if hash.as_str() != file.sha256 || bytes.len() as i64 != file.size {
        return Some(broken(
            BreakKind::EvidenceAltered,
            format!(
                "the content of {} hashes to {} ({} bytes) but the bundle states {} ({} bytes): it was changed",
                file.file_name,
                hash.as_str(),
                bytes.len(),
                file.sha256,
                file.size
            ),
        ));
    }
    None
}

fn whole(kind: BreakKind, detail: String) -> BundleBreak {
    BundleBreak {
        kind,
        record: "bundle".to_owned(),
        sequence: None,
        evidence_id: None,
        file_name: None,
        detail,
    }
}

/// The fields of a bundle entry that its hash covers.
pub fn chained(entry: &BundleEntry) -> ChainedEntry {
    ChainedEntry {
        complaint_id: entry.complaint_id.0,
        sequence: entry.sequence,
        kind: entry.kind.clone(),
        actor_id: entry.actor_id.map(|id| id.0),
        actor_role: entry.actor_role.clone(),
        visibility: entry.visibility.clone(),
        created_at: entry.created_at,
        payload: entry.payload.clone(),
        previous_hash: entry.previous_hash.clone(),
        hash: entry.hash.clone(),
    }
}
