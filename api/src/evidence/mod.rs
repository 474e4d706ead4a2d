//! Evidence: files that parties attach to a complaint. Their type is decided
//! by their content, and they are stored by the SHA-256 of their bytes, which
//! the parties see as proof that a file was not changed.

pub mod attach;
pub mod cleanup;
pub mod content_type;
pub mod file_name;
pub mod routes;
pub mod store;
pub mod upload;

pub use content_type::EvidenceKind;
pub use store::{ContentHash, EvidenceStore, LocalFolderStore};
