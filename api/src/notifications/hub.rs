//! Wakes the open event streams of users who have new notifications.
//!
//! Notifications are rows; the hub only says "look again". Within one
//! process a broadcast channel carries the user ids; with several processes
//! on PostgreSQL, `NOTIFY` carries them to every process, whose listener
//! passes them on to its own hub.

use tokio::sync::broadcast;
use uuid::Uuid;

/// The PostgreSQL channel that carries user ids between processes.
pub const CHANNEL: &str = "redress_notifications";

pub struct EventHub {
    sender: broadcast::Sender<Uuid>,
}

impl Default for EventHub {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(1024);
        Self { sender }
    }
}

impl EventHub {
    /// Wakes the streams of these users in this process.
    pub fn wake(&self, users: &[Uuid]) {
        for user in users {
            // No open stream is not an error: nobody is listening.
            let _ = self.sender.send(*user);
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Uuid> {
        self.sender.subscribe()
    }
}
