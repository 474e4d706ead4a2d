//! The application shell: shared state and the route table.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::i18n::I18n;
use crate::pages::consumer::{
    case::CasePage, file::FilePage, my_complaints::MyComplaintsPage,
    notifications::NotificationsPage, register::RegisterPage,
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
                    <Route path=path!("/") view=|| view! { <Redirect path="/me"/> }/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/me") view=MePage/>
                    // The consumer's portal
                    <Route path=path!("/register") view=RegisterPage/>
                    <Route path=path!("/file") view=FilePage/>
                    <Route path=path!("/my/complaints") view=MyComplaintsPage/>
                    <Route path=path!("/my/complaints/:id") view=CasePage/>
                    <Route path=path!("/notifications") view=NotificationsPage/>
                </Routes>
            </main>
        </Router>
    }
}
