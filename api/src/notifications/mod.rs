//! Telling people what happened on their cases: the inbox rows and their
//! endpoints, the live event stream, the hub and the PostgreSQL listener that
//! wake it, and the SMS/e-mail sender.

pub mod delivery;
pub mod dispatch;
pub mod events;
pub mod feed;
pub mod hub;
pub mod inbox;
pub mod listener;
pub mod routes;
pub mod sender;

pub use hub::EventHub;
pub use inbox::{Notice, notify};
pub use sender::{LoggingSender, Message, MessageSender};
