//! The rate limit on the anonymous public endpoints (`/api/v1/public/…`):
//! one token bucket per client address, kept in this process's memory.
//!
//! A bucket holds up to `burst` requests and refills at `per_minute`. A
//! bucket that has had time to fill up again is the same as no bucket, so
//! such buckets are dropped now and then: the table only holds the addresses
//! seen in the last moments, and dropping them changes no answer.

use std::collections::HashMap;
use std::sync::Mutex;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};
use chrono::{DateTime, Utc};
use shared::ErrorCode;

use crate::error::ApiError;
use crate::http::ClientAddr;
use crate::i18n::Text;
use crate::state::AppState;

/// Every path under this prefix is limited, whoever registers it.
pub const PUBLIC_PREFIX: &str = "/api/v1/public/";

/// Anonymous paths outside the public prefix limited the same way: the
/// classifier's suggestions for the filing form.
pub const LIMITED_PATHS: &[&str] = &["/api/v1/classifications"];

/// The most addresses tracked at once. When that many are busy, newcomers
/// share one bucket until some fill up again, so memory stays bounded even
/// when a client invents addresses.
const MAX_TRACKED: usize = 100_000;

/// The bucket that newcomers share while the table is full.
const OVERFLOW: &str = "(overflow)";

/// Token buckets by client address.
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    max_tracked: usize,
    table: Mutex<Table>,
}

struct Table {
    buckets: HashMap<String, Bucket>,
    pruned_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: DateTime<Utc>,
}

impl RateLimiter {
    /// `per_minute` requests a minute for each address, up to `burst` at once.
    pub fn new(per_minute: u32, burst: u32) -> Self {
        Self::with_capacity(per_minute, burst, MAX_TRACKED)
    }

    fn with_capacity(per_minute: u32, burst: u32, max_tracked: usize) -> Self {
        Self {
            per_second: f64::from(per_minute.max(1)) / 60.0,
            burst: f64::from(burst.max(1)),
            max_tracked,
            table: Mutex::new(Table {
                buckets: HashMap::new(),
                pruned_at: None,
            }),
        }
    }

    /// Counts one request from `address`, or says how many whole seconds it
    /// must wait before the next one passes.
    pub fn take(&self, address: &str, now: DateTime<Utc>) -> Result<(), u64> {
        let mut table = self
            .table
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.prune_if_due(&mut table, now);

        let known = table.buckets.contains_key(address);
        let key = if known || table.buckets.len() < self.max_tracked {
            address
        } else {
            OVERFLOW
        };
        let full = Bucket {
            tokens: self.burst,
            at: now,
        };
        let bucket = table.buckets.entry(key.to_owned()).or_insert(full);
        let tokens = self.refilled(*bucket, now);
        let at = bucket.at.max(now);

        if tokens >= 1.0 {
            *bucket = Bucket {
                tokens: tokens - 1.0,
                at,
            };
            return Ok(());
        }
        *bucket = Bucket { tokens, at };
        // The tolerance keeps a float error from adding a whole second.
        let wait = ((1.0 - tokens) / self.per_second - 1e-6).ceil();
        Err((wait as u64).max(1))
    }

    /// How many addresses are tracked now.
    pub fn tracked(&self) -> usize {
        self.table
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .buckets
            .len()
    }

    fn refilled(&self, bucket: Bucket, now: DateTime<Utc>) -> f64 {
        // A clock that went back refills nothing.
        let elapsed = (now - bucket.at).num_milliseconds().max(0) as f64 / 1000.0;
        (bucket.tokens + elapsed * self.per_second).min(self.burst)
    }

    /// Drops the buckets that are full again, once per refill time.
    fn prune_if_due(&self, table: &mut Table, now: DateTime<Utc>) {
        let refill_ms = (self.burst / self.per_second * 1000.0).ceil() as i64;
        let due = table
            .pruned_at
            .is_none_or(|at| (now - at).num_milliseconds() >= refill_ms);
        if !due {
            return;
        }
        table
            .buckets
            .retain(|_, bucket| self.refilled(*bucket, now) < self.burst);
        table.pruned_at = Some(now);
    }
}

