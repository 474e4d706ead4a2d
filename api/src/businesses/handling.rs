//! The handling tally: how the complaints accepted in a period went, counted
//! per business in one aggregate query. A business's private figures, its
//! public record and the rankings all read it, so they always agree.
//!
//! Everything is computed on read from the complaints, their deadlines and
//! their timelines, so a case that moves on shows at once.

use chrono::{Duration, NaiveDate};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, Select,
};
use shared::cases::MediationEnd;
use uuid::Uuid;

use crate::complaints::filters;
use crate::deadlines::calendar::end_of_day;
use crate::deadlines::store::{MET, MISSED};
use crate::entities::{businesses, complaints, deadlines, timeline_entries};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;

/// The longest period one request may cover, in days.
pub const MAX_DAYS: i64 = 3 * 366;

/// Days in China time, both included; `from` none counts from the start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
}

impl Period {
    /// The 365 days that end with `to`.
    pub fn year_to(to: NaiveDate) -> Self {
        Period {
            from: Some(to - Duration::days(364)),
            to,
        }
    }

    /// The period a request asks for: the year to `to` (today by default),
    /// at most three years, `from` not after `to`. A problem names `field`.
    pub fn requested(
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
        field: &str,
    ) -> ApiResult<Self> {
        let to = to.unwrap_or(today);
        let from = from.unwrap_or(to - Duration::days(364));
        if from > to || (to - from).num_days() > MAX_DAYS {
            return Err(ApiError::field(
                field,
                "out_of_range",
                Text::new(
                    "起始日期不能晚于结束日期，期间最长三年。",
                    "The first day must not be after the last, and the period may span at most three years.",
                ),
            ));
        }
        Ok(Period {
            from: Some(from),
            to,
        })
    }
}

/// Which complaints a tally counts, besides the period.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// One business only.
    pub business: Option<Uuid>,
    /// Businesses whose six-digit region code starts with this (a
    /// province's two digits, a city's four, a district's six).
    pub region_prefix: Option<String>,
    /// Complaints in this category or its sub-categories.
    pub category: Option<String>,
    /// Only businesses with at least this many accepted complaints.
    pub min_cases: u64,
}

/// How one business's accepted complaints went. Each count is of cases.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub business_id: Uuid,
    /// Complaints accepted in the period.
    pub received: u64,
    /// Accepted while the business was a member: they went to reconciliation.
    pub reconciliation_cases: u64,
    /// Of those, the ones no longer in reconciliation.
    pub left_reconciliation: u64,
    /// Settled in reconciliation: the consumer accepted an offer.
    pub reconciled: u64,
    /// Reconciliation deadlines met, and missed.
    pub answered_in_time: u64,
    pub missed_deadline: u64,
    /// Mediations that ended: an agreement, an end without one, or the
    /// mediation deadline passing.
    pub mediations_ended: u64,
    /// Mediations ended because the business refused to take part.
    pub mediations_refused: u64,
    /// Mediations that reached an agreement.
    pub mediations_agreed: u64,
    /// Agreements whose performance was decided: carried out or not.
    pub performance_decided: u64,
    /// Agreements carried out: the case closed as resolved.
    pub performed: u64,
    pub ratings: u64,
    pub rating_sum: u64,
}

/// The tally of one business; all zero when it has no accepted complaint.
pub async fn of_business(
    db: &impl ConnectionTrait,
    business: Uuid,
    period: Period,
) -> ApiResult<Tally> {
    let scope = Scope {
        business: Some(business),
        ..Scope::default()
    };
    let found = tallies(db, &scope, period).await?;

    Ok(found.into_iter().next().unwrap_or(Tally {
        business_id: business,
        ..Tally::default()
    }))
}

/// The tallies of every business in scope with complaints accepted in the
/// period, in one query.
pub async fn tallies(
    db: &impl ConnectionTrait,
    scope: &Scope,
    period: Period,
) -> ApiResult<Vec<Tally>> {
    let rows = query(scope, period).into_model::<Row>().all(db).await?;
    Ok(rows.into_iter().map(Row::into_tally).collect())
}

/// The aggregate: one row per business, one column per count.
pub fn query(scope: &Scope, period: Period) -> Select<complaints::Entity> {
    let received = complaints::Column::Id.count();
    let mut select = complaints::Entity::find()
        .select_only()
        .column(complaints::Column::BusinessId)
        .expr_as(received.clone().cast_as("BIGINT"), "received")
        .filter(accepted_in(period))
        .filter(in_scope(scope))
        .group_by(complaints::Column::BusinessId);
    for (name, case) in cases() {
        select = select.expr_as(count_where(case), name);
    }
    select = select
        .expr_as(
            complaints::Column::Rating.count().cast_as("BIGINT"),
            "ratings",
        )
        .expr_as(
            complaints::Column::Rating.sum().cast_as("BIGINT"),
            "rating_sum",
        );
    if scope.min_cases > 1 {
        let min = i64::try_from(scope.min_cases).unwrap_or(i64::MAX);
        select = select.having(received.gte(min));
    }
    select
}

fn accepted_in(period: Period) -> Condition {
    let mut condition =
        Condition::all().add(complaints::Column::AcceptedAt.lt(end_of_day(period.to)));
    if let Some(from) = period.from {
        condition =
            condition.add(complaints::Column::AcceptedAt.gte(end_of_day(from - Duration::days(1))));
    }
    condition
}

