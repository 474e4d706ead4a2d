//! Signing in and out, and the signed-in account.

use shared::accounts::Me;
use shared::auth::{LoginRequest, TokenResponse};

use super::{ApiError, client, path};

/// `POST /auth/login`: exchanges a login and password for tokens, which the
/// client keeps; the password is not kept (the session lives on through its
/// refresh token, see [`crate::session`]).
pub async fn login(request: &LoginRequest) -> Result<TokenResponse, ApiError> {
    client()
        .login_tokens_only(&request.login, &request.password)
        .await
}

/// `GET /me`: the signed-in account.
pub async fn me() -> Result<Me, ApiError> {
    client().get(&path("/me")).await
}

/// `POST /auth/logout`: ends the session on the server and forgets it here.
pub async fn logout() -> Result<(), ApiError> {
    client().logout().await
}

/// `POST /auth/register`: creates a consumer account; it can log in at once.
pub async fn register(request: &shared::auth::RegisterRequest) -> Result<Me, ApiError> {
    client().post(&path("/auth/register"), request).await
}
