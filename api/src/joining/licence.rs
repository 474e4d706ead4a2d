//! The business licence: an uploaded image or PDF, attached to its
//! application so that the sweep of abandoned uploads leaves it alone, and
//! readable by the applicant and the application's reviewers.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use shared::EvidenceId;
use uuid::Uuid;

use crate::auth::Principal;
use crate::entities::{evidence, joining_applications};
use crate::error::{ApiError, ApiResult, Fields};
use crate::i18n::Text;
use crate::policy::{Action, allows};

const FIELD: &str = "licence_evidence_id";

/// Checks that the file is the caller's own upload, an image or a PDF, and
/// free: attached neither to a complaint nor to another application.
pub async fn check(
    db: &impl ConnectionTrait,
    fields: &mut Fields,
    principal: &Principal,
    id: EvidenceId,
    application: Option<Uuid>,
) -> ApiResult<Option<Uuid>> {
    let row = evidence::Entity::find_by_id(id.0).one(db).await?;
    let usable = row.as_ref().is_some_and(|row| {
        row.uploader_id == principal.user_id.0
            && row.complaint_id.is_none()
            && (row.application_id.is_none() || row.application_id == application)
    });
    let Some(row) = row.filter(|_| usable) else {
        fields.push(
            FIELD,
            "unknown_evidence",
            Text::new(
                "这个文件不存在、不是您上传的或已附加到别处，请重新上传营业执照。",
                "This file does not exist, was not uploaded by you or is attached elsewhere; upload the licence again.",
            ),
        );
        return Ok(None);
    };
    if !matches!(row.kind.as_str(), "image" | "pdf") {
        fields.push(
            FIELD,
            "not_an_image_or_pdf",
            Text::new(
                "营业执照请上传照片（JPEG、PNG 等）或 PDF 文件。",
                "Upload the licence as a photo (JPEG, PNG…) or a PDF.",
            ),
        );
        return Ok(None);
    }
    Ok(Some(row.id))
}

/// Attaches the licence to the application, unless a request attached it
/// elsewhere since it was checked.
pub async fn attach(
    db: &impl ConnectionTrait,
    licence: Uuid,
    application: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let attached = evidence::Entity::update_many()
        .col_expr(evidence::Column::ApplicationId, Expr::value(application))
        .col_expr(evidence::Column::AttachedAt, Expr::value(now))
        .filter(evidence::Column::Id.eq(licence))
        .filter(evidence::Column::ComplaintId.is_null())
        .filter(
            Condition::any()
                .add(evidence::Column::ApplicationId.is_null())
                .add(evidence::Column::ApplicationId.eq(application)),
        )
        .exec(db)
        .await?;
    if attached.rows_affected == 1 {
        return Ok(());
    }
    Err(ApiError::field(
        FIELD,
        "unknown_evidence",
        Text::new(
            "营业执照文件刚被另一请求附加到别处，请重新上传。",
            "The licence file was attached elsewhere by another request just now; upload it again.",
        ),
    ))
}

/// True when the caller may read a licence attached to this application:
/// its applicant, and those who may decide it.
pub async fn may_read(
    db: &impl ConnectionTrait,
    principal: &Principal,
    application: Uuid,
) -> ApiResult<bool> {
    let Some(row) = joining_applications::Entity::find_by_id(application)
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    let applicant = row.applicant_id == principal.user_id.0 && !principal.is_api_key();
    let reviewer = allows(
        principal,
        Action::DecideApplication(row.association_id.into()),
    );
    Ok(applicant || reviewer)
}
