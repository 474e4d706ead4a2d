//! Complaints and everything that hangs off one: the daily number counter,
//! idempotency keys, the hash-chained timeline, running deadlines, evidence
//! files and each user's notifications.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Complaints {
    Table,
    Id,
    Number,
    ConsumerId,
    BusinessId,
    AssociationId,
    RegionCode,
    CategoryCode,
    NatureCode,
    PurchaseDate,
    AmountFen,
    OrderNumber,
    Channel,
    ChannelPlatform,
    Description,
    Demands,
    ConsentToPublish,
    State,
    Outcome,
    BusinessWasMember,
    BusinessMissedDeadline,
    PendingOffer,
    Agreement,
    MediatorId,
    Rating,
    RatingComment,
    Version,
    TimelineHead,
    TimelineLength,
    FiledAt,
    AcceptedAt,
    UpdatedAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum ComplaintCounters {
    Table,
    Day,
    Last,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    UserId,
    Key,
    RequestHash,
    ComplaintId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TimelineEntries {
    Table,
    Id,
    ComplaintId,
    Sequence,
    Kind,
    ActorId,
    ActorRole,
    Visibility,
    CreatedAt,
    Payload,
    PreviousHash,
    Hash,
}

#[derive(DeriveIden)]
enum Deadlines {
    Table,
    Id,
    ComplaintId,
    Kind,
    StartedAt,
    DueAt,
    PausedAt,
    PauseReason,
    Status,
    Warned,
    SettledAt,
}

#[derive(DeriveIden)]
enum Evidence {
    Table,
    Id,
    UploaderId,
    ComplaintId,
    Hash,
    Kind,
    MediaType,
    FileName,
    Size,
    CreatedAt,
    AttachedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    ComplaintId,
    Kind,
    TitleZh,
    TitleEn,
    CreatedAt,
    ReadAt,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            complaints_table(),
            counters_table(),
            idempotency_table(),
            timeline_table(),
            deadlines_table(),
            evidence_table(),
            notifications_table(),
        ] {
            manager.create_table(table).await?;
        }
        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Notifications::Table.into_iden(),
            Evidence::Table.into_iden(),
            Deadlines::Table.into_iden(),
            TimelineEntries::Table.into_iden(),
            IdempotencyKeys::Table.into_iden(),
            ComplaintCounters::Table.into_iden(),
            Complaints::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

fn complaints_table() -> TableCreateStatement {
    Table::create()
        .table(Complaints::Table)
        .col(pk_uuid(Complaints::Id))
        .col(string_len(Complaints::Number, 17).unique_key())
        .col(uuid(Complaints::ConsumerId))
        .col(uuid(Complaints::BusinessId))
        .col(uuid(Complaints::AssociationId))
        .col(string_len(Complaints::RegionCode, 6))
        .col(string_len(Complaints::CategoryCode, 64))
        .col(string_len(Complaints::NatureCode, 64))
        .col(date_null(Complaints::PurchaseDate))
        .col(big_integer_null(Complaints::AmountFen))
        .col(string_len_null(Complaints::OrderNumber, 64))
        .col(string_len(Complaints::Channel, 20))
        .col(string_len_null(Complaints::ChannelPlatform, 100))
        .col(text(Complaints::Description))
        .col(text(Complaints::Demands))
        .col(boolean(Complaints::ConsentToPublish))
        .col(string_len(Complaints::State, 24))
        .col(string_len_null(Complaints::Outcome, 24))
        .col(boolean(Complaints::BusinessWasMember))
        .col(boolean(Complaints::BusinessMissedDeadline))
        .col(text_null(Complaints::PendingOffer))
        .col(text_null(Complaints::Agreement))
        .col(uuid_null(Complaints::MediatorId))
        .col(small_integer_null(Complaints::Rating))
        .col(text_null(Complaints::RatingComment))
        .col(integer(Complaints::Version))
        .col(string_len_null(Complaints::TimelineHead, 64))
        .col(big_integer(Complaints::TimelineLength).default(0))
        .col(timestamp_with_time_zone(Complaints::FiledAt))
        .col(timestamp_with_time_zone_null(Complaints::AcceptedAt))
        .col(timestamp_with_time_zone(Complaints::UpdatedAt))
        .col(timestamp_with_time_zone_null(Complaints::ClosedAt))
        .to_owned()
}

fn counters_table() -> TableCreateStatement {
    Table::create()
        .table(ComplaintCounters::Table)
        .col(string_len(ComplaintCounters::Day, 8).primary_key())
        .col(integer(ComplaintCounters::Last))
        .to_owned()
}

fn idempotency_table() -> TableCreateStatement {
    Table::create()
        .table(IdempotencyKeys::Table)
        .col(uuid(IdempotencyKeys::UserId))
        .col(string_len(IdempotencyKeys::Key, 255))
        .col(string_len(IdempotencyKeys::RequestHash, 64))
        .col(uuid(IdempotencyKeys::ComplaintId))
        .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
        .primary_key(
            Index::create()
                .col(IdempotencyKeys::UserId)
                .col(IdempotencyKeys::Key),
        )
        .to_owned()
}

fn timeline_table() -> TableCreateStatement {
    Table::create()
        .table(TimelineEntries::Table)
        .col(pk_uuid(TimelineEntries::Id))
        .col(uuid(TimelineEntries::ComplaintId))
        .col(big_integer(TimelineEntries::Sequence))
        .col(string_len(TimelineEntries::Kind, 40))
        .col(uuid_null(TimelineEntries::ActorId))
        .col(string_len(TimelineEntries::ActorRole, 20))
        .col(string_len(TimelineEntries::Visibility, 20))
        .col(timestamp_with_time_zone(TimelineEntries::CreatedAt))
        .col(text(TimelineEntries::Payload))
        .col(string_len(TimelineEntries::PreviousHash, 64))
        .col(string_len(TimelineEntries::Hash, 64))
        .to_owned()
}

fn deadlines_table() -> TableCreateStatement {
    Table::create()
        .table(Deadlines::Table)
        .col(pk_uuid(Deadlines::Id))
        .col(uuid(Deadlines::ComplaintId))
        .col(string_len(Deadlines::Kind, 20))
        .col(timestamp_with_time_zone(Deadlines::StartedAt))
        .col(timestamp_with_time_zone(Deadlines::DueAt))
        .col(timestamp_with_time_zone_null(Deadlines::PausedAt))
        .col(text_null(Deadlines::PauseReason))
        .col(string_len(Deadlines::Status, 12))
        .col(boolean(Deadlines::Warned))
        .col(timestamp_with_time_zone_null(Deadlines::SettledAt))
        .to_owned()
}

fn evidence_table() -> TableCreateStatement {
    Table::create()
        .table(Evidence::Table)
        .col(pk_uuid(Evidence::Id))
        .col(uuid(Evidence::UploaderId))
        .col(uuid_null(Evidence::ComplaintId))
        .col(string_len(Evidence::Hash, 64))
        .col(string_len(Evidence::Kind, 20))
        .col(string_len(Evidence::MediaType, 64))
        .col(string_len(Evidence::FileName, 255))
        .col(big_integer(Evidence::Size))
        .col(timestamp_with_time_zone(Evidence::CreatedAt))
        .col(timestamp_with_time_zone_null(Evidence::AttachedAt))
        .to_owned()
}

fn notifications_table() -> TableCreateStatement {
    Table::create()
        .table(Notifications::Table)
        .col(pk_auto(Notifications::Id))
        .col(uuid(Notifications::UserId))
        .col(uuid_null(Notifications::ComplaintId))
        .col(string_len(Notifications::Kind, 40))
        .col(text(Notifications::TitleZh))
        .col(text(Notifications::TitleEn))
        .col(timestamp_with_time_zone(Notifications::CreatedAt))
        .col(timestamp_with_time_zone_null(Notifications::ReadAt))
        .col(timestamp_with_time_zone_null(Notifications::SentAt))
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, columns: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(Alias::new(*column));
    }
    index.to_owned()
}

