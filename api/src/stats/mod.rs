//! Public statistics (公开统计): counts, money recovered and handling times
//! over the published complaints. They read only the public copies. Also
//! the figures over every case: an association's public performance and
//! its staff's dashboard.

pub mod dashboard;
pub mod performance;
pub mod period;
pub mod routes;
pub mod tally;
