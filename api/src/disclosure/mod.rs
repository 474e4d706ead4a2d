//! Disclosure (阳光公开): what of a complaint may be published.
//!
//! This holds redaction (脱敏): removing personal information from free text
//! before anything is published, and case publicity (个案公示): listing a
//! business that refused mediation or did not carry out an agreement.

mod addresses;
mod contacts;
pub mod evaluation;
mod names;
mod numbers;
pub mod publicity;
pub mod redaction;
#[cfg(test)]
mod tests;
mod text;

pub use redaction::{KnownNames, Redacted, RedactedKind, Removed, redact};
