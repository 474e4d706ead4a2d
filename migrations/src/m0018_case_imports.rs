//! Cases imported from case bundles: which bundle each came in (so that
//! importing the same bundle again finds the same case), and the timelines
//! the case had before, kept verbatim so that their hash chains still check.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m0001_regions_and_associations::Associations;
use crate::m0002_accounts::Users;
use crate::m0006_complaints::Complaints;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CaseImports {
    Table,
    Id,
    ComplaintId,
    AssociationId,
    BundleDigest,
    PriorRecords,
    Parties,
    ImportedBy,
    ImportedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(imports_table()).await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_case_imports_bundle")
                    .table(CaseImports::Table)
                    .col(CaseImports::AssociationId)
                    .col(CaseImports::BundleDigest)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_case_imports_complaint")
                    .table(CaseImports::Table)
                    .col(CaseImports::ComplaintId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CaseImports::Table).to_owned())
            .await
    }
}

fn imports_table() -> TableCreateStatement {
    Table::create()
        .table(CaseImports::Table)
        .col(pk_uuid(CaseImports::Id))
        .col(uuid(CaseImports::ComplaintId))
        .col(uuid(CaseImports::AssociationId))
        .col(string_len(CaseImports::BundleDigest, 64))
        .col(text(CaseImports::PriorRecords))
        .col(text(CaseImports::Parties))
        .col(uuid(CaseImports::ImportedBy))
        .col(timestamp_with_time_zone(CaseImports::ImportedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_case_imports_complaint")
                .from(CaseImports::Table, CaseImports::ComplaintId)
                .to(Complaints::Table, Complaints::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_case_imports_association")
                .from(CaseImports::Table, CaseImports::AssociationId)
                .to(Associations::Table, Associations::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_case_imports_user")
                .from(CaseImports::Table, CaseImports::ImportedBy)
                .to(Users::Table, Users::Id),
        )
        .to_owned()
}
