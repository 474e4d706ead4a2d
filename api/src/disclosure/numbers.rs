//! Numbers that identify a person: mobile and landline numbers, resident
//! ID numbers, bank card numbers, and QQ or WeChat ids written as digits.

use super::redaction::RedactedKind as Kind;
use super::text::{Found, Scan};

/// Words that say the number after them is a bank card.
const CARD_CUES: &[&str] = &["卡", "银行", "账号", "账户", "帐号", "帐户", "储蓄", "信用"];

/// Words that name the number right after them as a resident ID, whatever
/// its check character: 身份证号, 证件号码.
const RESIDENT_ID_CUES: &[&str] = &["身份证", "证件", "身份号"];

/// Words that name the number right after them as a bank card or account,
/// whether or not it passes Luhn: 银行卡号, 卡号, 账号, 账户. The filler
/// (号, 码, ：) is skipped before these are matched.
const CARD_NUMBER_CUES: &[&str] = &["卡", "账", "帐", "账户", "帐户"];

/// Words that say the number after them is a reference, not a person's.
const REFERENCE_CUES: &[&str] = &[
    "订单",
    "单号",
    "编号",
    "运单",
    "快递",
    "物流",
    "流水",
    "交易",
    "序列",
    "型号",
    "批号",
    "工号",
    "发票",
    "货号",
    "条码",
    "会员号",
    "IMEI",
    "SN",
    "串号",
];

const LANDLINE_CUES: &[&str] = &["电话", "座机", "固话", "来电", "Tel", "TEL"];

pub(super) const QQ_CUES: &[&str] = &["QQ", "扣扣"];

pub(super) const WECHAT_CUES: &[&str] = &[
    "微信",
    "weixin",
    "WeChat",
    "vx",
    "wx",
    "v信",
    "威信",
    "薇信",
    "卫星号",
];

/// What may stand between a cue word and the id it introduces.
pub(super) const CUE_FILLER: &[char] = &[' ', ':', '号', '码', '是', '为', '：', '-'];

/// Every personal number in the text.
pub(super) fn find(scan: &Scan) -> Vec<Found<Kind>> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < scan.len() {
        if !starts_number(scan, i) {
            i += 1;
            continue;
        }

        let token = Token::read(scan, i);
        if token.glued_to_word(scan) {
            i = token.end;
            continue;
        }

        found.extend(classify_token(scan, &token));
        i = token.end;
    }
    found
}

fn starts_number(scan: &Scan, i: usize) -> bool {
    let c = scan.at(i);
    let opens = matches!(c, '+' | '(') && scan.at(i + 1).is_ascii_digit();
    let before = scan.before(i);

    (c.is_ascii_digit() || opens) && !before.is_ascii_alphanumeric() && before != '.'
}

/// A run of digits, possibly split into groups by single spaces, dashes or
/// a bracketed area code, and possibly ending in the X of a resident ID.
struct Token {
    start: usize,
    end: usize,
    plus: bool,
    /// Each group of digits with its character range.
    groups: Vec<(String, usize, usize)>,
}

impl Token {
    fn read(scan: &Scan, start: usize) -> Self {
        let plus = scan.at(start) == '+';
        let mut at = if matches!(scan.at(start), '+' | '(') {
            start + 1
        } else {
            start
        };
        let mut groups = Vec::new();

        loop {
            let from = at;
            while scan.at(at).is_ascii_digit() {
                at += 1;
            }
            let mut digits = scan.string(from, at);
            let count: usize = groups
                .iter()
                .map(|g: &(String, usize, usize)| g.0.len())
                .sum();
            if count + digits.len() == 17 && matches!(scan.at(at), 'X' | 'x') {
                at += 1;
                digits.push('X');
            }
            groups.push((digits, from, at));

            let sep = scan.at(at);
            let next = scan.at(at + 1);
            let after_bracket = sep == ')' && matches!(next, ' ' | '-');
            let skip = if after_bracket { 2 } else { 1 };
            let joins = matches!(sep, ' ' | '-' | ')') && scan.at(at + skip).is_ascii_digit();
            if !joins || groups.last().is_some_and(|g| g.0.ends_with('X')) {
                break;
            }
            at += skip;
        }

        // A bracket that does not close after the first group (an area
        // code) only encloses the number: it stays in the text.
        let area_code = groups.first().is_some_and(|g| {
            g.0.starts_with('0') && (3..=4).contains(&g.0.len()) && scan.at(g.2) == ')'
        });
        let encloses = scan.at(start) == '(' && !area_code;
        Self {
            start: if encloses { start + 1 } else { start },
            end: at,
            plus,
            groups,
        }
    }

