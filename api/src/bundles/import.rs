//! Importing a case bundle into the caller's association: verify it, then
//! write the case, its evidence, its earlier timelines and an `imported`
//! entry in one transaction. The same bundle imported again is the same case.

use actix_web::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde_json::json;
use shared::accounts::UserKind;
use shared::bundles::{BundleVerification, CaseBundle, ImportedCase, PriorRecord};
use shared::cases::{Channel, Visibility};
use shared::complaints::ComplaintState;
use shared::validation::display_text;
use shared::{ComplaintId, ErrorCode};
use uuid::Uuid;

use crate::auth::Principal;
use crate::bundles::imports::{self, NewImport};
use crate::bundles::verify::verify;
use crate::businesses::registry::{self, Named};
use crate::complaints::filing::start_acceptance;
use crate::complaints::numbers;
use crate::complaints::timeline::{self, NewEntry};
use crate::complaints::view::{StoredDemands, wire_name};
use crate::entities::{associations, categories, complaints, evidence, natures, users};
use crate::error::{ApiError, ApiResult, FieldIssue, Fields};
use crate::evidence::EvidenceKind;
use crate::evidence::file_name;
use crate::evidence::routes::put_blob;
use crate::i18n::Text;
use crate::state::AppState;

/// An evidence file of the bundle, decoded and recognised.
struct File {
    from: Uuid,
    kind: EvidenceKind,
    file_name: String,
    size: i64,
    hash: String,
    uploaded_at: DateTime<Utc>,
}

/// The bundle's case as it will be written here.
struct Checked {
    business: Named,
    files: Vec<File>,
}

/// Imports the bundle for the caller's association, or finds the case an
/// earlier import of the same bundle made.
pub async fn import(
    state: &AppState,
    principal: &Principal,
    bundle: &CaseBundle,
) -> ApiResult<ImportedCase> {
    let association_id = principal
        .association_id
        .map(|a| a.0)
        .ok_or_else(ApiError::forbidden)?;
    let report = verify(bundle)?;
    if !report.intact {
        return Err(broken(&report));
    }
    if let Some(earlier) = imports::by_digest(&state.db, association_id, &bundle.digest).await? {
        return found(state, earlier.complaint_id, &bundle.digest).await;
    }

    let checked = check(state, bundle).await?;
    let txn = state.writer.begin().await?;
    let complaint = write(state, &txn, principal, association_id, bundle, &checked).await?;
    let Some(complaint) = complaint else {
        txn.rollback().await?;
        let earlier = imports::by_digest(&state.db, association_id, &bundle.digest)
            .await?
            .ok_or_else(|| ApiError::internal(anyhow::anyhow!("a racing import vanished")))?;
        return found(state, earlier.complaint_id, &bundle.digest).await;
    };
    txn.commit().await?;
    tracing::info!(complaint = %complaint.number, digest = %bundle.digest, from = %bundle.case.number, "case bundle imported");
    Ok(ImportedCase {
        complaint_id: ComplaintId(complaint.id),
        number: complaint.number,
        bundle_digest: bundle.digest.clone(),
        created: true,
    })
}

/// The 422 for a bundle that fails its check: each break as one error.
pub fn broken(report: &BundleVerification) -> ApiError {
    let mut error = ApiError::new(
        ErrorCode::BundleBroken,
        StatusCode::UNPROCESSABLE_ENTITY,
        Text::new(
            "案件包校验未通过，未导入任何内容。请向发送方索取重新导出的案件包。",
            "The case bundle fails its check and nothing was imported. Ask the sender for a fresh export.",
        ),
    );
    error.fields = report
        .breaks
        .iter()
        .map(|item| FieldIssue {
            field: match (item.sequence, item.evidence_id) {
                (Some(sequence), _) => format!("{}[{sequence}]", item.record),
                (None, Some(id)) => format!("evidence[{id}]"),
                (None, None) => item.record.clone(),
            },
            code: break_code(item.kind),
            message: Text::new(item.detail.clone(), item.detail.clone()),
        })
        .collect();
    error
}

