//! HTTP plumbing shared by every route: request ids, problem rendering and
//! the access log, JSON bodies and query strings with field-level errors,
//! CSV cells, client addresses, the public endpoints' rate limit, and the
//! clients of calls to other servers.

pub mod client_addr;
pub mod csv;
pub mod envelope;
pub mod json;
pub mod outbound;
pub mod query;
pub mod rate_limit;

pub use client_addr::ClientAddr;
pub use envelope::RequestId;
pub use json::Json;
pub use query::Query;
