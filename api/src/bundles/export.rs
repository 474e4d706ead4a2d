//! Making a case's bundle from what the database and the evidence store hold.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::bundles::{
    BundleBusiness, BundleCase, BundleConsumer, BundleEntry, BundleEvidence, BundleIssuer,
    BundleParties, CASE_BUNDLE_FORMAT, CaseBundle,
};
use shared::{AssociationId, ComplaintId, EvidenceId, UserId};

use crate::bundles::{digest, imports};
use crate::complaints::timeline;
use crate::complaints::view::{StoredDemands, outcome_of, state_of};
use crate::entities::{associations, businesses, complaints, evidence, timeline_entries, users};
use crate::error::{ApiError, ApiResult};
use crate::evidence::routes::read_blob;
use crate::state::AppState;

/// The software named as a bundle's maker.
pub fn platform() -> String {
    format!("redress/{}", env!("CARGO_PKG_VERSION"))
}

/// The whole bundle of the case, sealed with its digest.
pub async fn bundle(state: &AppState, complaint: &complaints::Model) -> ApiResult<CaseBundle> {
    let db = &state.db;
    let association = associations::Entity::find_by_id(complaint.association_id)
        .one(db)
        .await?
        .ok_or_else(|| missing("association", complaint))?;
    let business = businesses::Entity::find_by_id(complaint.business_id)
        .one(db)
        .await?
        .ok_or_else(|| missing("business", complaint))?;
    let import = imports::of_case(db, complaint.id).await?;

    let timeline = timeline::all(db, complaint.id)
        .await?
        .iter()
        .map(entry)
        .collect::<ApiResult<Vec<_>>>()?;
    let prior_records = match &import {
        Some(import) => imports::prior_records(import)?,
        None => Vec::new(),
    };
    let bundle = CaseBundle {
        format: CASE_BUNDLE_FORMAT.to_owned(),
        issued_at: state.clock.now(),
        issuer: issuer(&association),
        case: case(complaint, &business)?,
        parties: parties(state, complaint, import.as_ref()).await?,
        timeline,
        prior_records,
        evidence: files(state, complaint).await?,
        digest: String::new(),
    };
    digest::seal(bundle)
}

pub fn issuer(association: &associations::Model) -> BundleIssuer {
    BundleIssuer {
        platform: platform(),
        association_id: AssociationId(association.id),
        association_name: association.name.clone(),
        association_region_code: association.region_code.clone(),
    }
}

fn case(complaint: &complaints::Model, business: &businesses::Model) -> ApiResult<BundleCase> {
    let demands: StoredDemands = serde_json::from_str(&complaint.demands).map_err(|error| {
        ApiError::internal(anyhow::anyhow!(
            "complaint {} holds unreadable demands: {error}",
            complaint.number
        ))
    })?;
    Ok(BundleCase {
        complaint_id: ComplaintId(complaint.id),
        number: complaint.number.clone(),
        business: BundleBusiness {
            name: business.name.clone(),
            credit_code: business.credit_code.clone(),
            region_code: business.region_code.clone(),
        },
        region_code: complaint.region_code.clone(),
        category_code: complaint.category_code.clone(),
        nature_code: complaint.nature_code.clone(),
        demands: demands.demands,
        other_demand: demands.other,
        description: complaint.description.clone(),
        purchase_date: complaint.purchase_date,
        amount_fen: complaint.amount_fen,
        order_number: complaint.order_number.clone(),
        channel: complaint.channel.clone(),
        channel_platform: complaint.channel_platform.clone(),
        consent_to_publish: complaint.consent_to_publish,
        state: state_of(complaint)?,
        outcome: outcome_of(complaint)?,
        filed_at: complaint.filed_at,
        accepted_at: complaint.accepted_at,
        closed_at: complaint.closed_at,
        timeline_length: complaint.timeline_length,
        timeline_head: complaint.timeline_head.clone(),
    })
}

/// The consumer's account; for an imported case whose consumer has no
/// account here, the contacts its bundle named.
async fn parties(
    state: &AppState,
    complaint: &complaints::Model,
    import: Option<&crate::entities::case_imports::Model>,
) -> ApiResult<BundleParties> {
    let consumer = users::Entity::find_by_id(complaint.consumer_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| missing("consumer", complaint))?;
    if let Some(import) = import
        && !consumer.active
    {
        return imports::parties(import);
    }
    Ok(BundleParties {
        consumer: BundleConsumer {
            display_name: consumer.display_name,
            phone: consumer.phone,
            email: consumer.email,
        },
    })
}

pub fn entry(model: &timeline_entries::Model) -> ApiResult<BundleEntry> {
    let chained = timeline::chained(model)?;
    Ok(BundleEntry {
        complaint_id: ComplaintId(chained.complaint_id),
        sequence: chained.sequence,
        kind: chained.kind,
        actor_id: chained.actor_id.map(UserId),
        actor_role: chained.actor_role,
        visibility: chained.visibility,
        created_at: chained.created_at,
        payload: chained.payload,
        previous_hash: chained.previous_hash,
        hash: chained.hash,
    })
}

/// Every file attached to the case, oldest first, with its checked content.
async fn files(state: &AppState, complaint: &complaints::Model) -> ApiResult<Vec<BundleEvidence>> {
    let rows = evidence::Entity::find()
        .filter(evidence::Column::ComplaintId.eq(complaint.id))
        .order_by_asc(evidence::Column::Id)
        .all(&state.db)
        .await?;
    let mut files = Vec::with_capacity(rows.len());
    for row in rows {
        let bytes = read_blob(state, &row.hash).await?;
        files.push(BundleEvidence {
            id: EvidenceId(row.id),
            kind: row.kind,
            media_type: row.media_type,
            file_name: row.file_name,
            size: row.size,
            sha256: row.hash,
            uploaded_at: row.created_at,
            content_base64: STANDARD.encode(bytes),
        });
    }
    Ok(files)
}

fn missing(what: &str, complaint: &complaints::Model) -> ApiError {
    ApiError::internal(anyhow::anyhow!(
        "the {what} of complaint {} is gone",
        complaint.number
    ))
}
