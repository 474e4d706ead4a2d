//! On PostgreSQL, replicas tell each other who has new notifications:
//! `notify` queues a `NOTIFY` with the recipients' ids, and this listener,
//! in every process, passes them on to its own hub. On SQLite there is one
//! process, and its in-process wake is enough.

use std::time::Duration;

use sea_orm::DbBackend;
use sea_orm::sqlx::PgPool;
use sea_orm::sqlx::postgres::PgListener;
use uuid::Uuid;

use crate::notifications::hub::{CHANNEL, EventHub};
use crate::state::AppState;

const FIRST_RETRY: Duration = Duration::from_secs(1);
const LONGEST_RETRY: Duration = Duration::from_secs(60);

/// Starts listening in the background, on PostgreSQL only. The task stops
/// when the hub stops.
pub fn start(state: &AppState) {
    if state.db.get_database_backend() != DbBackend::Postgres {
        return;
    }

    let pool = state.db.get_postgres_connection_pool().clone();
    let hub = state.events.clone();
    tokio::spawn(async move {
        tokio::select! {
            () = listen(pool, &hub) => {}
            () = hub.stopped() => {}
        }
    });
}

/// Relays notifications for as long as it runs, reconnecting after failures
/// with a growing pause.
async fn listen(pool: PgPool, hub: &EventHub) {
    let mut retry = FIRST_RETRY;
    loop {
        let error = relay(&pool, hub, &mut retry).await;

        tracing::warn!(
            %error,
            retry_in_seconds = retry.as_secs(),
            "not listening for notifications from other replicas: open event streams on this one \
             still see them, but only at their next re-check (REDRESS_EVENT_RECHECK_INTERVAL); \
             check that PostgreSQL is reachable"
        );
        tokio::time::sleep(retry).await;
        retry = (retry * 2).min(LONGEST_RETRY);
    }
}

/// Listens and wakes the hub for each notification, until the connection
/// fails for good.
async fn relay(pool: &PgPool, hub: &EventHub, retry: &mut Duration) -> sea_orm::sqlx::Error {
    let mut listener = match subscribe(pool).await {
        Ok(listener) => listener,
        Err(error) => return error,
    };
    tracing::info!(
        channel = CHANNEL,
        "listening for notifications from other replicas"
    );
    *retry = FIRST_RETRY;
    // Whatever was sent while nobody listened is lost: let every stream look again.
    hub.wake_everyone();

    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => hub.wake(&recipients(notification.payload())),
            Ok(None) => {
                tracing::warn!(
                    "the notification listener lost its connection and reconnected; open event streams look again"
                );
                hub.wake_everyone();
            }
            Err(error) => return error,
        }
    }
}

async fn subscribe(pool: &PgPool) -> Result<PgListener, sea_orm::sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// The user ids in a payload: comma-separated UUIDs.
fn recipients(payload: &str) -> Vec<Uuid> {
    let users: Vec<Uuid> = payload
        .split(',')
        .filter_map(|id| Uuid::parse_str(id.trim()).ok())
        .collect();
    if users.len() != payload.split(',').count() {
        tracing::warn!(
            channel = CHANNEL,
            payload,
            "parts of a notification payload were not user ids; they were skipped"
        );
    }
    users
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_names_its_recipients() {
        let first = Uuid::now_v7();
        let second = Uuid::now_v7();

        let users = recipients(&format!("{first},{second}"));

        assert_eq!(users, vec![first, second]);
    }

    #[test]
    fn foreign_parts_of_a_payload_are_skipped() {
        let user = Uuid::now_v7();

        assert_eq!(recipients(&format!("hello,{user}")), vec![user]);
        assert!(recipients("").is_empty());
    }
}
