//! `/public/complaints`: published complaints for anyone, searched and one
//! by one. They read only the public copies, never the cases themselves.

use actix_web::{get, web};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::de::DeserializeOwned;
use shared::publication::{
    BusinessComment, Facets, PublicComplaint, PublicComplaintHit, PublicSearchPage,
    PublicSearchQuery, PublicationReason,
};
use shared::{BusinessId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::complaints::view::StoredDemands;
use crate::entities::published_complaints as published;
use crate::error::{ApiError, ApiResult};
use crate::search::highlight::snippet;
use crate::search::query::{Page, Search};
use crate::search::ranges;
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(search).service(one);
}

/// Search published complaints. Anonymous.
///
/// `q` is split into words the way the index was (Chinese word
/// segmentation), and every word must occur: `退款` finds complaints that
/// speak of 退款, not ones that hold 退 and 款 apart. The filters combine;
/// `facets` count all matches, not only this page. Without `q` the newest
/// come first; with it, the best matches.
#[utoipa::path(
    tag = "public",
    params(PublicSearchQuery),
    responses(
        (status = 200, description = "One page of matches, with facet counts", body = PublicSearchPage),
        (status = 422, description = "A query without words or over 100 characters, an unknown category, a malformed region, dates in the wrong order, or a bad cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/complaints")]
async fn search(
    state: web::Data<AppState>,
    query: crate::http::Query<PublicSearchQuery>,
) -> ApiResult<web::Json<PublicSearchPage>> {
    Ok(web::Json(run(&state.db, &query).await?))
}

/// One search, as the endpoint answers it.
pub async fn run(
    db: &DatabaseConnection,
    query: &PublicSearchQuery,
) -> ApiResult<PublicSearchPage> {
    let checked = Search::new(db, query).await?;

    let ((rows, next_cursor), (total, total_exact, facets)) =
        if checked.in_ranges(db.get_database_backend()) {
            let txn = ranges::reading(db).await?;
            let answer = answer(&checked, &txn).await?;
            txn.commit().await?;
            answer
        } else {
            answer(&checked, db).await?
        };
    let items = rows
        .iter()
        .map(|row| hit(row, &checked.words))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(PublicSearchPage {
        items,
        total,
        total_exact,
        facets,
        next_cursor,
    })
}

/// The page and the summary, from one pass where the search allows it.
async fn answer(
    checked: &Search,
    db: &impl ConnectionTrait,
) -> ApiResult<(Page, (u64, bool, Facets))> {
    Ok(match checked.page_with_summary(db).await? {
        Some(both) => both,
        None => (checked.page(db).await?, checked.summary(db).await?),
    })
}

/// One published complaint by its number. Anonymous.
#[utoipa::path(
    tag = "public",
    params(("number" = String, Path, description = "The complaint number, for example 20261204000017")),
    responses(
        (status = 200, description = "The published complaint", body = PublicComplaint),
        (status = 404, description = "No published complaint has this number", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/complaints/{number}")]
async fn one(
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> ApiResult<web::Json<PublicComplaint>> {
    let row = published::Entity::find()
        .filter(published::Column::Number.eq(number.as_str()))
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("公开投诉", "published complaint"))?;
    Ok(web::Json(view(row)?))
}

pub fn view(row: published::Model) -> ApiResult<PublicComplaint> {
    let demands: StoredDemands = parse(&row.demands, &row)?;
    Ok(PublicComplaint {
        demands: demands.demands,
        other_demand: demands.other,
        stages: parse(&row.stages, &row)?,
        deadlines: parse(&row.deadlines, &row)?,
        replies: parse(&row.replies, &row)?,
        state: wire(&row.state, &row)?,
        outcome: row.outcome.as_deref().map(|o| wire(o, &row)).transpose()?,
        reason: PublicationReason::parse(&row.reason).ok_or_else(|| unreadable(&row))?,
        business_comment: row
            .business_comment
            .clone()
            .zip(row.business_comment_at)
            .map(|(text, at)| BusinessComment { text, at }),
        number: row.number,
        business_id: BusinessId(row.business_id),
        business_name: row.business_name,
        association_name: row.association_name,
        region_code: row.region_code,
        category_code: row.category_code,
        nature_code: row.nature_code,
        description: row.description,
        filed_at: row.filed_at,
        accepted_at: row.accepted_at,
        closed_at: row.closed_at,
        deadline_met: row.deadline_met,
        amount_recovered_fen: row.amount_recovered_fen,
        published_at: row.published_at,
    })
}

fn hit(row: &published::Model, words: &[String]) -> ApiResult<PublicComplaintHit> {
    let (snippet, highlights) = snippet(&row.description, words);
    Ok(PublicComplaintHit {
        number: row.number.clone(),
        business_id: BusinessId(row.business_id),
        business_name: row.business_name.clone(),
        region_code: row.region_code.clone(),
        category_code: row.category_code.clone(),
        nature_code: row.nature_code.clone(),
        state: wire(&row.state, row)?,
        outcome: row.outcome.as_deref().map(|o| wire(o, row)).transpose()?,
        deadline_met: row.deadline_met,
        filed_at: row.filed_at,
        published_at: row.published_at,
        snippet,
        highlights,
    })
}

fn parse<T: DeserializeOwned>(json: &str, row: &published::Model) -> ApiResult<T> {
    serde_json::from_str(json).map_err(|error| {
        ApiError::internal(anyhow::anyhow!(
            "the public copy of complaint {} holds unreadable JSON ({error}); rebuild it",
            row.number
        ))
    })
}

fn wire<T: DeserializeOwned>(name: &str, row: &published::Model) -> ApiResult<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(|_| unreadable(row))
}

fn unreadable(row: &published::Model) -> ApiError {
    ApiError::internal(anyhow::anyhow!(
        "the public copy of complaint {} holds unreadable data; rebuild it",
        row.number
    ))
}
