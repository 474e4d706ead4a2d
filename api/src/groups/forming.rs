//! Finding and forming group complaints: similar cases for intake staff,
//! proposed groups, confirming a group, and joining one.

use actix_web::{HttpResponse, get, post, web};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::accounts::UserKind;
use shared::groups::{
    CreateGroupComplaintRequest, GroupComplaint, GroupProposal, GroupProposalQuery, GroupSummary,
    JoinGroupRequest, SimilarComplaint,
};
use shared::validation::free_text;
use shared::{AssociationId, ComplaintId, GroupComplaintId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::complaints::access::{self, Side};
use crate::complaints::routes::visible as visible_complaint;
use crate::complaints::store as complaint_store;
use crate::entities::{complaints, group_complaints};
use crate::error::{ApiError, ApiResult, Fields};
use crate::groups::membership::{Joiner, enter, fits};
use crate::groups::similar::{self, DEFAULT_GROUP_SIZE};
use crate::groups::store::{self, Viewer};
use crate::http::{Json, Query};
use crate::i18n::Text;
use crate::notifications::{Notice, notify};
use crate::policy::{Action, authorize};
use crate::state::AppState;

/// Complaints one group may be confirmed with, at most.
const MAX_MEMBERS: usize = 200;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(similar_complaints)
        .service(group_proposals)
        .service(list_groups)
        .service(joinable_groups)
        .service(create_group)
        .service(get_group)
        .service(join_group);
}

/// Complaints like this one (association staff): against the same
/// business, handled by the same association, filed within 30 days of it,
/// with similar text (MinHash estimate of the word sets' Jaccard similarity
/// of at least 0.3), most similar first, at most 20.
#[utoipa::path(
    tag = "group complaints",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The similar complaints", body = Vec<SimilarComplaint>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the handling association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/{complaint_id}/similar")]
