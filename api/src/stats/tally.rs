//! One pass over the public copies: every count, the money recovered and
//! the handling times, added up row by row in Rust so that SQLite and
//! PostgreSQL give the same figures (months and durations need no
//! database-specific date functions).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::FromQueryResult;
use shared::publication::{FacetCount, Stage};
use shared::stats::{HandlingStage, MoneyRecovered, PublicStats, StageDuration};

use crate::deadlines::calendar::china;
use crate::error::{ApiError, ApiResult};
use crate::search::query::{sort_counts, top_level};

/// The columns of `published_complaints` the statistics read.
#[derive(Clone, Debug, FromQueryResult)]
pub struct StatsRow {
    pub id: i32,
    pub number: String,
    pub filed_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub category_code: String,
    pub nature_code: String,
    pub province_code: String,
    pub outcome: Option<String>,
    pub amount_recovered_fen: Option<i64>,
    /// JSON array of `shared::publication::Stage`.
    pub stages: String,
}

/// The steps that mark an agreement: an offer the consumer accepted in
/// reconciliation, or a mediation agreement recorded by the mediator.
const AGREEMENT: &[&str] = &["offer_accepted", "agreement_recorded"];

/// A running mean of durations.
#[derive(Clone, Copy, Debug, Default)]
struct Mean {
    seconds: i64,
    cases: u64,
}

impl Mean {
    /// Adds a duration; one below zero (only if a clock was set back) is
    /// left out rather than pulling the mean down.
    fn add(&mut self, start: Option<DateTime<Utc>>, end: Option<DateTime<Utc>>) {
        let (Some(start), Some(end)) = (start, end) else {
            return;
        };
        let seconds = (end - start).num_seconds();
        if seconds >= 0 {
            self.seconds += seconds;
            self.cases += 1;
        }
    }

    fn duration(self, stage: HandlingStage) -> StageDuration {
        let average_hours = (self.cases > 0).then(|| {
            let hours = self.seconds as f64 / self.cases as f64 / 3600.0;
            (hours * 10.0).round() / 10.0
        });
        StageDuration {
            stage,
            average_hours,
            cases: self.cases,
        }
    }
}

/// The figures added up so far.
#[derive(Debug, Default)]
pub struct Tally {
    total: u64,
    months: BTreeMap<String, u64>,
    categories: HashMap<String, u64>,
    natures: HashMap<String, u64>,
    provinces: HashMap<String, u64>,
    outcomes: HashMap<String, u64>,
    recovered: MoneyRecovered,
    filing_to_acceptance: Mean,
    acceptance_to_agreement: Mean,
    agreement_to_performance: Mean,
    acceptance_to_closing: Mean,
}

impl Tally {
    /// Counts one published complaint.
    pub fn add(&mut self, row: &StatsRow) -> ApiResult<()> {
        let stages: Vec<Stage> = serde_json::from_str(&row.stages).map_err(|error| {
            ApiError::internal(anyhow::anyhow!(
                "the public copy of complaint {} holds unreadable stages ({error}); rebuild it",
                row.number
            ))
        })?;

        self.total += 1;
        let month = row.filed_at.with_timezone(&china()).format("%Y-%m");
        *self.months.entry(month.to_string()).or_default() += 1;
        bump(&mut self.categories, &row.category_code);
        bump(&mut self.natures, &row.nature_code);
        bump(&mut self.provinces, &row.province_code);
        bump(&mut self.outcomes, row.outcome.as_deref().unwrap_or("open"));
        if let Some(fen) = row.amount_recovered_fen {
            self.recovered.amount_fen += fen;
            self.recovered.cases += 1;
        }

        self.filing_to_acceptance
            .add(Some(row.filed_at), row.accepted_at);
        self.acceptance_to_closing
            .add(row.accepted_at, row.closed_at);
        let accepted = first(&stages, &["accepted"], None);
        let agreed = accepted.and_then(|at| first(&stages, AGREEMENT, Some(at)));
        let performed = agreed.and_then(|at| first(&stages, &["performance_confirmed"], Some(at)));
        self.acceptance_to_agreement.add(accepted, agreed);
        self.agreement_to_performance.add(agreed, performed);
        Ok(())
    }

