//! Mini-program sign-in: which WeChat or Alipay user is bound to which
//! consumer account, and the single-use tickets that stand for a user not
//! yet bound while they bind a mobile number.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m0002_accounts::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MiniProgramIdentities {
    Table,
    Id,
    Provider,
    AppId,
    OpenId,
    UnionId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MiniProgramTickets {
    Table,
    TicketHash,
    Provider,
    AppId,
    OpenId,
    UnionId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(identities_table()).await?;
        for index in identity_indexes() {
            manager.create_index(index).await?;
        }
        manager.create_table(tickets_table()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mini_program_tickets_expires")
                    .table(MiniProgramTickets::Table)
                    .col(MiniProgramTickets::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MiniProgramTickets::Table.into_iden(),
            MiniProgramIdentities::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

fn identities_table() -> TableCreateStatement {
    Table::create()
        .table(MiniProgramIdentities::Table)
        .col(pk_uuid(MiniProgramIdentities::Id))
        .col(string_len(MiniProgramIdentities::Provider, 16))
        .col(string_len(MiniProgramIdentities::AppId, 32))
        .col(string_len(MiniProgramIdentities::OpenId, 128))
        .col(string_len_null(MiniProgramIdentities::UnionId, 128))
        .col(uuid(MiniProgramIdentities::UserId))
        .col(timestamp_with_time_zone(MiniProgramIdentities::CreatedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_mini_program_identities_user")
                .from(MiniProgramIdentities::Table, MiniProgramIdentities::UserId)
                .to(Users::Table, Users::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

fn identity_indexes() -> Vec<IndexCreateStatement> {
    vec![
        // One account per user of an app…
        Index::create()
            .name("uq_mini_program_identities_open_id")
            .table(MiniProgramIdentities::Table)
            .col(MiniProgramIdentities::Provider)
            .col(MiniProgramIdentities::AppId)
            .col(MiniProgramIdentities::OpenId)
            .unique()
            .to_owned(),
        // …and one user of an app per account.
        Index::create()
            .name("uq_mini_program_identities_user")
            .table(MiniProgramIdentities::Table)
            .col(MiniProgramIdentities::Provider)
            .col(MiniProgramIdentities::AppId)
            .col(MiniProgramIdentities::UserId)
            .unique()
            .to_owned(),
        // The same person in another app of the platform account.
        Index::create()
            .name("idx_mini_program_identities_union_id")
            .table(MiniProgramIdentities::Table)
            .col(MiniProgramIdentities::Provider)
            .col(MiniProgramIdentities::UnionId)
            .to_owned(),
    ]
}

fn tickets_table() -> TableCreateStatement {
    Table::create()
        .table(MiniProgramTickets::Table)
        .col(string_len(MiniProgramTickets::TicketHash, 64).primary_key())
        .col(string_len(MiniProgramTickets::Provider, 16))
        .col(string_len(MiniProgramTickets::AppId, 32))
        .col(string_len(MiniProgramTickets::OpenId, 128))
        .col(string_len_null(MiniProgramTickets::UnionId, 128))
        .col(timestamp_with_time_zone(MiniProgramTickets::CreatedAt))
        .col(timestamp_with_time_zone(MiniProgramTickets::ExpiresAt))
        .col(timestamp_with_time_zone_null(MiniProgramTickets::UsedAt))
        .to_owned()
}
