//! Similar complaints and group complaints (集体投诉): finding complaints
//! with one cause against one business, confirming them as a group, and
//! handling the group once.

pub mod forming;
pub mod handling;
pub mod membership;
pub mod minhash;
pub mod similar;
pub mod store;
