//! The caller's notifications.

use shared::notifications::{Inbox, NotificationId, NotificationQuery};

use super::{ApiError, client, path};

/// `GET /notifications`: one page of the inbox, newest first.
pub async fn inbox(query: &NotificationQuery) -> Result<Inbox, ApiError> {
    client().get_query(&path("/notifications"), query).await
}

/// `PUT /notifications/{id}/read`: marks one notification read.
pub async fn mark_read(id: NotificationId) -> Result<(), ApiError> {
    client()
        .put(&path(&format!("/notifications/{id}/read")), &())
        .await
}

/// `POST /notifications/read-all`: marks every notification read.
pub async fn mark_all_read() -> Result<(), ApiError> {
    client().post(&path("/notifications/read-all"), &()).await
}
