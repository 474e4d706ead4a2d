//! Telling people what happened on their cases.

pub mod sender;

pub use sender::{LoggingSender, Message, MessageSender};
