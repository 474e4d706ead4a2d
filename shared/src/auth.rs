//! Registration, login and tokens.

use serde::{Deserialize, Serialize};

/// A consumer registers with a mainland mobile number or an e-mail address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// Mainland mobile number, 11 digits starting with 1; `+86` and spaces are allowed.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "13800138000",
            pattern = r"^$|^[ \u3000-]*((\+|0[ \u3000-]*0)[ \u3000-]*8[ \u3000-]*6[ \u3000-]*)?1[ \u3000-]*[3-9]([ \u3000-]*[0-9]){9}[ \u3000-]*$"
        )
    )]
    pub phone: Option<String>,
    /// E-mail address, when no phone number is given.
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: Option<String>,
    /// 8 to 128 characters mixing letters with digits or symbols.
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128))]
    pub password: String,
    /// The name shown to the business and the association, 1 to 50 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "王女士",
            min_length = 1,
            max_length = 50,
            pattern = r"^[^\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]*$"
        )
    )]
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
    /// 8 to 128 characters mixing letters with digits or symbols.
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128))]
    pub new_password: String,
}
