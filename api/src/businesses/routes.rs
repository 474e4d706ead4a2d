//! `/businesses`: look businesses up, register them, record membership
//! directly and give their users accounts. Businesses usually join by
//! application instead (see `crate::joining`).

use actix_web::{HttpResponse, get, post, put, web};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
use shared::accounts::UserKind;
use shared::businesses::{
    Business, BusinessQuery, CreateBusinessRequest, CreateBusinessUserRequest, MembershipEventKind,
    MembershipRequest,
};
use shared::team::BusinessRole;
use shared::validation::display_text;
use shared::{BusinessId, Page, Problem, UserId};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::accounts::store::{self, NamedLogin};
use crate::auth::{Principal, password};
use crate::businesses::membership;
use crate::businesses::registry::{self, check_credit_code, check_region};
use crate::businesses::search;
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::{Json, Query};
use crate::i18n::Text;
use crate::pagination;
use crate::policy::{Action, authorize};
use crate::secrets::Secret;
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(search_businesses)
        .service(get_business)
        .service(create_business)
        .service(set_membership)
        .service(create_business_user);
}

/// Find businesses by name, alias or full credit code. Public.
///
/// Names and aliases (brands, former names) match anywhere in the name,
/// ignoring case, spaces and full-width letters; those that start with the
/// query come first. Merged records are left out: their names are aliases of
/// the business they were merged into.
#[utoipa::path(
    tag = "businesses",
    params(BusinessQuery),
    responses(
        (status = 200, description = "One page of businesses, by name", body = Page<Business>),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/businesses")]
async fn search_businesses(
    state: web::Data<AppState>,
    query: Query<BusinessQuery>,
) -> ApiResult<web::Json<Page<Business>>> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?
        .map(|key| search::Cursor::parse(&key))
        .transpose()?;
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());

    let rows = search::find(&state.db, q, after, limit).await?;
    let (rows, next_cursor) = pagination::page(rows, limit, |hit| hit.cursor().to_string());
    let models = rows.into_iter().map(|hit| hit.business).collect();

    Ok(web::Json(Page {
        items: registry::present_all(&state.db, models).await?,
        next_cursor,
    }))
}

/// One business. Public.
#[utoipa::path(
    tag = "businesses",
    params(("business_id" = BusinessId, Path)),
    responses(
        (status = 200, description = "The business", body = Business),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/businesses/{business_id}")]
async fn get_business(
    state: web::Data<AppState>,
    id: web::Path<BusinessId>,
) -> ApiResult<web::Json<Business>> {
    Ok(web::Json(
        registry::present(&state.db, registry::find(&state.db, *id).await?).await?,
    ))
}

/// Register a business (association staff).
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    request_body = CreateBusinessRequest,
    responses(
        (status = 201, description = "The new business, not yet a member", body = Business),
        (status = 403, description = "Not association staff", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The credit code is registered already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; a wrong credit code names the wrong character", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/businesses")]
async fn create_business(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateBusinessRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::RegisterBusinesses)?;
    let body = body.into_inner()?;

    let mut fields = Fields::default();
    let name = fields.check(
        "name",
        display_text(&body.name, 200),
        Text::new(
            "名称不能包含控制字符。",
            "The name must not contain control characters.",
        ),
    );
    let code = match body.credit_code.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(code) => check_credit_code(&mut fields, "credit_code", code).map(Some),
    };
    let region = check_region(
        &state.db,
        &mut fields,
        "region_code",
        Some(&body.region_code),
    )
    .await?;
    fields.finish()?;
    let (Some(name), Some(code), Some(region)) = (name, code, region) else {
        return Err(ApiError::internal(anyhow::anyhow!(
            "checked business fields went missing"
        )));
    };

    let created =
        registry::insert(&state.db, &name, code.as_ref(), &region, state.clock.now()).await?;
    tracing::info!(business_id = %created.id, by = %principal.user_id, "business registered");
    Ok(HttpResponse::Created().json(registry::present(&state.db, created).await?))
}

/// Make a business a member of the platform from now on, or end its membership.
///
/// Complaints accepted while it is a member go to reconciliation first.
/// Businesses normally join by application (`POST /joining-applications`);
/// this records membership directly. Ending a membership also lifts any
/// suspension. Both show in the membership history.
/// Allowed for the admin of the association serving the business's region,
/// and for platform admins.
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    request_body = MembershipRequest,
    responses(
        (status = 200, description = "The business", body = Business),
        (status = 403, description = "Not the admin of the serving association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The record was merged into another; work on that one", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/businesses/{business_id}/membership")]
async fn set_membership(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
    body: Json<MembershipRequest>,
) -> ApiResult<web::Json<Business>> {
    registry::authorize_serving(&state.db, &principal, *id, Action::ManageBusiness).await?;
    let body = body.into_inner()?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let business = membership::lock(&txn, *id).await?;
    let was_member = business.member;
    let mut active = business.into_active_model();
    active.member = Set(body.member);
    if body.member && !was_member {
        active.member_since = Set(Some(now));
    }
    if !body.member {
        active.member_since = Set(None);
        active.suspended_at = Set(None);
        active.suspension_reason = Set(None);
    }
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    if body.member != was_member {
        let kind = if body.member {
            MembershipEventKind::Joined
        } else {
            MembershipEventKind::Ended
        };
        let change = membership::Change {
            business_id: updated.id,
            kind,
            reason: None,
            actor_id: Some(principal.user_id.0),
            application_id: None,
        };
        membership::record(&txn, change, now).await?;
    }
    txn.commit().await?;
    tracing::info!(business_id = %updated.id, member = updated.member, by = %principal.user_id, "membership changed");

    Ok(web::Json(registry::present(&state.db, updated).await?))
}

/// Give a business's user an account that signs in with a login name.
///
/// The account is a `manager` unless `role` says otherwise; an association
/// gives a business that joined before applications existed its `owner`
/// this way. Businesses that apply to join get their owner on approval and
/// invite their colleagues themselves.
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    request_body = CreateBusinessUserRequest,
    responses(
        (status = 201, description = "The new account's id", body = UserId),
        (status = 403, description = "Not the admin of the serving association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Login name taken, or the record was merged into another", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/businesses/{business_id}/users")]
async fn create_business_user(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
    body: Json<CreateBusinessUserRequest>,
) -> ApiResult<HttpResponse> {
    let (business, _) =
        registry::authorize_serving(&state.db, &principal, *id, Action::ManageBusiness).await?;
    let body = body.into_inner()?;

    let mut fields = Fields::default();
    let checked = store::check_named_login(
        &mut fields,
        &body.login_name,
        &body.display_name,
        &body.password,
    );
    fields.finish()?;
    let Some((login_name, display_name)) = checked else {
        return Err(ApiError::internal(anyhow::anyhow!(
            "checked account fields went missing"
        )));
    };

    let hash = password::hash(Secret::new(body.password.clone())).await?;
    let account = NamedLogin {
        kind: UserKind::Business,
        login_name,
        display_name,
        password_hash: hash,
        association_id: None,
        business_id: Some(business.id),
        business_role: Some(body.role.unwrap_or(BusinessRole::Manager)),
    };
    let user = store::insert_named_login(&state.db, account, state.clock.now()).await?;
    tracing::info!(user_id = %user.id, business_id = %business.id, by = %principal.user_id, "business account created");
    Ok(HttpResponse::Created().json(UserId(user.id)))
}
