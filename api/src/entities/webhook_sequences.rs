use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_sequences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub complaint_id: Uuid,
    /// The sequence of the complaint's latest webhook event.
    pub last: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
