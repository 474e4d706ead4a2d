//! `/staff/mediation`: the cases in mediation and awaiting performance.

use leptos::prelude::*;
use shared::complaints::ComplaintState;

use crate::components::case::availability::Portal;
use crate::components::case::list::CaseList;
use crate::i18n::{I18n, Key};

/// The association's cases in mediation or awaiting performance; a
/// mediator sees first the cases they mediate, and can widen the list to
/// every case of the association.
#[component]
pub fn MediationCases() -> impl IntoView {
    let i18n = I18n::expect();
    let states = vec![
        ComplaintState::Mediating,
        ComplaintState::AwaitingPerformance,
    ];

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::StaffMediationTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::StaffMediationIntro)}</p>
            <CaseList portal=Portal::Staff states initial=ComplaintState::Mediating mine_filter=true/>
        </section>
    }
}
