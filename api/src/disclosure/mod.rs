//! Disclosure (阳光公开): which complaints are published and when, the
//! redaction (脱敏) of everything published, the consumer's consent and
//! preview, staff's edits, the business's public reply, and case publicity
//! (个案公示): listing a business that refused mediation or did not carry
//! out an agreement.

mod addresses;
pub mod comment;
pub mod consent;
mod contacts;
pub mod editing;
pub mod evaluation;
mod names;
mod numbers;
pub mod personal;
pub mod projection;
pub mod publication;
pub mod publicity;
pub mod redaction;
pub mod rules;
#[cfg(test)]
mod tests;
mod text;

pub use redaction::{KnownNames, Redacted, RedactedKind, Removed, redact};
