//! `/business/complaints/:id`: one case as the business handles it.

use leptos::prelude::*;

use crate::components::case::availability::Portal;
use crate::components::case::page::CasePage;

/// The shared case page in the business portal.
#[component]
pub fn BusinessCase() -> impl IntoView {
    view! { <CasePage portal=Portal::Business/> }
}
