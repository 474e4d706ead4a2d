//! Case publicity (个案公示): an association's public listing of a business
//! that refused mediation or did not carry out an agreement, the cases it
//! names, and its lifting. A lifted listing is kept: the public record shows
//! when and why it was listed and lifted.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m0001_regions_and_associations::Associations;
use crate::m0005_businesses::Businesses;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CasePublicity {
    Table,
    Id,
    BusinessId,
    AssociationId,
    Ground,
    Statement,
    ListedBy,
    ListedAt,
    LiftedBy,
    LiftedAt,
    LiftingStatement,
}

#[derive(DeriveIden)]
enum CasePublicityCases {
    Table,
    ListingId,
    ComplaintId,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(listings_table()).await?;
        manager.create_table(cases_table()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_publicity_business")
                    .table(CasePublicity::Table)
                    .col(CasePublicity::BusinessId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_publicity_cases_complaint")
                    .table(CasePublicityCases::Table)
                    .col(CasePublicityCases::ComplaintId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CasePublicityCases::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CasePublicity::Table).to_owned())
            .await
    }
}

fn listings_table() -> TableCreateStatement {
    Table::create()
        .table(CasePublicity::Table)
        .col(pk_uuid(CasePublicity::Id))
        .col(uuid(CasePublicity::BusinessId))
        .col(uuid(CasePublicity::AssociationId))
        .col(string_len(CasePublicity::Ground, 40))
        .col(text(CasePublicity::Statement))
        .col(uuid(CasePublicity::ListedBy))
        .col(timestamp_with_time_zone(CasePublicity::ListedAt))
        .col(uuid_null(CasePublicity::LiftedBy))
        .col(timestamp_with_time_zone_null(CasePublicity::LiftedAt))
        .col(text_null(CasePublicity::LiftingStatement))
        .foreign_key(
            ForeignKey::create()
                .name("fk_case_publicity_business")
                .from(CasePublicity::Table, CasePublicity::BusinessId)
                .to(Businesses::Table, Businesses::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_case_publicity_association")
                .from(CasePublicity::Table, CasePublicity::AssociationId)
                .to(Associations::Table, Associations::Id),
        )
        .to_owned()
}

fn cases_table() -> TableCreateStatement {
    Table::create()
        .table(CasePublicityCases::Table)
        .col(uuid(CasePublicityCases::ListingId))
        .col(uuid(CasePublicityCases::ComplaintId))
        .primary_key(
            Index::create()
                .col(CasePublicityCases::ListingId)
                .col(CasePublicityCases::ComplaintId),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_case_publicity_cases_listing")
                .from(CasePublicityCases::Table, CasePublicityCases::ListingId)
                .to(CasePublicity::Table, CasePublicity::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_case_publicity_cases_complaint")
                .from(CasePublicityCases::Table, CasePublicityCases::ComplaintId)
                .to(Complaints::Table, Complaints::Id),
        )
        .to_owned()
}
