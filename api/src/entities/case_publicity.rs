use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_publicity")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub business_id: Uuid,
    /// The association that listed the business.
    pub association_id: Uuid,
    /// `refused_mediation` or `agreement_not_performed`.
    pub ground: String,
    pub statement: String,
    pub listed_by: Uuid,
    pub listed_at: DateTimeUtc,
    pub lifted_by: Option<Uuid>,
    pub lifted_at: Option<DateTimeUtc>,
    pub lifting_statement: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
