//! `Idempotency-Key`: a client that retries a filing (a mini-program on a bad
//! network) gets the first result back instead of a second complaint. A key
//! lives 24 hours and belongs to the user who sent it.

use actix_web::HttpRequest;
use actix_web::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, EntityTrait, ModelTrait};
use sha2::{Digest, Sha256};
use shared::ErrorCode;

use crate::accounts::store::is_unique_violation;
use crate::auth::Principal;
use crate::entities::{complaints, idempotency_keys};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;

pub const HEADER: &str = "Idempotency-Key";

/// How long a key is remembered.
pub fn lifetime() -> Duration {
    Duration::hours(24)
}

/// A key and the fingerprint of the request it came with.
pub struct Key {
    value: String,
    request_hash: String,
}

impl Key {
    /// Reads the header, if sent; `body` is the request as parsed, so that
    /// spacing or key order in the JSON does not make a retry look different.
    pub fn from_request(
        request: &HttpRequest,
        body: &impl serde::Serialize,
    ) -> ApiResult<Option<Self>> {
        let Some(header) = request.headers().get(HEADER) else {
            return Ok(None);
        };
        let value = header.to_str().unwrap_or_default();
        let well_formed =
            (1..=255).contains(&value.len()) && value.bytes().all(|b| (0x21..=0x7e).contains(&b));
        if !well_formed {
            return Err(ApiError::field(
                HEADER,
                "invalid_format",
                Text::new(
                    "Idempotency-Key 应为 1 到 255 个可见 ASCII 字符，建议使用 UUID。",
                    "Idempotency-Key must be 1 to 255 visible ASCII characters; a UUID is a good choice.",
                ),
            ));
        }

        let canonical = serde_json::to_vec(body).map_err(ApiError::internal)?;
        let request_hash = Sha256::digest(&canonical)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Some(Self {
            value: value.to_owned(),
            request_hash,
        }))
    }
}

/// The complaint an earlier request with this key created, if the key is
/// known and fresh. The same key with another request is refused.
pub async fn earlier(
    db: &impl ConnectionTrait,
    principal: &Principal,
    key: &Key,
    now: DateTime<Utc>,
) -> ApiResult<Option<complaints::Model>> {
    let Some(row) = idempotency_keys::Entity::find_by_id((principal.user_id.0, key.value.clone()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if row.created_at + lifetime() < now {
        row.delete(db).await?;
        return Ok(None);
    }
    if row.request_hash != key.request_hash {
        return Err(ApiError::new(
            ErrorCode::IdempotencyKeyReused,
            StatusCode::UNPROCESSABLE_ENTITY,
            Text::new(
                "这个 Idempotency-Key 已用于另一份不同的投诉；新的投诉请使用新的键。",
                "This Idempotency-Key was used for a different complaint; use a new key for a new complaint.",
            ),
        ));
    }

    let complaint = complaints::Entity::find_by_id(row.complaint_id)
        .one(db)
        .await?;
    complaint.map(Some).ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!(
            "idempotency key points at a missing complaint"
        ))
    })
}

/// Records the key with the complaint it created. False when a concurrent
/// request with the same key got there first; the caller then rolls back.
pub async fn remember(
    db: &impl ConnectionTrait,
    principal: &Principal,
    key: &Key,
    complaint_id: uuid::Uuid,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let row = idempotency_keys::ActiveModel {
        user_id: Set(principal.user_id.0),
        key: Set(key.value.clone()),
        request_hash: Set(key.request_hash.clone()),
        complaint_id: Set(complaint_id),
        created_at: Set(now),
    };
    match idempotency_keys::Entity::insert(row).exec(db).await {
        Ok(_) => Ok(true),
        Err(error) if is_unique_violation(&error) => Ok(false),
        Err(error) => Err(error.into()),
    }
}

/// Forgets keys older than their lifetime (run by the background jobs).
pub async fn forget_expired(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ApiResult<u64> {
    use sea_orm::{ColumnTrait, QueryFilter};

    let result = idempotency_keys::Entity::delete_many()
        .filter(idempotency_keys::Column::CreatedAt.lt(now - lifetime()))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
