//! `/me`: the caller's own account.

use actix_web::{HttpResponse, get, put, web};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
use shared::Problem;
use shared::accounts::Me;
use shared::auth::ChangePasswordRequest;
use shared::validation::check_password;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::accounts::store;
use crate::auth::{Principal, password, sessions, throttle};
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::mini_program::identities;
use crate::policy::{Action, authorize};
use crate::secrets::Secret;
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(me).service(change_password);
}

/// The caller's own account.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = Me),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
async fn me(state: web::Data<AppState>, principal: Principal) -> ApiResult<web::Json<Me>> {
    authorize(&principal, Action::ManageOwnAccount)?;

    let user = store::find(&state.db, principal.user_id).await?;

    Ok(web::Json(store::me(&state.db, user).await?))
}

/// Change one's own password.
///
/// Needs the current password. Every other session of the account ends; the
/// calling one stays logged in. Mini-programs bound to the account are
/// unbound: the next mini-program login binds again with the new password.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Current password wrong or new one too weak", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`login_throttled`: the current password was wrong too often; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/password")]
async fn change_password(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::ManageOwnAccount)?;
    let body = body.into_inner()?;
    let user = store::find(&state.db, principal.user_id).await?;
    let login = user
        .phone
        .clone()
        .or(user.email.clone())
        .or(user.login_name.clone());

    let wait_after_failure = throttle::reserve(&state, &throttle::password_keys(user.id)).await?;
    let current_ok = password::verify(
        Secret::new(body.current_password.clone()),
        Some(user.password_hash.clone()),
    )
    .await?;
    let mut fields = Fields::default();
    if !current_ok {
        if let Some(until) = wait_after_failure.filter(|until| *until > state.clock.now()) {
            return Err(throttle::throttled(until, state.clock.now()));
        }
        fields.push(
            "current_password",
            "incorrect",
            Text::new("当前密码不正确。", "The current password is wrong."),
        );
    }
    fields.check(
        "new_password",
        check_password(&body.new_password, login.as_deref()),
        Text::new("", ""),
    );
    fields.finish()?;

    let hash = password::hash(Secret::new(body.new_password.clone())).await?;
    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let mut active = user.into_active_model();
    active.password_hash = Set(hash);
    active.password_changed_at = Set(now);
    active.updated_at = Set(now);
    active.update(&txn).await.map_err(ApiError::from)?;
    sessions::end_all(
        &txn,
        principal.user_id.0,
        Some(principal.session_id),
        sessions::EndReason::PasswordChanged,
        now,
    )
    .await?;
    identities::unbind_all(&txn, principal.user_id.0).await?;
    txn.commit().await?;
    throttle::succeeded(&state, &throttle::password_keys(principal.user_id.0)).await?;

    tracing::info!(user_id = %principal.user_id, "password changed");
    Ok(HttpResponse::NoContent().finish())
}
