//! `GET /associations/{id}/dashboard`: what an association's staff watch
//! (工作台): the intake backlog, deadlines at risk, how long each stage of
//! handling takes, each mediator's workload and outcomes, and complaints
//! filed and closed by month. Counts and durations only, never a case.

use std::collections::BTreeMap;

use actix_web::{get, web};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{ExprTrait, Query as SqlQuery, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use shared::accounts::StaffRole;
use shared::complaints::{ComplaintState, DeadlineKind};
use shared::dashboard::{
    AssociationDashboard, DashboardQuery, DeadlineRisk, IntakeBacklog, MediatorWorkload, StageTimes,
};
use shared::publication::FacetCount;
use shared::stats::{HandlingTime, MonthFlow};
use shared::{AssociationId, Problem, UserId};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::complaints::audience::staff_with;
use crate::complaints::view::wire_name;
use crate::deadlines::calendar::{china, end_of_day};
use crate::deadlines::store::{MISSED, RUNNING, kind_str};
use crate::entities::{complaints, deadlines, users};
use crate::error::ApiResult;
use crate::http::Query;
use crate::organisations::associations::find;
use crate::policy::{Action, authorize};
use crate::search::query::sort_counts;
use crate::state::AppState;
use crate::stats::performance::{case_order, handling_time, hours, month, period};

/// Days the period covers when the caller names none.
const DEFAULT_DAYS: i64 = 90;

/// How far ahead a running deadline counts as due soon.
const SOON_HOURS: i64 = 48;

const KINDS: [DeadlineKind; 5] = [
    DeadlineKind::Acceptance,
    DeadlineKind::Information,
    DeadlineKind::Reconciliation,
    DeadlineKind::Mediation,
    DeadlineKind::Performance,
];

pub fn configure(config: &mut ServiceConfig) {
    config.service(dashboard);
}

/// The association's dashboard (its staff and platform admins).
///
/// As of the server's time now:
///
/// - `backlog`: complaints awaiting acceptance (`submitted` or
///   `info_requested`) and the hours since the oldest of them was filed;
/// - `at_risk`, by deadline kind: running deadlines due within 48 hours
///   (a paused clock is never due), and overdue ones: running deadlines
///   past due that the deadline sweeper has not applied yet, and
///   acceptance deadlines missed while the complaint still awaits
///   acceptance (a missed acceptance deadline changes nothing, so the
///   complaint stays overdue until it is decided).
///
/// Over the period (China time; the 90 days up to today by default, at
/// most three years), each a median and 90th percentile in hours over the
/// stages that ended in it:
///
/// - `acceptance`: `accepted_at − filed_at` of complaints accepted in it;
/// - `reconciliation`: the reconciliation deadline's start (acceptance of a
///   member business's complaint) to its end: the consumer accepted an
///   offer, the case went to mediation (declined with escalation, or the
///   deadline passed) or was withdrawn;
/// - `mediation`: the mediation deadline's start (entering mediation) to
///   its end: an agreement recorded, mediation ended or out of time, or the
///   complaint withdrawn.
///
/// `mediators` lists the association's active mediators: complaints in
/// mediation with each now, and those they mediated that closed in the
/// period, by outcome. `by_month` counts, for every month of the period,
/// the complaints filed and those closed in it.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("association_id" = AssociationId, Path), DashboardQuery),
    responses(
        (status = 200, description = "The association's dashboard", body = AssociationDashboard),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this association nor a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from` after `to`, or a period over three years", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/associations/{association_id}/dashboard")]
async fn dashboard(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AssociationId>,
    query: Query<DashboardQuery>,
) -> ApiResult<web::Json<AssociationDashboard>> {
    authorize(&principal, Action::ReadDashboard(*id))?;
    let association = find(&state, *id).await?;
    let now = state.clock.now();
    let today = now.with_timezone(&china()).date_naive();
    let (from, to) = period(query.from, query.to, today, DEFAULT_DAYS)?;
    let span = Span::new(from, to);

    let backlog = backlog(&state.db, association.id, now).await?;
    let at_risk = at_risk(&state.db, association.id, now).await?;
    let handling_times = stage_times(&state.db, association.id, &span).await?;
    let mediators = workloads(&state.db, association.id, &span).await?;
    let by_month = months(&state.db, association.id, &span).await?;

    Ok(web::Json(AssociationDashboard {
        association_id: *id,
        association_name: association.name,
        as_of: now,
        from,
        to,
        backlog,
        at_risk,
        handling_times,
        mediators,
        by_month,
    }))
}

/// The period as instants: from the start of `from` up to the end of `to`,
/// China time.
struct Span {
    from: NaiveDate,
    to: NaiveDate,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl Span {
    fn new(from: NaiveDate, to: NaiveDate) -> Self {
        Self {
            from,
            to,
            start: end_of_day(from - Duration::days(1)),
            end: end_of_day(to),
        }
    }

    fn holds<C: ColumnTrait>(&self, column: C) -> Condition {
        Condition::all()
            .add(column.gte(self.start))
            .add(column.lt(self.end))
    }
}

fn awaiting_acceptance() -> [String; 2] {
    [
        wire_name(ComplaintState::Submitted),
        wire_name(ComplaintState::InfoRequested),
    ]
}

/// The association's complaints, as a subquery of their ids.
fn cases_of(association: Uuid) -> SelectStatement {
    SqlQuery::select()
        .column(complaints::Column::Id)
        .from(complaints::Entity)
        .and_where(complaints::Column::AssociationId.eq(association))
        .to_owned()
}

#[derive(FromQueryResult)]
struct StateCount {
    state: String,
    count: i64,
}

async fn backlog(
    db: &impl ConnectionTrait,
    association: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<IntakeBacklog> {
    let waiting = Condition::all()
        .add(complaints::Column::AssociationId.eq(association))
        .add(complaints::Column::State.is_in(awaiting_acceptance()));
    let counts = complaints::Entity::find()
        .select_only()
        .column(complaints::Column::State)
        .expr_as(complaints::Column::Id.count().cast_as("BIGINT"), "count")
        .filter(waiting.clone())
        .group_by(complaints::Column::State)
        .into_model::<StateCount>()
        .all(db)
        .await?;
    let oldest: Option<DateTime<Utc>> = complaints::Entity::find()
        .select_only()
        .column(complaints::Column::FiledAt)
        .filter(waiting)
        .order_by_asc(complaints::Column::FiledAt)
        .into_tuple()
        .one(db)
        .await?;

    let count_of = |state: ComplaintState| {
        counts
            .iter()
            .filter(|count| count.state == wire_name(state))
            .map(|count| u64::try_from(count.count).unwrap_or_default())
            .sum::<u64>()
    };
    let info_requested = count_of(ComplaintState::InfoRequested);
    Ok(IntakeBacklog {
        awaiting_acceptance: count_of(ComplaintState::Submitted) + info_requested,
        info_requested,
        oldest_hours: oldest.map(|filed| (hours(filed, now) * 10.0).round() / 10.0),
    })
}

#[derive(FromQueryResult)]
struct KindCount {
    kind: String,
    count: i64,
}

/// Running, unpaused deadlines of the association's complaints, counted by
/// kind, whose due time meets `due`.
async fn running_by_kind(
    db: &impl ConnectionTrait,
    association: Uuid,
    due: Condition,
) -> ApiResult<BTreeMap<String, u64>> {
    let counts = deadlines::Entity::find()
        .select_only()
        .column(deadlines::Column::Kind)
        .expr_as(deadlines::Column::Id.count().cast_as("BIGINT"), "count")
        .filter(deadlines::Column::ComplaintId.in_subquery(cases_of(association)))
        .filter(deadlines::Column::Status.eq(RUNNING))
        .filter(deadlines::Column::PausedAt.is_null())
        .filter(due)
        .group_by(deadlines::Column::Kind)
        .into_model::<KindCount>()
        .all(db)
        .await?;
    Ok(counts
        .into_iter()
        .map(|count| (count.kind, u64::try_from(count.count).unwrap_or_default()))
        .collect())
}

/// Complaints still awaiting acceptance whose acceptance deadline was
/// missed, with no new one running (a transfer starts one).
async fn acceptance_missed(db: &impl ConnectionTrait, association: Uuid) -> ApiResult<u64> {
    let acceptance = |status: &str| {
        SqlQuery::select()
            .column(deadlines::Column::ComplaintId)
            .from(deadlines::Entity)
            .and_where(deadlines::Column::Kind.eq(kind_str(DeadlineKind::Acceptance)))
            .and_where(deadlines::Column::Status.eq(status))
            .to_owned()
    };
    Ok(complaints::Entity::find()
        .filter(complaints::Column::AssociationId.eq(association))
        .filter(complaints::Column::State.is_in(awaiting_acceptance()))
        .filter(complaints::Column::Id.in_subquery(acceptance(MISSED)))
        .filter(complaints::Column::Id.not_in_subquery(acceptance(RUNNING)))
        .count(db)
        .await?)
}

async fn at_risk(
    db: &impl ConnectionTrait,
    association: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<Vec<DeadlineRisk>> {
    let horizon = now + Duration::hours(SOON_HOURS);
    let soon = Condition::all()
        .add(deadlines::Column::DueAt.gte(now))
        .add(deadlines::Column::DueAt.lte(horizon));
    let due_soon = running_by_kind(db, association, soon).await?;
    let past = running_by_kind(db, association, deadlines::Column::DueAt.lt(now).into()).await?;
    let missed_acceptance = acceptance_missed(db, association).await?;

    let mut risks: Vec<DeadlineRisk> = KINDS
        .into_iter()
        .map(|kind| {
            let name = kind_str(kind);
            let missed = if kind == DeadlineKind::Acceptance {
                missed_acceptance
            } else {
                0
            };
            DeadlineRisk {
                kind,
                due_soon: due_soon.get(name).copied().unwrap_or_default(),
                overdue: past.get(name).copied().unwrap_or_default() + missed,
            }
        })
        .collect();
    risks.sort_by_key(|risk| case_order(risk.kind));
    Ok(risks)
}

/// Median and 90th percentile of the `(start, end)` pairs.
fn times(pairs: Vec<(DateTime<Utc>, DateTime<Utc>)>) -> HandlingTime {
    let mut hours: Vec<f64> = pairs
        .into_iter()
        .map(|(start, end)| hours(start, end))
        .collect();
    handling_time(&mut hours)
}

/// How long the stage of deadline `kind` took, from the deadline's start to
/// its settling, over those settled in the period.
async fn stage_time(
    db: &impl ConnectionTrait,
    association: Uuid,
    kind: DeadlineKind,
    span: &Span,
) -> ApiResult<HandlingTime> {
    let pairs: Vec<(DateTime<Utc>, DateTime<Utc>)> = deadlines::Entity::find()
        .select_only()
        .column(deadlines::Column::StartedAt)
        .column(deadlines::Column::SettledAt)
        .filter(deadlines::Column::ComplaintId.in_subquery(cases_of(association)))
        .filter(deadlines::Column::Kind.eq(kind_str(kind)))
        .filter(deadlines::Column::Status.ne(RUNNING))
        .filter(span.holds(deadlines::Column::SettledAt))
        .into_tuple()
        .all(db)
        .await?;
    Ok(times(pairs))
}

async fn stage_times(
    db: &impl ConnectionTrait,
    association: Uuid,
    span: &Span,
) -> ApiResult<StageTimes> {
    let accepted: Vec<(DateTime<Utc>, DateTime<Utc>)> = complaints::Entity::find()
        .select_only()
        .column(complaints::Column::FiledAt)
        .column(complaints::Column::AcceptedAt)
        .filter(complaints::Column::AssociationId.eq(association))
        .filter(span.holds(complaints::Column::AcceptedAt))
        .into_tuple()
        .all(db)
        .await?;

    Ok(StageTimes {
        acceptance: times(accepted),
        reconciliation: stage_time(db, association, DeadlineKind::Reconciliation, span).await?,
        mediation: stage_time(db, association, DeadlineKind::Mediation, span).await?,
    })
}

#[derive(FromQueryResult)]
struct MediatorCount {
    mediator_id: Uuid,
    outcome: Option<String>,
    count: i64,
}

/// The complaints of the association with a mediator that meet `condition`,
/// counted by mediator and outcome.
async fn by_mediator(
    db: &impl ConnectionTrait,
    association: Uuid,
    condition: Condition,
) -> ApiResult<Vec<MediatorCount>> {
    Ok(complaints::Entity::find()
        .select_only()
        .column(complaints::Column::MediatorId)
        .column(complaints::Column::Outcome)
        .expr_as(complaints::Column::Id.count().cast_as("BIGINT"), "count")
        .filter(complaints::Column::AssociationId.eq(association))
        .filter(complaints::Column::MediatorId.is_not_null())
        .filter(condition)
        .group_by(complaints::Column::MediatorId)
        .group_by(complaints::Column::Outcome)
        .into_model::<MediatorCount>()
        .all(db)
        .await?)
}

async fn workloads(
    db: &impl ConnectionTrait,
    association: Uuid,
    span: &Span,
) -> ApiResult<Vec<MediatorWorkload>> {
    let ids = staff_with(db, association, &[StaffRole::Mediator]).await?;
    let people = users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let mediating = complaints::Column::State
        .eq(wire_name(ComplaintState::Mediating))
        .into();
    let now_mediating = by_mediator(db, association, mediating).await?;
    let closed = by_mediator(db, association, span.holds(complaints::Column::ClosedAt)).await?;

    let mut workloads: Vec<MediatorWorkload> = people
        .into_iter()
        .map(|person| {
            let mine = |count: &&MediatorCount| count.mediator_id == person.id;
            let mut by_outcome: Vec<FacetCount> = closed
                .iter()
                .filter(mine)
                .map(|count| FacetCount {
                    value: count
                        .outcome
                        .clone()
                        .unwrap_or_else(|| "unknown".to_owned()),
                    count: u64::try_from(count.count).unwrap_or_default(),
                })
                .collect();
            sort_counts(&mut by_outcome);
            MediatorWorkload {
                mediator_id: UserId(person.id),
                display_name: person.display_name,
                in_mediation: now_mediating
                    .iter()
                    .filter(mine)
                    .map(|count| u64::try_from(count.count).unwrap_or_default())
                    .sum(),
                closed: by_outcome.iter().map(|facet| facet.count).sum(),
                by_outcome,
            }
        })
        .collect();
    workloads.sort_by(|a, b| {
        (b.in_mediation, b.closed)
            .cmp(&(a.in_mediation, a.closed))
            .then_with(|| a.display_name.cmp(&b.display_name))
    });
    Ok(workloads)
}

/// Every month of the period with the complaints filed and closed in it.
async fn months(
    db: &impl ConnectionTrait,
    association: Uuid,
    span: &Span,
) -> ApiResult<Vec<MonthFlow>> {
    let instants = |column: complaints::Column| {
        complaints::Entity::find()
            .select_only()
            .column(column)
            .filter(complaints::Column::AssociationId.eq(association))
            .filter(span.holds(column))
            .into_tuple::<DateTime<Utc>>()
            .all(db)
    };
    let filed = instants(complaints::Column::FiledAt).await?;
    let closed = instants(complaints::Column::ClosedAt).await?;

    let mut flows: BTreeMap<String, MonthFlow> = months_between(span.from, span.to)
        .into_iter()
        .map(|month| {
            let flow = MonthFlow {
                month: month.clone(),
                filed: 0,
                closed: 0,
            };
            (month, flow)
        })
        .collect();
    for at in filed {
        if let Some(flow) = flows.get_mut(&month(at)) {
            flow.filed += 1;
        }
    }
    for at in closed {
        if let Some(flow) = flows.get_mut(&month(at)) {
            flow.closed += 1;
        }
    }
    Ok(flows.into_values().collect())
}

/// `2026-10`, `2026-11`… from the month of `from` to that of `to`.
fn months_between(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut months = Vec::new();
    let (mut year, mut month) = (from.year(), from.month());
    while (year, month) <= (to.year(), to.month()) {
        months.push(format!("{year:04}-{month:02}"));
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_months_run_from_the_first_to_the_last_inclusive() {
        let from = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let to = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();

        assert_eq!(
            months_between(from, to),
            ["2026-11", "2026-12", "2027-01", "2027-02"]
        );
    }
}
