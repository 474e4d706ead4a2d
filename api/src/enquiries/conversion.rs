//! `POST /enquiries/{id}/complaint`: the association's staff turn an
//! enquiry into a complaint filed for its consumer. They supply what a
//! complaint needs that the question lacks; the complaint then follows the
//! normal lifecycle, from awaiting acceptance.

use actix_web::{HttpResponse, http::header, post, web};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, IntoActiveModel};
use shared::cases::{Channel, FileComplaintRequest};
use shared::enquiries::{ConvertRequest, Enquiry, EnquiryState};
use shared::{EnquiryId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::complaints::filing::{self, Filer};
use crate::enquiries::store::{self, already_converted, locked, visible};
use crate::entities::enquiries;
use crate::error::ApiResult;
use crate::http::Json;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(convert);
}

/// Turn an enquiry into a complaint filed for its consumer (staff of the
/// association it was asked of). The question becomes the description
/// unless another is given; the consumer is told the complaint was filed.
#[utoipa::path(
    tag = "enquiries",
    security(("bearer" = [])),
    params(("enquiry_id" = EnquiryId, Path)),
    request_body(content = ConvertRequest, example = json!({"business": {"name": "深圳市某某健身有限公司", "region_code": "440305"}, "category_code": "services.fitness", "nature_code": "contract", "demands": ["refund"]})),
    responses(
        (status = 201, description = "The enquiry, with the id of the complaint it became (see Location)", body = Enquiry),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not association staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enquiry of the caller's association", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It already became a complaint", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field the complaint needs is missing or invalid, as for filing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/enquiries/{enquiry_id}/complaint")]
async fn convert(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<EnquiryId>,
    body: Json<ConvertRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::HandleEnquiries)?;
    let body = body.into_inner()?;
    let enquiry = visible(&state.db, &principal, *id).await?;
    let filing = complaint_of(&enquiry, body);
    let checked = filing::check(&state, &filing).await?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let enquiry = locked(&txn, &principal, *id).await?;
    if store::state(&enquiry)? == EnquiryState::Converted {
        return Err(already_converted());
    }
    let filer = Filer {
        consumer: enquiry.consumer_id,
        actor: principal.user_id.0,
        actor_role: "association",
        enquiry: Some(enquiry.id),
    };
    let complaint = filing::insert(&state, &txn, &filer, &filing, &checked, now).await?;
    let mut active = enquiry.into_active_model();
    active.state = Set(EnquiryState::Converted.as_str().to_owned());
    active.complaint_id = Set(Some(complaint.id));
    active.updated_at = Set(now);
    let enquiry = active.update(&txn).await?;
    let recipients = filing::announce(&txn, &complaint, &checked, now).await?;
    txn.commit().await?;
    state.events.wake(&recipients);

    tracing::info!(enquiry = %enquiry.id, complaint = %complaint.number, by = %principal.user_id, "enquiry became a complaint");
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/complaints/{}", complaint.id),
        ))
        .json(store::view(&state.db, enquiry).await?))
}

/// The filing the complaint would have been, had the consumer filed it.
fn complaint_of(enquiry: &enquiries::Model, body: ConvertRequest) -> FileComplaintRequest {
    FileComplaintRequest {
        business: body.business,
        outlet_id: None,
        region_code: body
            .region_code
            .unwrap_or_else(|| enquiry.region_code.clone()),
        category_code: body.category_code,
        nature_code: body.nature_code,
        purchase_date: None,
        amount_fen: None,
        order_number: None,
        channel: body.channel.unwrap_or(Channel::OfflineShop),
        channel_platform: body.channel_platform,
        description: body.description.unwrap_or_else(|| enquiry.question.clone()),
        demands: body.demands,
        other_demand: body.other_demand,
        consent_to_publish: enquiry.consent_to_publish,
        evidence: Vec::new(),
    }
}
