//! The application shell: shared state and the route table.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::i18n::{I18n, Key};
use crate::live::LiveEvents;
use crate::pages::{login::LoginPage, me::MePage, not_found::NotFound};
use crate::session::Session;

/// The whole app: provides the language, the session and its live events,
/// then routes. No page shows until a session kept from an earlier visit has
/// been resumed (or found over), so pages can trust
/// [`Session::is_signed_in`] from their first render.
#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    let session = Session::provide();
    LiveEvents::provide();
    let resuming = move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> };

    view! {
        <Router>
            <Header/>
            <main class="page" id="main" tabindex="-1">
                <Show when=move || session.is_settled() fallback=resuming>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <Redirect path="/me"/> }/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/me") view=MePage/>
                </Routes>
                </Show>
            </main>
        </Router>
    }
}
