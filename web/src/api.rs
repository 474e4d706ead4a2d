//! The one client of the redress API: one request function, one function per
//! endpoint, and one error type that carries the server's problem details.

use gloo_net::http::{Method, Request, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::accounts::Me;
use shared::auth::{LoginRequest, LogoutRequest, TokenResponse};
use shared::{ErrorCode, Problem};

use crate::i18n::Language;
use crate::session::AccessToken;

/// Where the API lives, on the origin that served the app.
const BASE: &str = "/api/v1";

/// Why a call did not give the expected answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server answered with `application/problem+json`.
    Problem(Box<Problem>),
    /// No answer: the request could not be sent or the connection failed.
    Network,
    /// An answer that is neither the expected body nor a problem, such as a
    /// proxy's error page.
    UnexpectedResponse {
        /// The HTTP status of that answer.
        status: u16,
    },
}

impl ApiError {
    /// The server's machine code, when it sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Problem(problem) => Some(problem.code),
            _ => None,
        }
    }

    /// The server's message about one field of the request, if any.
    pub fn field_message(&self, field: &str) -> Option<String> {
        let Self::Problem(problem) = self else {
            return None;
        };
        let messages: Vec<&str> = problem
            .errors
            .iter()
            .filter(|error| error.field == field)
            .map(|error| error.message.as_str())
            .collect();
        (!messages.is_empty()).then(|| messages.join(" "))
    }
}

/// `POST /auth/login`: exchanges a login and password for tokens.
pub async fn login(language: Language, request: &LoginRequest) -> Result<TokenResponse, ApiError> {
    let call = Call::new(Method::POST, "/auth/login", language).json(request);
    send(call).await?.json()
}

/// `GET /me`: the signed-in account.
pub async fn me(language: Language, token: &AccessToken) -> Result<Me, ApiError> {
    let call = Call::new(Method::GET, "/me", language).bearer(token);
    send(call).await?.json()
}

/// `POST /auth/logout`: ends the session that the refresh token belongs to.
pub async fn logout(
    language: Language,
    token: &AccessToken,
    request: &LogoutRequest,
) -> Result<(), ApiError> {
    let call = Call::new(Method::POST, "/auth/logout", language)
        .bearer(token)
        .json(request);
    send(call).await?.empty()
}

/// One request, described before it is sent.
struct Call {
    method: Method,
    path: &'static str,
    language: Language,
    authorization: Option<String>,
    body: Option<String>,
}

impl Call {
    fn new(method: Method, path: &'static str, language: Language) -> Self {
        Self {
            method,
            path,
            language,
            authorization: None,
            body: None,
        }
    }

    fn bearer(self, token: &AccessToken) -> Self {
        Self {
            authorization: Some(token.authorization()),
            ..self
        }
    }

    /// Our request types are plain structs of strings, which always serialise;
    /// a failure would leave the body off and the server would say so.
    fn json(self, body: &impl Serialize) -> Self {
        Self {
            body: serde_json::to_string(body).ok(),
            ..self
        }
    }

    fn into_request(self) -> Result<Request, gloo_net::Error> {
        let mut builder = RequestBuilder::new(&format!("{BASE}{}", self.path))
            .method(self.method)
            .header("Accept", "application/json, application/problem+json")
            .header("Accept-Language", self.language.tag());
        if let Some(value) = &self.authorization {
            builder = builder.header("Authorization", value);
        }
        match self.body {
            Some(json) => builder
                .header("Content-Type", "application/json")
                .body(json),
            None => builder.build(),
        }
    }
}

/// The one request function: sends `call` and reads the whole answer.
async fn send(call: Call) -> Result<Reply, ApiError> {
    let request = call.into_request().map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;

    Ok(Reply {
        status: response.status(),
        content_type: response.headers().get("Content-Type").unwrap_or_default(),
        body: response.text().await.map_err(|_| ApiError::Network)?,
    })
}

/// An answer from the server, read to the end.
#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: String,
    body: String,
}

impl Reply {
    fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as `T`, or the error the answer stands for.
    fn json<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        if !self.is_success() {
            return Err(self.into_error());
        }
        serde_json::from_str(&self.body).map_err(|_| ApiError::UnexpectedResponse {
            status: self.status,
        })
    }

    /// Success without a body, or the error the answer stands for.
    fn empty(self) -> Result<(), ApiError> {
        if self.is_success() {
            Ok(())
        } else {
            Err(self.into_error())
        }
    }

    fn into_error(self) -> ApiError {
        let unexpected = ApiError::UnexpectedResponse {
            status: self.status,
        };
        if !self.content_type.starts_with("application/problem+json") {
            return unexpected;
        }
        serde_json::from_str(&self.body)
            .map(|problem| ApiError::Problem(Box::new(problem)))
            .unwrap_or(unexpected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROBLEM: &str = r#"{
        "type": "/problems/validation_failed",
        "title": "Validation failed",
        "status": 422,
        "detail": "请检查标出的字段。",
        "code": "validation_failed",
        "request_id": "r-1",
        "errors": [
            {"field": "password", "code": "required", "message": "请输入密码。"},
            {"field": "password", "code": "too_short", "message": "至少 8 位。"}
        ]
    }"#;

    fn reply(status: u16, content_type: &str, body: &str) -> Reply {
        Reply {
            status,
            content_type: content_type.to_owned(),
            body: body.to_owned(),
        }
    }

    #[test]
    fn a_problem_body_becomes_a_typed_problem() {
        let answer = reply(422, "application/problem+json; charset=utf-8", PROBLEM);

        let error = answer.json::<TokenResponse>().unwrap_err();

        assert_eq!(error.code(), Some(ErrorCode::ValidationFailed));
        assert_eq!(
            error.field_message("password").as_deref(),
            Some("请输入密码。 至少 8 位。")
        );
        assert_eq!(error.field_message("login"), None);
    }

    #[test]
    fn an_html_error_page_is_an_unexpected_response() {
        let answer = reply(502, "text/html", "<h1>Bad Gateway</h1>");

        let error = answer.empty().unwrap_err();

        assert_eq!(error, ApiError::UnexpectedResponse { status: 502 });
    }

    #[test]
    fn a_success_with_the_wrong_body_is_an_unexpected_response() {
        let answer = reply(200, "text/html", "<!doctype html>");

        let error = answer.json::<Me>().unwrap_err();

        assert_eq!(error, ApiError::UnexpectedResponse { status: 200 });
    }

    #[test]
    fn a_token_response_is_read_from_a_success() {
        let body =
            r#"{"access_token":"a","refresh_token":"r","token_type":"Bearer","expires_in":900}"#;

        let tokens = reply(200, "application/json", body)
            .json::<TokenResponse>()
            .unwrap();

        assert_eq!(tokens.expires_in, 900);
    }

    #[test]
    fn no_content_is_a_success() {
        assert_eq!(reply(204, "", "").empty(), Ok(()));
    }
}
