//! One module per route.

pub mod admin;
pub mod business;
pub mod consumer;
pub mod group;
pub mod login;
pub mod me;
pub mod not_found;
pub mod public;
pub mod staff;
