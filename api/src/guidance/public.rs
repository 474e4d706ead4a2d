//! `/public/articles`: published guidance for anyone, searched with the
//! same Chinese word segmentation and full-text index as published
//! complaints, one by one, and suggested for a consumer's draft.

use actix_web::{get, web};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use shared::Page;
use shared::Problem;
use shared::guidance::{ArticleHit, ArticleSearchQuery, PublicArticle, SuggestionQuery};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::entities::{articles, associations};
use crate::error::{ApiResult, Fields};
use crate::guidance::articles::{check_language, not_found};
use crate::guidance::indexing::INDEX;
use crate::guidance::suggestions::{self, draft_words};
use crate::i18n::Text;
use crate::pagination;
use crate::search::highlight::snippet;
use crate::search::index::Words;
use crate::search::query::{check_limit, query_terms};
use crate::state::AppState;

/// The longest draft that suggestions read, in characters.
const MAX_DRAFT: usize = 5000;
/// The most candidate articles that suggestions weigh.
const MAX_CANDIDATES: u64 = 200;

pub fn configure(config: &mut ServiceConfig) {
    // Suggestions first: `/public/articles/{article_id}` would take the word.
    config.service(suggest).service(search).service(one);
}

/// Search published guidance articles, newest first. Anonymous.
///
/// `q` is split into words as the index was (Chinese word segmentation),
/// and every word must occur.
#[utoipa::path(
    tag = "public",
    params(ArticleSearchQuery),
    responses(
        (status = 200, description = "One page of articles, each with a snippet", body = Page<ArticleHit>),
        (status = 422, description = "A query without words or over 100 characters, an unknown language, or a bad cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/articles")]
async fn search(
    state: web::Data<AppState>,
    query: crate::http::Query<ArticleSearchQuery>,
) -> ApiResult<web::Json<Page<ArticleHit>>> {
    let mut fields = Fields::default();
    let words = query_terms(query.q.as_deref(), &mut fields);
    let language = check_language(&mut fields, query.language.as_deref());
    let limit = check_limit(query.limit, &mut fields);
    fields.finish()?;

    let mut select = published(language);
    if !words.is_empty() {
        let backend = state.db.get_database_backend();
        select = select.filter(INDEX.matching(backend, &words, Words::All));
    }
    if let Some(before) = pagination::decode_number(query.cursor.as_deref())? {
        select = select.filter(articles::Column::Id.lt(before));
    }
    let rows = select
        .order_by_desc(articles::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let (rows, next_cursor) = pagination::page(rows, limit, |last| last.id.to_string());
    Ok(web::Json(Page {
        items: rows.iter().map(|row| hit(row, &words)).collect(),
        next_cursor,
    }))
}

/// Articles for a consumer's draft (the description being typed in the
/// filing form): the few published articles sharing the most telling words
/// with it, best first. Anonymous. A draft without such words gets none.
#[utoipa::path(
    tag = "public",
    params(SuggestionQuery),
    responses(
        (status = 200, description = "At most three articles, best first", body = Vec<ArticleHit>),
        (status = 422, description = "A draft over 5,000 characters, or an unknown language", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/articles/suggestions")]
async fn suggest(
    state: web::Data<AppState>,
    query: crate::http::Query<SuggestionQuery>,
) -> ApiResult<web::Json<Vec<ArticleHit>>> {
    let mut fields = Fields::default();
    if query.text.chars().count() > MAX_DRAFT {
        fields.push(
            "text",
            "too_long",
            Text::new(
                format!("草稿最多 {MAX_DRAFT} 个字。"),
                format!("The draft is at most {MAX_DRAFT} characters."),
            ),
        );
    }
    let language = check_language(&mut fields, query.language.as_deref());
    fields.finish()?;

    let words = draft_words(&query.text);
    if words.is_empty() {
        return Ok(web::Json(Vec::new()));
    }
    let backend = state.db.get_database_backend();
    let candidates = published(language)
        .filter(INDEX.matching(backend, &words, Words::Any))
        .order_by_desc(articles::Column::Id)
        .limit(MAX_CANDIDATES)
        .all(&state.db)
        .await?;
    let best = suggestions::best(candidates, &words);
    Ok(web::Json(
        best.iter()
            .map(|(article, shared)| hit(article, shared))
            .collect(),
    ))
}

/// One published article. Anonymous.
#[utoipa::path(
    tag = "public",
    params(("article_id" = i32, Path)),
    responses(
        (status = 200, description = "The article", body = PublicArticle),
        (status = 404, description = "No published article has this id", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/articles/{article_id}")]
async fn one(
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> ApiResult<web::Json<PublicArticle>> {
    let article = published(None)
        .filter(articles::Column::Id.eq(*id))
        .one(&state.db)
        .await?
        .ok_or_else(not_found)?;
    Ok(web::Json(public(&state.db, article).await?))
}

/// Published articles, in one language or all.
fn published(language: Option<String>) -> Select<articles::Entity> {
    let select = articles::Entity::find().filter(articles::Column::PublishedAt.is_not_null());
    match language {
        Some(language) => select.filter(articles::Column::Language.eq(language)),
        None => select,
    }
}

fn hit(row: &articles::Model, words: &[String]) -> ArticleHit {
    let (snippet, highlights) = snippet(&row.body, words);
    ArticleHit {
        id: row.id,
        language: row.language.clone(),
        title: row.title.clone(),
        snippet,
        highlights,
        published_at: row.published_at.unwrap_or(row.updated_at),
    }
}

async fn public(db: &impl ConnectionTrait, row: articles::Model) -> ApiResult<PublicArticle> {
    let association = associations::Entity::find_by_id(row.association_id)
        .one(db)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    Ok(PublicArticle {
        id: row.id,
        language: row.language,
        title: row.title,
        body: row.body,
        association_name: association,
        published_at: row.published_at.unwrap_or(row.updated_at),
        updated_at: row.updated_at,
    })
}
