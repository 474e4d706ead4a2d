//! `/staff/publication`: closed cases, whose publication staff review on
//! each case page (redacted text, edits, taking down).

use leptos::prelude::*;
use shared::complaints::ComplaintState;

use crate::components::case::availability::Portal;
use crate::components::case::list::CaseList;
use crate::i18n::{I18n, Key};

/// The closed cases of the association.
#[component]
pub fn PublicationReview() -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::StaffPublicationTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::StaffPublicationIntro)}</p>
            <CaseList portal=Portal::Staff states=vec![ComplaintState::Closed] initial=ComplaintState::Closed/>
        </section>
    }
}
