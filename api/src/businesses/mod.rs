//! Businesses complained about: the registry record, membership of the
//! platform (入驻) and the accounts of their complaint handlers.

pub mod api_keys;
pub mod contacts;
pub mod figures;
pub mod registry;
pub mod routes;
