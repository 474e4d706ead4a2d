//! China's 31 provincial-level divisions of the mainland as a tile-grid map:
//! one square per province, placed roughly where it lies, shaded by a count.
//! A table of the same figures follows for screen readers.

use leptos::prelude::*;

use super::bar_chart::unique_id;
use crate::i18n::Language;

/// One province: its GB/T 2260 code, names and place in the grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Province {
    pub code: &'static str,
    /// The full Chinese name, `广东省`.
    pub name_zh: &'static str,
    pub name_en: &'static str,
    /// The one-character Chinese abbreviation, `粤`.
    pub short_zh: &'static str,
    /// The two-letter ISO 3166-2:CN code, `GD`.
    pub short_en: &'static str,
    pub column: u8,
    pub row: u8,
}

impl Province {
    /// The province's name in `language`.
    pub fn name(&self, language: Language) -> &'static str {
        match language {
            Language::ZhCn => self.name_zh,
            Language::En => self.name_en,
        }
    }

    fn short(&self, language: Language) -> &'static str {
        match language {
            Language::ZhCn => self.short_zh,
            Language::En => self.short_en,
        }
    }
}

macro_rules! provinces {
    ($(($code:literal, $zh:literal, $en:literal, $short_zh:literal, $short_en:literal, $column:literal, $row:literal)),* $(,)?) => {
        /// Every province, by code.
        pub const PROVINCES: &[Province] = &[$(Province {
            code: $code,
            name_zh: $zh,
            name_en: $en,
            short_zh: $short_zh,
            short_en: $short_en,
            column: $column,
            row: $row,
        }),*];
    };
}

provinces! {
    ("110000", "北京市", "Beijing", "京", "BJ", 4, 1),
    ("120000", "天津市", "Tianjin", "津", "TJ", 5, 1),
    ("130000", "河北省", "Hebei", "冀", "HE", 4, 2),
    ("140000", "山西省", "Shanxi", "晋", "SX", 3, 2),
    ("150000", "内蒙古自治区", "Inner Mongolia", "蒙", "NM", 3, 1),
    ("210000", "辽宁省", "Liaoning", "辽", "LN", 6, 1),
    ("220000", "吉林省", "Jilin", "吉", "JL", 7, 1),
    ("230000", "黑龙江省", "Heilongjiang", "黑", "HL", 7, 0),
    ("310000", "上海市", "Shanghai", "沪", "SH", 6, 3),
    ("320000", "江苏省", "Jiangsu", "苏", "JS", 5, 3),
    ("330000", "浙江省", "Zhejiang", "浙", "ZJ", 5, 4),
    ("340000", "安徽省", "Anhui", "皖", "AH", 4, 3),
    ("350000", "福建省", "Fujian", "闽", "FJ", 5, 5),
    ("360000", "江西省", "Jiangxi", "赣", "JX", 4, 4),
    ("370000", "山东省", "Shandong", "鲁", "SD", 5, 2),
    ("410000", "河南省", "Henan", "豫", "HA", 3, 3),
    ("420000", "湖北省", "Hubei", "鄂", "HB", 3, 4),
    ("430000", "湖南省", "Hunan", "湘", "HN", 3, 5),
    ("440000", "广东省", "Guangdong", "粤", "GD", 4, 6),
    ("450000", "广西壮族自治区", "Guangxi", "桂", "GX", 3, 6),
    ("460000", "海南省", "Hainan", "琼", "HI", 3, 7),
    ("500000", "重庆市", "Chongqing", "渝", "CQ", 2, 4),
    ("510000", "四川省", "Sichuan", "川", "SC", 1, 4),
    ("520000", "贵州省", "Guizhou", "黔", "GZ", 2, 5),
    ("530000", "云南省", "Yunnan", "滇", "YN", 1, 5),
    ("540000", "西藏自治区", "Xizang", "藏", "XZ", 0, 3),
    ("610000", "陕西省", "Shaanxi", "陕", "SN", 2, 3),
    ("620000", "甘肃省", "Gansu", "甘", "GS", 1, 2),
    ("630000", "青海省", "Qinghai", "青", "QH", 1, 3),
    ("640000", "宁夏回族自治区", "Ningxia", "宁", "NX", 2, 2),
    ("650000", "新疆维吾尔自治区", "Xinjiang", "新", "XJ", 0, 2),
}

/// The province a region code lies in: `440305` is in `440000`.
pub fn province_of(region_code: &str) -> Option<&'static Province> {
    let prefix = region_code.get(..2)?;
    PROVINCES
        .iter()
        .find(|province| province.code.starts_with(prefix) && region_code.len() == 6)
}

/// The name of the province `region_code` lies in, or the code itself when
/// it is not a mainland division.
pub fn region_label(region_code: &str, language: Language) -> String {
    province_of(region_code)
        .map(|province| province.name(language).to_owned())
        .unwrap_or_else(|| region_code.to_owned())
}

/// How many shades the map uses; shade 0 means none counted.
pub const SHADES: usize = 5;

/// The shade of a province with `count` when the largest count is `max`:
/// 0 for none, then 1 to `SHADES - 1` by share of the largest.
pub fn shade(count: u64, max: u64) -> usize {
    if count == 0 || max == 0 {
        return 0;
    }
    let steps = (SHADES - 1) as u64;
    let step = (count.min(max) * steps).div_ceil(max);
    step.clamp(1, steps) as usize
}

