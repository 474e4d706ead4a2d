//! Complaints as their parties handle them: filing, lists, the case, its steps,
//! messages, timeline, mediation sessions and the mediator.

use shared::ComplaintId;
use shared::cases::{
    ActionRequest, AssignMediatorRequest, Complaint, ComplaintFilter, ComplaintQuery,
    ComplaintSummary, FileComplaintRequest, MediatorChoice, Message, PostMessageRequest,
    ScheduleSessionRequest, StateCount, TimelineEntry,
};
use shared::page::Page;

use super::{ApiError, client, path};

/// `GET /complaints`: one page of the cases the caller may see.
pub async fn list(query: &ComplaintQuery) -> Result<Page<ComplaintSummary>, ApiError> {
    client().get_query(&path("/complaints"), query).await
}

/// `GET /complaints/counts`: how many of the caller's cases passing
/// `filter` are in each state.
pub async fn counts(filter: &ComplaintFilter) -> Result<Vec<StateCount>, ApiError> {
    client()
        .get_query(&path("/complaints/counts"), filter)
        .await
}

/// `GET /complaints/{id}`: the case with its deadlines and allowed actions.
pub async fn get(id: ComplaintId) -> Result<Complaint, ApiError> {
    client().get(&path(&format!("/complaints/{id}"))).await
}

/// `POST /complaints/{id}/actions`: one step on the case.
pub async fn act(id: ComplaintId, action: &ActionRequest) -> Result<Complaint, ApiError> {
    client().act(id, action).await
}

/// `GET /complaints/{id}/timeline`: what happened, as far as the caller may read.
pub async fn timeline(id: ComplaintId) -> Result<Vec<TimelineEntry>, ApiError> {
    client()
        .get(&path(&format!("/complaints/{id}/timeline")))
        .await
}

/// `GET /complaints/{id}/messages`: the messages the caller may read, oldest first.
pub async fn messages(id: ComplaintId) -> Result<Vec<Message>, ApiError> {
    client()
        .get(&path(&format!("/complaints/{id}/messages")))
        .await
}

/// `POST /complaints/{id}/messages`: a message, or (staff) an internal note.
pub async fn post_message(
    id: ComplaintId,
    message: &PostMessageRequest,
) -> Result<Message, ApiError> {
    client()
        .post(&path(&format!("/complaints/{id}/messages")), message)
        .await
}

/// `POST /complaints/{id}/mediation-sessions`: the mediator sets a meeting.
pub async fn schedule_session(
    id: ComplaintId,
    session: &ScheduleSessionRequest,
) -> Result<TimelineEntry, ApiError> {
    client()
        .post(
            &path(&format!("/complaints/{id}/mediation-sessions")),
            session,
        )
        .await
}

/// `GET /complaints/{id}/mediators`: who could mediate the case, least busy first.
pub async fn mediators(id: ComplaintId) -> Result<Vec<MediatorChoice>, ApiError> {
    client()
        .get(&path(&format!("/complaints/{id}/mediators")))
        .await
}

/// `PUT /complaints/{id}/mediator`: hand the case to another mediator.
pub async fn assign_mediator(
    id: ComplaintId,
    request: &AssignMediatorRequest,
) -> Result<Complaint, ApiError> {
    client()
        .put(&path(&format!("/complaints/{id}/mediator")), request)
        .await
}

/// `POST /complaints`: files once per `key`; a retry with the same key
/// returns the complaint the first attempt filed.
pub async fn file(request: &FileComplaintRequest, key: &str) -> Result<Complaint, ApiError> {
    client()
        .post_idempotent(&path("/complaints"), request, key)
        .await
}
