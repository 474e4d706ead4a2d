//! Contact details written with letters: e-mail addresses, WeChat ids and
//! licence plates.

use super::numbers::{WECHAT_CUES, given_as};
use super::redaction::RedactedKind as Kind;
use super::text::{Found, Scan};

/// The one-character province abbreviations that open a licence plate.
const PLATE_PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

const PLATE_SEPARATORS: &[char] = &['·', '•', ' ', '-', '.', '・'];

pub(super) fn find(scan: &Scan) -> Vec<Found<Kind>> {
    let mut found = Vec::new();
    for i in 0..scan.len() {
        if scan.at(i) == '@' {
            found.extend(email(scan, i));
        }
        if PLATE_PROVINCES.contains(scan.at(i)) {
            found.extend(plate(scan, i));
        }
        if scan.at(i).is_ascii_alphabetic() && !scan.before(i).is_ascii_alphanumeric() {
            found.extend(wechat_id(scan, i));
        }
    }
    found
}

fn email(scan: &Scan, at: usize) -> Option<Found<Kind>> {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);

    let mut start = at;
    while start > 0 && local(scan.at(start - 1)) {
        start -= 1;
    }
    while start < at && matches!(scan.at(start), '.' | '-') {
        start += 1;
    }
    let mut end = at + 1;
    while domain(scan.at(end)) {
        end += 1;
    }
    while end > at + 1 && matches!(scan.at(end - 1), '.' | '-') {
        end -= 1;
    }

    let host = scan.string(at + 1, end);
    let tld = host.rsplit_once('.').map(|(_, tld)| tld).unwrap_or("");
    let valid = start < at && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic());
    valid.then_some(Found {
        kind: Kind::Email,
        start,
        end,
    })
}

/// A WeChat id given as such: a letter, then 5 to 19 letters, digits,
/// underscores or dashes, right after 微信, vx and the like.
fn wechat_id(scan: &Scan, start: usize) -> Option<Found<Kind>> {
    if !given_as(scan, start, WECHAT_CUES) {
        return None;
    }
    let id = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';

    let mut end = start;
    while id(scan.at(end)) {
        end += 1;
    }
    (6..=20).contains(&(end - start)).then_some(Found {
        kind: Kind::WeChat,
        start,
        end,
    })
}

/// 粤B·12345, 京AD12345 (new energy) or 湘A1234学: a province, a letter,
/// then five or six letters and digits with at least two digits.
fn plate(scan: &Scan, start: usize) -> Option<Found<Kind>> {
    if !scan.at(start + 1).is_ascii_uppercase() {
        return None;
    }
    let mut at = start + 2;
    if PLATE_SEPARATORS.contains(&scan.at(at)) {
        at += 1;
    }

    let from = at;
    while scan.at(at).is_ascii_uppercase() || scan.at(at).is_ascii_digit() {
        at += 1;
    }
    let body = scan.string(from, at);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let special = "挂学警港澳领试超".contains(scan.at(at));
    let length = body.len() + usize::from(special);
    let valid = (5..=6).contains(&length) && digits >= 2 && !body.contains(['I', 'O']);
    if !valid || scan.at(at).is_ascii_lowercase() {
        return None;
    }

    let end = at + usize::from(special);
    Some(Found {
        kind: Kind::LicencePlate,
        start,
        end,
    })
}
