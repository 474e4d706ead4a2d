//! `GET /complaints/export.csv`: the cases the caller may list, with the
//! list's filters, as a spreadsheet for a business's own reporting or an
//! association's.
//!
//! The file is streamed: the server reads the cases a chunk at a time, so a
//! large export never sits whole in memory. It names no personal data of the
//! consumer (no phone, no e-mail, no description).

use std::collections::HashMap;

use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt, stream};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::Problem;
use shared::cases::ComplaintFilter;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::businesses::outlets;
use crate::complaints::routes::scope;
use crate::complaints::view::{StoredDemands, outcome_of, state_of};
use crate::complaints::{filters, labels};
use crate::deadlines::calendar::{china, china_time};
use crate::deadlines::store::RUNNING;
use crate::entities::{categories, complaints, deadlines, natures};
use crate::error::{ApiError, ApiResult};
use crate::http::Query;
use crate::http::csv::{self, push_record};
use crate::i18n::{Lang, Text};
use crate::policy::{Action, authorize};
use crate::state::AppState;

/// Cases read from the database at a time.
const CHUNK: u64 = 200;

pub fn configure(config: &mut ServiceConfig) {
    config.service(export_complaints);
}

/// The cases the caller may list, as a CSV file.
///
/// For business users and keys that read cases, association staff and
/// platform admins. UTF-8 with a byte order mark, so that Excel shows Chinese correctly; one
/// header row in the request's language (`Accept-Language`), then one row
/// per case, newest first: number, filed at, state, outcome, category,
/// nature, outlet, amount in yuan, demands, the next deadline, whether a
/// deadline is overdue, and the last change. Times are China time
/// (Asia/Shanghai). A cell that a spreadsheet would run as a formula starts
/// with `'`. Takes the same filters as `GET /complaints`.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(ComplaintFilter),
    responses(
        (status = 200, description = "The CSV file, sent as an attachment", content_type = "text/csv", body = String,
            headers(("Content-Disposition" = String, description = "`attachment; filename=\"complaints-YYYYMMDD.csv\"` with today's date in China"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A consumer, or an API key without the read_cases scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filter; the parameter is named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/export.csv")]
async fn export_complaints(
    state: web::Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    query: Query<ComplaintFilter>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::ExportComplaints)?;
    let now = state.clock.now();
    let filter = filters::condition(&state.db, &principal, &query, now).await?;

    let condition = Condition::all().add(scope(&principal)).add(filter);
    let mut export = Export::open(state, condition, Lang::of(&request), now).await?;
    // The first chunk is read before answering, so that a database that
    // fails at once gives a problem response rather than a broken file.
    let first = export.first_chunk().await?;
    tracing::info!(by = %principal.user_id, "complaints exported as CSV");

    let file_name = format!(
        "complaints-{}.csv",
        now.with_timezone(&china()).format("%Y%m%d")
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .insert_header((CACHE_CONTROL, "no-store"))
        .streaming(export.into_stream(first)))
}

/// An export in progress: where it has got to, and what it needs to name
/// categories and natures.
struct Export {
    state: web::Data<AppState>,
    condition: Condition,
    lang: Lang,
    now: DateTime<Utc>,
    categories: HashMap<String, String>,
    natures: HashMap<String, String>,
    /// The last case written; the next chunk starts after it.
    after: Option<Uuid>,
    finished: bool,
}

/// The running deadlines of one case, as the export shows them.
#[derive(Default)]
struct Due {
    next: Option<DateTime<Utc>>,
    overdue: bool,
}

impl Export {
    async fn open(
        state: web::Data<AppState>,
        condition: Condition,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> ApiResult<Self> {
        let categories = categories::Entity::find()
            .all(&state.db)
            .await?
            .into_iter()
            .map(|c| (c.code, pick(lang, c.name_zh, c.name_en)))
            .collect();
        let natures = natures::Entity::find()
            .all(&state.db)
            .await?
            .into_iter()
            .map(|n| (n.code, pick(lang, n.name_zh, n.name_en)))
            .collect();
        Ok(Self {
            state,
            condition,
            lang,
            now,
            categories,
            natures,
            after: None,
            finished: false,
        })
    }

    /// The byte order mark, the header row and the first cases.
    async fn first_chunk(&mut self) -> ApiResult<Bytes> {
        let mut out = String::from(csv::BOM);
        push_record(&mut out, &header(self.lang));
        if let Some(rows) = self.next_chunk().await? {
            out.push_str(&rows);
        }
        Ok(Bytes::from(out))
    }

    /// The rest of the file, chunk by chunk. A database error mid-way ends
    /// the response abruptly, so that the client sees a failed download
    /// rather than a file that looks complete.
    fn into_stream(self, first: Bytes) -> impl Stream<Item = Result<Bytes, ApiError>> {
        let rest = stream::try_unfold(self, |mut export| async move {
            match export.next_chunk().await {
                Ok(chunk) => Ok(chunk.map(|chunk| (Bytes::from(chunk), export))),
                Err(error) => {
                    let cause = error
                        .cause
                        .as_ref()
                        .map_or_else(|| error.to_string(), |cause| format!("{cause:#}"));
                    tracing::error!(%cause, "CSV export stopped part-way; the client got an incomplete file and may retry");
                    Err(error)
                }
            }
        });
        stream::once(async { Ok(first) }).chain(rest)
    }

    /// The records of the next cases, or None once every case is written.
    async fn next_chunk(&mut self) -> ApiResult<Option<String>> {
        if self.finished {
            return Ok(None);
        }
        let mut select = complaints::Entity::find().filter(self.condition.clone());
        if let Some(after) = self.after {
            select = select.filter(complaints::Column::Id.lt(after));
        }
        let rows = select
            .order_by_desc(complaints::Column::Id)
            .limit(CHUNK)
            .all(&self.state.db)
            .await?;
        self.finished = (rows.len() as u64) < CHUNK;
        self.after = rows.last().map(|row| row.id);
        if rows.is_empty() {
            return Ok(None);
        }

        let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
        let due = self.due(&ids).await?;
        let outlet_ids: Vec<Uuid> = rows.iter().filter_map(|row| row.outlet_id).collect();
        let outlets = outlets::names(&self.state.db, &outlet_ids).await?;
        let mut out = String::new();
        for row in &rows {
            let outlet = row.outlet_id.and_then(|id| outlets.get(&id));
            push_record(&mut out, &self.cells(row, due.get(&row.id), outlet)?);
        }
        Ok(Some(out))
    }

    /// The next due time and the overdue flag of each case, from its
    /// running, unpaused deadlines.
    async fn due(&self, ids: &[Uuid]) -> ApiResult<HashMap<Uuid, Due>> {
        let running = deadlines::Entity::find()
            .filter(deadlines::Column::ComplaintId.is_in(ids.iter().copied()))
            .filter(deadlines::Column::Status.eq(RUNNING))
            .filter(deadlines::Column::PausedAt.is_null())
            .all(&self.state.db)
            .await?;
        let mut due: HashMap<Uuid, Due> = HashMap::new();
        for deadline in running {
            let entry = due.entry(deadline.complaint_id).or_default();
            entry.next = Some(
                entry
                    .next
                    .map_or(deadline.due_at, |n| n.min(deadline.due_at)),
            );
            entry.overdue |= deadline.due_at < self.now;
        }
        Ok(due)
    }

    fn cells(
        &self,
        row: &complaints::Model,
        due: Option<&Due>,
        outlet: Option<&String>,
    ) -> ApiResult<Vec<String>> {
        let lang = self.lang;
        let named = |names: &HashMap<String, String>, code: &String| {
            names.get(code).cloned().unwrap_or_else(|| code.clone())
        };
        Ok(vec![
            row.number.clone(),
            china_time(row.filed_at),
            labels::state(state_of(row)?).pick(lang).to_owned(),
            outcome_of(row)?
                .map(|o| labels::outcome(o).pick(lang).to_owned())
                .unwrap_or_default(),
            named(&self.categories, &row.category_code),
            named(&self.natures, &row.nature_code),
            outlet.cloned().unwrap_or_default(),
            row.amount_fen.map(yuan).unwrap_or_default(),
            demands(row, lang)?,
            due.and_then(|d| d.next).map(china_time).unwrap_or_default(),
            labels::yes_no(due.is_some_and(|d| d.overdue))
                .pick(lang)
                .to_owned(),
            china_time(row.updated_at),
        ])
    }
}

fn header(lang: Lang) -> Vec<String> {
    [
        ("投诉编号", "number"),
        ("投诉时间", "filed_at"),
        ("状态", "state"),
        ("结果", "outcome"),
        ("投诉类别", "category"),
        ("投诉性质", "nature"),
        ("网点", "outlet"),
        ("金额（元）", "amount_yuan"),
        ("诉求", "demands"),
        ("处理时限", "deadline_due"),
        ("是否超期", "overdue"),
        ("最后更新", "last_change"),
    ]
    .into_iter()
    .map(|(zh, en)| Text::new(zh, en).pick(lang).to_owned())
    .collect()
}

fn pick(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

/// Fen as yuan with two decimals: `329900` is `3299.00`.
fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    format!("{sign}{}.{:02}", fen / 100, fen % 100)
}

/// The demands by name, with the consumer's own words for `other`.
fn demands(row: &complaints::Model, lang: Lang) -> ApiResult<String> {
    let stored: StoredDemands = serde_json::from_str(&row.demands).map_err(|error| {
        ApiError::internal(anyhow::anyhow!(
            "complaint {} holds unreadable demands: {error}",
            row.number
        ))
    })?;
    let (separator, colon) = match lang {
        Lang::ZhCn => ("、", "："),
        Lang::En => ("; ", ": "),
    };
    let names: Vec<String> = stored
        .demands
        .iter()
        .map(|demand| {
            let name = labels::demand(*demand).pick(lang).to_owned();
            match (demand, stored.other.as_deref()) {
                (shared::cases::Demand::Other, Some(other)) => format!("{name}{colon}{other}"),
                _ => name,
            }
        })
        .collect();
    Ok(names.join(separator))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_yuan_with_two_decimals() {
        assert_eq!(yuan(329_900), "3299.00");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(0), "0.00");
    }
}
