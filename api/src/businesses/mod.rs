//! Businesses complained about: the registry record, membership of the
//! platform (入驻) and its suspension, the accounts of their users, and the
//! workspace of a member: its outlets, keys, contacts, figures and reply
//! templates; and the public side: its handling record and the rankings.

pub mod aliases;
pub mod api_keys;
pub mod contacts;
pub mod figures;
pub mod handling;
pub mod handling_index;
pub mod membership;
pub mod merge;
pub mod names;
pub mod outlets;
pub mod rankings;
pub mod records;
pub mod registry;
pub mod reply_templates;
pub mod routes;
pub mod search;
