//! A member business's outlets (网点) and the reply templates its team
//! shares; a complaint may name the outlet it is about.
//!
//! Names and titles are unique within a business ignoring case and the
//! spaces around them: the server stores that folded form in `name_key` and
//! `title_key`, so the unique index works alike on SQLite and PostgreSQL.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum BusinessOutlets {
    Table,
    Id,
    BusinessId,
    Name,
    NameKey,
    RegionCode,
    Address,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReplyTemplates {
    Table,
    Id,
    BusinessId,
    Title,
    TitleKey,
    Body,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    OutletId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(outlets_table()).await?;
        manager.create_table(templates_table()).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .add_column(uuid_null(Complaints::OutletId))
                    .to_owned(),
            )
            .await?;
        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_complaints_outlet")
                    .table(Complaints::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .drop_column(Complaints::OutletId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(ReplyTemplates::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(BusinessOutlets::Table).to_owned())
            .await
    }
}

fn outlets_table() -> TableCreateStatement {
    Table::create()
        .table(BusinessOutlets::Table)
        .col(pk_uuid(BusinessOutlets::Id))
        .col(uuid(BusinessOutlets::BusinessId))
        .col(string_len(BusinessOutlets::Name, 100))
        .col(string_len(BusinessOutlets::NameKey, 100))
        .col(string_len(BusinessOutlets::RegionCode, 6))
        .col(string_len_null(BusinessOutlets::Address, 200))
        .col(boolean(BusinessOutlets::Active))
        .col(timestamp_with_time_zone(BusinessOutlets::CreatedAt))
        .col(timestamp_with_time_zone(BusinessOutlets::UpdatedAt))
        .to_owned()
}

fn templates_table() -> TableCreateStatement {
    Table::create()
        .table(ReplyTemplates::Table)
        .col(pk_uuid(ReplyTemplates::Id))
        .col(uuid(ReplyTemplates::BusinessId))
        .col(string_len(ReplyTemplates::Title, 60))
        .col(string_len(ReplyTemplates::TitleKey, 60))
        .col(text(ReplyTemplates::Body))
        .col(uuid(ReplyTemplates::CreatedBy))
        .col(timestamp_with_time_zone(ReplyTemplates::CreatedAt))
        .col(timestamp_with_time_zone(ReplyTemplates::UpdatedAt))
        .to_owned()
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        Index::create()
            .name("idx_business_outlets_name")
            .table(BusinessOutlets::Table)
            .col(BusinessOutlets::BusinessId)
            .col(BusinessOutlets::NameKey)
            .unique()
            .to_owned(),
        Index::create()
            .name("idx_reply_templates_title")
            .table(ReplyTemplates::Table)
            .col(ReplyTemplates::BusinessId)
            .col(ReplyTemplates::TitleKey)
            .unique()
            .to_owned(),
        Index::create()
            .name("idx_complaints_outlet")
            .table(Complaints::Table)
            .col(Complaints::OutletId)
            .to_owned(),
    ]
}
