use sea_orm::entity::prelude::*;

/// A group complaint (集体投诉): member complaints point to it by `group_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_complaints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub association_id: Uuid,
    pub business_id: Uuid,
    pub title: String,
    pub cause: String,
    /// The mediator who handles every member in mediation.
    pub mediator_id: Option<Uuid>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
