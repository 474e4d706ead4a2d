//! A user's notifications: the inbox and the live event stream carry the same items.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ComplaintId;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// Increasing; also the event id on `/events`.
    pub id: i64,
    pub complaint_id: Option<ComplaintId>,
    /// What happened, for example `complaint_accepted` or `message_posted`.
    pub kind: String,
    /// In the request's language.
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// Inbox filter and page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct NotificationQuery {
    /// Only unread notifications.
    pub unread: Option<bool>,
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}
