//! `/complaints/{id}/referrals`: referring a case to the market regulator.
//! A referral is an entry on the case's timeline that both parties read;
//! the bundle handed to the regulator is fetched from `/bundle`.

use actix_web::{HttpResponse, get, post, web};
use serde_json::json;
use shared::accounts::StaffRole;
use shared::bundles::{Referral, ReferralRequest};
use shared::cases::Visibility;
use shared::validation::{display_text, free_text};
use shared::{ComplaintId, Problem, UserId};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::bundles::routes::require_handling;
use crate::complaints::routes::visible;
use crate::complaints::timeline::{self, NewEntry};
use crate::entities::timeline_entries;
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::state::AppState;

/// The timeline entry kind of a referral.
const REFERRED: &str = "referred";

pub fn configure(config: &mut ServiceConfig) {
    config.service(refer).service(list_referrals);
}

/// Refer the case to a market regulator (staff of the handling association).
///
/// Records the referral on the case's timeline, where the consumer and the
/// business read it, and answers where to fetch the case bundle to hand over.
#[utoipa::path(
    tag = "bundles",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    request_body(content = ReferralRequest, example = json!({"regulator": "深圳市市场监督管理局", "note": "经营者拒不参加调解，移送处理。"})),
    responses(
        (status = 201, description = "Referred; `bundle_url` names the bundle to hand over", body = Referral),
        (status = 403, description = "Only staff of the association handling the case refer it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`regulator` or `note` missing or too long (named)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/complaints/{complaint_id}/referrals")]
async fn refer(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
    body: Json<ReferralRequest>,
) -> ApiResult<HttpResponse> {
    let (complaint, access) = visible(&state, &principal, *id).await?;
    require_handling(&access)?;
    let (regulator, note) = check(&body.into_inner()?)?;

    let entry = NewEntry {
        kind: REFERRED,
        actor_id: Some(principal.user_id.0),
        actor_role: actor_role(&principal),
        visibility: Visibility::Parties,
        payload: json!({"regulator": regulator, "note": note}),
    };
    let txn = state.writer.begin().await?;
    let row = timeline::append(&txn, complaint.id, entry, state.clock.now()).await?;
    txn.commit().await?;

    tracing::info!(complaint = %complaint.number, user = %principal.user_id, %regulator, "case referred to the market regulator");
    Ok(HttpResponse::Created().json(referral(&row)?))
}

/// The case's referrals, oldest first (whoever may read its timeline).
#[utoipa::path(
    tag = "bundles",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "Every referral of the case", body = Vec<Referral>),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/{complaint_id}/referrals")]
async fn list_referrals(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<web::Json<Vec<Referral>>> {
    let (complaint, access) = visible(&state, &principal, *id).await?;

    let rows = timeline::all(&state.db, complaint.id).await?;

    let referrals = rows
        .iter()
        .filter(|row| row.kind == REFERRED && access.sees(timeline::visibility(row)))
        .map(referral)
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(web::Json(referrals))
}

fn check(body: &ReferralRequest) -> ApiResult<(String, String)> {
    let mut fields = Fields::default();
    let regulator = fields.check(
        "regulator",
        display_text(&body.regulator, 200),
        Text::new(
            "请填写市场监管部门的名称（不超过 200 字）。",
            "Name the market regulator (at most 200 characters).",
        ),
    );
    let note = fields.check(
        "note",
        free_text(&body.note, 1, 2000),
        Text::new(
            "请填写移送说明（不超过 2000 字）。",
            "Say why the case is referred (at most 2,000 characters).",
        ),
    );
    fields.finish()?;
    regulator
        .zip(note)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("checked referral fields went missing")))
}

fn actor_role(principal: &Principal) -> &'static str {
    if principal.has_role(StaffRole::Mediator) {
        "mediator"
    } else {
        "intake"
    }
}

fn referral(row: &timeline_entries::Model) -> ApiResult<Referral> {
    let entry = timeline::chained(row)?;
    let text = |name: &str| {
        entry.payload[name]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_default()
    };
    Ok(Referral {
        sequence: entry.sequence,
        regulator: text("regulator"),
        note: text("note"),
        referred_by: entry.actor_id.map(UserId),
        referred_at: entry.created_at,
        bundle_url: format!("/api/v1/complaints/{}/bundle", entry.complaint_id),
    })
}
