//! Staff corrections of a complaint's category or nature: each one is a
//! labelled example that retraining the classifier learns from.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ClassificationCorrections {
    Table,
    Id,
    ComplaintId,
    Text,
    CategoryCode,
    NatureCode,
    PreviousCategoryCode,
    PreviousNatureCode,
    CorrectedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ClassificationCorrections::Table)
                    .col(pk_uuid(ClassificationCorrections::Id))
                    .col(uuid(ClassificationCorrections::ComplaintId))
                    .col(text(ClassificationCorrections::Text))
                    .col(string_len(ClassificationCorrections::CategoryCode, 64))
                    .col(string_len(ClassificationCorrections::NatureCode, 64))
                    .col(string_len(
                        ClassificationCorrections::PreviousCategoryCode,
                        64,
                    ))
                    .col(string_len(
                        ClassificationCorrections::PreviousNatureCode,
                        64,
                    ))
                    .col(uuid(ClassificationCorrections::CorrectedBy))
                    .col(timestamp_with_time_zone(
                        ClassificationCorrections::CreatedAt,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_classification_corrections_created")
                    .table(ClassificationCorrections::Table)
                    .col(ClassificationCorrections::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(ClassificationCorrections::Table)
                    .to_owned(),
            )
            .await
    }
}
