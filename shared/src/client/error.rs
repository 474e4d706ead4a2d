//! What can go wrong in a call, typed so that callers branch on it.

use std::time::Duration;

use super::transport::Response;
use crate::problem::{ErrorCode, Problem};

#[derive(Clone, Debug, thiserror::Error)]
pub enum ClientError {
    /// The server refused with problem+json; branch on `problem.code`.
    #[error("{status} {}: {}{}", problem.code.as_str(), problem.detail, fields(problem))]
    Problem {
        status: u16,
        problem: Box<Problem>,
        /// `Retry-After`, when the server said when to come back.
        retry_after: Option<Duration>,
    },
    /// The server answered with an error that is not problem+json (a proxy, a
    /// wrong base URL).
    #[error("HTTP {status} without a problem body: {body}")]
    Http { status: u16, body: String },
    /// No answer: the connection failed or timed out.
    #[error("network: {0}")]
    Network(String),
    /// A success whose body is not the expected type.
    #[error("unexpected body with status {status}: {detail}")]
    Decode { status: u16, detail: String },
    /// The request body could not be serialised.
    #[error("could not encode the request: {0}")]
    Encode(String),
    /// The session ended and the client has no password to sign in again.
    #[error("signed out: the refresh token expired or was revoked; sign in again")]
    SignedOut,
}

/// The invalid fields of a problem, for the error's text.
fn fields(problem: &Problem) -> String {
    problem
        .errors
        .iter()
        .map(|error| format!(" [{}: {}]", error.field, error.message))
        .collect()
}

impl ClientError {
    /// The refusal in a response that was not a success.
    pub(crate) fn from_response(response: Response) -> Self {
        let status = response.status;
        let retry_after = response
            .retry_after
            .as_deref()
            .and_then(|value| value.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        match serde_json::from_slice::<Problem>(&response.body) {
            Ok(problem) => Self::Problem {
                status,
                problem: Box::new(problem),
                retry_after,
            },
            Err(_) => Self::Http {
                status,
                body: String::from_utf8_lossy(&response.body).into_owned(),
            },
        }
    }

    /// The stable code of a problem+json refusal.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Problem { problem, .. } => Some(problem.code),
            _ => None,
        }
    }

    /// The problem body of a refusal.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Self::Problem { problem, .. } => Some(problem),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Problem { status, .. } | Self::Http { status, .. } => Some(*status),
            Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}
