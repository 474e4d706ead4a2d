//! The one schema of the open data files. The CSV header, the keys of each
//! JSON line and the index's field list all come from [`FIELDS`], so they
//! cannot drift apart.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;
use shared::open_data::FieldType::{
    Boolean, DateTime as Time, Integer, String as Text, StringList,
};
use shared::open_data::{FieldType, OpenDataField};

use crate::complaints::view::{StoredDemands, wire_name};
use crate::entities::published_complaints as published;

/// One published complaint, with the names of its codes, ready to be written.
pub struct Record<'a> {
    pub row: &'a published::Model,
    pub demands: StoredDemands,
    pub names: &'a Names,
}

/// The names of regions, categories and natures by code (in Chinese).
#[derive(Default)]
pub struct Names {
    pub regions: HashMap<String, String>,
    pub categories: HashMap<String, String>,
    pub natures: HashMap<String, String>,
}

/// One value of a record, before it is written as CSV or JSON.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Integer(i64),
    Boolean(bool),
    Time(DateTime<Utc>),
    List(Vec<String>),
    Empty,
}

impl Cell {
    fn text(value: &str) -> Self {
        Self::Text(value.to_owned())
    }

    fn optional<T>(value: Option<T>, cell: impl FnOnce(T) -> Self) -> Self {
        value.map_or(Self::Empty, cell)
    }

    /// The cell as CSV text: times in RFC 3339 (UTC), lists joined by `;`,
    /// nothing as an empty cell.
    pub fn csv(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Integer(n) => n.to_string(),
            Self::Boolean(b) => b.to_string(),
            Self::Time(at) => rfc3339(*at),
            Self::List(items) => items.join(";"),
            Self::Empty => String::new(),
        }
    }

    /// The cell as a JSON value: nothing as `null`.
    pub fn json(self) -> Value {
        match self {
            Self::Text(text) => Value::String(text),
            Self::Integer(n) => Value::from(n),
            Self::Boolean(b) => Value::Bool(b),
            Self::Time(at) => Value::String(rfc3339(at)),
            Self::List(items) => Value::from(items),
            Self::Empty => Value::Null,
        }
    }
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A field of the files: its name, type, meaning and how to read it.
pub struct Field {
    pub name: &'static str,
    pub field_type: FieldType,
    pub nullable: bool,
    pub zh: &'static str,
    pub en: &'static str,
    pub value: fn(&Record) -> Cell,
}

impl Field {
    pub fn describe(&self) -> OpenDataField {
        OpenDataField {
            name: self.name.to_owned(),
            field_type: self.field_type,
            nullable: self.nullable,
            description_zh: self.zh.to_owned(),
            description_en: self.en.to_owned(),
        }
    }
}

const fn field(
    name: &'static str,
    field_type: FieldType,
    nullable: bool,
    (zh, en): (&'static str, &'static str),
    value: fn(&Record) -> Cell,
) -> Field {
    Field {
        name,
        field_type,
        nullable,
        zh,
        en,
        value,
    }
}

