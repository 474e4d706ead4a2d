//! `/auth`: registering a consumer or a business user, logging in,
//! refreshing and logging out.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use sea_orm::{ActiveValue::Set, EntityTrait};
use shared::ErrorCode;
use shared::Problem;
use shared::accounts::{Me, UserKind};
use shared::auth::{LoginRequest, LogoutRequest, RefreshRequest, RegisterRequest, TokenResponse};
use shared::validation::{EmailAddress, MobileNumber, check_password, display_text};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::accounts::store::{self, Login, is_unique_violation};
use crate::auth::{Principal, password, sessions, throttle};
use crate::entities::users;
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::{ClientAddr, Json, json};
use crate::i18n::Text;
use crate::secrets::Secret;
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(register)
        .service(register_business)
        .service(login)
        .service(refresh)
        .service(logout);
}

/// Register a consumer account.
///
/// Give a mainland mobile number or an e-mail address (or both). The account
/// can log in at once.
#[utoipa::path(
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "The new account", body = Me),
        (status = 409, description = "Phone or e-mail already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/register")]
async fn register(
    state: web::Data<AppState>,
    body: Json<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    register_as(&state, body.into_inner()?, UserKind::Consumer).await
}

/// Register a business user's account.
///
/// The same fields and checks as a consumer's. The account works for no
/// business yet: it logs in, then applies to join the platform
/// (`POST /joining-applications`) or accepts a colleague's invitation
/// (`POST /invitations/{token}/accept`). A phone number or e-mail address
/// holds one account, of either kind.
#[utoipa::path(
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "The new business account, without a business", body = Me),
        (status = 409, description = "Phone or e-mail already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/register/business")]
async fn register_business(
    state: web::Data<AppState>,
    body: Json<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    register_as(&state, body.into_inner()?, UserKind::Business).await
}

/// Creates a self-registered account of this kind and answers with it.
async fn register_as(
    state: &AppState,
    body: RegisterRequest,
    kind: UserKind,
) -> ApiResult<HttpResponse> {
    let (phone, email, display_name) = check_registration(&body)?;

    let hash = password::hash(Secret::new(body.password.clone())).await?;
    let account = SelfRegistered {
        kind,
        phone,
        email,
        display_name,
        password_hash: hash,
    };
    let user = insert_account(state, account).await?;
    tracing::info!(user_id = %user.id, kind = kind.as_str(), "account registered");

    let me = store::me(&state.db, user).await?;
    Ok(HttpResponse::Created().json(me))
}

fn check_registration(
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
struct SelfRegistered {
    kind: UserKind,
    phone: Option<String>,
    email: Option<String>,
    display_name: String,
    password_hash: String,
}

async fn insert_account(state: &AppState, account: SelfRegistered) -> ApiResult<users::Model> {
    let now = state.clock.now();
    let phone = account.phone;
    let model = users::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(account.kind.as_str().to_owned()),
        phone: Set(phone.clone()),
        email: Set(account.email),
        login_name: Set(None),
        display_name: Set(account.display_name),
        password_hash: Set(account.password_hash),
        association_id: Set(None),
        business_id: Set(None),
        business_role: Set(None),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        password_changed_at: Set(now),
    };

    // An explicit transaction: its commit, not the insert, is what makes the
    // account exist, and a failed commit must not be answered with 201.
    let txn = crate::db::begin_write(&state.db).await?;
    let inserted = users::Entity::insert(model).exec_with_returning(&txn).await;
    match inserted {
        Ok(user) => {
            txn.commit().await?;
            Ok(user)
        }
        Err(error) if is_unique_violation(&error) => {
            let field = if phone.is_some() { "phone" } else { "email" };
            let mut conflict = ApiError::conflict(Text::new(
                "该手机号或邮箱已注册，请直接登录。",
                "This phone number or e-mail address is already registered; log in instead.",
            ));
            conflict.fields = vec![crate::error::FieldIssue {
                field: field.to_owned(),
                code: "taken",
                message: Text::new("已被注册。", "Already registered."),
            }];
            Err(conflict)
        }
        Err(error) => Err(error.into()),
    }
}

/// Log in with a phone number, e-mail address or staff login name.
///
/// Repeated failures for one account or from one address must wait longer
/// and longer, then are locked for 15 minutes (`429 login_throttled`, with
/// `Retry-After`).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Tokens for the new session", body = TokenResponse),
        (status = 401, description = "Login or password wrong", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failures; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
async fn login(
    state: web::Data<AppState>,
    address: ClientAddr,
    body: Json<LoginRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    let body = body.into_inner()?;
    let login = Login::parse(&body.login);
    let keys = throttle::keys(login.key(), &address.0);
    let wait_after_failure = throttle::reserve(&state, &keys).await?;

    let user = store::find_by_login(&state.db, &login)
        .await?
        .filter(|u| u.active);
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let matches = password::verify(Secret::new(body.password.clone()), hash).await?;
    let Some(user) = user.filter(|_| matches) else {
        return Err(failed_login(&state, wait_after_failure));
    };

    throttle::succeeded(&state, &keys).await?;
    let tokens = sessions::start(&state, &user).await?;
    tracing::info!(user_id = %user.id, "logged in");
    Ok(web::Json(tokens))
}

fn failed_login(state: &AppState, wait_until: Option<chrono::DateTime<chrono::Utc>>) -> ApiError {
    let now = state.clock.now();
    match wait_until {
        Some(until) if until > now => throttle::throttled(until, now),
        _ => ApiError::new(
            ErrorCode::InvalidCredentials,
            StatusCode::UNAUTHORIZED,
            Text::new("账号或密码错误。", "The login or the password is wrong."),
        ),
    }
}

/// Exchange a refresh token for a new token pair.
///
/// Each refresh token works once. Presenting a used one again ends the whole
/// session, since it means the token was copied.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 401, description = "Unknown, expired or used refresh token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
async fn refresh(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    let body = body.into_inner()?;
    let tokens = sessions::refresh(&state, &body.refresh_token).await?;

    Ok(web::Json(tokens))
}

/// Log out: end the session.
///
/// With a bearer token, ends its session; with a refresh token in the body,
/// ends that token's session. Both stop working at once.
#[utoipa::path(
    tag = "auth",
    request_body(content = LogoutRequest, description = "Optional when a bearer token is sent"),
    security(("bearer" = []), ()),
    responses(
        (status = 204, description = "The session has ended"),
        (status = 401, description = "Neither a valid bearer token nor a refresh token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout")]
async fn logout(
    state: web::Data<AppState>,
    principal: Option<Principal>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let refresh_token = if body.is_empty() {
        None
    } else {
        json::parse::<LogoutRequest>(&body)?.refresh_token
    };
    if principal.is_none() && refresh_token.is_none() {
        return Err(ApiError::unauthenticated(Text::new(
            "请提供有效的访问令牌或刷新令牌；已结束的登录无需再退出。",
            "Send a valid bearer token or refresh token; a session that has ended needs no logout.",
        )));
    }

    if let Some(principal) = &principal {
        sessions::end(
            &state.db,
            principal.session_id,
            sessions::EndReason::Logout,
            state.clock.now(),
        )
        .await?;
    }
    if let Some(token) = refresh_token {
        sessions::end_by_refresh_token(&state, &token).await?;
    }
    Ok(HttpResponse::NoContent().finish())
}
