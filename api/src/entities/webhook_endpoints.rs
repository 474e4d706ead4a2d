use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub business_id: Uuid,
    pub url: String,
    pub description: Option<String>,
    /// Comma-separated `WebhookEvent` names.
    pub events: String,
    /// The HMAC key of its deliveries' signatures; kept, since every
    /// delivery is signed with it.
    pub secret: String,
    pub active: bool,
    /// The business user (or the creator of the API key) who registered it.
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
