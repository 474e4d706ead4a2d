//! User accounts of every kind and the roles of association staff.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m0001_regions_and_associations::Associations;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    Kind,
    Phone,
    Email,
    LoginName,
    DisplayName,
    PasswordHash,
    AssociationId,
    Active,
    CreatedAt,
    UpdatedAt,
    PasswordChangedAt,
}

#[derive(DeriveIden)]
enum StaffRoles {
    Table,
    UserId,
    Role,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// SQLite, like PostgreSQL, can roll back schema changes: a failed
    /// migration leaves nothing half-applied on either.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(users_table()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_association_id")
                    .table(Users::Table)
                    .col(Users::AssociationId)
                    .to_owned(),
            )
            .await?;
        manager.create_table(staff_roles_table()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(StaffRoles::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}

fn users_table() -> TableCreateStatement {
    Table::create()
        .table(Users::Table)
        .col(pk_uuid(Users::Id))
        .col(string_len(Users::Kind, 20))
        .col(string_len_null(Users::Phone, 11).unique_key())
        .col(string_len_null(Users::Email, 254).unique_key())
        .col(string_len_null(Users::LoginName, 32).unique_key())
        .col(string_len(Users::DisplayName, 100))
        .col(string_len(Users::PasswordHash, 255))
        .col(uuid_null(Users::AssociationId))
        .col(boolean(Users::Active))
        .col(timestamp_with_time_zone(Users::CreatedAt))
        .col(timestamp_with_time_zone(Users::UpdatedAt))
        .col(timestamp_with_time_zone(Users::PasswordChangedAt))
        .foreign_key(
            ForeignKey::create()
                .name("fk_users_association")
                .from(Users::Table, Users::AssociationId)
                .to(Associations::Table, Associations::Id),
        )
        .to_owned()
}

fn staff_roles_table() -> TableCreateStatement {
    Table::create()
        .table(StaffRoles::Table)
        .col(uuid(StaffRoles::UserId))
        .col(string_len(StaffRoles::Role, 32))
        .primary_key(
            Index::create()
                .col(StaffRoles::UserId)
                .col(StaffRoles::Role),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_staff_roles_user")
                .from(StaffRoles::Table, StaffRoles::UserId)
                .to(Users::Table, Users::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}
