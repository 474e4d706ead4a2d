//! Complaints: filing, the state machine, timeline and messages.

pub mod access;
pub mod actions;
pub mod audience;
pub mod effects;
pub mod filing;
pub mod idempotency;
pub mod lifecycle;
pub mod messages;
pub mod numbers;
pub mod record;
pub mod routes;
pub mod sessions;
pub mod store;
pub mod taxonomy;
pub mod timeline;
pub mod view;