const TILE: f64 = 38.0;
const GAP: f64 = 3.0;

/// The map: every province as a tile shaded by its count in `counts`
/// (province code and count), labelled, with a table of the counts.
#[component]
pub fn ProvinceMap(
    /// Names the map; also its accessible name.
    #[prop(into)]
    caption: Signal<String>,
    /// Counts by province code; provinces not listed count zero.
    #[prop(into)]
    counts: Signal<Vec<(String, u64)>>,
    /// The language of the labels.
    #[prop(into)]
    language: Signal<Language>,
    /// The header of the table's first column.
    #[prop(into)]
    label_header: Signal<String>,
    /// The header of the table's count column.
    #[prop(into)]
    value_header: Signal<String>,
) -> impl IntoView {
    let caption_id = unique_id("province-map");
    let max = Signal::derive(move || {
        counts.with(|counts| counts.iter().map(|(_, count)| *count).max().unwrap_or(0))
    });
    let tiles = move || {
        let counts = counts.get();
        let language = language.get();
        let max = max.get();
        PROVINCES
            .iter()
            .map(|province| {
                let count = count_of(&counts, province.code);
                tile(province, count, shade(count, max), language)
            })
            .collect_view()
    };
    let rows = move || {
        let language = language.get();
        let mut counts = counts.get();
        counts.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
        counts
            .into_iter()
            .map(|(code, count)| view! { <tr><th scope="row">{region_label(&code, language)}</th><td>{count}</td></tr> })
            .collect_view()
    };
    let size = 8.0 * (TILE + GAP);

    view! {
        <figure class="chart province-map">
            <figcaption id=caption_id.clone()>{caption}</figcaption>
            <svg role="img" aria-labelledby=caption_id viewBox=format!("0 0 {size} {size}")>
                {tiles}
            </svg>
            <Legend max/>
            <table class="visually-hidden">
                <thead><tr><th scope="col">{label_header}</th><th scope="col">{value_header}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
}

fn count_of(counts: &[(String, u64)], code: &str) -> u64 {
    counts
        .iter()
        .filter(|(candidate, _)| candidate == code)
        .map(|(_, count)| *count)
        .sum()
}

/// One province's square with its short name and count.
fn tile(province: &Province, count: u64, shade: usize, language: Language) -> impl IntoView {
    let x = f64::from(province.column) * (TILE + GAP);
    let y = f64::from(province.row) * (TILE + GAP);
    let title = format!("{}: {count}", province.name(language));

    view! {
        <g class=format!("tile shade-{shade}")>
            <title>{title}</title>
            <rect x=x y=y width=TILE height=TILE rx="4"/>
            <text x=x + TILE / 2.0 y=y + 16.0 text-anchor="middle">{province.short(language)}</text>
            <text class="count" x=x + TILE / 2.0 y=y + 31.0 text-anchor="middle">{count}</text>
        </g>
    }
}

/// The shades from none to most, as a strip of swatches.
#[component]
fn Legend(max: Signal<u64>) -> impl IntoView {
    view! {
        <div class="map-legend" aria-hidden="true">
            <span>"0"</span>
            {(0..SHADES).map(|shade| view! { <span class=format!("swatch shade-{shade}")></span> }).collect_view()}
            <span>{max}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn the_map_covers_all_31_mainland_provinces_once() {
        let codes: HashSet<&str> = PROVINCES.iter().map(|province| province.code).collect();

        assert_eq!(PROVINCES.len(), 31);
        assert_eq!(codes.len(), 31);
        for code in codes {
            assert!(code.len() == 6 && code.ends_with("0000"), "{code}");
            assert!(code.bytes().all(|byte| byte.is_ascii_digit()), "{code}");
        }
    }

    #[test]
    fn no_two_provinces_share_a_tile_and_all_fit_the_grid() {
        let cells: HashSet<(u8, u8)> = PROVINCES
            .iter()
            .map(|province| (province.column, province.row))
            .collect();

        assert_eq!(cells.len(), PROVINCES.len());
        assert!(cells.iter().all(|(column, row)| *column < 8 && *row < 8));
    }

    #[test]
    fn every_province_has_names_in_both_languages() {
        for province in PROVINCES {
            assert!(!province.name_zh.is_empty() && !province.short_zh.is_empty());
            assert_eq!(province.short_en.len(), 2, "{}", province.code);
            assert!(province.name_en.is_ascii(), "{}", province.code);
        }
    }

    #[test]
    fn a_district_code_finds_its_province() {
        assert_eq!(province_of("440305").map(|it| it.name_zh), Some("广东省"));
        assert_eq!(province_of("110000").map(|it| it.short_en), Some("BJ"));
        assert_eq!(province_of("990000"), None);
        assert_eq!(region_label("US-CA", Language::En), "US-CA");
    }

    #[test]
    fn shades_grow_with_the_count_and_none_is_blank() {
        assert_eq!(shade(0, 100), 0);
        assert_eq!(shade(1, 100), 1);
        assert_eq!(shade(50, 100), 2);
        assert_eq!(shade(100, 100), SHADES - 1);
        assert_eq!(shade(5, 0), 0);

        let shades: Vec<usize> = (0..=100).map(|count| shade(count, 100)).collect();
        assert!(shades.windows(2).all(|pair| pair[0] <= pair[1]));
    }
}
