//! Redaction (脱敏): every piece of personal information in a free-text field
//! replaced by a typed placeholder such as 【手机号】, so that a reader sees
//! what kind of thing was removed.

use super::text::{Found, Scan};
use super::{addresses, contacts, names, numbers};

/// The kinds of personal information that redaction removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RedactedKind {
    Mobile,
    Landline,
    ResidentId,
    BankCard,
    Email,
    LicencePlate,
    WeChat,
    Qq,
    Address,
    Name,
}

impl RedactedKind {
    pub const ALL: [Self; 10] = [
        Self::Mobile,
        Self::Landline,
        Self::ResidentId,
        Self::BankCard,
        Self::Email,
        Self::LicencePlate,
        Self::WeChat,
        Self::Qq,
        Self::Address,
        Self::Name,
    ];

    /// The placeholder that takes the place of what was removed.
    pub fn placeholder(self) -> &'static str {
        match self {
            Self::Mobile => "【手机号】",
            Self::Landline => "【固定电话】",
            Self::ResidentId => "【身份证号】",
            Self::BankCard => "【银行卡号】",
            Self::Email => "【邮箱】",
            Self::LicencePlate => "【车牌号】",
            Self::WeChat => "【微信号】",
            Self::Qq => "【QQ号】",
            Self::Address => "【地址】",
            Self::Name => "【姓名】",
        }
    }

    /// A stable machine name, as used in the labelled evaluation set.
    pub fn code(self) -> &'static str {
        match self {
            Self::Mobile => "mobile",
            Self::Landline => "landline",
            Self::ResidentId => "resident_id",
            Self::BankCard => "bank_card",
            Self::Email => "email",
            Self::LicencePlate => "licence_plate",
            Self::WeChat => "wechat",
            Self::Qq => "qq",
            Self::Address => "address",
            Self::Name => "name",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// When two findings overlap, the one that ranks first wins: a number
    /// given as a WeChat id is a WeChat id, a name inside an address is
    /// part of the address.
    fn rank(self) -> u8 {
        match self {
            Self::Email => 0,
            Self::WeChat | Self::Qq => 1,
            Self::ResidentId => 2,
            Self::BankCard => 3,
            Self::Mobile => 4,
            Self::Landline => 5,
            Self::LicencePlate => 6,
            Self::Address => 7,
            Self::Name => 8,
        }
    }
}

/// Names the caller knows belong to people in the complaint: the consumer's
/// own name and any name the consumer typed in another field (a contact,
/// a recipient). They are removed wherever they appear.
#[derive(Debug, Clone, Default)]
pub struct KnownNames {
    names: Vec<String>,
}

impl KnownNames {
    pub fn new<I, S>(names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let names = names
            .into_iter()
            .map(|name| name.as_ref().trim().to_owned())
            .filter(|name| name.chars().count() >= 2)
            .collect();

        Self { names }
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// One piece of personal information that was removed, with its byte range
/// in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub kind: RedactedKind,
    pub start: usize,
    pub end: usize,
}

/// A text with its personal information replaced by placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    pub spans: Vec<Removed>,
}

/// Removes personal information from `text`.
pub fn redact(text: &str, known: &KnownNames) -> Redacted {
    let scan = Scan::new(text);

    let mut found = numbers::find(&scan);
    found.extend(contacts::find(&scan));
    found.extend(addresses::find(&scan));
    found.extend(names::find(&scan, known));

    let kept = without_overlaps(found);

    let spans: Vec<Removed> = kept
        .iter()
        .map(|f| Removed {
            kind: f.kind,
            start: scan.byte_offset(f.start),
            end: scan.byte_offset(f.end),
        })
        .collect();
    Redacted {
        text: replaced(text, &spans),
        spans,
    }
}

/// Keeps the findings that do not overlap a better one, in text order.
/// Better means higher rank, then longer.
fn without_overlaps(mut found: Vec<Found<RedactedKind>>) -> Vec<Found<RedactedKind>> {
    found.sort_by_key(|f| (f.kind.rank(), usize::MAX - (f.end - f.start), f.start));

    let mut kept: Vec<Found<RedactedKind>> = Vec::new();
    for f in found {
        if kept.iter().all(|k| f.end <= k.start || k.end <= f.start) {
            kept.push(f);
        }
    }

    kept.sort_by_key(|f| f.start);
    kept
}

fn replaced(text: &str, spans: &[Removed]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in spans {
        out.push_str(&text[at..span.start]);
        out.push_str(span.kind.placeholder());
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}
