//! `/businesses/{business_id}/figures`: how a business handled the complaints
//! accepted against it in a period, for its own workspace and for the
//! association.

use actix_web::{get, web};
use chrono::{Duration, NaiveDate};
use sea_orm::sea_query::{ExprTrait, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, QueryTrait,
};
use shared::accounts::UserKind;
use shared::businesses::{ApiScope, BusinessFigures, FiguresQuery};
use shared::{BusinessId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::deadlines::calendar::{china, end_of_day};
use crate::entities::{complaints, deadlines, timeline_entries};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::state::AppState;

/// The longest period one request may cover, in days.
const MAX_DAYS: i64 = 3 * 366;

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
    let (from, to) = period(&query, today)?;

    Ok(web::Json(figures(&state.db, *id, from, to).await?))
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

fn period(query: &FiguresQuery, today: NaiveDate) -> ApiResult<(NaiveDate, NaiveDate)> {
    let to = query.to.unwrap_or(today);
    let from = query.from.unwrap_or(to - Duration::days(364));
    if from > to || (to - from).num_days() > MAX_DAYS {
        return Err(ApiError::field(
            "from",
            "out_of_range",
            Text::new(
                "起始日期不能晚于结束日期，期间最长三年。",
                "`from` must not be after `to`, and the period may span at most three years.",
            ),
        ));
    }
    Ok((from, to))
}

pub async fn figures(
    db: &impl ConnectionTrait,
    business: BusinessId,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<BusinessFigures> {
    let accepted = || {
        complaints::Entity::find()
            .filter(complaints::Column::BusinessId.eq(business.0))
            .filter(complaints::Column::AcceptedAt.gte(end_of_day(from - Duration::days(1))))
            .filter(complaints::Column::AcceptedAt.lt(end_of_day(to)))
    };
    let ids = || -> SelectStatement {
        accepted()
            .select_only()
            .column(complaints::Column::Id)
            .into_query()
    };

    let (ratings, rating_sum): (i64, Option<i64>) = accepted()
        .select_only()
        .column_as(complaints::Column::Rating.count(), "ratings")
        .column_as(
            complaints::Column::Rating.sum().cast_as("BIGINT"),
            "rating_sum",
        )
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((0, None));
    let reconciliation_deadlines = |status: &'static str| {
        deadlines::Entity::find()
            .filter(deadlines::Column::Kind.eq("reconciliation"))
            .filter(deadlines::Column::Status.eq(status))
            .filter(deadlines::Column::ComplaintId.in_subquery(ids()))
    };
    let offers_accepted = timeline_entries::Entity::find()
        .filter(timeline_entries::Column::Kind.eq("offer_accepted"))
        .filter(timeline_entries::Column::ComplaintId.in_subquery(ids()));

    Ok(BusinessFigures {
        from,
        to,
        received: accepted().count(db).await?,
        reconciliation_cases: accepted()
            .filter(complaints::Column::BusinessWasMember.eq(true))
            .count(db)
            .await?,
        answered_in_time: reconciliation_deadlines("met").count(db).await?,
        missed_deadline: reconciliation_deadlines("missed").count(db).await?,
        reconciled: offers_accepted.count(db).await?,
        resolved: accepted()
            .filter(complaints::Column::Outcome.eq("resolved"))
            .count(db)
            .await?,
        ratings: u64::try_from(ratings).unwrap_or(0),
        average_rating: rating_sum
            .filter(|_| ratings > 0)
            .map(|sum| sum as f64 / ratings as f64),
    })
}