    pub fn finish(self, from: chrono::NaiveDate, to: chrono::NaiveDate) -> PublicStats {
        let by_category_code = counts(self.categories);
        PublicStats {
            from,
            to,
            total: self.total,
            by_month: self
                .months
                .into_iter()
                .map(|(value, count)| FacetCount { value, count })
                .collect(),
            by_category: top_level(by_category_code.clone()),
            by_category_code,
            by_nature: counts(self.natures),
            by_province: counts(self.provinces),
            by_outcome: counts(self.outcomes),
            money_recovered: self.recovered,
            handling_times: vec![
                self.filing_to_acceptance
                    .duration(HandlingStage::FilingToAcceptance),
                self.acceptance_to_agreement
                    .duration(HandlingStage::AcceptanceToAgreement),
                self.agreement_to_performance
                    .duration(HandlingStage::AgreementToPerformance),
                self.acceptance_to_closing
                    .duration(HandlingStage::AcceptanceToClosing),
            ],
        }
    }
}

fn bump(counts: &mut HashMap<String, u64>, value: &str) {
    *counts.entry(value.to_owned()).or_default() += 1;
}

fn counts(map: HashMap<String, u64>) -> Vec<FacetCount> {
    let mut counts: Vec<FacetCount> = map
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    sort_counts(&mut counts);
    counts
}

/// When the first of these steps happened, at or after `since` (when given).
fn first(stages: &[Stage], steps: &[&str], since: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    stages
        .iter()
        .filter(|stage| steps.contains(&stage.step.as_str()))
        .map(|stage| stage.at)
        .filter(|at| since.is_none_or(|since| *at >= since))
        .min()
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn at(hours: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 31, 16, 0, 0).unwrap() + Duration::hours(hours)
    }

    fn row(stages: &[(&str, i64)]) -> StatsRow {
        let stages: Vec<Stage> = stages
            .iter()
            .map(|(step, hours)| Stage {
                step: (*step).to_owned(),
                at: at(*hours),
            })
            .collect();
        StatsRow {
            id: 1,
            number: "20260401000001".to_owned(),
            filed_at: at(0),
            accepted_at: Some(at(10)),
            closed_at: None,
            category_code: "goods.appliances".to_owned(),
            nature_code: "quality".to_owned(),
            province_code: "440000".to_owned(),
            outcome: None,
            amount_recovered_fen: None,
            stages: serde_json::to_string(&stages).unwrap(),
        }
    }

    fn hours(stats: &PublicStats, stage: HandlingStage) -> (Option<f64>, u64) {
        let found = stats
            .handling_times
            .iter()
            .find(|d| d.stage == stage)
            .unwrap();
        (found.average_hours, found.cases)
    }

    #[test]
    fn the_month_is_the_month_of_filing_in_china() {
        let mut tally = Tally::default();

        tally.add(&row(&[("filed", 0)])).unwrap();

        let stats = tally.finish(at(0).date_naive(), at(0).date_naive());
        assert_eq!(stats.by_month[0].value, "2026-04");
        assert_eq!(stats.by_outcome[0].value, "open");
    }

    #[test]
    fn stages_are_timed_from_the_first_step_after_the_previous_one() {
        let mut tally = Tally::default();
        let settled = row(&[
            ("filed", 0),
            ("accepted", 10),
            ("offer_accepted", 40),
            ("agreement_recorded", 60),
            ("performance_confirmed", 100),
        ]);
        let unsettled = row(&[("filed", 0), ("accepted", 20)]);

        tally.add(&settled).unwrap();
        tally.add(&unsettled).unwrap();

        let stats = tally.finish(at(0).date_naive(), at(0).date_naive());
        assert_eq!(
            hours(&stats, HandlingStage::AcceptanceToAgreement),
            (Some(30.0), 1)
        );
        assert_eq!(
            hours(&stats, HandlingStage::AgreementToPerformance),
            (Some(60.0), 1)
        );
        assert_eq!(
            hours(&stats, HandlingStage::FilingToAcceptance),
            (Some(10.0), 2)
        );
        assert_eq!(hours(&stats, HandlingStage::AcceptanceToClosing), (None, 0));
    }

    #[test]
    fn unreadable_stages_are_an_error_naming_the_complaint() {
        let mut broken = row(&[]);
        broken.stages = "not json".to_owned();

        let error = Tally::default().add(&broken).unwrap_err();

        let cause = format!("{:#}", error.cause.unwrap());
        assert!(cause.contains("20260401000001"), "{cause}");
    }
}
