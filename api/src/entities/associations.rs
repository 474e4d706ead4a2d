use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "associations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub region_code: String,
    pub level: String,
    pub parent_id: Option<Uuid>,
    /// Working days for each deadline (see `DeadlinePolicy`).
    pub acceptance_days: i32,
    pub information_days: i32,
    pub reconciliation_days: i32,
    pub mediation_days: i32,
    /// Disclosure rules (see `disclosure::rules`).
    pub publish_non_members_on_acceptance: bool,
    pub publish_missed_deadlines: bool,
    pub publish_closed_with_consent: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
