//! `/staff/joining`: applications to join the platform, to approve, reject
//! or ask more of.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::joining::{ApplicationQuery, ApplicationSummary, Decision, DecisionRequest};

use crate::api::joining;
use crate::components::case::display::shanghai_time;
use crate::components::case::form::FormState;
use crate::components::case::inputs::TextArea;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};
use crate::pages::business::join::application_state_key;

/// The open applications the association reviews, oldest first.
#[component]
pub fn JoiningReview() -> impl IntoView {
    let i18n = I18n::expect();
    let refresh = RwSignal::new(0u32);
    let applications = LocalResource::new(move || {
        refresh.track();
        async {
            let query = ApplicationQuery {
                limit: Some(100),
                ..ApplicationQuery::default()
            };
            joining::list(&query).await
        }
    });

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::StaffJoiningTitle)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match applications.await {
                        Ok(page) if page.items.is_empty() => view! {
                            <p class="empty">{move || i18n.tr(Key::StaffJoiningNone)}</p>
                        }.into_any(),
                        Ok(page) => view! {
                            <ul class="case-list">
                                {page.items.into_iter().map(|summary| view! { <ApplicationRow summary refresh/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ApplicationRow(summary: ApplicationSummary, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let state = summary.state;
    let open = state.is_open();

    view! {
        <li class="case-row application">
            <span class="case-business">{summary.licensed_name}</span>
            <span>{summary.credit_code}</span>
            <span class="state">{move || i18n.tr(application_state_key(state))}</span>
            <span class="case-filed">{shanghai_time(summary.submitted_at)}</span>
            {open.then(|| view! { <DecisionForm summary_id=summary.id refresh/> })}
        </li>
    }
}

/// The decision on one application; rejecting and asking for more need a note.
#[component]
fn DecisionForm(summary_id: shared::ids::ApplicationId, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let note = RwSignal::new(String::new());
    let decide = move |decision: Decision| {
        let note = note.get_untracked().trim().to_owned();
        let request = DecisionRequest {
            decision,
            note: (!note.is_empty()).then_some(note),
        };
        form.send(
            async move { joining::decide(summary_id, &request).await },
            move |_| refresh.update(|n| *n += 1),
        );
    };
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        decide(Decision::Approve);
    };
    let note_id = format!("decision-note-{summary_id}");

    view! {
        <form class="decision" on:submit=submit novalidate>
            {form.notice()}
            <TextArea id=note_id label=Key::StaffJoiningNote value=note error=form.error("note") rows=2/>
            <div class="buttons">
                <button type="submit" class="primary" disabled=form.pending()>
                    {move || i18n.tr(Key::StaffJoiningApprove)}
                </button>
                <button type="button" class="secondary" disabled=form.pending() on:click=move |_| decide(Decision::RequestInfo)>
                    {move || i18n.tr(Key::StaffJoiningAskMore)}
                </button>
                <button type="button" class="danger" disabled=form.pending() on:click=move |_| decide(Decision::Reject)>
                    {move || i18n.tr(Key::StaffJoiningReject)}
                </button>
            </div>
        </form>
    }
}
