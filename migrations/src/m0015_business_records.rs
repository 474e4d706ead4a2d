//! Indexes for the public handling records and the rankings, which count a
//! business's complaints by the day they were accepted, look up each
//! complaint's timeline entries by kind, and find the businesses of a region.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Complaints {
    Table,
    BusinessId,
    AcceptedAt,
}

#[derive(DeriveIden)]
enum Businesses {
    Table,
    RegionCode,
}

#[derive(DeriveIden)]
enum TimelineEntries {
    Table,
    ComplaintId,
    Kind,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let names = [
            (
                "idx_complaints_business_accepted",
                Complaints::Table.into_iden(),
            ),
            ("idx_complaints_accepted", Complaints::Table.into_iden()),
            (
                "idx_timeline_complaint_kind",
                TimelineEntries::Table.into_iden(),
            ),
        ];
        for (name, table) in names {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        // One business's record: its complaints by the day they were accepted.
        Index::create()
            .name("idx_complaints_business_accepted")
            .table(Complaints::Table)
            .col(Complaints::BusinessId)
            .col(Complaints::AcceptedAt)
            .to_owned(),
        // The rankings: every complaint accepted in a period.
        Index::create()
            .name("idx_complaints_accepted")
            .table(Complaints::Table)
            .col(Complaints::AcceptedAt)
            .to_owned(),
        // Whether a complaint has an entry of a kind (offer accepted, mediation ended…).
        Index::create()
            .name("idx_timeline_complaint_kind")
            .table(TimelineEntries::Table)
            .col(TimelineEntries::ComplaintId)
            .col(TimelineEntries::Kind)
            .to_owned(),
        // The rankings of a region: the businesses whose code falls in its range.
        Index::create()
            .name("idx_businesses_region")
            .table(Businesses::Table)
            .col(Businesses::RegionCode)
            .to_owned(),
    ]
}
