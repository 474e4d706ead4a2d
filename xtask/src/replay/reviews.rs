//! Real negative Chinese reviews of online shopping and food delivery, as
//! complaint descriptions of Chinese consumers, against generated businesses
//! with valid social credit codes spread over real divisions, with a
//! realistic mix of outcomes.

use anyhow::{Context, Result};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;
use shared::cases::{Channel, Demand};
use shared::validation::free_text;

use super::case::{BusinessKey, CasePath, ConsumerKey, End, SourceCase, seed};

const SHOPPING: &str = include_str!("../../data/replay/shopping_negative.csv");
const WAIMAI: &str = include_str!("../../data/replay/waimai_negative.csv");
const CITIES: &str = include_str!("../../../migrations/data/divisions/cities.json");
const AREAS: &str = include_str!("../../../migrations/data/divisions/areas.json");

/// Businesses generated per product category.
const BUSINESSES_PER_CATEGORY: u64 = 8;
/// Consumer accounts per province.
const CONSUMERS_PER_PROVINCE: u64 = 6;
/// Shortest review taken as a complaint, in characters.
const MIN_CHARS: usize = 20;
/// The longest description the platform takes.
const MAX_CHARS: usize = 5000;
/// The replayed reviews are filed over the same months as most of the CFPB
/// sample, so that both end together; open ones in the last ten days.
const FIRST_DAY: (i32, u32, u32) = (2018, 7, 1);
const LAST_DAY: (i32, u32, u32) = (2020, 3, 19);

#[derive(Deserialize)]
struct Review {
    id: String,
    #[serde(default)]
    cat: Option<String>,
    review: String,
}

#[derive(Deserialize)]
struct Division {
    code: String,
    name: String,
}

/// A product category of the corpus and where it sits in the taxonomy.
struct Kind {
    corpus: &'static str,
    category: &'static str,
    trade: &'static str,
    platform: &'static str,
}

const KINDS: &[Kind] = &[
    Kind {
        corpus: "书籍",
        category: "goods.jewellery",
        trade: "图书",
        platform: "网上书店",
    },
    Kind {
        corpus: "平板",
        category: "goods.appliances.computers",
        trade: "数码科技",
        platform: "网购平台",
    },
    Kind {
        corpus: "手机",
        category: "goods.appliances.phones",
        trade: "通讯器材",
        platform: "网购平台",
    },
    Kind {
        corpus: "水果",
        category: "goods.food.food",
        trade: "果业",
        platform: "生鲜电商",
    },
    Kind {
        corpus: "洗发水",
        category: "goods.daily.cosmetics",
        trade: "日化",
        platform: "网购平台",
    },
    Kind {
        corpus: "热水器",
        category: "goods.appliances",
        trade: "电器",
        platform: "网购平台",
    },
    Kind {
        corpus: "蒙牛",
        category: "goods.food.food",
        trade: "乳品",
        platform: "网购平台",
    },
    Kind {
        corpus: "衣服",
        category: "goods.clothing.clothes",
        trade: "服饰",
        platform: "网购平台",
    },
    Kind {
        corpus: "计算机",
        category: "goods.appliances.computers",
        trade: "电脑",
        platform: "网购平台",
    },
    Kind {
        corpus: "酒店",
        category: "services.living.lodging",
        trade: "酒店管理",
        platform: "在线旅行平台",
    },
    Kind {
        corpus: "外卖",
        category: "services.living.catering",
        trade: "餐饮管理",
        platform: "外卖平台",
    },
];

const TRADE_NAMES: &[&str] = &[
    "恒信", "佳禾", "鑫源", "瑞丰", "嘉诚", "华泰", "永兴", "创达", "宏图", "新锐", "博远", "联合",
];

