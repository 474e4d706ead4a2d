//! The complaint taxonomy: categories and natures.

use serde::{Deserialize, Serialize};

/// Goods, services or other, with major categories and specific items below.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    /// Dotted code, e.g. `goods.appliances.phones`.
    #[cfg_attr(feature = "openapi", schema(example = "goods.appliances.phones"))]
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_code: Option<String>,
    /// `goods`, `services` or `other`.
    pub kind: String,
    #[cfg_attr(feature = "openapi", schema(example = "通讯类产品"))]
    pub name_zh: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Phones and communication devices")
    )]
    pub name_en: String,
}

/// What went wrong: quality, contract, false advertising…
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Nature {
    #[cfg_attr(feature = "openapi", schema(example = "quality"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(example = "质量问题"))]
    pub name_zh: String,
    #[cfg_attr(feature = "openapi", schema(example = "Quality"))]
    pub name_en: String,
}
