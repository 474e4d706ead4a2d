//! Step 6: everything at a glance, the text as it would be published, and the
//! consumer's consent.

use leptos::prelude::*;

use super::super::labels;
use super::super::money;
use super::Form;
use crate::api::publication;
use crate::components::detail::Detail;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

#[component]
pub fn ReviewStep(form: Form) -> impl IntoView {
    let i18n = I18n::expect();
    let description = form.draft.with_untracked(|draft| draft.description.clone());
    let preview = LocalResource::new(move || {
        let description = description.clone();
        async move { publication::preview(&description).await }
    });
    let draft = move || form.draft.get();
    let business = move || {
        draft()
            .business
            .map(|business| business.name)
            .unwrap_or_else(|| draft().new_business_name)
    };
    let demands = move || {
        draft()
            .demands
            .iter()
            .map(|demand| i18n.tr(labels::demand(*demand)))
            .collect::<Vec<_>>()
            .join(i18n.tr(Key::ListSeparator))
    };
    let amount = move || {
        money::parse_yuan(&draft().amount)
            .ok()
            .flatten()
            .map(|fen| format!("¥{}", money::format_yuan(fen)))
    };
    let consent = move |event| {
        form.draft
            .update(|draft| draft.consent_to_publish = event_target_checked(&event))
    };

    view! {
        <p class="hint">{move || i18n.tr(Key::FileReviewHint)}</p>
        <dl class="details">
            <Detail label=Key::FileBusinessChosen>{business}</Detail>
            <Detail label=Key::FileStepDemands>{demands}</Detail>
            {move || amount().map(|amount| view! { <Detail label=Key::FileAmount>{amount}</Detail> })}
            <Detail label=Key::FileEvidenceCount>{move || draft().evidence.len().to_string()}</Detail>
        </dl>
        <h3>{move || i18n.tr(Key::FilePreviewTitle)}</h3>
        <p class="hint">{move || i18n.tr(Key::FilePreviewHint)}</p>
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(preview) => view! { <blockquote class="preview">{preview.description}</blockquote> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
        <label class="check consent">
            <input type="checkbox" name="consent_to_publish"
                prop:checked=move || form.draft.with(|draft| draft.consent_to_publish)
                on:change=consent/>
            <span>{move || i18n.tr(Key::FileConsent)}</span>
        </label>
        <p class="field-error">{form.error("consent_to_publish")}</p>
    }
}
