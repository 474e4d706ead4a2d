use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mini_program_tickets")]
pub struct Model {
    /// SHA-256 of the ticket, hex; the ticket itself is never stored.
    #[sea_orm(primary_key, auto_increment = false)]
    pub ticket_hash: String,
    /// `wechat` or `alipay`.
    pub provider: String,
    pub app_id: String,
    /// The user the platform named, not yet bound to an account.
    pub open_id: String,
    pub union_id: Option<String>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// Set when the ticket bound the user; it works once.
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
