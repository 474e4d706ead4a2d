//! Similar complaints and group complaints (集体投诉): proposals, confirming
//! a group, joining it, the business's common offer and the group's mediator.

use shared::cases::AssignMediatorRequest;
use shared::groups::{
    CreateGroupComplaintRequest, GroupComplaint, GroupOfferRequest, GroupOfferResult,
    GroupProposal, GroupProposalQuery, GroupSummary, JoinGroupRequest, SimilarComplaint,
};
use shared::{AssociationId, ComplaintId, GroupComplaintId};

use super::{ApiError, client, path};

/// `GET /complaints/{id}/similar`: complaints like this one (staff).
pub async fn similar(id: ComplaintId) -> Result<Vec<SimilarComplaint>, ApiError> {
    client()
        .get(&path(&format!("/complaints/{id}/similar")))
        .await
}

/// `GET /complaints/{id}/group-complaints`: the groups this complaint could
/// join or belongs to.
pub async fn for_complaint(id: ComplaintId) -> Result<Vec<GroupSummary>, ApiError> {
    client()
        .get(&path(&format!("/complaints/{id}/group-complaints")))
        .await
}

/// `GET /associations/{id}/group-proposals`: clusters of similar complaints.
pub async fn proposals(association: AssociationId) -> Result<Vec<GroupProposal>, ApiError> {
    client()
        .get_query(
            &path(&format!("/associations/{association}/group-proposals")),
            &GroupProposalQuery::default(),
        )
        .await
}

/// `GET /associations/{id}/group-complaints`: the confirmed groups.
pub async fn list(association: AssociationId) -> Result<Vec<GroupSummary>, ApiError> {
    client()
        .get(&path(&format!(
            "/associations/{association}/group-complaints"
        )))
        .await
}

/// `POST /group-complaints`: confirm a group.
pub async fn create(request: &CreateGroupComplaintRequest) -> Result<GroupComplaint, ApiError> {
    client().post(&path("/group-complaints"), request).await
}

/// `GET /group-complaints/{id}`: one group as the caller may see it.
pub async fn get(id: GroupComplaintId) -> Result<GroupComplaint, ApiError> {
    client()
        .get(&path(&format!("/group-complaints/{id}")))
        .await
}

/// `POST /group-complaints/{id}/members`: add a complaint to the group.
pub async fn join(
    id: GroupComplaintId,
    request: &JoinGroupRequest,
) -> Result<GroupComplaint, ApiError> {
    client()
        .post(&path(&format!("/group-complaints/{id}/members")), request)
        .await
}

/// `POST /group-complaints/{id}/offers`: the business's common offer.
pub async fn offer(
    id: GroupComplaintId,
    request: &GroupOfferRequest,
) -> Result<GroupOfferResult, ApiError> {
    client()
        .post(&path(&format!("/group-complaints/{id}/offers")), request)
        .await
}

/// `PUT /group-complaints/{id}/mediator`: name the group's mediator.
pub async fn assign_mediator(
    id: GroupComplaintId,
    request: &AssignMediatorRequest,
) -> Result<GroupComplaint, ApiError> {
    client()
        .put(&path(&format!("/group-complaints/{id}/mediator")), request)
        .await
}
