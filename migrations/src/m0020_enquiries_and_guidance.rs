//! Enquiries (咨询) and guidance: a consumer's question to the association
//! serving their region, its answer, the redacted public copy of an answered
//! question, and the association's guidance articles, seeded with a few
//! on consumer law.
//!
//! Public copies and articles keep their segmented words in `search_tokens`
//! and get the same full-text index as published complaints: a generated
//! `tsvector` with a GIN index on PostgreSQL, an FTS5 table kept in step by
//! triggers on SQLite. Seeded articles start with empty `search_tokens`: the
//! server segments them at start-up (the migration has no word segmenter).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DatabaseBackend;
use serde::Deserialize;

use crate::m0001_regions_and_associations::Associations;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Enquiries {
    Table,
    Id,
    ConsumerId,
    AssociationId,
    RegionCode,
    Question,
    ConsentToPublish,
    State,
    Answer,
    AnsweredBy,
    AnsweredAt,
    ComplaintId,
    AskedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PublishedQuestions {
    Table,
    Id,
    EnquiryId,
    AssociationId,
    AssociationName,
    RegionCode,
    Question,
    Answer,
    AskedAt,
    AnsweredAt,
    PublishedAt,
    SearchTokens,
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    Id,
    AssociationId,
    Language,
    Title,
    Body,
    PublishedAt,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
    SearchTokens,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(enquiries_table()).await?;
        for index in enquiry_indexes() {
            manager.create_index(index).await?;
        }
        manager.create_table(published_questions_table()).await?;
        manager.create_table(articles_table()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_articles_association")
                    .table(Articles::Table)
                    .col(Articles::AssociationId)
                    .col(Articles::Id)
                    .to_owned(),
            )
            .await?;
        for (table, index) in SEARCHED {
            create_search_index(manager, table, index).await?;
        }
        seed_articles(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            for (_, index) in SEARCHED {
                let sql = format!(
                    "DROP TRIGGER IF EXISTS {index}_update; DROP TRIGGER IF EXISTS {index}_delete;
                     DROP TRIGGER IF EXISTS {index}_insert; DROP TABLE IF EXISTS {index};"
                );
                manager.get_connection().execute_unprepared(&sql).await?;
            }
        }
        for table in [
            Articles::Table.into_iden(),
            PublishedQuestions::Table.into_iden(),
            Enquiries::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// The tables with a full-text index, and the name of the index.
const SEARCHED: [(&str, &str); 2] = [
    ("published_questions", "question_search"),
    ("articles", "article_search"),
];

fn enquiries_table() -> TableCreateStatement {
    Table::create()
        .table(Enquiries::Table)
        .col(uuid(Enquiries::Id).primary_key())
        .col(uuid(Enquiries::ConsumerId))
        .col(uuid(Enquiries::AssociationId))
        .col(string_len(Enquiries::RegionCode, 6))
        .col(text(Enquiries::Question))
        .col(boolean(Enquiries::ConsentToPublish))
        .col(string(Enquiries::State))
        .col(text_null(Enquiries::Answer))
        .col(uuid_null(Enquiries::AnsweredBy))
        .col(timestamp_with_time_zone_null(Enquiries::AnsweredAt))
        .col(uuid_null(Enquiries::ComplaintId))
        .col(timestamp_with_time_zone(Enquiries::AskedAt))
        .col(timestamp_with_time_zone(Enquiries::UpdatedAt))
        .to_owned()
}

/// Consumers list their own, staff their association's, newest first.
fn enquiry_indexes() -> Vec<IndexCreateStatement> {
    let on = |name: &str, column: Enquiries| {
        Index::create()
            .name(name)
            .table(Enquiries::Table)
            .col(column)
            .col(Enquiries::Id)
            .to_owned()
    };
    vec![
        on("idx_enquiries_consumer", Enquiries::ConsumerId),
        on("idx_enquiries_association", Enquiries::AssociationId),
    ]
}

fn published_questions_table() -> TableCreateStatement {
    Table::create()
        .table(PublishedQuestions::Table)
        .col(pk_auto(PublishedQuestions::Id))
        .col(uuid_uniq(PublishedQuestions::EnquiryId))
        .col(uuid(PublishedQuestions::AssociationId))
        .col(text(PublishedQuestions::AssociationName))
        .col(string_len(PublishedQuestions::RegionCode, 6))
        .col(text(PublishedQuestions::Question))
        .col(text(PublishedQuestions::Answer))
        .col(timestamp_with_time_zone(PublishedQuestions::AskedAt))
        .col(timestamp_with_time_zone(PublishedQuestions::AnsweredAt))
        .col(timestamp_with_time_zone(PublishedQuestions::PublishedAt))
        .col(text(PublishedQuestions::SearchTokens))
        .to_owned()
}

fn articles_table() -> TableCreateStatement {
    Table::create()
        .table(Articles::Table)
        .col(pk_auto(Articles::Id))
        .col(uuid(Articles::AssociationId))
        .col(string_len(Articles::Language, 8))
        .col(text(Articles::Title))
        .col(text(Articles::Body))
        .col(timestamp_with_time_zone_null(Articles::PublishedAt))
        .col(uuid_null(Articles::CreatedBy))
        .col(uuid_null(Articles::UpdatedBy))
        .col(timestamp_with_time_zone(Articles::CreatedAt))
        .col(timestamp_with_time_zone(Articles::UpdatedAt))
        .col(text(Articles::SearchTokens))
        .to_owned()
}

/// The index over `table.search_tokens`, as `m0013` made it for published
/// complaints.
async fn create_search_index(
    manager: &SchemaManager<'_>,
    table: &str,
    index: &str,
) -> Result<(), DbErr> {
    let sql = match manager.get_database_backend() {
        DatabaseBackend::Postgres => format!(
            "ALTER TABLE {table} ADD COLUMN search_vector tsvector
                 GENERATED ALWAYS AS (array_to_tsvector(string_to_array(search_tokens, ' '))) STORED;
             CREATE INDEX idx_{index} ON {table} USING GIN (search_vector);"
        ),
        _ => format!(
            "CREATE VIRTUAL TABLE {index} USING fts5(
                 search_tokens, content='{table}', content_rowid='id',
                 tokenize = 'unicode61 remove_diacritics 0'
             );
             CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN
                 INSERT INTO {index}(rowid, search_tokens) VALUES (new.id, new.search_tokens);
             END;
             CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN
                 INSERT INTO {index}({index}, rowid, search_tokens)
                     VALUES ('delete', old.id, old.search_tokens);
             END;
             CREATE TRIGGER {index}_update AFTER UPDATE OF search_tokens ON {table} BEGIN
                 INSERT INTO {index}({index}, rowid, search_tokens)
                     VALUES ('delete', old.id, old.search_tokens);
                 INSERT INTO {index}(rowid, search_tokens) VALUES (new.id, new.search_tokens);
             END;"
        ),
    };
    manager.get_connection().execute_unprepared(&sql).await?;
    Ok(())
}

const GUIDANCE: &str = include_str!("../data/guidance.json");

#[derive(Deserialize)]
struct SeedArticle {
    language: String,
    title: String,
    body: String,
}

/// The national association's published guidance on consumer law.
async fn seed_articles(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let articles: Vec<SeedArticle> = serde_json::from_str(GUIDANCE)
        .map_err(|e| DbErr::Custom(format!("guidance seed data: {e}")))?;
    let now = chrono::Utc::now();

    for article in articles {
        let national = Query::select()
            .column(Associations::Id)
            .expr(Expr::val(article.language))
            .expr(Expr::val(article.title))
            .expr(Expr::val(article.body))
            .expr(Expr::val(now))
            .expr(Expr::val(now))
            .expr(Expr::val(now))
            .expr(Expr::val(""))
            .from(Associations::Table)
            .and_where(Expr::col(Associations::ParentId).is_null())
            .to_owned();
        let insert = Query::insert()
            .into_table(Articles::Table)
            .columns([
                Articles::AssociationId,
                Articles::Language,
                Articles::Title,
                Articles::Body,
                Articles::PublishedAt,
                Articles::CreatedAt,
                Articles::UpdatedAt,
                Articles::SearchTokens,
            ])
            .select_from(national)
            .map_err(|e| DbErr::Custom(format!("guidance seed insert: {e}")))?
            .to_owned();
        manager.exec_stmt(insert).await?;
    }
    Ok(())
}
