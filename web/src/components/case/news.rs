//! The notice that an open case has changed since the page read it.
//!
//! A case page holds forms that reading the case again would clear, so news
//! about the case (from the event stream, see [`crate::live`]) does not
//! redraw it: this notice says so, with a button that does.

use leptos::prelude::*;
use shared::ComplaintId;

use crate::i18n::{I18n, Key};
use crate::live::LiveEvents;

/// How much news about one case there was when the page last read it.
#[derive(Clone, Copy)]
pub struct ReadMark {
    live: LiveEvents,
    read_at: RwSignal<u64>,
}

impl ReadMark {
    pub fn new() -> Self {
        Self {
            live: LiveEvents::expect(),
            read_at: RwSignal::new(0),
        }
    }

    /// Call as the case is read: the news so far is then seen.
    pub fn read(self, id: ComplaintId) {
        self.read_at
            .set(untrack(|| self.live.complaint_version(id)));
    }

    /// Whether news about `id` came after the last read; reactive.
    pub fn has_news(self, id: ComplaintId) -> bool {
        self.live.complaint_version(id) > self.read_at.get()
    }
}

/// Shown while `changed` holds; the button runs `show_latest`.
#[component]
pub fn CaseChanged(
    #[prop(into)] changed: Signal<bool>,
    show_latest: Callback<()>,
) -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <Show when=move || changed.get()>
            <p class="notice" role="status">
                {move || i18n.tr(Key::CaseChangedNotice)} " "
                <button type="button" on:click=move |_| show_latest.run(())>
                    {move || i18n.tr(Key::CaseShowLatest)}
                </button>
            </p>
        </Show>
    }
}
