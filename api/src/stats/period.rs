//! The filters of the public statistics: a period of filing dates in China
//! time, a region at any level and a category with everything below it.

use chrono::{Duration, NaiveDate};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait};
use shared::stats::PublicStatsQuery;

use crate::complaints::taxonomy::check_category;
use crate::deadlines::calendar::end_of_day;
use crate::entities::published_complaints as published;
use crate::error::{ApiResult, Fields};
use crate::i18n::Text;
use crate::search::query::{category_condition, check_region, region_condition};

/// The longest period one request may cover, in days (three years).
pub const MAX_DAYS: i64 = 3 * 366;

/// Checked filters: the period resolved, and the condition on the public copies.
pub struct StatsFilter {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub condition: Condition,
}

impl StatsFilter {
    /// Checks every parameter, reporting all problems at once. Without
    /// dates the period is the 365 days up to `today`.
    pub async fn new(
        db: &impl ConnectionTrait,
        query: &PublicStatsQuery,
        today: NaiveDate,
    ) -> ApiResult<Self> {
        let mut fields = Fields::default();
        let to = query.to.unwrap_or(today);
        let from = query.from.unwrap_or(to - Duration::days(364));
        check_period(from, to, &mut fields);
        check_region(db, query.region_code.as_deref(), &mut fields).await?;
        check_category(db, query.category_code.as_deref(), &mut fields).await?;
        fields.finish()?;

        let mut condition = Condition::all()
            .add(published::Column::FiledAt.gte(end_of_day(from - Duration::days(1))))
            .add(published::Column::FiledAt.lt(end_of_day(to)));
        if let Some(region) = &query.region_code {
            condition = condition.add(region_condition(region));
        }
        if let Some(category) = &query.category_code {
            condition = condition.add(category_condition(category));
        }
        Ok(Self {
            from,
            to,
            condition,
        })
    }
}

pub fn check_period(from: NaiveDate, to: NaiveDate, fields: &mut Fields) {
    if from > to {
        fields.push(
            "from",
            "out_of_range",
            Text::new(
                "起始日期不能晚于结束日期。",
                "`from` must not be after `to`.",
            ),
        );
    } else if (to - from).num_days() > MAX_DAYS {
        fields.push(
            "from",
            "period_too_long",
            Text::new(
                "统计期间最长三年，请缩短期间或分几次查询。",
                "The period spans at most three years; shorten it or ask for it in parts.",
            ),
        );
    }
}
