//! Evidence files as the parties see them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{ComplaintId, EvidenceId};

/// One uploaded file. The SHA-256 is shown to the parties as proof that the
/// file is the one uploaded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    pub id: EvidenceId,
    /// None until a filing or a message attaches it.
    pub complaint_id: Option<ComplaintId>,
    /// `image`, `pdf` or `video`.
    pub kind: String,
    pub media_type: String,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
}
