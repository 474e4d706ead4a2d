//! The signed-in caller's tokens, shared by a client's clones. The access
//! token stays in memory only.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::auth::{LoginRequest, RefreshRequest, TokenResponse};

#[derive(Clone, Default)]
pub(crate) struct Session {
    tokens: Arc<Mutex<Tokens>>,
    /// Held while new tokens are fetched: two requests that find the access
    /// token expired at once must not both spend the refresh token (the
    /// server ends a session whose refresh token is used twice).
    renewing: Arc<tokio::sync::Mutex<()>>,
}

#[derive(Default)]
struct Tokens {
    access: Option<String>,
    refresh: Option<String>,
    credentials: Option<LoginRequest>,
}

impl Session {
    fn lock(&self) -> MutexGuard<'_, Tokens> {
        self.tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn signed_in(&self, tokens: &TokenResponse, credentials: Option<LoginRequest>) {
        let mut held = self.lock();
        held.access = Some(tokens.access_token.clone());
        held.refresh = Some(tokens.refresh_token.clone());
        if credentials.is_some() {
            held.credentials = credentials;
        }
    }

    pub fn refreshed(&self, tokens: &TokenResponse) {
        let mut held = self.lock();
        held.access = Some(tokens.access_token.clone());
        held.refresh = Some(tokens.refresh_token.clone());
    }

    pub fn use_bearer(&self, token: &str) {
        let mut held = self.lock();
        *held = Tokens {
            access: Some(token.to_owned()),
            ..Tokens::default()
        };
    }

    pub fn forget(&self) {
        *self.lock() = Tokens::default();
    }

    pub fn access_token(&self) -> Option<String> {
        self.lock().access.clone()
    }

    pub fn refresh_token(&self) -> Option<String> {
        self.lock().refresh.clone()
    }

    pub fn refresh_request(&self) -> Option<RefreshRequest> {
        self.refresh_token()
            .map(|refresh_token| RefreshRequest { refresh_token })
    }

    pub fn credentials(&self) -> Option<LoginRequest> {
        self.lock().credentials.clone()
    }

    /// Waits for any renewal in progress; renew while holding the guard.
    pub async fn renewal(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.renewing.lock().await
    }

    /// A refresh token or a password to get a new access token with.
    pub fn can_renew(&self) -> bool {
        let held = self.lock();
        held.refresh.is_some() || held.credentials.is_some()
    }
}
