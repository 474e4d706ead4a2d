//! The bar at the top of every page.

use leptos::prelude::*;

use crate::i18n::{I18n, Key, Language};

/// The app's name, linking home, and the language switch.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <header class="masthead">
            <a class="brand" href="/">{move || i18n.tr(Key::AppName)}</a>
            <nav class="languages" aria-label=move || i18n.tr(Key::LanguageSwitch)>
                {Language::ALL.map(|language| view! { <LanguageButton language/> })}
            </nav>
        </header>
    }
}

/// Switches the UI to `language`; named in that language itself.
#[component]
fn LanguageButton(language: Language) -> impl IntoView {
    let i18n = I18n::expect();
    let current = Memo::new(move |_| i18n.language() == language);

    view! {
        <button
            type="button"
            lang=language.tag()
            aria-pressed=move || current.get().to_string()
            on:click=move |_| i18n.set_language(language)
        >
            {language.text(Key::LanguageName)}
        </button>
    }
}