    /// A number glued to letters or decimals is a model number or an amount.
    fn glued_to_word(&self, scan: &Scan) -> bool {
        let after = scan.at(self.end);
        let last_is_x = self.groups.last().is_some_and(|g| g.0.ends_with('X'));

        (after.is_ascii_alphanumeric() && !last_is_x)
            || (after == '.' && scan.at(self.end + 1).is_ascii_digit())
    }
}

/// Classifies the whole token; failing that, the longest runs of its groups
/// that start after a space, since two numbers may stand side by side with
/// only a space between (a dash joins the parts of one number).
fn classify_token(scan: &Scan, token: &Token) -> Vec<Found<Kind>> {
    let whole = token.start..token.end;
    if let Some(kind) = classify(scan, whole.start, &joined(&token.groups), token.plus) {
        return vec![Found {
            kind,
            start: whole.start,
            end: whole.end,
        }];
    }

    let mut found = Vec::new();
    let mut first = 0;
    while first < token.groups.len() {
        if first > 0 && scan.at(token.groups[first].1 - 1) != ' ' {
            first += 1;
            continue;
        }
        let hit = (first..token.groups.len()).rev().find_map(|last| {
            let groups = &token.groups[first..=last];
            let start = if first == 0 { token.start } else { groups[0].1 };
            let plus = first == 0 && token.plus;
            classify(scan, start, &joined(groups), plus).map(|kind| (kind, start, last))
        });
        match hit {
            Some((kind, start, last)) => {
                found.push(Found {
                    kind,
                    start,
                    end: token.groups[last].2,
                });
                first = last + 1;
            }
            None => first += 1,
        }
    }
    found
}

fn joined(groups: &[(String, usize, usize)]) -> String {
    groups.iter().map(|g| g.0.as_str()).collect()
}

fn classify(scan: &Scan, start: usize, digits: &str, plus: bool) -> Option<Kind> {
    if given_as(scan, start, QQ_CUES) && (5..=11).contains(&digits.len()) {
        return Some(Kind::Qq);
    }
    if given_as(scan, start, WECHAT_CUES) && (5..=20).contains(&digits.len()) {
        return Some(Kind::WeChat);
    }

    let (national, international) = national_part(digits, plus);
    if international {
        return international_phone(national);
    }

    if let Some(kind) = named_by_cue(scan, start, digits) {
        return Some(kind);
    }

    let reference = scan.cue_in_clause(start, 10, REFERENCE_CUES);
    if !reference && is_resident_id(digits) {
        return Some(Kind::ResidentId);
    }
    if !reference && is_bank_card(digits, scan.cue_in_clause(start, 8, CARD_CUES)) {
        return Some(Kind::BankCard);
    }
    if let Some(kind) = phone(digits) {
        return Some(kind);
    }

    let short_landline = (7..=8).contains(&digits.len()) && !digits.starts_with(['0', '1']);
    (short_landline && scan.cue_before(start, 6, LANDLINE_CUES)).then_some(Kind::Landline)
}

/// A number right after words that name its kind is removed as that kind
/// even when a digit is mistyped: 身份证号 with 15 to 18 characters, 卡号
/// or 账号 with 13 to 19 digits.
fn named_by_cue(scan: &Scan, start: usize, digits: &str) -> Option<Kind> {
    if given_as(scan, start, RESIDENT_ID_CUES) && (15..=18).contains(&digits.len()) {
        return Some(Kind::ResidentId);
    }
    let card = (13..=19).contains(&digits.len()) && all_digits(digits);
    (card && given_as(scan, start, CARD_NUMBER_CUES)).then_some(Kind::BankCard)
}

