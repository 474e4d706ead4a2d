//! Steps 3 and 4: what happened, and what the consumer asks for.

use leptos::prelude::*;
use shared::cases::Demand;

use super::super::draft::DESCRIPTION_CHARS;
use super::super::labels;
use super::suggestions::CategorySuggestions;
use super::{Form, StepButtons};
use crate::components::case::inputs::TextArea;
use crate::i18n::{I18n, Key};

#[component]
pub fn StoryStep(form: Form) -> impl IntoView {
    let i18n = I18n::expect();
    let description = form.text(|draft| &mut draft.description);
    let count = move || {
        i18n.tr(Key::FileCharacterCount)
            .replace(
                "{count}",
                &description
                    .with(|text| text.trim().chars().count())
                    .to_string(),
            )
            .replace("{max}", &DESCRIPTION_CHARS.1.to_string())
    };

    view! {
        <TextArea id="description" label=Key::FileDescription value=description
            error=form.error("description") hint=Key::FileDescriptionHint rows=10/>
        <p class="muted counter" aria-live="polite">{count}</p>
        <CategorySuggestions form/>
        <StepButtons form/>
    }
}

#[component]
pub fn DemandsStep(form: Form) -> impl IntoView {
    let i18n = I18n::expect();
    let other = form.text(|draft| &mut draft.other_demand);
    let wants_other = move || {
        form.draft
            .with(|draft| draft.demands.contains(&Demand::Other))
    };
    let invalid = move || form.error("demands").get().is_some();

    view! {
        <fieldset class="group" class:invalid=invalid aria-describedby="demands-error">
            <legend>{move || i18n.tr(Key::FileDemandsLegend)}</legend>
            <p class="hint">{move || i18n.tr(Key::FileDemandsHint)}</p>
            {labels::DEMANDS.map(|demand| view! { <DemandBox form demand/> })}
            <p class="field-error" id="demands-error">{form.error("demands")}</p>
        </fieldset>
        <Show when=wants_other>
            <TextArea id="other_demand" label=Key::FileOtherDemand value=other
                error=form.error("other_demand") rows=3/>
        </Show>
        <StepButtons form/>
    }
}

/// One demand as a large tick box.
#[component]
fn DemandBox(form: Form, demand: Demand) -> impl IntoView {
    let i18n = I18n::expect();
    let checked = move || form.draft.with(|draft| draft.demands.contains(&demand));
    let toggle = move |_| {
        form.draft.update(|draft| {
            if draft.demands.contains(&demand) {
                draft.demands.retain(|d| *d != demand);
            } else {
                draft.demands.push(demand);
            }
        });
    };

    view! {
        <label class="check">
            <input type="checkbox" name="demands" prop:checked=checked on:change=toggle/>
            <span>{move || i18n.tr(labels::demand(demand))}</span>
        </label>
    }
}
