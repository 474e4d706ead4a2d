//! Applying one step to a case: a party's action or an expired deadline.
//! `lifecycle::decide` says whether the step is allowed; this module makes
//! the change, in the caller's transaction: the complaint's new state and
//! version, its timeline entry, its deadlines and the notices.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter};
use shared::cases::{ActionRequest, Agreement};
use shared::complaints::{ActionKind, CaseRole, ComplaintState, DeadlineKind};
use uuid::Uuid;

use crate::businesses::membership;
use crate::complaints::audience;
use crate::complaints::effects::effect;
use crate::complaints::labels;
use crate::complaints::lifecycle::{self, InvalidTransition, Transition};
use crate::complaints::timeline::{self, NewEntry};
use crate::complaints::view::{facts_of, state_of, wire_name};
use crate::deadlines::calendar::end_of_day;
use crate::deadlines::{Deadline, store as deadlines};
use crate::disclosure::publication;
use crate::entities::{associations, businesses, complaints, group_complaints};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::notifications::{Notice, notify};
use crate::state::AppState;
use crate::webhooks;

/// Days after closing in which the consumer may rate the case.
pub const RATING_DAYS: i64 = 30;

/// Who takes the step.
#[derive(Clone, Copy, Debug)]
pub struct Actor {
    pub id: Option<Uuid>,
    pub role: CaseRole,
}

impl Actor {
    pub fn system() -> Self {
        Self {
            id: None,
            role: CaseRole::System,
        }
    }
}

/// One step: a party's request, or the sweeper's expiry of a deadline.
pub enum Step<'a> {
    Request(&'a ActionRequest),
    Expired(ActionKind),
}

impl Step<'_> {
    fn kind(&self) -> ActionKind {
        match self {
            Step::Request(request) => request.kind(),
            Step::Expired(kind) => *kind,
        }
    }

    fn escalates(&self) -> bool {
        matches!(
            self,
            Step::Request(ActionRequest::DeclineOffer { escalate: true, .. })
        )
    }
}

/// The complaint after the step, and who must be told (after commit).
pub struct Applied {
    pub complaint: complaints::Model,
    pub recipients: Vec<Uuid>,
}

