use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_imports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The case the bundle became here.
    pub complaint_id: Uuid,
    /// The association that imported it; one case per bundle per association.
    pub association_id: Uuid,
    /// The digest of the bundle imported.
    pub bundle_digest: String,
    /// JSON array of `shared::bundles::PriorRecord`: the timelines the case
    /// had before, the bundle's own last.
    pub prior_records: String,
    /// JSON `shared::bundles::BundleParties` as the bundle named them.
    pub parties: String,
    pub imported_by: Uuid,
    pub imported_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
