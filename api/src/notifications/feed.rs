//! One open event stream: it sends the user's new notifications as
//! server-sent events when the hub wakes it, looks again on a short
//! interval in case a wake was lost, and keeps the connection alive with
//! comments until the login session ends.

use std::convert::Infallible;
use std::time::Duration;

use actix_web::web::{self, Bytes};
use futures_util::Stream;
use shared::notifications::Notification;
use tokio::time::{Instant, Interval, MissedTickBehavior, interval_at};
use uuid::Uuid;

use crate::auth::Principal;
use crate::auth::sessions::live_session;
use crate::i18n::Lang;
use crate::notifications::delivery::{Delivered, KNOWN_AT_START};
use crate::notifications::hub::Wakes;
use crate::notifications::inbox;
use crate::state::AppState;

/// Rows read per query while catching up.
const BATCH: u64 = 200;

/// How long an `EventSource` waits before reconnecting, in milliseconds.
const RECONNECT_AFTER_MS: u32 = 3000;

const HEARTBEAT: &[u8] = b": keep-alive\n\n";

pub struct Feed {
    state: web::Data<AppState>,
    user: Uuid,
    session: Uuid,
    lang: Lang,
    wakes: Wakes,
    delivered: Delivered,
    recheck: Interval,
    heartbeat: Interval,
    /// The first chunk: the reconnect delay and the backlog.
    opening: Option<Bytes>,
}

impl Feed {
    /// Opens a stream for the caller. With `resume_after` (the client's
    /// `Last-Event-ID`) the backlog is every notification above it; without,
    /// the stream starts after the newest notification the caller has.
    pub async fn open(
        state: web::Data<AppState>,
        principal: &Principal,
        lang: Lang,
        resume_after: Option<i64>,
    ) -> Result<Self, sea_orm::DbErr> {
        // Subscribe before reading, so that a wake between the two is not lost.
        let wakes = state.events.subscribe();
        let user = principal.user_id.0;
        let known = inbox::newest_ids(&state.db, user, resume_after, KNOWN_AT_START).await?;

        let mut feed = Self {
            user,
            session: principal.session_id,
            lang,
            wakes,
            delivered: Delivered::starting_with(&known, std::time::Instant::now()),
            recheck: every(state.settings.event_recheck_interval),
            heartbeat: every(state.settings.event_heartbeat_interval),
            opening: None,
            state,
        };
        let backlog = feed.unsent().await?;

        let mut opening = format!("retry: {RECONNECT_AFTER_MS}\n\n");
        opening.push_str(&events(&backlog));
        feed.opening = Some(Bytes::from(opening));
        Ok(feed)
    }

    /// The body of the response; it ends when the session ends or the server stops.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, Infallible>> {
        futures_util::stream::unfold(self, |mut feed| async move {
            let chunk = feed.next_chunk().await?;
            Some((Ok(chunk), feed))
        })
    }

    async fn next_chunk(&mut self) -> Option<Bytes> {
        if let Some(opening) = self.opening.take() {
            return Some(opening);
        }
        loop {
            tokio::select! {
                woken = self.wakes.next(self.user) => woken?,
                _ = self.recheck.tick() => {}
                _ = self.heartbeat.tick() => return self.keep_alive().await,
            }
            if let Some(chunk) = self.catch_up().await {
                return Some(chunk);
            }
        }
    }

    /// A comment that keeps proxies from closing an idle connection, while
    /// the session lives; `None` once it has ended.
    async fn keep_alive(&self) -> Option<Bytes> {
        let now = self.state.clock.now();
        match live_session(&self.state.db, self.session, now).await {
            Ok(Some(_)) => Some(Bytes::from_static(HEARTBEAT)),
            Ok(None) => {
                tracing::debug!(user_id = %self.user, "login session ended; closing its event stream");
                None
            }
            Err(error) => {
                tracing::warn!(user_id = %self.user, %error, "could not check the session of an event stream; checking again at the next heartbeat");
                Some(Bytes::from_static(HEARTBEAT))
            }
        }
    }

    /// The events not sent yet, if any. A failed read is logged and left to
    /// the next re-check.
    async fn catch_up(&mut self) -> Option<Bytes> {
        match self.unsent().await {
            Ok(fresh) if fresh.is_empty() => None,
            Ok(fresh) => Some(Bytes::from(events(&fresh))),
            Err(error) => {
                tracing::warn!(user_id = %self.user, %error, "could not read new notifications for an event stream; trying again at the next re-check");
                None
            }
        }
    }

    /// Reads every notification above the settled floor and keeps, as sent,
    /// those this stream has not delivered yet.
    async fn unsent(&mut self) -> Result<Vec<Notification>, sea_orm::DbErr> {
        let now = std::time::Instant::now();
        self.delivered.settle(now);
        let mut after = self.delivered.floor();
        let mut fresh = Vec::new();

        loop {
            let rows = inbox::after(&self.state.db, self.user, after, BATCH).await?;
            let more = rows.len() as u64 == BATCH;
            after = rows.last().map_or(after, |row| row.id.into());
            for row in rows {
                let id = i64::from(row.id);
                if self.delivered.is_new(id) {
                    self.delivered.record(id, now);
                    fresh.push(inbox::view(row, self.lang));
                }
            }
            if !more {
                return Ok(fresh);
            }
        }
    }
}

/// Ticks every `seconds`, the first time one period from now.
fn every(seconds: u64) -> Interval {
    let period = Duration::from_secs(seconds);
    let mut interval = interval_at(Instant::now() + period, period);
    interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
    interval
}

/// Notifications as `text/event-stream` events.
fn events(notifications: &[Notification]) -> String {
    notifications.iter().map(event).collect()
}

fn event(notification: &Notification) -> String {
    match serde_json::to_string(notification) {
        Ok(data) => format!(
            "id: {}\nevent: notification\ndata: {data}\n\n",
            notification.id
        ),
        Err(error) => {
            tracing::error!(id = %notification.id, %error, "could not encode a notification event; it was skipped");
            String::new()
        }
    }
}
