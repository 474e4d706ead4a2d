//! Who is signed in on this tab.
//!
//! The access token lives only in the API client's memory (see
//! [`crate::api`]). The refresh token is kept in `localStorage`, so that a
//! reload or a deep link stays signed in: on start the app spends it for a
//! new token pair, and shows its pages once that has settled. Whenever the
//! client gets a new pair the kept token is replaced; when the session ends
//! (logout, or a refresh the server refuses) it is forgotten and the tab is
//! signed out. The password is never kept anywhere.
//!
//! Pages read the session through context:
//!
//! ```ignore
//! let session = Session::expect();
//! redirect_when(move || !session.is_signed_in(), "/login");
//! let is_mediator = move || session.has_role(StaffRole::Mediator);
//! let kind = move || session.me().map(|me| me.kind);
//! ```

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::ErrorCode;
use shared::accounts::{Me, StaffRole, UserKind};
use shared::client::SessionChange;

use crate::api::{self, ApiError, auth};
use crate::storage;

/// The tab's sign-in, shared through context.
#[derive(Clone, Copy, Debug)]
pub struct Session {
    signed_in: RwSignal<bool>,
    /// False while a kept session is being resumed at start.
    settled: RwSignal<bool>,
    me: RwSignal<Option<Me>>,
    /// Why the account could not be loaded, when the session lives on.
    account_error: RwSignal<Option<ApiError>>,
}

impl Session {
    /// Makes the session available to descendants, keeps the refresh token
    /// as the client renews it, and resumes a kept session if there is one.
    pub fn provide() -> Self {
        let kept = kept_token(storage::read(storage::REFRESH_TOKEN));
        let session = Self {
            signed_in: RwSignal::new(false),
            settled: RwSignal::new(kept.is_none()),
            me: RwSignal::new(None),
            account_error: RwSignal::new(None),
        };
        provide_context(session);

        api::client().on_session_change(move |change| session.follow(change));
        if let Some(token) = kept {
            spawn_local(session.resume(token));
        }
        session
    }

    /// The instance provided by [`Session::provide`].
    pub fn expect() -> Self {
        expect_context()
    }

    /// Whether someone is signed in; reactive.
    pub fn is_signed_in(self) -> bool {
        self.signed_in.get()
    }

    /// Whether someone is signed in, read without subscribing (for event
    /// handlers and tasks).
    pub fn is_signed_in_untracked(self) -> bool {
        self.signed_in.get_untracked()
    }

    /// False while the app is still resuming a session kept from an earlier
    /// visit; the shell shows no page until then. Reactive.
    pub fn is_settled(self) -> bool {
        self.settled.get()
    }

    /// The signed-in account (kind, roles, association, business), once
    /// loaded; `None` when signed out. Reactive.
    pub fn me(self) -> Option<Me> {
        self.me.get()
    }

    /// Why the signed-in account could not be loaded (the server was not
    /// reachable), if it could not; reactive.
    pub fn account_error(self) -> Option<ApiError> {
        self.account_error.get()
    }

    /// The kind of the signed-in account; reactive.
    #[allow(dead_code, reason = "for the portal pages' guards")]
    pub fn kind(self) -> Option<UserKind> {
        self.me.with(|me| me.as_ref().map(|me| me.kind))
    }

    /// True for signed-in staff holding `role`; reactive.
    #[allow(dead_code, reason = "for the portal pages' guards")]
    pub fn has_role(self, role: StaffRole) -> bool {
        self.me.with(|me| {
            me.as_ref()
                .is_some_and(|me| me.kind == UserKind::Staff && me.roles.contains(&role))
        })
    }

    /// Marks the tab signed in, after the client kept a login's tokens, and
    /// loads the account.
    pub fn sign_in(self) {
        self.signed_in.set(true);
        spawn_local(async move {
            self.load_account().await;
        });
    }

    /// Marks the tab signed out and forgets the kept refresh token.
    pub fn sign_out(self) {
        storage::remove(storage::REFRESH_TOKEN);
        self.signed_out_here();
    }

    /// Loads the signed-in account again, for pages that changed it.
    #[allow(dead_code, reason = "for the pages that change the account")]
    pub fn reload_account(self) {
        spawn_local(async move {
            self.load_account().await;
        });
    }

    async fn resume(self, token: String) {
        match api::client().resume(&token).await {
            Ok(()) => {
                self.signed_in.set(true);
                self.load_account().await;
            }
            Err(error) => {
                leptos::logging::warn!("the kept session could not be resumed: {error}");
                self.signed_out_here();
            }
        }
        self.settled.set(true);
    }

    async fn load_account(self) {
        match auth::me().await {
            Ok(me) => {
                self.account_error.set(None);
                self.me.set(Some(me));
            }
            Err(error) if ends_session(&error) => self.sign_out(),
            Err(error) => self.account_error.set(Some(error)),
        }
    }

    /// Follows the client: keeps each new refresh token, and signs the tab
    /// out when the session ends.
    fn follow(self, change: &SessionChange) {
        match kept_after(change) {
            Some(token) => storage::write(storage::REFRESH_TOKEN, &token),
            None => self.sign_out(),
        }
    }

    fn signed_out_here(self) {
        let _ = self.signed_in.try_set(false);
        let _ = self.me.try_set(None);
    }
}

/// A stored refresh token worth trying; blank values are not.
fn kept_token(stored: Option<String>) -> Option<String> {
    stored
        .map(|token| token.trim().to_owned())
        .filter(|token| !token.is_empty())
}

/// What to keep after a change of the sign-in: the new refresh token, or
/// nothing once the session has ended.
fn kept_after(change: &SessionChange) -> Option<String> {
    match change {
        SessionChange::Renewed { refresh_token } => Some(refresh_token.clone()),
        SessionChange::Ended => None,
    }
}

/// True when an answer means the session is over rather than a passing
/// failure.
pub fn ends_session(error: &ApiError) -> bool {
    matches!(error, ApiError::SignedOut) || error.code() == Some(ErrorCode::Unauthenticated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_non_blank_stored_token_is_resumed() {
        assert_eq!(kept_token(None), None);
        assert_eq!(kept_token(Some("  ".to_owned())), None);
        assert_eq!(
            kept_token(Some("rt_1\n".to_owned())),
            Some("rt_1".to_owned())
        );
    }

    #[test]
    fn each_new_pair_replaces_the_kept_token_and_the_end_forgets_it() {
        let renewed = SessionChange::Renewed {
            refresh_token: "rt_2".to_owned(),
        };

        assert_eq!(kept_after(&renewed), Some("rt_2".to_owned()));
        assert_eq!(kept_after(&SessionChange::Ended), None);
    }

    #[test]
    fn a_refused_token_ends_the_session_but_a_lost_connection_does_not() {
        assert!(ends_session(&ApiError::SignedOut));
        assert!(!ends_session(&ApiError::Network("offline".to_owned())));
        assert!(!ends_session(&ApiError::Http {
            status: 502,
            body: String::new(),
        }));
    }
}
