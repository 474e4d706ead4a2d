//! Group complaints (集体投诉): several consumers' complaints with the same
//! cause against the same business, confirmed by staff and handled once.
//! Each member complaint keeps its own demands, state and timeline; the
//! group names the cause and the mediator who handles them all.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GroupComplaints {
    Table,
    Id,
    AssociationId,
    BusinessId,
    Title,
    Cause,
    MediatorId,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    GroupId,
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
                    .table(GroupComplaints::Table)
                    .col(pk_uuid(GroupComplaints::Id))
                    .col(uuid(GroupComplaints::AssociationId))
                    .col(uuid(GroupComplaints::BusinessId))
                    .col(string_len(GroupComplaints::Title, 200))
                    .col(text(GroupComplaints::Cause))
                    .col(uuid_null(GroupComplaints::MediatorId))
                    .col(uuid(GroupComplaints::CreatedBy))
                    .col(timestamp_with_time_zone(GroupComplaints::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_group_complaints_association")
                    .table(GroupComplaints::Table)
                    .col(GroupComplaints::AssociationId)
                    .col(GroupComplaints::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .add_column(uuid_null(Complaints::GroupId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_complaints_group")
                    .table(Complaints::Table)
                    .col(Complaints::GroupId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_complaints_group").to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .drop_column(Complaints::GroupId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(GroupComplaints::Table).to_owned())
            .await
    }
}
