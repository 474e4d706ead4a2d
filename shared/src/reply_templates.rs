//! Reply templates (回复模板): texts a business's team keeps for the answers
//! it gives again and again, to start a message or an offer from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{ReplyTemplateId, UserId};

/// Most templates one business may keep.
pub const MAX_TEMPLATES: usize = 200;

/// A reply template as the business's users see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyTemplate {
    pub id: ReplyTemplateId,
    /// Unique within the business, ignoring case.
    pub title: String,
    pub body: String,
    /// The user who wrote it.
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST` and `PUT` of `/businesses/{id}/reply-templates`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReplyTemplateRequest {
    /// 1 to 60 characters.
    pub title: String,
    /// 1 to 2,000 characters; line breaks are kept.
    pub body: String,
}
