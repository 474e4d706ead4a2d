//! Registration, login and tokens.

use serde::{Deserialize, Serialize};

/// A consumer registers with a mainland mobile number or an e-mail address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// Mainland mobile number, 11 digits starting with 1; `+86` and spaces are allowed.
    #[cfg_attr(feature = "openapi", schema(example = "13800138000"))]
    pub phone: Option<String>,
    /// E-mail address, when no phone number is given.
    pub email: Option<String>,
    /// At least 8 characters mixing letters with digits or symbols.
    pub password: String,
    /// The name shown to the business and the association, 1 to 50 characters.
    #[cfg_attr(feature = "openapi", schema(example = "王女士"))]
    pub display_name: String,
}

/// Log in with a phone number, e-mail address or staff login name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[cfg_attr(feature = "openapi", schema(example = "13800138000"))]
    pub login: String,
    pub password: String,
}

/// Exchange a refresh token for a new pair; the old refresh token stops working.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Ends the session that the refresh token belongs to. Without a body, the
/// session of the bearer token ends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LogoutRequest {
    pub refresh_token: Option<String>,
}

/// Tokens issued by login and refresh.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// A JWT to send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// An opaque token for `POST /api/v1/auth/refresh`; single use.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
}

/// Change one's own password; every other session of the account ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}
