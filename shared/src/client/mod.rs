//! A typed client for the redress REST API (feature `client`), for
//! integrating systems, mini-program back ends, the replay tool and the SPA.
//! It speaks the same wire types as the server, from this crate.
//!
//! - Signing in keeps the token pair; an expired access token is refreshed
//!   once, transparently, and a client that was given a password signs in
//!   again when the refresh token has run out too. A browser app signs in
//!   with [`Client::login_tokens_only`], which never keeps the password,
//!   keeps the refresh token itself (told by [`Client::on_session_change`])
//!   and resumes from it with [`Client::resume`].
//! - [`Client::set_language`] picks the language of the server's messages
//!   (`Accept-Language`) for every later request.
//! - Requests that the server did not take (429, 503, a connection that
//!   failed) are retried with exponential backoff, honouring `Retry-After`.
//!   A POST is retried only when it carries an idempotency key.
//! - A refusal comes back as [`ClientError::Problem`] with the server's
//!   problem+json body, so callers branch on its stable `code`.

mod error;
mod retry;
mod session;
mod transport;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::auth::{LoginRequest, LogoutRequest, TokenResponse};
use crate::cases::{ActionRequest, Complaint, FileComplaintRequest};
use crate::complaints::ComplaintState;
use crate::warnings::{ConsumerWarning, NewConsumerWarning, SurgeAlerts};
use crate::{AssociationId, ComplaintId};

pub use error::ClientError;
pub use retry::RetryPolicy;
use session::Session;
pub use session::SessionChange;
use transport::{Http, Method, Request, Response};

use std::sync::{Arc, Mutex, PoisonError};

/// One caller of one redress server. Cheap to clone; clones share the
/// sign-in.
#[derive(Clone)]
pub struct Client {
    http: Http,
    base: String,
    retry: RetryPolicy,
    session: Session,
    /// The `Accept-Language` sent with every request, shared by clones.
    language: Arc<Mutex<Option<String>>>,
}

/// What to send: method, path below the base URL, optional JSON body and
/// idempotency key.
struct Call<'a> {
    method: Method,
    path: &'a str,
    body: Option<serde_json::Value>,
    idempotency_key: Option<&'a str>,
}

impl Client {
    /// A client for the server at `base_url`, e.g. `http://127.0.0.1:8080`.
    pub fn new(base_url: &str) -> Self {
        Self::over(base_url, Http::default())
    }

