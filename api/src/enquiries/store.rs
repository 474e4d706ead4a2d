//! Reading enquiries: who sees which, and how they look on the wire. A
//! caller who may not see an enquiry gets 404, as if it did not exist.

use sea_orm::{ConnectionTrait, EntityTrait};
use shared::accounts::UserKind;
use shared::enquiries::{Enquiry, EnquiryState};
use shared::{AssociationId, ComplaintId, EnquiryId, UserId};

use crate::auth::Principal;
use crate::entities::{associations, enquiries, published_questions, users};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::policy::{Action, allows};

pub fn not_found() -> ApiError {
    ApiError::not_found("咨询", "enquiry")
}

/// True when the caller may read the enquiry: its consumer, the staff of
/// the association it was routed to, and platform admins.
pub fn sees(principal: &Principal, enquiry: &enquiries::Model) -> bool {
    match principal.kind {
        UserKind::Consumer => principal.user_id.0 == enquiry.consumer_id,
        UserKind::Staff | UserKind::PlatformAdmin => allows(
            principal,
            Action::HandleEnquiry(AssociationId(enquiry.association_id)),
        ),
        UserKind::Business => false,
    }
}

/// The enquiry, if the caller may read it; 404 otherwise.
pub async fn visible(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: EnquiryId,
) -> ApiResult<enquiries::Model> {
    enquiries::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|enquiry| sees(principal, enquiry))
        .ok_or_else(not_found)
}

/// The enquiry, locked for a change in `txn`, if the caller may read it.
pub async fn locked(
    txn: &sea_orm::DatabaseTransaction,
    principal: &Principal,
    id: EnquiryId,
) -> ApiResult<enquiries::Model> {
    crate::db::for_update(enquiries::Entity::find_by_id(id.0), txn)
        .one(txn)
        .await?
        .filter(|enquiry| sees(principal, enquiry))
        .ok_or_else(not_found)
}

/// The enquiry's state as stored.
pub fn state(enquiry: &enquiries::Model) -> ApiResult<EnquiryState> {
    EnquiryState::parse(&enquiry.state).ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!(
            "enquiry {} has the unknown state {:?}",
            enquiry.id,
            enquiry.state
        ))
    })
}

/// The 409 for acting on an enquiry that was already turned into a complaint.
pub fn already_converted() -> ApiError {
    ApiError::conflict(Text::new(
        "这条咨询已转为投诉，请在投诉中继续处理。",
        "This enquiry became a complaint; carry on in the complaint.",
    ))
}

/// The enquiry as the wire shows it.
pub async fn view(db: &impl ConnectionTrait, enquiry: enquiries::Model) -> ApiResult<Enquiry> {
    let association = associations::Entity::find_by_id(enquiry.association_id)
        .one(db)
        .await?;
    let consumer = users::Entity::find_by_id(enquiry.consumer_id)
        .one(db)
        .await?;
    let published = crate::enquiries::questions::copy_of(db, enquiry.id).await?;
    wire(enquiry, association, consumer, published.as_ref())
}

/// Many enquiries as the wire shows them.
pub async fn views(
    db: &impl ConnectionTrait,
    rows: Vec<enquiries::Model>,
) -> ApiResult<Vec<Enquiry>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(view(db, row).await?);
    }
    Ok(out)
}

fn wire(
    enquiry: enquiries::Model,
    association: Option<associations::Model>,
    consumer: Option<users::Model>,
    published: Option<&published_questions::Model>,
) -> ApiResult<Enquiry> {
    Ok(Enquiry {
        state: state(&enquiry)?,
        id: EnquiryId(enquiry.id),
        consumer_id: UserId(enquiry.consumer_id),
        consumer_name: consumer.map(|c| c.display_name).unwrap_or_default(),
        association_id: AssociationId(enquiry.association_id),
        association_name: association.map(|a| a.name).unwrap_or_default(),
        region_code: enquiry.region_code,
        question: enquiry.question,
        consent_to_publish: enquiry.consent_to_publish,
        answer: enquiry.answer,
        answered_at: enquiry.answered_at,
        complaint_id: enquiry.complaint_id.map(ComplaintId),
        published_question_id: published.map(|p| p.id),
        asked_at: enquiry.asked_at,
        updated_at: enquiry.updated_at,
    })
}
