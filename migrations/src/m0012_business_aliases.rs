//! Other names of a business (brands, former names, the names complaints gave
//! it before its record was merged) and the merge of an uncoded record into
//! the coded one. `name_key` and `alias_key` hold the folded form that name
//! search compares: full-width forms made half-width, lower case, no spaces.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m0005_businesses::Businesses;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Added {
    NameKey,
    MergedInto,
    MergedAt,
}

#[derive(DeriveIden)]
enum BusinessAliases {
    Table,
    Id,
    BusinessId,
    Name,
    AliasKey,
    Kind,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_business_columns(manager).await?;
        create_aliases(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BusinessAliases::Table).to_owned())
            .await?;
        for column in [Added::NameKey, Added::MergedInto, Added::MergedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Businesses::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

/// SQLite adds one column per statement, so each gets its own.
async fn add_business_columns(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let columns = [
        text_null(Added::NameKey),
        uuid_null(Added::MergedInto),
        timestamp_with_time_zone_null(Added::MergedAt),
    ];
    for column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(Businesses::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
    }

    // Records made before this migration get a plain folded key; the server
    // writes the full folding for every record it creates or renames.
    manager
        .get_connection()
        .execute_unprepared("UPDATE businesses SET name_key = lower(replace(name, ' ', ''))")
        .await?;
    manager
        .create_index(
            Index::create()
                .name("idx_businesses_name_key")
                .table(Businesses::Table)
                .col(Added::NameKey)
                .to_owned(),
        )
        .await
}

async fn create_aliases(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(BusinessAliases::Table)
                .col(pk_uuid(BusinessAliases::Id))
                .col(uuid(BusinessAliases::BusinessId))
                .col(string_len(BusinessAliases::Name, 200))
                .col(string_len(BusinessAliases::AliasKey, 200))
                .col(string_len(BusinessAliases::Kind, 20))
                .col(uuid_null(BusinessAliases::CreatedBy))
                .col(timestamp_with_time_zone(BusinessAliases::CreatedAt))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("uq_business_aliases_key")
                .table(BusinessAliases::Table)
                .col(BusinessAliases::BusinessId)
                .col(BusinessAliases::AliasKey)
                .unique()
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("idx_business_aliases_key")
                .table(BusinessAliases::Table)
                .col(BusinessAliases::AliasKey)
                .to_owned(),
        )
        .await
}
