use sea_orm::entity::prelude::*;

/// The redacted public copy of a published complaint: what public pages,
/// search, statistics and open data read.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "published_complaints")]
pub struct Model {
    /// Publication order; also the row id of the SQLite search index.
    #[sea_orm(primary_key)]
    pub id: i32,
    pub complaint_id: Uuid,
    pub number: String,
    pub business_id: Uuid,
    pub business_name: String,
    pub association_id: Uuid,
    pub association_name: String,
    pub region_code: String,
    pub province_code: String,
    pub city_code: String,
    pub category_code: String,
    pub nature_code: String,
    /// JSON `complaints::view::StoredDemands`, the words redacted.
    pub demands: String,
    /// Redacted.
    pub description: String,
    /// JSON array of `shared::publication::PublicReply`, redacted.
    pub replies: String,
    /// JSON array of `shared::publication::Stage`.
    pub stages: String,
    /// JSON array of `shared::publication::PublicDeadline`.
    pub deadlines: String,
    /// No deadline missed (`None` while none has been met or missed).
    pub deadline_met: Option<bool>,
    pub state: String,
    pub outcome: Option<String>,
    pub amount_recovered_fen: Option<i64>,
    pub filed_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    /// Which disclosure rule published it.
    pub reason: String,
    pub published_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The business's one public reply, redacted.
    pub business_comment: Option<String>,
    pub business_comment_at: Option<DateTimeUtc>,
    /// The segmented words of the public text, separated by spaces.
    pub search_tokens: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
