use sea_orm::entity::prelude::*;

/// A consumer warning (消费警示) an association issued.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consumer_warnings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub association_id: Uuid,
    pub title: String,
    pub body: String,
    pub business_id: Option<Uuid>,
    pub category_code: Option<String>,
    pub region_code: Option<String>,
    pub issued_by: Uuid,
    pub issued_at: DateTimeUtc,
    /// Set once withdrawn: the warning is no longer public.
    pub withdrawn_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
