//! Labelled inputs the case forms need beyond the one-line [`Field`]:
//! longer text, a choice from a list and a yes/no box.
//!
//! [`Field`]: crate::components::field::Field

use leptos::prelude::*;

use crate::i18n::{I18n, Key};

/// A labelled multi-line input with the server's message about it.
#[component]
pub fn TextArea(
    /// The input's `id`, unique on the page.
    #[prop(into)]
    id: String,
    label: Key,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// A sentence under the label saying what to write.
    #[prop(optional)]
    hint: Option<Key>,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    let i18n = I18n::expect();
    let error_id = format!("{id}-error");
    let (label_for, name) = (id.clone(), id.clone());
    let invalid = Memo::new(move |_| error.with(Option::is_some));

    view! {
        <div class="field" class:invalid=invalid>
            <label for=label_for>{move || i18n.tr(label)}</label>
            {hint.map(|hint| view! { <p class="hint">{move || i18n.tr(hint)}</p> })}
            <textarea
                id=id
                name=name
                rows=rows
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            ></textarea>
            <p class="field-error" id=error_id>{error}</p>
        </div>
    }
}

/// A labelled choice of one of `options`, each a wire value and its words.
#[component]
pub fn Choice(
    #[prop(into)] id: String,
    label: Key,
    value: RwSignal<String>,
    options: Vec<(String, Signal<String>)>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let error_id = format!("{id}-error");
    let invalid = Memo::new(move |_| error.with(Option::is_some));
    let label_for = id.clone();

    view! {
        <div class="field" class:invalid=invalid>
            <label for=label_for>{move || i18n.tr(label)}</label>
            <select
                id=id
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=error_id.clone()
                on:change=move |event| value.set(event_target_value(&event))
            >
                {options.into_iter().map(|(option, words)| {
                    let current = option.clone();
                    view! {
                        <option value=option selected=move || value.with(|v| *v == current)>
                            {words}
                        </option>
                    }
                }).collect_view()}
            </select>
            <p class="field-error" id=error_id>{error}</p>
        </div>
    }
}

/// A labelled checkbox.
#[component]
pub fn Check(id: &'static str, label: Key, value: RwSignal<bool>) -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <div class="check">
            <input type="checkbox" id=id bind:checked=value/>
            <label for=id>{move || i18n.tr(label)}</label>
        </div>
    }
}

/// The words of `key` as a signal, for [`Choice`] options.
pub fn words(key: Key) -> Signal<String> {
    let i18n = I18n::expect();
    Signal::derive(move || i18n.tr(key).to_owned())
}
