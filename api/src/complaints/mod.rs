//! Complaints: filing, the state machine, timeline and messages.

pub mod lifecycle;
pub mod taxonomy;
