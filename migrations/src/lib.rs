//! The redress schema: every table comes from a migration here, applied in order
//! at start-up, on SQLite and PostgreSQL alike.

pub use sea_orm_migration::prelude::*;

mod m0001_regions_and_associations;
mod m0002_accounts;
mod m0003_sessions;
mod m0004_taxonomy;
mod m0005_businesses;
mod m0006_complaints;
mod m0007_api_keys;
mod m0008_business_contacts;
mod m0009_webhooks;
mod m0010_joining;
mod m0011_outlets_and_templates;
mod m0012_business_aliases;
mod m0013_publication;
mod m0014_case_publicity;
mod m0015_business_records;
mod m0016_mini_program_identities;
mod m0017_us_regions;
mod m0018_case_imports;
mod m0019_classification_corrections;
mod m0020_enquiries_and_guidance;
mod m0021_group_complaints;
mod m0022_consumer_warnings;
mod seed;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_regions_and_associations::Migration),
            Box::new(m0002_accounts::Migration),
            Box::new(m0003_sessions::Migration),
            Box::new(m0004_taxonomy::Migration),
            Box::new(m0005_businesses::Migration),
            Box::new(m0006_complaints::Migration),
            Box::new(m0007_api_keys::Migration),
            Box::new(m0008_business_contacts::Migration),
            Box::new(m0009_webhooks::Migration),
            Box::new(m0010_joining::Migration),
            Box::new(m0011_outlets_and_templates::Migration),
            Box::new(m0012_business_aliases::Migration),
            Box::new(m0013_publication::Migration),
            Box::new(m0014_case_publicity::Migration),
            Box::new(m0015_business_records::Migration),
            Box::new(m0016_mini_program_identities::Migration),
            Box::new(m0017_us_regions::Migration),
            Box::new(m0018_case_imports::Migration),
            Box::new(m0019_classification_corrections::Migration),
            Box::new(m0020_enquiries_and_guidance::Migration),
            Box::new(m0021_group_complaints::Migration),
            Box::new(m0022_consumer_warnings::Migration),
        ]
    }
}
