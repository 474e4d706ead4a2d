//! The case's timeline: each step, who took it and when.

use leptos::prelude::*;
use serde_json::Value;
use shared::ComplaintId;
use shared::cases::TimelineEntry;

use super::display::shanghai_time;
use super::labels::{actor_key, timeline_key};
use crate::api::complaints;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

/// The payload fields worth showing, in the order they are looked for.
const TEXT_FIELDS: [&str; 7] = [
    "terms", "question", "answer", "reason", "note", "place", "comment",
];

/// The one line of text an entry carries, if any: its terms, question,
/// answer, reason or note. Machine codes (`deadline_missed`) are not text
/// for people and are left out.
pub fn payload_text(payload: &Value) -> Option<String> {
    TEXT_FIELDS
        .iter()
        .filter_map(|field| payload.get(field)?.as_str())
        .find(|text| !text.trim().is_empty() && !is_code(text))
        .map(str::to_owned)
}

/// Whether `text` is a machine code: lower-case ASCII words joined by `_`.
fn is_code(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// The timeline of case `id`, oldest first.
#[component]
pub fn Timeline(id: ComplaintId, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let entries = LocalResource::new(move || {
        refresh.track();
        complaints::timeline(id)
    });

    view! {
        <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{move || i18n.tr(Key::CaseTimeline)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(list) => view! {
                            <ol class="timeline">
                                {list.into_iter().map(|entry| view! { <Entry entry/> }).collect_view()}
                            </ol>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Entry(entry: TimelineEntry) -> impl IntoView {
    let i18n = I18n::expect();
    let kind = entry.kind.clone();
    let words =
        move || timeline_key(&kind).map_or_else(|| kind.clone(), |key| i18n.tr(key).to_owned());
    let actor = actor_key(&entry.actor_role);
    let text = payload_text(&entry.payload);

    view! {
        <li class="entry">
            <p class="meta">
                <strong>{words}</strong>
                " · " {move || i18n.tr(actor)}
                " · " {shanghai_time(entry.created_at)}
            </p>
            {text.map(|text| view! { <p class="body">{text}</p> })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_shows_its_terms_first() {
        let payload = serde_json::json!({"terms": "Refund in full", "reason": "x"});

        assert_eq!(payload_text(&payload).as_deref(), Some("Refund in full"));
    }

    #[test]
    fn a_machine_code_is_not_shown_as_text() {
        let payload = serde_json::json!({"reason": "deadline_missed", "note": "Called twice"});

        assert_eq!(payload_text(&payload).as_deref(), Some("Called twice"));
        assert_eq!(
            payload_text(&serde_json::json!({"reason": "duplicate"})),
            None
        );
    }

    #[test]
    fn an_entry_without_text_shows_none() {
        assert_eq!(payload_text(&serde_json::json!({"amount_fen": 100})), None);
        assert_eq!(payload_text(&serde_json::json!({"note": "  "})), None);
    }
}
