//! Public search: Chinese word segmentation, the queries over the full-text
//! index of published complaints, snippets with highlights, and the public
//! complaint endpoints.

pub mod highlight;
pub mod index;
pub mod query;
pub mod ranges;
pub mod relevance;
pub mod routes;
pub mod segment;
