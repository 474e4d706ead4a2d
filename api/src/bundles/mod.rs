//! Case bundles: a case exported as one verifiable JSON document for
//! referral to the market regulator or transfer to another platform, the
//! check of such a bundle, and its import.

pub mod digest;
pub mod export;
pub mod import;
pub mod imports;
pub mod referrals;
pub mod routes;
pub mod verify;
