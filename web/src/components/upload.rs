//! Uploading one evidence file (`POST /api/v1/evidence`, multipart with a
//! part named `file`) with a progress bar.
//!
//! The typed client cannot report upload progress, so this sends the file
//! with `XMLHttpRequest`, whose upload events can, using the client's
//! access token. A refused token is refreshed once and the upload sent
//! again. A failure shows the server's problem and a retry button that
//! sends the same file again: the chosen file is kept until another is
//! chosen.
//!
//! The consumer's filing page uses it like this; `on_uploaded` receives the
//! stored file, whose `id` goes into the filing's evidence list:
//!
//! ```ignore
//! let attached = RwSignal::new(Vec::<Evidence>::new());
//! view! {
//!     <EvidenceUpload on_uploaded=move |evidence| attached.update(|all| all.push(evidence))/>
//! }
//! ```

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::Problem;
use shared::evidence::Evidence;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Event, File, FormData, HtmlInputElement, ProgressEvent, XmlHttpRequest};

use crate::api::{self, ApiError};
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

/// The files the server takes as evidence, for the file picker.
const ACCEPTED: &str = "image/jpeg,image/png,image/gif,image/webp,image/heic,application/pdf,video/mp4,video/quicktime";

/// Where an upload stands.
#[derive(Clone, Debug)]
pub enum UploadState {
    /// No file sent yet.
    Idle,
    /// Sending: bytes sent of the total, when the browser knows it.
    Sending { sent: f64, total: Option<f64> },
    /// Stored by the server.
    Done(Evidence),
    /// Refused or lost; the file is kept for a retry.
    Failed(ApiError),
}

/// A file picker, a progress bar while the file goes up, and the outcome.
#[component]
pub fn EvidenceUpload(
    /// Called with each file the server stored.
    #[prop(into)]
    on_uploaded: Callback<Evidence>,
    /// The input's `id`, when a page holds more than one.
    #[prop(default = "evidence-file")]
    id: &'static str,
    /// The label, when the file is a particular one (a licence, say).
    #[prop(default = Key::UploadChoose)]
    label: Key,
    /// The server's message about the request field this file fills.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let error_id = format!("{id}-error");
    let invalid = Memo::new(move |_| error.with(Option::is_some));
    let chosen = RwSignal::new_local(None::<File>);
    let state = RwSignal::new(UploadState::Idle);

    let send = move || {
        let Some(file) = chosen.get_untracked() else {
            return;
        };
        state.set(UploadState::Sending {
            sent: 0.0,
            total: Some(file.size()),
        });
        spawn_local(async move {
            let outcome = upload_with_fresh_token(&file, state).await;
            match outcome {
                Ok(evidence) => {
                    state.set(UploadState::Done(evidence.clone()));
                    on_uploaded.run(evidence);
                }
                Err(error) => state.set(UploadState::Failed(error)),
            }
        });
    };
    let choose = move |event: Event| {
        let input: Option<HtmlInputElement> = event.target().and_then(|t| t.dyn_into().ok());
        let file = input
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let has_file = file.is_some();
        chosen.set(file);
        if has_file {
            send();
        }
    };
    let sending = move || matches!(state.get(), UploadState::Sending { .. });

    view! {
        <div class="upload" class:invalid=invalid>
            <label for=id>{move || i18n.tr(label)}</label>
            <input id=id type="file" accept=ACCEPTED on:change=choose disabled=sending
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=error_id.clone()/>
            <p class="hint">{move || i18n.tr(Key::UploadHint)}</p>
            <p class="field-error" id=error_id>{error}</p>
            {move || match state.get() {
                UploadState::Idle => ().into_any(),
                UploadState::Sending { sent, total } => {
                    view! { <UploadProgress sent total/> }.into_any()
                }
                UploadState::Done(evidence) => view! {
                    <p class="notice ok" role="status">
                        {move || i18n.tr(Key::UploadDone)} " " {evidence.file_name.clone()}
                    </p>
                }.into_any(),
                UploadState::Failed(error) => view! {
                    <ErrorNotice error/>
                    <button type="button" class="secondary" on:click=move |_| send()>
                        {move || i18n.tr(Key::UploadRetry)}
                    </button>
                }.into_any(),
            }}
        </div>
    }
}

/// The bar, with the share sent as text for screen readers.
#[component]
fn UploadProgress(sent: f64, total: Option<f64>) -> impl IntoView {
    let i18n = I18n::expect();
    let percent = percent(sent, total);

    view! {
        <div class="progress">
            <progress max="100" value=percent aria-label=move || i18n.tr(Key::UploadProgress)></progress>
            <span aria-live="polite">{format!("{percent}%")}</span>
        </div>
    }
}

/// Whole percent sent, 0 to 100; 0 while the total is unknown.
pub fn percent(sent: f64, total: Option<f64>) -> u8 {
    match total {
        Some(total) if total > 0.0 => ((sent / total) * 100.0).clamp(0.0, 100.0).floor() as u8,
        _ => 0,
    }
}

/// Uploads, and once more with a refreshed token if the server refused the
/// first.
async fn upload_with_fresh_token(
    file: &File,
    state: RwSignal<UploadState>,
) -> Result<Evidence, ApiError> {
    let client = api::client();
    match upload(file, client.access_token(), client.language(), state).await {
        Err(ApiError::Problem { status: 401, .. }) => {
            client.refresh().await?;
            upload(file, client.access_token(), client.language(), state).await
        }
        other => other,
    }
}

