//! The application shell: shared state and the route table.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::i18n::{I18n, Key};
use crate::lazy_page::lazy_pages;
use crate::live::LiveEvents;
use crate::pages::{not_found::NotFound, public::home::HomePage};
use crate::session::Session;

// The home page is in the app's module; every other page is fetched when it
// is first shown (`lazy_page`).
lazy_pages! {
    ArticlePage from public::guidance;
    BusinessPage from public::business;
    ComplaintPage from public::complaint;
    ComplaintsPage from public::complaints;
    GuidancePage from public::guidance;
    LoginPage from login;
    PerformancePage from public::performance;
    PublicityPage from public::publicity;
    RankingsPage from public::rankings;
    StatsPage from public::stats;
    WarningsPage from public::warnings;
}

/// Names each portal page as a page fetched on first use in the full module,
/// and as [`crate::portal_hop::PortalHop`] in the public module, so that both
/// route the same paths.
macro_rules! portal_pages {
    ($($page:ident from $($module:ident)::+;)*) => {
        #[cfg(feature = "portals")]
        lazy_pages! { $($page from $($module)::+;)* }
        $(
            #[cfg(not(feature = "portals"))]
            use crate::portal_hop::PortalHop as $page;
        )*
    };
}

portal_pages! {
    AdminAssociations from admin::associations;
    BusinessCase from business::case;
    BusinessFiguresPage from business::figures;
    BusinessInbox from business::inbox;
    BusinessJoin from business::join;
    BusinessKeys from business::keys;
    BusinessTeam from business::team;
    BusinessWebhooks from business::webhooks;
    AskPage from consumer::enquiries;
    CasePage from consumer::case;
    FilePage from consumer::file;
    MyComplaintsPage from consumer::my_complaints;
    MyEnquiriesPage from consumer::enquiries;
    NotificationsPage from consumer::notifications;
    RegisterPage from consumer::register;
    AlertDesk from staff::alerts;
    BundleExchange from staff::bundles;
    EnquiryDesk from staff::enquiries;
    GroupDesk from staff::groups;
    GuidanceDesk from staff::guidance;
    IntakeQueue from staff::intake;
    JoiningReview from staff::joining;
    MediationCases from staff::mediation;
    PublicationReview from staff::publication;
    PublicityListings from staff::publicity;
    StaffCase from staff::case;
    StaffDashboard from staff::dashboard;
    StaffSettings from staff::settings;
    StaffTeam from staff::team;
    GroupPage from group;
    MePage from me;
}

/// The whole app: provides the language, the session and its live events,
/// then routes. No page shows until a session kept from an earlier visit has
/// been resumed (or found over), so pages can trust
/// [`Session::is_signed_in`] from their first render.
#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    let session = Session::provide();
    LiveEvents::provide();
    if cfg!(not(feature = "portals")) {
        crate::portal_hop::let_browser_follow_portal_links();
    }
    let resuming = move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> };
    // True while the router fetches a page's chunk: the page shown is still
    // the last one, and `main` says it is busy.
    let (routing, set_routing) = signal(false);

    view! {
        <Router set_is_routing=set_routing>
            <Header/>
            <main
                class="page"
                id="main"
                tabindex="-1"
                aria-busy=move || routing.get().then_some("true")
            >
                <Show when=move || session.is_settled() fallback=resuming>
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
                    <Route path=path!("/performance") view=PerformancePage/>
                    <Route path=path!("/warnings") view=WarningsPage/>
                    <Route path=path!("/guidance") view=GuidancePage/>
                    <Route path=path!("/guidance/:id") view=ArticlePage/>
                    // Business and association staff portals
                    <Route path=path!("/business/inbox") view=BusinessInbox/>
                    <Route path=path!("/business/complaints/:id") view=BusinessCase/>
                    <Route path=path!("/business/join") view=BusinessJoin/>
                    <Route path=path!("/business/figures") view=BusinessFiguresPage/>
                    <Route path=path!("/business/keys") view=BusinessKeys/>
                    <Route path=path!("/business/team") view=BusinessTeam/>
                    <Route path=path!("/business/webhooks") view=BusinessWebhooks/>
                    <Route path=path!("/staff") view=StaffDashboard/>
                    <Route path=path!("/staff/intake") view=IntakeQueue/>
                    <Route path=path!("/staff/complaints/:id") view=StaffCase/>
                    <Route path=path!("/staff/mediation") view=MediationCases/>
                    <Route path=path!("/staff/publication") view=PublicationReview/>
                    <Route path=path!("/staff/joining") view=JoiningReview/>
                    <Route path=path!("/staff/publicity") view=PublicityListings/>
                    <Route path=path!("/staff/bundles") view=BundleExchange/>
                    <Route path=path!("/staff/enquiries") view=EnquiryDesk/>
                    <Route path=path!("/staff/groups") view=GroupDesk/>
                    <Route path=path!("/staff/alerts") view=AlertDesk/>
                    <Route path=path!("/staff/guidance") view=GuidanceDesk/>
                    <Route path=path!("/groups/:id") view=GroupPage/>
                    <Route path=path!("/staff/settings") view=StaffSettings/>
                    <Route path=path!("/staff/team") view=StaffTeam/>
                    <Route path=path!("/admin/associations") view=AdminAssociations/>
                    // The consumer's portal
                    <Route path=path!("/register") view=RegisterPage/>
                    <Route path=path!("/file") view=FilePage/>
                    <Route path=path!("/my/complaints") view=MyComplaintsPage/>
                    <Route path=path!("/my/complaints/:id") view=CasePage/>
                    <Route path=path!("/ask") view=AskPage/>
                    <Route path=path!("/my/enquiries") view=MyEnquiriesPage/>
                    <Route path=path!("/notifications") view=NotificationsPage/>
                </Routes>
                </Show>
            </main>
        </Router>
    }
}
