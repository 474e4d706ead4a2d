//! The public copy of a published complaint (`published_complaints`): a
//! redacted projection of the case, rebuilt from the case itself whenever it
//! changes. Everything it shows comes from the complaint, its timeline and
//! its deadlines, so the copy can always be written again from scratch.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;
use shared::cases::Agreement;
use shared::publication::{BusinessComment, PublicDeadline, PublicReply, PublicationReason, Stage};

use crate::complaints::timeline;
use crate::complaints::view::StoredDemands;
use crate::deadlines::store as deadline_store;
use crate::disclosure::{KnownNames, redact};
use crate::entities::{
    associations, businesses, complaints, deadlines, published_complaints, timeline_entries, users,
};
use crate::error::{ApiError, ApiResult};
use crate::search::segment::document_tokens;

/// Timeline steps that mark a stage of the case on its public page.
const STAGES: [&str; 16] = [
    "filed",
    "accepted",
    "rejected",
    "transferred",
    "info_requested",
    "info_answered",
    "offer_accepted",
    "reconciliation_deadline_missed",
    "agreement_recorded",
    "mediation_ended",
    "mediation_deadline_passed",
    "performance_confirmed",
    "agreement_not_performed",
    "withdrawn",
    "published",
    "info_request_expired",
];

/// The timeline entry in which the business comments publicly.
pub const COMMENT: &str = "public_comment_posted";

/// What the redactor is told about the consumer: their name, and their
/// phone and e-mail, which are removed wherever they appear as typed.
pub struct Consumer {
    pub names: KnownNames,
    literals: Vec<String>,
}

impl Consumer {
    pub async fn of(db: &impl ConnectionTrait, complaint: &complaints::Model) -> ApiResult<Self> {
        Self::of_user(db, complaint.consumer_id).await
    }

