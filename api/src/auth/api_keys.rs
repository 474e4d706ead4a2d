//! API keys: `rdk_<key id>_<secret>`, sent as `Authorization: Bearer`. The
//! key id finds the row; only the SHA-256 of the secret is stored, and a
//! revoked key stops working on its next request.

use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use shared::accounts::UserKind;
use shared::businesses::ApiScope;
use shared::{BusinessId, UserId};
use uuid::Uuid;

use crate::auth::Principal;
use crate::entities::{api_keys, users};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::secrets::random_token;
use crate::state::AppState;

const PREFIX: &str = "rdk_";

/// How often the "last used" time is written at most.
fn last_used_resolution() -> Duration {
    Duration::minutes(1)
}

pub fn is_api_key(token: &str) -> bool {
    token.starts_with(PREFIX)
}

/// A new key: its id, the secret's hash to store, and the whole key to show once.
pub fn generate() -> (Uuid, String, String) {
    let id = Uuid::now_v7();
    let secret = random_token(32);
    let key = format!("{PREFIX}{}_{secret}", id.simple());
    (id, hash(&secret), key)
}

fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn scopes_text(scopes: &[ApiScope]) -> String {
    let names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    names.join(",")
}

pub fn scopes_of(row: &api_keys::Model) -> Vec<ApiScope> {
    row.scopes.split(',').filter_map(ApiScope::parse).collect()
}

/// The business system behind a key, or 401.
pub async fn authenticate(state: &AppState, token: &str) -> ApiResult<Principal> {
    let (id, secret) = split(token).ok_or_else(invalid)?;
    let row = api_keys::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or_else(invalid)?;
    if !same(&row.secret_hash, &hash(secret)) {
        return Err(invalid());
    }
    if row.revoked_at.is_some() {
        return Err(ApiError::unauthenticated(Text::new(
            "这个 API 密钥已被撤销，请使用新的密钥。",
            "This API key was revoked; use a new key.",
        )));
    }

    let creator = users::Entity::find_by_id(row.created_by)
        .one(&state.db)
        .await?;
    let still_theirs =
        creator.is_some_and(|user| user.active && user.business_id == Some(row.business_id));
    if !still_theirs {
        return Err(ApiError::unauthenticated(Text::new(
            "创建这个 API 密钥的账号已停用或已离开该经营者，请用有效账号创建新密钥。",
            "The account that created this API key was deactivated or left the business; create a new key from a current account.",
        )));
    }

    note_use(state, &row).await?;
    Ok(Principal {
        user_id: UserId(row.created_by),
        session_id: Uuid::nil(),
        kind: UserKind::Business,
        roles: Vec::new(),
        association_id: None,
        business_id: Some(BusinessId(row.business_id)),
        business_role: None,
        scopes: Some(scopes_of(&row)),
    })
}

fn split(token: &str) -> Option<(Uuid, &str)> {
    let rest = token.strip_prefix(PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    Some((Uuid::try_parse(id).ok()?, secret))
}

/// Compares two hashes in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

async fn note_use(state: &AppState, row: &api_keys::Model) -> ApiResult<()> {
    let now = state.clock.now();
    let fresh = row
        .last_used_at
        .is_some_and(|used| now - used < last_used_resolution());
    if fresh {
        return Ok(());
    }
    api_keys::Entity::update_many()
        .col_expr(api_keys::Column::LastUsedAt, Some(now).into())
        .filter(api_keys::Column::Id.eq(row.id))
        .exec(&state.db)
        .await?;
    Ok(())
}

fn invalid() -> ApiError {
    ApiError::unauthenticated(Text::new(
        "API 密钥无效，请检查是否完整复制。",
        "The API key is invalid; check that it was copied whole.",
    ))
}
