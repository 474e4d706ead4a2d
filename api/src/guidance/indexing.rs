//! An article's words for the full-text index, and segmenting the articles
//! a migration seeded without them.

use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};

use crate::entities::articles;
use crate::error::ApiResult;
use crate::search::index::Index;
use crate::search::segment::document_tokens;

/// The full-text index over articles.
pub const INDEX: Index = Index {
    table: "articles",
    fts: "article_search",
};

/// The words of an article's title and body, as the index holds them.
pub fn tokens(title: &str, body: &str) -> String {
    document_tokens(&format!("{title}\n{body}"))
}

/// Segments every article that has no words yet: those a migration wrote,
/// which has no word segmenter. Run at start-up.
pub async fn index_seeded(db: &impl ConnectionTrait) -> ApiResult<usize> {
    let waiting = articles::Entity::find()
        .filter(articles::Column::SearchTokens.eq(""))
        .all(db)
        .await?;
    let count = waiting.len();
    for article in waiting {
        let words = tokens(&article.title, &article.body);
        let mut active = article.into_active_model();
        active.search_tokens = Set(words);
        active.update(db).await?;
    }
    Ok(count)
}
