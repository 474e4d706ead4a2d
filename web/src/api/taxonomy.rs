//! The complaint taxonomy: categories and natures, readable by anyone.

use shared::taxonomy::{Category, Nature};

use super::{ApiError, client, path};

/// `GET /categories`: every category, parents before children.
pub async fn categories() -> Result<Vec<Category>, ApiError> {
    client().get(&path("/categories")).await
}

/// `GET /natures`: every complaint nature.
pub async fn natures() -> Result<Vec<Nature>, ApiError> {
    client().get(&path("/natures")).await
}
