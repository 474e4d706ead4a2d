//! Finding complaints that look like one cause: against the same business,
//! handled by the same association, filed close in time, with similar text.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::cases::PartyRef;
use shared::complaints::ComplaintState;
use shared::groups::{GroupProposal, SimilarComplaint};
use shared::{BusinessId, ComplaintId, GroupComplaintId};
use uuid::Uuid;

use crate::complaints::view::{state_of, wire_name};
use crate::entities::{businesses, complaints};
use crate::error::ApiResult;
use crate::groups::minhash::{self, Signature};

/// Complaints filed within this many days of each other may share a cause.
pub const WINDOW_DAYS: i64 = 30;
/// The estimated word-set similarity from which two complaints count as
/// the same cause.
pub const THRESHOLD: f32 = 0.3;
/// How many similar complaints make a group worth proposing, by default.
pub const DEFAULT_GROUP_SIZE: usize = 5;
/// Similar complaints listed for one complaint, at most.
const SHOWN: usize = 20;
/// Complaints compared at most per request, newest first.
const COMPARED: u64 = 2_000;

/// The complaints most like this one: same business and association,
/// filed within [`WINDOW_DAYS`] of it, most similar first.
pub async fn similar_to(
    db: &impl ConnectionTrait,
    complaint: &complaints::Model,
) -> ApiResult<Vec<SimilarComplaint>> {
    let window = Duration::days(WINDOW_DAYS);
    let others = complaints::Entity::find()
        .filter(complaints::Column::BusinessId.eq(complaint.business_id))
        .filter(complaints::Column::AssociationId.eq(complaint.association_id))
        .filter(complaints::Column::Id.ne(complaint.id))
        .filter(complaints::Column::FiledAt.gte(complaint.filed_at - window))
        .filter(complaints::Column::FiledAt.lte(complaint.filed_at + window))
        .order_by_desc(complaints::Column::FiledAt)
        .limit(COMPARED)
        .all(db)
        .await?;

    let own = Signature::of(&complaint.description);
    let mut found = Vec::new();
    for other in &others {
        let similarity = own.similarity(&Signature::of(&other.description));
        if similarity >= THRESHOLD {
            found.push(summary(other, similarity)?);
        }
    }
    found.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(b.filed_at.cmp(&a.filed_at))
    });
    found.truncate(SHOWN);
    Ok(found)
}

/// Open, ungrouped complaints of the association filed in the last
/// [`WINDOW_DAYS`] that fall into clusters of at least `min_size` similar
/// complaints against one business: the groups staff might confirm.
pub async fn proposals(
    db: &impl ConnectionTrait,
    association_id: Uuid,
    now: DateTime<Utc>,
    min_size: usize,
) -> ApiResult<Vec<GroupProposal>> {
    let recent = complaints::Entity::find()
        .filter(complaints::Column::AssociationId.eq(association_id))
        .filter(complaints::Column::GroupId.is_null())
        .filter(complaints::Column::State.ne(wire_name(ComplaintState::Closed)))
        .filter(complaints::Column::FiledAt.gte(now - Duration::days(WINDOW_DAYS)))
        .order_by_desc(complaints::Column::FiledAt)
        .limit(COMPARED)
        .all(db)
        .await?;

    let mut by_business: BTreeMap<Uuid, Vec<complaints::Model>> = BTreeMap::new();
    for complaint in recent {
        by_business
            .entry(complaint.business_id)
            .or_default()
            .push(complaint);
    }
    let mut proposals = Vec::new();
    for (business_id, complaints) in by_business {
        if complaints.len() < min_size {
            continue;
        }
        for cluster in clusters_of(&complaints, min_size) {
            proposals.push(proposal(db, business_id, &cluster).await?);
        }
    }
    proposals.sort_by(|a, b| {
        b.complaints
            .len()
            .cmp(&a.complaints.len())
            .then(b.last_filed_at.cmp(&a.last_filed_at))
    });
    Ok(proposals)
}

