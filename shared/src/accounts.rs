//! Users: who they are and what they may act as.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{AssociationId, BusinessId, UserId};
use crate::organisations::AssociationSummary;
use crate::team::BusinessRole;

/// What kind of party an account belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserKind {
    /// A person who files complaints.
    Consumer,
    /// Handles complaints for a business.
    Business,
    /// A member of an association's staff.
    Staff,
    /// Runs the platform itself.
    PlatformAdmin,
}

impl UserKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consumer => "consumer",
            Self::Business => "business",
            Self::Staff => "staff",
            Self::PlatformAdmin => "platform_admin",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Consumer,
            Self::Business,
            Self::Staff,
            Self::PlatformAdmin,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == value)
    }
}

/// A role that a staff member holds in their association.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Decides whether complaints are accepted, and routes them.
    IntakeOfficer,
    /// Mediates between consumer and business.
    Mediator,
    /// Manages the association's staff.
    AssociationAdmin,
}

impl StaffRole {
    pub const ALL: [StaffRole; 3] = [Self::IntakeOfficer, Self::Mediator, Self::AssociationAdmin];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::IntakeOfficer => "intake_officer",
            Self::Mediator => "mediator",
            Self::AssociationAdmin => "association_admin",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == value)
    }
}

/// The caller's own account, from `GET /api/v1/me`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: UserId,
    pub kind: UserKind,
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Staff and administrator login name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_name: Option<String>,
    /// The association a staff member belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association: Option<AssociationSummary>,
    /// Staff roles; empty for other kinds.
    pub roles: Vec<StaffRole>,
    /// The business a business user works for; none until an application
    /// is approved or an invitation accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_id: Option<BusinessId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_role: Option<BusinessRole>,
    pub created_at: DateTime<Utc>,
}

/// A staff member as their association's admin sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    pub id: UserId,
    pub association_id: AssociationId,
    pub login_name: String,
    pub display_name: String,
    pub roles: Vec<StaffRole>,
    /// False once removed; a removed member can no longer log in.
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// Add a staff member to an association.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateStaffRequest {
    /// 3 to 32 characters: lower-case letters, digits, `.`, `_` and `-`.
    #[cfg_attr(feature = "openapi", schema(example = "zhang.wei"))]
    pub login_name: String,
    #[cfg_attr(feature = "openapi", schema(example = "张伟"))]
    pub display_name: String,
    /// The first password; the member should change it after logging in.
    pub password: String,
    /// At least one role.
    pub roles: Vec<StaffRole>,
}

/// Change a staff member's name or roles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateStaffRequest {
    pub display_name: String,
    pub roles: Vec<StaffRole>,
}
