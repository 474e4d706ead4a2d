//! `POST /enquiries/{id}/answer`: the association's staff answer an
//! enquiry, and its consumer is told. Answering again replaces the answer
//! (and its public copy, when published).

use actix_web::{post, web};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, IntoActiveModel};
use shared::enquiries::{AnswerRequest, Enquiry, EnquiryState};
use shared::validation::free_text;
use shared::{EnquiryId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::enquiries::questions;
use crate::enquiries::store::{self, already_converted, locked};
use crate::error::{ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::notifications::{Notice, notify};
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(answer);
}

/// Answer an enquiry (staff of the association it was asked of). Its
/// consumer is notified.
#[utoipa::path(
    tag = "enquiries",
    security(("bearer" = [])),
    params(("enquiry_id" = EnquiryId, Path)),
    request_body(content = AnswerRequest, example = json!({"answer": "网购商品自收到之日起七日内可以无理由退货，吊牌拆除不影响退货，但商品应当完好。"})),
    responses(
        (status = 200, description = "The enquiry with its answer", body = Enquiry),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not association staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enquiry of the caller's association", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The enquiry already became a complaint", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty answer or one over 5,000 characters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/enquiries/{enquiry_id}/answer")]
async fn answer(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<EnquiryId>,
    body: Json<AnswerRequest>,
) -> ApiResult<web::Json<Enquiry>> {
    authorize(&principal, Action::HandleEnquiries)?;
    let body = body.into_inner()?;
    let text = check(&body)?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let enquiry = locked(&txn, &principal, *id).await?;
    if store::state(&enquiry)? == EnquiryState::Converted {
        return Err(already_converted());
    }
    let mut active = enquiry.into_active_model();
    active.state = Set(EnquiryState::Answered.as_str().to_owned());
    active.answer = Set(Some(text));
    active.answered_by = Set(Some(principal.user_id.0));
    active.answered_at = Set(Some(now));
    active.updated_at = Set(now);
    let enquiry = active.update(&txn).await?;
    questions::refresh(&txn, &enquiry).await?;

    let consumer = vec![enquiry.consumer_id];
    let notice = Notice {
        complaint_id: None,
        kind: "enquiry_answered",
        title: Text::new(
            "协会已答复您的咨询，请查看。",
            "The association answered your question; have a look.",
        ),
    };
    notify(&txn, &consumer, &notice, now).await?;
    txn.commit().await?;
    state.events.wake(&consumer);

    tracing::info!(enquiry = %enquiry.id, by = %principal.user_id, "enquiry answered");
    Ok(web::Json(store::view(&state.db, enquiry).await?))
}

fn check(body: &AnswerRequest) -> ApiResult<String> {
    let mut fields = Fields::default();
    let text = fields.check(
        "answer",
        free_text(&body.answer, 1, 5000),
        Text::new(
            "答复为 1 到 5000 个字，不能包含控制字符。",
            "The answer is 1 to 5,000 characters, without control characters.",
        ),
    );
    fields.finish()?;
    Ok(text.unwrap_or_default())
}
