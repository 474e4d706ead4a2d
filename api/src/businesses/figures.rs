//! `/businesses/{business_id}/figures`: how a business handled the complaints
//! accepted against it in a period, for its own workspace and for the
//! association.

use actix_web::{get, web};
use sea_orm::ConnectionTrait;
use shared::accounts::UserKind;
use shared::businesses::{ApiScope, BusinessFigures, FiguresQuery};
use shared::{BusinessId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::businesses::handling::{self, Period};
use crate::deadlines::calendar::china;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(get_figures);
}

/// The business's figures over a period (its own users, association staff, platform admins).
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), FiguresQuery),
    responses(
        (status = 200, description = "The figures", body = BusinessFigures),
        (status = 403, description = "Neither the business's own user nor association staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from` after `to`, or a period over three years", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/businesses/{business_id}/figures")]
async fn get_figures(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
    query: crate::http::Query<FiguresQuery>,
) -> ApiResult<web::Json<BusinessFigures>> {
    if !may_read(&principal, *id) {
        return Err(ApiError::forbidden());
    }
    let today = state.clock.now().with_timezone(&china()).date_naive();
    let period = Period::requested(query.from, query.to, today, "from")?;

    Ok(web::Json(figures(&state.db, *id, period).await?))
}

fn may_read(principal: &Principal, business: BusinessId) -> bool {
    match principal.kind {
        UserKind::Business => {
            principal.business_id == Some(business) && principal.may(ApiScope::ReadCases)
        }
        UserKind::Staff | UserKind::PlatformAdmin => true,
        UserKind::Consumer => false,
    }
}

/// The figures of one business, from the same tally as its public record.
pub async fn figures(
    db: &impl ConnectionTrait,
    business: BusinessId,
    period: Period,
) -> ApiResult<BusinessFigures> {
    let tally = handling::of_business(db, business.0, period).await?;

    Ok(BusinessFigures {
        from: period.from.unwrap_or(period.to),
        to: period.to,
        received: tally.received,
        reconciliation_cases: tally.reconciliation_cases,
        answered_in_time: tally.answered_in_time,
        missed_deadline: tally.missed_deadline,
        reconciled: tally.reconciled,
        resolved: tally.performed,
        ratings: tally.ratings,
        average_rating: (tally.ratings > 0).then(|| tally.rating_sum as f64 / tally.ratings as f64),
    })
}
