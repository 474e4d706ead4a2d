//! Reading and writing user rows.

use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, SqlErr};
use shared::accounts::{Me, StaffRole, UserKind};
use shared::auth::RegisterRequest;
use shared::team::BusinessRole;
use shared::validation::{
    EmailAddress, LoginName, MobileNumber, check_password, display_text, is_hidden,
};
use shared::{AssociationId, BusinessId, UserId};
use uuid::Uuid;

use crate::entities::{associations, staff_roles, users};
use crate::error::{ApiError, ApiResult, Fields};
use crate::i18n::Text;
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

/// Checks a self-registration: a mobile number or an e-mail address (or
/// both), the password and the display name, every invalid field at once.
pub fn check_registration(
    body: &RegisterRequest,
) -> ApiResult<(Option<String>, Option<String>, String)> {
    let mut fields = Fields::default();
    let phone_hint = Text::new(
        "请输入 11 位中国大陆手机号，如 13800138000。",
        "Enter an 11-digit mainland mobile number, e.g. 13800138000.",
    );
    let email_hint = Text::new(
        "请输入有效的电子邮箱地址，如 wang@example.cn。",
        "Enter a valid e-mail address, e.g. wang@example.cn.",
    );
    let phone = body
        .phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .and_then(|p| fields.check("phone", MobileNumber::parse(p), phone_hint.clone()));
    let email = body
        .email
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        .and_then(|e| fields.check("email", EmailAddress::parse(e), email_hint));
    let neither = body.phone.as_deref().is_none_or(|p| p.trim().is_empty())
        && body.email.as_deref().is_none_or(|e| e.trim().is_empty());
    if neither {
        fields.push(
            "phone",
            "required",
            Text::new(
                "请填写手机号或电子邮箱。",
                "Give a mobile number or an e-mail address.",
            ),
        );
    }
    let login_id = phone
        .as_ref()
        .map(|p| p.as_str().to_owned())
        .or(email.as_ref().map(|e| e.as_str().to_owned()));
    fields.check(
        "password",
        check_password(&body.password, login_id.as_deref()),
        Text::new("", ""),
    );
    let name = fields.check(
        "display_name",
        display_text(&body.display_name, 50),
        Text::new(
            "称呼不能包含控制字符。",
            "The name must not contain control characters.",
        ),
    );

    fields.finish()?;
    Ok((
        phone.map(|p| p.as_str().to_owned()),
        email.map(|e| e.as_str().to_owned()),
        name.unwrap_or_default(),
    ))
}

/// An account that its holder registers: a consumer, or a business user
/// without a business yet.
pub struct SelfRegistered {
    pub kind: UserKind,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub display_name: String,
    pub password_hash: String,
}

/// Inserts the account; a phone number or e-mail address registered
/// already is a 409 naming the field.
pub async fn insert_self_registered(
    db: &impl ConnectionTrait,
    account: SelfRegistered,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<users::Model> {
    let field = if account.phone.is_some() {
        "phone"
    } else {
        "email"
    };
    let mut model = new_user(
        account.kind,
        account.display_name,
        account.password_hash,
        now,
    );
    model.phone = Set(account.phone);
    model.email = Set(account.email);
    insert_user(db, model, registered_already(field)).await
}

fn registered_already(field: &str) -> ApiError {
    let mut conflict = ApiError::conflict(Text::new(
        "该手机号或邮箱已注册，请直接登录。",
        "This phone number or e-mail address is already registered; log in instead.",
    ));
    conflict.fields = vec![crate::error::FieldIssue {
        field: field.to_owned(),
        code: "taken",
        message: Text::new("已被注册。", "Already registered."),
    }];
    conflict
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
    let mut model = new_user(
        account.kind,
        account.display_name,
        account.password_hash,
        now,
    );
    model.login_name = Set(Some(account.login_name));
    model.association_id = Set(account.association_id);
    model.business_id = Set(account.business_id);
    model.business_role = Set(account.business_role.map(|role| role.as_str().to_owned()));
    let taken = ApiError::conflict(Text::new(
        "该登录名已被使用，请换一个。",
        "This login name is taken; choose another.",
    ));
    insert_user(db, model, taken).await
}

/// A new, active account of this kind with no phone, e-mail, login name,
/// association or business yet.
pub fn new_user(
    kind: UserKind,
    display_name: String,
    password_hash: String,
    now: chrono::DateTime<chrono::Utc>,
) -> users::ActiveModel {
    users::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(kind.as_str().to_owned()),
        phone: Set(None),
        email: Set(None),
        login_name: Set(None),
        display_name: Set(display_name),
        password_hash: Set(password_hash),
        association_id: Set(None),
        business_id: Set(None),
        business_role: Set(None),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        password_changed_at: Set(now),
    }
}

/// Inserts the row; a unique value (phone, e-mail, login name) taken
/// already is `taken`.
async fn insert_user(
    db: &impl ConnectionTrait,
    model: users::ActiveModel,
    taken: ApiError,
) -> ApiResult<users::Model> {
    users::Entity::insert(model)
        .exec_with_returning(db)
        .await
        .map_err(|error| {
            if is_unique_violation(&error) {
                taken
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