fn indexes() -> Vec<IndexCreateStatement> {
    let mut unique_sequence = index(
        "idx_timeline_complaint_sequence",
        TimelineEntries::Table,
        &["complaint_id", "sequence"],
    );
    unique_sequence.unique();
    vec![
        index(
            "idx_complaints_consumer",
            Complaints::Table,
            &["consumer_id", "filed_at"],
        ),
        index(
            "idx_complaints_business",
            Complaints::Table,
            &["business_id", "filed_at"],
        ),
        index(
            "idx_complaints_association",
            Complaints::Table,
            &["association_id", "state", "filed_at"],
        ),
        unique_sequence,
        index("idx_deadlines_due", Deadlines::Table, &["status", "due_at"]),
        index(
            "idx_deadlines_complaint",
            Deadlines::Table,
            &["complaint_id"],
        ),
        index("idx_evidence_complaint", Evidence::Table, &["complaint_id"]),
        index("idx_evidence_hash", Evidence::Table, &["hash"]),
        index(
            "idx_evidence_pending",
            Evidence::Table,
            &["attached_at", "created_at"],
        ),
        index(
            "idx_notifications_user",
            Notifications::Table,
            &["user_id", "id"],
        ),
        index(
            "idx_idempotency_created",
            IdempotencyKeys::Table,
            &["created_at"],
        ),
    ]
}
