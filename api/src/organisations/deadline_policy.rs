//! `/associations/{id}/deadline-policy`: each association's working days for
//! its deadlines. Changes apply to deadlines started afterwards.

use actix_web::{get, put, web};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
use shared::organisations::DeadlinePolicy;
use shared::{AssociationId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::entities::associations;
use crate::error::{ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::organisations::associations::find;
use crate::policy::{Action, authorize};
use crate::state::AppState;

/// The longest deadline an association may set, in working days.
const MAX_DAYS: u32 = 120;

pub fn configure(config: &mut ServiceConfig) {
    config.service(get_policy).service(put_policy);
}

/// An association's deadlines in working days. Public.
#[utoipa::path(
    tag = "organisations",
    params(("id" = AssociationId, Path)),
    responses(
        (status = 200, description = "The deadlines", body = DeadlinePolicy),
        (status = 404, description = "No such association", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/associations/{id}/deadline-policy")]
async fn get_policy(
    state: web::Data<AppState>,
    id: web::Path<AssociationId>,
) -> ApiResult<web::Json<DeadlinePolicy>> {
    Ok(web::Json(view(&find(&state, *id).await?)))
}

/// Set an association's deadlines (its admin or a platform admin).
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = AssociationId, Path)),
    request_body(content = DeadlinePolicy, example = json!({"acceptance_days": 7, "information_days": 15, "reconciliation_days": 10, "mediation_days": 45})),
    responses(
        (status = 200, description = "The deadlines now in force", body = DeadlinePolicy),
        (status = 403, description = "Not this association's admin nor a platform admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value outside 1 to 120 working days", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/associations/{id}/deadline-policy")]
async fn put_policy(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AssociationId>,
    body: Json<DeadlinePolicy>,
) -> ApiResult<web::Json<DeadlinePolicy>> {
    authorize(&principal, Action::ManageStaff(*id))?;
    let body = body.into_inner()?;
    check(&body)?;
    let association = find(&state, *id).await?;

    let mut active = association.into_active_model();
    active.acceptance_days = Set(body.acceptance_days as i32);
    active.information_days = Set(body.information_days as i32);
    active.reconciliation_days = Set(body.reconciliation_days as i32);
    active.mediation_days = Set(body.mediation_days as i32);
    active.updated_at = Set(state.clock.now());
    let updated = active.update(&state.db).await?;
    tracing::info!(association_id = %id, by = %principal.user_id, ?body, "deadline policy changed");

    Ok(web::Json(view(&updated)))
}

fn check(policy: &DeadlinePolicy) -> ApiResult<()> {
    let mut fields = Fields::default();
    let values = [
        ("acceptance_days", policy.acceptance_days),
        ("information_days", policy.information_days),
        ("reconciliation_days", policy.reconciliation_days),
        ("mediation_days", policy.mediation_days),
    ];
    for (field, days) in values {
        if !(1..=MAX_DAYS).contains(&days) {
            fields.push(
                field,
                "out_of_range",
                Text::new(
                    format!("期限应为 1 到 {MAX_DAYS} 个工作日。"),
                    format!("A deadline must be 1 to {MAX_DAYS} working days."),
                ),
            );
        }
    }
    fields.finish()
}

fn view(association: &associations::Model) -> DeadlinePolicy {
    let days = |value: i32| u32::try_from(value).unwrap_or(0);
    DeadlinePolicy {
        acceptance_days: days(association.acceptance_days),
        information_days: days(association.information_days),
        reconciliation_days: days(association.reconciliation_days),
        mediation_days: days(association.mediation_days),
    }
}