/// The middleware on the `/api/v1` scope: limits the public paths and the
/// [`LIMITED_PATHS`], and lets every other request through untouched.
pub async fn limit_public(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // The path as routed: percent-escapes of plain letters are decoded, so
    // `/api/v1/%70ublic/…` is limited like `/api/v1/public/…`.
    let routed = request.match_info().as_str();
    let public = routed.starts_with(PUBLIC_PREFIX) || LIMITED_PATHS.contains(&routed);
    let state = request.app_data::<web::Data<AppState>>().cloned();
    let Some(state) = state.filter(|_| public) else {
        return Ok(next.call(request).await?.map_into_boxed_body());
    };

    let address = ClientAddr::of(request.request()).0;
    match state.public_limit.take(&address, state.clock.now()) {
        Ok(()) => Ok(next.call(request).await?.map_into_boxed_body()),
        Err(wait) => {
            tracing::warn!(
                address,
                retry_after = wait,
                path = request.path(),
                "public request refused: over the per-address rate limit (REDRESS_PUBLIC_RATE_LIMIT)"
            );
            let response = rate_limited(wait).error_response();
            Ok(request.into_response(response))
        }
    }
}

fn rate_limited(wait: u64) -> ApiError {
    let mut error = ApiError::new(
        ErrorCode::RateLimited,
        StatusCode::TOO_MANY_REQUESTS,
        Text::new(
            format!("来自您所在网络地址的公开查询过于频繁，请 {wait} 秒后重试。"),
            format!(
                "Too many public requests from your network address; try again in {wait} seconds."
            ),
        ),
    );
    error.retry_after = Some(wait);
    error
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn start() -> DateTime<Utc> {
        "2025-03-01T08:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_burst_passes_and_the_next_request_waits_for_one_token() {
        let limiter = RateLimiter::new(60, 3);
        let now = start();

        let passed: Vec<_> = (0..3).map(|_| limiter.take("10.0.0.1", now)).collect();
        let refused = limiter.take("10.0.0.1", now);

        assert_eq!(passed, vec![Ok(()), Ok(()), Ok(())]);
        assert_eq!(refused, Err(1));
    }

    #[test]
    fn the_wait_is_the_time_one_token_takes_rounded_up() {
        let limiter = RateLimiter::new(4, 1);
        let now = start();

        assert_eq!(limiter.take("10.0.0.1", now), Ok(()));
        assert_eq!(limiter.take("10.0.0.1", now), Err(15));
        assert_eq!(
            limiter.take("10.0.0.1", now + Duration::seconds(10)),
            Err(5)
        );
        assert_eq!(
            limiter.take("10.0.0.1", now + Duration::seconds(15)),
            Ok(())
        );
    }

    #[test]
    fn addresses_are_counted_apart() {
        let limiter = RateLimiter::new(60, 1);
        let now = start();

        assert_eq!(limiter.take("10.0.0.1", now), Ok(()));
        assert!(limiter.take("10.0.0.1", now).is_err());
        assert_eq!(limiter.take("10.0.0.2", now), Ok(()));
    }

    #[test]
    fn buckets_full_again_are_dropped_and_busy_ones_kept() {
        let limiter = RateLimiter::new(60, 2);
        let now = start();
        for n in 0..50 {
            limiter.take(&format!("10.0.1.{n}"), now).unwrap();
        }
        limiter
            .take("10.0.0.9", now + Duration::seconds(1))
            .unwrap();
        limiter
            .take("10.0.0.9", now + Duration::seconds(1))
            .unwrap();

        limiter
            .take("10.0.0.1", now + Duration::seconds(2))
            .unwrap();

        assert_eq!(limiter.tracked(), 2, "the busy address and the newcomer");
    }

    #[test]
    fn newcomers_share_one_bucket_while_the_table_is_full() {
        let limiter = RateLimiter::with_capacity(60, 1, 2);
        let now = start();
        limiter.take("10.0.0.1", now).unwrap();
        limiter.take("10.0.0.2", now).unwrap();

        let first = limiter.take("10.0.0.3", now);
        let second = limiter.take("10.0.0.4", now);

        assert_eq!(first, Ok(()));
        assert_eq!(second, Err(1));
        assert_eq!(limiter.tracked(), 3);
    }

    #[test]
    fn a_clock_that_goes_back_refills_nothing() {
        let limiter = RateLimiter::new(60, 1);
        let now = start();
        limiter.take("10.0.0.1", now).unwrap();

        let earlier = limiter.take("10.0.0.1", now - Duration::seconds(30));

        assert_eq!(earlier, Err(1));
    }
}