/// Every usable review of both corpora, in file order.
pub fn cases() -> Result<Vec<SourceCase>> {
    let cities: Vec<Division> = serde_json::from_str(CITIES).context("reading cities")?;
    let areas: Vec<Division> = serde_json::from_str(AREAS).context("reading counties")?;
    let mut cases = Vec::new();
    for (file, prefix) in [(SHOPPING, "shopping"), (WAIMAI, "waimai")] {
        let mut reader = csv::Reader::from_reader(file.as_bytes());
        for review in reader.deserialize::<Review>() {
            let review = review.with_context(|| format!("reading the {prefix} reviews"))?;
            // Reviews the platform would refuse as a description are left
            // out: too short, or (one of the take-away reviews) holding a
            // hidden control character.
            let Ok(text) = free_text(&review.review, MIN_CHARS, MAX_CHARS) else {
                continue;
            };
            let text = text.as_str();
            let corpus = review.cat.as_deref().unwrap_or("外卖");
            let Some(kind) = KINDS.iter().find(|k| k.corpus == corpus) else {
                continue;
            };
            let source_id = format!("{prefix}-{}", review.id);
            cases.push(case(source_id, text, kind, &cities, &areas));
        }
    }
    Ok(cases)
}

fn case(
    source_id: String,
    text: &str,
    kind: &Kind,
    cities: &[Division],
    areas: &[Division],
) -> SourceCase {
    let hash = seed(&source_id);
    let business = business(kind, hash % BUSINESSES_PER_CATEGORY, cities, areas);
    let path = path(hash, business.member);
    let filed_at = filing_day(hash, path.end == End::Open);
    let (demands, other_demand) = demands(text);

    SourceCase {
        filed_at,
        consumer: consumer(hash, &business.region_code),
        region_code: business.region_code.clone(),
        business,
        category_code: kind.category.to_owned(),
        nature_code: nature(text).to_owned(),
        channel: Channel::OnlinePlatform,
        channel_platform: Some(kind.platform.to_owned()),
        description: text.to_owned(),
        continued: Vec::new(),
        demands,
        other_demand,
        consent_to_publish: (hash >> 16) % 10 < 6,
        path,
        public_response: None,
        source_id,
    }
}

/// A consumer of the province; one in forty complaints is the demo
/// consumer's, so that their list has cases in every state.
fn consumer(hash: u64, region: &str) -> ConsumerKey {
    if (hash >> 40).is_multiple_of(40) {
        return ConsumerKey {
            pool: "demo".to_owned(),
            index: 0,
        };
    }
    ConsumerKey {
        pool: format!("cn-{}", &region[..2]),
        index: ((hash >> 8) % CONSUMERS_PER_PROVINCE) as u32,
    }
}

/// One of the category's generated businesses, in a county chosen by its
/// name, with a credit code whose region part is that county.
fn business(kind: &Kind, index: u64, cities: &[Division], areas: &[Division]) -> BusinessKey {
    let hash = seed(&format!("{}-{index}", kind.corpus));
    let area = &areas[(hash % areas.len() as u64) as usize];
    let city = cities
        .iter()
        .find(|c| area.code.starts_with(&c.code))
        .map_or(area.name.as_str(), |c| c.name.as_str());
    let city = if city == "市辖区" || city.ends_with("直辖县级行政区划") {
        area.name.as_str()
    } else {
        city
    };
    let place = city.trim_end_matches('市');
    let trade_name = TRADE_NAMES[((hash >> 8) % TRADE_NAMES.len() as u64) as usize];

    BusinessKey {
        name: format!("{place}{trade_name}{}有限公司", kind.trade),
        credit_code: Some(credit_code(&area.code, hash)),
        region_code: area.code.clone(),
        member: (hash >> 20) % 10 < 8,
    }
}

/// A valid unified social credit code (GB 32100) of a company registered
/// in `region`: `91`, the region, nine characters, the check character.
pub fn credit_code(region: &str, hash: u64) -> String {
    const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u64; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];

    let mut code = format!("91{region}");
    let mut bits = hash;
    for _ in 0..9 {
        code.push(ALPHABET[(bits % 31) as usize] as char);
        bits /= 31;
    }
    let sum: u64 = code
        .bytes()
        .zip(WEIGHTS)
        .map(|(byte, weight)| ALPHABET.iter().position(|c| *c == byte).unwrap_or(0) as u64 * weight)
        .sum();
    code.push(ALPHABET[((31 - sum % 31) % 31) as usize] as char);
    code
}

