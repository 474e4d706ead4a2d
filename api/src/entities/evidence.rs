use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub uploader_id: Uuid,
    /// None until a filing or a message attaches it.
    pub complaint_id: Option<Uuid>,
    /// SHA-256 of the content, hex: the key in the evidence store.
    pub hash: String,
    pub kind: String,
    pub media_type: String,
    pub file_name: String,
    pub size: i64,
    pub created_at: DateTimeUtc,
    pub attached_at: Option<DateTimeUtc>,
    /// The joining application this file is the licence of.
    pub application_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
