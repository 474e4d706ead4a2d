//! HTTP plumbing shared by every route: request ids, problem rendering and
//! the access log, JSON bodies with field-level errors, client addresses.

pub mod client_addr;
pub mod envelope;
pub mod json;

pub use client_addr::ClientAddr;
pub use envelope::RequestId;
pub use json::Json;
