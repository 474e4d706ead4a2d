//! `/business/keys`: the business's API keys: create one (its secret shown
//! once), see when each was last used, revoke.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::BusinessId;
use shared::businesses::{ApiKey, ApiScope, CreateApiKeyRequest};

use crate::api::{auth, businesses};
use crate::components::case::display::shanghai_time;
use crate::components::case::form::FormState;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::i18n::{I18n, Key};

/// The words for a key's scope.
pub fn scope_key(scope: ApiScope) -> Key {
    match scope {
        ApiScope::ReadCases => Key::KeysScopeRead,
        ApiScope::ActOnCases => Key::KeysScopeAct,
        ApiScope::ManageWebhooks => Key::KeysScopeWebhooks,
    }
}

/// The keys of the signed-in user's business.
#[component]
pub fn BusinessKeys() -> impl IntoView {
    let i18n = I18n::expect();
    let me = LocalResource::new(auth::me);

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::KeysTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::KeysIntro)}</p>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match me.await.map(|me| me.business_id) {
                        Ok(Some(business)) => view! { <Keys business/> }.into_any(),
                        Ok(None) => view! { <p class="empty">{move || i18n.tr(Key::BizNoBusiness)}</p> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Keys(business: BusinessId) -> impl IntoView {
    let i18n = I18n::expect();
    let refresh = RwSignal::new(0u32);
    let keys = LocalResource::new(move || {
        refresh.track();
        businesses::api_keys(business)
    });

    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match keys.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{move || i18n.tr(Key::KeysNone)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="case-list">
                            {list.into_iter().map(|key| view! { <KeyRow business key refresh/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
        <h2>{move || i18n.tr(Key::KeysCreate)}</h2>
        <CreateKey business refresh/>
    }
}

#[component]
fn KeyRow(business: BusinessId, key: ApiKey, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let id = key.id;
    let revoked = key.revoked_at.is_some();
    let used = key.last_used_at.map(shanghai_time);
    let revoke = move |_| {
        form.send(
            async move { businesses::revoke_api_key(business, id).await },
            move |_| refresh.update(|n| *n += 1),
        );
    };

    view! {
        <li class="case-row">
            <span class="case-business">{key.name}</span>
            {key.scopes.into_iter().map(|scope| view! { <span class="tag">{move || i18n.tr(scope_key(scope))}</span> }).collect_view()}
            <span class="case-filed">{move || i18n.tr(Key::KeysLastUsed)} " " {used.clone().unwrap_or_else(|| "—".to_owned())}</span>
            {if revoked {
                view! { <span class="badge missed">{move || i18n.tr(Key::KeysRevoked)}</span> }.into_any()
            } else {
                view! {
                    <button type="button" class="secondary" on:click=revoke disabled=form.pending()>
                        {move || i18n.tr(Key::KeysRevoke)}
                    </button>
                }.into_any()
            }}
            {form.notice()}
        </li>
    }
}

#[component]
fn CreateKey(business: BusinessId, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let name = RwSignal::new(String::new());
    let ticks = ApiScope::ALL.map(|scope| RwSignal::new(scope == ApiScope::ReadCases));
    let secret = RwSignal::new(None::<String>);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let scopes = ApiScope::ALL
            .into_iter()
            .zip(ticks)
            .filter(|(_, tick)| tick.get_untracked())
            .map(|(scope, _)| scope)
            .collect();
        let request = CreateApiKeyRequest {
            name: name.get_untracked().trim().to_owned(),
            scopes,
        };
        form.send(
            async move { businesses::create_api_key(business, &request).await },
            move |created| {
                secret.set(Some(created.secret));
                name.set(String::new());
                refresh.update(|n| *n += 1);
            },
        );
    };

    view! {
        {move || secret.get().map(|secret| view! {
            <div class="notice" role="status">
                <p>{move || i18n.tr(Key::KeysSecretOnce)}</p>
                <p><code class="secret">{secret}</code></p>
            </div>
        })}
        <form on:submit=submit novalidate>
            {form.notice()}
            <Field name="name" label=Key::KeysName value=name error=form.error("name")/>
            <fieldset class="roles">
                <legend>{move || i18n.tr(Key::KeysScopes)}</legend>
                {ApiScope::ALL.into_iter().zip(ticks).map(|(scope, tick)| {
                    let id = format!("scope-{}", scope.as_str());
                    let label_for = id.clone();
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id bind:checked=tick/>
                            <label for=label_for>{move || i18n.tr(scope_key(scope))}</label>
                        </div>
                    }
                }).collect_view()}
                <p class="field-error">{form.error("scopes")}</p>
            </fieldset>
            <button type="submit" class="primary" disabled=form.pending()>{move || i18n.tr(Key::KeysCreate)}</button>
        </form>
    }
}
