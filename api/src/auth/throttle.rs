//! Login throttling. Each attempt is counted against three keys before the
//! password is checked: the account, the account from this address, and the
//! address. Past a few failures each further attempt must wait longer; the
//! account-and-address pair and the address are then locked for a while. The
//! account alone is only slowed, never locked, so that strangers cannot lock
//! its owner out. Counting first, atomically in the database, means parallel
//! guesses cannot slip past the limit and every replica sees the same counts.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use shared::ErrorCode;

use crate::entities::login_failures::{self, Column};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::state::AppState;

/// How attempts are counted for one kind of key.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Attempts allowed before each further one must wait.
    pub free: i32,
    /// Attempts after which the key is locked for `lock`; `None` never locks.
    pub lock_after: Option<i32>,
    pub lock: Duration,
    /// The longest wait between attempts before the lock.
    pub max_wait: Duration,
    /// Attempts older than this are forgotten.
    pub window: Duration,
}

pub const ACCOUNT: Rule = Rule {
    free: 5,
    lock_after: None,
    lock: Duration::zero(),
    max_wait: Duration::seconds(60),
    window: Duration::minutes(15),
};

pub const ACCOUNT_FROM_ADDRESS: Rule = Rule {
    free: 5,
    lock_after: Some(10),
    lock: Duration::minutes(15),
    max_wait: Duration::seconds(60),
    window: Duration::minutes(15),
};

pub const ADDRESS: Rule = Rule {
    free: 20,
    lock_after: Some(50),
    lock: Duration::minutes(15),
    max_wait: Duration::seconds(60),
    window: Duration::minutes(15),
};

/// The keys an attempt counts against. Logins are hashed, so that a key's
/// length is fixed whatever was typed.
pub fn keys(login: &str, address: &str) -> Vec<(String, Rule)> {
    let account = hex(&Sha256::digest(login.trim().to_lowercase().as_bytes()));
    let address_hash = hex(&Sha256::digest(address.as_bytes()));
    vec![
        (format!("account:{account}"), ACCOUNT),
        (
            format!("pair:{account}:{address_hash}"),
            ACCOUNT_FROM_ADDRESS,
        ),
        address_key(address),
    ]
}

/// The key of the client address alone, for attempts that name no account
/// (a mini-program's login code). It is the one password logins count
/// against too, so an address gets one allowance for both.
pub fn address_key(address: &str) -> (String, Rule) {
    let address_hash = hex(&Sha256::digest(address.as_bytes()));
    (format!("address:{address_hash}"), ADDRESS)
}

/// The keys for re-entering one's own password (as when changing it).
pub fn password_keys(user_id: uuid::Uuid) -> Vec<(String, Rule)> {
    vec![(format!("password:{user_id}"), ACCOUNT_FROM_ADDRESS)]
}

/// Counts this attempt against every key, or refuses it while any key must
/// still wait. Returns how long the caller must wait after this attempt, if
/// it fails.
pub async fn reserve(
    state: &AppState,
    keys: &[(String, Rule)],
) -> ApiResult<Option<DateTime<Utc>>> {
    let now = state.clock.now();
    let mut wait_until: Option<DateTime<Utc>> = None;
    for (key, rule) in keys {
        let until = count_attempt(state, key, rule, now).await?;
        wait_until = wait_until.max(until);
    }
    Ok(wait_until)
}

async fn count_attempt(
    state: &AppState,
    key: &str,
    rule: &Rule,
    now: DateTime<Utc>,
) -> ApiResult<Option<DateTime<Utc>>> {
    use sea_orm::sea_query::ExprTrait;

    let txn = state.writer.begin().await?;
    login_failures::Entity::insert(login_failures::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(0),
        first_failure_at: Set(now),
        last_failure_at: Set(now),
        locked_until: Set(None),
    })
    .on_conflict(OnConflict::column(Column::Key).do_nothing().to_owned())
    .exec_without_returning(&txn)
    .await?;

    let stale = Column::LastFailureAt.lt(now - rule.window);
    let counted = login_failures::Entity::update_many()
        .col_expr(
            Column::Failures,
            Expr::case(stale.clone(), 1)
                .finally(Expr::col(Column::Failures).add(1))
                .into(),
        )
        .col_expr(
            Column::FirstFailureAt,
            Expr::case(stale, now)
                .finally(Expr::col(Column::FirstFailureAt))
                .into(),
        )
        .col_expr(Column::LastFailureAt, Expr::value(now))
        .filter(Column::Key.eq(key))
        .filter(
            Column::LockedUntil
                .is_null()
                .or(Column::LockedUntil.lte(now)),
        )
        .exec(&txn)
        .await?;
    let row = login_failures::Entity::find_by_id(key.to_owned())
        .one(&txn)
        .await?;
    let Some(row) = row else {
        txn.commit().await?;
        return Ok(None);
    };
    if counted.rows_affected == 0 {
        txn.commit().await?;
        let until = row.locked_until.unwrap_or(now);
        return Err(throttled(until, now));
    }

    let until = wait(rule, row.failures).map(|d| now + d);
    login_failures::Entity::update_many()
        .col_expr(Column::LockedUntil, Expr::value(until))
        .filter(Column::Key.eq(key))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(until)
}

