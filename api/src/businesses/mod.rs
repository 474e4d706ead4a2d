//! Businesses complained about: the registry record, membership of the
//! platform (入驻) and the accounts of their complaint handlers.

pub mod aliases;
pub mod api_keys;
pub mod contacts;
pub mod figures;
pub mod merge;
pub mod names;
pub mod registry;
pub mod routes;
pub mod search;
