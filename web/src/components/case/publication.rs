//! The case's publication: staff review the redacted text, edit it with a
//! note or take the case down; the business replies once in public.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::ComplaintId;
use shared::publication::{
    BusinessCommentRequest, EditPublicTextRequest, Publication, UnpublishRequest,
};

use super::availability::Portal;
use super::display::shanghai_time;
use super::form::FormState;
use super::inputs::TextArea;
use crate::api::publication;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

/// Whether the case is on the public pages now.
pub fn is_public(publication: &Publication) -> bool {
    publication.published_at.is_some() && publication.unpublished_at.is_none()
}

/// The publication panel of case `id` for `portal`.
#[component]
pub fn PublicationPanel(id: ComplaintId, portal: Portal) -> impl IntoView {
    let i18n = I18n::expect();
    let refresh = RwSignal::new(0u32);
    let state = LocalResource::new(move || {
        refresh.track();
        publication::get(id)
    });

    view! {
        <section class="card" aria-labelledby="publication-title">
            <h2 id="publication-title">{move || i18n.tr(Key::CasePubTitle)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match state.await {
                        Ok(current) => view! { <PublicationState current portal refresh/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PublicationState(current: Publication, portal: Portal, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let id = current.complaint_id;
    let public = is_public(&current);
    let status = match (&current.published_at, &current.unpublished_at) {
        (_, Some(_)) => Key::CasePubTakenDown,
        (Some(_), None) => Key::CasePubPublished,
        (None, None) => Key::CasePubNotPublished,
    };
    let since = current.published_at.map(shanghai_time);
    let edited = current.preview.edited_by_staff;
    let text = current.preview.description.clone();
    let staff = portal == Portal::Staff;

    view! {
        <p>
            <span class="tag">{move || i18n.tr(status)}</span>
            " " {since}
            {edited.then(|| view! { " · " <span class="tag">{move || i18n.tr(Key::CasePubEdited)}</span> })}
        </p>
        <h3>{move || i18n.tr(Key::CasePubRedactedText)}</h3>
        <p class="body redacted">{text.clone()}</p>
        {staff.then(|| view! { <EditText id text refresh/> })}
        {(staff && public).then(|| view! { <TakeDown id refresh/> })}
        {(!staff && public).then(|| view! { <PublicReply id/> })}
    }
}

#[component]
fn EditText(id: ComplaintId, text: String, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let description = RwSignal::new(text);
    let note = RwSignal::new(String::new());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let note = note.get_untracked().trim().to_owned();
        let request = EditPublicTextRequest {
            description: description.get_untracked(),
            note: (!note.is_empty()).then_some(note),
        };
        form.send(
            async move { publication::edit_text(id, &request).await },
            move |_| refresh.update(|n| *n += 1),
        );
    };

    view! {
        <details class="step">
            <summary>{move || i18n.tr(Key::CasePubEdit)}</summary>
            <form on:submit=submit novalidate>
                {form.notice()}
                <TextArea id="public-text" label=Key::CasePubRedactedText value=description error=form.error("description") rows=8/>
                <TextArea id="public-text-note" label=Key::CasePubEditNote value=note error=form.error("note") rows=2/>
                <button type="submit" class="primary" disabled=form.pending()>{move || i18n.tr(Key::CasePubEdit)}</button>
            </form>
        </details>
    }
}

#[component]
fn TakeDown(id: ComplaintId, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let reason = RwSignal::new(String::new());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let request = UnpublishRequest {
            reason: reason.get_untracked().trim().to_owned(),
        };
        form.send(
            async move { publication::unpublish(id, &request).await },
            move |_| refresh.update(|n| *n += 1),
        );
    };

    view! {
        <details class="step">
            <summary>{move || i18n.tr(Key::CasePubTakeDown)}</summary>
            <form on:submit=submit novalidate>
                {form.notice()}
                <TextArea id="unpublish-reason" label=Key::CaseReason value=reason error=form.error("reason") rows=2/>
                <button type="submit" class="danger" disabled=form.pending()>{move || i18n.tr(Key::CasePubTakeDown)}</button>
            </form>
        </details>
    }
}

/// The business's one public reply to a published complaint.
#[component]
fn PublicReply(id: ComplaintId) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let text = RwSignal::new(String::new());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let request = BusinessCommentRequest {
            text: text.get_untracked().trim().to_owned(),
        };
        form.send(
            async move { publication::comment(id, &request).await },
            |_| (),
        );
    };

    view! {
        <Show
            when=move || !form.done()
            fallback=move || view! { <p class="notice">{move || i18n.tr(Key::CasePubReplySent)}</p> }
        >
            <form on:submit=submit novalidate>
                {form.notice()}
                <TextArea id="public-reply" label=Key::CasePubReply value=text error=form.error("text") rows=3/>
                <button type="submit" class="primary" disabled=form.pending()>{move || i18n.tr(Key::CasePubReplySend)}</button>
            </form>
        </Show>
    }
}
