//! HTTP plumbing shared by every route: request ids, problem rendering and
//! the access log, JSON bodies and query strings with field-level errors,
//! CSV cells, client addresses and the public endpoints' rate limit.

pub mod client_addr;
pub mod csv;
pub mod envelope;
pub mod json;
pub mod query;
pub mod rate_limit;

pub use client_addr::ClientAddr;
pub use envelope::RequestId;
pub use json::Json;
pub use query::Query;
