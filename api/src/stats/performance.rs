//! `GET /public/associations/{id}/performance`: how an association handles
//! its complaints (time to accept, time to close, outcomes, deadlines kept),
//! over every complaint it handles, published or not. Only counts and
//! durations leave the server, never a case.

use std::collections::BTreeMap;

use actix_web::{get, web};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{ExprTrait, Query as SqlQuery};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use shared::complaints::DeadlineKind;
use shared::publication::FacetCount;
use shared::stats::{
    AssociationPerformance, DeadlineRecord, HandlingTime, MonthFlow, PerformanceQuery,
};
use shared::{AssociationId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::deadlines::calendar::{china, end_of_day};
use crate::deadlines::store::{MET, MISSED, parse_kind};
use crate::entities::{complaints, deadlines};
use crate::error::{ApiResult, Fields};
use crate::http::Query;
use crate::organisations::associations::find;
use crate::state::AppState;
use crate::stats::period::check_period;

/// Complaints read from the database at a time.
const PAGE: u64 = 1000;

pub fn configure(config: &mut ServiceConfig) {
    config.service(performance);
}

/// How an association handled the complaints filed with it. Anonymous.
///
/// Counts the complaints filed in the period (China time; the 365 days up
/// to today by default, at most three years) that the association handles
/// now: accepted, closed and open; closed ones by outcome; the median and
/// 90th percentile of the hours from filing to acceptance and from filing
/// to closing; the deadlines of those complaints met and missed by kind;
/// and complaints filed and closed by month.
#[utoipa::path(
    tag = "public",
    params(("association_id" = AssociationId, Path), PerformanceQuery),
    responses(
        (status = 200, description = "The association's figures", body = AssociationPerformance),
        (status = 404, description = "No such association", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from` after `to`, or a period over three years", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/associations/{association_id}/performance")]
async fn performance(
    state: web::Data<AppState>,
    id: web::Path<AssociationId>,
    query: Query<PerformanceQuery>,
) -> ApiResult<web::Json<AssociationPerformance>> {
    let association = find(&state, *id).await?;
    let today = state.clock.now().with_timezone(&china()).date_naive();
    let (from, to) = period(query.from, query.to, today, 365)?;
    let filed = Condition::all()
        .add(complaints::Column::AssociationId.eq(association.id))
        .add(complaints::Column::FiledAt.gte(end_of_day(from - Duration::days(1))))
        .add(complaints::Column::FiledAt.lt(end_of_day(to)));

    let flow = read_flow(&state.db, filed.clone()).await?;
    let deadlines = deadline_records(&state.db, filed).await?;

    Ok(web::Json(AssociationPerformance {
        deadlines,
        ..flow.finish((*id, association.name), from, to)
    }))
}

/// The period asked for, checked: `to` defaults to `today` and `from` to
/// `days` days up to `to`.
pub(crate) fn period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
    days: i64,
) -> ApiResult<(NaiveDate, NaiveDate)> {
    let mut fields = Fields::default();
    let to = to.unwrap_or(today);
    let from = from.unwrap_or(to - Duration::days(days - 1));
    check_period(from, to, &mut fields);
    fields.finish()?;
    Ok((from, to))
}

#[derive(FromQueryResult)]
struct FlowRow {
    id: Uuid,
    filed_at: DateTime<Utc>,
    accepted_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    outcome: Option<String>,
}

/// What the complaints add up to, gathered a page at a time.
#[derive(Default)]
struct Flow {
    filed: u64,
    accepted: u64,
    closed: u64,
    outcomes: BTreeMap<String, u64>,
    to_accept: Vec<f64>,
    to_close: Vec<f64>,
    months: BTreeMap<String, (u64, u64)>,
}

impl Flow {
    fn add(&mut self, row: &FlowRow) {
        self.filed += 1;
        self.months.entry(month(row.filed_at)).or_default().0 += 1;
        if let Some(accepted) = row.accepted_at {
            self.accepted += 1;
            self.to_accept.push(hours(row.filed_at, accepted));
        }
        if let Some(closed) = row.closed_at {
            self.closed += 1;
            self.to_close.push(hours(row.filed_at, closed));
            self.months.entry(month(closed)).or_default().1 += 1;
            let outcome = row.outcome.clone().unwrap_or_else(|| "unknown".to_owned());
            *self.outcomes.entry(outcome).or_default() += 1;
        }
    }

    /// The figures of `association`, with no deadlines yet.
    fn finish(
        mut self,
        association: (AssociationId, String),
        from: NaiveDate,
        to: NaiveDate,
    ) -> AssociationPerformance {
        let mut by_outcome: Vec<FacetCount> = self
            .outcomes
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect();
        by_outcome.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        let by_month = self
            .months
            .into_iter()
            .map(|(month, (filed, closed))| MonthFlow {
                month,
                filed,
                closed,
            })
            .collect();

        AssociationPerformance {
            association_id: association.0,
            association_name: association.1,
            from,
            to,
            filed: self.filed,
            accepted: self.accepted,
            closed: self.closed,
            open: self.filed - self.closed,
            by_outcome,
            time_to_accept: handling_time(&mut self.to_accept),
            time_to_close: handling_time(&mut self.to_close),
            deadlines: Vec::new(),
            by_month,
        }
    }
}

/// Reads the complaints a page at a time in `id` order.
async fn read_flow(db: &impl ConnectionTrait, filed: Condition) -> ApiResult<Flow> {
    let mut flow = Flow::default();
    let mut after: Option<Uuid> = None;
    loop {
        let mut select = complaints::Entity::find()
            .select_only()
            .columns([
                complaints::Column::Id,
                complaints::Column::FiledAt,
                complaints::Column::AcceptedAt,
                complaints::Column::ClosedAt,
                complaints::Column::Outcome,
            ])
            .filter(filed.clone());
        if let Some(after) = after {
            select = select.filter(complaints::Column::Id.gt(after));
        }
        let rows = select
            .order_by_asc(complaints::Column::Id)
            .limit(PAGE)
            .into_model::<FlowRow>()
            .all(db)
            .await?;
        for row in &rows {
            flow.add(row);
        }
        match rows.last() {
            Some(last) if rows.len() as u64 == PAGE => after = Some(last.id),
            _ => return Ok(flow),
        }
    }
}

#[derive(FromQueryResult)]
struct DeadlineCount {
    kind: String,
    status: String,
    count: i64,
}

/// Met and missed deadlines of the complaints, by kind.
async fn deadline_records(
    db: &impl ConnectionTrait,
    filed: Condition,
) -> ApiResult<Vec<DeadlineRecord>> {
    let cases = SqlQuery::select()
        .column(complaints::Column::Id)
        .from(complaints::Entity)
        .cond_where(filed)
        .to_owned();
    let counts = deadlines::Entity::find()
        .select_only()
        .column(deadlines::Column::Kind)
        .column(deadlines::Column::Status)
        .expr_as(deadlines::Column::Id.count().cast_as("BIGINT"), "count")
        .filter(deadlines::Column::ComplaintId.in_subquery(cases))
        .filter(deadlines::Column::Status.is_in([MET, MISSED]))
        .group_by(deadlines::Column::Kind)
        .group_by(deadlines::Column::Status)
        .into_model::<DeadlineCount>()
        .all(db)
        .await?;

    let mut records: Vec<DeadlineRecord> = Vec::new();
    for count in counts {
        let Some(kind) = parse_kind(&count.kind) else {
            continue;
        };
        let index = match records.iter().position(|record| record.kind == kind) {
            Some(index) => index,
            None => {
                records.push(DeadlineRecord {
                    kind,
                    met: 0,
                    missed: 0,
                });
                records.len() - 1
            }
        };
        let tally = if count.status == MET {
            &mut records[index].met
        } else {
            &mut records[index].missed
        };
        *tally += u64::try_from(count.count).unwrap_or_default();
    }
    records.sort_by_key(|record| case_order(record.kind));
    Ok(records)
}

/// Where a kind of deadline comes in a case's life.
pub(crate) fn case_order(kind: DeadlineKind) -> u8 {
    match kind {
        DeadlineKind::Acceptance => 0,
        DeadlineKind::Information => 1,
        DeadlineKind::Reconciliation => 2,
        DeadlineKind::Mediation => 3,
        DeadlineKind::Performance => 4,
    }
}

/// The median and 90th percentile (nearest rank) of `hours`.
pub(crate) fn handling_time(hours: &mut [f64]) -> HandlingTime {
    hours.sort_by(f64::total_cmp);
    let rank = |share: f64| {
        let index = ((share * hours.len() as f64).ceil() as usize).max(1) - 1;
        hours.get(index).map(|value| (value * 10.0).round() / 10.0)
    };

    HandlingTime {
        cases: hours.len() as u64,
        median_hours: rank(0.5),
        p90_hours: rank(0.9),
    }
}

pub(crate) fn hours(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    Ord::max((to - from).num_seconds(), 0) as f64 / 3600.0
}

/// `2026-12`, in China time.
pub(crate) fn month(at: DateTime<Utc>) -> String {
    at.with_timezone(&china()).format("%Y-%m").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let mut hours = vec![5.0, 1.0, 3.0, 2.0, 4.0, 10.0, 6.0, 7.0, 8.0, 9.0];

        let time = handling_time(&mut hours);

        assert_eq!(time.cases, 10);
        assert_eq!(time.median_hours, Some(5.0));
        assert_eq!(time.p90_hours, Some(9.0));
    }

    #[test]
    fn no_cases_give_no_figures() {
        let time = handling_time(&mut []);

        assert_eq!(time, HandlingTime::default());
    }

    #[test]
    fn months_are_counted_in_china_time() {
        let late_on_new_years_eve = "2026-12-31T17:30:00Z".parse().unwrap();

        assert_eq!(month(late_on_new_years_eve), "2027-01");
    }
}
