//! The bar at the top of every page: the app's name, the navigation for the
//! signed-in account's kind and roles, the account links, the large-text
//! switch and the language switch.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::accounts::{Me, StaffRole, UserKind};

use crate::components::text_size::TextSizeSwitch;
use crate::i18n::{I18n, Key, Language};
use crate::live::LiveEvents;
use crate::session::Session;

/// One link of the navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavLink {
    pub label: Key,
    pub href: &'static str,
}

const fn link(label: Key, href: &'static str) -> NavLink {
    NavLink { label, href }
}

/// What everyone may read, signed in or not.
const PUBLIC: [NavLink; 5] = [
    link(Key::NavHome, "/"),
    link(Key::NavComplaints, "/complaints"),
    link(Key::NavRankings, "/rankings"),
    link(Key::NavPublicity, "/publicity"),
    link(Key::NavGuidance, "/guidance"),
];

/// The links for `me`: the public ones, then those of the account's kind and
/// roles. Staff see the queues their roles work; an association admin sees
/// all of them.
pub fn nav_links(me: Option<&Me>) -> Vec<NavLink> {
    let mut links = PUBLIC.to_vec();
    let Some(me) = me else {
        return links;
    };
    let holds = |role| me.roles.contains(&role);
    let admin = holds(StaffRole::AssociationAdmin);
    match me.kind {
        UserKind::Consumer => links.extend([
            link(Key::NavMyComplaints, "/my/complaints"),
            link(Key::NavFile, "/file"),
            link(Key::NavMyEnquiries, "/my/enquiries"),
        ]),
        UserKind::Business => links.push(link(Key::NavInbox, "/business/inbox")),
        UserKind::Staff => {
            if admin || holds(StaffRole::IntakeOfficer) {
                links.push(link(Key::NavIntake, "/staff/intake"));
            }
            if admin || holds(StaffRole::Mediator) {
                links.push(link(Key::NavMediation, "/staff/mediation"));
            }
            links.extend([
                link(Key::NavPublication, "/staff/publication"),
                link(Key::NavEnquiries, "/staff/enquiries"),
            ]);
        }
        UserKind::PlatformAdmin => links.extend([
            link(Key::NavPublication, "/staff/publication"),
            link(Key::NavAssociations, "/admin/associations"),
        ]),
    }
    links
}

/// The bar itself, with a link past it for keyboard users.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = I18n::expect();

    // `rel="external"` keeps the router off this link, so that the browser
    // itself follows it and moves the keyboard focus to the content.
    view! {
        <a class="skip-link" href="#main" rel="external">{move || i18n.tr(Key::SkipToContent)}</a>
        <header class="masthead">
            <div class="masthead-top">
                <a class="brand" href="/">{move || i18n.tr(Key::AppName)}</a>
                <div class="masthead-tools">
                    <AccountLinks/>
                    <TextSizeSwitch/>
                    <nav class="languages" aria-label=move || i18n.tr(Key::LanguageSwitch)>
                        {Language::ALL.map(|language| view! { <LanguageButton language/> })}
                    </nav>
                </div>
            </div>
            <MainNav/>
            <LatestNews/>
        </header>
    }
}

/// The title of the newest notification that arrived while the app was
/// open, announced to screen readers as it arrives.
#[component]
fn LatestNews() -> impl IntoView {
    let live = LiveEvents::expect();

    view! {
        <p class="news" role="status" aria-live="polite">
            {move || live.last_notification().map(|notification| notification.title)}
        </p>
    }
}

/// The navigation for the signed-in account, following it as it changes.
#[component]
fn MainNav() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    let links = Memo::new(move |_| nav_links(session.me().as_ref()));

    view! {
        <nav class="main-nav" aria-label=move || i18n.tr(Key::NavMain)>
            <ul>
                <For each=move || links.get() key=|link| link.href let:link>
                    <li><A href=link.href exact=true>{move || i18n.tr(link.label)}</A></li>
                </For>
            </ul>
        </nav>
    }
}

/// Register and log in, or the account page.
#[component]
fn AccountLinks() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());

    view! {
        <Show
            when=move || session.is_signed_in()
            fallback=move || view! {
                <A href="/login">{move || i18n.tr(Key::NavLogin)}</A>
                <A href="/register">{move || i18n.tr(Key::NavRegister)}</A>
            }
        >
            <A href="/me">
                {move || session.me().map(|me| me.display_name)
                    .unwrap_or_else(|| i18n.tr(Key::NavAccount).to_owned())}
            </A>
        </Show>
    }
}

/// Switches the UI to `language`; named in that language itself.
#[component]
fn LanguageButton(language: Language) -> impl IntoView {
    let i18n = I18n::expect();
    let current = Memo::new(move |_| i18n.language() == language);

    view! {
        <button
            type="button"
            lang=language.tag()
            aria-pressed=move || current.get().to_string()
            on:click=move |_| i18n.set_language(language)
        >
            {language.text(Key::LanguageName)}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use shared::UserId;

    use super::*;

    fn account(kind: UserKind, roles: &[StaffRole]) -> Me {
        Me {
            id: UserId(uuid::Uuid::nil()),
            kind,
            display_name: "王女士".to_owned(),
            phone: None,
            email: None,
            login_name: None,
            association: None,
            roles: roles.to_vec(),
            business_id: None,
            business_role: None,
            created_at: Utc::now(),
        }
    }

    fn hrefs(me: Option<Me>) -> Vec<&'static str> {
        nav_links(me.as_ref())
            .iter()
            .map(|link| link.href)
            .collect()
    }

    #[test]
    fn everyone_sees_the_public_links_first() {
        let public = ["/", "/complaints", "/rankings", "/publicity", "/guidance"];

        assert_eq!(hrefs(None), public);
        for kind in [UserKind::Consumer, UserKind::Business, UserKind::Staff] {
            assert_eq!(hrefs(Some(account(kind, &[])))[..PUBLIC.len()], public);
        }
    }

    #[test]
    fn each_kind_sees_its_own_work() {
        let consumer = hrefs(Some(account(UserKind::Consumer, &[])));
        let business = hrefs(Some(account(UserKind::Business, &[])));
        let admin = hrefs(Some(account(UserKind::PlatformAdmin, &[])));

        let own = PUBLIC.len();
        assert_eq!(
            consumer[own..],
            ["/my/complaints", "/file", "/my/enquiries"]
        );
        assert_eq!(business[own..], ["/business/inbox"]);
        assert!(admin.contains(&"/admin/associations"));
        assert!(!consumer.contains(&"/business/inbox"));
    }

    #[test]
    fn staff_see_the_queues_of_their_roles() {
        let intake = hrefs(Some(account(UserKind::Staff, &[StaffRole::IntakeOfficer])));
        let mediator = hrefs(Some(account(UserKind::Staff, &[StaffRole::Mediator])));
        let admin = hrefs(Some(account(
            UserKind::Staff,
            &[StaffRole::AssociationAdmin],
        )));

        let own = PUBLIC.len();
        assert_eq!(
            intake[own..],
            ["/staff/intake", "/staff/publication", "/staff/enquiries"]
        );
        assert_eq!(
            mediator[own..],
            ["/staff/mediation", "/staff/publication", "/staff/enquiries"]
        );
        assert_eq!(
            admin[own..],
            [
                "/staff/intake",
                "/staff/mediation",
                "/staff/publication",
                "/staff/enquiries"
            ]
        );
    }
}