fn in_scope(scope: &Scope) -> Condition {
    let mut condition = Condition::all();
    if let Some(business) = scope.business {
        condition = condition.add(complaints::Column::BusinessId.eq(business));
    }
    if let Some(prefix) = &scope.region_prefix {
        // A range rather than LIKE, so that a plain index on the code serves it.
        let in_region = Query::select()
            .column(businesses::Column::Id)
            .from(businesses::Entity)
            .and_where(businesses::Column::RegionCode.gte(format!("{prefix:0<6}")))
            .and_where(businesses::Column::RegionCode.lte(format!("{prefix:9<6}")))
            .to_owned();
        condition = condition.add(complaints::Column::BusinessId.in_subquery(in_region));
    }
    if let Some(code) = &scope.category {
        condition = condition.add(filters::in_category(code));
    }
    condition
}

/// Each counted kind of case, by the name of its column in the result.
fn cases() -> Vec<(&'static str, Condition)> {
    let member = complaints::Column::BusinessWasMember.eq(true);
    vec![
        ("reconciliation_cases", Condition::all().add(member.clone())),
        (
            "left_reconciliation",
            Condition::all()
                .add(member)
                .add(complaints::Column::State.ne("reconciling")),
        ),
        ("reconciled", has_entry(&["offer_accepted"])),
        ("answered_in_time", has_reconciliation_deadline(MET)),
        ("missed_deadline", has_reconciliation_deadline(MISSED)),
        (
            "mediations_ended",
            has_entry(&[
                "agreement_recorded",
                "mediation_ended",
                "mediation_deadline_passed",
            ]),
        ),
        ("mediations_refused", refused_mediation()),
        ("mediations_agreed", has_entry(&["agreement_recorded"])),
        (
            "performance_decided",
            Condition::all().add(complaints::Column::Outcome.is_in(["resolved", "not_performed"])),
        ),
        (
            "performed",
            Condition::all().add(complaints::Column::Outcome.eq("resolved")),
        ),
    ]
}

/// `SUM(CASE WHEN … THEN 1 ELSE 0 END)`: how many complaints match.
fn count_where(condition: Condition) -> Expr {
    Expr::case(condition, 1).finally(0).sum().cast_as("BIGINT")
}

fn has_entry(kinds: &[&str]) -> Condition {
    Condition::all().add(Expr::exists(entries_of_kind(kinds)))
}

/// The mediation ended with the reason `business_refused`. The payload is
/// compact JSON written by the server, so the pair appears exactly so; a
/// note quoting it would have its quotes escaped.
fn refused_mediation() -> Condition {
    let reason = serde_json::to_string(&MediationEnd::BusinessRefused).unwrap_or_default();
    let mut entries = entries_of_kind(&["mediation_ended"]);
    entries.and_where(timeline_entries::Column::Payload.like(format!("%\"reason\":{reason}%")));
    Condition::all().add(Expr::exists(entries))
}

fn entries_of_kind(kinds: &[&str]) -> SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from(timeline_entries::Entity)
        .and_where(
            Expr::col((
                timeline_entries::Entity,
                timeline_entries::Column::ComplaintId,
            ))
            .equals((complaints::Entity, complaints::Column::Id)),
        )
        .and_where(timeline_entries::Column::Kind.is_in(kinds.iter().copied()))
        .to_owned()
}

fn has_reconciliation_deadline(status: &str) -> Condition {
    let settled = Query::select()
        .expr(Expr::val(1))
        .from(deadlines::Entity)
        .and_where(
            Expr::col((deadlines::Entity, deadlines::Column::ComplaintId))
                .equals((complaints::Entity, complaints::Column::Id)),
        )
        .and_where(deadlines::Column::Kind.eq("reconciliation"))
        .and_where(deadlines::Column::Status.eq(status))
        .to_owned();
    Condition::all().add(Expr::exists(settled))
}

/// One row of the aggregate, as the database returns it.
#[derive(FromQueryResult)]
struct Row {
    business_id: Uuid,
    received: i64,
    reconciliation_cases: Option<i64>,
    left_reconciliation: Option<i64>,
    reconciled: Option<i64>,
    answered_in_time: Option<i64>,
    missed_deadline: Option<i64>,
    mediations_ended: Option<i64>,
    mediations_refused: Option<i64>,
    mediations_agreed: Option<i64>,
    performance_decided: Option<i64>,
    performed: Option<i64>,
    ratings: i64,
    rating_sum: Option<i64>,
}

impl Row {
    fn into_tally(self) -> Tally {
        let count = |n: Option<i64>| u64::try_from(n.unwrap_or(0)).unwrap_or(0);
        Tally {
            business_id: self.business_id,
            received: count(Some(self.received)),
            reconciliation_cases: count(self.reconciliation_cases),
            left_reconciliation: count(self.left_reconciliation),
            reconciled: count(self.reconciled),
            answered_in_time: count(self.answered_in_time),
            missed_deadline: count(self.missed_deadline),
            mediations_ended: count(self.mediations_ended),
            mediations_refused: count(self.mediations_refused),
            mediations_agreed: count(self.mediations_agreed),
            performance_decided: count(self.performance_decided),
            performed: count(self.performed),
            ratings: count(Some(self.ratings)),
            rating_sum: count(self.rating_sum),
        }
    }
}
