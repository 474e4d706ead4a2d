//! The case's messages, and the box to write one: the business can start
//! from a reply template, staff can keep an internal note.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::cases::{Message, PostMessageRequest};
use shared::reply_templates::ReplyTemplateRequest;
use shared::{BusinessId, ComplaintId};

use super::availability::Portal;
use super::display::shanghai_time;
use super::form::FormState;
use super::inputs::{Check, TextArea};
use super::labels::actor_key;
use super::templates::{self, TemplateContext};
use crate::api::{businesses, complaints};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::i18n::{I18n, Key};
use crate::live::LiveEvents;

/// The messages of case `id`, oldest first, and (while `open`) the box to
/// write another. `refresh` changes whenever the case does; the list is read
/// again too when news about the case arrives (the box keeps what is typed).
#[component]
pub fn Messages(
    id: ComplaintId,
    portal: Portal,
    open: bool,
    refresh: RwSignal<u32>,
    /// For the business: its id and what its templates fill in.
    #[prop(default = None)]
    templates: Option<(BusinessId, TemplateContext)>,
) -> impl IntoView {
    let (i18n, live) = (I18n::expect(), LiveEvents::expect());
    let messages = LocalResource::new(move || {
        refresh.track();
        live.complaint_version(id);
        complaints::messages(id)
    });

    view! {
        <section class="card" aria-labelledby="messages-title">
            <h2 id="messages-title">{move || i18n.tr(Key::CaseMessages)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match messages.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty">{move || i18n.tr(Key::CaseNoMessages)}</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ol class="messages">
                                {list.into_iter().map(|message| view! { <MessageItem message/> }).collect_view()}
                            </ol>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
            {open.then(|| view! { <Compose id portal refresh templates/> })}
        </section>
    }
}

#[component]
fn MessageItem(message: Message) -> impl IntoView {
    let i18n = I18n::expect();
    let role = actor_key(&message.author_role);
    let internal = message.internal;

    view! {
        <li class="message" class:internal=internal>
            <p class="meta">
                <strong>{move || i18n.tr(role)}</strong>
                " · "
                {shanghai_time(message.created_at)}
                {internal.then(|| view! { " · " <span class="tag">{move || i18n.tr(Key::CaseInternal)}</span> })}
            </p>
            <p class="body">{message.body}</p>
        </li>
    }
}

/// The box to write a message.
#[component]
fn Compose(
    id: ComplaintId,
    portal: Portal,
    refresh: RwSignal<u32>,
    templates: Option<(BusinessId, TemplateContext)>,
) -> impl IntoView {
    let form = FormState::new();
    let body = RwSignal::new(String::new());
    let internal = RwSignal::new(false);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let request = PostMessageRequest {
            body: body.get_untracked().trim().to_owned(),
            internal: internal.get_untracked(),
            evidence: Vec::new(),
        };
        form.send(
            async move { complaints::post_message(id, &request).await },
            move |_| {
                body.set(String::new());
                refresh.update(|n| *n += 1);
            },
        );
    };
    let i18n = I18n::expect();
    let pending = form.pending();

    view! {
        <form on:submit=submit novalidate class="compose">
            {form.notice()}
            {templates.map(|(business, context)| view! { <TemplatePicker business context body/> })}
            <TextArea id="message-body" label=Key::CaseMessageBody value=body error=form.error("body")/>
            {(portal == Portal::Staff).then(|| view! {
                <Check id="message-internal" label=Key::CaseInternalNote value=internal/>
            })}
            <button type="submit" class="primary" disabled=pending>
                {move || i18n.tr(if pending.get() { Key::CaseSending } else { Key::CaseSendMessage })}
            </button>
        </form>
    }
}

/// The business's reply templates: pick one to put into the reply, or keep
/// the reply as a new template.
#[component]
fn TemplatePicker(
    business: BusinessId,
    context: TemplateContext,
    body: RwSignal<String>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let reload = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reload.track();
        businesses::reply_templates(business)
    });
    let context = StoredValue::new(context);

    view! {
        <div class="templates">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(list) = list.await else { return ().into_any() };
                    if list.is_empty() {
                        return view! { <p class="hint">{move || i18n.tr(Key::CaseNoTemplates)}</p> }.into_any();
                    }
                    let bodies = StoredValue::new(list.clone());
                    let choose = move |event| {
                        let title = event_target_value(&event);
                        let chosen = bodies.with_value(|all| {
                            all.iter().find(|t| t.title == title).map(|t| t.body.clone())
                        });
                        if let Some(text) = chosen {
                            let filled = context.with_value(|c| templates::fill(&text, c));
                            body.update(|draft| *draft = templates::insert(draft, &filled));
                        }
                    };
                    view! {
                        <div class="field">
                            <label for="template">{move || i18n.tr(Key::CaseUseTemplate)}</label>
                            <select id="template" on:change=choose>
                                <option value="">{move || i18n.tr(Key::CaseChooseTemplate)}</option>
                                {list.into_iter().map(|template| {
                                    let value = template.title.clone();
                                    view! { <option value=value>{template.title}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    }.into_any()
                })}
            </Suspense>
            <SaveTemplate business body reload/>
        </div>
    }
}

/// Keeps the reply being written as a new template under a title.
#[component]
fn SaveTemplate(
    business: BusinessId,
    body: RwSignal<String>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let title = RwSignal::new(String::new());
    let save = move |_| {
        let request = ReplyTemplateRequest {
            title: title.get_untracked().trim().to_owned(),
            body: body.get_untracked(),
        };
        form.send(
            async move { businesses::create_reply_template(business, &request).await },
            move |_| {
                title.set(String::new());
                reload.update(|n| *n += 1);
            },
        );
    };

    view! {
        <details class="save-template">
            <summary>{move || i18n.tr(Key::CaseSaveTemplate)}</summary>
            {form.notice()}
            <Field name="title" label=Key::CaseTemplateTitle value=title error=form.error("title")/>
            <p class="field-error">{form.error("body")}</p>
            <button type="button" class="secondary" on:click=save disabled=form.pending()>
                {move || i18n.tr(Key::CaseSaveTemplate)}
            </button>
        </details>
    }
}