fn break_code(kind: shared::bundles::BreakKind) -> &'static str {
    use shared::bundles::BreakKind::*;
    match kind {
        UnknownFormat => "unknown_format",
        DigestMismatch => "digest_mismatch",
        EntryAltered => "entry_altered",
        EntryUnlinked => "entry_unlinked",
        EntryForeign => "entry_foreign",
        TimelineTruncated => "timeline_truncated",
        EvidenceAltered => "evidence_altered",
        EvidenceUnreadable => "evidence_unreadable",
    }
}

async fn found(state: &AppState, complaint_id: Uuid, digest: &str) -> ApiResult<ImportedCase> {
    let complaint = complaints::Entity::find_by_id(complaint_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("an imported case is gone")))?;
    Ok(ImportedCase {
        complaint_id: ComplaintId(complaint.id),
        number: complaint.number,
        bundle_digest: digest.to_owned(),
        created: false,
    })
}

/// Checks what this platform must know (regions, taxonomy, the business)
/// and stores the evidence bytes, which are addressed by their hash and so
/// harmless if the import then fails.
async fn check(state: &AppState, bundle: &CaseBundle) -> ApiResult<Checked> {
    let db = &state.db;
    let case = &bundle.case;
    let mut fields = Fields::default();
    registry::check_region(db, &mut fields, "case.region_code", Some(&case.region_code)).await?;
    let region = registry::check_region(
        db,
        &mut fields,
        "case.business.region_code",
        Some(&case.business.region_code),
    )
    .await?;
    if categories::Entity::find_by_id(case.category_code.clone())
        .one(db)
        .await?
        .is_none()
    {
        fields.push(
            "case.category_code",
            "unknown_category",
            unknown("/categories"),
        );
    }
    if natures::Entity::find_by_id(case.nature_code.clone())
        .one(db)
        .await?
        .is_none()
    {
        fields.push("case.nature_code", "unknown_nature", unknown("/natures"));
    }
    if Channel::parse(&case.channel).is_none() {
        fields.push(
            "case.channel",
            "invalid_format",
            unknown("the API documentation"),
        );
    }
    let name = fields.check(
        "case.business.name",
        display_text(&case.business.name, 200),
        Text::new(
            "名称不能包含控制字符。",
            "The name must not contain control characters.",
        ),
    );
    let credit_code = match case.business.credit_code.as_deref() {
        None => Some(None),
        Some(code) => {
            registry::check_credit_code(&mut fields, "case.business.credit_code", code).map(Some)
        }
    };
    let files = decode_files(bundle, &mut fields);
    fields.finish()?;

    let business = match (name, credit_code, region) {
        (Some(name), Some(credit_code), Some(region_code)) => Named::New {
            name,
            credit_code,
            region_code,
        },
        _ => {
            return Err(ApiError::internal(anyhow::anyhow!(
                "checked bundle fields went missing"
            )));
        }
    };
    let mut stored = Vec::with_capacity(files.len());
    for (file, bytes) in files {
        put_blob(state, bytes.into()).await?;
        stored.push(file);
    }
    Ok(Checked {
        business,
        files: stored,
    })
}

fn unknown(where_to_look: &str) -> Text {
    Text::new(
        format!("本平台没有这个代码（见 {where_to_look}），请发送方改用本平台的代码。"),
        format!(
            "This platform has no such code (see {where_to_look}); the sender should use one of ours."
        ),
    )
}

