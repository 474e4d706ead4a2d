//! The demo server's clock (`--demo`): the platform admin sets it so that a
//! replay of real complaints can file each one on its real date and let its
//! deadlines run out. Every move is followed by a deadline sweep, so a case
//! whose deadline passed moves on before the next request. A server started
//! without `--demo` refuses, and its clock follows the system time.

use actix_web::{get, put, web};
use chrono::{DateTime, Utc};
use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
use shared::Problem;
use shared::demo::{DemoClock, DemoClockChange};
use shared::problem::ErrorCode;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::deadlines::sweeper;
use crate::entities::timeline_entries;
use crate::error::{ApiError, ApiResult};
use crate::http::Json;
use crate::i18n::Text;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(read_clock).service(move_clock);
}

/// The demo server's clock (platform admin).
#[utoipa::path(
    tag = "demo",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The server's time and the latest recorded event", body = DemoClock),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`demo_mode_off`: the server was not started with `--demo`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/demo/clock")]
async fn read_clock(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<DemoClock>> {
    allowed(&state, &principal)?;

    let latest_event = latest_event(&state).await?;

    Ok(web::Json(DemoClock {
        now: state.clock.now(),
        latest_event,
        expired: 0,
        reminded: 0,
    }))
}

/// Set the demo server's clock (platform admin), then sweep the deadlines.
///
/// The clock may go to any time not before the latest event recorded on the
/// platform, so that a replay can start in the past; it keeps running from
/// there. Deadlines that ran out by the new time take effect before the
/// answer (`expired`), as they would have on a real server.
#[utoipa::path(
    tag = "demo",
    security(("bearer" = [])),
    request_body = DemoClockChange,
    responses(
        (status = 200, description = "The clock was set; what the deadline sweep did", body = DemoClock),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`demo_mode_off`: the server was not started with `--demo`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`clock_backwards`: the time is before an event already recorded", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`now` is missing or not an RFC 3339 time", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/demo/clock")]
async fn move_clock(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<DemoClockChange>,
) -> ApiResult<web::Json<DemoClock>> {
    allowed(&state, &principal)?;
    let to = body.into_inner()?.now;

    let latest_event = latest_event(&state).await?;
    if let Some(latest) = latest_event.filter(|latest| to < *latest) {
        return Err(backwards(latest));
    }
    state.clock.move_to(to).map_err(|_| demo_mode_off())?;
    tracing::info!(now = %to, "demo clock set");

    let mut expired = 0;
    let mut reminded = 0;
    loop {
        let swept = sweeper::sweep(&state).await?;
        expired += swept.expired as u64;
        reminded += swept.reminded as u64;
        if swept.expired + swept.reminded == 0 {
            break;
        }
    }

    Ok(web::Json(DemoClock {
        now: state.clock.now(),
        latest_event,
        expired,
        reminded,
    }))
}

fn allowed(state: &AppState, principal: &Principal) -> ApiResult<()> {
    authorize(principal, Action::MoveDemoClock)?;
    if !state.settings.demo {
        return Err(demo_mode_off());
    }
    Ok(())
}

/// The time of the newest timeline entry of any case.
async fn latest_event(state: &AppState) -> ApiResult<Option<DateTime<Utc>>> {
    let latest = timeline_entries::Entity::find()
        .select_only()
        .column(timeline_entries::Column::CreatedAt)
        .order_by_desc(timeline_entries::Column::CreatedAt)
        .limit(1)
        .into_tuple::<DateTime<Utc>>()
        .one(&state.db)
        .await?;
    Ok(latest)
}

fn demo_mode_off() -> ApiError {
    ApiError::new(
        ErrorCode::DemoModeOff,
        actix_web::http::StatusCode::NOT_FOUND,
        Text::new(
            "服务器不是以演示模式启动的，时钟跟随系统时间；演示请用 `redress --demo` 或 `cargo xtask run --demo` 启动。",
            "The server was not started in demo mode, so its clock follows the system time; start a demo with `redress --demo` or `cargo xtask run --demo`.",
        ),
    )
}

fn backwards(latest: DateTime<Utc>) -> ApiError {
    let latest = latest.to_rfc3339();
    ApiError::new(
        ErrorCode::ClockBackwards,
        actix_web::http::StatusCode::CONFLICT,
        Text::new(
            format!("平台上最近一条记录的时间是 {latest}，时钟不能早于它。"),
            format!(
                "The latest event on the platform was at {latest}; the clock cannot go earlier."
            ),
        ),
    )
}
