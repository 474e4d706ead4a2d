//! Regions (GB/T 2260) and the association tree seeded from them.

use sea_orm_migration::{prelude::*, schema::*};

use crate::seed;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Regions {
    Table,
    Code,
    Name,
    Level,
    ParentCode,
}

#[derive(DeriveIden)]
pub enum Associations {
    Table,
    Id,
    Name,
    RegionCode,
    Level,
    ParentId,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// SQLite, like PostgreSQL, can roll back schema changes: a failed
    /// migration leaves nothing half-applied on either.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(regions_table()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_regions_parent_code")
                    .table(Regions::Table)
                    .col(Regions::ParentCode)
                    .to_owned(),
            )
            .await?;
        manager.create_table(associations_table()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_associations_parent_id")
                    .table(Associations::Table)
                    .col(Associations::ParentId)
                    .to_owned(),
            )
            .await?;

        seed::regions(manager).await?;
        seed::associations(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Associations::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Regions::Table).to_owned())
            .await
    }
}

fn regions_table() -> TableCreateStatement {
    Table::create()
        .table(Regions::Table)
        .col(string_len(Regions::Code, 6).primary_key())
        .col(string_len(Regions::Name, 100))
        .col(string_len(Regions::Level, 16))
        .col(string_len_null(Regions::ParentCode, 6))
        .to_owned()
}

fn associations_table() -> TableCreateStatement {
    Table::create()
        .table(Associations::Table)
        .col(pk_uuid(Associations::Id))
        .col(string_len(Associations::Name, 100))
        .col(string_len_uniq(Associations::RegionCode, 6))
        .col(string_len(Associations::Level, 16))
        .col(uuid_null(Associations::ParentId))
        .col(timestamp_with_time_zone(Associations::CreatedAt))
        .col(timestamp_with_time_zone(Associations::UpdatedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_associations_parent")
                .from(Associations::Table, Associations::ParentId)
                .to(Associations::Table, Associations::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_associations_region")
                .from(Associations::Table, Associations::RegionCode)
                .to(Regions::Table, Regions::Code),
        )
        .to_owned()
}
