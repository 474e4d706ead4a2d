//! Evidence files: uploading one with its progress, a case's files, and a
//! file's bytes for a preview.
//!
//! The upload goes through the browser's `XMLHttpRequest`, the one browser
//! API that reports how much of a request body has been sent; everything
//! else goes through the typed client.

use std::rc::Rc;

use js_sys::Promise;
use shared::evidence::Evidence;
use shared::problem::Problem;
use shared::{ComplaintId, EvidenceId};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File, FormData, ProgressEvent, XmlHttpRequest, XmlHttpRequestResponseType};

use super::{ApiError, auth, client, path};

/// `GET /complaints/{id}/evidence`: the case's files, in the order attached.
pub async fn for_complaint(id: ComplaintId) -> Result<Vec<Evidence>, ApiError> {
    client()
        .get(&path(&format!("/complaints/{id}/evidence")))
        .await
}

/// `GET /evidence/{id}/content`: the file's bytes as a browser blob, to show
/// through an object URL (an `<img>` cannot send the bearer token itself).
/// An expired access token is renewed once, as for uploads.
pub async fn content(id: EvidenceId) -> Result<Blob, ApiError> {
    match fetch_blob(id).await {
        Err(ApiError::Problem { status: 401, .. }) => {
            auth::me().await?;
            fetch_blob(id).await
        }
        other => other,
    }
}

async fn fetch_blob(id: EvidenceId) -> Result<Blob, ApiError> {
    let request = XmlHttpRequest::new().map_err(script_error)?;
    request
        .open("GET", &path(&format!("/evidence/{id}/content")))
        .map_err(script_error)?;
    request.set_response_type(XmlHttpRequestResponseType::Blob);
    if let Some(token) = client().access_token() {
        request
            .set_request_header("authorization", &format!("Bearer {token}"))
            .map_err(script_error)?;
    }
    let finished = Promise::new(&mut |resolve, reject| {
        request.set_onload(Some(&resolve));
        request.set_onerror(Some(&reject));
        request.set_onabort(Some(&reject));
    });
    request.send().map_err(script_error)?;
    JsFuture::from(finished)
        .await
        .map_err(|_| ApiError::Network("the file could not be fetched".to_owned()))?;

    let status = request.status().map_err(script_error)?;
    let blob: Blob = request
        .response()
        .map_err(script_error)?
        .dyn_into()
        .map_err(script_error)?;
    if (200..300).contains(&status) {
        return Ok(blob);
    }
    let body = JsFuture::from(blob.text()).await.map_err(script_error)?;
    Err(refusal(status, body.as_string().unwrap_or_default()))
}

/// `POST /evidence`: uploads `file`, calling `progress` with the share sent
/// so far (0.0 to 1.0). An expired access token is renewed once through the
/// client, then the upload is tried again.
pub async fn upload(file: &File, progress: Rc<dyn Fn(f64)>) -> Result<Evidence, ApiError> {
    match send(file, progress.clone()).await {
        Err(ApiError::Problem { status: 401, .. }) => {
            auth::me().await?;
            send(file, progress).await
        }
        other => other,
    }
}

/// One upload attempt with the client's current access token.
async fn send(file: &File, progress: Rc<dyn Fn(f64)>) -> Result<Evidence, ApiError> {
    let request = XmlHttpRequest::new().map_err(script_error)?;
    request
        .open("POST", &path("/evidence"))
        .map_err(script_error)?;
    request
        .set_request_header("accept", "application/json")
        .map_err(script_error)?;
    if let Some(token) = client().access_token() {
        request
            .set_request_header("authorization", &format!("Bearer {token}"))
            .map_err(script_error)?;
    }

    let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |event: ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            progress(event.loaded() / event.total());
        }
    });
    let upload = request.upload().map_err(script_error)?;
    upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));

    let form = FormData::new().map_err(script_error)?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(script_error)?;
    let finished = Promise::new(&mut |resolve, reject| {
        request.set_onload(Some(&resolve));
        request.set_onerror(Some(&reject));
        request.set_onabort(Some(&reject));
    });
    request
        .send_with_opt_form_data(Some(&form))
        .map_err(script_error)?;
    let outcome = JsFuture::from(finished).await;
    drop(on_progress);

    outcome.map_err(|_| ApiError::Network("the upload did not reach the server".to_owned()))?;
    answer(&request)
}

/// The server's answer to a finished upload, as the typed client would give it.
fn answer(request: &XmlHttpRequest) -> Result<Evidence, ApiError> {
    let status = request.status().map_err(script_error)?;
    let body = request
        .response_text()
        .map_err(script_error)?
        .unwrap_or_default();
    if (200..300).contains(&status) {
        return serde_json::from_str(&body).map_err(|error| ApiError::Decode {
            status,
            detail: error.to_string(),
        });
    }
    Err(refusal(status, body))
}

/// A refused request's body as the typed client would report it.
fn refusal(status: u16, body: String) -> ApiError {
    match serde_json::from_str::<Problem>(&body) {
        Ok(problem) => ApiError::Problem {
            status,
            problem: Box::new(problem),
            retry_after: None,
        },
        Err(_) => ApiError::Http { status, body },
    }
}

/// A browser API that refused, reported as a failed request.
fn script_error(error: wasm_bindgen::JsValue) -> ApiError {
    ApiError::Network(format!("{error:?}"))
}
