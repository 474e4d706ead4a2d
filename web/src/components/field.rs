//! A labelled form input with the server's message about it.

use leptos::prelude::*;

use crate::i18n::{I18n, Key};

/// One input of a form. `name` is the field's wire name, so the server's
/// field errors for it show underneath.
#[component]
pub fn Field(
    /// The request field this input fills; also its `id` and `name`.
    name: &'static str,
    /// The label text.
    label: Key,
    /// What the user typed.
    value: RwSignal<String>,
    /// The server's complaint about this field, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The input `type`.
    #[prop(default = "text")]
    kind: &'static str,
    /// The `autocomplete` hint for password managers.
    #[prop(default = "on")]
    autocomplete: &'static str,
    /// An example shown inside the empty input.
    #[prop(optional)]
    placeholder: Option<Key>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let error_id = format!("{name}-error");
    let invalid = Memo::new(move |_| error.with(Option::is_some));

    view! {
        <div class="field" class:invalid=invalid>
            <label for=name>{move || i18n.tr(label)}</label>
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                placeholder=move || placeholder.map(|key| i18n.tr(key))
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=error_id.clone()
                bind:value=value
            />
            <p class="field-error" id=error_id>{error}</p>
        </div>
    }
}
