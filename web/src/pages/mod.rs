//! One module per route.

pub mod consumer;
pub mod login;
pub mod me;
pub mod not_found;
