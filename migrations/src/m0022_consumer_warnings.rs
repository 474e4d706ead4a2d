//! Consumer warnings (消费警示): notices an association's staff publish when
//! complaints against a business, a category or a region surge. Also an
//! index for reading an association's recent complaints by filing time,
//! which surge detection scans.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ConsumerWarnings {
    Table,
    Id,
    AssociationId,
    Title,
    Body,
    BusinessId,
    CategoryCode,
    RegionCode,
    IssuedBy,
    IssuedAt,
    WithdrawnAt,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    AssociationId,
    FiledAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(warnings_table()).await?;
        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_complaints_association_filed")
                    .table(Complaints::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(ConsumerWarnings::Table).to_owned())
            .await
    }
}

fn warnings_table() -> TableCreateStatement {
    Table::create()
        .table(ConsumerWarnings::Table)
        .col(pk_auto(ConsumerWarnings::Id))
        .col(uuid(ConsumerWarnings::AssociationId))
        .col(text(ConsumerWarnings::Title))
        .col(text(ConsumerWarnings::Body))
        .col(uuid_null(ConsumerWarnings::BusinessId))
        .col(string_len_null(ConsumerWarnings::CategoryCode, 64))
        .col(string_len_null(ConsumerWarnings::RegionCode, 6))
        .col(uuid(ConsumerWarnings::IssuedBy))
        .col(timestamp_with_time_zone(ConsumerWarnings::IssuedAt))
        .col(timestamp_with_time_zone_null(ConsumerWarnings::WithdrawnAt))
        .to_owned()
}

/// Staff list their association's warnings, anyone a business's, newest
/// first; alerts read an association's complaints of the last weeks.
fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        Index::create()
            .name("idx_consumer_warnings_association")
            .table(ConsumerWarnings::Table)
            .col(ConsumerWarnings::AssociationId)
            .col(ConsumerWarnings::Id)
            .to_owned(),
        Index::create()
            .name("idx_consumer_warnings_business")
            .table(ConsumerWarnings::Table)
            .col(ConsumerWarnings::BusinessId)
            .col(ConsumerWarnings::Id)
            .to_owned(),
        Index::create()
            .name("idx_complaints_association_filed")
            .table(Complaints::Table)
            .col(Complaints::AssociationId)
            .col(Complaints::FiledAt)
            .to_owned(),
    ]
}
