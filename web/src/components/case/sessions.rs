//! The mediator's form to set a mediation session.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::ComplaintId;
use shared::cases::ScheduleSessionRequest;

use super::display::parse_shanghai_datetime;
use super::form::FormState;
use super::inputs::TextArea;
use crate::api::complaints;
use crate::components::field::Field;
use crate::i18n::{I18n, Key};

/// Sets a time and place for the parties to meet; the timeline shows it.
#[component]
pub fn SessionForm(id: ComplaintId, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let starts_at = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let Some(at) = parse_shanghai_datetime(&starts_at.get_untracked()) else {
            form.refuse(vec![("starts_at", Key::CaseDateInvalid)]);
            return;
        };
        let note = note.get_untracked().trim().to_owned();
        let request = ScheduleSessionRequest {
            starts_at: at,
            place: place.get_untracked().trim().to_owned(),
            note: (!note.is_empty()).then_some(note),
        };
        form.send(
            async move { complaints::schedule_session(id, &request).await },
            move |_| refresh.update(|n| *n += 1),
        );
    };

    view! {
        <details class="step">
            <summary>{move || i18n.tr(Key::CaseScheduleSession)}</summary>
            <form on:submit=submit novalidate>
                {form.notice()}
                <Field name="starts_at" label=Key::CaseSessionStarts value=starts_at error=form.error("starts_at") kind="datetime-local"/>
                <Field name="place" label=Key::CaseSessionPlace value=place error=form.error("place")/>
                <TextArea id="session-note" label=Key::CaseNote value=note error=form.error("note") rows=2/>
                <button type="submit" class="primary" disabled=form.pending()>
                    {move || i18n.tr(Key::CaseScheduleSession)}
                </button>
            </form>
        </details>
    }
}
