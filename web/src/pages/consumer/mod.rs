//! The consumer's portal: registering, filing a complaint, following one's
//! cases and notifications.

pub mod case;
pub mod draft;
pub mod enquiries;
pub mod file;
pub mod inputs;
pub mod labels;
pub mod money;
pub mod my_complaints;
pub mod notifications;
pub mod register;
