//! `/notifications`: the caller's inbox, and marking notifications read.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use shared::Problem;
use shared::notifications::{Inbox, NotificationId, NotificationQuery};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::i18n::Lang;
use crate::notifications::inbox::{self, Listing};
use crate::pagination;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(list_notifications)
        .service(read_all_notifications)
        .service(read_notification);
}

/// The caller's notifications, newest first, with the unread count.
///
/// Titles come in the language `Accept-Language` prefers (zh-CN or en).
/// `unread_count` counts the whole inbox, whatever the filter and page.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(NotificationQuery),
    responses(
        (status = 200, description = "One page of the inbox", body = Inbox),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid cursor or limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/notifications")]
async fn list_notifications(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::http::Query<NotificationQuery>,
    request: HttpRequest,
) -> ApiResult<web::Json<Inbox>> {
    authorize(&principal, Action::ReadOwnNotifications)?;
    let limit = pagination::limit(query.limit)?;
    let before = pagination::decode_number(query.cursor.as_deref())?;
    let lang = Lang::of(&request);

    let user = principal.user_id.0;
    let listing = Listing {
        unread_only: query.unread.unwrap_or(false),
        before,
        limit: limit + 1,
    };
    let rows = inbox::list(&state.db, user, &listing).await?;
    let unread_count = inbox::unread_count(&state.db, user).await?;

    let (rows, next_cursor) = pagination::page(rows, limit, |row| row.id.to_string());
    Ok(web::Json(Inbox {
        items: rows.into_iter().map(|row| inbox::view(row, lang)).collect(),
        next_cursor,
        unread_count,
    }))
}

/// Mark one of the caller's notifications read.
///
/// Marking a notification that is already read changes nothing and succeeds.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = NotificationId, Path)),
    responses(
        (status = 204, description = "Read"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller has no notification with this id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/notifications/{id}/read")]
async fn read_notification(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<NotificationId>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::ReadOwnNotifications)?;

    let now = state.clock.now();
    let found = inbox::mark_read(&state.db, principal.user_id.0, *id, now).await?;

    if !found {
        return Err(ApiError::not_found("通知", "notification"));
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Mark every notification of the caller read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "All read"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/notifications/read-all")]
async fn read_all_notifications(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::ReadOwnNotifications)?;

    let marked = inbox::mark_all_read(&state.db, principal.user_id.0, state.clock.now()).await?;

    tracing::debug!(user_id = %principal.user_id, marked, "notifications marked read");
    Ok(HttpResponse::NoContent().finish())
}
