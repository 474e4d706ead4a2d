use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "businesses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub credit_code: Option<String>,
    pub region_code: String,
    /// Joined the platform (入驻): its complaints go to reconciliation.
    pub member: bool,
    pub member_since: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// JSON `shared::businesses::ServiceContacts`.
    pub service_contacts: Option<String>,
    /// The name folded for search (see `businesses::names::fold`).
    pub name_key: Option<String>,
    /// Set on an uncoded record merged into the coded one; its complaints moved there.
    pub merged_into: Option<Uuid>,
    pub merged_at: Option<DateTimeUtc>,
    /// Set while the serving association has suspended the membership:
    /// complaints accepted meanwhile go to mediation.
    pub suspended_at: Option<DateTimeUtc>,
    pub suspension_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
