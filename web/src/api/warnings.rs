//! Surge alerts for the association's staff, and the consumer warnings
//! (消费警示) they issue and everyone reads.

use shared::AssociationId;
use shared::page::{Page, PageQuery};
use shared::warnings::{
    ConsumerWarning, NewConsumerWarning, PublicConsumerWarning, PublicWarningQuery, SurgeAlerts,
};

use super::{ApiError, client, path};

/// `GET /associations/{id}/alerts`: surges this week against the usual level.
pub async fn alerts(association: AssociationId) -> Result<SurgeAlerts, ApiError> {
    client()
        .get(&path(&format!("/associations/{association}/alerts")))
        .await
}

/// `POST /associations/{id}/warnings`: issue a consumer warning.
pub async fn issue(
    association: AssociationId,
    warning: &NewConsumerWarning,
) -> Result<ConsumerWarning, ApiError> {
    client()
        .post(
            &path(&format!("/associations/{association}/warnings")),
            warning,
        )
        .await
}

/// `GET /associations/{id}/warnings`: the association's warnings, withdrawn ones too.
pub async fn issued(
    association: AssociationId,
    query: &PageQuery,
) -> Result<Page<ConsumerWarning>, ApiError> {
    client()
        .get_query(
            &path(&format!("/associations/{association}/warnings")),
            query,
        )
        .await
}

/// `POST /associations/{id}/warnings/{warning}/withdrawal`: withdraw one.
pub async fn withdraw(
    association: AssociationId,
    warning: i32,
) -> Result<ConsumerWarning, ApiError> {
    client()
        .post(
            &path(&format!(
                "/associations/{association}/warnings/{warning}/withdrawal"
            )),
            &(),
        )
        .await
}

/// `GET /public/warnings`: the warnings in force, newest first.
pub async fn public(query: &PublicWarningQuery) -> Result<Page<PublicConsumerWarning>, ApiError> {
    client().get_query(&path("/public/warnings"), query).await
}