    /// What the redactor is told about this consumer.
    pub async fn of_user(db: &impl ConnectionTrait, consumer: uuid::Uuid) -> ApiResult<Self> {
        let user = users::Entity::find_by_id(consumer).one(db).await?;
        let (names, literals) = match user {
            Some(user) => (
                vec![user.display_name],
                [user.phone, user.email].into_iter().flatten().collect(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        Ok(Self {
            names: KnownNames::new(names),
            literals,
        })
    }

    /// The text with the consumer's personal information replaced.
    pub fn redact(&self, text: &str) -> String {
        let mut redacted = redact(text, &self.names).text;
        for literal in self.literals.iter().filter(|l| l.chars().count() >= 5) {
            redacted = redacted.replace(literal.as_str(), "【个人信息】");
        }
        redacted
    }
}

/// The description as it will be published: staff's edit, or the redacted text.
pub fn public_description(complaint: &complaints::Model, consumer: &Consumer) -> String {
    match &complaint.public_description {
        Some(edited) => edited.clone(),
        None => consumer.redact(&complaint.description),
    }
}

/// Writes (or rewrites) the public copy of the complaint.
pub async fn write(
    db: &impl ConnectionTrait,
    complaint: &complaints::Model,
    reason: PublicationReason,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut row = build(db, complaint, reason, now).await?;

    let existing = published_complaints::Entity::find()
        .filter(published_complaints::Column::ComplaintId.eq(complaint.id))
        .one(db)
        .await?;
    match existing {
        Some(existing) => {
            row.id = Set(existing.id);
            row.published_at = Set(existing.published_at);
            published_complaints::Entity::update(row).exec(db).await?;
        }
        None => {
            published_complaints::Entity::insert(row).exec(db).await?;
        }
    }
    Ok(())
}

/// Takes the public copy away.
pub async fn remove(db: &impl ConnectionTrait, complaint: &complaints::Model) -> ApiResult<()> {
    published_complaints::Entity::delete_many()
        .filter(published_complaints::Column::ComplaintId.eq(complaint.id))
        .exec(db)
        .await?;
    Ok(())
}

/// The reason a published complaint was published, from its copy.
pub async fn reason_of(
    db: &impl ConnectionTrait,
    complaint: &complaints::Model,
) -> ApiResult<Option<PublicationReason>> {
    Ok(published_complaints::Entity::find()
        .filter(published_complaints::Column::ComplaintId.eq(complaint.id))
        .one(db)
        .await?
        .and_then(|row| PublicationReason::parse(&row.reason)))
}

async fn build(
    db: &impl ConnectionTrait,
    complaint: &complaints::Model,
    reason: PublicationReason,
    now: DateTime<Utc>,
) -> ApiResult<published_complaints::ActiveModel> {
    let consumer = Consumer::of(db, complaint).await?;
    let business = businesses::Entity::find_by_id(complaint.business_id)
        .one(db)
        .await?
        .ok_or_else(|| missing("business", complaint))?;
    let association = associations::Entity::find_by_id(complaint.association_id)
        .one(db)
        .await?
        .ok_or_else(|| missing("association", complaint))?;
    let entries = timeline::all(db, complaint.id).await?;
    let deadlines = deadlines::Entity::find()
        .filter(deadlines::Column::ComplaintId.eq(complaint.id))
        .order_by_asc(deadlines::Column::StartedAt)
        .all(db)
        .await?;

    let description = public_description(complaint, &consumer);
    let replies = replies(&entries, &consumer);
    let comment = comment(&entries, &consumer);
    let public_deadlines = public_deadlines(&deadlines);
    let tokens = search_text(&description, &business.name, &replies, comment.as_ref());
    let region = &complaint.region_code;

    Ok(published_complaints::ActiveModel {
        id: NotSet,
        complaint_id: Set(complaint.id),
        number: Set(complaint.number.clone()),
        business_id: Set(business.id),
        business_name: Set(business.name),
        association_id: Set(association.id),
        association_name: Set(association.name),
        region_code: Set(region.clone()),
        province_code: Set(province_of(region)),
        city_code: Set(city_of(region)),
        category_code: Set(complaint.category_code.clone()),
        nature_code: Set(complaint.nature_code.clone()),
        demands: Set(public_demands(complaint, &consumer)?),
        description: Set(description),
        replies: Set(json(&replies)?),
        stages: Set(json(&stages(&entries))?),
        deadline_met: Set(deadline_met(&public_deadlines)),
        deadlines: Set(json(&public_deadlines)?),
        state: Set(complaint.state.clone()),
        outcome: Set(complaint.outcome.clone()),
        amount_recovered_fen: Set(recovered(complaint)),
        filed_at: Set(complaint.filed_at),
        accepted_at: Set(complaint.accepted_at),
        closed_at: Set(complaint.closed_at),
        reason: Set(reason.as_str().to_owned()),
        published_at: Set(complaint.published_at.unwrap_or(now)),
        updated_at: Set(now),
        business_comment: Set(comment.as_ref().map(|c| c.text.clone())),
        business_comment_at: Set(comment.map(|c| c.at)),
        search_tokens: Set(tokens),
    })
}

fn missing(what: &str, complaint: &complaints::Model) -> ApiError {
    ApiError::internal(anyhow::anyhow!(
        "the {what} of complaint {} is missing",
        complaint.number
    ))
}

/// The demands as stored, with the one described in words redacted.
fn public_demands(complaint: &complaints::Model, consumer: &Consumer) -> ApiResult<String> {
    let mut stored: StoredDemands = serde_json::from_str(&complaint.demands).map_err(|error| {
        ApiError::internal(anyhow::anyhow!(
            "complaint {} holds unreadable demands: {error}",
            complaint.number
        ))
    })?;
    stored.other = stored.other.map(|other| consumer.redact(&other));
    json(&stored)
}

/// `440305` lies in the province `440000` and the city `440300`.
pub fn province_of(region: &str) -> String {
    format!("{:0<6}", region.get(..2).unwrap_or(region))
}

pub fn city_of(region: &str) -> String {
    format!("{:0<6}", region.get(..4).unwrap_or(region))
}

fn stages(entries: &[timeline_entries::Model]) -> Vec<Stage> {
    entries
        .iter()
        .filter(|entry| STAGES.contains(&entry.kind.as_str()))
        .map(|entry| Stage {
            step: entry.kind.clone(),
            at: entry.created_at,
        })
        .collect()
}

/// The business's offers and its messages to the consumer, redacted.
fn replies(entries: &[timeline_entries::Model], consumer: &Consumer) -> Vec<PublicReply> {
    let text_of = |entry: &timeline_entries::Model, key: &str| -> Option<String> {
        let payload: Value = serde_json::from_str(&entry.payload).ok()?;
        payload.get(key)?.as_str().map(str::to_owned)
    };
    entries
        .iter()
        .filter(|entry| entry.actor_role == "business" && entry.visibility == "parties")
        .filter_map(|entry| {
            let (kind, text) = match entry.kind.as_str() {
                "offer_made" => ("offer", text_of(entry, "terms")?),
                "message" => ("message", text_of(entry, "body")?),
                _ => return None,
            };
            Some(PublicReply {
                kind: kind.to_owned(),
                text: consumer.redact(&text),
                at: entry.created_at,
            })
        })
        .collect()
}

fn comment(entries: &[timeline_entries::Model], consumer: &Consumer) -> Option<BusinessComment> {
    let entry = entries.iter().rev().find(|entry| entry.kind == COMMENT)?;
    let payload: Value = serde_json::from_str(&entry.payload).ok()?;
    Some(BusinessComment {
        text: consumer.redact(payload.get("text")?.as_str()?),
        at: entry.created_at,
    })
}

fn public_deadlines(rows: &[deadlines::Model]) -> Vec<PublicDeadline> {
    rows.iter()
        .filter(|row| row.status != deadline_store::CANCELLED)
        .filter_map(|row| {
            let kind = serde_json::from_value(Value::String(row.kind.clone())).ok()?;
            Some(PublicDeadline {
                kind,
                due_at: row.due_at,
                status: row.status.clone(),
            })
        })
        .collect()
}

fn deadline_met(deadlines: &[PublicDeadline]) -> Option<bool> {
    if deadlines.iter().any(|d| d.status == deadline_store::MISSED) {
        Some(false)
    } else if deadlines.iter().any(|d| d.status == deadline_store::MET) {
        Some(true)
    } else {
        None
    }
}

/// What the consumer got back: the agreed amount, once carried out.
fn recovered(complaint: &complaints::Model) -> Option<i64> {
    if complaint.outcome.as_deref() != Some("resolved") {
        return None;
    }
    let agreement: Agreement = serde_json::from_str(complaint.agreement.as_deref()?).ok()?;
    agreement.amount_fen
}

fn search_text(
    description: &str,
    business: &str,
    replies: &[PublicReply],
    comment: Option<&BusinessComment>,
) -> String {
    let mut text = format!("{description}\n{business}");
    for reply in replies {
        text.push('\n');
        text.push_str(&reply.text);
    }
    if let Some(comment) = comment {
        text.push('\n');
        text.push_str(&comment.text);
    }
    document_tokens(&text)
}

fn json(value: &impl serde::Serialize) -> ApiResult<String> {
    serde_json::to_string(value).map_err(ApiError::internal)
}
