use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "joining_applications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub applicant_id: Uuid,
    /// The association that reviews it: the one serving its region when it
    /// was last submitted.
    pub association_id: Uuid,
    /// `submitted`, `more_info_requested`, `approved`, `rejected` or `withdrawn`.
    pub state: String,
    pub credit_code: String,
    pub licensed_name: String,
    pub region_code: String,
    /// A category code from the complaint taxonomy.
    pub industry_code: String,
    pub licence_evidence_id: Uuid,
    /// JSON `shared::businesses::ServiceContacts`.
    pub service_contacts: String,
    pub commitment_version: String,
    pub committed_at: DateTimeUtc,
    /// The reviewer's last word: why it was rejected, or what more it needs.
    pub decision_note: Option<String>,
    /// The business it made a member, once approved.
    pub business_id: Option<Uuid>,
    pub reviewed_by: Option<Uuid>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
