//! Reading group complaints, who may see them, and how each caller sees
//! one: staff every member, the business the cases it was given, a
//! consumer only their own.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use shared::accounts::UserKind;
use shared::businesses::ApiScope;
use shared::cases::PartyRef;
use shared::groups::{GroupComplaint, GroupMember, GroupSummary};
use shared::{AssociationId, BusinessId, GroupComplaintId, UserId};
use uuid::Uuid;

use crate::auth::Principal;
use crate::complaints::view::{outcome_of, state_of};
use crate::entities::{associations, businesses, complaints, group_complaints};
use crate::error::{ApiError, ApiResult};

/// How the caller stands towards a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer {
    /// Staff of its association, or a platform admin.
    Association,
    /// The business complained about.
    Business,
    /// A consumer with a complaint against the business at the association.
    Consumer(Uuid),
}

pub fn not_found() -> ApiError {
    ApiError::not_found("集体投诉", "group complaint")
}

/// The group and how the caller sees it, or 404 for a caller who has no
/// business with it.
pub async fn visible(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: GroupComplaintId,
) -> ApiResult<(group_complaints::Model, Viewer)> {
    let group = group_complaints::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let viewer = viewer(db, principal, &group).await?.ok_or_else(not_found)?;
    Ok((group, viewer))
}

async fn viewer(
    db: &impl ConnectionTrait,
    principal: &Principal,
    group: &group_complaints::Model,
) -> ApiResult<Option<Viewer>> {
    let viewer = match principal.kind {
        UserKind::PlatformAdmin => Some(Viewer::Association),
        UserKind::Staff => (principal.association_id == Some(AssociationId(group.association_id)))
            .then_some(Viewer::Association),
        UserKind::Business => (principal.business_id == Some(BusinessId(group.business_id))
            && principal.may(ApiScope::ReadCases))
        .then_some(Viewer::Business),
        UserKind::Consumer => {
            let complaints = complaints::Entity::find()
                .filter(complaints::Column::ConsumerId.eq(principal.user_id.0))
                .filter(complaints::Column::BusinessId.eq(group.business_id))
                .filter(complaints::Column::AssociationId.eq(group.association_id))
                .count(db)
                .await?;
            (complaints > 0).then_some(Viewer::Consumer(principal.user_id.0))
        }
    };
    Ok(viewer)
}

/// The group as this viewer sees it.
pub async fn view(
    db: &impl ConnectionTrait,
    group: group_complaints::Model,
    viewer: Viewer,
) -> ApiResult<GroupComplaint> {
    let all = members_of(db, group.id).await?;
    let member_count = all.len() as u64;
    let mut members = Vec::new();
    for complaint in all.iter().filter(|c| shown_to(c, viewer)) {
        members.push(member(complaint)?);
    }

    Ok(GroupComplaint {
        id: GroupComplaintId(group.id),
        association: association_ref(db, group.association_id).await?,
        business: business_ref(db, group.business_id).await?,
        title: group.title,
        cause: group.cause,
        mediator_id: group.mediator_id.map(UserId),
        created_at: group.created_at,
        member_count,
        members,
    })
}

/// The group in a list, without its members.
pub async fn summary(
    db: &impl ConnectionTrait,
    group: group_complaints::Model,
) -> ApiResult<GroupSummary> {
    let member_count = complaints::Entity::find()
        .filter(complaints::Column::GroupId.eq(group.id))
        .count(db)
        .await?;
    Ok(GroupSummary {
        id: GroupComplaintId(group.id),
        business: business_ref(db, group.business_id).await?,
        title: group.title,
        cause: group.cause,
        member_count,
        created_at: group.created_at,
    })
}

/// Each group in a list, without its members.
pub async fn summaries(
    db: &impl ConnectionTrait,
    groups: Vec<group_complaints::Model>,
) -> ApiResult<Vec<GroupSummary>> {
    let mut summaries = Vec::with_capacity(groups.len());
    for group in groups {
        summaries.push(summary(db, group).await?);
    }
    Ok(summaries)
}

/// The group's complaints, oldest first.
pub async fn members_of(
    db: &impl ConnectionTrait,
    group_id: Uuid,
) -> ApiResult<Vec<complaints::Model>> {
    Ok(complaints::Entity::find()
        .filter(complaints::Column::GroupId.eq(group_id))
        .order_by_asc(complaints::Column::FiledAt)
        .all(db)
        .await?)
}

/// A business sees the cases it was given (accepted ones); a consumer
/// their own.
pub fn shown_to(complaint: &complaints::Model, viewer: Viewer) -> bool {
    match viewer {
        Viewer::Association => true,
        Viewer::Business => complaint.accepted_at.is_some(),
        Viewer::Consumer(consumer) => complaint.consumer_id == consumer,
    }
}

fn member(complaint: &complaints::Model) -> ApiResult<GroupMember> {
    Ok(GroupMember {
        complaint_id: shared::ComplaintId(complaint.id),
        number: complaint.number.clone(),
        state: state_of(complaint)?,
        outcome: outcome_of(complaint)?,
        offer_pending: complaint.pending_offer.is_some(),
        filed_at: complaint.filed_at,
    })
}

async fn association_ref(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<PartyRef<AssociationId>> {
    let name = associations::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    Ok(PartyRef {
        id: AssociationId(id),
        name,
    })
}

async fn business_ref(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<PartyRef<BusinessId>> {
    let name = businesses::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|b| b.name)
        .unwrap_or_default();
    Ok(PartyRef {
        id: BusinessId(id),
        name,
    })
}
