//! Wakes the open event streams of users who have new notifications.
//!
//! Notifications are rows; the hub only says "look again". Within one
//! process a broadcast channel carries the user ids; with several processes
//! on PostgreSQL, `NOTIFY` carries them to every process, whose listener
//! passes them on to its own hub.

use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

/// The PostgreSQL channel that carries user ids between processes.
pub const CHANNEL: &str = "redress_notifications";

/// Stands for every user: wakes all streams.
const EVERYONE: Uuid = Uuid::nil();

pub struct EventHub {
    sender: broadcast::Sender<Uuid>,
    stopping: watch::Sender<bool>,
}

impl Default for EventHub {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(1024);
        let (stopping, _) = watch::channel(false);
        Self { sender, stopping }
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

    /// Wakes every stream in this process, for when wakes may have been
    /// lost (the listener was disconnected from PostgreSQL for a while).
    pub fn wake_everyone(&self) {
        let _ = self.sender.send(EVERYONE);
    }

    pub fn subscribe(&self) -> Wakes {
        Wakes {
            receiver: self.sender.subscribe(),
            stopping: self.stopping.subscribe(),
        }
    }

    /// The server is stopping: streams end and the listener stops.
    pub fn stop(&self) {
        self.stopping.send_replace(true);
    }

    /// Resolves once `stop` was called.
    pub async fn stopped(&self) {
        let mut stopping = self.stopping.subscribe();
        let _ = stopping.wait_for(|stopping| *stopping).await;
    }
}

/// One stream's subscription to the hub.
pub struct Wakes {
    receiver: broadcast::Receiver<Uuid>,
    stopping: watch::Receiver<bool>,
}

impl Wakes {
    /// Waits until `user` may have something new; `None` once the server is
    /// stopping. Cancel-safe, so it can race other futures in `select!`.
    pub async fn next(&mut self, user: Uuid) -> Option<()> {
        loop {
            tokio::select! {
                woken = self.receiver.recv() => match woken {
                    Ok(woken) if woken == user || woken == EVERYONE => return Some(()),
                    Ok(_) => {}
                    // Wakes were dropped while this stream was busy; one may have been ours.
                    Err(RecvError::Lagged(_)) => return Some(()),
                    Err(RecvError::Closed) => return None,
                },
                _ = self.stopping.wait_for(|stopping| *stopping) => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stream_wakes_for_its_own_user_and_for_everyone() {
        let hub = EventHub::default();
        let mine = Uuid::now_v7();
        let mut wakes = hub.subscribe();

        hub.wake(&[Uuid::now_v7(), mine]);
        hub.wake_everyone();

        assert_eq!(wakes.next(mine).await, Some(()));
        assert_eq!(wakes.next(mine).await, Some(()));
        assert!(wakes.receiver.is_empty());
    }

    #[tokio::test]
    async fn streams_end_when_the_hub_stops() {
        let hub = EventHub::default();
        let mut wakes = hub.subscribe();

        hub.stop();

        assert_eq!(wakes.next(Uuid::now_v7()).await, None);
        hub.stopped().await;
    }
}
