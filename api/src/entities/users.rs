use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `consumer`, `business`, `staff` or `platform_admin`.
    pub kind: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub login_name: Option<String>,
    pub display_name: String,
    pub password_hash: String,
    pub association_id: Option<Uuid>,
    /// The business a business user works for.
    pub business_id: Option<Uuid>,
    /// `owner`, `manager` or `handler` for a business user with a business.
    pub business_role: Option<String>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub password_changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
