//! Invitations: an owner or manager invites a colleague with a one-time
//! token, shown once; a business account without a business accepts it
//! within seven days, unless it was revoked.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use sha2::{Digest, Sha256};
use shared::accounts::UserKind;
use shared::ids::InvitationId;
use shared::team::{
    AcceptedInvitation, BusinessRole, CreateInvitationRequest, CreatedInvitation, Invitation,
    InvitationState,
};
use shared::validation::{EmailAddress, MobileNumber};
use shared::{BusinessId, Problem, UserId};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::entities::{business_invitations as rows, businesses, users};
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::notifications::{Notice, notify};
use crate::policy::{Action, authorize, may_invite};
use crate::secrets::random_token;
use crate::state::AppState;

/// How long an invitation may be accepted.
pub const VALID_DAYS: i64 = 7;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(create_invitation)
        .service(list_invitations)
        .service(revoke_invitation)
        .service(accept_invitation);
}

/// Invite a colleague (the business's owners and managers).
///
/// Owners invite managers and handlers; managers invite handlers. The
/// answer holds a one-time token, shown this once: give it to the
/// colleague, who registers a business account (`POST /auth/register/business`)
/// if they have none and accepts within seven days. With `phone` or `email`,
/// only the account registered with it may accept, and it is told in its inbox.
#[utoipa::path(
    tag = "team",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    request_body(content = CreateInvitationRequest, example = json!({"role": "handler", "phone": "13700137000"})),
    responses(
        (status = 201, description = "The invitation, with its token shown this once", body = CreatedInvitation),
        (status = 403, description = "Not an owner or manager of this business, or a role they may not give", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An owner role, both a phone and an e-mail, or an invalid one", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/businesses/{business_id}/invitations")]
async fn create_invitation(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
    body: Json<CreateInvitationRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::ManageTeam(*id))?;
    let body = body.into_inner()?;
    let invitee = check(&body)?;
    if !may_invite(&principal, body.role) {
        return Err(ApiError::forbidden());
    }
    let business = crate::businesses::registry::find(&state.db, *id).await?;

    let now = state.clock.now();
    let token = format!("inv_{}", random_token(32));
    let txn = state.writer.begin().await?;
    let row = rows::ActiveModel {
        id: Set(Uuid::now_v7()),
        business_id: Set(business.id),
        role: Set(body.role.as_str().to_owned()),
        token_hash: Set(hash(&token)),
        phone: Set(invitee.phone),
        email: Set(invitee.email),
        invited_by: Set(principal.user_id.0),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(VALID_DAYS)),
        accepted_at: Set(None),
        accepted_by: Set(None),
        revoked_at: Set(None),
    };
    let row = rows::Entity::insert(row).exec_with_returning(&txn).await?;
    let told = tell_invitee(&txn, &row, &business, now).await?;
    txn.commit().await?;

    state.events.wake(&told);
    tracing::info!(invitation_id = %row.id, business_id = %business.id, role = %row.role, by = %principal.user_id, "colleague invited");
    Ok(HttpResponse::Created().json(CreatedInvitation {
        invitation: view(&row, now),
        token,
    }))
}

struct Invitee {
    phone: Option<String>,
    email: Option<String>,
}

fn check(body: &CreateInvitationRequest) -> ApiResult<Invitee> {
    let mut fields = Fields::default();
    if body.role == BusinessRole::Owner {
        fields.push(
            "role",
            "not_invitable",
            Text::new(
                "不能邀请负责人；请邀请为管理员，接受后再把其角色改为负责人。",
                "Nobody is invited as an owner; invite a manager, then make them an owner once they accept.",
            ),
        );
    }
    let given = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let (phone, email) = (given(&body.phone), given(&body.email));
    if phone.is_some() && email.is_some() {
        fields.push(
            "email",
            "phone_or_email",
            Text::new(
                "手机号和邮箱只填一项。",
                "Give a phone number or an e-mail address, not both.",
            ),
        );
    }
    let phone = phone.and_then(|p| {
        fields.check(
            "phone",
            MobileNumber::parse(&p).map(|p| p.as_str().to_owned()),
            Text::new(
                "请输入 11 位中国大陆手机号，如 13800138000。",
                "Enter an 11-digit mainland mobile number, e.g. 13800138000.",
            ),
        )
    });
    let email = email.and_then(|e| {
        fields.check(
            "email",
            EmailAddress::parse(&e).map(|e| e.as_str().to_owned()),
            Text::new(
                "请输入有效的电子邮箱地址。",
                "Enter a valid e-mail address.",
            ),
        )
    });
    fields.finish()?;
    Ok(Invitee { phone, email })
}

