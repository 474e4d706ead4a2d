//! Who may do what. Every endpoint names its rule here, so that the whole
//! access policy reads in one place.

use shared::AssociationId;
use shared::accounts::{StaffRole, UserKind};
use shared::businesses::ApiScope;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};

/// Everything an authenticated caller may ask to do.
#[derive(Clone, Copy, Debug)]
pub enum Action {
    /// Read or change one's own account.
    ManageOwnAccount,
    /// Read one's own notifications, live or in the inbox, and mark them read.
    ReadOwnNotifications,
    /// Create an association or rename any association.
    ManageAssociations,
    /// Read, add, change or remove the staff of this association.
    ManageStaff(AssociationId),
    /// Register a business record.
    RegisterBusinesses,
    /// Change the membership and accounts of a business this association serves.
    ManageBusiness(AssociationId),
    /// Merge an uncoded business record into a coded one this association serves.
    MergeBusinesses(AssociationId),
    /// File a complaint.
    FileComplaints,
    /// Change this business's own settings: its API keys, published
    /// contacts, outlets and reply templates.
    ManageOwnBusiness(shared::BusinessId),
    /// Read what this business keeps for its own team (its reply templates):
    /// its users, and its API keys that may read cases.
    ReadOwnBusiness(shared::BusinessId),
    /// Download the cases one may list as a spreadsheet: a business's own
    /// users and keys that may read cases, association staff and platform admins.
    ExportComplaints,
    /// Register and change this business's webhooks and read their deliveries:
    /// its own users, and its API keys with the `manage_webhooks` scope.
    ManageWebhooks(shared::BusinessId),
}

