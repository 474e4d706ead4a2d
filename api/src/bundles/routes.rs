//! `/complaints/{id}/bundle` and `/case-bundles`: exporting a case as a
//! verifiable bundle, checking a bundle, and importing one.

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, LOCATION};
use actix_web::{HttpResponse, get, post, web};
use futures_util::StreamExt;
use shared::bundles::{BundleVerification, CaseBundle, ImportedCase};
use shared::{ComplaintId, ErrorCode, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::bundles::{export, import, verify};
use crate::complaints::access::{Access, Side};
use crate::complaints::routes::visible;
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(get_bundle)
        .service(verify_bundle)
        .service(import_bundle);
}

/// The case as a verifiable bundle, downloaded as a file (staff of the
/// handling association).
///
/// The bundle holds the consumer's contacts, internal timeline entries and
/// every evidence file: hand it only to the authority or platform the case
/// goes to. Its layout is the `CaseBundle` schema; its `digest` and the
/// timeline's hashes are explained there so that a receiver can check them.
#[utoipa::path(
    tag = "bundles",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The bundle, as an attachment named after the complaint number", body = CaseBundle),
        (status = 403, description = "Only staff of the association handling the case export it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/{complaint_id}/bundle")]
async fn get_bundle(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<HttpResponse> {
    let (complaint, access) = visible(&state, &principal, *id).await?;
    require_handling(&access)?;

    let bundle = export::bundle(&state, &complaint).await?;

    tracing::info!(complaint = %complaint.number, user = %principal.user_id, digest = %bundle.digest, "case bundle exported");
    Ok(HttpResponse::Ok()
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"case-{}.json\"", complaint.number),
        ))
        .insert_header((CACHE_CONTROL, "no-store"))
        .json(bundle))
}

/// Staff of the association handling the case: a party, staff above it and
/// platform admins read the case but do not hand it over.
pub fn require_handling(access: &Access) -> ApiResult<()> {
    if access.side == Side::Association && !access.roles.is_empty() {
        return Ok(());
    }
    Err(ApiError::forbidden_because(Text::new(
        "只有承办该投诉的协会工作人员可以导出或移送案件。",
        "Only staff of the association handling the case export or refer it.",
    )))
}

/// Check a case bundle (association staff and platform admins).
///
/// Recomputes the digest, checks every timeline entry against its hash and
/// its link to the entry before, and every evidence file against its
/// SHA-256 and size. Every break is named: the record and entry sequence, or
/// the evidence file. Nothing is stored. A broken bundle is still a 200: the
/// report is the answer.
#[utoipa::path(
    tag = "bundles",
    security(("bearer" = [])),
    request_body = CaseBundle,
    responses(
        (status = 200, description = "The report; `intact` is false when anything breaks", body = BundleVerification),
        (status = 403, description = "Only association staff and platform admins check bundles", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than a case's evidence limit allows", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a bundle: a field is missing or of the wrong type (named)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/case-bundles/verification")]
async fn verify_bundle(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Payload,
) -> ApiResult<web::Json<BundleVerification>> {
    authorize(&principal, Action::VerifyCaseBundles)?;
    let bundle = read_bundle(&state, body).await?;

    let report = verify::verify(&bundle)?;

    Ok(web::Json(report))
}

/// Import a case bundle into the caller's association (its intake officers
/// and admins).
///
/// The bundle is checked first; a broken one is refused with 422
/// `bundle_broken`, each break in `errors`, and nothing is written. An open
/// case arrives awaiting acceptance here, with this association's acceptance
/// clock running; a closed one keeps its outcome. Its earlier timeline is
/// kept verbatim (re-exported under `prior_records`), evidence is stored with
/// its hashes, and an `imported` entry naming the bundle's digest starts the
/// new timeline. The consumer is linked to the consumer account with the
/// same mobile number, if there is one. Importing the same bundle again
/// answers 200 with the same case.
#[utoipa::path(
    tag = "bundles",
    security(("bearer" = [])),
    request_body = CaseBundle,
    responses(
        (status = 201, description = "Imported; `Location` names the new complaint", body = ImportedCase),
        (status = 200, description = "This bundle was imported before: that case", body = ImportedCase),
        (status = 403, description = "Only intake officers and admins of an association import bundles", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than a case's evidence limit allows", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`bundle_broken` (each break in `errors`), or a code this platform does not know (`unknown_category`, `unknown_nature`, `unknown_region`), or evidence of a format not accepted here", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/case-bundles")]
async fn import_bundle(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Payload,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::ImportCaseBundles)?;
    let bundle = read_bundle(&state, body).await?;

    let imported = import::import(&state, &principal, &bundle).await?;

    let mut response = if imported.created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(response
        .insert_header((
            LOCATION,
            format!("/api/v1/complaints/{}", imported.complaint_id.0),
        ))
        .json(imported))
}

/// Reads a bundle body, which may be as large as a case's evidence in
/// base64 and more than the usual JSON limit.
async fn read_bundle(state: &AppState, mut body: web::Payload) -> ApiResult<CaseBundle> {
    let settings = &state.settings;
    let limit = settings.max_case_evidence_bytes as usize / 3 * 4 + settings.max_json_bytes;
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::new(
                ErrorCode::MalformedJson,
                StatusCode::BAD_REQUEST,
                Text::new(
                    "请求体读取失败，请重试。",
                    "The body could not be read; try again.",
                ),
            )
        })?;
        if bytes.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        bytes.extend_from_slice(&chunk);
    }
    crate::http::json::parse(&bytes)
}

fn too_large(limit: usize) -> ApiError {
    let megabytes = limit / (1024 * 1024);
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        StatusCode::PAYLOAD_TOO_LARGE,
        Text::new(
            format!("案件包不能超过 {megabytes} MiB。"),
            format!("A case bundle may be at most {megabytes} MiB."),
        ),
    )
}
