use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deadlines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub complaint_id: Uuid,
    pub kind: String,
    pub started_at: DateTimeUtc,
    pub due_at: DateTimeUtc,
    pub paused_at: Option<DateTimeUtc>,
    pub pause_reason: Option<String>,
    /// `running`, `met`, `missed` or `cancelled`.
    pub status: String,
    /// The "deadline approaching" notice went out.
    pub warned: bool,
    pub settled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
