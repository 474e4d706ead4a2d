//! `/staff/bundles`: check a case bundle received from another platform or
//! association, see every break its check finds, and import it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::bundles::{BundleVerification, CaseBundle, ImportedCase};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api::{ApiError, bundles};
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

/// What the page holds: the bundle read from the file, its report and the import.
#[derive(Clone, Copy)]
struct Exchange {
    bundle: RwSignal<Option<CaseBundle>>,
    report: RwSignal<Option<BundleVerification>>,
    imported: RwSignal<Option<ImportedCase>>,
    unreadable: RwSignal<bool>,
    failure: RwSignal<Option<ApiError>>,
    pending: RwSignal<bool>,
}

impl Exchange {
    fn new() -> Self {
        Self {
            bundle: RwSignal::new(None),
            report: RwSignal::new(None),
            imported: RwSignal::new(None),
            unreadable: RwSignal::new(false),
            failure: RwSignal::new(None),
            pending: RwSignal::new(false),
        }
    }

    fn clear(self) {
        self.bundle.set(None);
        self.report.set(None);
        self.imported.set(None);
        self.unreadable.set(false);
        self.failure.set(None);
    }
}

/// Upload, report, import.
#[component]
pub fn BundleExchange() -> impl IntoView {
    let i18n = I18n::expect();
    let exchange = Exchange::new();
    let chosen = move |event: leptos::ev::Event| {
        let file = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            exchange.clear();
            spawn_local(check(exchange, file));
        }
    };
    let import = move |_| {
        let Some(bundle) = exchange.bundle.get_untracked() else {
            return;
        };
        exchange.pending.set(true);
        spawn_local(async move {
            match bundles::import(&bundle).await {
                Ok(imported) => exchange.imported.set(Some(imported)),
                Err(error) => exchange.failure.set(Some(error)),
            }
            exchange.pending.set(false);
        });
    };

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::BundleTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::BundleIntro)}</p>
            <label for="bundle-file">{move || i18n.tr(Key::BundleChoose)}</label>
            <input id="bundle-file" type="file" accept="application/json,.json" on:change=chosen/>
            <Show when=move || exchange.unreadable.get()>
                <p class="notice error" role="alert">{move || i18n.tr(Key::BundleUnreadable)}</p>
            </Show>
            {move || exchange.failure.get().map(|error| view! { <ErrorNotice error/> })}
            {move || exchange.report.get().map(|report| view! { <Report report/> })}
            <Show when=move || exchange.report.get().is_some_and(|r| r.intact) && exchange.imported.get().is_none()>
                <button type="button" on:click=import disabled=move || exchange.pending.get()>
                    {move || i18n.tr(Key::BundleImport)}
                </button>
            </Show>
            {move || exchange.imported.get().map(|imported| view! { <Imported imported/> })}
        </section>
    }
}

/// Reads the file, parses it as a bundle and asks the server to check it.
async fn check(exchange: Exchange, file: web_sys::File) {
    let text = JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|text| text.as_string());
    let Some(bundle) = text.and_then(|text| serde_json::from_str::<CaseBundle>(&text).ok()) else {
        exchange.unreadable.set(true);
        return;
    };
    exchange.pending.set(true);
    match bundles::verify(&bundle).await {
        Ok(report) => {
            exchange.report.set(Some(report));
            exchange.bundle.set(Some(bundle));
        }
        Err(error) => exchange.failure.set(Some(error)),
    }
    exchange.pending.set(false);
}

/// The verification report: intact, or each break with where it is.
#[component]
fn Report(report: BundleVerification) -> impl IntoView {
    let i18n = I18n::expect();
    let verdict = if report.intact {
        Key::BundleIntact
    } else {
        Key::BundleBroken
    };
    let class = if report.intact {
        "notice"
    } else {
        "notice error"
    };

    view! {
        <p class=class role="status">{move || i18n.tr(verdict)}</p>
        <p class="hint">{move || i18n.tr(Key::BundleDigest)} " " <code>{report.computed_digest.clone()}</code></p>
        <ul class="breaks">
            {report.breaks.into_iter().map(|item| {
                let place = match (item.sequence, item.file_name) {
                    (Some(sequence), _) => format!("{} #{sequence}", item.record),
                    (None, Some(name)) => name,
                    (None, None) => item.record,
                };
                view! { <li><strong>{place}</strong> ": " {item.detail}</li> }
            }).collect_view()}
        </ul>
    }
}

/// The case the import made (or found), with a link to it.
#[component]
fn Imported(imported: ImportedCase) -> impl IntoView {
    let i18n = I18n::expect();
    let message = if imported.created {
        Key::BundleImported
    } else {
        Key::BundleImportedBefore
    };
    let href = format!("/staff/complaints/{}", imported.complaint_id);

    view! {
        <p class="notice" role="status">
            {move || i18n.tr(message)} " " <a href=href>{imported.number}</a>
        </p>
    }
}
