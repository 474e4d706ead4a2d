//! Complaint numbers: the filing date in China time, the day's sequence and a
//! check digit. The sequence comes from one counter row per day, bumped
//! atomically by an upsert, so two filings never share a number.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, Iden};
use shared::complaints::ComplaintNumber;

use crate::deadlines::calendar::china;
use crate::entities::complaint_counters::{Column, Entity};
use crate::error::{ApiError, ApiResult};

/// The next number for a complaint filed at `now`.
pub async fn next(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ApiResult<ComplaintNumber> {
    let day = now.with_timezone(&china()).format("%Y%m%d").to_string();
    let bump = Query::insert()
        .into_table(Entity)
        .columns([Column::Day, Column::Last])
        .values_panic([day.clone().into(), 1.into()])
        .on_conflict(
            OnConflict::column(Column::Day)
                .value(Column::Last, Expr::col((Entity, Column::Last)).add(1))
                .to_owned(),
        )
        .returning_col(Column::Last)
        .to_owned();

    let row = db
        .query_one(&bump)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("the day counter returned no row")))?;
    let sequence: i32 = row.try_get("", &Column::Last.to_string())?;

    u32::try_from(sequence)
        .ok()
        .and_then(|sequence| ComplaintNumber::new(&day, sequence))
        .ok_or_else(|| {
            ApiError::internal(anyhow::anyhow!(
                "complaint number {sequence} for {day} is out of range (at most 999999 a day)"
            ))
        })
}
