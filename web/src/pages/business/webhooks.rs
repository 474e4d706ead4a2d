//! `/business/webhooks`: the business's webhooks, a new one, and each one's
//! delivery log with redelivery.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::BusinessId;
use shared::webhooks::{
    CreateWebhookRequest, DeliveryQuery, DeliveryStatus, Webhook, WebhookDelivery, WebhookEvent,
};
use uuid::Uuid;

use crate::api::{auth, webhooks};
use crate::components::case::display::shanghai_time;
use crate::components::case::form::FormState;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::i18n::{I18n, Key};

/// The words for an event a webhook hears of.
pub fn event_key(event: WebhookEvent) -> Key {
    match event {
        WebhookEvent::ComplaintAssigned => Key::HookComplaintAssigned,
        WebhookEvent::MessageReceived => Key::HookMessageReceived,
        WebhookEvent::OfferAnswered => Key::HookOfferAnswered,
        WebhookEvent::DeadlineApproaching => Key::HookDeadlineApproaching,
        WebhookEvent::CaseMovedToMediation => Key::HookMovedToMediation,
        WebhookEvent::CaseClosed => Key::HookCaseClosed,
    }
}

/// The badge for a delivery: its CSS class and words.
pub fn delivery_badge(status: DeliveryStatus) -> (&'static str, Key) {
    match status {
        DeliveryStatus::Pending => ("badge soon", Key::HookPending),
        DeliveryStatus::Delivered => ("badge ok", Key::HookDelivered),
        DeliveryStatus::Failed => ("badge missed", Key::HookFailed),
    }
}

/// The webhooks of the signed-in user's business.
#[component]
pub fn BusinessWebhooks() -> impl IntoView {
    let i18n = I18n::expect();
    let me = LocalResource::new(auth::me);

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::HookTitle)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match me.await.map(|me| me.business_id) {
                        Ok(Some(business)) => view! { <Hooks business/> }.into_any(),
                        Ok(None) => view! { <p class="empty">{move || i18n.tr(Key::BizNoBusiness)}</p> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Hooks(business: BusinessId) -> impl IntoView {
    let i18n = I18n::expect();
    let refresh = RwSignal::new(0u32);
    let hooks = LocalResource::new(move || {
        refresh.track();
        webhooks::list(business)
    });

    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match hooks.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{move || i18n.tr(Key::HookNone)}</p> }.into_any(),
                    Ok(list) => list.into_iter().map(|hook| view! { <Hook business hook/> }).collect_view().into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
        <h2>{move || i18n.tr(Key::HookCreate)}</h2>
        <CreateHook business refresh/>
    }
}

#[component]
fn Hook(business: BusinessId, hook: Webhook) -> impl IntoView {
    let i18n = I18n::expect();
    let id = hook.id;

    view! {
        <article class="application">
            <h3><code>{hook.url}</code></h3>
            {hook.description.map(|text| view! { <p>{text}</p> })}
            <p>
                {hook.events.into_iter().map(|event| view! { <span class="tag">{move || i18n.tr(event_key(event))}</span> " " }).collect_view()}
                {(!hook.active).then(|| view! { <span class="badge missed">{move || i18n.tr(Key::HookPaused)}</span> })}
            </p>
            <details class="step">
                <summary>{move || i18n.tr(Key::HookLog)}</summary>
                <DeliveryLog business webhook=id/>
            </details>
        </article>
    }
}

#[component]
fn DeliveryLog(business: BusinessId, webhook: Uuid) -> impl IntoView {
    let i18n = I18n::expect();
    let refresh = RwSignal::new(0u32);
    let log = LocalResource::new(move || {
        refresh.track();
        async move {
            let query = DeliveryQuery {
                limit: Some(50),
                ..DeliveryQuery::default()
            };
            webhooks::deliveries(business, webhook, &query).await
        }
    });

    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(page) if page.items.is_empty() => view! { <p class="empty">{move || i18n.tr(Key::HookNoDeliveries)}</p> }.into_any(),
                    Ok(page) => view! {
                        <ul class="case-list">
                            {page.items.into_iter().map(|delivery| view! { <Delivery business webhook delivery refresh/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Delivery(
    business: BusinessId,
    webhook: Uuid,
    delivery: WebhookDelivery,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let (class, words) = delivery_badge(delivery.status);
    let id = delivery.id;
    let code = delivery.last_status_code.map(|code| format!("HTTP {code}"));
    let resend = move |_| {
        form.send(
            async move { webhooks::redeliver(business, webhook, id).await },
            move |_| refresh.update(|n| *n += 1),
        );
    };
    let event = delivery.event;

    view! {
        <li class="case-row">
            <span class="case-number">{delivery.payload.complaint.number}</span>
            <span class="case-business">{move || i18n.tr(event_key(event))}</span>
            <span class=class>{move || i18n.tr(words)}</span>
            <span class="case-filed">{shanghai_time(delivery.created_at)}</span>
            <span class="case-filed">{code}</span>
            {delivery.last_error.map(|error| view! { <span class="case-filed">{error}</span> })}
            <button type="button" class="secondary" on:click=resend disabled=form.pending()>
                {move || i18n.tr(Key::HookRedeliver)}
            </button>
            {form.notice()}
        </li>
    }
}

#[component]
fn CreateHook(business: BusinessId, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let url = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let ticks = WebhookEvent::ALL.map(|_| RwSignal::new(true));
    let secret = RwSignal::new(None::<String>);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let events = WebhookEvent::ALL
            .into_iter()
            .zip(ticks)
            .filter(|(_, tick)| tick.get_untracked())
            .map(|(event, _)| event)
            .collect();
        let text = description.get_untracked().trim().to_owned();
        let request = CreateWebhookRequest {
            url: url.get_untracked().trim().to_owned(),
            events,
            description: (!text.is_empty()).then_some(text),
        };
        form.send(
            async move { webhooks::create(business, &request).await },
            move |created| {
                secret.set(Some(created.secret));
                url.set(String::new());
                refresh.update(|n| *n += 1);
            },
        );
    };

    view! {
        {move || secret.get().map(|secret| view! {
            <div class="notice" role="status">
                <p>{move || i18n.tr(Key::HookSecretOnce)}</p>
                <p><code class="secret">{secret}</code></p>
            </div>
        })}
        <form on:submit=submit novalidate>
            {form.notice()}
            <Field name="url" label=Key::HookUrl value=url error=form.error("url") kind="url" placeholder=Key::HookUrlHint/>
            <Field name="description" label=Key::HookDescription value=description error=form.error("description")/>
            <fieldset class="roles">
                <legend>{move || i18n.tr(Key::HookEvents)}</legend>
                {WebhookEvent::ALL.into_iter().zip(ticks).map(|(event, tick)| {
                    let id = format!("event-{}", event.as_str());
                    let label_for = id.clone();
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id bind:checked=tick/>
                            <label for=label_for>{move || i18n.tr(event_key(event))}</label>
                        </div>
                    }
                }).collect_view()}
                <p class="field-error">{form.error("events")}</p>
            </fieldset>
            <button type="submit" class="primary" disabled=form.pending()>{move || i18n.tr(Key::HookCreate)}</button>
        </form>
    }
}
