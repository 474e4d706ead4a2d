//! The case as the business and association staff handle it: one page
//! shared by both portals, its lists, forms and the rules for what to show.

pub mod actions;
pub mod availability;
pub mod bars;
pub mod classification;
pub mod deadline;
pub mod display;
pub mod form;
pub mod inputs;
pub mod labels;
pub mod list;
pub mod mediator;
pub mod messages;
pub mod news;
pub mod page;
pub mod publication;
pub mod publicity;
pub mod referral;
pub mod sessions;
pub mod templates;
pub mod timeline;
