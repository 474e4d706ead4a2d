//! The published-complaints search as a URL: every filter lives in the query
//! string of `/complaints`, so a search can be bookmarked, shared and reloaded.
//! The parameters carry the API's own names and values.

use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::client::encode;
use shared::publication::PublicSearchQuery;

/// The path of the published complaints list.
pub const LIST_PATH: &str = "/complaints";

/// Every parameter of the search, in the order URLs carry them.
pub const NAMES: [&str; 11] = [
    "q",
    "business_id",
    "category_code",
    "nature_code",
    "region_code",
    "state",
    "outcome",
    "filed_from",
    "filed_to",
    "deadline_met",
    "sort",
];

/// The search a URL's query string describes. `get` reads one parameter;
/// values that do not parse are left out rather than failing the page.
pub fn from_params(get: impl Fn(&str) -> Option<String>) -> PublicSearchQuery {
    let text = |name: &str| get(name).map(|value| value.trim().to_owned());
    let text = |name: &str| text(name).filter(|value| !value.is_empty());

    PublicSearchQuery {
        q: text("q"),
        business_id: text("business_id").and_then(|value| parse(&value)),
        category_code: text("category_code"),
        nature_code: text("nature_code"),
        region_code: text("region_code"),
        state: text("state").and_then(|value| parse(&value)),
        outcome: text("outcome").and_then(|value| parse(&value)),
        filed_from: text("filed_from").and_then(|value| parse(&value)),
        filed_to: text("filed_to").and_then(|value| parse(&value)),
        deadline_met: text("deadline_met").and_then(|value| value.parse().ok()),
        sort: text("sort").and_then(|value| parse(&value)),
        cursor: None,
        limit: None,
    }
}

/// `/complaints?…` for `query`; paging (`cursor`, `limit`) stays out of the URL.
pub fn href(query: &PublicSearchQuery) -> String {
    let pairs = pairs(query);
    if pairs.is_empty() {
        return LIST_PATH.to_owned();
    }
    let joined: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect();
    format!("{LIST_PATH}?{}", joined.join("&"))
}

/// The parameters of `query` in a fixed order, without the empty ones.
pub fn pairs(query: &PublicSearchQuery) -> Vec<(&'static str, String)> {
    let candidates = [
        ("q", query.q.clone()),
        ("business_id", query.business_id.map(|id| id.to_string())),
        ("category_code", query.category_code.clone()),
        ("nature_code", query.nature_code.clone()),
        ("region_code", query.region_code.clone()),
        ("state", query.state.map(|state| wire(&state))),
        ("outcome", query.outcome.map(|outcome| wire(&outcome))),
        ("filed_from", query.filed_from.map(|day| day.to_string())),
        ("filed_to", query.filed_to.map(|day| day.to_string())),
        (
            "deadline_met",
            query.deadline_met.map(|met| met.to_string()),
        ),
        ("sort", query.sort.map(|sort| wire(&sort))),
    ];
    candidates
        .into_iter()
        .filter_map(|(name, value)| Some((name, value.filter(|it| !it.is_empty())?)))
        .collect()
}

/// How `value` is spelled on the wire, without JSON quotes.
pub fn wire(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The value whose wire spelling is `text`, if any.
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use chrono::NaiveDate;
    use shared::BusinessId;
    use shared::complaints::{ComplaintState, Outcome};
    use shared::publication::PublicSort;

    use super::*;

    /// Reads the query string of `url` the way the router hands it over.
    fn params_of(url: &str) -> HashMap<String, String> {
        let Some((_, query)) = url.split_once('?') else {
            return HashMap::new();
        };
        query
            .split('&')
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap();
                (name.to_owned(), decode(value))
            })
            .collect()
    }

    fn decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut index = 0;
        while index < bytes.len() {
            if bytes[index] == b'%' {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                index += 3;
            } else {
                out.push(bytes[index]);
                index += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    fn every_filter() -> PublicSearchQuery {
        PublicSearchQuery {
            q: Some("手机 退款&换货".into()),
            business_id: parse::<BusinessId>("0190d0e4-5c1a-7b2e-9f00-1234567890ab"),
            category_code: Some("goods.appliances".into()),
            nature_code: Some("quality".into()),
            region_code: Some("440000".into()),
            state: Some(ComplaintState::Closed),
            outcome: Some(Outcome::MediationFailed),
            filed_from: NaiveDate::from_ymd_opt(2026, 1, 1),
            filed_to: NaiveDate::from_ymd_opt(2026, 12, 31),
            deadline_met: Some(false),
            sort: Some(PublicSort::Oldest),
            cursor: None,
            limit: None,
        }
    }

    #[test]
    fn every_filter_survives_the_round_trip_through_the_url() {
        let query = every_filter();

        let url = href(&query);
        let params = params_of(&url);
        let back = from_params(|name| params.get(name).cloned());

        assert_eq!(back, query);
        assert!(url.starts_with("/complaints?q=%E6%89%8B"), "{url}");
        assert!(url.contains("outcome=mediation_failed"), "{url}");
        assert!(url.contains("deadline_met=false"), "{url}");
    }

    #[test]
    fn an_empty_search_is_the_bare_list() {
        assert_eq!(href(&PublicSearchQuery::default()), "/complaints");
    }

    #[test]
    fn paging_stays_out_of_the_url() {
        let query = PublicSearchQuery {
            cursor: Some("abc".into()),
            limit: Some(20),
            ..PublicSearchQuery::default()
        };

        assert_eq!(href(&query), "/complaints");
    }

    #[test]
    fn values_that_do_not_parse_are_left_out() {
        let params: HashMap<&str, &str> = [
            ("q", "   "),
            ("state", "sleeping"),
            ("filed_from", "2026-13-40"),
            ("deadline_met", "maybe"),
            ("business_id", "not-a-uuid"),
            ("sort", "relevance"),
        ]
        .into();

        let query = from_params(|name| params.get(name).map(|value| (*value).to_owned()));

        assert_eq!(
            query,
            PublicSearchQuery {
                sort: Some(PublicSort::Relevance),
                ..PublicSearchQuery::default()
            }
        );
    }
}
