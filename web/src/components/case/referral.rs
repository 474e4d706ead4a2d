//! Handing a case on: downloading its case bundle, and referring it to the
//! market regulator (staff of the handling association).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::ComplaintId;
use shared::bundles::{CaseBundle, ReferralRequest};
use wasm_bindgen::JsCast;

use super::form::FormState;
use super::inputs::TextArea;
use crate::api::{ApiError, bundles};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::i18n::{I18n, Key};

/// The bundle download and the referral form, in one card.
#[component]
pub fn HandOver(id: ComplaintId, number: String, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <section class="card" aria-labelledby="handover-title">
            <h2 id="handover-title">{move || i18n.tr(Key::BundleHandOver)}</h2>
            <BundleDownload id number/>
            <ReferralForm id refresh/>
        </section>
    }
}

/// Fetches the bundle and saves it as `case-<number>.json`.
#[component]
fn BundleDownload(id: ComplaintId, number: String) -> impl IntoView {
    let i18n = I18n::expect();
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let download = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        let name = format!("case-{number}.json");
        spawn_local(async move {
            match bundles::export(id).await {
                Ok(bundle) => save(&name, &bundle),
                Err(error) => failure.set(Some(error)),
            }
            pending.set(false);
        });
    };

    view! {
        <p>
            <button type="button" class="secondary" on:click=download disabled=move || pending.get()>
                {move || i18n.tr(Key::BundleDownload)}
            </button>
            " " <span class="hint">{move || i18n.tr(Key::BundleDownloadHint)}</span>
        </p>
        {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
    }
}

/// Offers the bundle to the browser as a file download.
fn save(name: &str, bundle: &CaseBundle) {
    let Ok(text) = serde_json::to_string_pretty(bundle) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let Ok(blob) = web_sys::Blob::new_with_str_sequence(&parts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let link = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.create_element("a").ok())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(link) = link {
        link.set_attribute("href", &url).ok();
        link.set_attribute("download", name).ok();
        link.click();
    }
    web_sys::Url::revoke_object_url(&url).ok();
}

/// Refers the case to the market regulator; the referral joins the timeline.
#[component]
fn ReferralForm(id: ComplaintId, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let regulator = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let request = ReferralRequest {
            regulator: regulator.get_untracked().trim().to_owned(),
            note: note.get_untracked().trim().to_owned(),
        };
        form.send(
            async move { bundles::refer(id, &request).await },
            move |_| {
                refresh.update(|n| *n += 1);
            },
        );
    };

    view! {
        <details class="step">
            <summary>{move || i18n.tr(Key::ReferralRefer)}</summary>
            <Show
                when=move || !form.done()
                fallback=move || view! { <p class="notice" role="status">{move || i18n.tr(Key::ReferralDone)}</p> }
            >
                <form on:submit=submit novalidate>
                    {form.notice()}
                    <Field name="regulator" label=Key::ReferralRegulator value=regulator error=form.error("regulator")/>
                    <TextArea id="referral-note" label=Key::ReferralNote value=note error=form.error("note") rows=3/>
                    <button type="submit" disabled=form.pending()>{move || i18n.tr(Key::ReferralRefer)}</button>
                </form>
            </Show>
        </details>
    }
}
