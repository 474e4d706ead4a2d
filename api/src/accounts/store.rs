//! Reading and writing user rows.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, SqlErr};
use shared::accounts::{Me, StaffRole, UserKind};
use shared::team::BusinessRole;
use shared::validation::{EmailAddress, LoginName, MobileNumber, is_hidden};
use shared::{AssociationId, BusinessId, UserId};
use uuid::Uuid;

use crate::entities::{associations, staff_roles, users};
use crate::error::{ApiError, ApiResult};
use crate::organisations::associations::summary;

/// How a person identified themselves at login.
pub enum Login {
    Phone(MobileNumber),
    Email(EmailAddress),
    Name(String),
    /// Too long or with hidden characters: no account can have it.
    Unusable(String),
}

/// Longer logins cannot belong to any account (e-mail addresses are the longest).
const MAX_LOGIN_LEN: usize = EmailAddress::MAX_LEN;

impl Login {
    pub fn parse(input: &str) -> Self {
        let trimmed = input.trim();
        if trimmed.len() > MAX_LOGIN_LEN || trimmed.chars().any(is_hidden) {
            return Self::Unusable(trimmed.to_owned());
        }
        if trimmed.contains('@') {
            if let Ok(email) = EmailAddress::parse(trimmed) {
                return Self::Email(email);
            }
        } else if let Ok(phone) = MobileNumber::parse(trimmed) {
            return Self::Phone(phone);
        }
        match LoginName::parse(trimmed) {
            Ok(name) => Self::Name(name.as_str().to_owned()),
            Err(_) => Self::Name(trimmed.to_lowercase()),
        }
    }

    /// The normalised form, used as the throttling key.
    pub fn key(&self) -> &str {
        match self {
            Self::Phone(phone) => phone.as_str(),
            Self::Email(email) => email.as_str(),
            Self::Name(name) | Self::Unusable(name) => name,
        }
    }
}

pub async fn find_by_login(
    db: &impl ConnectionTrait,
    login: &Login,
) -> ApiResult<Option<users::Model>> {
    let filter = match login {
        Login::Phone(phone) => users::Column::Phone.eq(phone.as_str()),
        Login::Email(email) => users::Column::Email.eq(email.as_str()),
        Login::Name(name) => users::Column::LoginName.eq(name.as_str()),
        Login::Unusable(_) => return Ok(None),
    };
    Ok(users::Entity::find().filter(filter).one(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: UserId) -> ApiResult<users::Model> {
    users::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("账号", "account"))
}

pub async fn roles_of(db: &impl ConnectionTrait, user_id: Uuid) -> ApiResult<Vec<StaffRole>> {
    let mut roles: Vec<StaffRole> = staff_roles::Entity::find()
        .filter(staff_roles::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .iter()
        .filter_map(|row| StaffRole::parse(&row.role))
        .collect();
    roles.sort();
    Ok(roles)
}

/// The caller's own account as `GET /me` shows it.
pub async fn me(db: &impl ConnectionTrait, user: users::Model) -> ApiResult<Me> {
    let roles = roles_of(db, user.id).await?;
    let association = match user.association_id {
        Some(id) => associations::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| summary(&a)),
        None => None,
    };

    let business_role = business_role_of(&user);
    Ok(Me {
        id: UserId(user.id),
        kind: UserKind::parse(&user.kind).unwrap_or(UserKind::Consumer),
        display_name: user.display_name,
        phone: user.phone,
        email: user.email,
        login_name: user.login_name,
        association,
        roles,
        business_id: user.business_id.map(BusinessId),
        business_role,
        created_at: user.created_at,
    })
}

/// The role of a business user who works for a business.
pub fn business_role_of(user: &users::Model) -> Option<BusinessRole> {
    user.business_role.as_deref().and_then(BusinessRole::parse)
}

pub fn association_of(user: &users::Model) -> Option<AssociationId> {
    user.association_id.map(AssociationId)
}

/// True when the error is a unique-constraint violation.
pub fn is_unique_violation(error: &sea_orm::DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// A new account that signs in with a login name: staff or a business's handler.
pub struct NamedLogin {
    pub kind: UserKind,
    pub login_name: String,
    pub display_name: String,
    pub password_hash: String,
    pub association_id: Option<Uuid>,
    pub business_id: Option<Uuid>,
    pub business_role: Option<BusinessRole>,
}

/// Inserts the account; a taken login name is a 409 that says so.
pub async fn insert_named_login(
    db: &impl ConnectionTrait,
    account: NamedLogin,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<users::Model> {
    use sea_orm::ActiveValue::Set;

    let model = users::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(account.kind.as_str().to_owned()),
        phone: Set(None),
        email: Set(None),
        login_name: Set(Some(account.login_name)),
        display_name: Set(account.display_name),
        password_hash: Set(account.password_hash),
        association_id: Set(account.association_id),
        business_id: Set(account.business_id),
        business_role: Set(account.business_role.map(|role| role.as_str().to_owned())),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        password_changed_at: Set(now),
    };
    users::Entity::insert(model)
        .exec_with_returning(db)
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                ApiError::conflict(crate::i18n::Text::new(
                    "该登录名已被使用，请换一个。",
                    "This login name is taken; choose another.",
                ))
            } else {
                error.into()
            }
        })
}

/// Checks the fields of a new named-login account (staff or a business
/// handler), recording problems in `fields`; the login name and display name
/// when both are valid.
pub fn check_named_login(
    fields: &mut crate::error::Fields,
    login_name: &str,
    display_name: &str,
    password: &str,
) -> Option<(String, String)> {
    use crate::i18n::Text;
    use shared::validation::{check_password, display_text};

    let login = fields.check(
        "login_name",
        LoginName::parse(login_name),
        Text::new(
            "登录名只能包含小写字母、数字和 . _ -，并以字母开头。",
            "The login name may hold lower-case letters, digits and . _ - and must start with a letter.",
        ),
    );
    let name = fields.check(
        "display_name",
        display_text(display_name, 50),
        Text::new(
            "姓名不能包含控制字符。",
            "The name must not contain control characters.",
        ),
    );
    fields.check(
        "password",
        check_password(password, Some(login_name)),
        Text::new("", ""),
    );

    Some((login?.as_str().to_owned(), name?))
}
