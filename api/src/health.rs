//! Liveness and readiness probes for load balancers and orchestrators.

use actix_web::{get, web};
use serde::Serialize;
use shared::Problem;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(healthz).service(readyz);
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `ready`.
    pub status: &'static str,
}

/// The process is alive.
#[utoipa::path(tag = "health", responses((status = 200, body = Health)))]
#[get("/healthz")]
async fn healthz() -> web::Json<Health> {
    web::Json(Health { status: "ok" })
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

    Ok(web::Json(Health { status: "ready" }))
}
