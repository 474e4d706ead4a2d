//! Publication (阳光公开): each association's disclosure rules, a complaint's
//! consent and publication dates, and the public projection of a published
//! complaint with its full-text index.
//!
//! Public endpoints read only `published_complaints`: the redacted copy that
//! publication writes. Its `search_tokens` are the segmented words of the
//! redacted text, separated by spaces. The index over them is the one place
//! where the two databases differ: PostgreSQL keeps a generated `tsvector`
//! with a GIN index, SQLite an FTS5 table kept in step by triggers. Both
//! change in the same transaction as the row.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Associations {
    Table,
    PublishNonMembersOnAcceptance,
    PublishMissedDeadlines,
    PublishClosedWithConsent,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    PublishedAt,
    UnpublishedAt,
    ConsentWithdrawnAt,
    PublicDescription,
}

#[derive(DeriveIden)]
enum PublishedComplaints {
    Table,
    Id,
    ComplaintId,
    Number,
    BusinessId,
    BusinessName,
    AssociationId,
    AssociationName,
    RegionCode,
    ProvinceCode,
    CityCode,
    CategoryCode,
    NatureCode,
    Demands,
    Description,
    Replies,
    Stages,
    Deadlines,
    DeadlineMet,
    State,
    Outcome,
    AmountRecoveredFen,
    FiledAt,
    AcceptedAt,
    ClosedAt,
    Reason,
    PublishedAt,
    UpdatedAt,
    BusinessComment,
    BusinessCommentAt,
    SearchTokens,
}