    /// The same, over a reqwest client you configured (timeouts, proxy).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_http(base_url: &str, http: reqwest::Client) -> Self {
        Self::over(base_url, Http::from(http))
    }

    fn over(base_url: &str, http: Http) -> Self {
        Self {
            http,
            base: base_url.trim_end_matches('/').to_owned(),
            retry: RetryPolicy::default(),
            session: Session::default(),
            language: Arc::default(),
        }
    }

    /// How to retry requests the server did not take.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// A client for another caller on the same server and connection pool.
    pub fn fresh(&self) -> Self {
        Self {
            http: self.http.clone(),
            base: self.base.clone(),
            retry: self.retry.clone(),
            session: Session::default(),
            language: Arc::new(Mutex::new(self.language())),
        }
    }

    /// Sends `tag` (a BCP 47 language tag such as `zh-CN` or `en`) as
    /// `Accept-Language` from now on, for this client and its clones; `None`
    /// sends none, and the server answers in Chinese.
    pub fn set_language(&self, tag: Option<&str>) {
        *self.language.lock().unwrap_or_else(PoisonError::into_inner) = tag.map(str::to_owned);
    }

    /// The language set with [`Client::set_language`].
    pub fn language(&self) -> Option<String> {
        self.language
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Calls `hook` after every change of the sign-in: each new token pair
    /// ([`SessionChange::Renewed`], with the refresh token to keep) and the
    /// end of the session ([`SessionChange::Ended`]: logout, or a refresh
    /// the server refused and no password to sign in again). Replaces any
    /// earlier hook; clones share it. The hook runs on the task that made
    /// the change and must not call the client back synchronously.
    pub fn on_session_change(&self, hook: impl Fn(&SessionChange) + Send + Sync + 'static) {
        self.session.set_hook(Some(Arc::new(hook)));
    }

    /// Signs in with a login (phone, e-mail or login name) and password, and
    /// keeps both so that the client can sign in again later.
    pub async fn login(&self, login: &str, password: &str) -> Result<TokenResponse, ClientError> {
        self.sign_in(LoginRequest {
            login: login.to_owned(),
            password: password.to_owned(),
        })
        .await
    }

    /// Signs in and keeps only the token pair, never the password: when the
    /// session can no longer be refreshed the client is signed out
    /// ([`ClientError::SignedOut`]) instead of signing in again. For apps
    /// that must not hold a password, such as the browser app.
    pub async fn login_tokens_only(
        &self,
        login: &str,
        password: &str,
    ) -> Result<TokenResponse, ClientError> {
        let request = LoginRequest {
            login: login.to_owned(),
            password: password.to_owned(),
        };
        let tokens = self.request_tokens(&request).await?;
        self.session.signed_in_tokens_only(&tokens);
        Ok(tokens)
    }

    async fn sign_in(&self, request: LoginRequest) -> Result<TokenResponse, ClientError> {
        let tokens = self.request_tokens(&request).await?;
        self.session.signed_in(&tokens, Some(request));
        Ok(tokens)
    }

    async fn request_tokens(&self, request: &LoginRequest) -> Result<TokenResponse, ClientError> {
        let call = Call::new(Method::Post, "/api/v1/auth/login").json(request)?;
        self.send_with_retries(&call).await?.decode()
    }

    /// The refresh token of the current session, to keep for a later
    /// [`Client::resume`]. It changes with every refresh: keep the latest
    /// (the hook of [`Client::on_session_change`] hears each one).
    pub fn refresh_token(&self) -> Option<String> {
        self.session.refresh_token()
    }

    /// The current access token, for requests the client cannot make itself
    /// (an upload with progress, an event stream). It may have expired:
    /// call [`Client::refresh`] when the server refuses it.
    pub fn access_token(&self) -> Option<String> {
        self.session.access_token()
    }

    /// Continues a session from a refresh token kept earlier: spends it for a
    /// new token pair at once. When the server refuses it the client is
    /// signed out ([`ClientError::SignedOut`], and the hook hears
    /// [`SessionChange::Ended`]); when the server cannot be reached the token
    /// is kept and the error returned, so that the caller may try again.
    pub async fn resume(&self, refresh_token: &str) -> Result<(), ClientError> {
        self.session.restore(refresh_token);
        self.refresh().await
    }

    /// Spends the refresh token for a new token pair now, as the client does
    /// by itself when the access token has expired.
    pub async fn refresh(&self) -> Result<(), ClientError> {
        let token = self.session.access_token();
        let _renewal = self.session.renewal().await;
        // Another request may have renewed the tokens meanwhile.
        if token.is_some() && self.session.access_token() != token {
            return Ok(());
        }
        self.renew().await
    }

    /// Uses tokens obtained elsewhere (a mini-program sign-in, a saved session).
    pub fn use_tokens(&self, tokens: &TokenResponse) {
        self.session.signed_in(tokens, None);
    }

    /// Uses an API key of a business as the bearer token.
    pub fn use_api_key(&self, key: &str) {
        self.session.use_bearer(key);
    }

    /// Ends the session on the server and forgets the tokens.
    pub async fn logout(&self) -> Result<(), ClientError> {
        let body = LogoutRequest {
            refresh_token: self.session.refresh_token(),
        };
        let result: Result<serde_json::Value, _> = self
            .send(Call::new(Method::Post, "/api/v1/auth/logout").json(&body)?)
            .await;
        self.session.forget();
        result.map(|_| ())
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        self.send(Call::new(Method::Get, path)).await
    }

    /// A GET with query parameters serialised from `query`.
    pub async fn get_query<Q: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        query: &Q,
    ) -> Result<T, ClientError> {
        let query = serde_urlencoded_pairs(query)?;
        let path = if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        };
        self.get(&path).await
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ClientError> {
        self.send(Call::new(Method::Post, path).json(body)?).await
    }

    /// A POST that the server runs once per key: safe to retry, and a repeat
    /// returns the first result.
    pub async fn post_idempotent<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        key: &str,
    ) -> Result<T, ClientError> {
        let mut call = Call::new(Method::Post, path).json(body)?;
        call.idempotency_key = Some(key);
        self.send(call).await
    }

    pub async fn put<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ClientError> {
        self.send(Call::new(Method::Put, path).json(body)?).await
    }

    /// A PATCH: the fields of `body` change, the others stay.
    pub async fn patch<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ClientError> {
        self.send(Call::new(Method::Patch, path).json(body)?).await
    }

    pub async fn delete(&self, path: &str) -> Result<(), ClientError> {
        let _: serde_json::Value = self.send(Call::new(Method::Delete, path)).await?;
        Ok(())
    }

    /// Files a complaint once per `key`.
    pub async fn file_complaint(
        &self,
        complaint: &FileComplaintRequest,
        key: &str,
    ) -> Result<Complaint, ClientError> {
        self.post_idempotent("/api/v1/complaints", complaint, key)
            .await
    }

    pub async fn complaint(&self, id: ComplaintId) -> Result<Complaint, ClientError> {
        self.get(&format!("/api/v1/complaints/{id}")).await
    }

    /// Takes a step on a complaint (accept, make an offer, withdraw…).
    pub async fn act(
        &self,
        id: ComplaintId,
        action: &ActionRequest,
    ) -> Result<Complaint, ClientError> {
        self.post(&format!("/api/v1/complaints/{id}/actions"), action)
            .await
    }

    /// The complaint's state, for callers that wait on it.
    pub async fn state(&self, id: ComplaintId) -> Result<ComplaintState, ClientError> {
        Ok(self.complaint(id).await?.state)
    }

    /// The complaint surges of an association, with their evidence (its
    /// staff and platform admins).
    pub async fn surge_alerts(
        &self,
        association: AssociationId,
    ) -> Result<SurgeAlerts, ClientError> {
        self.get(&format!("/api/v1/associations/{association}/alerts"))
            .await
    }

    /// Issues a consumer warning (消费警示) for the association; it is
    /// public at once.
    pub async fn issue_warning(
        &self,
        association: AssociationId,
        warning: &NewConsumerWarning,
    ) -> Result<ConsumerWarning, ClientError> {
        self.post(
            &format!("/api/v1/associations/{association}/warnings"),
            warning,
        )
        .await
    }

    async fn send<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, ClientError> {
        self.send_signed_in(&call).await?.decode()
    }

    /// Sends, refreshing or signing in again once if the token expired. A
    /// session can also end in the minutes between a refresh and the next
    /// request (it lives 30 days from sign-in, however often it is
    /// refreshed): then a client with a password signs in once more.
    async fn send_signed_in(&self, call: &Call<'_>) -> Result<Response, ClientError> {
        let token = self.session.access_token();
        let refused = match self.send_with_retries(call).await {
            Err(error @ ClientError::Problem { status: 401, .. }) => error,
            other => return other,
        };
        if !self.session.can_renew() {
            return Err(refused);
        }

        {
            let _renewal = self.session.renewal().await;
            // Another request may have renewed the tokens meanwhile.
            if self.session.access_token() == token {
                self.renew().await?;
            }
        }
        let token = self.session.access_token();
        match self.send_with_retries(call).await {
            Err(ClientError::Problem { status: 401, .. })
                if self.session.credentials().is_some() =>
            {
                let _renewal = self.session.renewal().await;
                if self.session.access_token() == token {
                    self.sign_in_again().await?;
                }
                self.send_with_retries(call).await
            }
            other => other,
        }
    }

    async fn send_with_retries(&self, call: &Call<'_>) -> Result<Response, ClientError> {
        let mut attempt = 0;
        loop {
            let result = self.send_once(call).await;
            let wait = match &result {
                Err(error) if call.retryable() => self.retry.wait(attempt, error),
                _ => None,
            };
            match wait {
                Some(wait) => {
                    retry::sleep(wait).await;
                    attempt += 1;
                }
                None => return result,
            }
        }
    }

    async fn send_once(&self, call: &Call<'_>) -> Result<Response, ClientError> {
        let mut headers = vec![("accept", "application/json".to_owned())];
        if let Some(language) = self.language() {
            headers.push(("accept-language", language));
        }
        if let Some(token) = self.session.access_token() {
            headers.push(("authorization", format!("Bearer {token}")));
        }
        if let Some(key) = call.idempotency_key {
            headers.push(("idempotency-key", key.to_owned()));
        }
        let request = Request {
            method: call.method,
            url: format!("{}{}", self.base, call.path),
            headers,
            json: call.body.as_ref(),
        };

        let response = self.http.send(request).await?;
        if response.is_success() {
            return Ok(response);
        }
        Err(ClientError::from_response(response))
    }

    /// A new token pair: by the refresh token, else by signing in again.
    async fn renew(&self) -> Result<(), ClientError> {
        if let Some(refresh) = self.session.refresh_request() {
            let refreshed = self
                .send_with_retries(&Call::new(Method::Post, "/api/v1/auth/refresh").json(&refresh)?)
                .await;
            match refreshed {
                Ok(response) => {
                    let tokens: TokenResponse = response.decode()?;
                    self.session.refreshed(&tokens);
                    return Ok(());
                }
                // The server did not judge the token: keep it for another try.
                Err(error) if is_transient(&error) => return Err(error),
                Err(_) => {}
            }
        }

        self.sign_in_again().await
    }

    async fn sign_in_again(&self) -> Result<(), ClientError> {
        let Some(credentials) = self.session.credentials() else {
            self.session.forget();
            return Err(ClientError::SignedOut);
        };
        self.sign_in(credentials).await.map(|_| ())
    }
}

