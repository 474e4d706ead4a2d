//! Login sessions. A session starts at login and holds a chain of refresh
//! tokens: each refresh uses one up and issues the next. Presenting a used
//! token again means it was stolen or replayed, so the whole session ends.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use shared::ErrorCode;
use shared::auth::TokenResponse;
use uuid::Uuid;

use crate::auth::tokens::Claims;
use crate::entities::{refresh_tokens, sessions, staff_roles, users};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::secrets::random_token;
use crate::state::AppState;

/// Why a session ended, as stored.
#[derive(Clone, Copy, Debug)]
pub enum EndReason {
    Logout,
    RefreshReuse,
    PasswordChanged,
    Deactivated,
    RolesChanged,
    /// Removed from the business they worked for.
    RemovedFromBusiness,
}

impl EndReason {
    fn as_str(self) -> &'static str {
        match self {
            Self::Logout => "logout",
            Self::RefreshReuse => "refresh_reuse",
            Self::PasswordChanged => "password_changed",
            Self::Deactivated => "deactivated",
            Self::RolesChanged => "roles_changed",
            Self::RemovedFromBusiness => "removed_from_business",
        }
    }
}

/// Starts a session for `user` and issues its first token pair.
pub async fn start(state: &AppState, user: &users::Model) -> ApiResult<TokenResponse> {
    let now = state.clock.now();
    let session_id = Uuid::now_v7();
    let expires_at = now + Duration::seconds(state.keys.refresh_ttl as i64);
    let txn = state.writer.begin().await?;

    sessions::Entity::insert(sessions::ActiveModel {
        id: Set(session_id),
        user_id: Set(user.id),
        created_at: Set(now),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        revoked_reason: Set(None),
    })
    .exec(&txn)
    .await?;
    let refresh_token = store_refresh_token(&txn, session_id, now, expires_at).await?;
    txn.commit().await?;

    tokens(state, user, session_id, refresh_token, now).await
}

/// Exchanges a refresh token for a new pair, once.
pub async fn refresh(state: &AppState, presented: &str) -> ApiResult<TokenResponse> {
    let now = state.clock.now();
    let hash = token_hash(presented);
    let Some(stored) = refresh_tokens::Entity::find_by_id(hash.clone())
        .one(&state.db)
        .await?
    else {
        return Err(invalid_refresh_token());
    };
    if stored.used_at.is_some() {
        end(&state.db, stored.session_id, EndReason::RefreshReuse, now).await?;
        tracing::warn!(session_id = %stored.session_id, "a used refresh token was presented again; the session was ended");
        return Err(invalid_refresh_token());
    }
    if stored.expires_at <= now {
        return Err(invalid_refresh_token());
    }
    let session = live_session(&state.db, stored.session_id, now)
        .await?
        .ok_or_else(invalid_refresh_token)?;
    let user = users::Entity::find_by_id(session.user_id)
        .one(&state.db)
        .await?
        .filter(|user| user.active)
        .ok_or_else(invalid_refresh_token)?;

    let txn = state.writer.begin().await?;
    let claimed = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::UsedAt, Expr::value(now))
        .filter(refresh_tokens::Column::TokenHash.eq(hash))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        txn.rollback().await?;
        end(&state.db, session.id, EndReason::RefreshReuse, now).await?;
        return Err(invalid_refresh_token());
    }
    let next = store_refresh_token(&txn, session.id, now, session.expires_at).await?;
    txn.commit().await?;

    tokens(state, &user, session.id, next, now).await
}

/// Ends the session a refresh token belongs to; unknown tokens are ignored.
pub async fn end_by_refresh_token(state: &AppState, presented: &str) -> ApiResult<()> {
    let stored = refresh_tokens::Entity::find_by_id(token_hash(presented))
        .one(&state.db)
        .await?;
    if let Some(stored) = stored {
        end(
            &state.db,
            stored.session_id,
            EndReason::Logout,
            state.clock.now(),
        )
        .await?;
    }
    Ok(())
}

/// Marks a session ended; its access and refresh tokens stop working.
pub async fn end(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    reason: EndReason,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::RevokedAt, Expr::value(now))
        .col_expr(
            sessions::Column::RevokedReason,
            Expr::value(reason.as_str()),
        )
        .filter(sessions::Column::Id.eq(session_id))
        .filter(sessions::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a user, except `keep` when given.
pub async fn end_all(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    keep: Option<Uuid>,
    reason: EndReason,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut update = sessions::Entity::update_many()
        .col_expr(sessions::Column::RevokedAt, Expr::value(now))
        .col_expr(
            sessions::Column::RevokedReason,
            Expr::value(reason.as_str()),
        )
        .filter(sessions::Column::UserId.eq(user_id))
        .filter(sessions::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        update = update.filter(sessions::Column::Id.ne(keep));
    }
    update.exec(db).await?;
    Ok(())
}

/// The session, if it has neither ended nor expired.
pub async fn live_session(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<Option<sessions::Model>> {
    Ok(sessions::Entity::find_by_id(session_id)
        .one(db)
        .await?
        .filter(|s| s.revoked_at.is_none() && s.expires_at > now))
}

async fn store_refresh_token(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> ApiResult<String> {
    let token = random_token(32);
    refresh_tokens::Entity::insert(refresh_tokens::ActiveModel {
        token_hash: Set(token_hash(&token)),
        session_id: Set(session_id),
        issued_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
    })
    .exec(db)
    .await?;
    Ok(token)
}

async fn tokens(
    state: &AppState,
    user: &users::Model,
    session_id: Uuid,
    refresh_token: String,
    now: DateTime<Utc>,
) -> ApiResult<TokenResponse> {
    let roles = staff_roles::Entity::find()
        .filter(staff_roles::Column::UserId.eq(user.id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|r| r.role)
        .collect();
    let claims = Claims {
        sub: user.id,
        sid: session_id,
        kind: user.kind.clone(),
        roles,
        org: user.association_id,
        biz: user.business_id,
        brole: user.business_role.clone(),
        iat: 0,
        exp: 0,
        iss: String::new(),
    };
    let access_token = state.keys.issue(claims, now).map_err(ApiError::internal)?;

    Ok(TokenResponse {
        access_token,
        refresh_token,
        token_type: "Bearer".to_owned(),
        expires_in: state.keys.access_ttl,
    })
}

/// SHA-256 of a token, hex: what is stored instead of the token.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn invalid_refresh_token() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidRefreshToken,
        actix_web::http::StatusCode::UNAUTHORIZED,
        Text::new(
            "刷新令牌无效、已过期或已使用，请重新登录。",
            "The refresh token is invalid, expired or already used; log in again.",
        ),
    )
}
