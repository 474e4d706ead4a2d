//! Handing a case in mediation to another mediator: intake staff and the
//! association's admin see who mediates it and how busy each mediator is.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::ComplaintId;
use shared::cases::{AssignMediatorRequest, MediatorChoice};

use super::form::FormState;
use crate::api::complaints;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

/// The mediators with their load, and a form to choose another.
#[component]
pub fn MediatorForm(id: ComplaintId, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let choices = LocalResource::new(move || complaints::mediators(id));

    view! {
        <details class="step">
            <summary>{move || i18n.tr(Key::CaseMediatorHandOver)}</summary>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match choices.await {
                        Ok(choices) => view! { <Choices id choices refresh/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </details>
    }
}

#[component]
fn Choices(id: ComplaintId, choices: Vec<MediatorChoice>, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let current = choices.iter().find(|c| c.current).map(|c| c.id.to_string());
    let chosen = RwSignal::new(current.unwrap_or_default());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let Ok(mediator_id) = serde_json::from_value(chosen.get_untracked().into()) else {
            return;
        };
        let request = AssignMediatorRequest { mediator_id };
        form.send(
            async move { complaints::assign_mediator(id, &request).await },
            move |_| refresh.update(|n| *n += 1),
        );
    };
    let options = choices
        .into_iter()
        .map(|choice| {
            let value = choice.id.to_string();
            let load = choice.cases_in_mediation.to_string();
            let current = choice.current;
            view! {
                <option value=value.clone() selected=move || chosen.get() == value>
                    {choice.display_name} " · "
                    {move || i18n.tr(Key::CaseMediatorLoad).replace("{n}", &load)}
                    {move || current.then(|| format!(" · {}", i18n.tr(Key::CaseMediatorCurrent)))}
                </option>
            }
        })
        .collect_view();

    view! {
        <form on:submit=submit novalidate>
            {form.notice()}
            <div class="field">
                <label for="mediator-choice">{move || i18n.tr(Key::CaseMediatorChoose)}</label>
                <select id="mediator-choice" on:change=move |event| chosen.set(event_target_value(&event))>
                    {options}
                </select>
                {move || form.error("mediator_id").get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
            </div>
            <button type="submit" class="primary" disabled=form.pending()>
                {move || i18n.tr(Key::CaseMediatorHandOver)}
            </button>
        </form>
    }
}