/// Decodes every file and recognises its kind from its content, as an upload would be.
fn decode_files(bundle: &CaseBundle, fields: &mut Fields) -> Vec<(File, Vec<u8>)> {
    let mut files = Vec::new();
    for (index, file) in bundle.evidence.iter().enumerate() {
        let bytes = STANDARD.decode(&file.content_base64).unwrap_or_default();
        let Some(kind) = EvidenceKind::sniff(&bytes) else {
            fields.push(
                &format!("evidence[{index}].content_base64"),
                "unsupported_media_type",
                Text::new(
                    "本平台不接受这种格式的证据文件。",
                    "This platform does not accept evidence in this format.",
                ),
            );
            continue;
        };
        files.push((
            File {
                from: file.id.0,
                kind,
                file_name: file_name::sanitise(&file.file_name, kind),
                size: bytes.len() as i64,
                hash: file.sha256.clone(),
                uploaded_at: file.uploaded_at,
            },
            bytes,
        ));
    }
    files
}

/// Writes everything; `None` when the same bundle was imported meanwhile.
async fn write(
    state: &AppState,
    txn: &DatabaseTransaction,
    principal: &Principal,
    association_id: Uuid,
    bundle: &CaseBundle,
    checked: &Checked,
) -> ApiResult<Option<complaints::Model>> {
    let now = state.clock.now();
    let business = registry::resolve(txn, &checked.business, now).await?;
    let consumer = consumer(txn, bundle, now).await?;
    let complaint = insert_case(txn, bundle, business, consumer, association_id, now).await?;
    let evidence = insert_files(txn, principal, complaint.id, &checked.files, now).await?;

    let mut prior_records = bundle.prior_records.clone();
    prior_records.push(PriorRecord {
        bundle_digest: bundle.digest.clone(),
        issuer: bundle.issuer.clone(),
        complaint_id: bundle.case.complaint_id,
        number: bundle.case.number.clone(),
        entries: bundle.timeline.clone(),
    });
    let recorded = imports::record(
        txn,
        NewImport {
            complaint_id: complaint.id,
            association_id,
            bundle_digest: &bundle.digest,
            prior_records: &prior_records,
            parties: &bundle.parties,
            imported_by: principal.user_id.0,
        },
        now,
    )
    .await?;
    if !recorded {
        return Ok(None);
    }

    let entry = NewEntry {
        kind: "imported",
        actor_id: Some(principal.user_id.0),
        actor_role: "intake",
        visibility: Visibility::Parties,
        payload: json!({
            "bundle_digest": bundle.digest,
            "platform": bundle.issuer.platform,
            "association_name": bundle.issuer.association_name,
            "number": bundle.case.number,
            "complaint_id": bundle.case.complaint_id,
            "state": bundle.case.state,
            "timeline_length": bundle.case.timeline_length,
            "timeline_head": bundle.case.timeline_head,
            "evidence": evidence,
        }),
    };
    timeline::append(txn, complaint.id, entry, now).await?;
    if complaint.state == wire_name(ComplaintState::Submitted) {
        let association = associations::Entity::find_by_id(association_id)
            .one(txn)
            .await?
            .ok_or_else(|| {
                ApiError::internal(anyhow::anyhow!("the caller's association is gone"))
            })?;
        start_acceptance(state, txn, &complaint, &association, now).await?;
    }
    Ok(Some(complaint))
}

/// The consumer's account here: the consumer account with the bundle's
/// mobile number, or else an inactive account that stands for them (no
/// login; the bundle's contacts are kept with the import).
async fn consumer(
    db: &impl ConnectionTrait,
    bundle: &CaseBundle,
    now: DateTime<Utc>,
) -> ApiResult<Uuid> {
    let named = &bundle.parties.consumer;
    if let Some(phone) = named.phone.as_deref() {
        let existing = users::Entity::find()
            .filter(users::Column::Phone.eq(phone))
            .filter(users::Column::Kind.eq(UserKind::Consumer.as_str()))
            .filter(users::Column::Active.eq(true))
            .one(db)
            .await?;
        if let Some(existing) = existing {
            return Ok(existing.id);
        }
    }
    let name = display_text(&named.display_name, 50).unwrap_or_else(|_| "—".to_owned());
    let mut model = crate::accounts::store::new_user(UserKind::Consumer, name, String::new(), now);
    model.active = Set(false);
    Ok(users::Entity::insert(model)
        .exec_with_returning(db)
        .await?
        .id)
}

