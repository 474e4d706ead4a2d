//! The SPA's way to the redress API: the typed client from `shared` (feature
//! `client`), one per tab, plus one module per API resource with a function
//! per endpoint. Pages call those functions and never build URLs themselves.
//!
//! The client keeps the tokens, refreshes an expired access token
//! transparently and turns problem+json into [`ApiError::Problem`].

pub mod auth;
pub mod bundles;
pub mod businesses;
pub mod classification;
pub mod complaints;
pub mod dashboard;
pub mod enquiries;
pub mod evidence;
pub mod groups;
pub mod guidance;
pub mod joining;
pub mod notifications;
pub mod organisations;
pub mod public;
pub mod publication;
pub mod publicity;
pub mod regions;
pub mod taxonomy;
pub mod team;
pub mod warnings;
pub mod webhooks;

use std::cell::OnceCell;

use shared::client::Client;

/// Why a call did not give the expected answer: the shared client's error.
pub type ApiError = shared::client::ClientError;

/// Where the API lives below the origin that served the app.
pub const BASE: &str = "/api/v1";

thread_local! {
    static CLIENT: OnceCell<Client> = const { OnceCell::new() };
}

/// The tab's one client; clones share the sign-in.
pub fn client() -> Client {
    CLIENT.with(|cell| cell.get_or_init(|| Client::new(&origin())).clone())
}

/// `https://host:port` of the page, which is also the API's origin.
fn origin() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default()
}

/// `/api/v1{path}`, the form every endpoint function passes to the client.
pub fn path(path: &str) -> String {
    format!("{BASE}{path}")
}

/// The server's messages about one field of the request, if any.
pub fn field_message(error: &ApiError, field: &str) -> Option<String> {
    let problem = error.problem()?;
    let messages: Vec<&str> = problem
        .errors
        .iter()
        .filter(|error| error.field == field)
        .map(|error| error.message.as_str())
        .collect();
    (!messages.is_empty()).then(|| messages.join(" "))
}
