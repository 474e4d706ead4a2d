//! Complaints: filing, the state machine, timeline and messages.

pub mod access;
pub mod lifecycle;
pub mod record;
pub mod taxonomy;
