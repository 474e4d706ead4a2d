//! The association staff portal: intake, mediation, publication review,
//! join applications, enquiries, guidance articles and surge alerts.

pub mod alerts;
pub mod bundles;
pub mod case;
pub mod dashboard;
pub mod enquiries;
pub mod groups;
pub mod guidance;
pub mod intake;
pub mod joining;
pub mod mediation;
pub mod overview;
pub mod publication;
pub mod publicity;
pub mod settings;
pub mod team;
