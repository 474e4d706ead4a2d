//! A complaint as its parties see it.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::de::DeserializeOwned;
use shared::cases::{Channel, Complaint, ComplaintSummary, Demand, PartyRef};
use shared::complaints::{ActionKind, ComplaintState, Outcome};
use shared::{AssociationId, BusinessId, ComplaintId, OutletId, UserId};

use crate::businesses::outlets;
use crate::complaints::access::Access;
use crate::complaints::actions::RATING_DAYS;
use crate::complaints::lifecycle::{self, Facts};
use crate::deadlines::{WorkingDayCalendar, store as deadlines};
use crate::entities::{associations, businesses, complaints, users};
use crate::error::{ApiError, ApiResult};

/// What the `demands` column holds.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct StoredDemands {
    pub demands: Vec<Demand>,
    pub other: Option<String>,
}

pub fn state_of(model: &complaints::Model) -> ApiResult<ComplaintState> {
    parse_enum(&model.state, model)
}

pub fn outcome_of(model: &complaints::Model) -> ApiResult<Option<Outcome>> {
    model
        .outcome
        .as_deref()
        .map(|value| parse_enum(value, model))
        .transpose()
}

pub fn facts_of(model: &complaints::Model, now: DateTime<Utc>) -> Facts {
    let window_passed = model
        .closed_at
        .is_some_and(|closed| now > closed + chrono::Duration::days(RATING_DAYS));
    Facts {
        business_is_member: model.business_was_member,
        offer_pending: model.pending_offer.is_some(),
        rating_closed: model.rating.is_some() || window_passed,
    }
}

/// Every action the caller may take now, over all the parts they play.
pub fn allowed_actions(
    model: &complaints::Model,
    access: &Access,
    now: DateTime<Utc>,
) -> ApiResult<Vec<ActionKind>> {
    let state = state_of(model)?;
    let mut actions: Vec<ActionKind> = access
        .roles
        .iter()
        .flat_map(|role| lifecycle::allowed(state, *role, facts_of(model, now)))
        .collect();
    actions.sort();
    actions.dedup();
    Ok(actions)
}

pub async fn complaint(
    db: &impl ConnectionTrait,
    calendar: &WorkingDayCalendar,
    model: &complaints::Model,
    access: &Access,
    now: DateTime<Utc>,
) -> ApiResult<Complaint> {
    let stored: StoredDemands = parse_json(&model.demands, model)?;
    Ok(Complaint {
        id: ComplaintId(model.id),
        number: model.number.clone(),
        state: state_of(model)?,
        outcome: outcome_of(model)?,
        consumer: consumer_ref(db, model).await?,
        business: business_ref(db, model).await?,
        outlet: outlet_ref(db, model).await?,
        association: association_ref(db, model).await?,
        region_code: model.region_code.clone(),
        category_code: model.category_code.clone(),
        nature_code: model.nature_code.clone(),
        purchase_date: model.purchase_date,
        amount_fen: model.amount_fen,
        order_number: model.order_number.clone(),
        channel: Channel::parse(&model.channel).unwrap_or(Channel::Other),
        channel_platform: model.channel_platform.clone(),
        description: model.description.clone(),
        demands: stored.demands,
        other_demand: stored.other,
        consent_to_publish: model.consent_to_publish,
        business_was_member: model.business_was_member,
        business_missed_deadline: model.business_missed_deadline,
        pending_offer: model
            .pending_offer
            .as_deref()
            .map(|json| parse_json(json, model))
            .transpose()?,
        agreement: model
            .agreement
            .as_deref()
            .map(|json| parse_json(json, model))
            .transpose()?,
        mediator_id: model.mediator_id.map(UserId),
        group_id: model.group_id.map(shared::GroupComplaintId),
        rating: model.rating,
        rating_comment: model.rating_comment.clone(),
        filed_at: model.filed_at,
        accepted_at: model.accepted_at,
        closed_at: model.closed_at,
        version: model.version,
        deadlines: deadlines::views(db, calendar, model.id, now).await?,
        allowed_actions: allowed_actions(model, access, now)?,
    })
}

pub async fn summary(
    db: &impl ConnectionTrait,
    model: &complaints::Model,
) -> ApiResult<ComplaintSummary> {
    let next_due_at = deadlines::running(db, model.id)
        .await?
        .into_iter()
        .filter(|row| row.paused_at.is_none())
        .map(|row| row.due_at)
        .min();
    Ok(ComplaintSummary {
        id: ComplaintId(model.id),
        number: model.number.clone(),
        state: state_of(model)?,
        outcome: outcome_of(model)?,
        business: business_ref(db, model).await?,
        outlet: outlet_ref(db, model).await?,
        category_code: model.category_code.clone(),
        filed_at: model.filed_at,
        next_due_at,
    })
}

async fn consumer_ref(
    db: &impl ConnectionTrait,
    model: &complaints::Model,
) -> ApiResult<PartyRef<UserId>> {
    let name = users::Entity::find_by_id(model.consumer_id)
        .one(db)
        .await?
        .map(|user| user.display_name)
        .unwrap_or_default();
    Ok(PartyRef {
        id: UserId(model.consumer_id),
        name,
    })
}

async fn business_ref(
    db: &impl ConnectionTrait,
    model: &complaints::Model,
) -> ApiResult<PartyRef<BusinessId>> {
    let name = businesses::Entity::find_by_id(model.business_id)
        .one(db)
        .await?
        .map(|business| business.name)
        .unwrap_or_default();
    Ok(PartyRef {
        id: BusinessId(model.business_id),
        name,
    })
}

async fn outlet_ref(
    db: &impl ConnectionTrait,
    model: &complaints::Model,
) -> ApiResult<Option<PartyRef<OutletId>>> {
    let Some(id) = model.outlet_id else {
        return Ok(None);
    };
    let name = outlets::find(db, OutletId(id))
        .await?
        .map(|outlet| outlet.name)
        .unwrap_or_default();
    Ok(Some(PartyRef {
        id: OutletId(id),
        name,
    }))
}

async fn association_ref(
    db: &impl ConnectionTrait,
    model: &complaints::Model,
) -> ApiResult<PartyRef<AssociationId>> {
    let name = associations::Entity::find_by_id(model.association_id)
        .one(db)
        .await?
        .map(|association| association.name)
        .unwrap_or_default();
    Ok(PartyRef {
        id: AssociationId(model.association_id),
        name,
    })
}

fn parse_enum<T: DeserializeOwned>(value: &str, model: &complaints::Model) -> ApiResult<T> {
    serde_json::from_value(serde_json::Value::String(value.to_owned())).map_err(|_| {
        ApiError::internal(anyhow::anyhow!(
            "complaint {} holds an unknown value `{value}`",
            model.number
        ))
    })
}

fn parse_json<T: DeserializeOwned>(json: &str, model: &complaints::Model) -> ApiResult<T> {
    serde_json::from_str(json).map_err(|error| {
        ApiError::internal(anyhow::anyhow!(
            "complaint {} holds unreadable JSON: {error}",
            model.number
        ))
    })
}

/// The wire name of a state or outcome, as stored.
pub fn wire_name<T: serde::Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}
