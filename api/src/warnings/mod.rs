//! Early warning (预警) and consumer warnings (消费警示): surges in the
//! complaints against a business, a category or a region are shown to the
//! association's staff with the complaints that make them, and staff may
//! warn the public.

pub mod alerts;
pub mod issuing;
pub mod public;
pub mod surge;
