//! Associations: the list, their deadlines and disclosure rules, and their
//! staff.

use shared::accounts::{CreateStaffRequest, StaffMember};
use shared::ids::AssociationId;
use shared::organisations::{
    Association, AssociationQuery, CreateAssociationRequest, DeadlinePolicy,
};
use shared::page::{Page, PageQuery};
use shared::publication::DisclosureRules;

use super::{ApiError, client, path};

/// `GET /associations`: one page of associations.
pub async fn associations(query: &AssociationQuery) -> Result<Page<Association>, ApiError> {
    client().get_query(&path("/associations"), query).await
}

/// `POST /associations`: a city or county association (platform admin).
pub async fn create(request: &CreateAssociationRequest) -> Result<Association, ApiError> {
    client().post(&path("/associations"), request).await
}

/// `GET /associations/{id}/deadline-policy`: its deadlines in working days.
pub async fn deadline_policy(id: AssociationId) -> Result<DeadlinePolicy, ApiError> {
    client()
        .get(&path(&format!("/associations/{id}/deadline-policy")))
        .await
}

/// `PUT /associations/{id}/deadline-policy`: set its deadlines.
pub async fn set_deadline_policy(
    id: AssociationId,
    policy: &DeadlinePolicy,
) -> Result<DeadlinePolicy, ApiError> {
    client()
        .put(
            &path(&format!("/associations/{id}/deadline-policy")),
            policy,
        )
        .await
}

/// `GET /associations/{id}/disclosure-rules`: when it publishes complaints.
pub async fn disclosure_rules(id: AssociationId) -> Result<DisclosureRules, ApiError> {
    client()
        .get(&path(&format!("/associations/{id}/disclosure-rules")))
        .await
}

/// `PUT /associations/{id}/disclosure-rules`: set when it publishes.
pub async fn set_disclosure_rules(
    id: AssociationId,
    rules: &DisclosureRules,
) -> Result<DisclosureRules, ApiError> {
    client()
        .put(
            &path(&format!("/associations/{id}/disclosure-rules")),
            rules,
        )
        .await
}

/// `GET /associations/{id}/staff`: its staff by login name.
pub async fn staff(id: AssociationId, query: &PageQuery) -> Result<Page<StaffMember>, ApiError> {
    client()
        .get_query(&path(&format!("/associations/{id}/staff")), query)
        .await
}

/// `POST /associations/{id}/staff`: add a staff member.
pub async fn add_staff(
    id: AssociationId,
    request: &CreateStaffRequest,
) -> Result<StaffMember, ApiError> {
    client()
        .post(&path(&format!("/associations/{id}/staff")), request)
        .await
}
