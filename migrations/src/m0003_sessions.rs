//! Login sessions, their rotating refresh tokens, and failed-login counters.
//! All of it lives in the database so that any number of API processes agree.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m0002_accounts::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    RevokedReason,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    TokenHash,
    SessionId,
    IssuedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    Key,
    Failures,
    FirstFailureAt,
    LastFailureAt,
    LockedUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// SQLite, like PostgreSQL, can roll back schema changes: a failed
    /// migration leaves nothing half-applied on either.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(sessions_table()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_user_id")
                    .table(Sessions::Table)
                    .col(Sessions::UserId)
                    .to_owned(),
            )
            .await?;
        manager.create_table(refresh_tokens_table()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_refresh_tokens_session_id")
                    .table(RefreshTokens::Table)
                    .col(RefreshTokens::SessionId)
                    .to_owned(),
            )
            .await?;
        manager.create_table(login_failures_table()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LoginFailures::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

fn sessions_table() -> TableCreateStatement {
    Table::create()
        .table(Sessions::Table)
        .col(pk_uuid(Sessions::Id))
        .col(uuid(Sessions::UserId))
        .col(timestamp_with_time_zone(Sessions::CreatedAt))
        .col(timestamp_with_time_zone(Sessions::ExpiresAt))
        .col(timestamp_with_time_zone_null(Sessions::RevokedAt))
        .col(string_len_null(Sessions::RevokedReason, 32))
        .foreign_key(
            ForeignKey::create()
                .name("fk_sessions_user")
                .from(Sessions::Table, Sessions::UserId)
                .to(Users::Table, Users::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

fn refresh_tokens_table() -> TableCreateStatement {
    Table::create()
        .table(RefreshTokens::Table)
        .col(string_len(RefreshTokens::TokenHash, 64).primary_key())
        .col(uuid(RefreshTokens::SessionId))
        .col(timestamp_with_time_zone(RefreshTokens::IssuedAt))
        .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
        .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_refresh_tokens_session")
                .from(RefreshTokens::Table, RefreshTokens::SessionId)
                .to(Sessions::Table, Sessions::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

fn login_failures_table() -> TableCreateStatement {
    Table::create()
        .table(LoginFailures::Table)
        .col(string_len(LoginFailures::Key, 300).primary_key())
        .col(integer(LoginFailures::Failures))
        .col(timestamp_with_time_zone(LoginFailures::FirstFailureAt))
        .col(timestamp_with_time_zone(LoginFailures::LastFailureAt))
        .col(timestamp_with_time_zone_null(LoginFailures::LockedUntil))
        .to_owned()
}
