use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    /// Increasing; the server-sent event id.
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: Uuid,
    pub complaint_id: Option<Uuid>,
    pub kind: String,
    pub title_zh: String,
    pub title_en: String,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
    /// When the SMS or e-mail for it went out (or it was found not to need one).
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
