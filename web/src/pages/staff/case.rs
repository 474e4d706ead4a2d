//! `/staff/complaints/:id`: one case with the intake and mediation workspace.

use leptos::prelude::*;

use crate::components::case::availability::Portal;
use crate::components::case::page::CasePage;

/// The shared case page in the staff portal.
#[component]
pub fn StaffCase() -> impl IntoView {
    view! { <CasePage portal=Portal::Staff/> }
}
