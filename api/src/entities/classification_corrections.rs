use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "classification_corrections")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub complaint_id: Uuid,
    /// The complaint's description when it was corrected: the example's text.
    pub text: String,
    /// The category and nature staff chose: the example's labels.
    pub category_code: String,
    pub nature_code: String,
    /// What the complaint had before.
    pub previous_category_code: String,
    pub previous_nature_code: String,
    pub corrected_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
