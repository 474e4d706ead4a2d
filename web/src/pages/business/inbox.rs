//! `/business/inbox`: the complaints against my business.

use leptos::prelude::*;

use crate::components::case::availability::Portal;
use crate::components::case::list::{CaseList, STATES};
use crate::i18n::{I18n, Key};

/// Every case of the business, with state and deadline filters.
#[component]
pub fn BusinessInbox() -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::BizInboxTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::BizInboxIntro)}</p>
            <CaseList portal=Portal::Business states=STATES.to_vec()/>
        </section>
    }
}
