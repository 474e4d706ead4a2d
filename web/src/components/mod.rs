//! Widgets used by more than one page.

pub mod error_notice;
pub mod field;
pub mod header;
pub mod text_size;
pub mod upload;
