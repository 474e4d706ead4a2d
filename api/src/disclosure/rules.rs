//! Disclosure rules (公开规则): each association decides which of its
//! complaints are published and when. All rules are on by default:
//!
//! - a complaint against a business that is not a member (or whose
//!   membership is suspended) is published when it is accepted;
//! - a complaint whose member business lets the reconciliation deadline
//!   pass is published at that moment;
//! - any other complaint is published when it closes resolved, after failed
//!   mediation or unperformed, if the consumer consented and did not
//!   withdraw the consent. Rejected and withdrawn complaints stay private.

use actix_web::{get, put, web};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
use shared::complaints::{ActionKind, ComplaintState, Outcome};
use shared::publication::{DisclosureRules, PublicationReason};
use shared::{AssociationId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::complaints::view::wire_name;
use crate::entities::{associations, complaints};
use crate::error::ApiResult;
use crate::http::Json;
use crate::organisations::associations::find;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(get_rules).service(put_rules);
}

pub fn of(association: &associations::Model) -> DisclosureRules {
    DisclosureRules {
        publish_non_members_on_acceptance: association.publish_non_members_on_acceptance,
        publish_missed_deadlines: association.publish_missed_deadlines,
        publish_closed_with_consent: association.publish_closed_with_consent,
    }
}

/// The rule that publishes the complaint at this step, if any. `complaint`
/// is the case after the step; `before` its state before.
pub fn fires(
    rules: &DisclosureRules,
    complaint: &complaints::Model,
    before: ComplaintState,
    step: ActionKind,
) -> Option<PublicationReason> {
    if step == ActionKind::Accept
        && !complaint.business_was_member
        && rules.publish_non_members_on_acceptance
    {
        return Some(PublicationReason::NonMemberAccepted);
    }
    if step == ActionKind::ReconciliationExpired && rules.publish_missed_deadlines {
        return Some(PublicationReason::DeadlineMissed);
    }
    let just_closed =
        before != ComplaintState::Closed && complaint.state == wire_name(ComplaintState::Closed);
    let private_outcome = [Outcome::Rejected, Outcome::Withdrawn]
        .iter()
        .any(|outcome| complaint.outcome.as_deref() == Some(wire_name(*outcome).as_str()));
    if just_closed
        && !private_outcome
        && complaint.consent_to_publish
        && rules.publish_closed_with_consent
    {
        return Some(PublicationReason::ClosedWithConsent);
    }
    None
}

/// An association's disclosure rules. Public.
#[utoipa::path(
    tag = "publication",
    params(("id" = AssociationId, Path)),
    responses(
        (status = 200, description = "The rules in force", body = DisclosureRules),
        (status = 404, description = "No such association", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/associations/{id}/disclosure-rules")]
async fn get_rules(
    state: web::Data<AppState>,
    id: web::Path<AssociationId>,
) -> ApiResult<web::Json<DisclosureRules>> {
    Ok(web::Json(of(&find(&state, *id).await?)))
}

/// Set an association's disclosure rules (its admin or a platform admin).
/// They apply to steps taken afterwards; nothing already published changes.
#[utoipa::path(
    tag = "publication",
    security(("bearer" = [])),
    params(("id" = AssociationId, Path)),
    request_body(content = DisclosureRules, example = json!({"publish_non_members_on_acceptance": true, "publish_missed_deadlines": true, "publish_closed_with_consent": false})),
    responses(
        (status = 200, description = "The rules now in force", body = DisclosureRules),
        (status = 403, description = "Not this association's admin nor a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing or unknown field", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/associations/{id}/disclosure-rules")]
async fn put_rules(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AssociationId>,
    body: Json<DisclosureRules>,
) -> ApiResult<web::Json<DisclosureRules>> {
    authorize(&principal, Action::ManageStaff(*id))?;
    let rules = body.into_inner()?;
    let association = find(&state, *id).await?;

    let mut active = association.into_active_model();
    active.publish_non_members_on_acceptance = Set(rules.publish_non_members_on_acceptance);
    active.publish_missed_deadlines = Set(rules.publish_missed_deadlines);
    active.publish_closed_with_consent = Set(rules.publish_closed_with_consent);
    active.updated_at = Set(state.clock.now());
    let updated = active.update(&state.db).await?;
    tracing::info!(association_id = %id, by = %principal.user_id, ?rules, "disclosure rules changed");

    Ok(web::Json(of(&updated)))
}
