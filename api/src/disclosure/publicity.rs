//! Case publicity (个案公示): the association handling a business's cases
//! lists the business publicly when it refused to cooperate with mediation
//! or did not carry out an agreement, naming the cases by their numbers.
//! After the business puts things right the listing is lifted; it stays on
//! the public record with both dates and both statements.
//!
//! Listing and lifting each add an entry to the timeline of every case
//! named, and tell the business's users. The public reads under
//! `/public/` show no consumer's data: statements are published as written,
//! so one that holds personal information is refused (like staff's edits of
//! a public text), and the public view redacts them once more in case the
//! redactor has learnt something since they were written.

mod cases;
mod view;

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect, QueryTrait,
};
use serde_json::json;
use shared::cases::Visibility;
use shared::publicity::{
    CasePublicityEntry, CasePublicityQuery, CasePublicityRequest, LiftingRequest, PublicityGround,
};
use shared::validation::free_text;
use shared::{BusinessId, CasePublicityId, Page, PageQuery, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::businesses::registry;
use crate::complaints::{audience, timeline};
use crate::disclosure::{KnownNames, personal};
use crate::entities::{
    businesses, case_publicity as listings, case_publicity_cases, complaints, users,
};
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::{Json, Query};
use crate::i18n::Text;
use crate::notifications::{Notice, notify};
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub use view::for_business;

/// The longest statement, listing or lifting.
const STATEMENT_MAX: usize = 500;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(list_for_publicity)
        .service(lift_listing)
        .service(public_listings)
        .service(business_listings);
}

