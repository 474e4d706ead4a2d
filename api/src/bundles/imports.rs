//! The `case_imports` table: which bundle each imported case came in, and
//! the timelines it had before.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::bundles::{BundleParties, PriorRecord};
use uuid::Uuid;

use crate::entities::case_imports;
use crate::error::{ApiError, ApiResult};

/// The import that made this case, if it was imported.
pub async fn of_case(
    db: &impl ConnectionTrait,
    complaint_id: Uuid,
) -> ApiResult<Option<case_imports::Model>> {
    Ok(case_imports::Entity::find()
        .filter(case_imports::Column::ComplaintId.eq(complaint_id))
        .one(db)
        .await?)
}

/// The case this association made from the bundle with this digest.
pub async fn by_digest(
    db: &impl ConnectionTrait,
    association_id: Uuid,
    digest: &str,
) -> ApiResult<Option<case_imports::Model>> {
    Ok(case_imports::Entity::find()
        .filter(case_imports::Column::AssociationId.eq(association_id))
        .filter(case_imports::Column::BundleDigest.eq(digest))
        .one(db)
        .await?)
}

/// What is recorded about one import.
pub struct NewImport<'a> {
    pub complaint_id: Uuid,
    pub association_id: Uuid,
    pub bundle_digest: &'a str,
    pub prior_records: &'a [PriorRecord],
    pub parties: &'a BundleParties,
    pub imported_by: Uuid,
}

/// Records the import; false when the association imported the same bundle
/// meanwhile (the unique digest), and the caller should roll back.
pub async fn record(
    db: &impl ConnectionTrait,
    import: NewImport<'_>,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let model = case_imports::ActiveModel {
        id: Set(Uuid::now_v7()),
        complaint_id: Set(import.complaint_id),
        association_id: Set(import.association_id),
        bundle_digest: Set(import.bundle_digest.to_owned()),
        prior_records: Set(to_json(import.prior_records)?),
        parties: Set(to_json(import.parties)?),
        imported_by: Set(import.imported_by),
        imported_at: Set(now),
    };
    match case_imports::Entity::insert(model)
        .exec_without_returning(db)
        .await
    {
        Ok(_) => Ok(true),
        Err(error) if crate::accounts::store::is_unique_violation(&error) => Ok(false),
        Err(error) => Err(error.into()),
    }
}

pub fn prior_records(import: &case_imports::Model) -> ApiResult<Vec<PriorRecord>> {
    from_json(&import.prior_records, import)
}

pub fn parties(import: &case_imports::Model) -> ApiResult<BundleParties> {
    from_json(&import.parties, import)
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> ApiResult<String> {
    serde_json::to_string(value).map_err(ApiError::internal)
}

fn from_json<T: serde::de::DeserializeOwned>(
    json: &str,
    import: &case_imports::Model,
) -> ApiResult<T> {
    serde_json::from_str(json).map_err(|error| {
        ApiError::internal(anyhow::anyhow!(
            "the import record of complaint {} holds unreadable JSON: {error}",
            import.complaint_id
        ))
    })
}
