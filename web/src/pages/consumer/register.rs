//! `/register`: a consumer opens an account with a mobile number or an
//! e-mail address, and is signed in straight away.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use shared::auth::{LoginRequest, RegisterRequest};

use crate::api::{self, ApiError, auth};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::i18n::{I18n, Key};
use crate::session::Session;

/// The registration form; the server's field errors show at their inputs.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    let navigate = use_navigate();
    let display_name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let field_error = move |field: &'static str| {
        Signal::derive(move || failure.with(|error| api::field_message(error.as_ref()?, field)))
    };
    let general_error = move || {
        failure.get().filter(|error| {
            error
                .problem()
                .is_none_or(|problem| problem.errors.is_empty())
        })
    };

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = RegisterRequest {
            phone: optional(phone.get_untracked()),
            email: optional(email.get_untracked()),
            password: password.get_untracked(),
            display_name: display_name.get_untracked().trim().to_owned(),
        };
        let navigate = navigate.clone();
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            let outcome = register_and_sign_in(request).await;
            pending.set(false);
            match outcome {
                Ok(()) => {
                    session.sign_in();
                    navigate("/file", Default::default());
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };

    view! {
        <section class="card">
            <h1>{move || i18n.tr(Key::RegisterTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::RegisterIntro)}</p>
            {move || general_error().map(|error| view! { <ErrorNotice error/> })}
            <form on:submit=submit novalidate>
                <Field name="display_name" label=Key::RegisterName value=display_name
                    error=field_error("display_name") autocomplete="nickname"
                    placeholder=Key::RegisterNameHint/>
                <Field name="phone" label=Key::Phone value=phone error=field_error("phone")
                    kind="tel" autocomplete="tel" placeholder=Key::LoginFieldHint/>
                <Field name="email" label=Key::RegisterEmail value=email
                    error=field_error("email") kind="email" autocomplete="email"/>
                <Field name="password" label=Key::PasswordField value=password
                    error=field_error("password") kind="password" autocomplete="new-password"
                    placeholder=Key::RegisterPasswordHint/>
                <button type="submit" class="primary" disabled=pending>
                    {move || i18n.tr(if pending.get() { Key::RegisterPending } else { Key::RegisterSubmit })}
                </button>
            </form>
            <p class="aside">
                {move || i18n.tr(Key::RegisterHaveAccount)} " "
                <a href="/login">{move || i18n.tr(Key::LoginSubmit)}</a>
            </p>
        </section>
    }
}

/// Registers, then logs in with the number (or address) just registered.
async fn register_and_sign_in(request: RegisterRequest) -> Result<(), ApiError> {
    auth::register(&request).await?;
    let login = LoginRequest {
        login: request.phone.or(request.email).unwrap_or_default(),
        password: request.password,
    };
    auth::login(&login).await.map(|_| ())
}

fn optional(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}
