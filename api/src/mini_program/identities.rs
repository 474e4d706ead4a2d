//! Bindings of mini-program users to consumer accounts: one account per
//! user of an app, one user of an app per account.

use actix_web::http::StatusCode;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::ErrorCode;
use shared::mini_program::MiniProgramProvider;
use uuid::Uuid;

use crate::accounts::store::is_unique_violation;
use crate::entities::mini_program_identities::{self, Column};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::mini_program::provider::{Identity, names};

/// Where a binding is made: a platform and one of its apps.
#[derive(Clone, Copy)]
pub struct App<'a> {
    pub provider: MiniProgramProvider,
    pub app_id: &'a str,
}

/// The account bound to this user of the app. When there is none but the
/// platform names the same person (union id) bound in another of its apps,
/// that account, now bound in this app too.
pub async fn bound_account(
    db: &impl ConnectionTrait,
    app: App<'_>,
    identity: &Identity,
    now: DateTime<Utc>,
) -> ApiResult<Option<Uuid>> {
    let direct = mini_program_identities::Entity::find()
        .filter(Column::Provider.eq(app.provider.as_str()))
        .filter(Column::AppId.eq(app.app_id))
        .filter(Column::OpenId.eq(identity.open_id.as_str()))
        .one(db)
        .await?;
    if let Some(row) = direct {
        return Ok(Some(row.user_id));
    }
    let Some(union_id) = identity.union_id.as_deref() else {
        return Ok(None);
    };
    let elsewhere = mini_program_identities::Entity::find()
        .filter(Column::Provider.eq(app.provider.as_str()))
        .filter(Column::UnionId.eq(union_id))
        .one(db)
        .await?;
    let Some(row) = elsewhere else {
        return Ok(None);
    };
    match bind(db, app, identity, row.user_id, now).await {
        // Bound meanwhile, or the account has another user in this app:
        // the union id still says it is this person's.
        Ok(())
        | Err(ApiError {
            code: ErrorCode::AlreadyBound,
            ..
        }) => Ok(Some(row.user_id)),
        Err(error) => Err(error),
    }
}

/// The binding of this account in the app, if any.
pub async fn of_account(
    db: &impl ConnectionTrait,
    app: App<'_>,
    user_id: Uuid,
) -> ApiResult<Option<mini_program_identities::Model>> {
    Ok(mini_program_identities::Entity::find()
        .filter(Column::Provider.eq(app.provider.as_str()))
        .filter(Column::AppId.eq(app.app_id))
        .filter(Column::UserId.eq(user_id))
        .one(db)
        .await?)
}

/// Binds the user of the app to the account; either bound already is a 409.
pub async fn bind(
    db: &impl ConnectionTrait,
    app: App<'_>,
    identity: &Identity,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let inserted = mini_program_identities::Entity::insert(mini_program_identities::ActiveModel {
        id: Set(Uuid::now_v7()),
        provider: Set(app.provider.as_str().to_owned()),
        app_id: Set(app.app_id.to_owned()),
        open_id: Set(identity.open_id.clone()),
        union_id: Set(identity.union_id.clone()),
        user_id: Set(user_id),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await;
    match inserted {
        Ok(_) => Ok(()),
        Err(error) if is_unique_violation(&error) => Err(already_bound(app.provider)),
        Err(error) => Err(error.into()),
    }
}

/// Removes every binding of the account: after a password change, whoever
/// bound a mini-program with the old password must prove it again.
pub async fn unbind_all(db: &impl ConnectionTrait, user_id: Uuid) -> ApiResult<u64> {
    let deleted = mini_program_identities::Entity::delete_many()
        .filter(Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}

pub fn already_bound(provider: MiniProgramProvider) -> ApiError {
    let (zh, en) = names(provider);
    ApiError::new(
        ErrorCode::AlreadyBound,
        StatusCode::CONFLICT,
        Text::new(
            format!(
                "该手机号的账号已绑定另一个{zh}用户，或该{zh}用户已绑定其他账号；请换一个手机号，或用原来的{zh}登录。"
            ),
            format!(
                "The account with this number is bound to another {en} user, or this {en} user to another account; use another number, or sign in with the {en} user bound before."
            ),
        ),
    )
}
