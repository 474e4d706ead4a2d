//! Complaints: filing, the state machine, timeline and messages, the
//! inbox's filters and the CSV export.

pub mod access;
pub mod actions;
pub mod audience;
pub mod effects;
pub mod export;
pub mod filing;
pub mod filters;
pub mod idempotency;
pub mod labels;
pub mod lifecycle;
pub mod mediator;
pub mod messages;
pub mod numbers;
pub mod record;
pub mod routes;
pub mod sessions;
pub mod store;
pub mod taxonomy;
pub mod timeline;
pub mod view;