/// Allows the action or says why not.
pub fn authorize(principal: &Principal, action: Action) -> ApiResult<()> {
    if allows(principal, action) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

pub fn allows(principal: &Principal, action: Action) -> bool {
    let platform_admin = principal.kind == UserKind::PlatformAdmin;
    match action {
        // An API key acts for a business's system, not for a person with
        // an account and an inbox.
        Action::ManageOwnAccount | Action::ReadOwnNotifications => !principal.is_api_key(),
        Action::ManageAssociations => platform_admin,
        Action::ManageStaff(association) => {
            platform_admin
                || (principal.has_role(StaffRole::AssociationAdmin)
                    && principal.association_id == Some(association))
        }
        Action::RegisterBusinesses => platform_admin || principal.kind == UserKind::Staff,
        Action::ManageBusiness(association) => {
            platform_admin
                || (principal.has_role(StaffRole::AssociationAdmin)
                    && principal.association_id == Some(association))
        }
        Action::MergeBusinesses(association) => {
            platform_admin
                || (principal.association_id == Some(association)
                    && (principal.has_role(StaffRole::AssociationAdmin)
                        || principal.has_role(StaffRole::IntakeOfficer)))
        }
        Action::FileComplaints => principal.kind == UserKind::Consumer,
        Action::ManageOwnBusiness(business) => {
            principal.kind == UserKind::Business
                && !principal.is_api_key()
                && principal.business_id == Some(business)
        }
        Action::ReadOwnBusiness(business) => {
            principal.kind == UserKind::Business
                && principal.business_id == Some(business)
                && principal.may(ApiScope::ReadCases)
        }
        Action::ExportComplaints => match principal.kind {
            UserKind::Business => principal.may(ApiScope::ReadCases),
            UserKind::Staff | UserKind::PlatformAdmin => true,
            UserKind::Consumer => false,
        },
        Action::ManageWebhooks(business) => {
            principal.kind == UserKind::Business
                && principal.business_id == Some(business)
                && principal.may(ApiScope::ManageWebhooks)
        }
    }
}

/// Only a platform admin may give someone the association admin role;
/// association admins manage intake officers and mediators.
pub fn may_grant(principal: &Principal, role: StaffRole) -> bool {
    principal.kind == UserKind::PlatformAdmin || role != StaffRole::AssociationAdmin
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::UserId;

    fn principal(
        kind: UserKind,
        roles: &[StaffRole],
        association: Option<AssociationId>,
    ) -> Principal {
        Principal {
            user_id: UserId::generate(),
            session_id: uuid::Uuid::now_v7(),
            kind,
            roles: roles.to_vec(),
            association_id: association,
            business_id: None,
            scopes: None,
        }
    }

    #[test]
    fn association_admins_manage_only_their_own_staff() {
        let mine = AssociationId::generate();
        let other = AssociationId::generate();
        let admin = principal(UserKind::Staff, &[StaffRole::AssociationAdmin], Some(mine));

        assert!(allows(&admin, Action::ManageStaff(mine)));
        assert!(!allows(&admin, Action::ManageStaff(other)));
        assert!(!allows(&admin, Action::ManageAssociations));
    }

    #[test]
    fn mediators_and_consumers_manage_no_staff() {
        let mine = AssociationId::generate();
        let mediator = principal(UserKind::Staff, &[StaffRole::Mediator], Some(mine));
        let consumer = principal(UserKind::Consumer, &[], None);

        assert!(!allows(&mediator, Action::ManageStaff(mine)));
        assert!(!allows(&consumer, Action::ManageStaff(mine)));
    }

    #[test]
    fn a_business_reads_its_own_workspace_and_only_people_manage_it() {
        let mine = shared::BusinessId::generate();
        let user = Principal {
            business_id: Some(mine),
            ..principal(UserKind::Business, &[], None)
        };
        let reader_key = Principal {
            scopes: Some(vec![ApiScope::ReadCases]),
            ..user.clone()
        };
        let webhook_key = Principal {
            scopes: Some(vec![ApiScope::ManageWebhooks]),
            ..user.clone()
        };

        assert!(allows(&user, Action::ReadOwnBusiness(mine)));
        assert!(allows(&user, Action::ManageOwnBusiness(mine)));
        assert!(allows(&reader_key, Action::ReadOwnBusiness(mine)));
        assert!(!allows(&reader_key, Action::ManageOwnBusiness(mine)));
        assert!(!allows(&webhook_key, Action::ReadOwnBusiness(mine)));
        assert!(!allows(&webhook_key, Action::ExportComplaints));
        let other = shared::BusinessId::generate();
        assert!(!allows(&user, Action::ReadOwnBusiness(other)));
    }

    #[test]
    fn consumers_export_nothing() {
        let consumer = principal(UserKind::Consumer, &[], None);
        let mediator = principal(UserKind::Staff, &[StaffRole::Mediator], None);

        assert!(!allows(&consumer, Action::ExportComplaints));
        assert!(allows(&mediator, Action::ExportComplaints));
    }

    #[test]
    fn webhooks_are_managed_by_the_business_and_its_keys_with_the_scope() {
        let mine = shared::BusinessId::generate();
        let mut user = principal(UserKind::Business, &[], None);
        user.business_id = Some(mine);
        let mut key = user.clone();
        key.scopes = Some(vec![ApiScope::ManageWebhooks]);
        let mut reader = user.clone();
        reader.scopes = Some(vec![ApiScope::ReadCases]);
        let mut other = user.clone();
        other.business_id = Some(shared::BusinessId::generate());

        assert!(allows(&user, Action::ManageWebhooks(mine)));
        assert!(allows(&key, Action::ManageWebhooks(mine)));
        assert!(!allows(&reader, Action::ManageWebhooks(mine)));
        assert!(!allows(&other, Action::ManageWebhooks(mine)));
    }

    #[test]
    fn only_platform_admins_grant_the_association_admin_role() {
        let admin = principal(
            UserKind::Staff,
            &[StaffRole::AssociationAdmin],
            Some(AssociationId::generate()),
        );
        let platform = principal(UserKind::PlatformAdmin, &[], None);

        assert!(!may_grant(&admin, StaffRole::AssociationAdmin));
        assert!(may_grant(&admin, StaffRole::Mediator));
        assert!(may_grant(&platform, StaffRole::AssociationAdmin));
    }
}