/// List a business for case publicity (个案公示).
///
/// For refusing to cooperate with mediation (`refused_mediation`: each case
/// is in mediation, or closed after mediation that the business refused or
/// that failed) or for not carrying out an agreement
/// (`agreement_not_performed`: each case is closed `not_performed`). Every
/// case is a complaint against this business handled by the association
/// serving its region. Its admins and mediators may do this, and platform
/// admins. Each case's timeline records it and the business's users are told.
#[utoipa::path(
    tag = "disclosure",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    request_body(content = CasePublicityRequest, example = json!({"ground": "refused_mediation", "statement": "该经营者经本会两次通知，拒不参加调解。", "complaint_ids": ["0190b0b0-0000-7000-8000-000000000001"]})),
    responses(
        (status = 201, description = "The listing, as the public sees it", body = CasePublicityEntry),
        (status = 403, description = "Not an admin or mediator of the association serving the business, nor a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The record was merged into another business", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A statement empty or over 500 characters, or holding personal information (`personal_information`: a consumer's name, a phone number…; write a placeholder such as 【姓名】 instead); no case, more than 100, or a case named twice; a case that does not exist, is against another business, is handled by another association, is not in the state the ground requires or is listed on this ground already (each named as `complaint_ids[i]`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/businesses/{business_id}/case-publicity")]
async fn list_for_publicity(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
    body: Json<CasePublicityRequest>,
) -> ApiResult<HttpResponse> {
    let (business, association) =
        registry::authorize_serving(&state.db, &principal, *id, Action::PublishCasePublicity)
            .await?;
    let body = body.into_inner()?;
    let mut fields = Fields::default();
    let statement = check_statement(&mut fields, &body.statement);

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let request = cases::Request {
        business: &business,
        association: association.0,
        ground: body.ground,
        ids: &body.complaint_ids,
    };
    let concerned = cases::check(&txn, &mut fields, &request).await?;
    let case_ids: Vec<Uuid> = concerned.iter().map(|case| case.id).collect();
    refuse_personal_information(&txn, &mut fields, statement.as_deref(), &case_ids).await?;
    fields.finish()?;
    let statement = statement.ok_or_else(|| missing("statement"))?;
    let listing = insert(&txn, &request, &statement, &principal, now).await?;
    for case in &concerned {
        timeline::append(&txn, case.id, listed_entry(&principal, &listing), now).await?;
    }
    let notice = listed_notice(&business, body.ground, &statement);
    let recipients = tell_business(&txn, business.id, notice, now).await?;
    txn.commit().await?;

    state.events.wake(&recipients);
    tracing::info!(listing_id = %listing.id, business_id = %business.id, ground = body.ground.as_str(), cases = concerned.len(), by = %principal.user_id, "business listed for case publicity");
    let entry = view::present(&state.db, listing).await?;
    Ok(HttpResponse::Created().json(entry))
}

/// Lift a listing after the business put things right, with a statement.
///
/// The listing stays public with its history: when and why it was listed,
/// when and why it was lifted. Each case's timeline records the lifting and
/// the business's users are told. The admins and mediators of the listing
/// association may do this, and platform admins.
#[utoipa::path(
    tag = "disclosure",
    security(("bearer" = [])),
    params(("listing_id" = CasePublicityId, Path)),
    request_body(content = LiftingRequest, example = json!({"statement": "该经营者已履行调解协议并完成整改。"})),
    responses(
        (status = 200, description = "The listing, lifted", body = CasePublicityEntry),
        (status = 403, description = "Not an admin or mediator of the listing association, nor a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such listing", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The listing was lifted already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A statement empty or over 500 characters, or holding personal information (`personal_information`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/case-publicity/{listing_id}/lifting")]
async fn lift_listing(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<CasePublicityId>,
    body: Json<LiftingRequest>,
) -> ApiResult<web::Json<CasePublicityEntry>> {
    authorize(&principal, Action::ManageCasePublicity)?;
    let found = find_listing(&state.db, *id).await?;
    authorize(
        &principal,
        Action::PublishCasePublicity(found.association_id.into()),
    )?;
    let body = body.into_inner()?;
    let case_ids = view::case_ids(&state.db, found.id).await?;
    let mut fields = Fields::default();
    let statement = check_statement(&mut fields, &body.statement);
    refuse_personal_information(&state.db, &mut fields, statement.as_deref(), &case_ids).await?;
    fields.finish()?;
    let statement = statement.ok_or_else(|| missing("statement"))?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let listing = lock_listing(&txn, *id).await?;
    if let Some(lifted_at) = listing.lifted_at {
        return Err(lifted_already(lifted_at));
    }
    let mut active = listing.into_active_model();
    active.lifted_at = Set(Some(now));
    active.lifted_by = Set(Some(principal.user_id.0));
    active.lifting_statement = Set(Some(statement.clone()));
    let lifted = active.update(&txn).await?;
    for case in case_ids {
        timeline::append(&txn, case, lifted_entry(&principal, &lifted), now).await?;
    }
    let business = registry::find(&txn, BusinessId(lifted.business_id)).await?;
    let notice = lifted_notice(&business, &statement);
    let recipients = tell_business(&txn, business.id, notice, now).await?;
    txn.commit().await?;

    state.events.wake(&recipients);
    tracing::info!(listing_id = %lifted.id, business_id = %lifted.business_id, by = %principal.user_id, "case publicity listing lifted");
    Ok(web::Json(view::present(&state.db, lifted).await?))
}

/// Every case publicity listing, newest first. Public, rate limited.
///
/// Lifted listings are included, with their lifting, unless `status`
/// says otherwise. `region` takes in the businesses of the region at any
/// level. The listings name cases by their numbers only.
#[utoipa::path(
    tag = "disclosure",
    params(CasePublicityQuery),
    responses(
        (status = 200, description = "One page of listings, newest first", body = Page<CasePublicityEntry>),
        (status = 422, description = "Invalid region, status, business id, limit or cursor (the parameter is named)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many public requests from this address; `Retry-After` says in how many seconds to try again", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/case-publicity")]
async fn public_listings(
    state: web::Data<AppState>,
    query: Query<CasePublicityQuery>,
) -> ApiResult<web::Json<Page<CasePublicityEntry>>> {
    let query = query.into_inner();

    let page = view::page(&state.db, &query).await?;
    Ok(web::Json(page))
}

/// One business's case publicity listings, active and lifted, newest
/// first, a page at a time. Public, rate limited.
#[utoipa::path(
    tag = "disclosure",
    params(("business_id" = BusinessId, Path), PageQuery),
    responses(
        (status = 200, description = "One page of the business's listings, newest first", body = Page<CasePublicityEntry>),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor (the parameter is named)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many public requests from this address; `Retry-After` says in how many seconds to try again", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/businesses/{business_id}/case-publicity")]
async fn business_listings(
    state: web::Data<AppState>,
    id: web::Path<BusinessId>,
    query: Query<PageQuery>,
) -> ApiResult<web::Json<Page<CasePublicityEntry>>> {
    let query = query.into_inner();
    registry::find(&state.db, *id).await?;

    let query = CasePublicityQuery {
        business_id: Some(*id),
        cursor: query.cursor,
        limit: query.limit,
        ..CasePublicityQuery::default()
    };
    Ok(web::Json(view::page(&state.db, &query).await?))
}

/// Moves every listing of a merged record to the business it was merged
/// into, with the complaints they name.
pub async fn move_listings(db: &impl ConnectionTrait, from: Uuid, to: Uuid) -> ApiResult<()> {
    listings::Entity::update_many()
        .col_expr(listings::Column::BusinessId, to.into())
        .filter(listings::Column::BusinessId.eq(from))
        .exec(db)
        .await?;
    Ok(())
}

fn check_statement(fields: &mut Fields, statement: &str) -> Option<String> {
    fields.check(
        "statement",
        free_text(statement, 1, STATEMENT_MAX),
        Text::new(
            "说明不能包含控制字符或不可见字符。",
            "The statement must not contain control or invisible characters.",
        ),
    )
}

/// A statement is published as written, so it may not name the consumers
/// of the cases it is about, nor hold anything else the redactor finds.
async fn refuse_personal_information(
    db: &impl ConnectionTrait,
    fields: &mut Fields,
    statement: Option<&str>,
    case_ids: &[Uuid],
) -> ApiResult<()> {
    let Some(statement) = statement else {
        return Ok(());
    };
    let names = consumer_names(db, case_ids).await?;
    if let Some(problem) = personal::still_in(statement, &names) {
        fields.push("statement", personal::CODE, problem);
    }
    Ok(())
}

async fn consumer_names(db: &impl ConnectionTrait, case_ids: &[Uuid]) -> ApiResult<KnownNames> {
    let consumers = complaints::Entity::find()
        .select_only()
        .column(complaints::Column::ConsumerId)
        .filter(complaints::Column::Id.is_in(case_ids.iter().copied()))
        .into_query();
    let names: Vec<String> = users::Entity::find()
        .select_only()
        .column(users::Column::DisplayName)
        .filter(users::Column::Id.in_subquery(consumers))
        .into_tuple()
        .all(db)
        .await?;
    Ok(KnownNames::new(names))
}

fn missing(field: &str) -> ApiError {
    ApiError::internal(anyhow::anyhow!("the checked {field} went missing"))
}

async fn insert(
    db: &impl ConnectionTrait,
    request: &cases::Request<'_>,
    statement: &str,
    principal: &Principal,
    now: DateTime<Utc>,
) -> ApiResult<listings::Model> {
    let listing = listings::Entity::insert(listings::ActiveModel {
        id: Set(listing_id(now)),
        business_id: Set(request.business.id),
        association_id: Set(request.association),
        ground: Set(request.ground.as_str().to_owned()),
        statement: Set(statement.to_owned()),
        listed_by: Set(principal.user_id.0),
        listed_at: Set(now),
        lifted_by: Set(None),
        lifted_at: Set(None),
        lifting_statement: Set(None),
    })
    .exec_with_returning(db)
    .await?;
    let rows = request
        .ids
        .iter()
        .map(|case| case_publicity_cases::ActiveModel {
            listing_id: Set(listing.id),
            complaint_id: Set(case.0),
        });
    case_publicity_cases::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(listing)
}

/// A time-ordered id taken from the listing time, so that ordering by id
/// is ordering by `listed_at`.
fn listing_id(now: DateTime<Utc>) -> Uuid {
    let seconds = now.timestamp().max(0) as u64;
    let timestamp =
        uuid::Timestamp::from_unix(uuid::NoContext, seconds, now.timestamp_subsec_nanos());
    Uuid::new_v7(timestamp)
}

fn listed_entry(principal: &Principal, listing: &listings::Model) -> timeline::NewEntry {
    timeline::NewEntry {
        kind: "case_publicity_listed",
        actor_id: Some(principal.user_id.0),
        actor_role: "association",
        visibility: Visibility::Parties,
        payload: json!({
            "listing_id": listing.id,
            "ground": listing.ground,
            "statement": listing.statement,
        }),
    }
}

fn lifted_entry(principal: &Principal, listing: &listings::Model) -> timeline::NewEntry {
    timeline::NewEntry {
        kind: "case_publicity_lifted",
        actor_id: Some(principal.user_id.0),
        actor_role: "association",
        visibility: Visibility::Parties,
        payload: json!({
            "listing_id": listing.id,
            "statement": listing.lifting_statement,
        }),
    }
}

fn listed_notice(business: &businesses::Model, ground: PublicityGround, statement: &str) -> Text {
    let (why_zh, why_en) = match ground {
        PublicityGround::RefusedMediation => {
            ("拒不配合调解", "refusing to cooperate with mediation")
        }
        PublicityGround::AgreementNotPerformed => {
            ("未履行和解或调解协议", "not carrying out an agreement")
        }
    };
    let name = &business.name;
    Text::new(
        format!(
            "{name} 因{why_zh}已被消费者协会个案公示：{}。整改后可请协会撤销公示。",
            without_full_stop(statement)
        ),
        format!(
            "{name} was publicly listed by the consumer association for {why_en}: {statement}. Once you have put things right, ask the association to lift the listing."
        ),
    )
}

/// A statement ends the notice's sentence; its own full stop would double it.
fn without_full_stop(statement: &str) -> &str {
    statement.trim_end_matches(['。', '.'])
}

fn lifted_notice(business: &businesses::Model, statement: &str) -> Text {
    let name = &business.name;
    Text::new(
        format!(
            "{name} 的个案公示已撤销：{}。公示记录仍会保留并显示撤销情况。",
            without_full_stop(statement)
        ),
        format!(
            "The case publicity listing of {name} was lifted: {statement}. The listing stays on the public record, shown as lifted."
        ),
    )
}

/// Tells every active user of the business; returns them, to wake after commit.
async fn tell_business(
    db: &impl ConnectionTrait,
    business: Uuid,
    title: Text,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Uuid>> {
    let recipients = audience::business_users(db, business).await?;
    let notice = Notice {
        complaint_id: None,
        kind: "case_publicity",
        title,
    };
    notify(db, &recipients, &notice, now).await?;
    Ok(recipients)
}

fn lifted_already(at: DateTime<Utc>) -> ApiError {
    let at = at.format("%Y-%m-%d %H:%M UTC");
    ApiError::conflict(Text::new(
        format!("该公示已于 {at} 撤销，无需再次撤销。"),
        format!("This listing was lifted already, at {at}; there is nothing more to lift."),
    ))
}

async fn find_listing(
    db: &impl ConnectionTrait,
    id: CasePublicityId,
) -> ApiResult<listings::Model> {
    listings::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("个案公示", "case publicity listing"))
}

/// The listing, locked until the transaction ends.
async fn lock_listing(
    db: &impl ConnectionTrait,
    id: CasePublicityId,
) -> ApiResult<listings::Model> {
    crate::db::for_update(listings::Entity::find_by_id(id.0), db)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("个案公示", "case publicity listing"))
}
