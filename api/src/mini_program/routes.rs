//! `/auth/mini-program/{provider}`: a mini-program's login, and binding a
//! mobile number on first use.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use shared::Problem;
use shared::UserId;
use shared::auth::TokenResponse;
use shared::mini_program::{
    MiniProgramBindingRequest, MiniProgramLogin, MiniProgramLoginRequest, MiniProgramProvider,
};
use shared::validation::MobileNumber;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::accounts::store;
use crate::auth::{sessions, throttle};
use crate::error::{ApiError, ApiResult, text_field};
use crate::http::{ClientAddr, Json};
use crate::i18n::Text;
use crate::mini_program::binding;
use crate::mini_program::identities::{self, App};
use crate::mini_program::provider::{
    CodeExchange, ExchangeError, Identity, invalid_code, parse_provider,
};
use crate::mini_program::tickets;
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(login).service(bind);
}

/// The longest login code taken; the platforms' are about 32 characters.
const MAX_CODE_LEN: usize = 128;

/// Sign in with a mini-program's login code.
///
/// Send the code from `wx.login` (WeChat) or `my.getAuthCode` (Alipay); the
/// server exchanges it with the platform. A user bound to an account gets
/// the same tokens as `POST /auth/login` (`outcome: signed_in`); a user seen
/// for the first time gets a ticket valid for ten minutes to bind a mobile
/// number with (`outcome: binding_required`). Failed codes count against the
/// client address like failed passwords (`429 login_throttled`).
#[utoipa::path(
    tag = "auth",
    params(("provider" = MiniProgramProvider, Path, description = "`wechat` or `alipay`")),
    request_body = MiniProgramLoginRequest,
    responses(
        (status = 200, description = "Tokens, or a ticket to bind a mobile number with", body = MiniProgramLogin),
        (status = 401, description = "`invalid_login_code`: the platform refused the code (invalid, expired or used)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The platform refuses this user, or the bound account is deactivated", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`mini_program_not_offered`: this server does not offer the platform; `not_found`: no such platform", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No code, or one too long", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`login_throttled`: too many failed codes from this address; `rate_limited`: the platform's own limit. See Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`provider_unavailable`: the platform did not answer in time, or not usably", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/mini-program/{provider}/login")]
async fn login(
    state: web::Data<AppState>,
    address: ClientAddr,
    provider: web::Path<String>,
    body: Json<MiniProgramLoginRequest>,
) -> ApiResult<web::Json<MiniProgramLogin>> {
    let provider = parse_provider(&provider)?;
    let exchange = state.mini_programs.offered(provider)?;
    let code = text_field("code", &body.into_inner()?.code, MAX_CODE_LEN)?;

    let identity = exchange_code(&state, provider, exchange, &code, &address).await?;

    let app = App {
        provider,
        app_id: exchange.app_id(),
    };
    let now = state.clock.now();
    let outcome = match identities::bound_account(&state.db, app, &identity, now).await? {
        Some(user_id) => MiniProgramLogin::SignedIn(start_session(&state, user_id).await?),
        None => MiniProgramLogin::BindingRequired(
            tickets::issue(&state.db, provider, app.app_id, identity, now).await?,
        ),
    };
    Ok(web::Json(outcome))
}

/// Bind a mobile number to a mini-program user on first use.
///
/// With the ticket from the login: if a consumer account has this number,
/// its `password` proves it is the caller's, and the mini-program user is
/// bound to it (200). Otherwise a consumer account is made with the number,
/// the password and `display_name`, as registration would (201); the number
/// is not confirmed by SMS, as in registration. Either way the answer holds
/// the tokens, and later logins with the mini-program sign in directly. The
/// ticket works once; a wrong password leaves it usable, and counts like a
/// failed login.
#[utoipa::path(
    tag = "auth",
    params(("provider" = MiniProgramProvider, Path, description = "`wechat` or `alipay`")),
    request_body = MiniProgramBindingRequest,
    responses(
        (status = 200, description = "Bound to the existing account with this number: its tokens", body = TokenResponse),
        (status = 201, description = "A new consumer account, bound: its tokens", body = TokenResponse),
        (status = 401, description = "`invalid_binding_ticket`: unknown, expired or used; `invalid_credentials`: the account's password is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account with this number is not a consumer's", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`mini_program_not_offered` or `not_found`, as for login", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_bound`: the account is bound to another user of this mini-program, or this user to another account; `conflict`: the number was registered meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid number; for a new account, a weak password or no display name", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`login_throttled`: too many failures for this number or address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/mini-program/{provider}/binding")]
async fn bind(
    state: web::Data<AppState>,
    address: ClientAddr,
    provider: web::Path<String>,
    body: Json<MiniProgramBindingRequest>,
) -> ApiResult<HttpResponse> {
    let provider = parse_provider(&provider)?;
    state.mini_programs.offered(provider)?;
    let body = body.into_inner()?;
    let phone = binding::phone(&body.phone)?;

    let bound = bind_throttled(&state, provider, &phone, &body, &address).await?;

    let tokens = sessions::start(&state, &bound.user).await?;
    let status = if bound.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(HttpResponse::build(status).json(tokens))
}

/// Exchanges the code, counting a refused one against the client address
/// as the login throttle counts a wrong password.
async fn exchange_code(
    state: &AppState,
    provider: MiniProgramProvider,
    exchange: &dyn CodeExchange,
    code: &str,
    address: &ClientAddr,
) -> ApiResult<Identity> {
    let keys = [throttle::address_key(&address.0)];
    let wait_after_failure = throttle::reserve(state, &keys).await?;

    let exchanged = exchange.exchange(code, state.clock.now()).await;

    match exchanged {
        Err(ExchangeError::InvalidCode(why)) => {
            tracing::info!(provider = provider.as_str(), why = %why, "mini-program login code refused");
            let now = state.clock.now();
            Err(throttle::failed(
                invalid_code(provider),
                wait_after_failure,
                now,
            ))
        }
        // Not the caller's doing: the attempt is taken back.
        other => {
            throttle::succeeded(state, &keys).await?;
            other.map_err(|error| error.into_api_error(provider))
        }
    }
}

/// Binds with the ticket, counting the attempt against the number and the
/// address as a login is counted.
async fn bind_throttled(
    state: &AppState,
    provider: MiniProgramProvider,
    phone: &MobileNumber,
    body: &MiniProgramBindingRequest,
    address: &ClientAddr,
) -> ApiResult<binding::Bound> {
    let keys = throttle::keys(phone.as_str(), &address.0);
    let wait_after_failure = throttle::reserve(state, &keys).await?;

    let now = state.clock.now();
    let bound = match tickets::find_live(&state.db, provider, &body.binding_ticket, now).await {
        Ok(ticket) => binding::bind(state, provider, &ticket, phone, body).await,
        Err(error) => Err(error),
    };

    match bound {
        Ok(bound) => {
            throttle::succeeded(state, &keys).await?;
            Ok(bound)
        }
        Err(error) => Err(throttle::failed(
            error,
            wait_after_failure,
            state.clock.now(),
        )),
    }
}

/// A session for the bound account, unless it was deactivated.
async fn start_session(state: &AppState, user_id: uuid::Uuid) -> ApiResult<TokenResponse> {
    let user = store::find(&state.db, UserId(user_id)).await?;
    if !user.active {
        return Err(ApiError::forbidden_because(Text::new(
            "该账号已停用；如有疑问，请联系平台。",
            "This account is deactivated; contact the platform if you think this is wrong.",
        )));
    }
    tracing::info!(user_id = %user.id, "signed in with a mini-program");
    sessions::start(state, &user).await
}
