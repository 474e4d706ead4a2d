//! Any path the router does not know.

use leptos::prelude::*;

use crate::i18n::{I18n, Key};

/// Says the page does not exist and links back home.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <section class="card">
            <h1>{move || i18n.tr(Key::NotFoundTitle)}</h1>
            <p>{move || i18n.tr(Key::NotFoundBody)}</p>
            <p><a href="/">{move || i18n.tr(Key::NotFoundLink)}</a></p>
        </section>
    }
}