#[derive(DeriveIden)]
enum PublicationEdits {
    Table,
    Id,
    ComplaintId,
    EditorId,
    Field,
    Before,
    After,
    Note,
    EditedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(manager).await?;
        manager.create_table(published_table()).await?;
        for index in published_indexes() {
            manager.create_index(index).await?;
        }
        create_search_index(manager).await?;
        manager.create_table(edits_table()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_publication_edits_complaint")
                    .table(PublicationEdits::Table)
                    .col(PublicationEdits::ComplaintId)
                    .col(PublicationEdits::EditedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            manager
                .get_connection()
                .execute_unprepared(SQLITE_DROP_SEARCH)
                .await?;
        }
        for table in [
            PublicationEdits::Table.into_iden(),
            PublishedComplaints::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        drop_columns(manager).await
    }
}

/// SQLite adds one column per statement, so each gets its own.
async fn add_columns(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let rules = [
        Associations::PublishNonMembersOnAcceptance,
        Associations::PublishMissedDeadlines,
        Associations::PublishClosedWithConsent,
    ];
    for rule in rules {
        manager
            .alter_table(
                Table::alter()
                    .table(Associations::Table)
                    .add_column(boolean(rule).default(true))
                    .to_owned(),
            )
            .await?;
    }

    let columns = [
        timestamp_with_time_zone_null(Complaints::PublishedAt),
        timestamp_with_time_zone_null(Complaints::UnpublishedAt),
        timestamp_with_time_zone_null(Complaints::ConsentWithdrawnAt),
        text_null(Complaints::PublicDescription),
    ];
    for column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

async fn drop_columns(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    for column in [
        Associations::PublishNonMembersOnAcceptance,
        Associations::PublishMissedDeadlines,
        Associations::PublishClosedWithConsent,
    ] {
        manager
            .alter_table(
                Table::alter()
                    .table(Associations::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
    }
    for column in [
        Complaints::PublishedAt,
        Complaints::UnpublishedAt,
        Complaints::ConsentWithdrawnAt,
        Complaints::PublicDescription,
    ] {
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

fn published_table() -> TableCreateStatement {
    Table::create()
        .table(PublishedComplaints::Table)
        .col(pk_auto(PublishedComplaints::Id))
        .col(uuid_uniq(PublishedComplaints::ComplaintId))
        .col(string_uniq(PublishedComplaints::Number))
        .col(uuid(PublishedComplaints::BusinessId))
        .col(text(PublishedComplaints::BusinessName))
        .col(uuid(PublishedComplaints::AssociationId))
        .col(text(PublishedComplaints::AssociationName))
        .col(string_len(PublishedComplaints::RegionCode, 6))
        .col(string_len(PublishedComplaints::ProvinceCode, 6))
        .col(string_len(PublishedComplaints::CityCode, 6))
        .col(string(PublishedComplaints::CategoryCode))
        .col(string(PublishedComplaints::NatureCode))
        .col(text(PublishedComplaints::Demands))
        .col(text(PublishedComplaints::Description))
        .col(text(PublishedComplaints::Replies))
        .col(text(PublishedComplaints::Stages))
        .col(text(PublishedComplaints::Deadlines))
        .col(boolean_null(PublishedComplaints::DeadlineMet))
        .col(string(PublishedComplaints::State))
        .col(string_null(PublishedComplaints::Outcome))
        .col(big_integer_null(PublishedComplaints::AmountRecoveredFen))
        .col(timestamp_with_time_zone(PublishedComplaints::FiledAt))
        .col(timestamp_with_time_zone_null(
            PublishedComplaints::AcceptedAt,
        ))
        .col(timestamp_with_time_zone_null(PublishedComplaints::ClosedAt))
        .col(string(PublishedComplaints::Reason))
        .col(timestamp_with_time_zone(PublishedComplaints::PublishedAt))
        .col(timestamp_with_time_zone(PublishedComplaints::UpdatedAt))
        .col(text_null(PublishedComplaints::BusinessComment))
        .col(timestamp_with_time_zone_null(
            PublishedComplaints::BusinessCommentAt,
        ))
        .col(text(PublishedComplaints::SearchTokens))
        .to_owned()
}

/// The filters that public search offers, each with the id for keyset order.
fn published_indexes() -> Vec<IndexCreateStatement> {
    let on = |name: &str, column: PublishedComplaints| {
        Index::create()
            .name(name)
            .table(PublishedComplaints::Table)
            .col(column)
            .col(PublishedComplaints::Id)
            .to_owned()
    };
    vec![
        on("idx_published_business", PublishedComplaints::BusinessId),
        on("idx_published_category", PublishedComplaints::CategoryCode),
        on("idx_published_province", PublishedComplaints::ProvinceCode),
        on("idx_published_city", PublishedComplaints::CityCode),
        on("idx_published_filed", PublishedComplaints::FiledAt),
    ]
}

const POSTGRES_SEARCH: &str = "
ALTER TABLE published_complaints ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (array_to_tsvector(string_to_array(search_tokens, ' '))) STORED;
CREATE INDEX idx_published_search ON published_complaints USING GIN (search_vector);
";

const SQLITE_SEARCH: &str = "
CREATE VIRTUAL TABLE published_search USING fts5(
    search_tokens, content='published_complaints', content_rowid='id',
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER published_search_insert AFTER INSERT ON published_complaints BEGIN
    INSERT INTO published_search(rowid, search_tokens) VALUES (new.id, new.search_tokens);
END;
CREATE TRIGGER published_search_delete AFTER DELETE ON published_complaints BEGIN
    INSERT INTO published_search(published_search, rowid, search_tokens)
        VALUES ('delete', old.id, old.search_tokens);
END;
CREATE TRIGGER published_search_update AFTER UPDATE OF search_tokens ON published_complaints BEGIN
    INSERT INTO published_search(published_search, rowid, search_tokens)
        VALUES ('delete', old.id, old.search_tokens);
    INSERT INTO published_search(rowid, search_tokens) VALUES (new.id, new.search_tokens);
END;
";

const SQLITE_DROP_SEARCH: &str = "
DROP TRIGGER IF EXISTS published_search_update;
DROP TRIGGER IF EXISTS published_search_delete;
DROP TRIGGER IF EXISTS published_search_insert;
DROP TABLE IF EXISTS published_search;
";

async fn create_search_index(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let sql = match manager.get_database_backend() {
        DatabaseBackend::Postgres => POSTGRES_SEARCH,
        _ => SQLITE_SEARCH,
    };
    manager.get_connection().execute_unprepared(sql).await?;
    Ok(())
}

fn edits_table() -> TableCreateStatement {
    Table::create()
        .table(PublicationEdits::Table)
        .col(uuid(PublicationEdits::Id).primary_key())
        .col(uuid(PublicationEdits::ComplaintId))
        .col(uuid(PublicationEdits::EditorId))
        .col(string(PublicationEdits::Field))
        .col(text(PublicationEdits::Before))
        .col(text(PublicationEdits::After))
        .col(text_null(PublicationEdits::Note))
        .col(timestamp_with_time_zone(PublicationEdits::EditedAt))
        .to_owned()
}
