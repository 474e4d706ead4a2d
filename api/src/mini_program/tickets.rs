//! Binding tickets: what a first mini-program login gets instead of tokens.
//! A ticket stands for the platform's user for ten minutes and works once;
//! only its hash is stored, like a refresh token's.

use actix_web::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::ErrorCode;
use shared::mini_program::{BindingTicket, MiniProgramProvider};

use crate::auth::sessions::token_hash;
use crate::entities::mini_program_tickets::{self, Column};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::mini_program::provider::Identity;
use crate::secrets::random_token;

/// How long a ticket works: time enough to type a number and a password.
pub const TICKET_LIFETIME: Duration = Duration::minutes(10);

/// A live ticket as found: whom it stands for.
pub struct Ticket {
    hash: String,
    pub app_id: String,
    pub identity: Identity,
}

/// Stores a new ticket for the identity and returns it, once.
pub async fn issue(
    db: &impl ConnectionTrait,
    provider: MiniProgramProvider,
    app_id: &str,
    identity: Identity,
    now: DateTime<Utc>,
) -> ApiResult<BindingTicket> {
    let ticket = format!("mpt_{}", random_token(32));
    mini_program_tickets::Entity::insert(mini_program_tickets::ActiveModel {
        ticket_hash: Set(token_hash(&ticket)),
        provider: Set(provider.as_str().to_owned()),
        app_id: Set(app_id.to_owned()),
        open_id: Set(identity.open_id),
        union_id: Set(identity.union_id),
        created_at: Set(now),
        expires_at: Set(now + TICKET_LIFETIME),
        used_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(BindingTicket {
        binding_ticket: ticket,
        ticket_expires_in: TICKET_LIFETIME.num_seconds() as u64,
    })
}

/// The ticket if it is this platform's, unused and unexpired.
pub async fn find_live(
    db: &impl ConnectionTrait,
    provider: MiniProgramProvider,
    presented: &str,
    now: DateTime<Utc>,
) -> ApiResult<Ticket> {
    let row = mini_program_tickets::Entity::find_by_id(token_hash(presented.trim()))
        .filter(Column::Provider.eq(provider.as_str()))
        .filter(Column::UsedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .ok_or_else(invalid_ticket)?;
    Ok(Ticket {
        hash: row.ticket_hash,
        app_id: row.app_id,
        identity: Identity {
            open_id: row.open_id,
            union_id: row.union_id,
        },
    })
}

/// Uses the ticket up, inside the transaction that binds; a ticket used or
/// expired meanwhile is refused.
pub async fn use_up(
    db: &impl ConnectionTrait,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let claimed = mini_program_tickets::Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::TicketHash.eq(ticket.hash.as_str()))
        .filter(Column::UsedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if claimed.rows_affected == 1 {
        Ok(())
    } else {
        Err(invalid_ticket())
    }
}

/// Drops tickets, used or not, a day past their expiry.
pub async fn forget_expired(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ApiResult<u64> {
    let deleted = mini_program_tickets::Entity::delete_many()
        .filter(Column::ExpiresAt.lt(now - Duration::days(1)))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}

pub fn invalid_ticket() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidBindingTicket,
        StatusCode::UNAUTHORIZED,
        Text::new(
            "绑定凭证无效、已过期或已使用，请在小程序中重新登录。",
            "The binding ticket is invalid, expired or already used; sign in with the mini-program again.",
        ),
    )
}
