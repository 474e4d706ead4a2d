//! `GET /public/stats`: statistics over the published complaints, for anyone.

use actix_web::{get, web};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::Problem;
use shared::stats::{PublicStats, PublicStatsQuery};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::deadlines::calendar::china;
use crate::entities::published_complaints as published;
use crate::error::ApiResult;
use crate::http::Query;
use crate::state::AppState;
use crate::stats::period::StatsFilter;
use crate::stats::tally::{StatsRow, Tally};

/// Public copies read from the database at a time.
const PAGE: u64 = 500;

pub fn configure(config: &mut ServiceConfig) {
    config.service(public_stats);
}

/// Statistics over published complaints. Anonymous.
///
/// Counts the published complaints filed in the period (China time; the
/// 365 days up to today by default, at most three years) in the region
/// (a province, city or district) and category (with everything below it):
/// by month of filing, by category (top level and full code), by nature,
/// by province and by outcome (`open` while there is none). Money
/// recovered sums `amount_recovered_fen` and says how many complaints it
/// covers. Handling times are means in hours, each over the complaints that
/// went through the stage (`cases`):
///
/// - `filing_to_acceptance`: `accepted_at − filed_at`;
/// - `acceptance_to_agreement`: from the first `accepted` stage to the first
///   `offer_accepted` or `agreement_recorded` stage after it;
/// - `agreement_to_performance`: from that stage to the first
///   `performance_confirmed` stage after it;
/// - `acceptance_to_closing`: `closed_at − accepted_at`.
///
/// Only the public copies are read, never the cases themselves.
#[utoipa::path(
    tag = "public",
    params(PublicStatsQuery),
    responses(
        (status = 200, description = "The statistics", body = PublicStats),
        (status = 422, description = "`from` after `to`, a period over three years, a malformed region or an unknown category; the parameter is named", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/stats")]
async fn public_stats(
    state: web::Data<AppState>,
    query: Query<PublicStatsQuery>,
) -> ApiResult<web::Json<PublicStats>> {
    let today = state.clock.now().with_timezone(&china()).date_naive();
    let filter = StatsFilter::new(&state.db, &query, today).await?;

    let tally = tally(&state.db, &filter).await?;

    Ok(web::Json(tally.finish(filter.from, filter.to)))
}

/// Adds up the matching public copies, a page at a time in `id` order.
async fn tally(db: &impl ConnectionTrait, filter: &StatsFilter) -> ApiResult<Tally> {
    let mut tally = Tally::default();
    let mut after = 0;
    loop {
        let rows = published::Entity::find()
            .select_only()
            .columns([
                published::Column::Id,
                published::Column::Number,
                published::Column::FiledAt,
                published::Column::AcceptedAt,
                published::Column::ClosedAt,
                published::Column::CategoryCode,
                published::Column::NatureCode,
                published::Column::ProvinceCode,
                published::Column::Outcome,
                published::Column::AmountRecoveredFen,
                published::Column::Stages,
            ])
            .filter(filter.condition.clone())
            .filter(published::Column::Id.gt(after))
            .order_by_asc(published::Column::Id)
            .limit(PAGE)
            .into_model::<StatsRow>()
            .all(db)
            .await?;
        for row in &rows {
            tally.add(row)?;
        }
        match rows.last() {
            Some(last) if rows.len() as u64 == PAGE => after = last.id,
            _ => return Ok(tally),
        }
    }
}