/// Applies the step to the complaint as read in this transaction. A
/// concurrent change of the same complaint makes this fail with 409.
pub async fn apply(
    state: &AppState,
    txn: &impl ConnectionTrait,
    complaint: complaints::Model,
    actor: Actor,
    step: Step<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Applied> {
    let kind = step.kind();
    let from = state_of(&complaint)?;
    let mut complaint = complaint;
    if kind == ActionKind::Accept {
        // Membership counts as it stands when the case is accepted; a
        // suspended one does not.
        complaint.business_was_member = is_member(txn, complaint.business_id).await?;
    }
    let transition = lifecycle::decide(
        from,
        kind,
        actor.role,
        facts_of(&complaint, now),
        step.escalates(),
    )
    .map_err(invalid_transition)?;

    let version = complaint.version;
    let mut active = complaint.clone().into_active_model();
    active.business_was_member = Set(complaint.business_was_member);
    let effect = effect(
        state,
        txn,
        &complaint,
        &mut active,
        actor,
        &step,
        transition,
        now,
    )
    .await?;
    set_state(&mut active, transition, now);
    if entering_mediation(from, transition) {
        active.mediator_id = Set(mediator_for(txn, &complaint).await?);
    }
    let updated = save(txn, active, version).await?;

    move_deadlines(state, txn, &updated, &step, from, transition.to, now).await?;
    let entry = NewEntry {
        kind: effect.entry,
        actor_id: actor.id,
        actor_role: role_name(actor.role),
        visibility: effect.visibility,
        payload: effect.payload,
    };
    timeline::append(txn, updated.id, entry, now).await?;

    let mut recipients = audience::members(txn, &updated, &effect.audiences).await?;
    recipients.retain(|user| Some(*user) != actor.id);
    let notice = Notice {
        complaint_id: Some(updated.id),
        kind: effect.entry,
        title: effect.notice,
    };
    notify(txn, &recipients, &notice, now).await?;
    webhooks::events::after_step(txn, &updated, from, kind, now).await?;
    let updated = publication::after_step(txn, updated, from, kind, now).await?;
    Ok(Applied {
        complaint: updated,
        recipients,
    })
}

/// A case entering mediation goes to its group's mediator, if the group has
/// one, else to the association's least busy mediator.
async fn mediator_for(
    txn: &impl ConnectionTrait,
    complaint: &complaints::Model,
) -> ApiResult<Option<Uuid>> {
    if let Some(group_id) = complaint.group_id {
        let group = group_complaints::Entity::find_by_id(group_id)
            .one(txn)
            .await?;
        if let Some(mediator) = group.and_then(|g| g.mediator_id) {
            return Ok(Some(mediator));
        }
    }
    audience::least_busy_mediator(txn, complaint.association_id).await
}

async fn is_member(txn: &impl ConnectionTrait, business_id: Uuid) -> ApiResult<bool> {
    Ok(businesses::Entity::find_by_id(business_id)
        .one(txn)
        .await?
        .is_some_and(|business| membership::reconciles(&business)))
}

fn invalid_transition(error: InvalidTransition) -> ApiError {
    let allowed: Vec<String> = error.allowed.iter().map(|a| wire_name(*a)).collect();
    let (allowed_zh, allowed_en) = if allowed.is_empty() {
        ("无".to_owned(), "none".to_owned())
    } else {
        (allowed.join("、"), allowed.join(", "))
    };
    let state = labels::state(error.state);
    let action = wire_name(error.action);
    ApiError::new(
        shared::ErrorCode::InvalidTransition,
        actix_web::http::StatusCode::CONFLICT,
        Text::new(
            format!(
                "投诉当前状态为“{}”（{}），不能进行 {action}。您现在可以进行的操作：{allowed_zh}。",
                state.zh,
                wire_name(error.state)
            ),
            format!(
                "The complaint is {}; {action} is not possible now. Actions you may take: {allowed_en}.",
                state.en
            ),
        ),
    )
}

fn entering_mediation(from: ComplaintState, transition: Transition) -> bool {
    transition.to == ComplaintState::Mediating && from != ComplaintState::Mediating
}

fn set_state(active: &mut complaints::ActiveModel, transition: Transition, now: DateTime<Utc>) {
    active.state = Set(wire_name(transition.to));
    active.updated_at = Set(now);
    if let Some(outcome) = transition.outcome {
        active.outcome = Set(Some(wire_name(outcome)));
        active.closed_at = Set(Some(now));
        active.pending_offer = Set(None);
    }
}

/// Writes the change if nobody else changed the complaint since it was read.
pub(crate) async fn save(
    txn: &impl ConnectionTrait,
    mut active: complaints::ActiveModel,
    version: i32,
) -> ApiResult<complaints::Model> {
    active.version = Set(version + 1);
    let id = match &active.id {
        sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => *id,
        sea_orm::ActiveValue::NotSet => {
            return Err(ApiError::internal(anyhow::anyhow!("complaint without id")));
        }
    };
    let result = complaints::Entity::update_many()
        .set(active)
        .filter(complaints::Column::Id.eq(id))
        .filter(complaints::Column::Version.eq(version))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(changed_meanwhile());
    }
    complaints::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(changed_meanwhile)
}

pub fn changed_meanwhile() -> ApiError {
    ApiError::conflict(Text::new(
        "投诉刚被他人更新，请刷新后再操作。",
        "The complaint was changed by someone else just now; reload it and try again.",
    ))
}

pub fn role_name(role: CaseRole) -> &'static str {
    match role {
        CaseRole::Consumer => "consumer",
        CaseRole::Business => "business",
        CaseRole::Intake => "intake",
        CaseRole::Mediator => "mediator",
        CaseRole::System => "system",
    }
}

