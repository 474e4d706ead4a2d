//! The error body of every failed request: RFC 9457 problem details with a
//! stable machine `code` that clients branch on and translate.

use serde::{Deserialize, Serialize};

/// Stable machine codes. Clients branch on these, never on the message text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// One or more fields are invalid; see `errors`.
    ValidationFailed,
    /// The body is not valid JSON.
    MalformedJson,
    /// The body is not `application/json` (or multipart where a file is expected).
    UnsupportedMediaType,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// No bearer token, or one that is invalid, expired or revoked.
    Unauthenticated,
    /// Login or password wrong.
    InvalidCredentials,
    /// Too many failed logins; wait and try again.
    LoginThrottled,
    /// The refresh token is unknown, expired or already used.
    InvalidRefreshToken,
    /// The caller may not do this.
    Forbidden,
    /// No such resource.
    NotFound,
    /// The method is not allowed on this path.
    MethodNotAllowed,
    /// The resource already exists (for example a phone number already registered).
    Conflict,
    /// The business with this credit code is a member of the platform already.
    AlreadyMember,
    /// The complaint is published already: consent can no longer be withdrawn,
    /// and a business comments on it only once.
    AlreadyPublished,
    /// The complaint is not published, so there is nothing public to change.
    NotPublished,
    /// An application for this credit code (or by this account) awaits a decision already.
    ApplicationOpen,
    /// The action is not allowed in the resource's current state.
    InvalidTransition,
    /// Only member businesses (入驻企业) may do this; the business has to join first.
    MembershipRequired,
    /// `If-Match` names a version that is no longer current; reload and retry.
    PreconditionFailed,
    /// The `Idempotency-Key` was used before with a different request.
    IdempotencyKeyReused,
    /// Too many requests.
    RateLimited,
    /// The server was not started in demo mode, so its clock follows the system time.
    DemoModeOff,
    /// The demo clock may not go back before an event already recorded.
    ClockBackwards,
    /// This server does not offer sign-in with that mini-program platform.
    MiniProgramNotOffered,
    /// The mini-program platform did not answer, or not usably; try again shortly.
    ProviderUnavailable,
    /// The platform refused the mini-program's login code: invalid, expired
    /// or used; get a fresh one and try again.
    InvalidLoginCode,
    /// The binding ticket is unknown, expired or already used; sign in with
    /// the mini-program again for a new one.
    InvalidBindingTicket,
    /// The account, or the mini-program user, is bound to another one already.
    AlreadyBound,
    /// A case bundle fails its check (digest, timeline chain or evidence
    /// hash); the problem lists each break. Ask the sender for a fresh export.
    BundleBroken,
    /// A dependency (the database) is not reachable.
    ServiceUnavailable,
    /// Something went wrong on the server; the request id helps the operator find it.
    Internal,
}

impl ErrorCode {
    /// The code as it appears on the wire, for example `validation_failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ValidationFailed => "validation_failed",
            Self::MalformedJson => "malformed_json",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid_credentials",
            Self::LoginThrottled => "login_throttled",
            Self::InvalidRefreshToken => "invalid_refresh_token",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict => "conflict",
            Self::AlreadyPublished => "already_published",
            Self::NotPublished => "not_published",
            Self::AlreadyMember => "already_member",
            Self::ApplicationOpen => "application_open",
            Self::InvalidTransition => "invalid_transition",
            Self::MembershipRequired => "membership_required",
            Self::PreconditionFailed => "precondition_failed",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::RateLimited => "rate_limited",
            Self::DemoModeOff => "demo_mode_off",
            Self::ClockBackwards => "clock_backwards",
            Self::MiniProgramNotOffered => "mini_program_not_offered",
            Self::ProviderUnavailable => "provider_unavailable",
            Self::InvalidLoginCode => "invalid_login_code",
            Self::InvalidBindingTicket => "invalid_binding_ticket",
            Self::AlreadyBound => "already_bound",
            Self::BundleBroken => "bundle_broken",
            Self::ServiceUnavailable => "service_unavailable",
            Self::Internal => "internal",
        }
    }
}

/// One invalid field of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as sent, dotted for nested fields (`business.name`).
    pub field: String,
    /// Why it is invalid, stable: `required`, `too_short`, `invalid_format`…
    pub code: String,
    /// A sentence for people, in the language the request asked for.
    pub message: String,
}

/// `application/problem+json` (RFC 9457).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type, `/problems/<code>` on this server.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this request and what to do about it.
    pub detail: String,
    /// The stable machine code.
    pub code: ErrorCode,
    /// The request id, to quote to an operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Invalid fields, for `validation_failed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_wire_names() {
        for code in [
            ErrorCode::ValidationFailed,
            ErrorCode::LoginThrottled,
            ErrorCode::Internal,
        ] {
            let json = serde_json::to_value(code).unwrap();

            assert_eq!(json, serde_json::Value::String(code.as_str().to_owned()));
        }
    }
}
