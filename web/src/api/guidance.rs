//! Guidance articles: the association's knowledge base, searched by the public
//! and suggested while a consumer writes a complaint.

use shared::guidance::{ArticleHit, ArticleSearchQuery, PublicArticle, SuggestionQuery};
use shared::page::Page;

use super::{ApiError, client, path};

/// `GET /public/articles`: published articles matching `q`, or the newest.
pub async fn search(query: &ArticleSearchQuery) -> Result<Page<ArticleHit>, ApiError> {
    client().get_query(&path("/public/articles"), query).await
}

/// `GET /public/articles/{id}`: one published article.
pub async fn article(id: i32) -> Result<PublicArticle, ApiError> {
    client().get(&path(&format!("/public/articles/{id}"))).await
}

/// `GET /public/articles/suggestions`: articles that fit a complaint's text.
pub async fn suggestions(query: &SuggestionQuery) -> Result<Vec<ArticleHit>, ApiError> {
    client()
        .get_query(&path("/public/articles/suggestions"), query)
        .await
}
