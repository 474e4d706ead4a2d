//! A labelled drop-down whose choices come from the server, with its
//! message underneath (longer text: `components::case::inputs::TextArea`).

use leptos::prelude::*;
use shared::organisations::Region;

use crate::api::regions;
use crate::i18n::{I18n, Key};

/// One option of a [`ChoiceField`]: its value and its text.
pub type Choice = (String, String);

/// A labelled drop-down list; the first, empty option asks to choose.
#[component]
pub fn ChoiceField(
    /// The request field it fills; also its `id`.
    name: &'static str,
    label: Key,
    value: RwSignal<String>,
    /// The options, in the current language.
    #[prop(into)]
    choices: Signal<Vec<Choice>>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<Key>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let error_id = format!("{name}-error");
    let invalid = Memo::new(move |_| error.with(Option::is_some));

    view! {
        <div class="field" class:invalid=invalid>
            <label for=name>{move || i18n.tr(label)}</label>
            {hint.map(|hint| view! { <p class="hint">{move || i18n.tr(hint)}</p> })}
            <select
                id=name
                name=name
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:change=move |event| value.set(event_target_value(&event))
            >
                <option value="">{move || i18n.tr(Key::ChooseOne)}</option>
                {move || choices.get().into_iter().map(|(code, text)| {
                    let selected = value.get_untracked() == code;
                    view! { <option value=code selected=selected>{text}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id=error_id>{error}</p>
        </div>
    }
}

/// The regions under `parent` (`Some("")` for the provinces), as choices;
/// empty while loading, when `parent` is none, or when the call failed.
pub fn region_choices(parent: Signal<Option<String>>) -> Signal<Vec<Choice>> {
    let loaded = LocalResource::new(move || {
        let parent = parent.get();
        async move {
            let Some(parent) = parent else {
                return Vec::new();
            };
            let parent = (!parent.is_empty()).then_some(parent);
            regions::children(parent.as_deref())
                .await
                .unwrap_or_default()
        }
    });
    Signal::derive(move || {
        loaded
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|Region { code, name, .. }| (code, name))
            .collect()
    })
}
