//! Attaching uploaded files to a complaint, inside the transaction that files
//! it or posts the message that carries them.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use shared::EvidenceId;
use uuid::Uuid;

use crate::entities::evidence;
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;

/// Most files one filing or message may carry.
pub const MAX_FILES_PER_REQUEST: usize = 20;

/// What to attach and where.
pub struct Attachment<'a> {
    pub ids: &'a [EvidenceId],
    pub uploader: Uuid,
    pub complaint: Uuid,
    /// Most bytes of evidence the complaint may hold in all.
    pub case_limit: u64,
    /// The request field that named the files, for error messages.
    pub field: &'a str,
}

/// Attaches the caller's own unattached uploads to the complaint. Any file
/// that is unknown, someone else's or already attached refuses the whole
/// request, so nothing is attached halfway.
pub async fn attach(
    db: &impl ConnectionTrait,
    attachment: &Attachment<'_>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let ids: BTreeSet<Uuid> = attachment.ids.iter().map(|id| id.0).collect();
    if ids.is_empty() {
        return Ok(());
    }
    if ids.len() > MAX_FILES_PER_REQUEST {
        return Err(too_many(attachment.field));
    }

    let rows = evidence::Entity::find()
        .filter(evidence::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    check_usable(attachment, &ids, &rows)?;
    check_case_limit(db, attachment, &rows).await?;

    let updated = evidence::Entity::update_many()
        .col_expr(
            evidence::Column::ComplaintId,
            Expr::value(attachment.complaint),
        )
        .col_expr(evidence::Column::AttachedAt, Expr::value(now))
        .filter(evidence::Column::Id.is_in(ids.iter().copied()))
        .filter(evidence::Column::ComplaintId.is_null())
        .filter(evidence::Column::ApplicationId.is_null())
        .exec(db)
        .await?;
    if updated.rows_affected != ids.len() as u64 {
        return Err(ApiError::conflict(Text::new(
            "有文件刚被另一请求附加，请刷新后重试。",
            "A file was attached by another request just now; reload and try again.",
        )));
    }
    Ok(())
}

fn check_usable(
    attachment: &Attachment<'_>,
    ids: &BTreeSet<Uuid>,
    rows: &[evidence::Model],
) -> ApiResult<()> {
    let usable: BTreeSet<Uuid> = rows
        .iter()
        .filter(|row| {
            row.uploader_id == attachment.uploader
                && row.complaint_id.is_none()
                && row.application_id.is_none()
        })
        .map(|row| row.id)
        .collect();
    let unusable: Vec<String> = ids.difference(&usable).map(Uuid::to_string).collect();
    if unusable.is_empty() {
        return Ok(());
    }
    Err(ApiError::field(
        attachment.field,
        "unknown_evidence",
        Text::new(
            format!(
                "这些文件不存在、不是您上传的或已附加到别处：{}。请重新上传。",
                unusable.join(", ")
            ),
            format!(
                "These files do not exist, were not uploaded by you or are already attached: {}. Upload them again.",
                unusable.join(", ")
            ),
        ),
    ))
}

async fn check_case_limit(
    db: &impl ConnectionTrait,
    attachment: &Attachment<'_>,
    rows: &[evidence::Model],
) -> ApiResult<()> {
    let adding: i64 = rows.iter().map(|row| row.size).sum();
    let held: Option<i64> = evidence::Entity::find()
        .select_only()
        // PostgreSQL sums a BIGINT as NUMERIC; cast it back to read an i64.
        .column_as(evidence::Column::Size.sum().cast_as("BIGINT"), "total")
        .filter(evidence::Column::ComplaintId.eq(attachment.complaint))
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    let total = held.unwrap_or(0).saturating_add(adding);
    if total as u64 <= attachment.case_limit {
        return Ok(());
    }
    Err(ApiError::field(
        attachment.field,
        "case_evidence_limit",
        Text::new(
            format!(
                "一件投诉的证据总量不能超过 {} MB，请删减文件。",
                attachment.case_limit >> 20
            ),
            format!(
                "A complaint may hold at most {} MB of evidence; attach fewer files.",
                attachment.case_limit >> 20
            ),
        ),
    ))
}

fn too_many(field: &str) -> ApiError {
    ApiError::field(
        field,
        "too_many_files",
        Text::new(
            format!("一次最多附加 {MAX_FILES_PER_REQUEST} 个文件。"),
            format!("Attach at most {MAX_FILES_PER_REQUEST} files at a time."),
        ),
    )
}
