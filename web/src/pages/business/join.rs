//! `/business/join`: applying to join the platform (入驻), and where my
//! applications stand.

use leptos::prelude::*;
use shared::joining::{ApplicationEventKind, ApplicationState, JoiningApplication};

use super::apply::ApplyForm;
use crate::api::joining;
use crate::components::case::display::shanghai_time;
use crate::components::case::form::FormState;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

/// The words for an application's state.
pub fn application_state_key(state: ApplicationState) -> Key {
    match state {
        ApplicationState::Submitted => Key::JoinStateSubmitted,
        ApplicationState::MoreInfoRequested => Key::JoinStateMoreInfo,
        ApplicationState::Approved => Key::JoinStateApproved,
        ApplicationState::Rejected => Key::JoinStateRejected,
        ApplicationState::Withdrawn => Key::JoinStateWithdrawn,
    }
}

/// The words for a step in an application's history.
pub fn application_event_key(kind: ApplicationEventKind) -> Key {
    match kind {
        ApplicationEventKind::Submitted => Key::JoinEventSubmitted,
        ApplicationEventKind::Approved => Key::JoinStateApproved,
        ApplicationEventKind::Rejected => Key::JoinStateRejected,
        ApplicationEventKind::Withdrawn => Key::JoinStateWithdrawn,
        ApplicationEventKind::MoreInfoRequested => Key::JoinStateMoreInfo,
        ApplicationEventKind::Resubmitted => Key::JoinEventResubmitted,
    }
}

/// The form to apply, then my applications, newest first, each with its
/// history.
#[component]
pub fn BusinessJoin() -> impl IntoView {
    let i18n = I18n::expect();
    let refresh = RwSignal::new(0u32);
    let applied = RwSignal::new(false);
    let mine = LocalResource::new(move || {
        refresh.track();
        joining::mine()
    });
    // A fresh, empty form after each application sent.
    let generation = RwSignal::new(0u32);
    let on_applied = move |()| {
        applied.set(true);
        refresh.update(|n| *n += 1);
        generation.update(|n| *n += 1);
    };

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::BizJoinTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::BizJoinIntro)}</p>
            {move || {
                generation.track();
                view! { <ApplyForm on_applied/> }
            }}
            <h2>{move || i18n.tr(Key::BizJoinYours)}</h2>
            <Show when=move || applied.get()>
                <p class="notice ok" role="status">{move || i18n.tr(Key::BizJoinSubmitted)}</p>
            </Show>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match mine.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty">{move || i18n.tr(Key::BizJoinNone)}</p>
                        }.into_any(),
                        Ok(list) => list.into_iter()
                            .map(|application| view! { <Application application refresh/> })
                            .collect_view()
                            .into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Application(application: JoiningApplication, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let id = application.id;
    let state = application.state;
    let withdraw = move |_| {
        form.send(async move { joining::withdraw(id).await }, move |_| {
            refresh.update(|n| *n += 1)
        });
    };

    view! {
        <article class="application">
            <h3>{application.licensed_name} " · " {application.credit_code}</h3>
            <p><span class="state">{move || i18n.tr(application_state_key(state))}</span></p>
            {application.decision_note.map(|note| view! { <p class="body">{note}</p> })}
            <ol class="timeline">
                {application.history.into_iter().map(|event| view! {
                    <li class="entry">
                        <p class="meta">
                            <strong>{move || i18n.tr(application_event_key(event.kind))}</strong>
                            " · " {shanghai_time(event.at)}
                        </p>
                        {event.note.map(|note| view! { <p class="body">{note}</p> })}
                    </li>
                }).collect_view()}
            </ol>
            {form.notice()}
            {state.is_open().then(|| view! {
                <button type="button" class="secondary" on:click=withdraw disabled=form.pending()>
                    {move || i18n.tr(Key::BizJoinWithdraw)}
                </button>
            })}
        </article>
    }
}
