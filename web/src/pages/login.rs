//! `/login`: sign in with a phone number, e-mail address or staff login name.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::auth::LoginRequest;

use crate::api::{self, ApiError, auth};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::guard::redirect_when;
use crate::i18n::{I18n, Key};
use crate::session::Session;

/// The login form. Once signed in, moves on to the account page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let field_error = move |field: &'static str| {
        Signal::derive(move || failure.with(|error| api::field_message(error.as_ref()?, field)))
    };
    // Whoever is signed in has no business on the login form.
    redirect_when(move || session.is_signed_in(), "/me");

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = LoginRequest {
            login: login.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            let outcome = auth::login(&request).await;
            pending.set(false);
            match outcome {
                Ok(_) => session.sign_in(),
                Err(error) => failure.set(Some(error)),
            }
        });
    };

    view! {
        <section class="card">
            <h1>{move || i18n.tr(Key::LoginTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::LoginIntro)}</p>
            {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
            <form on:submit=submit novalidate>
                <Field
                    name="login"
                    label=Key::LoginField
                    value=login
                    error=field_error("login")
                    autocomplete="username"
                    placeholder=Key::LoginFieldHint
                />
                <Field
                    name="password"
                    label=Key::PasswordField
                    value=password
                    error=field_error("password")
                    kind="password"
                    autocomplete="current-password"
                />
                <button type="submit" class="primary" disabled=pending>
                    {move || i18n.tr(submit_label(pending.get()))}
                </button>
            </form>
        </section>
    }
}

fn submit_label(pending: bool) -> Key {
    if pending {
        Key::LoginPending
    } else {
        Key::LoginSubmit
    }
}
