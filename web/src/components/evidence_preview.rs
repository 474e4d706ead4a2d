//! A preview of one evidence file on demand: pictures inline, other files
//! (PDF, video) opened from the browser's memory. The bytes are fetched only
//! when asked for, since a case can hold many large files.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::evidence::Evidence;

use crate::api::{ApiError, evidence};
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

/// The "preview" button, then the picture or a link to open the file.
#[component]
pub fn EvidencePreview(file: Evidence) -> impl IntoView {
    let i18n = I18n::expect();
    let url = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let id = file.id;
    let show = move |_| {
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            let blob = evidence::content(id).await;
            pending.set(false);
            match blob.map(|blob| web_sys::Url::create_object_url_with_blob(&blob)) {
                Ok(Ok(address)) => url.set(Some(address)),
                Ok(Err(_)) => failure.set(Some(ApiError::Network("object URL".to_owned()))),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    on_cleanup(move || {
        if let Some(address) = url.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&address);
        }
    });
    let picture = file.kind == "image";
    let name = file.file_name;

    view! {
        {move || match url.get() {
            None => view! {
                <button type="button" class="secondary" on:click=show disabled=pending>
                    {move || i18n.tr(Key::EvidencePreview)}
                </button>
            }.into_any(),
            Some(address) if picture => view! {
                <img class="evidence-preview" src=address alt=name.clone()/>
            }.into_any(),
            Some(address) => view! {
                <a href=address target="_blank" rel="noopener" download=name.clone()>
                    {move || i18n.tr(Key::EvidenceOpen)}
                </a>
            }.into_any(),
        }}
        {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
    }
}
