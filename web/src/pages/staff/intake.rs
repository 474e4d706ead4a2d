//! `/staff/intake`: the cases waiting for the association's decision.

use leptos::prelude::*;
use shared::complaints::ComplaintState;

use crate::components::case::availability::Portal;
use crate::components::case::list::CaseList;
use crate::i18n::{I18n, Key};

/// Submitted cases and those waiting on the consumer's answer; a submitted
/// case can be accepted from the list, every other step is on its page.
#[component]
pub fn IntakeQueue() -> impl IntoView {
    let i18n = I18n::expect();
    let states = vec![ComplaintState::Submitted, ComplaintState::InfoRequested];

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::StaffIntakeTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::StaffIntakeIntro)}</p>
            <CaseList portal=Portal::Staff states initial=ComplaintState::Submitted quick_accept=true/>
        </section>
    }
}
