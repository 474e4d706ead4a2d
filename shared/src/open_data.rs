//! Open data (开放数据): every published complaint as a CSV or JSON Lines
//! file, and the index that describes them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Query parameters of the open data files. The filters combine.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct OpenDataQuery {
    /// Published on or after this day (China time).
    pub from: Option<NaiveDate>,
    /// Published on or before this day (China time).
    pub to: Option<NaiveDate>,
    /// A province (`440000`), city (`440300`) or district (`440305`).
    pub region_code: Option<String>,
}

/// The type of a field of the open data files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    String,
    Integer,
    Boolean,
    /// RFC 3339 in UTC, for example `2026-12-04T02:30:00Z`.
    DateTime,
    /// A JSON array of strings; in CSV the strings joined by `;`.
    StringList,
}

/// One field of the open data files, in the order of the CSV columns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenDataField {
    /// The CSV column name and the JSON key.
    pub name: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// Whether the value may be empty (CSV) or `null` (JSON).
    pub nullable: bool,
    pub description_zh: String,
    pub description_en: String,
}

/// One downloadable file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenDataDownload {
    /// `csv` or `jsonl`.
    pub format: String,
    pub media_type: String,
    /// The path to download it from, which takes `from`, `to` and `region_code`.
    pub url: String,
}

/// The terms under which the data may be reused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenDataTerms {
    pub zh: String,
    pub en: String,
}

/// `GET /public/open-data`: what the open data holds and how to get it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenDataIndex {
    /// When this index was made; a download made now holds the complaints
    /// published up to its own start.
    pub snapshot_at: DateTime<Utc>,
    /// Published complaints at the snapshot, without filters.
    pub records: u64,
    pub terms: OpenDataTerms,
    pub downloads: Vec<OpenDataDownload>,
    /// The fields of every record, in CSV column order.
    pub fields: Vec<OpenDataField>,
}
