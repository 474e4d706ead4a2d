//! Joining the platform (入驻): business accounts apply with their licence,
//! the serving association reviews; memberships can be suspended, and every
//! change of membership is kept; a business's team holds roles and invites
//! colleagues.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m0002_accounts::Users;
use crate::m0005_businesses::Businesses;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UsersAdded {
    BusinessRole,
}

#[derive(DeriveIden)]
enum BusinessesAdded {
    SuspendedAt,
    SuspensionReason,
}

#[derive(DeriveIden)]
enum Evidence {
    Table,
    ApplicationId,
}

#[derive(DeriveIden)]
enum JoiningApplications {
    Table,
    Id,
    ApplicantId,
    AssociationId,
    State,
    CreditCode,
    LicensedName,
    RegionCode,
    IndustryCode,
    LicenceEvidenceId,
    ServiceContacts,
    CommitmentVersion,
    CommittedAt,
    DecisionNote,
    BusinessId,
    ReviewedBy,
    ReviewedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum JoiningApplicationEvents {
    Table,
    Id,
    ApplicationId,
    Kind,
    ActorId,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MembershipEvents {
    Table,
    Id,
    BusinessId,
    Kind,
    Reason,
    ActorId,
    ApplicationId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BusinessInvitations {
    Table,
    Id,
    BusinessId,
    Role,
    TokenHash,
    Phone,
    Email,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
    AcceptedBy,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(manager).await?;
        // Business accounts made by association staff before roles existed
        // manage their business; none of them owns it.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE users SET business_role = 'manager' \
                 WHERE kind = 'business' AND business_id IS NOT NULL",
            )
            .await?;
        for table in [
            applications_table(),
            application_events_table(),
            membership_events_table(),
            invitations_table(),
        ] {
            manager.create_table(table).await?;
        }
        create_indexes(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            BusinessInvitations::Table.into_iden(),
            MembershipEvents::Table.into_iden(),
            JoiningApplicationEvents::Table.into_iden(),
            JoiningApplications::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_evidence_application")
                    .table(Evidence::Table)
                    .to_owned(),
            )
            .await?;
        drop_column(
            manager,
            Evidence::Table.into_iden(),
            Evidence::ApplicationId,
        )
        .await?;
        drop_column(
            manager,
            Businesses::Table.into_iden(),
            BusinessesAdded::SuspensionReason,
        )
        .await?;
        drop_column(
            manager,
            Businesses::Table.into_iden(),
            BusinessesAdded::SuspendedAt,
        )
        .await?;
        drop_column(manager, Users::Table.into_iden(), UsersAdded::BusinessRole).await
    }
}

/// One column per statement: SQLite adds only one at a time.
async fn add_columns(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let additions = [
        (
            Users::Table.into_iden(),
            string_len_null(UsersAdded::BusinessRole, 20),
        ),
        (
            Businesses::Table.into_iden(),
            timestamp_with_time_zone_null(BusinessesAdded::SuspendedAt),
        ),
        (
            Businesses::Table.into_iden(),
            string_len_null(BusinessesAdded::SuspensionReason, 500),
        ),
        (
            Evidence::Table.into_iden(),
            uuid_null(Evidence::ApplicationId),
        ),
    ];
    for (table, mut column) in additions {
        manager
            .alter_table(
                Table::alter()
                    .table(table)
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

async fn drop_column(
    manager: &SchemaManager<'_>,
    table: DynIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).drop_column(column).to_owned())
        .await
}

fn applications_table() -> TableCreateStatement {
    Table::create()
        .table(JoiningApplications::Table)
        .col(pk_uuid(JoiningApplications::Id))
        .col(uuid(JoiningApplications::ApplicantId))
        .col(uuid(JoiningApplications::AssociationId))
        .col(string_len(JoiningApplications::State, 24))
        .col(string_len(JoiningApplications::CreditCode, 18))
        .col(string_len(JoiningApplications::LicensedName, 200))
        .col(string_len(JoiningApplications::RegionCode, 6))
        .col(string_len(JoiningApplications::IndustryCode, 64))
        .col(uuid(JoiningApplications::LicenceEvidenceId))
        .col(text(JoiningApplications::ServiceContacts))
        .col(string_len(JoiningApplications::CommitmentVersion, 20))
        .col(timestamp_with_time_zone(JoiningApplications::CommittedAt))
        .col(string_len_null(JoiningApplications::DecisionNote, 500))
        .col(uuid_null(JoiningApplications::BusinessId))
        .col(uuid_null(JoiningApplications::ReviewedBy))
        .col(timestamp_with_time_zone_null(
            JoiningApplications::ReviewedAt,
        ))
        .col(timestamp_with_time_zone(JoiningApplications::CreatedAt))
        .col(timestamp_with_time_zone(JoiningApplications::UpdatedAt))
        .to_owned()
}

fn application_events_table() -> TableCreateStatement {
    Table::create()
        .table(JoiningApplicationEvents::Table)
        .col(pk_uuid(JoiningApplicationEvents::Id))
        .col(uuid(JoiningApplicationEvents::ApplicationId))
        .col(string_len(JoiningApplicationEvents::Kind, 24))
        .col(uuid_null(JoiningApplicationEvents::ActorId))
        .col(string_len_null(JoiningApplicationEvents::Note, 500))
        .col(timestamp_with_time_zone(
            JoiningApplicationEvents::CreatedAt,
        ))
        .to_owned()
}

fn membership_events_table() -> TableCreateStatement {
    Table::create()
        .table(MembershipEvents::Table)
        .col(pk_uuid(MembershipEvents::Id))
        .col(uuid(MembershipEvents::BusinessId))
        .col(string_len(MembershipEvents::Kind, 20))
        .col(string_len_null(MembershipEvents::Reason, 500))
        .col(uuid_null(MembershipEvents::ActorId))
        .col(uuid_null(MembershipEvents::ApplicationId))
        .col(timestamp_with_time_zone(MembershipEvents::CreatedAt))
        .to_owned()
}

fn invitations_table() -> TableCreateStatement {
    Table::create()
        .table(BusinessInvitations::Table)
        .col(pk_uuid(BusinessInvitations::Id))
        .col(uuid(BusinessInvitations::BusinessId))
        .col(string_len(BusinessInvitations::Role, 20))
        .col(string_len(BusinessInvitations::TokenHash, 64).unique_key())
        .col(string_len_null(BusinessInvitations::Phone, 11))
        .col(string_len_null(BusinessInvitations::Email, 254))
        .col(uuid(BusinessInvitations::InvitedBy))
        .col(timestamp_with_time_zone(BusinessInvitations::CreatedAt))
        .col(timestamp_with_time_zone(BusinessInvitations::ExpiresAt))
        .col(timestamp_with_time_zone_null(
            BusinessInvitations::AcceptedAt,
        ))
        .col(uuid_null(BusinessInvitations::AcceptedBy))
        .col(timestamp_with_time_zone_null(
            BusinessInvitations::RevokedAt,
        ))
        .to_owned()
}

async fn create_indexes(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let plain = [
        (
            "idx_evidence_application",
            Evidence::Table.into_iden(),
            Evidence::ApplicationId.into_iden(),
        ),
        (
            "idx_joining_applications_applicant",
            JoiningApplications::Table.into_iden(),
            JoiningApplications::ApplicantId.into_iden(),
        ),
        (
            "idx_joining_application_events_application",
            JoiningApplicationEvents::Table.into_iden(),
            JoiningApplicationEvents::ApplicationId.into_iden(),
        ),
        (
            "idx_membership_events_business",
            MembershipEvents::Table.into_iden(),
            MembershipEvents::BusinessId.into_iden(),
        ),
        (
            "idx_business_invitations_business",
            BusinessInvitations::Table.into_iden(),
            BusinessInvitations::BusinessId.into_iden(),
        ),
    ];
    for (name, table, column) in plain {
        manager
            .create_index(
                Index::create()
                    .name(name)
                    .table(table)
                    .col(column)
                    .to_owned(),
            )
            .await?;
    }
    manager
        .create_index(
            Index::create()
                .name("idx_joining_applications_queue")
                .table(JoiningApplications::Table)
                .col(JoiningApplications::AssociationId)
                .col(JoiningApplications::State)
                .col(JoiningApplications::Id)
                .to_owned(),
        )
        .await?;
    // One open application per credit code, and per applicant: two
    // reviewers can never approve the same business twice at once.
    let connection = manager.get_connection();
    connection
        .execute_unprepared(
            "CREATE UNIQUE INDEX idx_joining_applications_open_code \
             ON joining_applications (credit_code) \
             WHERE state IN ('submitted', 'more_info_requested')",
        )
        .await?;
    connection
        .execute_unprepared(
            "CREATE UNIQUE INDEX idx_joining_applications_open_applicant \
             ON joining_applications (applicant_id) \
             WHERE state IN ('submitted', 'more_info_requested')",
        )
        .await?;
    Ok(())
}
