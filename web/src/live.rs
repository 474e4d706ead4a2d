//! Live updates: while someone is signed in, the app keeps one
//! server-sent event stream open (`GET /api/v1/events`) and turns each
//! event into signals that pages subscribe to. It carries the account's new
//! notifications; a notification about a complaint also bumps that
//! complaint's version, so a page showing the complaint knows to load it
//! again.
//!
//! For page authors:
//!
//! ```ignore
//! use crate::live::{self, LiveEvents};
//!
//! // Reload a complaint whenever something happens to it.
//! let live = LiveEvents::expect();
//! let complaint = LocalResource::new(move || {
//!     live.complaint_version(id); // tracked: a bump reloads
//!     api::complaints::get(id)
//! });
//!
//! // Reload a list on any news, e.g. an inbox or a queue.
//! let items = LocalResource::new(move || {
//!     live.received();
//!     api::notifications::list()
//! });
//!
//! // React to each notification as it arrives.
//! live::on_notification(|notification| toast(&notification.title));
//! ```
//!
//! The stream is opened with the access token in the address
//! (`?access_token=`), because `EventSource` cannot send headers. The
//! browser reconnects by itself after a dropped connection and resumes with
//! `Last-Event-ID`; when the server refuses the reconnection (the access
//! token expired meanwhile) the app refreshes the token and opens a new
//! stream, which starts after the newest notification: pages that must not
//! miss anything reload when [`LiveEvents::reconnections`] changes.

#![allow(
    dead_code,
    reason = "the portal pages subscribe to the parts they need"
)]

use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::ComplaintId;
use shared::notifications::Notification;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Event, EventSource, MessageEvent};

use crate::api::{self, BASE};
use crate::session::Session;

/// How long to wait before opening a stream again after the server refused one.
const REOPEN_AFTER: Duration = Duration::from_secs(5);

/// The event stream's news, shared through context.
#[derive(Clone, Copy, Debug)]
pub struct LiveEvents {
    last: RwSignal<Option<Notification>>,
    received: RwSignal<u64>,
    complaints: RwSignal<HashMap<ComplaintId, u64>>,
    connected: RwSignal<bool>,
    reconnections: RwSignal<u64>,
}

impl LiveEvents {
    /// Makes the news available to descendants, and keeps a stream open for
    /// as long as someone is signed in. Call after [`Session::provide`].
    pub fn provide() -> Self {
        let live = Self {
            last: RwSignal::new(None),
            received: RwSignal::new(0),
            complaints: RwSignal::new(HashMap::new()),
            connected: RwSignal::new(false),
            reconnections: RwSignal::new(0),
        };
        provide_context(live);

        let session = Session::expect();
        let stream = StoredValue::new_local(None::<Stream>);
        Effect::new(move || {
            let signed_in = session.is_signed_in();
            stream.update_value(|open| *open = None);
            live.connected.set(false);
            if signed_in {
                live.open(session, stream);
            }
        });
        live
    }

    /// The instance provided by [`LiveEvents::provide`].
    pub fn expect() -> Self {
        expect_context()
    }

    /// The newest notification received, if any; reactive.
    pub fn last_notification(self) -> Option<Notification> {
        self.last.get()
    }

    /// How many notifications arrived since the app started; reactive. Read
    /// it in a resource's source to reload on any news.
    pub fn received(self) -> u64 {
        self.received.get()
    }

    /// How many notifications about complaint `id` arrived; reactive. Read
    /// it in a resource's source to reload the complaint on its news.
    pub fn complaint_version(self, id: ComplaintId) -> u64 {
        self.complaints
            .with(|versions| versions.get(&id).copied().unwrap_or_default())
    }

    /// Whether the stream is open right now; reactive.
    pub fn is_connected(self) -> bool {
        self.connected.get()
    }

    /// How many times a new stream had to be opened after the first (events
    /// may have been missed in between); reactive.
    pub fn reconnections(self) -> u64 {
        self.reconnections.get()
    }

    fn record(self, notification: Notification) {
        if let Some(id) = notification.complaint_id {
            self.complaints.update(|versions| bump(versions, id));
        }
        self.received.update(|count| *count += 1);
        self.last.set(Some(notification));
    }

    /// Opens a stream with the current access token, refreshing it first
    /// when the client has none.
    fn open(self, session: Session, slot: StoredValue<Option<Stream>, LocalStorage>) {
        let client = api::client();
        let Some(token) = client.access_token() else {
            spawn_local(async move {
                if client.refresh().await.is_ok() && session.is_signed_in_untracked() {
                    self.open(session, slot);
                }
            });
            return;
        };
        match Stream::open(&stream_address(&token), self, session, slot) {
            Ok(stream) => slot.set_value(Some(stream)),
            Err(error) => leptos::logging::warn!("the event stream did not open: {error:?}"),
        }
    }

