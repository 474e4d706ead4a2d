//! Suggested category and nature of a complaint from its text, staff's
//! corrections of them, and the classifier's retraining.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The text to classify: what the consumer has written so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassificationRequest {
    /// 1 to 5,000 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "手机买了三天屏幕就碎了，商家拒绝换货",
            min_length = 1,
            max_length = 5000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200C\u200E\u200F\u2028-\u202E\u2060-\u206F\uFEFF]*$"
        )
    )]
    pub text: String,
}

/// A category or nature the text likely belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    /// The taxonomy code, as in `/categories` or `/natures`.
    #[cfg_attr(feature = "openapi", schema(example = "goods.appliances.phones"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(example = "通讯类产品"))]
    pub name_zh: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Phones and communication devices")
    )]
    pub name_en: String,
    /// The model's probability, 0 to 1.
    #[cfg_attr(feature = "openapi", schema(example = 0.93))]
    pub score: f32,
}

/// The most likely categories and natures, most likely first (three each).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Classification {
    pub categories: Vec<Suggestion>,
    pub natures: Vec<Suggestion>,
}

/// Intake staff's correction of a complaint's category and nature.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabelCorrection {
    /// A category code of the taxonomy.
    #[cfg_attr(feature = "openapi", schema(example = "goods.appliances.phones"))]
    pub category_code: String,
    /// A nature code of the taxonomy.
    #[cfg_attr(feature = "openapi", schema(example = "quality"))]
    pub nature_code: String,
}

/// The classifier the server serves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassifierStatus {
    /// Staff corrections stored as labelled examples.
    pub corrections: u64,
    /// Corrections the served model has learned from.
    pub corrections_learned: u64,
    /// When the served model was last retrained in this process; absent
    /// while it is the committed model alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrained_at: Option<DateTime<Utc>>,
    /// True while a retraining runs.
    pub retraining: bool,
}