/// Most settle between the parties; some are mediated, rejected, overdue or
/// withdrawn, and some are still open.
fn path(hash: u64, member: bool) -> CasePath {
    let roll = (hash >> 24) % 100;
    let (end, overdue) = match roll {
        0..=49 => (End::Reconciled, false),
        50..=61 => (End::Agreement, false),
        62..=66 => (End::MediationFailed, false),
        67..=74 => (End::Rejected, false),
        75..=77 => (End::Agreement, true),
        78..=80 => (End::MediationFailed, true),
        81..=86 => (End::Withdrawn, false),
        _ => (End::Open, false),
    };
    // Without membership there is no reconciliation: accepted means mediation.
    let end = if !member && end == End::Reconciled {
        End::Agreement
    } else {
        end
    };
    CasePath {
        end,
        overdue: overdue && member,
        amount_fen: None,
    }
}

fn filing_day(hash: u64, open: bool) -> DateTime<Utc> {
    let day = |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let (first, last) = (day(FIRST_DAY), day(LAST_DAY));
    let span = (last - first).num_days().max(1) as u64;
    let date = if open {
        last - Duration::days(((hash >> 32) % 10) as i64)
    } else {
        first + Duration::days(((hash >> 32) % span) as i64)
    };
    date.and_hms_opt(2, 0, 0).unwrap_or_default().and_utc()
}

fn nature(text: &str) -> &'static str {
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["假货", "假的", "正品", "盗版", "山寨"]) {
        "counterfeit"
    } else if has(&["不卫生", "头发", "虫子", "苍蝇", "变质", "馊"]) {
        "safety"
    } else if has(&["分量", "量少", "太少", "缺斤"]) {
        "measurement"
    } else if has(&["降价", "差价", "太贵", "价格"]) {
        "price"
    } else if has(&["描述不符", "与图片", "宣传", "不一样"]) {
        "false_advertising"
    } else if has(&["客服", "售后", "不理", "态度"]) {
        "after_sales"
    } else if has(&["送餐", "太慢", "迟到", "等了", "超时"]) {
        "contract"
    } else {
        "quality"
    }
}

fn demands(text: &str) -> (Vec<Demand>, Option<String>) {
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    let mut demands = Vec::new();
    if has(&["退款", "退货", "退钱"]) {
        demands.push(Demand::Refund);
    }
    if has(&["换货", "更换", "换一"]) {
        demands.push(Demand::Replacement);
    }
    if has(&["维修", "修理", "返修"]) {
        demands.push(Demand::Repair);
    }
    if has(&["赔偿", "补偿"]) {
        demands.push(Demand::Compensation);
    }
    if has(&["道歉"]) {
        demands.push(Demand::Apology);
    }
    if demands.is_empty() {
        demands.push(Demand::Refund);
    }
    (demands, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_credit_codes_pass_the_platform_check() {
        for hash in [0, 1, 42, u64::MAX, 0x1234_5678_9abc_def0] {
            let code = credit_code("440305", hash);
            assert!(
                shared::validation::SocialCreditCode::parse(&code).is_ok(),
                "{code}"
            );
        }
    }

    #[test]
    fn reviews_of_twenty_characters_or_more_are_taken_from_both_corpora() {
        let cases = cases().unwrap();

        assert!(
            cases
                .iter()
                .all(|c| free_text(&c.description, MIN_CHARS, MAX_CHARS).is_ok())
        );
        assert!(
            !cases.iter().any(|c| c.source_id == "waimai-4551"),
            "the review holding a backspace (U+0008) is left out"
        );
        let waimai = cases
            .iter()
            .filter(|c| c.source_id.starts_with("waimai-"))
            .count();
        let shopping = cases.len() - waimai;
        assert!(waimai > 4000 && shopping > 20000, "{waimai} {shopping}");
        let ends: std::collections::HashSet<_> =
            cases.iter().map(|c| format!("{:?}", c.path.end)).collect();
        assert_eq!(ends.len(), 6, "every kind of end occurs: {ends:?}");
        assert!(cases.iter().all(|c| {
            shared::validation::SocialCreditCode::parse(c.business.credit_code.as_deref().unwrap())
                .is_ok()
        }));
    }
}
