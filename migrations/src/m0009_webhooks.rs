//! Webhooks: the endpoints member businesses register, the outbox of
//! deliveries written in the same transaction as the change they report,
//! and one counter per complaint that orders its deliveries.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WebhookEndpoints {
    Table,
    Id,
    BusinessId,
    Url,
    Description,
    Events,
    Secret,
    Active,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    EndpointId,
    BusinessId,
    ComplaintId,
    Sequence,
    EventId,
    EventType,
    Body,
    Status,
    Attempts,
    NextAttemptAt,
    FirstAttemptAt,
    LastAttemptAt,
    LeaseUntil,
    LeaseToken,
    LastStatusCode,
    LastError,
    DeliveredAt,
    RedeliveryOf,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WebhookSequences {
    Table,
    ComplaintId,
    Last,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(endpoints()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_endpoints_business")
                    .table(WebhookEndpoints::Table)
                    .col(WebhookEndpoints::BusinessId)
                    .to_owned(),
            )
            .await?;

        manager.create_table(deliveries()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_deliveries_due")
                    .table(WebhookDeliveries::Table)
                    .col(WebhookDeliveries::Status)
                    .col(WebhookDeliveries::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_deliveries_order")
                    .table(WebhookDeliveries::Table)
                    .col(WebhookDeliveries::EndpointId)
                    .col(WebhookDeliveries::ComplaintId)
                    .col(WebhookDeliveries::Sequence)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebhookSequences::Table)
                    .col(pk_uuid(WebhookSequences::ComplaintId))
                    .col(big_integer(WebhookSequences::Last))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            WebhookSequences::Table.into_iden(),
            WebhookDeliveries::Table.into_iden(),
            WebhookEndpoints::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

fn endpoints() -> TableCreateStatement {
    Table::create()
        .table(WebhookEndpoints::Table)
        .col(pk_uuid(WebhookEndpoints::Id))
        .col(uuid(WebhookEndpoints::BusinessId))
        .col(string_len(WebhookEndpoints::Url, 2000))
        .col(string_len_null(WebhookEndpoints::Description, 200))
        .col(string_len(WebhookEndpoints::Events, 500))
        .col(string_len(WebhookEndpoints::Secret, 100))
        .col(boolean(WebhookEndpoints::Active))
        .col(uuid(WebhookEndpoints::CreatedBy))
        .col(timestamp_with_time_zone(WebhookEndpoints::CreatedAt))
        .col(timestamp_with_time_zone(WebhookEndpoints::UpdatedAt))
        .to_owned()
}

fn deliveries() -> TableCreateStatement {
    Table::create()
        .table(WebhookDeliveries::Table)
        .col(big_pk_auto(WebhookDeliveries::Id))
        .col(uuid(WebhookDeliveries::EndpointId))
        .col(uuid(WebhookDeliveries::BusinessId))
        .col(uuid(WebhookDeliveries::ComplaintId))
        .col(big_integer(WebhookDeliveries::Sequence))
        .col(uuid(WebhookDeliveries::EventId))
        .col(string_len(WebhookDeliveries::EventType, 40))
        .col(text(WebhookDeliveries::Body))
        .col(string_len(WebhookDeliveries::Status, 20))
        .col(integer(WebhookDeliveries::Attempts).default(0))
        .col(timestamp_with_time_zone(WebhookDeliveries::NextAttemptAt))
        .col(timestamp_with_time_zone_null(
            WebhookDeliveries::FirstAttemptAt,
        ))
        .col(timestamp_with_time_zone_null(
            WebhookDeliveries::LastAttemptAt,
        ))
        .col(timestamp_with_time_zone_null(WebhookDeliveries::LeaseUntil))
        .col(uuid_null(WebhookDeliveries::LeaseToken))
        .col(integer_null(WebhookDeliveries::LastStatusCode))
        .col(string_len_null(WebhookDeliveries::LastError, 500))
        .col(timestamp_with_time_zone_null(
            WebhookDeliveries::DeliveredAt,
        ))
        .col(big_integer_null(WebhookDeliveries::RedeliveryOf))
        .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
        .to_owned()
}