/// The case arrives as a new complaint of the caller's association: an open
/// case awaits acceptance here; a closed one keeps its outcome.
async fn insert_case(
    txn: &DatabaseTransaction,
    bundle: &CaseBundle,
    business: crate::entities::businesses::Model,
    consumer: Uuid,
    association_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<complaints::Model> {
    let case = &bundle.case;
    let closed = case.state == ComplaintState::Closed;
    let demands = StoredDemands {
        demands: case.demands.clone(),
        other: case.other_demand.clone(),
    };
    let number = numbers::next(txn, now).await?;
    let model = complaints::ActiveModel {
        id: Set(Uuid::now_v7()),
        number: Set(number.as_str().to_owned()),
        consumer_id: Set(consumer),
        business_id: Set(business.id),
        outlet_id: Set(None),
        association_id: Set(association_id),
        region_code: Set(case.region_code.clone()),
        category_code: Set(case.category_code.clone()),
        nature_code: Set(case.nature_code.clone()),
        purchase_date: Set(case.purchase_date),
        amount_fen: Set(case.amount_fen),
        order_number: Set(case.order_number.clone()),
        channel: Set(case.channel.clone()),
        channel_platform: Set(case.channel_platform.clone()),
        description: Set(case.description.clone()),
        demands: Set(serde_json::to_string(&demands).map_err(ApiError::internal)?),
        consent_to_publish: Set(case.consent_to_publish),
        state: Set(wire_name(if closed {
            ComplaintState::Closed
        } else {
            ComplaintState::Submitted
        })),
        outcome: Set(closed.then(|| case.outcome.map(wire_name)).flatten()),
        business_was_member: Set(crate::businesses::membership::reconciles(&business)),
        business_missed_deadline: Set(false),
        pending_offer: Set(None),
        agreement: Set(None),
        mediator_id: Set(None),
        rating: Set(None),
        rating_comment: Set(None),
        version: Set(1),
        timeline_head: Set(None),
        timeline_length: Set(0),
        filed_at: Set(case.filed_at),
        accepted_at: Set(None),
        updated_at: Set(now),
        closed_at: Set(if closed {
            case.closed_at.or(Some(now))
        } else {
            None
        }),
        published_at: Set(None),
        unpublished_at: Set(None),
        consent_withdrawn_at: Set(None),
        public_description: Set(None),
        group_id: Set(None),
    };
    Ok(complaints::Entity::insert(model)
        .exec_with_returning(txn)
        .await?)
}

/// Evidence rows for the stored files, new ids here; answers which id each
/// file had in the bundle, for the `imported` entry.
async fn insert_files(
    txn: &DatabaseTransaction,
    principal: &Principal,
    complaint_id: Uuid,
    files: &[File],
    now: DateTime<Utc>,
) -> ApiResult<Vec<serde_json::Value>> {
    let mut mapping = Vec::with_capacity(files.len());
    for file in files {
        let id = Uuid::now_v7();
        let row = evidence::ActiveModel {
            id: Set(id),
            uploader_id: Set(principal.user_id.0),
            complaint_id: Set(Some(complaint_id)),
            hash: Set(file.hash.clone()),
            kind: Set(file.kind.class().to_owned()),
            media_type: Set(file.kind.media_type().to_owned()),
            file_name: Set(file.file_name.clone()),
            size: Set(file.size),
            created_at: Set(file.uploaded_at),
            attached_at: Set(Some(now)),
            application_id: Set(None),
        };
        evidence::Entity::insert(row)
            .exec_without_returning(txn)
            .await?;
        mapping.push(json!({"from": file.from, "id": id}));
    }
    Ok(mapping)
}
