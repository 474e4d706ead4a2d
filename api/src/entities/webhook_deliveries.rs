use sea_orm::entity::prelude::*;

/// The outbox: one row per event and webhook.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub endpoint_id: Uuid,
    pub business_id: Uuid,
    pub complaint_id: Uuid,
    /// The event's place among its complaint's events; a webhook gets them
    /// in this order.
    pub sequence: i64,
    pub event_id: Uuid,
    pub event_type: String,
    /// The JSON body, exactly as posted.
    pub body: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub first_attempt_at: Option<DateTimeUtc>,
    pub last_attempt_at: Option<DateTimeUtc>,
    /// A worker that claimed the row sends it until then; after that any
    /// worker may claim it again.
    pub lease_until: Option<DateTimeUtc>,
    /// Which claim holds the lease, so that a late worker cannot overwrite
    /// the outcome of a newer one.
    pub lease_token: Option<Uuid>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTimeUtc>,
    pub redelivery_of: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
