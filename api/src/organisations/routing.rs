//! Which association handles a case: the one for the region, or the lowest
//! existing association above it in the region tree.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::entities::{associations, regions};
use crate::error::{ApiError, ApiResult};

/// The association serving `region_code`.
pub async fn serving(
    db: &impl ConnectionTrait,
    region_code: &str,
) -> ApiResult<associations::Model> {
    let mut code = Some(region_code.to_owned());
    while let Some(current) = code {
        let found = associations::Entity::find()
            .filter(associations::Column::RegionCode.eq(current.clone()))
            .one(db)
            .await?;
        if let Some(association) = found {
            return Ok(association);
        }
        code = regions::Entity::find_by_id(current)
            .one(db)
            .await?
            .and_then(|region| region.parent_code);
    }

    national(db).await
}

pub async fn national(db: &impl ConnectionTrait) -> ApiResult<associations::Model> {
    associations::Entity::find()
        .filter(associations::Column::ParentId.is_null())
        .one(db)
        .await?
        .ok_or_else(|| {
            ApiError::internal(anyhow::anyhow!(
                "the national association is missing; the database was not migrated"
            ))
        })
}

/// True when the region exists in the region tree.
pub async fn region_exists(db: &impl ConnectionTrait, code: &str) -> ApiResult<bool> {
    if !crate::organisations::regions::is_region_code(code) {
        return Ok(false);
    }
    Ok(regions::Entity::find_by_id(code.to_owned())
        .one(db)
        .await?
        .is_some())
}
