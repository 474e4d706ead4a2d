use sea_orm::entity::prelude::*;

/// The redacted public copy of an answered enquiry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "published_questions")]
pub struct Model {
    /// Publication order; also the row id of the SQLite search index.
    #[sea_orm(primary_key)]
    pub id: i32,
    pub enquiry_id: Uuid,
    pub association_id: Uuid,
    pub association_name: String,
    pub region_code: String,
    pub question: String,
    pub answer: String,
    pub asked_at: DateTimeUtc,
    pub answered_at: DateTimeUtc,
    pub published_at: DateTimeUtc,
    /// The segmented words of the question and answer, space-separated.
    pub search_tokens: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
