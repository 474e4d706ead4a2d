use sea_orm::entity::prelude::*;

/// A consumer's question to the association serving their region.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enquiries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub consumer_id: Uuid,
    pub association_id: Uuid,
    pub region_code: String,
    pub question: String,
    pub consent_to_publish: bool,
    /// `open`, `answered` or `converted`.
    pub state: String,
    pub answer: Option<String>,
    pub answered_by: Option<Uuid>,
    pub answered_at: Option<DateTimeUtc>,
    pub complaint_id: Option<Uuid>,
    pub asked_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
