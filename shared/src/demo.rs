//! The clock of a demo server, which a replay moves so that cases live
//! through their deadlines in minutes. A production server has no such clock.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `PUT /demo/clock`: where to set the demo server's clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DemoClockChange {
    /// The new time; not before the latest event recorded on the platform.
    pub now: DateTime<Utc>,
}

/// The demo server's clock, and what the deadline sweep did after a move.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoClock {
    /// The server's time now.
    pub now: DateTime<Utc>,
    /// The latest event recorded on the platform; the clock goes no earlier.
    pub latest_event: Option<DateTime<Utc>>,
    /// Deadlines that ran out at the new time and moved their cases on.
    pub expired: u64,
    /// Reminders sent for deadlines now close.
    pub reminded: u64,
}
