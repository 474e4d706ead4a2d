//! `/auth`: registering a consumer or a business user, logging in,
//! refreshing and logging out.

use actix_web::{HttpResponse, post, web};
use shared::Problem;
use shared::accounts::{Me, UserKind};
use shared::auth::{LoginRequest, LogoutRequest, RefreshRequest, RegisterRequest, TokenResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::accounts::store::{self, Login, SelfRegistered};
use crate::auth::{Principal, password, sessions, throttle};
use crate::error::{ApiError, ApiResult};
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
    let (phone, email, display_name) = store::check_registration(&body)?;

    let hash = password::hash(Secret::new(body.password.clone())).await?;
    let account = SelfRegistered {
        kind,
        phone,
        email,
        display_name,
        password_hash: hash,
    };
    // An explicit transaction: its commit, not the insert, is what makes the
    // account exist, and a failed commit must not be answered with 201.
    let txn = state.writer.begin().await?;
    let user = store::insert_self_registered(&txn, account, state.clock.now()).await?;
    txn.commit().await?;
    tracing::info!(user_id = %user.id, kind = kind.as_str(), "account registered");

    let me = store::me(&state.db, user).await?;
    Ok(HttpResponse::Created().json(me))
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
        let now = state.clock.now();
        return Err(throttle::failed(
            password::invalid_credentials(),
            wait_after_failure,
            now,
        ));
    };

    throttle::succeeded(&state, &keys).await?;
    let tokens = sessions::start(&state, &user).await?;
    tracing::info!(user_id = %user.id, "logged in");
    Ok(web::Json(tokens))
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
    request_body(content = Option<LogoutRequest>, description = "Optional when a bearer token is sent"),
    security(("bearer" = []), ()),
    responses(
        (status = 204, description = "The session has ended"),
        (status = 401, description = "Neither a valid bearer token nor a refresh token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A body with other fields than `refresh_token`, or one that is neither an object nor `null`", body = Problem, content_type = "application/problem+json"),
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
        // The document allows `null` for the body, read as no body.
        json::parse::<Option<LogoutRequest>>(&body)?.and_then(|body| body.refresh_token)
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
