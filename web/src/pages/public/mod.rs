//! The public portal: what anyone may read without signing in.

pub mod business;
pub mod complaint;
pub mod complaints;
pub mod guidance;
pub mod home;
pub mod performance;
pub mod publicity;
pub mod rankings;
pub mod stats;
pub mod warnings;

mod display;
mod highlight;
mod labels;
mod names;
pub(crate) mod paging;
mod search_query;
pub(crate) mod widgets;
