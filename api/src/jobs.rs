//! Background work in every API process: the deadline sweeper, sending
//! notices by SMS or e-mail, removing abandoned evidence uploads, and the
//! clean-up of expired idempotency keys and mini-program binding tickets.
//! Several processes may run it at once; each piece of work is claimed in
//! the database, never in memory.

use std::time::Duration;

use crate::complaints::idempotency;
use crate::deadlines::sweeper;
use crate::error::ApiError;
use crate::evidence::cleanup;
use crate::mini_program::tickets;
use crate::notifications::dispatch;
use crate::state::AppState;

/// Runs the jobs every `sweep_interval` seconds until the process ends.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(state.settings.sweep_interval));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            run_once(&state).await;
        }
    })
}

/// One round of every job; failures are logged and retried next round.
pub async fn run_once(state: &AppState) {
    match sweeper::sweep(state).await {
        Ok(swept) if swept.expired + swept.reminded > 0 => {
            tracing::info!(
                expired = swept.expired,
                reminded = swept.reminded,
                "deadline sweep"
            );
        }
        Ok(_) => {}
        Err(error) => {
            tracing::warn!(error = %cause(&error), "deadline sweep failed; retrying next round")
        }
    }

    loop {
        match dispatch::send_pending(state).await {
            Ok(0) => break,
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(error = %cause(&error), "sending notices failed; retrying next round");
                break;
            }
        }
    }

    match cleanup::remove_orphans(state).await {
        Ok(0) => {}
        Ok(removed) => tracing::info!(removed, "abandoned evidence uploads removed"),
        Err(error) => {
            tracing::warn!(error = %format!("{error:#}"), "removing abandoned uploads failed; retrying next round")
        }
    }

    if let Err(error) = idempotency::forget_expired(&state.db, state.clock.now()).await {
        tracing::warn!(error = %cause(&error), "forgetting expired idempotency keys failed; retrying next round");
    }

    if let Err(error) = tickets::forget_expired(&state.db, state.clock.now()).await {
        tracing::warn!(error = %cause(&error), "forgetting expired mini-program binding tickets failed; retrying next round");
    }
}

/// What went wrong, for the operator: the underlying cause when there is one.
fn cause(error: &ApiError) -> String {
    match &error.cause {
        Some(cause) => format!("{cause:#}"),
        None => error.to_string(),
    }
}