/// A failure that says nothing about the request itself: no answer, or a
/// server that was busy or broken.
fn is_transient(error: &ClientError) -> bool {
    match error {
        ClientError::Network(_) => true,
        ClientError::Problem { status, .. } | ClientError::Http { status, .. } => {
            *status == 429 || *status >= 500
        }
        _ => false,
    }
}

impl<'a> Call<'a> {
    fn new(method: Method, path: &'a str) -> Self {
        Self {
            method,
            path,
            body: None,
            idempotency_key: None,
        }
    }

    fn json<B: Serialize>(mut self, body: &B) -> Result<Self, ClientError> {
        self.body = Some(
            serde_json::to_value(body).map_err(|error| ClientError::Encode(error.to_string()))?,
        );
        Ok(self)
    }

    /// GET, PUT and DELETE are idempotent; a POST only with a key.
    fn retryable(&self) -> bool {
        self.method != Method::Post || self.idempotency_key.is_some()
    }
}

/// `a=1&b=x` from a serialisable struct of plain fields.
fn serde_urlencoded_pairs<Q: Serialize>(query: &Q) -> Result<String, ClientError> {
    let value =
        serde_json::to_value(query).map_err(|error| ClientError::Encode(error.to_string()))?;
    let Some(fields) = value.as_object() else {
        return Err(ClientError::Encode(
            "query parameters must be a struct".to_owned(),
        ));
    };
    let mut pairs = Vec::new();
    for (name, value) in fields {
        let text = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        pairs.push(format!("{}={}", encode(name), encode(&text)));
    }
    Ok(pairs.join("&"))
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                encoded.push(byte as char)
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}
