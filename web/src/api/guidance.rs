//! Guidance articles: the association's knowledge base, written by its
//! staff, searched by the public and suggested while a consumer writes a
//! complaint.

use shared::guidance::{
    Article, ArticleChange, ArticleHit, ArticleSearchQuery, NewArticle, PublicArticle,
    SuggestionQuery,
};
use shared::page::{Page, PageQuery};

use super::{ApiError, client, path};

/// `POST /articles`: staff write an article, a draft unless `publish`.
pub async fn write(article: &NewArticle) -> Result<Article, ApiError> {
    client().post(&path("/articles"), article).await
}

/// `GET /articles`: the staff's association's articles, drafts too, newest first.
pub async fn written(query: &PageQuery) -> Result<Page<Article>, ApiError> {
    client().get_query(&path("/articles"), query).await
}

/// `PATCH /articles/{id}`: change an article's text, or publish or unpublish it.
pub async fn change(id: i32, change: &ArticleChange) -> Result<Article, ApiError> {
    client()
        .patch(&path(&format!("/articles/{id}")), change)
        .await
}

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
