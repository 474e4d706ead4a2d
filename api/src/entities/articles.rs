use sea_orm::entity::prelude::*;

/// A guidance article of an association.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "articles")]
pub struct Model {
    /// Also the row id of the SQLite search index.
    #[sea_orm(primary_key)]
    pub id: i32,
    pub association_id: Uuid,
    pub language: String,
    pub title: String,
    pub body: String,
    pub published_at: Option<DateTimeUtc>,
    pub created_by: Option<Uuid>,
    pub updated_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The segmented words of the title and body, space-separated; empty
    /// for a seeded article until the server segments it at start-up.
    pub search_tokens: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
