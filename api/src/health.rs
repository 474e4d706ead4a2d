//! Liveness and readiness probes for load balancers and orchestrators.

use actix_web::{get, web};
use shared::Problem;
use shared::health::Health;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(healthz).service(readyz);
}

/// The process is alive.
#[utoipa::path(tag = "health", responses((status = 200, body = Health)))]
#[get("/healthz")]
async fn healthz() -> web::Json<Health> {
    web::Json(Health {
        status: "ok".to_owned(),
    })
}

/// The database answers; take traffic.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, body = Health),
        (status = 503, description = "The database is not reachable", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
async fn readyz(state: web::Data<AppState>) -> ApiResult<web::Json<Health>> {
    state
        .db
        .ping()
        .await
        .map_err(ApiError::service_unavailable)?;

    Ok(web::Json(Health {
        status: "ready".to_owned(),
    }))
}
