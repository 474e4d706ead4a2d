//! A business's team: the roles of its users, its members and the
//! invitations that bring colleagues in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{BusinessId, InvitationId, UserId};

/// What a business user may do for their business.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BusinessRole {
    /// Answers for the business: everything a manager does, and changes
    /// roles and removes anyone. The approved applicant becomes the owner.
    Owner,
    /// Runs the workspace: API keys, published contacts, inviting and
    /// removing handlers; handles cases.
    Manager,
    /// Handles cases only.
    Handler,
}

impl BusinessRole {
    pub const ALL: [BusinessRole; 3] = [Self::Owner, Self::Manager, Self::Handler];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Manager => "manager",
            Self::Handler => "handler",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == value)
    }
}

/// A user of the business, as its owner and managers see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessMember {
    pub user_id: UserId,
    pub display_name: String,
    pub role: BusinessRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// For accounts that association staff created with a login name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_name: Option<String>,
}

/// `PUT /businesses/{id}/members/{user_id}`: give a member another role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangeMemberRequest {
    pub role: BusinessRole,
}

/// `POST /businesses/{id}/invitations`: invite a colleague.
///
/// With a phone number or an e-mail address, only the business account
/// registered with it may accept (and it is told in its inbox); without
/// either, whoever holds the token may.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateInvitationRequest {
    /// `manager` or `handler`; owners are made by changing a member's role.
    pub role: BusinessRole,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Where an invitation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvitationState {
    Pending,
    Accepted,
    Expired,
    Revoked,
}

/// An invitation as the business sees it: never its token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: InvitationId,
    pub business_id: BusinessId,
    pub role: BusinessRole,
    pub state: InvitationState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub invited_by: UserId,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A new invitation with its one-time token, shown this once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedInvitation {
    #[serde(flatten)]
    pub invitation: Invitation,
    /// Give it to the colleague: they accept with
    /// `POST /api/v1/invitations/{token}/accept`. It cannot be shown again.
    pub token: String,
}

/// The business the caller now works for, after accepting an invitation.
/// Refresh the tokens to act for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptedInvitation {
    pub business_id: BusinessId,
    pub role: BusinessRole,
}