/// Whether a cue word stands just before `start`, with only filler between.
pub(super) fn given_as(scan: &Scan, start: usize, cues: &[&str]) -> bool {
    let mut end = start;
    while end > 0 && start - end < 4 && CUE_FILLER.contains(&scan.at(end - 1)) {
        end -= 1;
    }
    cues.iter().any(|cue| {
        let n = cue.chars().count();
        scan.ends_with(end, cue) && !scan.before(end - n).is_ascii_alphabetic()
    })
}

/// The number without +86 or 0086, and whether it carried one.
fn national_part(digits: &str, plus: bool) -> (&str, bool) {
    match (plus, digits.strip_prefix("86"), digits.strip_prefix("0086")) {
        (true, Some(rest), _) => (rest, true),
        (false, _, Some(rest)) if rest.len() >= 10 => (rest, true),
        _ => (digits, false),
    }
}

/// A mobile number, or a landline with its area code's leading 0.
fn phone(digits: &str) -> Option<Kind> {
    if is_mobile(digits) {
        return Some(Kind::Mobile);
    }
    let national = digits.strip_prefix('0')?;
    is_landline(national).then_some(Kind::Landline)
}

/// After +86 the area code drops its leading 0, though some keep it.
fn international_phone(national: &str) -> Option<Kind> {
    let national = national.strip_prefix('0').unwrap_or(national);
    if is_mobile(national) {
        return Some(Kind::Mobile);
    }
    is_landline(national).then_some(Kind::Landline)
}

/// 1, then 3 to 9, then nine more digits.
pub(super) fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && all_digits(digits)
}

/// An area code without its leading 0 (10, 2x or a three-digit code)
/// followed by a 7 or 8 digit subscriber number.
fn is_landline(national: &str) -> bool {
    let b = national.as_bytes();
    if !all_digits(national)
        || b.is_empty()
        || b[0] == b'0'
        || b[0] == b'1' && b.get(1) != Some(&b'0')
    {
        return false;
    }
    let area = if b[0] == b'1' || b[0] == b'2' { 2 } else { 3 };
    let subscriber = b.len().saturating_sub(area);

    (7..=8).contains(&subscriber) && b.get(area).is_some_and(|d| *d != b'0' && *d != b'1')
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// GB 11643: 18 characters whose last is a check character over the first
/// 17, or the old 15-digit form; both with a province code and a real date.
pub(super) fn is_resident_id(id: &str) -> bool {
    match id.len() {
        18 => {
            let body = &id[..17];
            all_digits(body)
                && province_code(&id[..2])
                && real_date(&id[6..14])
                && id.as_bytes()[17] == id_check_character(body)
        }
        15 => all_digits(id) && province_code(&id[..2]) && real_date(&format!("19{}", &id[6..12])),
        _ => false,
    }
}

/// The check character of GB 11643 for a 17-digit body.
pub(super) fn id_check_character(body: &str) -> u8 {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";

    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

fn province_code(code: &str) -> bool {
    matches!(
        code,
        "11" | "12"
            | "13"
            | "14"
            | "15"
            | "21"
            | "22"
            | "23"
            | "31"
            | "32"
            | "33"
            | "34"
            | "35"
            | "36"
            | "37"
            | "41"
            | "42"
            | "43"
            | "44"
            | "45"
            | "46"
            | "50"
            | "51"
            | "52"
            | "53"
            | "54"
            | "61"
            | "62"
            | "63"
            | "64"
            | "65"
            | "71"
            | "81"
            | "82"
    )
}

/// YYYYMMDD between 1900 and 2039 that is a real calendar day.
fn real_date(yyyymmdd: &str) -> bool {
    let Ok(date) = yyyymmdd.parse::<u32>() else {
        return false;
    };
    let (year, month, day) = (date / 10000, date / 100 % 100, date % 100);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };

    (1900..=2039).contains(&year) && (1..=days).contains(&day)
}

/// 13 to 19 digits passing Luhn, and either named a card by the words
/// before it or card-like: 16 to 19 digits starting as card numbers do.
fn is_bank_card(digits: &str, card_cue: bool) -> bool {
    let card_like = digits.len() >= 16 && digits.starts_with(['3', '4', '5', '6']);

    (13..=19).contains(&digits.len())
        && all_digits(digits)
        && luhn(digits)
        && (card_cue || card_like)
}

pub(super) fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}
