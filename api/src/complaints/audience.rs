//! Who hears about a change to a case.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use shared::accounts::{StaffRole, UserKind};
use uuid::Uuid;

use crate::entities::{complaints, staff_roles, users};
use crate::error::ApiResult;

/// The groups of people a change concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Consumer,
    /// The business's handlers (only once the case is accepted).
    Business,
    /// Intake officers and admins of the handling association.
    Intake,
    /// The assigned mediator, or every mediator of the association when none is.
    Mediator,
}

/// The user ids of everyone in the audiences, for `notify`.
pub async fn members(
    db: &impl ConnectionTrait,
    complaint: &complaints::Model,
    audiences: &[Audience],
) -> ApiResult<Vec<Uuid>> {
    let mut ids = Vec::new();
    for audience in audiences {
        match audience {
            Audience::Consumer => ids.push(complaint.consumer_id),
            Audience::Business if complaint.accepted_at.is_some() => {
                ids.extend(business_users(db, complaint.business_id).await?);
            }
            Audience::Business => {}
            Audience::Intake => ids.extend(intake(db, complaint.association_id).await?),
            Audience::Mediator => match complaint.mediator_id {
                Some(mediator) => ids.push(mediator),
                None => ids.extend(
                    staff_with(db, complaint.association_id, &[StaffRole::Mediator]).await?,
                ),
            },
        }
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// The association's intake officers and admins.
pub async fn intake(db: &impl ConnectionTrait, association_id: Uuid) -> ApiResult<Vec<Uuid>> {
    staff_with(
        db,
        association_id,
        &[StaffRole::IntakeOfficer, StaffRole::AssociationAdmin],
    )
    .await
}

pub async fn business_users(db: &impl ConnectionTrait, business_id: Uuid) -> ApiResult<Vec<Uuid>> {
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::BusinessId.eq(business_id))
        .filter(users::Column::Kind.eq(UserKind::Business.as_str()))
        .filter(users::Column::Active.eq(true))
        .into_tuple::<Uuid>()
        .all(db)
        .await?)
}

/// Active staff of the association holding any of the roles.
pub async fn staff_with(
    db: &impl ConnectionTrait,
    association_id: Uuid,
    roles: &[StaffRole],
) -> ApiResult<Vec<Uuid>> {
    let staff: Vec<Uuid> = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::AssociationId.eq(association_id))
        .filter(users::Column::Kind.eq(UserKind::Staff.as_str()))
        .filter(users::Column::Active.eq(true))
        .into_tuple::<Uuid>()
        .all(db)
        .await?;
    if staff.is_empty() {
        return Ok(staff);
    }
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    let mut holders: Vec<Uuid> = staff_roles::Entity::find()
        .select_only()
        .column(staff_roles::Column::UserId)
        .filter(staff_roles::Column::UserId.is_in(staff))
        .filter(staff_roles::Column::Role.is_in(names))
        .into_tuple::<Uuid>()
        .all(db)
        .await?;
    holders.sort();
    holders.dedup();
    Ok(holders)
}

/// How many cases are in mediation with this mediator now.
pub async fn mediation_load(db: &impl ConnectionTrait, mediator: Uuid) -> ApiResult<u64> {
    Ok(complaints::Entity::find()
        .filter(complaints::Column::MediatorId.eq(mediator))
        .filter(complaints::Column::State.eq("mediating"))
        .count(db)
        .await?)
}

/// The association's mediator with the fewest cases in mediation, if it has any.
pub async fn least_busy_mediator(
    db: &impl ConnectionTrait,
    association_id: Uuid,
) -> ApiResult<Option<Uuid>> {
    let mediators = staff_with(db, association_id, &[StaffRole::Mediator]).await?;
    let mut best: Option<(u64, Uuid)> = None;
    for mediator in mediators {
        let load = mediation_load(db, mediator).await?;
        if best.is_none_or(|(fewest, _)| load < fewest) {
            best = Some((load, mediator));
        }
    }
    Ok(best.map(|(_, mediator)| mediator))
}
