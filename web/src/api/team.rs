//! A business's team: its members and the invitations that bring
//! colleagues in.

use shared::BusinessId;
use shared::team::{BusinessMember, CreateInvitationRequest, CreatedInvitation, Invitation};

use super::{ApiError, client, path};

/// `GET /businesses/{id}/members`: its users with their roles.
pub async fn members(business: BusinessId) -> Result<Vec<BusinessMember>, ApiError> {
    client()
        .get(&path(&format!("/businesses/{business}/members")))
        .await
}

/// `GET /businesses/{id}/invitations`: its invitations, newest first.
pub async fn invitations(business: BusinessId) -> Result<Vec<Invitation>, ApiError> {
    client()
        .get(&path(&format!("/businesses/{business}/invitations")))
        .await
}

/// `POST /businesses/{id}/invitations`: invite a colleague; the token is
/// shown this once.
pub async fn invite(
    business: BusinessId,
    request: &CreateInvitationRequest,
) -> Result<CreatedInvitation, ApiError> {
    client()
        .post(
            &path(&format!("/businesses/{business}/invitations")),
            request,
        )
        .await
}
