//! Businesses complained about: the registry record, membership of the
//! platform (入驻) and its suspension, and the accounts of their users.

pub mod api_keys;
pub mod contacts;
pub mod figures;
pub mod membership;
pub mod registry;
pub mod routes;