/// Tells the invited account, when it exists, that an invitation awaits it.
/// The token is not in the notice: the inviter hands it over.
async fn tell_invitee(
    db: &impl ConnectionTrait,
    row: &rows::Model,
    business: &businesses::Model,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Uuid>> {
    let filter = match (&row.phone, &row.email) {
        (Some(phone), _) => users::Column::Phone.eq(phone.as_str()),
        (None, Some(email)) => users::Column::Email.eq(email.as_str()),
        (None, None) => return Ok(Vec::new()),
    };
    let invitee = users::Entity::find()
        .filter(filter)
        .filter(users::Column::Kind.eq(UserKind::Business.as_str()))
        .filter(users::Column::Active.eq(true))
        .one(db)
        .await?;
    let Some(invitee) = invitee else {
        return Ok(Vec::new());
    };
    let (zh, en) = role_words(&row.role);
    let notice = Notice {
        complaint_id: None,
        kind: "team_invitation",
        title: Text::new(
            format!(
                "“{}”邀请您以{zh}身份加入其团队；请向邀请人索取邀请码后接受。",
                business.name
            ),
            format!(
                "{} invites you to its team as {en}; ask the person who invited you for the token, then accept.",
                business.name
            ),
        ),
    };
    notify(db, &[invitee.id], &notice, now).await?;
    Ok(vec![invitee.id])
}

/// The business's invitations, newest first; never their tokens.
#[utoipa::path(
    tag = "team",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    responses(
        (status = 200, description = "Pending, accepted, expired and revoked invitations", body = Vec<Invitation>),
        (status = 403, description = "Not an owner or manager of this business", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/businesses/{business_id}/invitations")]
async fn list_invitations(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
) -> ApiResult<web::Json<Vec<Invitation>>> {
    authorize(&principal, Action::ManageTeam(*id))?;

    let now = state.clock.now();
    let found = rows::Entity::find()
        .filter(rows::Column::BusinessId.eq(id.0))
        .order_by_desc(rows::Column::Id)
        .all(&state.db)
        .await?;
    Ok(web::Json(found.iter().map(|row| view(row, now)).collect()))
}

/// Revoke a pending invitation: its token stops working at once.
///
/// Managers revoke only the invitations of handlers.
#[utoipa::path(
    tag = "team",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("invitation_id" = InvitationId, Path)),
    responses(
        (status = 204, description = "Revoked (or revoked, expired already)"),
        (status = 403, description = "Not an owner or manager of this business, or not one they may revoke", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation of this business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Accepted already: remove the member instead", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/businesses/{business_id}/invitations/{invitation_id}")]
async fn revoke_invitation(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, InvitationId)>,
) -> ApiResult<HttpResponse> {
    let (business, invitation) = path.into_inner();
    authorize(&principal, Action::ManageTeam(business))?;

    let row = rows::Entity::find_by_id(invitation.0)
        .filter(rows::Column::BusinessId.eq(business.0))
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("邀请", "invitation"))?;
    let role = BusinessRole::parse(&row.role).unwrap_or(BusinessRole::Manager);
    if !may_invite(&principal, role) {
        return Err(ApiError::forbidden());
    }
    if row.accepted_at.is_some() {
        return Err(ApiError::conflict(Text::new(
            "该邀请已被接受；如需移除此成员，请在成员列表中操作。",
            "This invitation was accepted already; to take the colleague off the team, remove the member.",
        )));
    }

    rows::Entity::update_many()
        .col_expr(rows::Column::RevokedAt, Some(state.clock.now()).into())
        .filter(rows::Column::Id.eq(row.id))
        .filter(rows::Column::RevokedAt.is_null())
        .filter(rows::Column::AcceptedAt.is_null())
        .exec(&state.db)
        .await?;
    tracing::info!(invitation_id = %row.id, business_id = %business, by = %principal.user_id, "invitation revoked");
    Ok(HttpResponse::NoContent().finish())
}

/// Accept an invitation (a business account that works for no business yet).
///
/// The account joins the business in the invitation's role. Refresh the
/// tokens (`POST /auth/refresh`) to act for the business.
#[utoipa::path(
    tag = "team",
    security(("bearer" = [])),
    params(("token" = String, Path, description = "The token the inviter was given")),
    responses(
        (status = 200, description = "The business the caller now works for", body = AcceptedInvitation),
        (status = 403, description = "Not a business account without a business, or the invitation names another phone or e-mail", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Expired, revoked or used already; or the account joined a business meanwhile", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/invitations/{token}/accept")]
