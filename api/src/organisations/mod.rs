//! Associations and the regions they serve.

pub mod associations;
pub mod deadline_policy;
pub mod regions;
pub mod routing;