/// One upload with `XMLHttpRequest`, reporting progress into `state`.
async fn upload(
    file: &File,
    token: Option<String>,
    language: Option<String>,
    state: RwSignal<UploadState>,
) -> Result<Evidence, ApiError> {
    let (done, finished) = handover();
    let request = XmlHttpRequest::new().map_err(js_failure)?;
    request
        .open("POST", &api::path("/evidence"))
        .map_err(js_failure)?;
    request
        .set_request_header("Accept", "application/json")
        .map_err(js_failure)?;
    if let Some(token) = token {
        request
            .set_request_header("Authorization", &format!("Bearer {token}"))
            .map_err(js_failure)?;
    }
    if let Some(language) = language {
        request
            .set_request_header("Accept-Language", &language)
            .map_err(js_failure)?;
    }

    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
        let total = event.length_computable().then(|| event.total());
        state.set(UploadState::Sending {
            sent: event.loaded(),
            total,
        });
    });
    let settle = {
        let request = request.clone();
        Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            let answer = if event.type_() == "load" {
                outcome(
                    request.status().unwrap_or(0),
                    &request.response_text().ok().flatten().unwrap_or_default(),
                )
            } else {
                Err(ApiError::Network(event.type_()))
            };
            done.send(answer);
        })
    };
    request
        .upload()
        .map_err(js_failure)?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    for kind in ["load", "error", "abort", "timeout"] {
        request
            .add_event_listener_with_callback(kind, settle.as_ref().unchecked_ref())
            .map_err(js_failure)?;
    }

    let form = FormData::new().map_err(js_failure)?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(js_failure)?;
    request
        .send_with_opt_form_data(Some(&form))
        .map_err(js_failure)?;

    let answer = finished.await;
    // The handlers live until the request has settled.
    drop((on_progress, settle));
    answer
}

/// The server's answer: the stored file on 201, else its problem.
pub fn outcome(status: u16, body: &str) -> Result<Evidence, ApiError> {
    if (200..300).contains(&status) {
        return serde_json::from_str(body).map_err(|error| ApiError::Decode {
            status,
            detail: error.to_string(),
        });
    }
    if status == 0 {
        return Err(ApiError::Network(
            "the upload did not reach the server".to_owned(),
        ));
    }
    match serde_json::from_str::<Problem>(body) {
        Ok(problem) => Err(ApiError::Problem {
            status,
            problem: Box::new(problem),
            retry_after: None::<Duration>,
        }),
        Err(_) => Err(ApiError::Http {
            status,
            body: body.to_owned(),
        }),
    }
}

fn js_failure(error: wasm_bindgen::JsValue) -> ApiError {
    ApiError::Network(format!("{error:?}"))
}

/// A one-shot hand-over from the request's handlers to the waiting task.
fn handover() -> (Sender, Receiver) {
    let shared = std::rc::Rc::new(std::cell::RefCell::new(Handover::default()));
    (Sender(shared.clone()), Receiver(shared))
}

#[derive(Default)]
struct Handover {
    answer: Option<Result<Evidence, ApiError>>,
    waiter: Option<std::task::Waker>,
}

struct Sender(std::rc::Rc<std::cell::RefCell<Handover>>);

impl Sender {
    /// Hands over the first answer; later ones are ignored.
    fn send(&self, answer: Result<Evidence, ApiError>) {
        let mut handover = self.0.borrow_mut();
        if handover.answer.is_some() {
            return;
        }
        handover.answer = Some(answer);
        if let Some(waker) = handover.waiter.take() {
            waker.wake();
        }
    }
}

struct Receiver(std::rc::Rc<std::cell::RefCell<Handover>>);

impl Future for Receiver {
    type Output = Result<Evidence, ApiError>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        context: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let mut handover = self.0.borrow_mut();
        match handover.answer.take() {
            Some(answer) => std::task::Poll::Ready(answer),
            None => {
                handover.waiter = Some(context.waker().clone());
                std::task::Poll::Pending
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use shared::ErrorCode;

    use super::*;

    #[test]
    fn progress_is_a_whole_percent_and_unknown_totals_show_none() {
        assert_eq!(percent(0.0, Some(200.0)), 0);
        assert_eq!(percent(199.0, Some(200.0)), 99);
        assert_eq!(percent(200.0, Some(200.0)), 100);
        assert_eq!(percent(50.0, None), 0);
        assert_eq!(percent(50.0, Some(0.0)), 0);
    }

    #[test]
    fn a_stored_file_comes_back_as_evidence() {
        let body = r#"{"id":"0193b8a0-0000-7000-8000-000000000001","complaint_id":null,"kind":"image","media_type":"image/png","file_name":"receipt.png","size":1024,"sha256":"ab","uploaded_at":"2026-12-05T08:00:00Z"}"#;

        let evidence = outcome(201, body).unwrap();

        assert_eq!(evidence.file_name, "receipt.png");
    }

    #[test]
    fn a_refusal_carries_the_servers_problem_and_a_lost_request_says_so() {
        let body = r#"{"type":"/problems/payload_too_large","title":"Too large","status":413,"detail":"The file is over 20 MB.","code":"payload_too_large"}"#;

        let refused = outcome(413, body).unwrap_err();
        let lost = outcome(0, "").unwrap_err();
        let proxy = outcome(502, "<html>").unwrap_err();

        assert_eq!(refused.code(), Some(ErrorCode::PayloadTooLarge));
        assert_eq!(refused.problem().unwrap().detail, "The file is over 20 MB.");
        assert!(matches!(lost, ApiError::Network(_)));
        assert!(matches!(proxy, ApiError::Http { status: 502, .. }));
    }
}
