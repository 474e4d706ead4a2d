//! Businesses complained about, the accounts of their staff, and each
//! association's own deadlines.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m0001_regions_and_associations::Associations;
use crate::m0002_accounts::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Businesses {
    Table,
    Id,
    Name,
    CreditCode,
    RegionCode,
    Member,
    MemberSince,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UsersAdded {
    BusinessId,
}

#[derive(DeriveIden)]
#[allow(clippy::enum_variant_names)] // the variants are column names
enum AssociationsAdded {
    AcceptanceDays,
    InformationDays,
    ReconciliationDays,
    MediationDays,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(businesses_table()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_businesses_name")
                    .table(Businesses::Table)
                    .col(Businesses::Name)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(uuid_null(UsersAdded::BusinessId))
                    .to_owned(),
            )
            .await?;
        add_deadline_days(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            AssociationsAdded::AcceptanceDays,
            AssociationsAdded::InformationDays,
            AssociationsAdded::ReconciliationDays,
            AssociationsAdded::MediationDays,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Associations::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(UsersAdded::BusinessId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Businesses::Table).to_owned())
            .await
    }
}

fn businesses_table() -> TableCreateStatement {
    Table::create()
        .table(Businesses::Table)
        .col(pk_uuid(Businesses::Id))
        .col(string_len(Businesses::Name, 200))
        .col(string_len_null(Businesses::CreditCode, 18).unique_key())
        .col(string_len(Businesses::RegionCode, 6))
        .col(boolean(Businesses::Member))
        .col(timestamp_with_time_zone_null(Businesses::MemberSince))
        .col(timestamp_with_time_zone(Businesses::CreatedAt))
        .col(timestamp_with_time_zone(Businesses::UpdatedAt))
        .to_owned()
}

/// The working days of each deadline, defaulting to the national rules:
/// acceptance 7, information 15, reconciliation 10, mediation 45.
async fn add_deadline_days(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let columns = [
        (AssociationsAdded::AcceptanceDays, 7),
        (AssociationsAdded::InformationDays, 15),
        (AssociationsAdded::ReconciliationDays, 10),
        (AssociationsAdded::MediationDays, 45),
    ];
    for (column, days) in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(Associations::Table)
                    .add_column(integer(column).default(days))
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}
