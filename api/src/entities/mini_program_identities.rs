use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mini_program_identities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `wechat` or `alipay`.
    pub provider: String,
    /// The mini-program's app id at the platform.
    pub app_id: String,
    /// The user's id in that app.
    pub open_id: String,
    /// The user's id across the platform account's apps, when known.
    pub union_id: Option<String>,
    /// The consumer account the user is bound to.
    pub user_id: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
