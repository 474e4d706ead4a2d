//! When to try a request again: after 429 or 503, or when no answer came,
//! with exponential backoff that a `Retry-After` overrides.

use std::time::Duration;

use super::ClientError;

#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Tries after the first; 0 turns retrying off.
    pub retries: u32,
    /// The wait before the first retry; it doubles each time.
    pub first_wait: Duration,
    /// No wait is longer than this, whatever `Retry-After` says.
    pub longest_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            retries: 5,
            first_wait: Duration::from_millis(200),
            longest_wait: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries, for callers that handle failures themselves.
    pub fn none() -> Self {
        Self {
            retries: 0,
            ..Self::default()
        }
    }

    /// How long to wait before retry number `attempt` (from 0), or `None`
    /// when this error is final or the retries are used up.
    pub fn wait(&self, attempt: u32, error: &ClientError) -> Option<Duration> {
        if attempt >= self.retries {
            return None;
        }
        let backoff = self.first_wait.saturating_mul(2u32.saturating_pow(attempt));
        let wait = match error {
            ClientError::Problem {
                status: 429 | 503,
                retry_after,
                ..
            } => retry_after.unwrap_or(backoff),
            ClientError::Http {
                status: 429 | 502 | 503 | 504,
                ..
            } => backoff,
            ClientError::Network(_) => backoff,
            _ => return None,
        };
        Some(wait.min(self.longest_wait))
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) async fn sleep(wait: Duration) {
    tokio::time::sleep(wait).await;
}

#[cfg(target_arch = "wasm32")]
pub(crate) async fn sleep(wait: Duration) {
    gloo_timers::future::sleep(wait).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{ErrorCode, Problem};

    fn refused(status: u16, code: ErrorCode, retry_after: Option<u64>) -> ClientError {
        ClientError::Problem {
            status,
            problem: Box::new(Problem {
                kind: format!("/problems/{}", code.as_str()),
                title: String::new(),
                status,
                detail: String::new(),
                code,
                request_id: None,
                errors: Vec::new(),
            }),
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    #[test]
    fn backoff_doubles_and_retry_after_wins_up_to_the_longest_wait() {
        let policy = RetryPolicy::default();
        let network = ClientError::Network("refused".into());

        assert_eq!(policy.wait(0, &network), Some(Duration::from_millis(200)));
        assert_eq!(policy.wait(2, &network), Some(Duration::from_millis(800)));
        assert_eq!(policy.wait(5, &network), None);
        assert_eq!(
            policy.wait(0, &refused(429, ErrorCode::RateLimited, Some(7))),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            policy.wait(0, &refused(503, ErrorCode::ServiceUnavailable, Some(3600))),
            Some(Duration::from_secs(30))
        );
    }

    #[test]
    fn a_refusal_on_the_merits_is_not_retried() {
        let policy = RetryPolicy::default();

        assert_eq!(
            policy.wait(0, &refused(422, ErrorCode::ValidationFailed, None)),
            None
        );
        assert_eq!(
            policy.wait(0, &refused(409, ErrorCode::InvalidTransition, None)),
            None
        );
        assert_eq!(
            RetryPolicy::none().wait(0, &ClientError::Network(String::new())),
            None
        );
    }
}
