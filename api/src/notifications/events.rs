//! `/events`: the caller's notifications as they happen, as server-sent events.

use actix_web::http::header::{CACHE_CONTROL, HeaderName};
use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::Problem;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::principal::StreamPrincipal;
use crate::error::{ApiError, ApiResult};
use crate::i18n::{Lang, Text};
use crate::notifications::feed::Feed;
use crate::policy::{Action, authorize};
use crate::state::AppState;

const LAST_EVENT_ID: HeaderName = HeaderName::from_static("last-event-id");

pub fn configure(config: &mut ServiceConfig) {
    config.service(events);
}

/// Stream the caller's new notifications as server-sent events.
///
/// The response is `text/event-stream`. Each notification is one event:
///
/// ```text
/// id: 42
/// event: notification
/// data: {"id":42,"complaint_id":null,"kind":"complaint_accepted","title":"您的投诉已受理","created_at":"2025-05-06T08:00:00Z","read_at":null}
/// ```
///
/// `data` is a `Notification` with its title in the language `Accept-Language`
/// prefers. Lines starting with `:` are heartbeats; ignore them. The stream
/// opens with `retry: 3000`.
///
/// **Resuming.** Send the largest `id:` you received as `Last-Event-ID` and
/// the stream first sends every notification with a larger id, oldest first.
/// Without it the stream starts after your newest notification; read older
/// ones from `GET /notifications`.
///
/// **Delivery is at least once: de-duplicate by `id`.** Ids increase as
/// notifications are written, but one written in a longer transaction can
/// become visible after a notification with a larger id. The stream keeps
/// looking for such late ids (for a minute after a larger one) and sends
/// them when they appear, so events may arrive out of id order and, across
/// reconnections, more than once.
///
/// The stream re-reads the inbox every few seconds in case a wake-up was
/// lost, and with each heartbeat (every 15 seconds by default) checks that
/// the login session still lives: after logout, or when the session expires,
/// the server closes the stream at the next heartbeat and a reconnection is
/// refused with 401. An access token that expires while the stream is open
/// does not close it. The stream also ends when the server stops: reconnect
/// with `Last-Event-ID` (and a fresh token if needed).
///
/// Authenticate with `Authorization: Bearer`, or, because a browser's
/// `EventSource` cannot send headers, with the access token as the
/// `access_token` query parameter (the header wins when both are sent).
/// The trade-off: a token in an address may be kept by proxies' access logs
/// and the browser's history. Only this endpoint accepts it, it only reads,
/// the token lives 15 minutes, and the server's own log records the route
/// without its query string. Clients that can send headers should.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(
        ("Last-Event-ID" = Option<i64>, Header, description = "The id of the last event received; resume after it"),
        ("access_token" = Option<String>, Query, description = "The access token, for clients that cannot send `Authorization` (`EventSource`); ignored when the header is sent"),
    ),
    responses(
        (status = 200, description = "An endless `text/event-stream` of `notification` events and `:` heartbeats", content_type = "text/event-stream", body = String,
            headers(
                ("Cache-Control" = String, description = "`no-cache`"),
                ("X-Accel-Buffering" = String, description = "`no`: proxies pass events on at once"),
            )),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Last-Event-ID is not an event id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events")]
async fn events(
    state: web::Data<AppState>,
    StreamPrincipal(principal): StreamPrincipal,
    request: HttpRequest,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::ReadOwnNotifications)?;
    let resume_after = last_event_id(&request)?;
    let lang = Lang::of(&request);

    let feed = Feed::open(state, &principal, lang, resume_after).await?;

    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((CACHE_CONTROL, "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(feed.into_stream()))
}

/// The client's `Last-Event-ID`; absent or empty means a fresh start.
fn last_event_id(request: &HttpRequest) -> ApiResult<Option<i64>> {
    let Some(value) = request.headers().get(LAST_EVENT_ID) else {
        return Ok(None);
    };
    let value = value.to_str().unwrap_or("?").trim();
    if value.is_empty() {
        return Ok(None);
    }

    value
        .parse::<i64>()
        .ok()
        .filter(|id| *id >= 0)
        .map(Some)
        .ok_or_else(|| {
            ApiError::field(
                "Last-Event-ID",
                "invalid_format",
                Text::new(
                    "Last-Event-ID 必须是本事件流发出的事件 id（非负整数）；不确定时请去掉此请求头重新连接。",
                    "Last-Event-ID must be the id of an event from this stream (a whole number); if unsure, reconnect without it.",
                ),
            )
        })
}
