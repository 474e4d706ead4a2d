//! Login throttling, per account and per client address. After a few failures
//! each further attempt must wait longer; after more, the key is locked for a
//! while. Counters live in the database so that every replica sees them.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};
use shared::ErrorCode;

use crate::entities::login_failures;
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::state::AppState;

/// How failures are counted for one kind of key.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Failures allowed before each attempt must wait.
    pub free: i32,
    /// Failures after which the key is locked for `lock`.
    pub lock_after: i32,
    pub lock: Duration,
    /// Failures older than this are forgotten.
    pub window: Duration,
}

pub const ACCOUNT: Rule = Rule {
    free: 5,
    lock_after: 10,
    lock: Duration::minutes(15),
    window: Duration::minutes(15),
};

pub const ADDRESS: Rule = Rule {
    free: 20,
    lock_after: 50,
    lock: Duration::minutes(15),
    window: Duration::minutes(15),
};

/// The keys a login attempt counts against.
pub fn keys(login: &str, address: &str) -> [(String, Rule); 2] {
    [
        (format!("account:{}", login.trim().to_lowercase()), ACCOUNT),
        (format!("address:{address}"), ADDRESS),
    ]
}

/// Refuses the attempt while any of its keys must wait.
pub async fn check(state: &AppState, keys: &[(String, Rule)]) -> ApiResult<()> {
    let now = state.clock.now();
    for (key, _) in keys {
        let row = login_failures::Entity::find_by_id(key.clone())
            .one(&state.db)
            .await?;
        if let Some(until) = row
            .and_then(|r| r.locked_until)
            .filter(|until| *until > now)
        {
            return Err(throttled(until, now));
        }
    }
    Ok(())
}

/// Counts a failure against every key; says how long the caller must now wait.
pub async fn record_failure(
    state: &AppState,
    keys: &[(String, Rule)],
) -> ApiResult<Option<DateTime<Utc>>> {
    let now = state.clock.now();
    let mut wait_until = None;
    for (key, rule) in keys {
        let row = login_failures::Entity::find_by_id(key.clone())
            .one(&state.db)
            .await?;
        let fresh = row
            .as_ref()
            .is_none_or(|r| now - r.last_failure_at > rule.window);
        let failures = if fresh {
            1
        } else {
            row.as_ref().map_or(1, |r| r.failures + 1)
        };
        let locked_until = wait(rule, failures).map(|d| now + d);
        let model = login_failures::ActiveModel {
            key: Set(key.clone()),
            failures: Set(failures),
            first_failure_at: Set(if fresh {
                now
            } else {
                row.as_ref().map_or(now, |r| r.first_failure_at)
            }),
            last_failure_at: Set(now),
            locked_until: Set(locked_until),
        };
        if row.is_some() {
            login_failures::Entity::update(model)
                .exec(&state.db)
                .await?;
        } else {
            login_failures::Entity::insert(model)
                .exec(&state.db)
                .await?;
        }
        wait_until = wait_until.max(locked_until);
    }
    Ok(wait_until)
}

/// Forgets the account's failures after a successful login.
pub async fn clear(state: &AppState, keys: &[(String, Rule)]) -> ApiResult<()> {
    if let Some((account, _)) = keys.first() {
        login_failures::Entity::delete_by_id(account.clone())
            .exec(&state.db)
            .await?;
    }
    Ok(())
}

/// Past the free failures, 1, 2, 4, 8… seconds; past `lock_after`, the lock.
fn wait(rule: &Rule, failures: i32) -> Option<Duration> {
    if failures >= rule.lock_after {
        return Some(rule.lock);
    }
    if failures < rule.free {
        return None;
    }
    let exponent = (failures - rule.free).min(10) as u32;
    Some(Duration::seconds(1 << exponent))
}

pub fn throttled(until: DateTime<Utc>, now: DateTime<Utc>) -> ApiError {
    let seconds = (until - now).num_seconds().max(1) as u64;
    let mut error = ApiError::new(
        ErrorCode::LoginThrottled,
        actix_web::http::StatusCode::TOO_MANY_REQUESTS,
        Text::new(
            format!(
                "登录失败次数过多，请在 {seconds} 秒后再试；如忘记密码，请联系所在协会的管理员重置。"
            ),
            format!(
                "Too many failed logins; try again in {seconds} seconds. If you forgot the password, ask your association's admin to reset it."
            ),
        ),
    );
    error.retry_after = Some(seconds);
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_then_lock() {
        assert_eq!(wait(&ACCOUNT, 4), None);
        assert_eq!(wait(&ACCOUNT, 5), Some(Duration::seconds(1)));
        assert_eq!(wait(&ACCOUNT, 7), Some(Duration::seconds(4)));
        assert_eq!(wait(&ACCOUNT, 10), Some(Duration::minutes(15)));
    }
}
