//! How a failed call is told to the user.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{I18n, Key, Language};

/// A banner saying what went wrong and, when the server gave one, the request
/// id to quote to an operator.
#[component]
pub fn ErrorNotice(error: ApiError) -> impl IntoView {
    let i18n = I18n::expect();
    let request_id = error
        .problem()
        .and_then(|problem| problem.request_id.clone());

    view! {
        <div class="notice error" role="alert">
            <p>{move || message(&error, i18n.language())}</p>
            {request_id.map(|id| view! {
                <p class="request-id">{move || i18n.tr(Key::RequestId)} <code>{id}</code></p>
            })}
        </div>
    }
}

/// The sentence for `error`: the server's own detail when it sent a problem,
/// otherwise one of ours.
fn message(error: &ApiError, language: Language) -> String {
    match error {
        ApiError::Problem { problem, .. } => problem.detail.clone(),
        ApiError::Network(_) => language.text(Key::ErrorNetwork).to_owned(),
        ApiError::SignedOut => language.text(Key::ErrorSignedOut).to_owned(),
        ApiError::Http { status, .. } | ApiError::Decode { status, .. } => language
            .text(Key::ErrorUnexpected)
            .replace("{status}", &status.to_string()),
        ApiError::Encode(_) => language.text(Key::ErrorUnexpected).replace("{status}", "-"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_answer_names_its_status() {
        let error = ApiError::Http {
            status: 501,
            body: String::new(),
        };

        let text = message(&error, Language::En);

        assert!(text.contains("HTTP 501"), "{text}");
    }
}
