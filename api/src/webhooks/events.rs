//! Which changes of a case become webhook events, and what each carries.
//! Every function here runs inside the transaction of the change it reports
//! and only queues deliveries in the outbox; nothing is sent from here.
//!
//! A business hears only of its own cases, and only once the association
//! accepted them (before that, the case is not the business's to see).

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use shared::complaints::{ActionKind, ComplaintState, DeadlineKind, Outcome};
use shared::webhooks::{
    MediationReason, MessageAuthor, OfferAnswer, WebhookComplaint, WebhookData, WebhookEvent,
    WebhookPayload,
};
use shared::{BusinessId, ComplaintId};
use uuid::Uuid;

use crate::complaints::view::{outcome_of, state_of};
use crate::deadlines::store::{self as deadlines, parse_kind};
use crate::entities::complaints;
use crate::error::ApiResult;
use crate::webhooks::outbox;

/// Queues the events of a step of the state machine: `complaint` as the
/// step left it, `from` the state before.
pub async fn after_step(
    db: &impl ConnectionTrait,
    complaint: &complaints::Model,
    from: ComplaintState,
    kind: ActionKind,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if complaint.accepted_at.is_none() {
        return Ok(());
    }

    let to = state_of(complaint)?;
    for (event, mut data) in step_events(from, to, kind, outcome_of(complaint)?) {
        if event == WebhookEvent::ComplaintAssigned {
            data.due_at = reconciliation_due(db, complaint.id).await?;
        }
        outbox::enqueue(db, &payload(complaint, event, data, now)?, now).await?;
    }
    Ok(())
}

/// The events a step causes, in the order they happened.
fn step_events(
    from: ComplaintState,
    to: ComplaintState,
    kind: ActionKind,
    outcome: Option<Outcome>,
) -> Vec<(WebhookEvent, WebhookData)> {
    let mut events = Vec::new();
    let answered = |answer, escalated| WebhookData {
        answer: Some(answer),
        escalated,
        ..WebhookData::default()
    };
    match kind {
        ActionKind::Accept => {
            events.push((WebhookEvent::ComplaintAssigned, WebhookData::default()))
        }
        ActionKind::AcceptOffer => events.push((
            WebhookEvent::OfferAnswered,
            answered(OfferAnswer::Accepted, None),
        )),
        ActionKind::DeclineOffer => events.push((
            WebhookEvent::OfferAnswered,
            answered(OfferAnswer::Declined, Some(to == ComplaintState::Mediating)),
        )),
        _ => {}
    }

    if from == ComplaintState::Reconciling && to == ComplaintState::Mediating {
        let reason = if kind == ActionKind::ReconciliationExpired {
            MediationReason::ReconciliationDeadlineMissed
        } else {
            MediationReason::OfferDeclined
        };
        let data = WebhookData {
            reason: Some(reason),
            ..WebhookData::default()
        };
        events.push((WebhookEvent::CaseMovedToMediation, data));
    }
    if to == ComplaintState::Closed && from != ComplaintState::Closed {
        let data = WebhookData {
            outcome,
            ..WebhookData::default()
        };
        events.push((WebhookEvent::CaseClosed, data));
    }
    events
}

async fn reconciliation_due(
    db: &impl ConnectionTrait,
    complaint_id: Uuid,
) -> ApiResult<Option<DateTime<Utc>>> {
    let running = deadlines::running(db, complaint_id).await?;
    Ok(running
        .iter()
        .find(|row| parse_kind(&row.kind) == Some(DeadlineKind::Reconciliation))
        .map(|row| row.due_at))
}

/// Queues `message_received` for a message the business may read, written
/// by someone on another side of the case.
pub async fn message_received(
    db: &impl ConnectionTrait,
    complaint: &complaints::Model,
    author: MessageAuthor,
    message_sequence: i64,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if complaint.accepted_at.is_none() {
        return Ok(());
    }

    let data = WebhookData {
        message_sequence: Some(message_sequence),
        author: Some(author),
        ..WebhookData::default()
    };
    let payload = payload(complaint, WebhookEvent::MessageReceived, data, now)?;
    outbox::enqueue(db, &payload, now).await?;
    Ok(())
}

/// Queues `deadline_approaching` for a deadline the business must meet.
pub async fn deadline_approaching(
    db: &impl ConnectionTrait,
    complaint: &complaints::Model,
    deadline: DeadlineKind,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if complaint.accepted_at.is_none() {
        return Ok(());
    }

    let data = WebhookData {
        deadline: Some(deadline),
        due_at: Some(due_at),
        ..WebhookData::default()
    };
    let payload = payload(complaint, WebhookEvent::DeadlineApproaching, data, now)?;
    outbox::enqueue(db, &payload, now).await?;
    Ok(())
}

/// The body of an event: who, which case and where it stands; never the
/// consumer's contact details.
fn payload(
    complaint: &complaints::Model,
    event: WebhookEvent,
    data: WebhookData,
    now: DateTime<Utc>,
) -> ApiResult<WebhookPayload> {
    Ok(WebhookPayload {
        id: Uuid::now_v7(),
        event,
        occurred_at: now,
        business_id: BusinessId(complaint.business_id),
        complaint: WebhookComplaint {
            id: ComplaintId(complaint.id),
            number: complaint.number.clone(),
            state: state_of(complaint)?,
        },
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActionKind as A;
    use ComplaintState as S;
    use WebhookEvent as E;

    fn names(events: Vec<(WebhookEvent, WebhookData)>) -> Vec<WebhookEvent> {
        events.into_iter().map(|(event, _)| event).collect()
    }

    #[test]
    fn accepting_assigns_the_complaint_whichever_way_it_goes() {
        assert_eq!(
            names(step_events(S::Submitted, S::Reconciling, A::Accept, None)),
            vec![E::ComplaintAssigned]
        );
        assert_eq!(
            names(step_events(S::Submitted, S::Mediating, A::Accept, None)),
            vec![E::ComplaintAssigned]
        );
    }

    #[test]
    fn declining_with_escalation_answers_the_offer_then_moves_to_mediation() {
        let events = step_events(S::Reconciling, S::Mediating, A::DeclineOffer, None);

        assert_eq!(events[0].1.answer, Some(OfferAnswer::Declined));
        assert_eq!(events[0].1.escalated, Some(true));
        assert_eq!(events[1].0, E::CaseMovedToMediation);
        assert_eq!(events[1].1.reason, Some(MediationReason::OfferDeclined));
        assert_eq!(events.len(), 2);
    }

    #[test]
    fn a_missed_reconciliation_deadline_moves_the_case_with_its_reason() {
        let events = step_events(S::Reconciling, S::Mediating, A::ReconciliationExpired, None);

        assert_eq!(names(events.clone()), vec![E::CaseMovedToMediation]);
        assert_eq!(
            events[0].1.reason,
            Some(MediationReason::ReconciliationDeadlineMissed)
        );
    }

    #[test]
    fn closing_carries_the_outcome_and_rating_a_closed_case_says_nothing() {
        let closed = step_events(
            S::AwaitingPerformance,
            S::Closed,
            A::ConfirmPerformance,
            Some(Outcome::Resolved),
        );
        let rated = step_events(S::Closed, S::Closed, A::Rate, Some(Outcome::Resolved));

        assert_eq!(names(closed.clone()), vec![E::CaseClosed]);
        assert_eq!(closed[0].1.outcome, Some(Outcome::Resolved));
        assert!(rated.is_empty());
    }

    #[test]
    fn an_offer_made_by_the_business_itself_is_no_event() {
        assert!(step_events(S::Reconciling, S::Reconciling, A::MakeOffer, None).is_empty());
    }
}
