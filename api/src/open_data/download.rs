//! Writing the open data files: the public copies read a page at a time in
//! publication order and streamed out, so the file never sits whole in
//! memory.

use actix_web::web::Bytes;
use chrono::Duration;
use futures_util::{Stream, StreamExt, stream};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use shared::open_data::OpenDataQuery;

use crate::complaints::view::StoredDemands;
use crate::deadlines::calendar::end_of_day;
use crate::entities::{categories, natures, published_complaints as published, regions};
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::csv::{self, push_record};
use crate::i18n::Text;
use crate::open_data::schema::{self, Names, Record};
use crate::search::query::{check_region, region_condition};
use crate::state::AppState;

/// Public copies read from the database at a time.
const PAGE: u64 = 200;

/// The two file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180 with a header row, UTF-8 with a byte order mark.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::JsonLines => "jsonl",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::JsonLines => "application/jsonl; charset=utf-8",
        }
    }
}

/// The filters as one condition on the public copies, every problem reported at once.
pub async fn condition(
    db: &impl sea_orm::ConnectionTrait,
    query: &OpenDataQuery,
) -> ApiResult<Condition> {
    let mut fields = Fields::default();
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        fields.push(
            "from",
            "out_of_range",
            Text::new(
                "起始日期不能晚于结束日期。",
                "`from` must not be after `to`.",
            ),
        );
    }
    check_region(db, query.region_code.as_deref(), &mut fields).await?;
    fields.finish()?;

    let mut condition = Condition::all();
    if let Some(from) = query.from {
        let start = end_of_day(from - Duration::days(1));
        condition = condition.add(published::Column::PublishedAt.gte(start));
    }
    if let Some(to) = query.to {
        condition = condition.add(published::Column::PublishedAt.lt(end_of_day(to)));
    }
    if let Some(region) = &query.region_code {
        condition = condition.add(region_condition(region));
    }
    Ok(condition)
}

/// A download in progress: where it has got to and where it stops.
pub struct Download {
    state: actix_web::web::Data<AppState>,
    condition: Condition,
    format: Format,
    names: Names,
    /// The last public copy written; the next page starts after it.
    after: i32,
    /// The last public copy when the download began: later ones wait for
    /// the next download, so the file is one snapshot.
    last: i32,
    finished: bool,
}

impl Download {
    pub async fn open(
        state: actix_web::web::Data<AppState>,
        condition: Condition,
        format: Format,
    ) -> ApiResult<Self> {
        let names = names(&state.db).await?;
        let last: Option<i32> = published::Entity::find()
            .select_only()
            .expr(Expr::col(published::Column::Id).max())
            .into_tuple::<Option<i32>>()
            .one(&state.db)
            .await?
            .flatten();
        Ok(Self {
            state,
            condition,
            format,
            names,
            after: 0,
            finished: last.is_none(),
            last: last.unwrap_or(0),
        })
    }

    /// The start of the file (for CSV the byte order mark and the header)
    /// and the first page. It is read before answering, so that a database
    /// that fails at once gives a problem response rather than a broken file.
    pub async fn first_chunk(&mut self) -> ApiResult<Bytes> {
        let mut out = String::new();
        if self.format == Format::Csv {
            out.push_str(csv::BOM);
            push_record(&mut out, &schema::header());
        }
        if let Some(page) = self.next_chunk().await? {
            out.push_str(&page);
        }
        Ok(Bytes::from(out))
    }

    /// The rest of the file, page by page. A database error mid-way ends the
    /// response abruptly, so that the client sees a failed download rather
    /// than a file that looks complete.
    pub fn into_stream(self, first: Bytes) -> impl Stream<Item = Result<Bytes, ApiError>> {
        let rest = stream::try_unfold(self, |mut download| async move {
            match download.next_chunk().await {
                Ok(chunk) => Ok(chunk.map(|chunk| (Bytes::from(chunk), download))),
                Err(error) => {
                    let cause = error
                        .cause
                        .as_ref()
                        .map_or_else(|| error.to_string(), |cause| format!("{cause:#}"));
                    tracing::error!(%cause, "open data download stopped part-way; the client got an incomplete file and may retry");
                    Err(error)
                }
            }
        });
        stream::once(async { Ok(first) }).chain(rest)
    }

    /// The records of the next page, or None once every one is written.
    async fn next_chunk(&mut self) -> ApiResult<Option<String>> {
        if self.finished {
            return Ok(None);
        }
        let rows = published::Entity::find()
            .filter(self.condition.clone())
            .filter(published::Column::Id.gt(self.after))
            .filter(published::Column::Id.lte(self.last))
            .order_by_asc(published::Column::Id)
            .limit(PAGE)
            .all(&self.state.db)
            .await?;
        self.finished = (rows.len() as u64) < PAGE;
        self.after = rows.last().map_or(self.after, |row| row.id);

        let mut out = String::new();
        for row in &rows {
            self.push(&mut out, row)?;
        }
        Ok((!out.is_empty()).then_some(out))
    }

    fn push(&self, out: &mut String, row: &published::Model) -> ApiResult<()> {
        let demands: StoredDemands = serde_json::from_str(&row.demands).map_err(|error| {
            ApiError::internal(anyhow::anyhow!(
                "the public copy of complaint {} holds unreadable demands ({error}); rebuild it",
                row.number
            ))
        })?;
        let record = Record {
            row,
            demands,
            names: &self.names,
        };
        let cells = schema::cells(&record);
        match self.format {
            Format::Csv => {
                let texts: Vec<String> = cells.iter().map(schema::Cell::csv).collect();
                push_record(out, &texts);
            }
            Format::JsonLines => push_json_line(out, cells),
        }
        Ok(())
    }
}

/// One JSON object on one line, its keys in the schema's order (the CSV
/// columns' order), which a `serde_json::Map` would sort.
fn push_json_line(out: &mut String, cells: Vec<schema::Cell>) {
    out.push('{');
    for (i, (field, cell)) in schema::FIELDS.iter().zip(cells).enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::Value::from(field.name).to_string());
        out.push(':');
        out.push_str(&cell.json().to_string());
    }
    out.push_str("}\n");
}

async fn names(db: &impl ConnectionTrait) -> ApiResult<Names> {
    let regions = regions::Entity::find().all(db).await?;
    let categories = categories::Entity::find().all(db).await?;
    let natures = natures::Entity::find().all(db).await?;
    Ok(Names {
        regions: regions.into_iter().map(|r| (r.code, r.name)).collect(),
        categories: categories
            .into_iter()
            .map(|c| (c.code, c.name_zh))
            .collect(),
        natures: natures.into_iter().map(|n| (n.code, n.name_zh)).collect(),
    })
}
