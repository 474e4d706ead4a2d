//! The business portal: the inbox, the case page and joining the platform.

pub mod apply;
pub mod case;
pub mod figures;
pub mod inbox;
pub mod join;
pub mod keys;
pub mod team;
pub mod webhooks;
