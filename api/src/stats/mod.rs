//! Public statistics (公开统计): counts, money recovered and handling times
//! over the published complaints. They read only the public copies.

pub mod performance;
pub mod period;
pub mod routes;
pub mod tally;