/// Starts, pauses, resumes and settles deadlines for the step.
async fn move_deadlines(
    state: &AppState,
    txn: &impl ConnectionTrait,
    complaint: &complaints::Model,
    step: &Step<'_>,
    from: ComplaintState,
    to: ComplaintState,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let running = deadlines::running(txn, complaint.id).await?;
    match step.kind() {
        ActionKind::MakeOffer | ActionKind::Rate => Ok(()),
        ActionKind::DeclineOffer if to == ComplaintState::Reconciling => Ok(()),
        ActionKind::RequestInfo => {
            let question = match step {
                Step::Request(ActionRequest::RequestInfo { question }) => question.trim(),
                _ => "",
            };
            for row in running {
                deadlines::pause(txn, row, question, now).await?;
            }
            start(state, txn, complaint, DeadlineKind::Information, now).await
        }
        ActionKind::AnswerInfo => {
            for row in running {
                if row.paused_at.is_some() {
                    deadlines::resume(txn, &state.calendar, row, now).await?;
                } else {
                    deadlines::settle(txn, row.id, met_or_missed(&row, now), now).await?;
                }
            }
            Ok(())
        }
        ActionKind::Transfer | ActionKind::Withdraw => {
            for row in running {
                deadlines::settle(txn, row.id, deadlines::CANCELLED, now).await?;
            }
            if step.kind() == ActionKind::Transfer {
                start(state, txn, complaint, DeadlineKind::Acceptance, now).await?;
            }
            Ok(())
        }
        _ => {
            for row in running {
                deadlines::settle(txn, row.id, met_or_missed(&row, now), now).await?;
            }
            match next_deadline(from, to) {
                Some(kind) => start(state, txn, complaint, kind, now).await,
                None => Ok(()),
            }
        }
    }
}

/// How a deadline ends when the case moves on: met in time, missed, or
/// cancelled when its clock was stopped (the case closed while paused).
fn met_or_missed(row: &crate::entities::deadlines::Model, now: DateTime<Utc>) -> &'static str {
    if row.paused_at.is_some() {
        deadlines::CANCELLED
    } else if now > row.due_at {
        deadlines::MISSED
    } else {
        deadlines::MET
    }
}

fn next_deadline(from: ComplaintState, to: ComplaintState) -> Option<DeadlineKind> {
    match to {
        ComplaintState::Reconciling if from != ComplaintState::Reconciling => {
            Some(DeadlineKind::Reconciliation)
        }
        ComplaintState::Mediating if from != ComplaintState::Mediating => {
            Some(DeadlineKind::Mediation)
        }
        ComplaintState::AwaitingPerformance => Some(DeadlineKind::Performance),
        _ => None,
    }
}

/// Starts a deadline with the handling association's working days.
async fn start(
    state: &AppState,
    txn: &impl ConnectionTrait,
    complaint: &complaints::Model,
    kind: DeadlineKind,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let deadline = if kind == DeadlineKind::Performance {
        let agreement: Agreement = complaint
            .agreement
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .ok_or_else(|| {
                ApiError::internal(anyhow::anyhow!(
                    "complaint {} has no readable agreement",
                    complaint.number
                ))
            })?;
        Deadline::until(kind, now, end_of_day(agreement.perform_by))
    } else {
        let association = associations::Entity::find_by_id(complaint.association_id)
            .one(txn)
            .await?
            .ok_or_else(|| {
                ApiError::internal(anyhow::anyhow!(
                    "association of {} is missing",
                    complaint.number
                ))
            })?;
        Deadline::start(kind, &state.calendar, now, working_days(&association, kind))
    };
    deadlines::start(txn, complaint.id, &deadline).await?;
    Ok(())
}

fn working_days(association: &associations::Model, kind: DeadlineKind) -> u32 {
    let days = match kind {
        DeadlineKind::Acceptance => association.acceptance_days,
        DeadlineKind::Information => association.information_days,
        DeadlineKind::Reconciliation => association.reconciliation_days,
        DeadlineKind::Mediation => association.mediation_days,
        DeadlineKind::Performance => 0,
    };
    u32::try_from(days).unwrap_or(0)
}
