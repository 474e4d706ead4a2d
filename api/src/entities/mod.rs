//! The database tables as sea-orm entities. The schema itself comes from the
//! `migrations` crate; these mirror it column for column.

pub mod associations;
pub mod categories;
pub mod login_failures;
pub mod natures;
pub mod refresh_tokens;
pub mod regions;
pub mod sessions;
pub mod staff_roles;
pub mod users;
