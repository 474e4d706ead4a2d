//! Enquiries (咨询): a consumer asks the association serving their region a
//! question instead of complaining. Its staff answer it, or turn it into a
//! complaint filed for the consumer; an answered enquiry whose consumer
//! agreed may be published, redacted, as a question and answer.

pub mod answering;
pub mod asking;
pub mod conversion;
pub mod questions;
pub mod store;