/// Every field, in the order of the CSV columns.
pub const FIELDS: &[Field] = &[
    field(
        "number",
        Text,
        false,
        ("投诉编号", "The complaint number"),
        |r| Cell::text(&r.row.number),
    ),
    field(
        "business_id",
        Text,
        false,
        (
            "被投诉经营者的平台编号（UUID）",
            "The platform's id of the business complained about (a UUID)",
        ),
        |r| Cell::Text(r.row.business_id.to_string()),
    ),
    field(
        "business_name",
        Text,
        false,
        (
            "被投诉经营者名称",
            "The name of the business complained about",
        ),
        |r| Cell::text(&r.row.business_name),
    ),
    field(
        "association_name",
        Text,
        false,
        (
            "处理投诉的消费者协会",
            "The consumer association that handled the complaint",
        ),
        |r| Cell::text(&r.row.association_name),
    ),
    field(
        "region_code",
        Text,
        false,
        (
            "消费发生地的行政区划代码（GB/T 2260）",
            "The region where the purchase happened (GB/T 2260 code)",
        ),
        |r| Cell::text(&r.row.region_code),
    ),
    field(
        "region_name",
        Text,
        true,
        ("行政区划名称", "The region's name"),
        |r| Cell::optional(r.names.regions.get(&r.row.region_code), |n| Cell::text(n)),
    ),
    field(
        "category_code",
        Text,
        false,
        (
            "投诉类别代码，例如 goods.appliances",
            "The category code, for example goods.appliances",
        ),
        |r| Cell::text(&r.row.category_code),
    ),
    field(
        "category_name",
        Text,
        true,
        ("投诉类别名称", "The category's name (in Chinese)"),
        |r| {
            Cell::optional(r.names.categories.get(&r.row.category_code), |n| {
                Cell::text(n)
            })
        },
    ),
    field(
        "nature_code",
        Text,
        false,
        (
            "投诉性质代码，例如 quality",
            "The nature code, for example quality",
        ),
        |r| Cell::text(&r.row.nature_code),
    ),
    field(
        "nature_name",
        Text,
        true,
        ("投诉性质名称", "The nature's name (in Chinese)"),
        |r| Cell::optional(r.names.natures.get(&r.row.nature_code), |n| Cell::text(n)),
    ),
    field(
        "demands",
        StringList,
        false,
        (
            "消费者的诉求代码，例如 refund",
            "The consumer's demands as codes, for example refund",
        ),
        |r| Cell::List(r.demands.demands.iter().map(|d| wire_name(*d)).collect()),
    ),
    field(
        "other_demand",
        Text,
        true,
        (
            "以文字描述的其他诉求（已脱敏）",
            "The demand described in words when demands holds other (redacted)",
        ),
        |r| Cell::optional(r.demands.other.as_deref(), Cell::text),
    ),
    field(
        "description",
        Text,
        false,
        (
            "投诉内容，个人信息已替换为占位符",
            "The complaint as described, with personal information replaced by placeholders",
        ),
        |r| Cell::text(&r.row.description),
    ),
    field(
        "state",
        Text,
        false,
        (
            "公开时的处理状态",
            "The state of the case, for example mediating or closed",
        ),
        |r| Cell::text(&r.row.state),
    ),
    field(
        "outcome",
        Text,
        true,
        (
            "处理结果，尚未办结时为空",
            "How the case ended; empty while it is open",
        ),
        |r| Cell::optional(r.row.outcome.as_deref(), Cell::text),
    ),
    field(
        "filed_at",
        Time,
        false,
        ("投诉时间", "When the complaint was filed"),
        |r| Cell::Time(r.row.filed_at),
    ),
    field(
        "accepted_at",
        Time,
        true,
        ("受理时间", "When the association accepted it"),
        |r| Cell::optional(r.row.accepted_at, Cell::Time),
    ),
    field(
        "closed_at",
        Time,
        true,
        ("办结时间", "When the case was closed"),
        |r| Cell::optional(r.row.closed_at, Cell::Time),
    ),
    field(
        "published_at",
        Time,
        false,
        ("公开时间", "When it was published"),
        |r| Cell::Time(r.row.published_at),
    ),
    field(
        "deadline_met",
        Boolean,
        true,
        (
            "是否未超过任何处理时限；尚无时限届满时为空",
            "true when no deadline was missed, false when one was; empty while none has ended",
        ),
        |r| Cell::optional(r.row.deadline_met, Cell::Boolean),
    ),
    field(
        "amount_recovered_fen",
        Integer,
        true,
        (
            "为消费者挽回的金额（分），协议履行后才有",
            "What the consumer got back, in fen, once an agreement was carried out",
        ),
        |r| Cell::optional(r.row.amount_recovered_fen, Cell::Integer),
    ),
    field(
        "business_comment",
        Text,
        true,
        (
            "经营者的公开回复（已脱敏）",
            "The business's public reply (redacted)",
        ),
        |r| Cell::optional(r.row.business_comment.as_deref(), Cell::text),
    ),
];

/// The names of every field, in column order: the CSV header.
pub fn header() -> Vec<&'static str> {
    FIELDS.iter().map(|field| field.name).collect()
}

/// The cells of one record, in column order.
pub fn cells(record: &Record) -> Vec<Cell> {
    FIELDS.iter().map(|field| (field.value)(record)).collect()
}

/// The terms under which anyone may reuse the data.
pub const TERMS_ZH: &str = "本数据可免费复制、传播和再利用，包括用于商业用途，但须注明来源为本平台。\
禁止尝试识别、联系或公开任何消费者或其他个人的身份。数据按公开时的内容提供，个人信息已脱敏，\
可能不完整或有误；平台不对数据的准确性、完整性或适用性作任何保证，也不对因使用数据造成的损失承担责任。";
pub const TERMS_EN: &str = "You may copy, share and reuse this data free of charge, commercially or not, \
provided you name this platform as its source. Do not try to identify, contact or expose any consumer or \
other person. The data is given as published and redacted, and may be incomplete or wrong; the platform \
gives no warranty of its accuracy, completeness or fitness for any purpose and accepts no liability for its use.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_unique_and_snake_case() {
        let names = header();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();

        assert_eq!(unique.len(), names.len());
        assert!(
            names
                .iter()
                .all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        );
    }

    #[test]
    fn cells_are_written_alike_in_both_formats() {
        let at = DateTime::parse_from_rfc3339("2026-12-04T10:30:00+08:00")
            .unwrap()
            .with_timezone(&Utc);
        let list = Cell::List(vec!["refund".to_owned(), "apology".to_owned()]);

        assert_eq!(Cell::Time(at).csv(), "2026-12-04T02:30:00Z");
        assert_eq!(Cell::Time(at).json(), Value::from("2026-12-04T02:30:00Z"));
        assert_eq!(list.csv(), "refund;apology");
        assert_eq!(list.json(), serde_json::json!(["refund", "apology"]));
        assert_eq!(Cell::Empty.csv(), "");
        assert_eq!(Cell::Empty.json(), Value::Null);
    }
}
