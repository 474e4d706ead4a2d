//! The CFPB sample: real US complaints against real companies, mapped onto
//! the platform. Each company is a member business (so reconciliation
//! applies); each state is a region of the US tree (`90` + FIPS + `00`).

use std::collections::HashMap;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::Deserialize;
use shared::cases::{Channel, Demand};

use super::case::{BusinessKey, CasePath, ConsumerKey, End, SourceCase, seed};
use super::text::split_description;

const DATA: &str = include_str!("../../data/replay/cfpb_complaints.csv");
const US_STATES: &str = include_str!("../../../migrations/data/regions/us_states.json");
/// The US root region: complaints without a state.
const UNITED_STATES: &str = "900000";
/// Consumer accounts per state; a state's complaints are spread over them.
const CONSUMERS_PER_STATE: u64 = 4;

#[derive(Deserialize)]
struct Row {
    #[serde(rename = "Date received")]
    date_received: String,
    #[serde(rename = "Product")]
    product: String,
    #[serde(rename = "Sub-product")]
    sub_product: String,
    #[serde(rename = "Issue")]
    issue: String,
    #[serde(rename = "Sub-issue")]
    sub_issue: String,
    #[serde(rename = "Consumer complaint narrative")]
    narrative: String,
    #[serde(rename = "Company public response")]
    public_response: String,
    #[serde(rename = "Company")]
    company: String,
    #[serde(rename = "State")]
    state: String,
    #[serde(rename = "Consumer consent provided?")]
    consent: String,
    #[serde(rename = "Company response to consumer")]
    response: String,
    #[serde(rename = "Timely response?")]
    timely: String,
    #[serde(rename = "Consumer disputed?")]
    disputed: String,
    #[serde(rename = "Complaint ID")]
    id: String,
}

#[derive(Deserialize)]
struct State {
    fips: String,
    postal: String,
}

/// Every complaint of the sample, oldest first.
pub fn cases() -> Result<Vec<SourceCase>> {
    let states: Vec<State> = serde_json::from_str(US_STATES).context("reading the US states")?;
    let regions: HashMap<String, String> = states
        .into_iter()
        .map(|s| (s.postal, format!("90{}00", s.fips)))
        .collect();

    let mut reader = csv::Reader::from_reader(DATA.as_bytes());
    let mut cases = Vec::new();
    for row in reader.deserialize::<Row>() {
        let row = row.context("reading the CFPB file")?;
        cases.push(case(row, &regions)?);
    }
    Ok(cases)
}

fn case(row: Row, regions: &HashMap<String, String>) -> Result<SourceCase> {
    let source_id = format!("cfpb-{}", row.id);
    let filed = NaiveDate::parse_from_str(&row.date_received, "%Y-%m-%d")
        .with_context(|| format!("{source_id}: date {}", row.date_received))?;
    let region_code = regions
        .get(row.state.trim())
        .cloned()
        .unwrap_or_else(|| UNITED_STATES.to_owned());
    let narrative = row.narrative.trim();
    let text = match narrative.chars().count() {
        0 => summary(&row),
        // Too short to stand alone as a description: the record's fields first.
        1..20 => format!("{} {narrative}", summary(&row)),
        _ => narrative.to_owned(),
    };
    let (description, continued) = split_description(&text);
    let amount_fen = money(&row.narrative);

    Ok(SourceCase {
        filed_at: filed.and_hms_opt(2, 0, 0).unwrap_or_default().and_utc(),
        consumer: ConsumerKey {
            pool: format!("us-{region_code}"),
            index: (seed(&source_id) % CONSUMERS_PER_STATE) as u32,
        },
        business: BusinessKey {
            name: row.company.trim().to_owned(),
            credit_code: None,
            region_code: UNITED_STATES.to_owned(),
            member: true,
        },
        region_code,
        category_code: "services.finance".to_owned(),
        nature_code: nature(&row.issue).to_owned(),
        channel: Channel::Other,
        channel_platform: None,
        description,
        continued,
        demands: vec![Demand::Other],
        other_demand: Some(format!("Resolve: {}", row.issue.trim())),
        consent_to_publish: row.consent == "Consent provided",
        path: path(&row, amount_fen),
        public_response: Some(row.public_response.trim().to_owned()).filter(|r| !r.is_empty()),
        source_id,
    })
}

/// A description from the record's fields when the consumer gave no narrative.
fn summary(row: &Row) -> String {
    let mut text = row.product.trim().to_owned();
    for part in [&row.sub_product, &row.issue, &row.sub_issue] {
        let part = part.trim();
        if !part.is_empty() && part != "I do not know" {
            text.push_str(" — ");
            text.push_str(part);
        }
    }
    text.push('.');
    text
}

/// How the case went: the company's response, whether it was timely, and
/// whether the consumer disputed it.
fn path(row: &Row, amount_fen: Option<i64>) -> CasePath {
    let overdue = row.timely == "No" || row.response == "Untimely response";
    let end = match row.response.as_str() {
        "In progress" => End::Open,
        "Untimely response" => End::MediationFailed,
        "Closed with explanation" if row.disputed == "Yes" => End::MediationFailed,
        "Closed with explanation" => End::Agreement,
        _ if row.disputed == "Yes" => End::MediationFailed,
        _ if overdue => End::Agreement,
        _ => End::Reconciled,
    };
    let monetary = row.response == "Closed with monetary relief";
    CasePath {
        end,
        overdue,
        amount_fen: if monetary { amount_fen } else { None },
    }
}

fn nature(issue: &str) -> &'static str {
    let issue = issue.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| issue.contains(w));
    if has(&[
        "report",
        "investigation",
        "identity",
        "fraud alert",
        "sharing",
        "share information",
        "monitoring",
    ]) {
        "personal_information"
    } else if has(&["fee", "interest", "charg"]) {
        "price"
    } else if has(&["false statement", "advertis", "disclosure"]) {
        "false_advertising"
    } else if has(&["tactic", "threat"]) {
        "dignity"
    } else if has(&["fraud", "scam"]) {
        "other"
    } else {
        "contract"
    }
}

/// The first amount the narrative names, as the CFPB writes it: `{$7100.00}`.
fn money(narrative: &str) -> Option<i64> {
    let start = narrative.find("{$")? + 2;
    let end = start + narrative[start..].find('}')?;
    let amount: f64 = narrative[start..end].replace(',', "").parse().ok()?;
    (amount > 0.0 && amount < 10_000_000.0).then(|| (amount * 100.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_maps_and_the_record_decides_the_end() {
        let cases = cases().unwrap();

        assert_eq!(cases.len(), 6623);
        assert_eq!(cases.iter().filter(|c| c.path.end == End::Open).count(), 35);
        assert!(cases.iter().all(|c| c.description.chars().count() >= 20));
        assert!(cases.iter().all(|c| c.description.chars().count() <= 5000));
        let late = cases
            .iter()
            .find(|c| c.source_id == "cfpb-1342794")
            .unwrap();
        assert_eq!(late.region_code, "901100");
        assert!(late.path.overdue);
        assert_eq!(late.path.end, End::Agreement);
        assert!(late.consent_to_publish);
        assert_eq!(late.business.name, "Credit Protection Association, L.P.");
    }

    #[test]
    fn amounts_are_read_as_the_cfpb_writes_them() {
        assert_eq!(money("a payment of {$7,100.50} was taken"), Some(710_050));
        assert_eq!(money("no money named"), None);
    }
}
