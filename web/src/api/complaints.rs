//! Complaints: filing, the caller's list, one case, its steps, timeline and
//! messages.

use serde::Serialize;
use shared::ComplaintId;
use shared::cases::{
    ActionRequest, Complaint, ComplaintSummary, FileComplaintRequest, Message, PostMessageRequest,
    TimelineEntry,
};
use shared::complaints::ComplaintState;
use shared::page::Page;

use super::{ApiError, client, path};

/// One page of `GET /complaints`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ListQuery {
    pub state: Option<ComplaintState>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

/// `GET /complaints`: the caller's complaints, newest first.
pub async fn list(query: &ListQuery) -> Result<Page<ComplaintSummary>, ApiError> {
    client().get_query(&path("/complaints"), query).await
}

/// `POST /complaints`: files once per `key`; a retry with the same key
/// returns the complaint the first attempt filed.
pub async fn file(request: &FileComplaintRequest, key: &str) -> Result<Complaint, ApiError> {
    client()
        .post_idempotent(&path("/complaints"), request, key)
        .await
}

/// `GET /complaints/{id}`: the case with its deadlines and allowed actions.
pub async fn get(id: ComplaintId) -> Result<Complaint, ApiError> {
    client().get(&path(&format!("/complaints/{id}"))).await
}

/// `POST /complaints/{id}/actions`: one step on the case.
pub async fn act(id: ComplaintId, action: &ActionRequest) -> Result<Complaint, ApiError> {
    client()
        .post(&path(&format!("/complaints/{id}/actions")), action)
        .await
}

/// `GET /complaints/{id}/timeline`: the entries the caller may read.
pub async fn timeline(id: ComplaintId) -> Result<Vec<TimelineEntry>, ApiError> {
    client()
        .get(&path(&format!("/complaints/{id}/timeline")))
        .await
}

/// `GET /complaints/{id}/messages`: the case's messages, oldest first.
pub async fn messages(id: ComplaintId) -> Result<Vec<Message>, ApiError> {
    client()
        .get(&path(&format!("/complaints/{id}/messages")))
        .await
}

/// `POST /complaints/{id}/messages`: writes to the other parties.
pub async fn post_message(
    id: ComplaintId,
    request: &PostMessageRequest,
) -> Result<Message, ApiError> {
    client()
        .post(&path(&format!("/complaints/{id}/messages")), request)
        .await
}
