//! The complaint taxonomy: categories and natures.

use shared::taxonomy::{Category, Nature};

use super::{ApiError, client, path};

/// `GET /categories`: every category, parents before children.
pub async fn categories() -> Result<Vec<Category>, ApiError> {
    client().get(&path("/categories")).await
}

/// `GET /natures`: every nature.
pub async fn natures() -> Result<Vec<Nature>, ApiError> {
    client().get(&path("/natures")).await
}
