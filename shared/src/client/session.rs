//! The signed-in caller's tokens, shared by a client's clones. The access
//! token stays in memory only; whoever wants to keep the refresh token (a
//! browser's storage, a file) hears of every new one through the hook.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::auth::{LoginRequest, RefreshRequest, TokenResponse};

/// What changed in a client's sign-in, as told to the hook set with
/// [`Client::on_session_change`](super::Client::on_session_change).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionChange {
    /// A new token pair: after signing in, refreshing or resuming. The old
    /// refresh token no longer works; keep this one instead.
    Renewed {
        /// The refresh token to keep for the next start.
        refresh_token: String,
    },
    /// The session is over: logged out, or it could not be renewed. Forget
    /// the refresh token you kept.
    Ended,
}

/// Called after every [`SessionChange`], outside the client's locks.
pub(crate) type Hook = Arc<dyn Fn(&SessionChange) + Send + Sync>;

#[derive(Clone, Default)]
pub(crate) struct Session {
    tokens: Arc<Mutex<Tokens>>,
    hook: Arc<Mutex<Option<Hook>>>,
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

    pub fn set_hook(&self, hook: Option<Hook>) {
        *self
            .hook
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = hook;
    }

    fn tell(&self, change: SessionChange) {
        let hook = self
            .hook
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        if let Some(hook) = hook {
            hook(&change);
        }
    }

    /// Keeps a new token pair; with `credentials`, also the password to sign
    /// in again with (none keeps what was there).
    pub fn signed_in(&self, tokens: &TokenResponse, credentials: Option<LoginRequest>) {
        {
            let mut held = self.lock();
            held.access = Some(tokens.access_token.clone());
            held.refresh = Some(tokens.refresh_token.clone());
            if credentials.is_some() {
                held.credentials = credentials;
            }
        }
        self.tell(SessionChange::Renewed {
            refresh_token: tokens.refresh_token.clone(),
        });
    }

    /// Keeps a new token pair and forgets any password: the session lasts
    /// only as long as its refresh tokens.
    pub fn signed_in_tokens_only(&self, tokens: &TokenResponse) {
        self.lock().credentials = None;
        self.signed_in(tokens, None);
    }

    pub fn refreshed(&self, tokens: &TokenResponse) {
        self.signed_in(tokens, None);
    }

    /// Starts from a refresh token kept from an earlier run; no access token
    /// until it is spent.
    pub fn restore(&self, refresh_token: &str) {
        *self.lock() = Tokens {
            refresh: Some(refresh_token.to_owned()),
            ..Tokens::default()
        };
    }

    pub fn use_bearer(&self, token: &str) {
        let mut held = self.lock();
        *held = Tokens {
            access: Some(token.to_owned()),
            ..Tokens::default()
        };
    }

    /// Forgets the tokens and the password; the hook hears that the session
    /// ended if there was one.
    pub fn forget(&self) {
        let had_session = {
            let mut held = self.lock();
            let had_session = held.refresh.is_some() || held.credentials.is_some();
            *held = Tokens::default();
            had_session
        };
        if had_session {
            self.tell(SessionChange::Ended);
        }
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
