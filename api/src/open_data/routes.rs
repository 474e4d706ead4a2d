//! `/public/open-data`: the index, and every published complaint as CSV or
//! JSON Lines, for anyone.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION};
use actix_web::{HttpResponse, get, web};
use sea_orm::{EntityTrait, PaginatorTrait};
use shared::Problem;
use shared::open_data::{OpenDataDownload, OpenDataIndex, OpenDataQuery, OpenDataTerms};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::deadlines::calendar::china;
use crate::entities::published_complaints as published;
use crate::error::ApiResult;
use crate::http::Query;
use crate::open_data::download::{self, Download, Format};
use crate::open_data::schema::{FIELDS, TERMS_EN, TERMS_ZH};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(open_data_index)
        .service(complaints_csv)
        .service(complaints_jsonl);
}

/// What the open data holds, its terms of use and its schema. Anonymous.
///
/// The snapshot time, how many published complaints there are, the terms
/// under which they may be reused, the download links and every field of
/// the files with its type and meaning in Chinese and English, in the
/// order of the CSV columns.
#[utoipa::path(
    tag = "public",
    responses(
        (status = 200, description = "The index", body = OpenDataIndex),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/open-data")]
async fn open_data_index(state: web::Data<AppState>) -> ApiResult<web::Json<OpenDataIndex>> {
    let snapshot_at = state.clock.now();

    let records = published::Entity::find().count(&state.db).await?;

    Ok(web::Json(OpenDataIndex {
        snapshot_at,
        records,
        terms: OpenDataTerms {
            zh: TERMS_ZH.to_owned(),
            en: TERMS_EN.to_owned(),
        },
        downloads: [Format::Csv, Format::JsonLines]
            .into_iter()
            .map(|format| OpenDataDownload {
                format: format.extension().to_owned(),
                media_type: format.media_type().to_owned(),
                url: format!("/api/v1/public/open-data/complaints.{}", format.extension()),
            })
            .collect(),
        fields: FIELDS.iter().map(|field| field.describe()).collect(),
    }))
}

/// Every published complaint as CSV. Anonymous.
///
/// One header row with the field names of `GET /public/open-data`, then one
/// row per published complaint in publication order. UTF-8 with a byte
/// order mark for spreadsheets, RFC 4180 quoting, and a `'` before any cell
/// that a spreadsheet would run as a formula. Filters: `from` and `to`
/// (publication day, China time) and `region_code` (any level).
#[utoipa::path(
    tag = "public",
    params(OpenDataQuery),
    responses(
        (status = 200, description = "The CSV file, sent as an attachment", content_type = "text/csv", body = String,
            headers(("Content-Disposition" = String, description = "`attachment; filename=\"published-complaints-YYYYMMDD.csv\"` with the snapshot's date in China"))),
        (status = 422, description = "`from` after `to`, a malformed date or region; the parameter is named", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/open-data/complaints.csv")]
async fn complaints_csv(
    state: web::Data<AppState>,
    query: Query<OpenDataQuery>,
) -> ApiResult<HttpResponse> {
    respond(state, &query, Format::Csv).await
}

/// Every published complaint as JSON Lines. Anonymous.
///
/// One JSON object per line, in publication order, whose keys are exactly
/// the field names of `GET /public/open-data`; an empty value is `null`.
/// Takes the same filters as the CSV file.
#[utoipa::path(
    tag = "public",
    params(OpenDataQuery),
    responses(
        (status = 200, description = "The JSON Lines file, sent as an attachment", content_type = "application/jsonl", body = String,
            headers(("Content-Disposition" = String, description = "`attachment; filename=\"published-complaints-YYYYMMDD.jsonl\"` with the snapshot's date in China"))),
        (status = 422, description = "`from` after `to`, a malformed date or region; the parameter is named", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/open-data/complaints.jsonl")]
async fn complaints_jsonl(
    state: web::Data<AppState>,
    query: Query<OpenDataQuery>,
) -> ApiResult<HttpResponse> {
    respond(state, &query, Format::JsonLines).await
}

/// Checks the filters, opens the download and streams it.
async fn respond(
    state: web::Data<AppState>,
    query: &OpenDataQuery,
    format: Format,
) -> ApiResult<HttpResponse> {
    let condition = download::condition(&state.db, query).await?;
    let snapshot = state.clock.now().with_timezone(&china());

    let mut download = Download::open(state, condition, format).await?;
    let first = download.first_chunk().await?;

    let file_name = format!(
        "published-complaints-{}.{}",
        snapshot.format("%Y%m%d"),
        format.extension()
    );
    Ok(HttpResponse::Ok()
        .content_type(format.media_type())
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .insert_header((CACHE_CONTROL, "no-cache"))
        .streaming(download.into_stream(first)))
}