/// The complaints that hang together by similarity, in clusters of at
/// least `min_size`.
fn clusters_of(complaints: &[complaints::Model], min_size: usize) -> Vec<Vec<&complaints::Model>> {
    let signatures: Vec<Signature> = complaints
        .iter()
        .map(|c| Signature::of(&c.description))
        .collect();
    clusters(&signatures, THRESHOLD)
        .into_iter()
        .filter(|members| members.len() >= min_size)
        .map(|members| members.into_iter().map(|i| &complaints[i]).collect())
        .collect()
}

/// Single-linkage clusters: two texts at or above `threshold` are in one
/// cluster, and so is everything linked to either. Indexes in input order.
pub fn clusters(signatures: &[Signature], threshold: f32) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..signatures.len()).collect();
    for i in 0..signatures.len() {
        for j in i + 1..signatures.len() {
            if signatures[i].similarity(&signatures[j]) >= threshold {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
    }

    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..signatures.len() {
        let top = root(&mut parent, i);
        clusters.entry(top).or_default().push(i);
    }
    clusters.into_values().collect()
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

async fn proposal(
    db: &impl ConnectionTrait,
    business_id: Uuid,
    cluster: &[&complaints::Model],
) -> ApiResult<GroupProposal> {
    let name = businesses::Entity::find_by_id(business_id)
        .one(db)
        .await?
        .map(|b| b.name)
        .unwrap_or_default();
    let texts: Vec<&str> = cluster.iter().map(|c| c.description.as_str()).collect();
    let mut members = Vec::with_capacity(cluster.len());
    for complaint in cluster {
        members.push(summary(complaint, 1.0)?);
    }

    Ok(GroupProposal {
        business: PartyRef {
            id: BusinessId(business_id),
            name,
        },
        common_words: common_words(&texts),
        first_filed_at: cluster.iter().map(|c| c.filed_at).min().unwrap_or_default(),
        last_filed_at: cluster.iter().map(|c| c.filed_at).max().unwrap_or_default(),
        complaints: members,
    })
}

/// Words that at least half of the texts hold, most widely held first, at
/// most eight.
pub fn common_words(texts: &[&str]) -> Vec<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for text in texts {
        let words: BTreeSet<String> = minhash::words(text);
        for word in words {
            *counts.entry(word).or_default() += 1;
        }
    }
    let half = texts.len().div_ceil(2);
    let mut shared: Vec<(String, usize)> = counts.into_iter().filter(|(_, n)| *n >= half).collect();
    shared.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    shared.into_iter().take(8).map(|(word, _)| word).collect()
}

fn summary(complaint: &complaints::Model, similarity: f32) -> ApiResult<SimilarComplaint> {
    Ok(SimilarComplaint {
        id: ComplaintId(complaint.id),
        number: complaint.number.clone(),
        state: state_of(complaint)?,
        filed_at: complaint.filed_at,
        similarity,
        group_id: complaint.group_id.map(GroupComplaintId),
        excerpt: complaint.description.chars().take(80).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linked_texts_form_one_cluster_and_a_stranger_stays_alone() {
        let texts = [
            "健身房突然关门，预付卡余额无法退款，店长联系不上",
            "健身房关门跑路，预付卡里的余额无法退款",
            "预付卡余额无法退款，健身房突然关门停业",
            "手机屏幕碎裂，售后拒绝保修",
        ];
        let signatures: Vec<Signature> = texts.iter().map(|t| Signature::of(t)).collect();

        let clusters = clusters(&signatures, THRESHOLD);

        assert!(clusters.contains(&vec![0, 1, 2]), "{clusters:?}");
        assert!(clusters.contains(&vec![3]), "{clusters:?}");
    }

    #[test]
    fn common_words_are_those_most_texts_hold() {
        let words = common_words(&[
            "健身房关门，预付卡无法退款",
            "预付卡无法退款，健身房跑路",
            "健身房停业，预付卡不退",
        ]);

        for word in ["健身房", "预付卡", "退款"] {
            assert!(words.contains(&word.to_owned()), "{word}: {words:?}");
        }
        assert!(
            !words.contains(&"跑路".to_owned()),
            "one text of three: {words:?}"
        );
    }
}
