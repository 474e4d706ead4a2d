//! Associations and the regions they serve.

pub mod associations;
pub mod regions;
pub mod routing;
