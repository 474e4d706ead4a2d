//! Three real complaints published on 黑猫投诉 (Sina's complaint platform),
//! kept as an example of a Chinese complaint record: the business (masked by
//! that platform), what the consumer demands, and the text. The business has
//! not joined this platform, and the records say nothing of an ending, so
//! each case is accepted and stays open, published because the business is
//! not a member.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::Deserialize;
use shared::cases::{Channel, Demand};

use super::case::{BusinessKey, CasePath, ConsumerKey, End, SourceCase};
use super::text::split_description;

const DATA: &str = include_str!("../../data/replay/heimao_complaints.csv");
/// The records name no place: the national region, served by the national
/// association.
const CHINA: &str = "000000";

#[derive(Deserialize)]
struct Row {
    date: String,
    /// The business, as the platform masked it (`信*飞`).
    title: String,
    /// The consumer's text.
    summary: String,
    /// What the complaint is about (投诉对象): the business's app.
    object: String,
    /// What the consumer demands (投诉要求), comma-separated.
    demands: String,
    /// The complaint's page on its platform; its number is our source id.
    href: String,
}

/// Every complaint of the file, in file order.
pub fn cases() -> Result<Vec<SourceCase>> {
    let mut reader = csv::Reader::from_reader(DATA.as_bytes());
    let mut cases = Vec::new();
    for (index, row) in reader.deserialize::<Row>().enumerate() {
        let row = row.context("reading the 黑猫投诉 file")?;
        cases.push(case(row, index as u32)?);
    }
    Ok(cases)
}

fn case(row: Row, index: u32) -> Result<SourceCase> {
    let source_id = format!("heimao-{}", complaint_number(&row.href)?);
    let filed = NaiveDate::parse_from_str(&row.date, "%Y-%m-%d")
        .with_context(|| format!("{source_id}: date {}", row.date))?;
    let (description, continued) = split_description(row.summary.trim());

    Ok(SourceCase {
        filed_at: filed.and_hms_opt(2, 0, 0).unwrap_or_default().and_utc(),
        consumer: ConsumerKey {
            pool: "cn-heimao".to_owned(),
            index,
        },
        business: BusinessKey {
            name: row.title.trim().to_owned(),
            credit_code: None,
            region_code: CHINA.to_owned(),
            member: false,
        },
        region_code: CHINA.to_owned(),
        category_code: "services.finance".to_owned(),
        nature_code: nature(&row.summary).to_owned(),
        channel: Channel::OnlinePlatform,
        channel_platform: Some(row.object.trim().to_owned()),
        description,
        continued,
        demands: demands(&row.demands),
        other_demand: Some(row.demands.trim().to_owned()),
        // Published by the consumer on that platform already.
        consent_to_publish: true,
        path: CasePath {
            end: End::Open,
            overdue: false,
            amount_fen: None,
        },
        public_response: None,
        source_id,
    })
}

/// The number in `…/complaint/view/17390396995/?sld=…`.
fn complaint_number(href: &str) -> Result<&str> {
    href.split('/')
        .find(|part| part.len() >= 8 && part.bytes().all(|b| b.is_ascii_digit()))
        .with_context(|| format!("no complaint number in {href}"))
}

/// Refund when the consumer asks for money back; the words themselves are
/// kept as the other demand, so nothing the consumer asked for is lost.
fn demands(text: &str) -> Vec<Demand> {
    let mut demands = Vec::new();
    if text.contains('退') {
        demands.push(Demand::Refund);
    }
    if text.contains('赔') {
        demands.push(Demand::Compensation);
    }
    if text.contains("道歉") {
        demands.push(Demand::Apology);
    }
    demands.push(Demand::Other);
    demands
}

fn nature(text: &str) -> &'static str {
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["催收", "骚扰", "辱骂", "威胁", "恐吓"]) {
        "dignity"
    } else if has(&["利息", "费", "年化"]) {
        "price"
    } else {
        "contract"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_maps_with_its_demands_and_text_whole() {
        let cases = cases().unwrap();

        assert_eq!(cases.len(), 3);
        let first = &cases[0];
        assert_eq!(first.source_id, "heimao-17390396995");
        assert_eq!(first.filed_at.to_rfc3339(), "2025-11-23T02:00:00+00:00");
        assert_eq!(first.business.name, "信*飞");
        assert!(!first.business.member);
        assert_eq!(first.channel_platform.as_deref(), Some("信*飞App"));
        assert_eq!(first.demands, vec![Demand::Refund, Demand::Other]);
        assert_eq!(first.other_demand.as_deref(), Some("退息费，退会员费"));
        assert_eq!(first.nature_code, "price");
        assert!(first.description.starts_with("本人在2024年12月25日"));
        assert!(first.continued.is_empty());
        assert_eq!(cases[2].nature_code, "dignity");
        assert_eq!(
            cases[2].other_demand.as_deref(),
            Some("停止骚扰,调整利率,道歉赔偿/解释,处罚,销账,撤销征信问题")
        );
        assert_eq!(
            cases[2].demands,
            vec![Demand::Compensation, Demand::Apology, Demand::Other]
        );
        assert!(cases.iter().all(|c| c.path.end == End::Open));
    }
}
