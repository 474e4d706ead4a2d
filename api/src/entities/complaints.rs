use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: String,
    pub consumer_id: Uuid,
    pub business_id: Uuid,
    /// The business's outlet the consumer named, if any.
    pub outlet_id: Option<Uuid>,
    /// The association handling it now (changes on transfer).
    pub association_id: Uuid,
    pub region_code: String,
    pub category_code: String,
    pub nature_code: String,
    pub purchase_date: Option<Date>,
    pub amount_fen: Option<i64>,
    pub order_number: Option<String>,
    pub channel: String,
    pub channel_platform: Option<String>,
    pub description: String,
    /// JSON array of `shared::complaints::Demand`.
    pub demands: String,
    pub consent_to_publish: bool,
    pub state: String,
    pub outcome: Option<String>,
    pub business_was_member: bool,
    pub business_missed_deadline: bool,
    /// JSON `shared::complaints::Offer` while the consumer has not answered it.
    pub pending_offer: Option<String>,
    /// JSON `shared::complaints::Agreement` once one is reached.
    pub agreement: Option<String>,
    pub mediator_id: Option<Uuid>,
    pub rating: Option<i16>,
    pub rating_comment: Option<String>,
    /// Bumped by every change; the ETag.
    pub version: i32,
    /// The hash of the newest timeline entry and the number of entries: an
    /// entry removed from the end of the chain shows against these.
    pub timeline_head: Option<String>,
    pub timeline_length: i64,
    pub filed_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    /// When the disclosure rules published it; cleared by nothing, so that
    /// an unpublished complaint is not published again by a later step.
    pub published_at: Option<DateTimeUtc>,
    /// When staff took it off the public pages.
    pub unpublished_at: Option<DateTimeUtc>,
    pub consent_withdrawn_at: Option<DateTimeUtc>,
    /// The redacted description as staff edited it before or after publication.
    pub public_description: Option<String>,
    /// The group complaint (集体投诉) it belongs to, if any.
    pub group_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