    /// The server closed the stream for good (most often an expired token):
    /// refresh the token and open another a little later.
    fn reopen(self, session: Session, slot: StoredValue<Option<Stream>, LocalStorage>) {
        self.connected.set(false);
        set_timeout(
            move || {
                // Dropped here rather than in its own error handler.
                slot.set_value(None);
                if !session.is_signed_in_untracked() {
                    return;
                }
                spawn_local(async move {
                    // A refused refresh signs the tab out through the session.
                    if api::client().refresh().await.is_ok() && session.is_signed_in_untracked() {
                        self.reconnections.update(|count| *count += 1);
                        self.open(session, slot);
                    }
                });
            },
            REOPEN_AFTER,
        );
    }
}

/// Calls `callback` with every notification that arrives from now on.
pub fn on_notification(callback: impl Fn(&Notification) + 'static) {
    let live = LiveEvents::expect();
    Effect::new(move |_| {
        live.last.with(|last| {
            if let Some(notification) = last {
                callback(notification);
            }
        });
    });
}

/// One open `EventSource` and the handlers it calls; closing happens when
/// this is dropped.
struct Stream {
    source: EventSource,
    _handlers: [Closure<dyn FnMut(Event)>; 3],
}

impl Stream {
    fn open(
        address: &str,
        live: LiveEvents,
        session: Session,
        slot: StoredValue<Option<Stream>, LocalStorage>,
    ) -> Result<Self, wasm_bindgen::JsValue> {
        let source = EventSource::new(address)?;
        let on_open = Closure::<dyn FnMut(Event)>::new(move |_| live.connected.set(true));
        let on_notification = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            let Some(data) = event
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
            else {
                return;
            };
            match parse(&data) {
                Some(notification) => live.record(notification),
                None => leptos::logging::warn!("an event that is not a notification: {data}"),
            }
        });
        let closed = source.clone();
        let on_error = Closure::<dyn FnMut(Event)>::new(move |_| {
            // While CONNECTING the browser retries by itself.
            if closed.ready_state() == EventSource::CLOSED {
                live.reopen(session, slot);
            } else {
                live.connected.set(false);
            }
        });

        source.add_event_listener_with_callback("open", on_open.as_ref().unchecked_ref())?;
        source.add_event_listener_with_callback(
            "notification",
            on_notification.as_ref().unchecked_ref(),
        )?;
        source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref())?;
        Ok(Self {
            source,
            _handlers: [on_open, on_notification, on_error],
        })
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// The stream's address with the access token as a query parameter.
fn stream_address(token: &str) -> String {
    format!(
        "{BASE}/events?access_token={}",
        shared::client::encode(token)
    )
}

/// The notification in an event's `data`.
fn parse(data: &str) -> Option<Notification> {
    serde_json::from_str(data).ok()
}

fn bump(versions: &mut HashMap<ComplaintId, u64>, id: ComplaintId) {
    *versions.entry(id).or_default() += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_goes_into_the_address_encoded() {
        assert_eq!(
            stream_address("eyJ.a+b/c="),
            "/api/v1/events?access_token=eyJ.a%2Bb%2Fc%3D"
        );
    }

    #[test]
    fn a_notification_event_is_read_and_anything_else_is_not() {
        let data = r#"{"id":42,"complaint_id":"0193b8a0-0000-7000-8000-000000000001","kind":"complaint_accepted","title":"您的投诉已受理","created_at":"2026-12-05T08:00:00Z","read_at":null}"#;

        let notification = parse(data).unwrap();

        assert_eq!(notification.id.0, 42);
        assert_eq!(notification.kind, "complaint_accepted");
        assert!(notification.complaint_id.is_some());
        assert!(parse("keep-alive").is_none());
    }

    #[test]
    fn each_notification_about_a_complaint_bumps_only_its_version() {
        let (one, two) = (
            ComplaintId(uuid::Uuid::from_u128(1)),
            ComplaintId(uuid::Uuid::from_u128(2)),
        );
        let mut versions = HashMap::new();

        bump(&mut versions, one);
        bump(&mut versions, one);
        bump(&mut versions, two);

        assert_eq!(versions[&one], 2);
        assert_eq!(versions[&two], 1);
    }
}
