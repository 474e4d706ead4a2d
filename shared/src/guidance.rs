//! Guidance (消费指引): articles an association keeps on consumers' rights
//! (returns, prepaid cards, the three guarantees…), searchable by anyone
//! once published, and suggested to consumers as they describe a problem.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{AssociationId, UserId};

/// The languages an article may be written in.
pub const LANGUAGES: [&str; 2] = ["zh-CN", "en"];

/// An article as the association's staff see it, published or not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    pub id: i32,
    pub association_id: AssociationId,
    /// `zh-CN` or `en`.
    pub language: String,
    pub title: String,
    /// Plain text; blank lines separate paragraphs.
    pub body: String,
    /// Set while the article is public.
    pub published_at: Option<DateTime<Utc>>,
    /// Who last changed it; none for the articles the platform came with.
    pub updated_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /articles`: a new article, unpublished unless `publish`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewArticle {
    /// `zh-CN` or `en`.
    pub language: String,
    /// 2 to 100 characters.
    pub title: String,
    /// 20 to 20,000 characters.
    pub body: String,
    #[serde(default)]
    pub publish: bool,
}

/// `PATCH /articles/{id}`: the fields to change; the others stay.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ArticleChange {
    pub language: Option<String>,
    pub title: Option<String>,
    pub body: Option<String>,
    /// `true` publishes the article, `false` takes it down.
    pub published: Option<bool>,
}

/// A published article, for anyone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicArticle {
    pub id: i32,
    pub language: String,
    pub title: String,
    pub body: String,
    pub association_name: String,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One article found by a search or suggested for a draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleHit {
    pub id: i32,
    pub language: String,
    pub title: String,
    /// A short stretch of the body around the first word found.
    pub snippet: String,
    /// `[start, end)` character ranges of the words in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    pub published_at: DateTime<Utc>,
}

/// `GET /public/articles`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ArticleSearchQuery {
    /// Words to find (Chinese word segmentation; every word must occur).
    /// Without it, every published article, newest first.
    pub q: Option<String>,
    /// Only articles in this language (`zh-CN` or `en`).
    pub language: Option<String>,
    /// Opaque cursor from the previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    pub limit: Option<u32>,
}

/// `GET /public/articles/suggestions`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct SuggestionQuery {
    /// The consumer's draft, up to 5,000 characters: the articles sharing
    /// the most of its telling words come first.
    pub text: String,
    /// Only articles in this language (`zh-CN` or `en`).
    pub language: Option<String>,
}