async fn similar_complaints(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<web::Json<Vec<SimilarComplaint>>> {
    let (complaint, access) = visible_complaint(&state, &principal, *id).await?;
    if access.side != Side::Association {
        return Err(ApiError::forbidden());
    }

    Ok(web::Json(similar::similar_to(&state.db, &complaint).await?))
}

/// Proposed group complaints (the association's staff): open complaints
/// filed in the last 30 days, in no group yet, that fall into clusters of at
/// least `min_size` (5 by default) similar complaints against one business.
/// Biggest first. Staff confirm one with `POST /group-complaints`.
#[utoipa::path(
    tag = "group complaints",
    security(("bearer" = [])),
    params(("association_id" = AssociationId, Path), GroupProposalQuery),
    responses(
        (status = 200, description = "The proposals", body = Vec<GroupProposal>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this association", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`min_size` outside 2 to 50", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/associations/{association_id}/group-proposals")]
async fn group_proposals(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AssociationId>,
    query: Query<GroupProposalQuery>,
) -> ApiResult<web::Json<Vec<GroupProposal>>> {
    authorize(&principal, Action::FindGroupComplaints(*id))?;
    let min_size = check_min_size(query.min_size)?;

    let now = state.clock.now();
    Ok(web::Json(
        similar::proposals(&state.db, id.0, now, min_size).await?,
    ))
}

/// The association's confirmed group complaints, newest first (its staff).
#[utoipa::path(
    tag = "group complaints",
    security(("bearer" = [])),
    params(("association_id" = AssociationId, Path)),
    responses(
        (status = 200, description = "The group complaints", body = Vec<GroupSummary>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this association", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/associations/{association_id}/group-complaints")]
async fn list_groups(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AssociationId>,
) -> ApiResult<web::Json<Vec<GroupSummary>>> {
    authorize(&principal, Action::FindGroupComplaints(*id))?;

    let groups = group_complaints::Entity::find()
        .filter(group_complaints::Column::AssociationId.eq(id.0))
        .order_by_desc(group_complaints::Column::CreatedAt)
        .all(&state.db)
        .await?;
    Ok(web::Json(store::summaries(&state.db, groups).await?))
}

/// The group complaints this complaint could join or belongs to: those
/// against its business at its association. For its consumer and the
/// association's staff.
#[utoipa::path(
    tag = "group complaints",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The group complaints, newest first", body = Vec<GroupSummary>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The business's side: it sees its groups through their cases", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/{complaint_id}/group-complaints")]
async fn joinable_groups(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<web::Json<Vec<GroupSummary>>> {
    let (complaint, access) = visible_complaint(&state, &principal, *id).await?;
    if access.side == Side::Business {
        return Err(ApiError::forbidden());
    }

    let groups = group_complaints::Entity::find()
        .filter(group_complaints::Column::BusinessId.eq(complaint.business_id))
        .filter(group_complaints::Column::AssociationId.eq(complaint.association_id))
        .order_by_desc(group_complaints::Column::CreatedAt)
        .all(&state.db)
        .await?;
    Ok(web::Json(store::summaries(&state.db, groups).await?))
}

/// Confirm a group complaint (集体投诉) from open complaints of the
/// caller's association against one business (its intake officers and
/// admins). Each complaint keeps its own demands and state; its timeline
/// records the joining and its consumer is told.
#[utoipa::path(
    tag = "group complaints",
    security(("bearer" = [])),
    request_body(content = CreateGroupComplaintRequest, example = json!({"title": "某健身房闭店预付卡退款", "cause": "健身房突然闭店，会员预付卡余额无法退还。", "complaint_ids": ["0192f0c4-3333-7000-8000-000000000003", "0192f0c4-4444-7000-8000-000000000004"]})),
    responses(
        (status = 201, description = "The group complaint", body = GroupComplaint),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an intake officer or admin of an association", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A complaint is closed, or in another group already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid title or cause; `complaint_ids` with fewer than two or over 200 complaints, unknown ones, or complaints against different businesses or of another association", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/group-complaints")]
async fn create_group(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateGroupComplaintRequest>,
) -> ApiResult<HttpResponse> {
    authorize_former(&principal)?;
    let body = body.into_inner()?;
    let (title, cause) = check_request(&body)?;
    let members = load_members(&state, &principal, &body.complaint_ids).await?;
    let first = &members[0];
    authorize(
        &principal,
        Action::FormGroupComplaints(AssociationId(first.association_id)),
    )?;

    let now = state.clock.now();
    let group = group_complaints::Model {
        id: Uuid::now_v7(),
        association_id: first.association_id,
        business_id: first.business_id,
        title,
        cause,
        mediator_id: None,
        created_by: principal.user_id.0,
        created_at: now,
    };
    for member in &members {
        fits(member, &group)?;
    }
    let txn = state.writer.begin().await?;
    group_complaints::Entity::insert(inserted(&group))
        .exec(&txn)
        .await?;
    let joiner = Joiner {
        id: principal.user_id.0,
        role: "intake",
    };
    let mut consumers = Vec::new();
    for member in &members {
        let locked = complaint_store::lock(&txn, member.id)
            .await?
            .ok_or_else(access::not_found)?;
        let joined = enter(&txn, locked, &group, joiner, now).await?;
        tell_consumer(&txn, &joined, &group, now).await?;
        consumers.push(joined.consumer_id);
    }
    txn.commit().await?;
    state.events.wake(&consumers);
    tracing::info!(group = %group.id, members = members.len(), by = %principal.user_id, "group complaint confirmed");

    let view = store::view(&state.db, group, Viewer::Association).await?;
    Ok(HttpResponse::Created().json(view))
}

/// One group complaint. Staff of its association see every member, the
/// business the members it was given, a consumer with a complaint against
/// the business at that association only their own.
#[utoipa::path(
    tag = "group complaints",
    security(("bearer" = [])),
    params(("group_id" = GroupComplaintId, Path)),
    responses(
        (status = 200, description = "The group complaint", body = GroupComplaint),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such group complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/group-complaints/{group_id}")]
async fn get_group(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<GroupComplaintId>,
) -> ApiResult<web::Json<GroupComplaint>> {
    let (group, viewer) = store::visible(&state.db, &principal, *id).await?;

    Ok(web::Json(store::view(&state.db, group, viewer).await?))
}

/// Add a complaint to the group: a consumer their own complaint against the
/// group's business, or the association's intake officers and admins any
/// such open complaint. The complaint keeps its own demands.
#[utoipa::path(
    tag = "group complaints",
    security(("bearer" = [])),
    params(("group_id" = GroupComplaintId, Path)),
    request_body(content = JoinGroupRequest, example = json!({"complaint_id": "0192f0c4-5555-7000-8000-000000000005"})),
    responses(
        (status = 200, description = "The group complaint with the new member", body = GroupComplaint),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The business, or staff who are not intake officers or admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such group complaint or complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The complaint is closed, or in a group already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`other_business`: the complaint is not against the group's business at its association", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/group-complaints/{group_id}/members")]
async fn join_group(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<GroupComplaintId>,
    body: Json<JoinGroupRequest>,
) -> ApiResult<web::Json<GroupComplaint>> {
    let (group, viewer) = store::visible(&state.db, &principal, *id).await?;
    let joiner = joiner(&principal, &group, viewer)?;
    let complaint_id = body.into_inner()?.complaint_id;
    let (complaint, _) = visible_complaint(&state, &principal, complaint_id).await?;
    if let Viewer::Consumer(consumer) = viewer
        && complaint.consumer_id != consumer
    {
        return Err(access::not_found());
    }

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let locked = complaint_store::lock(&txn, complaint.id)
        .await?
        .ok_or_else(access::not_found)?;
    let joined = enter(&txn, locked, &group, joiner, now).await?;
    if joiner.role != "consumer" {
        tell_consumer(&txn, &joined, &group, now).await?;
    }
    txn.commit().await?;
    state.events.wake(&[joined.consumer_id]);
    tracing::info!(group = %group.id, complaint = %joined.number, by = %principal.user_id, "complaint joined group");

    Ok(web::Json(store::view(&state.db, group, viewer).await?))
}

/// Staff who may form groups at all: intake officers and admins of some
/// association, and platform admins. Which association is checked once the
/// complaints are known.
fn authorize_former(principal: &Principal) -> ApiResult<()> {
    let association = match (principal.kind, principal.association_id) {
        (UserKind::Staff, Some(association)) => association,
        (UserKind::PlatformAdmin, _) => return Ok(()),
        _ => AssociationId(Uuid::nil()),
    };
    authorize(principal, Action::FormGroupComplaints(association))
}

fn joiner(
    principal: &Principal,
    group: &group_complaints::Model,
    viewer: Viewer,
) -> ApiResult<Joiner> {
    let role = match viewer {
        Viewer::Consumer(_) => "consumer",
        Viewer::Association => {
            authorize(
                principal,
                Action::FormGroupComplaints(AssociationId(group.association_id)),
            )?;
            "intake"
        }
        Viewer::Business => return Err(ApiError::forbidden()),
    };
    Ok(Joiner {
        id: principal.user_id.0,
        role,
    })
}

fn inserted(group: &group_complaints::Model) -> group_complaints::ActiveModel {
    group_complaints::ActiveModel {
        id: Set(group.id),
        association_id: Set(group.association_id),
        business_id: Set(group.business_id),
        title: Set(group.title.clone()),
        cause: Set(group.cause.clone()),
        mediator_id: Set(group.mediator_id),
        created_by: Set(group.created_by),
        created_at: Set(group.created_at),
    }
}

fn check_request(body: &CreateGroupComplaintRequest) -> ApiResult<(String, String)> {
    let mut fields = Fields::default();
    let title = fields.check(
        "title",
        free_text(&body.title, 2, 100),
        Text::new(
            "名称为 2 到 100 个字，例如“某健身房闭店预付卡退款”。",
            "The title is 2 to 100 characters, for example \"Gym closure: prepaid cards\".",
        ),
    );
    let cause = fields.check(
        "cause",
        free_text(&body.cause, 1, 2000),
        Text::new(
            "共同原因为 1 到 2000 个字。",
            "The common cause is 1 to 2,000 characters.",
        ),
    );
    let mut distinct = body.complaint_ids.clone();
    distinct.sort();
    distinct.dedup();
    if distinct.len() < 2 || distinct.len() > MAX_MEMBERS {
        fields.push(
            "complaint_ids",
            "invalid_count",
            Text::new(
                "集体投诉由 2 到 200 件不同的投诉组成。",
                "A group complaint holds 2 to 200 different complaints.",
            ),
        );
    }
    fields.finish()?;
    Ok((title.unwrap_or_default(), cause.unwrap_or_default()))
}

/// The named complaints, each one the caller may see as staff of its
/// association, all of one association and against one business.
async fn load_members(
    state: &AppState,
    principal: &Principal,
    ids: &[ComplaintId],
) -> ApiResult<Vec<complaints::Model>> {
    let mut wanted: Vec<Uuid> = ids.iter().map(|id| id.0).collect();
    wanted.sort();
    wanted.dedup();
    let found = complaints::Entity::find()
        .filter(complaints::Column::Id.is_in(wanted.clone()))
        .order_by_asc(complaints::Column::FiledAt)
        .all(&state.db)
        .await?;
    let own = |c: &complaints::Model| match principal.kind {
        UserKind::PlatformAdmin => true,
        _ => principal.association_id == Some(AssociationId(c.association_id)),
    };
    if found.len() != wanted.len() || !found.iter().all(own) {
        return Err(ApiError::field(
            "complaint_ids",
            "unknown_complaint",
            Text::new(
                "有的投诉不存在或不由本协会处理；请只选择本协会处理的投诉。",
                "Some complaints do not exist or are not handled by your association; choose only your association's complaints.",
            ),
        ));
    }
    let first = &found[0];
    let one_cause = found
        .iter()
        .all(|c| c.business_id == first.business_id && c.association_id == first.association_id);
    if !one_cause {
        return Err(ApiError::field(
            "complaint_ids",
            "mixed_businesses",
            Text::new(
                "集体投诉的所有投诉须针对同一经营者、由同一协会处理。",
                "All complaints of a group must be against the same business and handled by the same association.",
            ),
        ));
    }
    Ok(found)
}

fn check_min_size(min_size: Option<u32>) -> ApiResult<usize> {
    match min_size {
        None => Ok(DEFAULT_GROUP_SIZE),
        Some(size @ 2..=50) => Ok(size as usize),
        Some(_) => Err(ApiError::field(
            "min_size",
            "out_of_range",
            Text::new(
                "min_size 为 2 到 50 之间的整数。",
                "min_size is a whole number from 2 to 50.",
            ),
        )),
    }
}

async fn tell_consumer(
    txn: &sea_orm::DatabaseTransaction,
    complaint: &complaints::Model,
    group: &group_complaints::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    let notice = Notice {
        complaint_id: Some(complaint.id),
        kind: "joined_group",
        title: Text::new(
            format!(
                "您的投诉 {} 已并入集体投诉“{}”，将与同类投诉一并处理；您的诉求不变，和解方案仍由您自己决定是否接受。",
                complaint.number, group.title
            ),
            format!(
                "Your complaint {} joined the group complaint \"{}\" and is handled with the others; your demands stay yours, and you decide on any offer yourself.",
                complaint.number, group.title
            ),
        ),
    };
    notify(txn, &[complaint.consumer_id], &notice, now).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proposal_size_defaults_to_five_and_stays_within_bounds() {
        assert_eq!(check_min_size(None).unwrap(), 5);
        assert_eq!(check_min_size(Some(2)).unwrap(), 2);
        assert!(check_min_size(Some(1)).is_err());
        assert!(check_min_size(Some(51)).is_err());
    }
}
