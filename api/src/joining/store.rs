//! Reading and writing applications and their history.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use shared::ids::ApplicationId;
use shared::joining::{
    ApplicationEvent, ApplicationEventKind, ApplicationState, ApplicationSummary,
    JoiningApplication,
};
use shared::validation::SocialCreditCode;
use shared::{AssociationId, BusinessId, ErrorCode, EvidenceId, UserId};
use uuid::Uuid;

use crate::auth::Principal;
use crate::entities::{
    businesses, joining_application_events as events, joining_applications, users,
};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::policy::{Action, allows};

pub use crate::entities::joining_applications::Model as Application;

pub fn not_found() -> ApiError {
    ApiError::not_found("入驻申请", "joining application")
}

pub async fn find(db: &impl ConnectionTrait, id: ApplicationId) -> ApiResult<Application> {
    joining_applications::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(not_found)
}

/// The application, locked until the transaction ends.
pub async fn lock(db: &impl ConnectionTrait, id: ApplicationId) -> ApiResult<Application> {
    crate::db::for_update(joining_applications::Entity::find_by_id(id.0), db)
        .one(db)
        .await?
        .ok_or_else(not_found)
}

pub fn state_of(application: &Application) -> ApiResult<ApplicationState> {
    ApplicationState::parse(&application.state).ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!(
            "joining application {} holds an unknown state {:?}",
            application.id,
            application.state
        ))
    })
}

/// Keeps one step of the application's history.
pub async fn append(
    db: &impl ConnectionTrait,
    application: Uuid,
    kind: ApplicationEventKind,
    actor: Uuid,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    events::Entity::insert(events::ActiveModel {
        id: Set(Uuid::now_v7()),
        application_id: Set(application),
        kind: Set(kind.as_str().to_owned()),
        actor_id: Set(Some(actor)),
        note: Set(note.map(str::to_owned)),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Refuses a credit code whose business is a member already (suspended or not).
pub async fn ensure_not_member(
    db: &impl ConnectionTrait,
    code: &SocialCreditCode,
) -> ApiResult<()> {
    let member = businesses::Entity::find()
        .filter(businesses::Column::CreditCode.eq(code.as_str()))
        .filter(businesses::Column::Member.eq(true))
        .count(db)
        .await?;
    if member == 0 {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::AlreadyMember,
        actix_web::http::StatusCode::CONFLICT,
        Text::new(
            format!(
                "统一社会信用代码为 {} 的经营者已入驻本平台，无需再次申请；如需加入其团队，请联系其负责人邀请您。",
                code.as_str()
            ),
            format!(
                "The business with credit code {} is a member already; there is nothing to apply for. To join its team, ask its owner for an invitation.",
                code.as_str()
            ),
        ),
    ))
}

/// Refuses a second open application for the code, or by the applicant.
/// `except` is the application being resubmitted.
pub async fn ensure_none_open(
    db: &impl ConnectionTrait,
    code: &SocialCreditCode,
    applicant: Uuid,
    except: Option<Uuid>,
) -> ApiResult<()> {
    let open = [
        ApplicationState::Submitted.as_str(),
        ApplicationState::MoreInfoRequested.as_str(),
    ];
    let mut select = joining_applications::Entity::find()
        .filter(joining_applications::Column::State.is_in(open))
        .filter(
            sea_orm::Condition::any()
                .add(joining_applications::Column::CreditCode.eq(code.as_str()))
                .add(joining_applications::Column::ApplicantId.eq(applicant)),
        );
    if let Some(except) = except {
        select = select.filter(joining_applications::Column::Id.ne(except));
    }
    match select.one(db).await? {
        None => Ok(()),
        Some(other) if other.applicant_id == applicant => Err(application_open(Text::new(
            "您已有一份待审核的入驻申请；请等待审核结果，或先撤回它。",
            "You have an application awaiting a decision already; wait for it, or withdraw it first.",
        ))),
        Some(_) => Err(open_for_code(code)),
    }
}

pub fn open_for_code(code: &SocialCreditCode) -> ApiError {
    application_open(Text::new(
        format!(
            "统一社会信用代码 {} 已有一份待审核的入驻申请。",
            code.as_str()
        ),
        format!(
            "An application for credit code {} awaits a decision already.",
            code.as_str()
        ),
    ))
}

fn application_open(detail: Text) -> ApiError {
    ApiError::new(
        ErrorCode::ApplicationOpen,
        actix_web::http::StatusCode::CONFLICT,
        detail,
    )
}

pub async fn history(
    db: &impl ConnectionTrait,
    application: Uuid,
) -> ApiResult<Vec<ApplicationEvent>> {
    let rows = events::Entity::find()
        .filter(events::Column::ApplicationId.eq(application))
        .order_by_asc(events::Column::CreatedAt)
        .order_by_asc(events::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(ApplicationEvent {
                kind: ApplicationEventKind::parse(&row.kind)?,
                note: row.note,
                at: row.created_at,
            })
        })
        .collect())
}

/// The application with its history, as the wire shows it.
pub async fn view(
    db: &impl ConnectionTrait,
    application: Application,
) -> ApiResult<JoiningApplication> {
    let state = state_of(&application)?;
    let history = history(db, application.id).await?;
    let service_contacts = serde_json::from_str(&application.service_contacts)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("unreadable contacts: {e}")))?;
    Ok(JoiningApplication {
        id: ApplicationId(application.id),
        applicant_id: UserId(application.applicant_id),
        state,
        association_id: AssociationId(application.association_id),
        credit_code: application.credit_code,
        licensed_name: application.licensed_name,
        region_code: application.region_code,
        industry_code: application.industry_code,
        licence_evidence_id: EvidenceId(application.licence_evidence_id),
        service_contacts,
        commitment_version: application.commitment_version,
        committed_at: application.committed_at,
        decision_note: application.decision_note,
        business_id: application.business_id.map(BusinessId),
        submitted_at: application.created_at,
        updated_at: application.updated_at,
        history,
    })
}

pub fn summary(application: Application) -> ApiResult<ApplicationSummary> {
    Ok(ApplicationSummary {
        id: ApplicationId(application.id),
        state: state_of(&application)?,
        association_id: AssociationId(application.association_id),
        credit_code: application.credit_code,
        licensed_name: application.licensed_name,
        region_code: application.region_code,
        industry_code: application.industry_code,
        submitted_at: application.created_at,
        updated_at: application.updated_at,
    })
}

/// True when the caller may see the application: its applicant, and those
/// who may decide it. Everyone else is told it does not exist.
pub fn may_see(principal: &Principal, application: &Application) -> bool {
    let applicant = application.applicant_id == principal.user_id.0 && !principal.is_api_key();
    applicant
        || allows(
            principal,
            Action::DecideApplication(AssociationId(application.association_id)),
        )
}

/// Refuses an applicant whose account took a business since its token was
/// issued (by approval or an invitation): it may apply no more.
pub async fn ensure_free_account(db: &impl ConnectionTrait, user: UserId) -> ApiResult<()> {
    let account = users::Entity::find_by_id(user.0).one(db).await?;
    if account.is_some_and(|a| a.active && a.business_id.is_none()) {
        return Ok(());
    }
    Err(ApiError::conflict(Text::new(
        "您的账号已属于一个经营者，不能再申请入驻；请刷新登录。",
        "Your account works for a business already and cannot apply; refresh your login.",
    )))
}