/// After a correct password: forgets the account's attempts and takes this
/// one back from the address, so that a busy shared address is not locked by
/// its successful logins.
pub async fn succeeded(state: &AppState, keys: &[(String, Rule)]) -> ApiResult<()> {
    use sea_orm::sea_query::ExprTrait;

    let now = state.clock.now();
    for (key, _) in keys {
        if key.starts_with("address:") {
            login_failures::Entity::update_many()
                .col_expr(Column::Failures, Expr::col(Column::Failures).sub(1))
                .col_expr(
                    Column::LockedUntil,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .filter(Column::Key.eq(key.as_str()))
                .filter(Column::Failures.gt(0))
                .exec(&state.db)
                .await?;
        } else {
            login_failures::Entity::delete_by_id(key.clone())
                .exec(&state.db)
                .await?;
        }
    }
    forget_old(state, now).await
}

/// Drops counters that no longer matter, so the table stays small.
async fn forget_old(state: &AppState, now: DateTime<Utc>) -> ApiResult<()> {
    use sea_orm::sea_query::ExprTrait;

    login_failures::Entity::delete_many()
        .filter(Column::LastFailureAt.lt(now - Duration::days(1)))
        .filter(
            Column::LockedUntil
                .is_null()
                .or(Column::LockedUntil.lt(now)),
        )
        .exec(&state.db)
        .await?;
    Ok(())
}

/// Past the free attempts, 1, 2, 4… seconds up to the rule's longest wait;
/// past `lock_after`, the lock.
fn wait(rule: &Rule, attempts: i32) -> Option<Duration> {
    if rule.lock_after.is_some_and(|after| attempts >= after) {
        return Some(rule.lock);
    }
    if attempts < rule.free {
        return None;
    }
    let exponent = (attempts - rule.free).min(16) as u32;
    Some(Duration::seconds(1 << exponent).min(rule.max_wait))
}

/// The answer to a failed attempt: `error`, or the wait when one applies.
pub fn failed(error: ApiError, wait_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> ApiError {
    match wait_until {
        Some(until) if until > now => throttled(until, now),
        _ => error,
    }
}

pub fn throttled(until: DateTime<Utc>, now: DateTime<Utc>) -> ApiError {
    let seconds = (until - now).num_seconds().max(1) as u64;
    let mut error = ApiError::new(
        ErrorCode::LoginThrottled,
        actix_web::http::StatusCode::TOO_MANY_REQUESTS,
        Text::new(
            format!(
                "密码尝试次数过多，请在 {seconds} 秒后再试；如忘记密码，请联系所在协会的管理员重置。"
            ),
            format!(
                "Too many password attempts; try again in {seconds} seconds. If you forgot the password, ask your association's admin to reset it."
            ),
        ),
    );
    error.retry_after = Some(seconds);
    error
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_then_lock() {
        assert_eq!(wait(&ACCOUNT_FROM_ADDRESS, 4), None);
        assert_eq!(wait(&ACCOUNT_FROM_ADDRESS, 5), Some(Duration::seconds(1)));
        assert_eq!(wait(&ACCOUNT_FROM_ADDRESS, 7), Some(Duration::seconds(4)));
        assert_eq!(wait(&ACCOUNT_FROM_ADDRESS, 10), Some(Duration::minutes(15)));
    }

    #[test]
    fn the_account_alone_is_slowed_but_never_locked() {
        assert_eq!(wait(&ACCOUNT, 10), Some(Duration::seconds(32)));
        assert_eq!(wait(&ACCOUNT, 500), Some(Duration::seconds(60)));
    }

    #[test]
    fn keys_have_a_fixed_length_whatever_the_login() {
        let short = keys("a", "127.0.0.1");
        let long = keys(&"x".repeat(1_000_000), "127.0.0.1");

        assert_eq!(short[0].0.len(), long[0].0.len());
    }
}
