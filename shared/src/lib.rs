//! What crosses the wire between the redress server and its clients: requests,
//! responses, identifiers, domain enums and the problem body with its codes.
//!
//! No server or database code lives here, so the SPA can compile it to wasm.

pub mod accounts;
pub mod auth;
pub mod bundles;
pub mod businesses;
pub mod cases;
pub mod classification;
#[cfg(feature = "client")]
pub mod client;
pub mod complaints;
pub mod dashboard;
pub mod demo;
pub mod enquiries;
pub mod evidence;
pub mod groups;
pub mod guidance;
pub mod health;
pub mod ids;
pub mod joining;
pub mod mini_program;
pub mod notifications;
pub mod open_data;
pub mod organisations;
pub mod outlets;
pub mod page;
pub mod problem;
pub mod publication;
pub mod publicity;
pub mod records;
pub mod reply_templates;
pub mod stats;
pub mod taxonomy;
pub mod team;
pub mod validation;
pub mod warnings;
pub mod webhooks;

pub use ids::{
    AssociationId, BusinessId, CasePublicityId, ComplaintId, EnquiryId, EvidenceId,
    GroupComplaintId, OutletId, ReplyTemplateId, UserId,
};
pub use page::{Page, PageQuery};
pub use problem::{ErrorCode, FieldError, Problem};
