//! Disclosure (阳光公开): what of a complaint may be published.
//!
//! For now this holds redaction (脱敏): removing personal information from
//! free text before anything is published.

mod addresses;
mod contacts;
pub mod evaluation;
mod names;
mod numbers;
pub mod redaction;
#[cfg(test)]
mod tests;
mod text;

pub use redaction::{KnownNames, Redacted, RedactedKind, Removed, redact};
