//! User accounts: consumers registering, the caller's own account, staff of
//! associations, and the platform administrator created on first start.

pub mod bootstrap;
pub mod routes;
pub mod staff;
pub mod store;
