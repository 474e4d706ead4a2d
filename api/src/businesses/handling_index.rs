//! The complaint-handling index (投诉处理指数): one number from 0 to 100
//! that sums up a handling tally. `docs/handling-index.md` explains it.
//!
//! Each rate is weighted; a rate with no case to measure drops out and the
//! weights of the others are scaled up to fill its place. A business with
//! fewer accepted complaints than the minimum gets no index at all.

use shared::records::{HandlingRates, IndexWithheld, Rate, Satisfaction};

use crate::businesses::handling::Tally;

/// The weights of the rates, out of 100.
pub const ANSWERED_IN_TIME: f64 = 25.0;
pub const RECONCILIATION_SUCCESS: f64 = 20.0;
pub const MEDIATION_COOPERATION: f64 = 15.0;
pub const MEDIATION_SUCCESS: f64 = 10.0;
pub const AGREEMENTS_PERFORMED: f64 = 20.0;
pub const SATISFACTION: f64 = 10.0;

/// The rates of a tally, for the wire.
pub fn rates(tally: &Tally) -> HandlingRates {
    HandlingRates {
        answered_in_time: rate(
            tally.answered_in_time,
            tally.answered_in_time + tally.missed_deadline,
        ),
        reconciliation_success: rate(tally.reconciled, tally.left_reconciliation),
        mediation_cooperation: rate(cooperated(tally), tally.mediations_ended),
        mediation_success: rate(tally.mediations_agreed, tally.mediations_ended),
        agreements_performed: rate(tally.performed, tally.performance_decided),
        satisfaction: Satisfaction {
            ratings: tally.ratings,
            average: average_rating(tally).map(|mean| round(mean, 2)),
        },
    }
}

/// The index with one decimal, or why there is none.
pub fn index(tally: &Tally, min_cases: u64) -> Result<f64, IndexWithheld> {
    if tally.received < min_cases {
        return Err(IndexWithheld::TooFewCases);
    }

    let (weighted, weights) = components(tally)
        .into_iter()
        .filter_map(|(weight, value)| value.map(|value| (weight * value, weight)))
        .fold((0.0, 0.0), |(sum, total), (part, weight)| {
            (sum + part, total + weight)
        });
    if weights == 0.0 {
        return Err(IndexWithheld::NothingMeasured);
    }
    Ok(round(100.0 * weighted / weights, 1))
}

/// Each rate with its weight; `None` when it has no case to measure.
fn components(tally: &Tally) -> [(f64, Option<f64>); 6] {
    let in_time = tally.answered_in_time + tally.missed_deadline;
    [
        (ANSWERED_IN_TIME, ratio(tally.answered_in_time, in_time)),
        (
            RECONCILIATION_SUCCESS,
            ratio(tally.reconciled, tally.left_reconciliation),
        ),
        (
            MEDIATION_COOPERATION,
            ratio(cooperated(tally), tally.mediations_ended),
        ),
        (
            MEDIATION_SUCCESS,
            ratio(tally.mediations_agreed, tally.mediations_ended),
        ),
        (
            AGREEMENTS_PERFORMED,
            ratio(tally.performed, tally.performance_decided),
        ),
        (
            SATISFACTION,
            average_rating(tally).map(|mean| (mean - 1.0) / 4.0),
        ),
    ]
}

/// Mediations that ended without the business refusing to take part.
fn cooperated(tally: &Tally) -> u64 {
    tally
        .mediations_ended
        .saturating_sub(tally.mediations_refused)
}

fn rate(count: u64, of: u64) -> Rate {
    Rate {
        count,
        of,
        value: ratio(count, of).map(|value| round(value, 4)),
    }
}

fn ratio(count: u64, of: u64) -> Option<f64> {
    (of > 0).then(|| count as f64 / of as f64)
}

fn average_rating(tally: &Tally) -> Option<f64> {
    ratio(tally.rating_sum, tally.ratings)
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally() -> Tally {
        Tally {
            received: 12,
            ..Tally::default()
        }
    }

    #[test]
    fn every_rate_weighs_as_documented() {
        // Answered in time 3/4, reconciled 1/2, cooperation 2/3, mediation
        // success 1/3, performed 1/1, satisfaction (4 - 1) / 4 = 0.75:
        // 25·0.75 + 20·0.5 + 15·0.6667 + 10·0.3333 + 20·1 + 10·0.75
        // = 18.75 + 10 + 10 + 3.3333 + 20 + 7.5 = 69.5833 of 100.
        let tally = Tally {
            answered_in_time: 3,
            missed_deadline: 1,
            left_reconciliation: 2,
            reconciled: 1,
            mediations_ended: 3,
            mediations_refused: 1,
            mediations_agreed: 1,
            performance_decided: 1,
            performed: 1,
            ratings: 2,
            rating_sum: 8,
            ..tally()
        };

        assert_eq!(index(&tally, 10), Ok(69.6));
    }

    #[test]
    fn a_rate_without_cases_drops_out_and_the_rest_fill_its_weight() {
        // Only answered in time (1/2, weight 25) and performed (0/1, weight
        // 20): (25·0.5 + 20·0) / 45 = 0.2778.
        let tally = Tally {
            answered_in_time: 1,
            missed_deadline: 1,
            performance_decided: 1,
            ..tally()
        };

        assert_eq!(index(&tally, 10), Ok(27.8));
    }

    #[test]
    fn too_few_cases_or_nothing_measured_withholds_the_index() {
        let few = Tally {
            received: 9,
            answered_in_time: 1,
            ..Tally::default()
        };

        assert_eq!(index(&few, 10), Err(IndexWithheld::TooFewCases));
        assert_eq!(index(&tally(), 10), Err(IndexWithheld::NothingMeasured));
    }

    #[test]
    fn rates_carry_their_counts_and_rounded_values() {
        let tally = Tally {
            mediations_ended: 3,
            mediations_refused: 1,
            ratings: 3,
            rating_sum: 11,
            ..tally()
        };

        let rates = rates(&tally);

        assert_eq!(
            rates.mediation_cooperation,
            Rate {
                count: 2,
                of: 3,
                value: Some(0.6667)
            }
        );
        assert_eq!(rates.answered_in_time.value, None);
        assert_eq!(rates.satisfaction.average, Some(3.67));
    }
}
