//! One labelled line of a description list (`<dl class="details">`).

use leptos::prelude::*;

use crate::i18n::{I18n, Key};

/// The label `label` and, beside it, the children.
#[component]
pub fn Detail(label: Key, children: Children) -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <div class="detail">
            <dt>{move || i18n.tr(label)}</dt>
            <dd>{children()}</dd>
        </div>
    }
}
