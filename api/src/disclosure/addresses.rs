//! Street addresses: everything below the district is removed and the
//! province, city and district stay readable, so 深圳市南山区科技园南区8栋
//! 1203室 becomes 深圳市南山区【地址】.

use super::redaction::RedactedKind as Kind;
use super::text::{Found, Scan, is_han};

/// Characters that close the name of a province, city, district or county.
const DIVISION_ENDS: &str = "省市区县旗州盟";

/// Words ending in a division character that are not divisions.
const NOT_DIVISIONS: &[&str] = &[
    "超市", "门市", "菜市", "夜市", "股市", "上市", "小区", "社区", "园区", "景区", "校区", "专区",
    "郊区", "分区", "展区", "市区", "片区", "辖区", "灾区", "误区", "营区", "街区", "商区", "禁区",
    "市县", "利市", "黑市", "开市",
];

/// Words inside a place name that show it is below the district.
const STREET_WORDS: &[&str] = &[
    "路", "街", "道", "巷", "弄", "号", "栋", "幢", "室", "村", "镇", "乡", "园", "苑", "小区",
    "大厦", "广场", "公寓", "中心",
];

/// Words that introduce an address without a division before it.
const ADDRESS_CUES: &[&str] = &[
    "收货地址",
    "地址",
    "住址",
    "住在",
    "家住",
    "寄到",
    "送到",
    "送至",
    "寄至",
    "寄往",
    "位于",
    "搬到",
    "住的是",
];

/// Endings that may close an address after a number: 8栋, 1203室.
const NUMBERED_ENDS: &[&str] = &[
    "号楼", "号院", "单元", "号", "栋", "幢", "座", "室", "楼", "层", "组", "弄", "户", "房", "排",
];

/// Endings that close a place name below the district: 望京西园, 科技路.
const NAMED_ENDS: &[&str] = &[
    "小区", "花园", "大厦", "公寓", "家园", "新村", "广场", "苑", "村", "路", "街", "大道", "巷",
    "胡同", "镇", "乡", "街道", "社区", "庄", "屯", "湾", "园", "城", "中心", "宿舍",
];

/// Characters an address does not run through.
const STOPS: &str = "的了说是在我你他她们这那但却都也就还被把给让要已才再又很不没等收送寄买到并且而或及和跟哪什么怎谁";

const NUMERALS: &str = "0123456789一二三四五六七八九十零〇两";

const LONGEST_TAIL: usize = 40;

/// Shorter tails (8楼, 家里) say too little to identify anyone.
const SHORTEST_TAIL: usize = 4;

pub(super) fn find(scan: &Scan) -> Vec<Found<Kind>> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < scan.len() {
        let start = division_end(scan, i).or_else(|| cue_end(scan, i));
        let Some(start) = start else {
            i += 1;
            continue;
        };

        let start = skip_divisions(scan, start);
        match tail_end(scan, start) {
            Some(end) => {
                found.push(Found {
                    kind: Kind::Address,
                    start,
                    end,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// The position after a division name ending at `i` (南山区, 深圳市).
fn division_end(scan: &Scan, i: usize) -> Option<usize> {
    let c = scan.at(i);
    let named = i >= 2 && is_han(scan.before(i)) && is_han(scan.before(i - 1));
    let excluded = NOT_DIVISIONS.iter().any(|w| scan.ends_with(i + 1, w))
        || (c == '区' && scan.at(i + 1) == '域')
        || (c == '市' && scan.at(i + 1) == '场')
        || (c == '县' && scan.at(i + 1) == '城' && scan.at(i + 2) != '关');

    (DIVISION_ENDS.contains(c) && named && !excluded).then_some(i + 1)
}

fn cue_end(scan: &Scan, i: usize) -> Option<usize> {
    let cue = ADDRESS_CUES.iter().find(|cue| scan.starts_with(i, cue))?;
    let mut at = i + cue.chars().count();
    while matches!(scan.at(at), ':' | ' ' | '是' | '为' | '在') {
        at += 1;
    }
    Some(at)
}

/// Steps over further division names (广东省|深圳市|南山区, or the long
/// names of autonomous prefectures and counties) so that they stay
/// readable: each is two to sixteen characters with no street word.
fn skip_divisions(scan: &Scan, mut start: usize) -> usize {
    loop {
        let plain = (start..start + 16)
            .take_while(|i| is_han(scan.at(*i)) && !is_street_word(scan, *i))
            .count();
        let longest = (2..=plain)
            .rev()
            .find(|len| division_end(scan, start + len - 1).is_some());
        match longest {
            Some(len) => start += len,
            None => return start,
        }
    }
}

fn is_street_word(scan: &Scan, i: usize) -> bool {
    STREET_WORDS.iter().any(|w| scan.starts_with(i, w))
}

/// Where the address starting at `start` ends: after the last numbered or
/// named ending before punctuation or a word that is not part of it.
fn tail_end(scan: &Scan, start: usize) -> Option<usize> {
    let mut end = None;
    let mut at = start;
    while at < scan.len() && at - start < LONGEST_TAIL && part_of_address(scan, at) {
        let after_number = NUMERALS.contains(scan.before(at)) && at > start;
        let after_name = is_han(scan.before(at)) && at > start;
        let numbered = after_number
            .then(|| NUMBERED_ENDS.iter().find(|w| scan.starts_with(at, w)))
            .flatten();
        let named = after_name
            .then(|| NAMED_ENDS.iter().find(|w| scan.starts_with(at, w)))
            .flatten();
        match numbered.or(named) {
            Some(word) => {
                at += word.chars().count();
                end = Some(at);
            }
            None => at += 1,
        }
    }
    end.map(|end| with_room_number(scan, end))
        .filter(|end| end - start >= SHORTEST_TAIL)
}

/// 3单元1903: a bare room number after the last numbered ending.
fn with_room_number(scan: &Scan, end: usize) -> usize {
    let numbered = NUMBERED_ENDS.iter().any(|w| scan.ends_with(end, w));
    let mut at = end;
    while scan.at(at).is_ascii_digit() && at - end < 5 {
        at += 1;
    }
    let closed = !scan.at(at).is_ascii_alphanumeric();

    if numbered && closed { at } else { end }
}

fn part_of_address(scan: &Scan, at: usize) -> bool {
    let c = scan.at(at);
    let joins = matches!(c, '-' | '#' | '(' | ')' | '号');

    (is_han(c) && !STOPS.contains(c)) || c.is_ascii_alphanumeric() || joins
}
