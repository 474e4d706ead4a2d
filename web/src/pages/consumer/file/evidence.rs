//! Step 5: photos, receipts and chat records, each uploaded as soon as it is
//! chosen, with its progress and, for pictures, a preview.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::EvidenceId;
use wasm_bindgen::JsCast;
use web_sys::{File, HtmlInputElement, Url};

use super::super::draft::UploadedFile;
use super::{Form, StepButtons};
use crate::api::{ApiError, evidence};
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

/// A file on its way to the server.
#[derive(Clone)]
struct Upload {
    name: String,
    progress: RwSignal<f64>,
    failure: RwSignal<Option<ApiError>>,
}

#[component]
pub fn EvidenceStep(form: Form) -> impl IntoView {
    let i18n = I18n::expect();
    let uploads = RwSignal::new(Vec::<Upload>::new());
    let previews = StoredValue::new(Vec::<(EvidenceId, String)>::new());

    let chosen = move |event: leptos::ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let files = input.files();
        for index in 0..files.as_ref().map_or(0, |files| files.length()) {
            if let Some(file) = files.as_ref().and_then(|files| files.get(index)) {
                start(form, uploads, previews, file);
            }
        }
        input.set_value("");
    };
    let remove = move |id: EvidenceId| {
        form.draft
            .update(|draft| draft.evidence.retain(|file| file.id != id));
    };

    view! {
        <p class="hint">{move || i18n.tr(Key::FileEvidenceHint)}</p>
        <label class="upload-button" for="evidence">
            {move || i18n.tr(Key::FileEvidenceAdd)}
        </label>
        <input id="evidence" class="visually-hidden" type="file" multiple
            accept="image/*,application/pdf,video/mp4,video/quicktime" on:change=chosen/>
        <p class="field-error">{form.error("evidence")}</p>
        <ul class="uploads">
            {move || uploads.get().into_iter().map(|upload| view! { <UploadRow upload/> }).collect_view()}
            {move || form.draft.get().evidence.into_iter().map(|file| {
                let preview = previews.with_value(|all| {
                    all.iter().find(|(id, _)| *id == file.id).map(|(_, url)| url.clone())
                });
                let id = file.id;
                view! { <UploadedRow file preview on_remove=move || remove(id)/> }
            }).collect_view()}
        </ul>
        <StepButtons form/>
    }
}

/// Uploads `file`, showing its progress; once stored, it joins the draft.
fn start(
    form: Form,
    uploads: RwSignal<Vec<Upload>>,
    previews: StoredValue<Vec<(EvidenceId, String)>>,
    file: File,
) {
    let upload = Upload {
        name: file.name(),
        progress: RwSignal::new(0.0),
        failure: RwSignal::new(None),
    };
    uploads.update(|all| all.push(upload.clone()));
    let preview = file
        .type_()
        .starts_with("image/")
        .then(|| Url::create_object_url_with_blob(&file).ok())
        .flatten();
    let progress = upload.progress;
    // The person may leave this step while the file uploads: the step's own
    // state is then gone (the `try_` calls do nothing), but the file still
    // joins the draft, which the whole form keeps.
    spawn_local(async move {
        let report: Rc<dyn Fn(f64)> = Rc::new(move |share| {
            let _ = progress.try_set(share);
        });
        match evidence::upload(&file, report).await {
            Ok(stored) => {
                if let Some(url) = preview {
                    let _ = previews.try_update_value(|all| all.push((stored.id, url)));
                }
                let _ =
                    uploads.try_update(|all| all.retain(|each| each.progress != upload.progress));
                form.draft.update(|draft| {
                    draft.evidence.push(UploadedFile {
                        id: stored.id,
                        file_name: stored.file_name,
                        kind: stored.kind,
                        size: stored.size,
                    });
                });
            }
            Err(error) => {
                let _ = upload.failure.try_set(Some(error));
            }
        }
    });
}

/// A file being uploaded: its name and a progress bar, or why it failed.
#[component]
fn UploadRow(upload: Upload) -> impl IntoView {
    let i18n = I18n::expect();
    let percent = move || (upload.progress.get() * 100.0).round() as u32;

    view! {
        <li class="upload">
            <p class="upload-name">{upload.name.clone()}</p>
            {move || match upload.failure.get() {
                Some(error) => view! { <ErrorNotice error/> }.into_any(),
                None => view! {
                    <progress max="100" value=percent aria-label=move || i18n.tr(Key::FileUploading)></progress>
                    <span class="muted">{move || format!("{}%", percent())}</span>
                }.into_any(),
            }}
        </li>
    }
}

/// A stored file: a thumbnail for pictures seen this visit, its name and size.
#[component]
fn UploadedRow(
    file: UploadedFile,
    preview: Option<String>,
    on_remove: impl Fn() + 'static,
) -> impl IntoView {
    let i18n = I18n::expect();
    let size = format!("{:.1} KB", file.size as f64 / 1024.0);

    view! {
        <li class="upload done">
            {preview.map(|url| view! { <img class="thumb" src=url alt=file.file_name.clone()/> })}
            <div class="upload-text">
                <p class="upload-name">{file.file_name.clone()}</p>
                <p class="muted">{size} " · " {move || i18n.tr(Key::FileUploaded)}</p>
            </div>
            <button type="button" class="link" on:click=move |_| on_remove()>
                {move || i18n.tr(Key::FileEvidenceRemove)}
            </button>
        </li>
    }
}
