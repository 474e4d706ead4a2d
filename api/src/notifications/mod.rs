//! Telling people what happened on their cases: the inbox rows, the hub that
//! wakes live event streams, and the SMS/e-mail sender.

pub mod hub;
pub mod inbox;
pub mod sender;

pub use hub::EventHub;
pub use inbox::{Notice, notify};
pub use sender::{LoggingSender, Message, MessageSender};
