//! The inbox's filters as one database condition, shared by the list, the
//! counts and the CSV export. Every filter given must hold, so they combine
//! freely; a value that can match nothing (an unknown category, another
//! business's outlet) is a 422 naming its parameter, not an empty list.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::SelectStatement;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait,
};
use shared::accounts::UserKind;
use shared::cases::ComplaintFilter;

use crate::auth::Principal;
use crate::businesses::outlets;
use crate::complaints::view::wire_name;
use crate::deadlines::store::RUNNING;
use crate::entities::{complaints, deadlines};
use crate::error::{ApiResult, Fields};
use crate::i18n::Text;

/// The furthest `due_within_days` looks ahead.
const MAX_DAYS: u32 = 365;

/// Checks the filters and returns them as one condition on complaints.
pub async fn condition(
    db: &impl ConnectionTrait,
    principal: &Principal,
    filter: &ComplaintFilter,
    now: DateTime<Utc>,
) -> ApiResult<Condition> {
    check(db, principal, filter).await?;

    let mut condition = Condition::all();
    if let Some(wanted) = filter.state {
        condition = condition.add(complaints::Column::State.eq(wire_name(wanted)));
    }
    if let Some(code) = category(filter) {
        condition = condition.add(in_category(code));
    }
    if let Some(days) = filter.due_within_days {
        let horizon = now + Duration::days(i64::from(days));
        condition = condition.add(complaints::Column::Id.in_subquery(due_by(horizon, true)));
    }
    match filter.overdue {
        Some(true) => {
            condition = condition.add(complaints::Column::Id.in_subquery(due_by(now, false)))
        }
        Some(false) => {
            condition = condition.add(complaints::Column::Id.not_in_subquery(due_by(now, false)))
        }
        None => {}
    }
    if let Some(outlet) = filter.outlet_id {
        condition = condition.add(complaints::Column::OutletId.eq(outlet.0));
    }
    if filter.assigned_to_me == Some(true) {
        condition = condition.add(complaints::Column::MediatorId.eq(principal.user_id.0));
    }
    Ok(condition)
}

/// Complaints in the category `code` or any of its sub-categories.
pub fn in_category(code: &str) -> Condition {
    Condition::any()
        .add(complaints::Column::CategoryCode.eq(code))
        .add(complaints::Column::CategoryCode.starts_with(format!("{code}.")))
}

fn category(filter: &ComplaintFilter) -> Option<&str> {
    filter
        .category_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// The complaints with a running, unpaused deadline due by `horizon`
/// (`inclusive`), or before it. A paused deadline's clock stands still, so
/// it is never due.
fn due_by(horizon: DateTime<Utc>, inclusive: bool) -> SelectStatement {
    let due = if inclusive {
        deadlines::Column::DueAt.lte(horizon)
    } else {
        deadlines::Column::DueAt.lt(horizon)
    };
    deadlines::Entity::find()
        .select_only()
        .column(deadlines::Column::ComplaintId)
        .filter(deadlines::Column::Status.eq(RUNNING))
        .filter(deadlines::Column::PausedAt.is_null())
        .filter(due)
        .into_query()
}

/// Reports every filter that cannot be used, at once.
async fn check(
    db: &impl ConnectionTrait,
    principal: &Principal,
    filter: &ComplaintFilter,
) -> ApiResult<()> {
    let mut fields = Fields::default();
    crate::complaints::taxonomy::check_category(db, category(filter), &mut fields).await?;
    if filter.due_within_days.is_some_and(|days| days > MAX_DAYS) {
        fields.push(
            "due_within_days",
            "out_of_range",
            Text::new(
                "天数应在 0 到 365 之间。",
                "The number of days must be 0 to 365.",
            ),
        );
    }
    if let Some(outlet) = filter.outlet_id {
        let found = outlets::find(db, outlet).await?;
        let mine = |business: uuid::Uuid| {
            principal.kind != UserKind::Business
                || principal.business_id.map(|b| b.0) == Some(business)
        };
        if !found.is_some_and(|o| mine(o.business_id)) {
            fields.push(
                "outlet_id",
                "unknown_outlet",
                Text::new(
                    "没有这个网点，请从经营者的网点列表中选择。",
                    "No such outlet; choose one from the business's outlets.",
                ),
            );
        }
    }
    fields.finish()
}
