//! Webhooks: a member business's systems hear of changes to its cases as
//! signed HTTP `POST`s, instead of polling the API.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::complaints::{ComplaintState, DeadlineKind, Outcome};
use crate::{BusinessId, ComplaintId};

/// What a webhook can be told of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WebhookEvent {
    /// The association accepted a complaint against the business: it is the
    /// business's to reconcile (a member) or goes to mediation.
    ComplaintAssigned,
    /// The consumer or the association posted a message the business may read.
    MessageReceived,
    /// The consumer accepted or declined the business's offer.
    OfferAnswered,
    /// A deadline the business must meet (reconciliation, performance) falls due soon.
    DeadlineApproaching,
    /// The case left reconciliation for the association's mediation.
    CaseMovedToMediation,
    /// The case was closed, whatever the outcome.
    CaseClosed,
}

impl WebhookEvent {
    pub const ALL: [WebhookEvent; 6] = [
        Self::ComplaintAssigned,
        Self::MessageReceived,
        Self::OfferAnswered,
        Self::DeadlineApproaching,
        Self::CaseMovedToMediation,
        Self::CaseClosed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ComplaintAssigned => "complaint_assigned",
            Self::MessageReceived => "message_received",
            Self::OfferAnswered => "offer_answered",
            Self::DeadlineApproaching => "deadline_approaching",
            Self::CaseMovedToMediation => "case_moved_to_mediation",
            Self::CaseClosed => "case_closed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.as_str() == value)
    }
}

/// `POST /businesses/{id}/webhooks`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateWebhookRequest {
    /// Where deliveries are posted: `https://` (or `http://`), without a
    /// user name or password. Private, loopback and link-local addresses are
    /// refused unless the platform's operator allows them.
    pub url: String,
    /// At least one event.
    pub events: Vec<WebhookEvent>,
    /// What the webhook is for, for example "工单系统".
    pub description: Option<String>,
}

/// `PUT /businesses/{id}/webhooks/{webhook_id}`: the whole webhook as it
/// should be from now on. Its secret stays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhookRequest {
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub description: Option<String>,
    /// False pauses the webhook: events that happen meanwhile are not queued for
    /// it; deliveries queued before the pause wait and resume, in order, when
    /// it is true again.
    pub active: bool,
}

/// A webhook as its business sees it: never its secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub description: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new webhook with its signing secret, shown this once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhook {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// The key of each delivery's `Redress-Signature`. It cannot be shown again.
    pub secret: String,
}

/// Where one delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not yet answered with 2xx; tried again with growing pauses.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Still not delivered 24 hours after the first attempt; no more tries.
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Pending, Self::Delivered, Self::Failed]
            .into_iter()
            .find(|status| status.as_str() == value)
    }
}

/// One event sent (or to be sent) to one webhook, as the delivery log shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// Increasing; also sent as `Redress-Delivery`.
    pub id: i64,
    pub webhook_id: Uuid,
    /// The event's id, the same in every delivery of the event (and every
    /// redelivery): receivers skip ids they have seen.
    pub event_id: Uuid,
    pub event: WebhookEvent,
    pub complaint_id: ComplaintId,
    pub status: DeliveryStatus,
    /// Requests made so far.
    pub attempts: u32,
    pub created_at: DateTime<Utc>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// When the next attempt is due, while pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The receiver's HTTP status at the last attempt, if it answered.
    pub last_status_code: Option<u16>,
    /// Why the last attempt failed: a status, a timeout, a refused address…
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The delivery this one sends again, when made by `redeliver`.
    pub redelivery_of: Option<i64>,
    /// The body, exactly as posted.
    pub payload: WebhookPayload,
}

/// `GET /businesses/{id}/webhooks/{webhook_id}/deliveries`: newest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct DeliveryQuery {
    /// Only deliveries in this status.
    pub status: Option<DeliveryStatus>,
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

/// The JSON body of every webhook delivery.
///
/// It comes with the headers `Redress-Event-Id` (the `id` below),
/// `Redress-Event`, `Redress-Delivery`, `Redress-Timestamp` (Unix seconds)
/// and `Redress-Signature: v1=<hex>`, the HMAC-SHA256 of
/// `"{timestamp}.{body}"` keyed with the webhook's secret. Refuse a body
/// whose signature does not match or whose timestamp is more than five
/// minutes old, and skip event ids already handled: a delivery may come
/// more than once. The consumer's phone number and e-mail are never sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookPayload {
    /// The event's id.
    pub id: Uuid,
    pub event: WebhookEvent,
    pub occurred_at: DateTime<Utc>,
    pub business_id: BusinessId,
    pub complaint: WebhookComplaint,
    /// What is particular to the event.
    pub data: WebhookData,
}

/// The complaint an event is about, as it stands after the event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookComplaint {
    pub id: ComplaintId,
    /// The complaint number people see and quote.
    pub number: String,
    pub state: ComplaintState,
}

/// The part of a payload particular to its event; fields that do not
/// belong to the event are left out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookData {
    /// `complaint_assigned` and `deadline_approaching`: when the business's
    /// deadline falls due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<DateTime<Utc>>,
    /// `deadline_approaching`: which deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DeadlineKind>,
    /// `offer_answered`: the consumer's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<OfferAnswer>,
    /// `offer_answered`: declined and asked for mediation at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalated: Option<bool>,
    /// `case_moved_to_mediation`: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<MediationReason>,
    /// `case_closed`: how it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// `message_received`: the message's sequence on the case; read it with
    /// `GET /complaints/{id}/messages`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_sequence: Option<i64>,
    /// `message_received`: who wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<MessageAuthor>,
}

/// How the consumer answered an offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OfferAnswer {
    Accepted,
    Declined,
}

/// Why a case went from reconciliation to mediation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MediationReason {
    /// The consumer declined the offer and asked for mediation.
    OfferDeclined,
    /// The reconciliation deadline passed without an agreement.
    ReconciliationDeadlineMissed,
}

/// Who wrote a message the business receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageAuthor {
    Consumer,
    Association,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_are_their_wire_names() {
        for event in WebhookEvent::ALL {
            let json = serde_json::to_value(event).unwrap();

            assert_eq!(json, serde_json::Value::String(event.as_str().to_owned()));
            assert_eq!(WebhookEvent::parse(event.as_str()), Some(event));
        }
    }

    #[test]
    fn a_payload_leaves_out_what_its_event_does_not_have() {
        let payload = WebhookPayload {
            id: Uuid::nil(),
            event: WebhookEvent::CaseClosed,
            occurred_at: DateTime::UNIX_EPOCH,
            business_id: BusinessId(Uuid::nil()),
            complaint: WebhookComplaint {
                id: ComplaintId(Uuid::nil()),
                number: "GD-1".to_owned(),
                state: ComplaintState::Closed,
            },
            data: WebhookData {
                outcome: Some(Outcome::Resolved),
                ..WebhookData::default()
            },
        };

        let json = serde_json::to_value(&payload).unwrap();

        assert_eq!(json["event"], "case_closed");
        assert_eq!(json["data"], serde_json::json!({"outcome": "resolved"}));
    }
}
