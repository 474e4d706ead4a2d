//! Authentication: password hashing, access tokens, login sessions with
//! rotating refresh tokens, login throttling, and the authenticated caller.

pub mod api_keys;
pub mod password;
pub mod principal;
pub mod routes;
pub mod sessions;
pub mod throttle;
pub mod tokens;

pub use principal::Principal;
