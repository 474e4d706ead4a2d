//! The commitment an applicant makes, and `GET /joining-commitment`.

use actix_web::{get, web};
use shared::joining::Commitment;
use utoipa_actix_web::service_config::ServiceConfig;

/// The version of the text below; an application records the version its
/// applicant agreed to. Change it whenever the text changes.
pub const VERSION: &str = "2024-1";

const TEXT_ZH: &str = "本单位承诺：在消费者协会受理针对本单位的投诉后，于和解时限内（默认 10 个工作日）\
与消费者协商处理并答复；按时履行与消费者达成的和解方案和调解协议；\
保持所公布的投诉处理联系方式畅通；如实提供处理情况，接受消费者协会的监督和社会公示。";

const TEXT_EN: &str = "We commit to this: once the consumer association accepts a complaint against us, \
we deal with the consumer and answer within the reconciliation deadline (10 working days by default); \
we carry out the settlements and mediation agreements we make, by their dates; \
we keep the complaint-handling contacts we publish reachable; \
and we report truthfully how we handled each case, under the association's oversight and public disclosure.";

pub fn configure(config: &mut ServiceConfig) {
    config.service(get_commitment);
}

/// The commitment a business makes when it applies to join. Public.
///
/// Show it to the applicant; send its `version` back as
/// `commitment_version` with `commitment_accepted: true`.
#[utoipa::path(
    tag = "joining",
    responses(
        (status = 200, description = "The current commitment text", body = Commitment),
        (status = 500, description = "Something went wrong on the server; quote the request id", body = shared::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/joining-commitment")]
async fn get_commitment() -> web::Json<Commitment> {
    web::Json(Commitment {
        version: VERSION.to_owned(),
        text_zh: TEXT_ZH.to_owned(),
        text_en: TEXT_EN.to_owned(),
    })
}
