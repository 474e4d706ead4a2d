//! The platform admin's pages.

pub mod associations;
