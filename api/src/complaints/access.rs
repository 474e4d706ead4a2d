//! Who sees a complaint, and in which parts. A caller who may not see a case
//! gets 404, as if it did not exist.

use sea_orm::{ConnectionTrait, EntityTrait};
use shared::accounts::{StaffRole, UserKind};
use shared::businesses::ApiScope;
use shared::cases::Visibility;
use shared::complaints::CaseRole;

use crate::auth::Principal;
use crate::entities::{associations, complaints};
use crate::error::{ApiError, ApiResult};

/// Which side of the case the caller stands on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Consumer,
    Business,
    /// Staff of the handling association or above it, and platform admins.
    Association,
}

/// What the caller may see and do on one complaint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Access {
    pub side: Side,
    /// The parts the caller may act in; empty for read-only staff above the
    /// handling association.
    pub roles: Vec<CaseRole>,
}

impl Access {
    pub fn sees(&self, visibility: Visibility) -> bool {
        match self.side {
            Side::Association => true,
            Side::Consumer => matches!(
                visibility,
                Visibility::Public | Visibility::Parties | Visibility::Consumer
            ),
            Side::Business => matches!(
                visibility,
                Visibility::Public | Visibility::Parties | Visibility::Business
            ),
        }
    }

    pub fn acts_as(&self, role: CaseRole) -> bool {
        self.roles.contains(&role)
    }
}

/// The caller's access to the complaint, or 404.
pub async fn access(
    db: &impl ConnectionTrait,
    principal: &Principal,
    complaint: &complaints::Model,
) -> ApiResult<Access> {
    find_access(db, principal, complaint)
        .await?
        .ok_or_else(not_found)
}

pub fn not_found() -> ApiError {
    ApiError::not_found("投诉", "complaint")
}

async fn find_access(
    db: &impl ConnectionTrait,
    principal: &Principal,
    complaint: &complaints::Model,
) -> ApiResult<Option<Access>> {
    let access = match principal.kind {
        UserKind::Consumer if principal.user_id.0 == complaint.consumer_id => Some(Access {
            side: Side::Consumer,
            roles: vec![CaseRole::Consumer],
        }),
        UserKind::Business
            if principal.business_id.map(|b| b.0) == Some(complaint.business_id)
                && complaint.accepted_at.is_some()
                && principal.may(ApiScope::ReadCases) =>
        {
            let acts = principal.may(ApiScope::ActOnCases);
            Some(Access {
                side: Side::Business,
                roles: if acts {
                    vec![CaseRole::Business]
                } else {
                    Vec::new()
                },
            })
        }
        UserKind::Staff => staff_access(db, principal, complaint).await?,
        UserKind::PlatformAdmin => Some(Access {
            side: Side::Association,
            roles: Vec::new(),
        }),
        _ => None,
    };
    Ok(access)
}

async fn staff_access(
    db: &impl ConnectionTrait,
    principal: &Principal,
    complaint: &complaints::Model,
) -> ApiResult<Option<Access>> {
    let Some(mine) = principal.association_id.map(|a| a.0) else {
        return Ok(None);
    };

    if mine == complaint.association_id {
        return Ok(Some(Access {
            side: Side::Association,
            roles: handling_roles(principal),
        }));
    }
    let above = is_above(db, mine, complaint.association_id).await?;
    Ok(above.then(|| Access {
        side: Side::Association,
        roles: Vec::new(),
    }))
}

/// The case roles a staff member of the handling association plays.
/// Association admins may stand in for intake and mediation.
pub fn handling_roles(principal: &Principal) -> Vec<CaseRole> {
    let admin = principal.has_role(StaffRole::AssociationAdmin);
    let mut roles = Vec::new();
    if admin || principal.has_role(StaffRole::IntakeOfficer) {
        roles.push(CaseRole::Intake);
    }
    if admin || principal.has_role(StaffRole::Mediator) {
        roles.push(CaseRole::Mediator);
    }
    roles
}

/// True when `ancestor` is a parent, grandparent… of `association`.
pub async fn is_above(
    db: &impl ConnectionTrait,
    ancestor: uuid::Uuid,
    association: uuid::Uuid,
) -> ApiResult<bool> {
    let mut current = association;
    for _ in 0..8 {
        let Some(row) = associations::Entity::find_by_id(current).one(db).await? else {
            return Ok(false);
        };
        match row.parent_id {
            Some(parent) if parent == ancestor => return Ok(true),
            Some(parent) => current = parent,
            None => return Ok(false),
        }
    }
    Ok(false)
}
