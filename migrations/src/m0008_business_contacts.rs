//! A business's customer-service contacts, published so that consumers can
//! try the business first.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m0005_businesses::Businesses;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Added {
    ServiceContacts,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Businesses::Table)
                    .add_column(text_null(Added::ServiceContacts))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Businesses::Table)
                    .drop_column(Added::ServiceContacts)
                    .to_owned(),
            )
            .await
    }
}
