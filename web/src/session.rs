//! The signed-in session: the tokens from the last login, held in memory only.
//!
//! Nothing here reaches cookies or storage, so a reload or a closed tab ends
//! the session on this side. Components read the session through [`Session`]
//! and never see where the tokens are kept.

use std::fmt;

use leptos::prelude::*;
use shared::auth::{LogoutRequest, TokenResponse};

/// A bearer token for `Authorization`; prints as `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// The value of an `Authorization` header carrying this token.
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The tokens of one login; prints without their values.
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    access: AccessToken,
    refresh: String,
}

impl Tokens {
    /// The token to send with each request.
    pub fn access(&self) -> &AccessToken {
        &self.access
    }

    /// The body of `POST /auth/logout` that ends this session on the server.
    pub fn logout_request(&self) -> LogoutRequest {
        LogoutRequest {
            refresh_token: Some(self.refresh.clone()),
        }
    }
}

impl From<TokenResponse> for Tokens {
    fn from(response: TokenResponse) -> Self {
        Self {
            access: AccessToken(response.access_token),
            refresh: response.refresh_token,
        }
    }
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Tokens([redacted])")
    }
}

/// Whether someone is signed in, shared through context.
#[derive(Clone, Copy, Debug)]
pub struct Session {
    tokens: RwSignal<Option<Tokens>>,
}

impl Session {
    /// Starts signed out and makes the session available to descendants.
    pub fn provide() -> Self {
        let session = Self {
            tokens: RwSignal::new(None),
        };
        provide_context(session);
        session
    }

    /// The instance provided by [`Session::provide`].
    pub fn expect() -> Self {
        expect_context()
    }

    /// The current tokens, if signed in; reactive.
    pub fn tokens(self) -> Option<Tokens> {
        self.tokens.get()
    }

    /// Whether someone is signed in; reactive.
    pub fn is_signed_in(self) -> bool {
        self.tokens.with(Option::is_some)
    }

    /// Keeps the tokens of a successful login.
    pub fn sign_in(self, response: TokenResponse) {
        self.tokens.set(Some(response.into()));
    }

    /// Forgets the tokens.
    pub fn sign_out(self) {
        self.tokens.set(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response() -> TokenResponse {
        TokenResponse {
            access_token: "access-secret".to_owned(),
            refresh_token: "refresh-secret".to_owned(),
            token_type: "Bearer".to_owned(),
            expires_in: 900,
        }
    }

    #[test]
    fn tokens_never_print_their_values() {
        let tokens = Tokens::from(response());

        let printed = format!("{tokens:?} {:?}", tokens.access());

        assert!(!printed.contains("secret"), "{printed}");
    }

    #[test]
    fn logout_sends_the_refresh_token() {
        let tokens = Tokens::from(response());

        let request = tokens.logout_request();

        assert_eq!(request.refresh_token.as_deref(), Some("refresh-secret"));
        assert_eq!(tokens.access().authorization(), "Bearer access-secret");
    }
}
