//! What approval does, in the reviewer's transaction: the business record
//! (found by credit code, or created), its membership from now and its
//! published contacts, and the applicant as its owner.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel};
use shared::BusinessId;
use shared::accounts::UserKind;
use shared::businesses::MembershipEventKind;
use shared::team::BusinessRole;
use shared::validation::SocialCreditCode;
use uuid::Uuid;

use crate::businesses::membership::{self, Change};
use crate::businesses::registry::{self, Named};
use crate::entities::{businesses, users};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::joining::store::{self, Application};

/// Makes the applicant's business a member from `now`, with the applicant
/// as its owner. An uncoded record with the same name and region is left
/// as it is: merging records is a separate step.
pub async fn approve(
    db: &impl ConnectionTrait,
    application: &Application,
    reviewer: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<businesses::Model> {
    let applicant = free_applicant(db, application.applicant_id).await?;
    let code = SocialCreditCode::parse(&application.credit_code).map_err(|_| {
        ApiError::internal(anyhow::anyhow!(
            "application {} holds an invalid credit code",
            application.id
        ))
    })?;
    store::ensure_not_member(db, &code).await?;

    let business = record_for(db, application, &code, now).await?;
    let business = make_member(db, business, application, now).await?;
    make_owner(db, applicant, business.id, now).await?;
    let change = Change {
        business_id: business.id,
        kind: MembershipEventKind::Joined,
        reason: None,
        actor_id: Some(reviewer),
        application_id: Some(application.id),
    };
    membership::record(db, change, now).await?;
    Ok(business)
}

/// The applicant, if still an active business account with no business.
async fn free_applicant(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<users::Model> {
    let user = crate::db::for_update(users::Entity::find_by_id(id), db)
        .one(db)
        .await?;
    let free = user
        .filter(|u| u.active && u.kind == UserKind::Business.as_str() && u.business_id.is_none());
    free.ok_or_else(|| {
        ApiError::conflict(Text::new(
            "申请人的账号已停用或已加入另一经营者，无法成为本经营者的负责人；请驳回此申请。",
            "The applicant's account was deactivated or joined another business, so it cannot own this one; reject the application.",
        ))
    })
}

/// The record with the application's credit code, created when there is
/// none, locked for the change.
async fn record_for(
    db: &impl ConnectionTrait,
    application: &Application,
    code: &SocialCreditCode,
    now: DateTime<Utc>,
) -> ApiResult<businesses::Model> {
    let named = Named::New {
        name: application.licensed_name.clone(),
        credit_code: Some(code.clone()),
        region_code: application.region_code.clone(),
    };
    let found = registry::resolve(db, &named, now).await?;
    membership::lock(db, BusinessId(found.id)).await
}

/// The licence's name and region replace whatever the record held: the
/// reviewer checked them against the licence.
async fn make_member(
    db: &impl ConnectionTrait,
    business: businesses::Model,
    application: &Application,
    now: DateTime<Utc>,
) -> ApiResult<businesses::Model> {
    let mut active = business.into_active_model();
    active.name = Set(application.licensed_name.clone());
    active.region_code = Set(application.region_code.clone());
    active.member = Set(true);
    active.member_since = Set(Some(now));
    active.suspended_at = Set(None);
    active.suspension_reason = Set(None);
    active.service_contacts = Set(Some(application.service_contacts.clone()));
    active.updated_at = Set(now);
    Ok(active.update(db).await?)
}

async fn make_owner(
    db: &impl ConnectionTrait,
    applicant: users::Model,
    business: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut active = applicant.into_active_model();
    active.business_id = Set(Some(business));
    active.business_role = Set(Some(BusinessRole::Owner.as_str().to_owned()));
    active.updated_at = Set(now);
    active.update(db).await?;
    Ok(())
}
