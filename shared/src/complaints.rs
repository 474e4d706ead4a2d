//! The complaint's states, outcomes and actions, shared so that the SPA shows
//! exactly what the server enforces.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a complaint stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplaintState {
    /// Filed, awaiting the association's decision (待受理).
    Submitted,
    /// The association asked the consumer for more; its clock is paused (待补充材料).
    InfoRequested,
    /// Accepted; the member business and the consumer settle directly (和解中).
    Reconciling,
    /// The association's mediator works on an agreement (调解中).
    Mediating,
    /// An agreement waits to be carried out (待履行).
    AwaitingPerformance,
    /// Finished, with an outcome (已办结).
    Closed,
}

/// How a closed complaint ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// An agreement was carried out (已解决).
    Resolved,
    /// The association declined the complaint (不予受理).
    Rejected,
    /// The consumer withdrew it (撤回).
    Withdrawn,
    /// Mediation ended without agreement (调解不成).
    MediationFailed,
    /// The business did not carry out the agreement by its due date (未履行).
    NotPerformed,
}

/// Something a party, or the deadline sweeper, does to a complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Accept,
    Reject,
    RequestInfo,
    AnswerInfo,
    Transfer,
    MakeOffer,
    AcceptOffer,
    DeclineOffer,
    RecordAgreement,
    EndMediation,
    ConfirmPerformance,
    Withdraw,
    Rate,
    /// The sweeper: an information request went unanswered.
    InfoRequestExpired,
    /// The sweeper: the business let the reconciliation deadline pass.
    ReconciliationExpired,
    /// The sweeper: mediation ran past its deadline.
    MediationExpired,
    /// The sweeper: the agreement's due date passed unperformed.
    PerformanceExpired,
}

impl ActionKind {
    pub const ALL: [ActionKind; 17] = [
        Self::Accept,
        Self::Reject,
        Self::RequestInfo,
        Self::AnswerInfo,
        Self::Transfer,
        Self::MakeOffer,
        Self::AcceptOffer,
        Self::DeclineOffer,
        Self::RecordAgreement,
        Self::EndMediation,
        Self::ConfirmPerformance,
        Self::Withdraw,
        Self::Rate,
        Self::InfoRequestExpired,
        Self::ReconciliationExpired,
        Self::MediationExpired,
        Self::PerformanceExpired,
    ];
}

/// The part a caller plays in one complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseRole {
    /// The consumer who filed it.
    Consumer,
    /// A user of the business complained about.
    Business,
    /// Intake staff (or an admin) of the handling association.
    Intake,
    /// A mediator of the handling association.
    Mediator,
    /// The deadline sweeper.
    System,
}

/// The number people read out on the phone: the filing date in China time,
/// the day's sequence and a check digit, as `20261204-000042-7`. Sorting the
/// numbers sorts the complaints by filing date.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ComplaintNumber(String);

impl ComplaintNumber {
    /// The number of the `sequence`-th complaint filed on `date` (`YYYYMMDD`).
    pub fn new(date: &str, sequence: u32) -> Option<Self> {
        let well_formed =
            date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) && sequence <= 999_999;
        if !well_formed {
            return None;
        }
        let body = format!("{date}{sequence:06}");
        Some(Self(format!("{date}-{sequence:06}-{}", luhn_digit(&body))))
    }

    /// Accepts the number with or without dashes or spaces; refuses a wrong check digit.
    pub fn parse(input: &str) -> Option<Self> {
        let digits: String = input.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
        if digits.len() != 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let sequence = digits[8..14].parse().ok()?;
        let number = Self::new(&digits[..8], sequence)?;
        (number.0.ends_with(&digits[14..])).then_some(number)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ComplaintNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The Luhn check digit of a string of digits: catches any single mistyped
/// digit and most swaps of neighbours.
fn luhn_digit(digits: &str) -> u32 {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(index, byte)| {
            let digit = u32::from(byte - b'0');
            if index % 2 == 0 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_reads_date_sequence_and_check_digit() {
        let number = ComplaintNumber::new("20261204", 42).unwrap();

        assert!(number.as_str().starts_with("20261204-000042-"));
        assert_eq!(
            ComplaintNumber::parse(number.as_str()),
            Some(number.clone())
        );
        assert_eq!(
            ComplaintNumber::parse(&number.as_str().replace('-', " ")),
            Some(number)
        );
    }

    #[test]
    fn a_single_mistyped_digit_is_caught() {
        let number = ComplaintNumber::new("20261204", 42).unwrap();
        let digits: Vec<char> = number
            .as_str()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();

        for position in 0..digits.len() {
            for replacement in '0'..='9' {
                if replacement == digits[position] {
                    continue;
                }
                let mut typo = digits.clone();
                typo[position] = replacement;
                let typo: String = typo.into_iter().collect();
                assert_eq!(ComplaintNumber::parse(&typo), None, "{typo}");
            }
        }
    }

    #[test]
    fn numbers_sort_by_filing_date() {
        let earlier = ComplaintNumber::new("20261130", 999_999).unwrap();
        let later = ComplaintNumber::new("20261201", 1).unwrap();

        assert!(earlier < later);
    }
}

/// What a running deadline is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// The association decides whether to accept (受理).
    Acceptance,
    /// The consumer answers a request for information.
    Information,
    /// The member business reconciles with the consumer (和解).
    Reconciliation,
    /// The mediator concludes mediation (调解).
    Mediation,
    /// The business carries out the agreement (履行).
    Performance,
}
