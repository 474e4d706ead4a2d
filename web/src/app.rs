//! The application shell: shared state and the route table.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::i18n::I18n;
use crate::pages::public::{
    business::BusinessPage, complaint::ComplaintPage, complaints::ComplaintsPage, home::HomePage,
    publicity::PublicityPage, rankings::RankingsPage, stats::StatsPage,
};
use crate::pages::{login::LoginPage, me::MePage, not_found::NotFound};
use crate::session::Session;

/// The whole app: provides the language and the session, then routes.
#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    Session::provide();

    view! {
        <Router>
            <Header/>
            <main class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/me") view=MePage/>
                    // The public portal
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/complaints") view=ComplaintsPage/>
                    <Route path=path!("/complaints/:number") view=ComplaintPage/>
                    <Route path=path!("/businesses/:id") view=BusinessPage/>
                    <Route path=path!("/rankings") view=RankingsPage/>
                    <Route path=path!("/publicity") view=PublicityPage/>
                    <Route path=path!("/stats") view=StatsPage/>
                </Routes>
            </main>
        </Router>
    }
}
