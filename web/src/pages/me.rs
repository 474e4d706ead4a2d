//! `/me`: the signed-in account, and the way out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::accounts::{Me, StaffRole};

use crate::api::auth;
use crate::components::detail::Detail;
use crate::components::error_notice::ErrorNotice;
use crate::guard::redirect_when;
use crate::i18n::{I18n, Key, Language};
use crate::session::Session;

/// Shows who is signed in, as the session loaded it; sends everyone else to
/// the login form.
#[component]
pub fn MePage() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    redirect_when(move || !session.is_signed_in(), "/login");

    view! {
        <Show when=move || session.is_signed_in()>
            <section class="card">
                <h1>{move || i18n.tr(Key::MeTitle)}</h1>
                {move || match (session.me(), session.account_error()) {
                    (Some(me), _) => view! { <AccountDetails me/> }.into_any(),
                    (None, Some(error)) => view! { <ErrorNotice error/> }.into_any(),
                    (None, None) => view! { <Loading/> }.into_any(),
                }}
                <LogoutButton/>
            </section>
        </Show>
    }
}

/// Shown while the account is on its way.
#[component]
fn Loading() -> impl IntoView {
    let i18n = I18n::expect();

    view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }
}

/// The account's name, kind, roles and association.
#[component]
fn AccountDetails(me: Me) -> impl IntoView {
    let i18n = I18n::expect();
    let Me {
        kind,
        display_name,
        login_name,
        phone,
        email,
        association,
        roles,
        ..
    } = me;
    let has_roles = !roles.is_empty();
    let roles = move || role_list(&roles, i18n.language());

    view! {
        <dl class="details">
            <Detail label=Key::DisplayName>{display_name}</Detail>
            <Detail label=Key::AccountKind>{move || i18n.tr(kind.into())}</Detail>
            {login_name.map(|name| view! { <Detail label=Key::LoginName>{name}</Detail> })}
            {phone.map(|phone| view! { <Detail label=Key::Phone>{phone}</Detail> })}
            {email.map(|email| view! { <Detail label=Key::Email>{email}</Detail> })}
            {has_roles.then(|| view! { <Detail label=Key::Roles>{roles}</Detail> })}
            {association.map(|it| view! { <Detail label=Key::Association>{it.name}</Detail> })}
        </dl>
    }
}

/// The staff roles by name, joined the way the language lists things.
fn role_list(roles: &[StaffRole], language: Language) -> String {
    roles
        .iter()
        .map(|role| language.text((*role).into()))
        .collect::<Vec<_>>()
        .join(language.text(Key::ListSeparator))
}

/// Ends the session on the server, then forgets it here whatever the answer:
/// the user asked to leave.
#[component]
fn LogoutButton() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    let pending = RwSignal::new(false);
    let log_out = move |_| {
        if !untrack(|| session.is_signed_in()) {
            return;
        }
        pending.set(true);
        spawn_local(async move {
            let outcome = auth::logout().await;
            if let Err(error) = outcome {
                leptos::logging::warn!("logout was not confirmed by the server: {error:?}");
            }
            session.sign_out();
        });
    };

    view! {
        <button type="button" class="secondary" on:click=log_out disabled=pending>
            {move || i18n.tr(if pending.get() { Key::LogoutPending } else { Key::Logout })}
        </button>
    }
}