async fn accept_invitation(
    state: web::Data<AppState>,
    principal: Principal,
    token: web::Path<String>,
) -> ApiResult<web::Json<AcceptedInvitation>> {
    authorize(&principal, Action::JoinBusiness)?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let select = rows::Entity::find().filter(rows::Column::TokenHash.eq(hash(&token)));
    let row = crate::db::for_update(select, &txn)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("邀请", "invitation"))?;
    usable(&row, now)?;
    let account = free_account(&txn, principal.user_id).await?;
    ensure_addressed_to(&row, &account)?;
    let role = BusinessRole::parse(&row.role).unwrap_or(BusinessRole::Handler);
    join(&txn, account, row.business_id, role, now).await?;
    let mut accepted = row.into_active_model();
    accepted.accepted_at = Set(Some(now));
    accepted.accepted_by = Set(Some(principal.user_id.0));
    let row = accepted.update(&txn).await?;
    let told = tell_inviter(&txn, &row, now).await?;
    txn.commit().await?;

    state.events.wake(&told);
    tracing::info!(invitation_id = %row.id, business_id = %row.business_id, user_id = %principal.user_id, role = %row.role, "invitation accepted");
    Ok(web::Json(AcceptedInvitation {
        business_id: BusinessId(row.business_id),
        role,
    }))
}

fn usable(row: &rows::Model, now: DateTime<Utc>) -> ApiResult<()> {
    let refusal = match state_of(row, now) {
        InvitationState::Pending => return Ok(()),
        InvitationState::Accepted => {
            Text::new("该邀请已被使用。", "This invitation was used already.")
        }
        InvitationState::Revoked => Text::new(
            "该邀请已被撤销，请向邀请人索取新的邀请。",
            "This invitation was revoked; ask for a new one.",
        ),
        InvitationState::Expired => Text::new(
            format!("该邀请已过期（有效期 {VALID_DAYS} 天），请向邀请人索取新的邀请。"),
            format!("This invitation expired (they last {VALID_DAYS} days); ask for a new one."),
        ),
    };
    Err(ApiError::conflict(refusal))
}

/// The caller's account, if it is still active and works for no business.
async fn free_account(db: &impl ConnectionTrait, user: UserId) -> ApiResult<users::Model> {
    let account = crate::db::for_update(users::Entity::find_by_id(user.0), db)
        .one(db)
        .await?;
    account
        .filter(|a| a.active && a.business_id.is_none())
        .ok_or_else(|| {
            ApiError::conflict(Text::new(
                "您的账号已属于一个经营者，不能再接受邀请；请刷新登录。",
                "Your account works for a business already and cannot accept; refresh your login.",
            ))
        })
}

fn ensure_addressed_to(row: &rows::Model, account: &users::Model) -> ApiResult<()> {
    let phone_matches = row.phone.is_none() || row.phone == account.phone;
    let email_matches = row.email.is_none() || row.email == account.email;
    if phone_matches && email_matches {
        return Ok(());
    }
    let mut refused = ApiError::forbidden();
    refused.detail = Text::new(
        "该邀请发给了另一个手机号或邮箱，请用对应的账号登录后接受。",
        "This invitation is for another phone number or e-mail address; log in with that account to accept it.",
    );
    Err(refused)
}

async fn join(
    db: &impl ConnectionTrait,
    account: users::Model,
    business: Uuid,
    role: BusinessRole,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut active = account.into_active_model();
    active.business_id = Set(Some(business));
    active.business_role = Set(Some(role.as_str().to_owned()));
    active.updated_at = Set(now);
    active.update(db).await?;
    Ok(())
}

async fn tell_inviter(
    db: &impl ConnectionTrait,
    row: &rows::Model,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Uuid>> {
    let (zh, en) = role_words(&row.role);
    let notice = Notice {
        complaint_id: None,
        kind: "team_invitation_accepted",
        title: Text::new(
            format!("您发出的{zh}邀请已被接受，新成员已加入团队。"),
            format!("Your invitation as {en} was accepted; the colleague joined the team."),
        ),
    };
    notify(db, &[row.invited_by], &notice, now).await?;
    Ok(vec![row.invited_by])
}

/// A role as notices name it, in Chinese and English.
pub fn role_words(role: &str) -> (&'static str, &'static str) {
    match BusinessRole::parse(role) {
        Some(BusinessRole::Owner) => ("负责人", "owner"),
        Some(BusinessRole::Manager) => ("管理员", "manager"),
        _ => ("投诉处理人员", "handler"),
    }
}

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn state_of(row: &rows::Model, now: DateTime<Utc>) -> InvitationState {
    if row.accepted_at.is_some() {
        InvitationState::Accepted
    } else if row.revoked_at.is_some() {
        InvitationState::Revoked
    } else if row.expires_at <= now {
        InvitationState::Expired
    } else {
        InvitationState::Pending
    }
}

fn view(row: &rows::Model, now: DateTime<Utc>) -> Invitation {
    Invitation {
        id: InvitationId(row.id),
        business_id: BusinessId(row.business_id),
        role: BusinessRole::parse(&row.role).unwrap_or(BusinessRole::Handler),
        state: state_of(row, now),
        phone: row.phone.clone(),
        email: row.email.clone(),
        invited_by: UserId(row.invited_by),
        created_at: row.created_at,
        expires_at: row.expires_at,
        accepted_at: row.accepted_at,
        revoked_at: row.revoked_at,
    }
}
