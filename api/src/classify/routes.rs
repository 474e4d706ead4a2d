//! `/classifications`: category and nature suggestions for a text, for
//! anyone filing; `/complaints/{id}/classification` and
//! `/complaints/{id}/labels`: the suggestion for a case and intake staff's
//! correction of its labels; `/admin/classifier`: the served model and its
//! retraining on the corrections.

use std::collections::HashMap;

use actix_web::{HttpResponse, get, post, put, web};
use sea_orm::{ConnectionTrait, EntityTrait};
use shared::classification::{
    Classification, ClassificationRequest, ClassifierStatus, LabelCorrection, Suggestion,
};
use shared::complaints::CaseRole;
use shared::{ComplaintId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::classify::{corrections, retraining};
use crate::complaints::access::{self, Side};
use crate::complaints::routes::{versioned, visible};
use crate::complaints::store;
use crate::entities::{categories, natures};
use crate::error::{ApiError, ApiResult, text_field};
use crate::http::Json;
use crate::policy::{Action, authorize};
use crate::state::AppState;
use classifier::Scored;

/// The longest text classified, in characters: a complaint's description.
pub const MAX_TEXT_CHARS: usize = 5000;
/// Suggestions of each kind in an answer.
const SUGGESTIONS: usize = 3;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(classify)
        .service(complaint_classification)
        .service(correct_labels)
        .service(classifier_status)
        .service(retrain);
}

/// Suggest a category and nature for a complaint's text. Anonymous.
///
/// For the filing form, as the consumer types the description: the three
/// likeliest categories and natures, with their names and the model's
/// probability. Rate limited per client address like `/public/…`.
#[utoipa::path(
    tag = "complaints",
    request_body(content = ClassificationRequest, example = json!({"text": "手机买了三天屏幕就碎了，商家拒绝换货"})),
    responses(
        (status = 200, description = "The likeliest categories and natures", body = Classification),
        (status = 422, description = "`text` is empty, only spaces, or over 5,000 characters", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/classifications")]
async fn classify(
    state: web::Data<AppState>,
    body: Json<ClassificationRequest>,
) -> ApiResult<web::Json<Classification>> {
    let body = body.into_inner()?;
    let text = text_field("text", &body.text, MAX_TEXT_CHARS)?;

    Ok(web::Json(classification(&state, &text).await?))
}

/// The suggested category and nature of a complaint, from its description.
///
/// For association staff who see the case (intake checks the consumer's
/// choice with it); others get 404 or 403 as for the case itself.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The likeliest categories and natures", body = Classification),
        (status = 403, description = "The caller is a party, not association staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/{complaint_id}/classification")]
async fn complaint_classification(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<web::Json<Classification>> {
    let (complaint, access) = visible(&state, &principal, *id).await?;
    if access.side != Side::Association {
        return Err(ApiError::forbidden());
    }

    Ok(web::Json(
        classification(&state, &complaint.description).await?,
    ))
}

/// Correct a complaint's category and nature. Intake staff of the
/// handling association (and its admins).
///
/// The change is recorded on the timeline (`labels_corrected`) and kept as a
/// labelled example: the next retraining of the classifier learns from it.
/// Giving the labels the complaint already has changes nothing.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    request_body(content = LabelCorrection, example = json!({"category_code": "goods.appliances.phones", "nature_code": "quality"})),
    responses(
        (status = 200, description = "The complaint with its new labels; `ETag` is the new version", body = shared::cases::Complaint),
        (status = 403, description = "The caller sees the case but is not its intake", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A code the taxonomy does not have", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/complaints/{complaint_id}/labels")]
async fn correct_labels(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
    body: Json<LabelCorrection>,
) -> ApiResult<HttpResponse> {
    let (_, early) = visible(&state, &principal, *id).await?;
    if !early.acts_as(CaseRole::Intake) {
        return Err(ApiError::forbidden());
    }
    let body = body.into_inner()?;
    corrections::check(&state.db, &body).await?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let current = store::lock(&txn, id.0)
        .await?
        .ok_or_else(access::not_found)?;
    let access = access::access(&txn, &principal, &current).await?;
    if !access.acts_as(CaseRole::Intake) {
        return Err(ApiError::forbidden());
    }
    corrections::correct(&txn, current, &body, principal.user_id.0, now).await?;
    txn.commit().await?;
    tracing::info!(complaint = %id.0, category = %body.category_code, nature = %body.nature_code, by = %principal.user_id, "complaint labels corrected");

    let (complaint, access) = visible(&state, &principal, *id).await?;
    versioned(&state, &complaint, &access, now).await
}

/// The served classifier: corrections stored and learned. Platform admins.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The served model", body = ClassifierStatus),
        (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/classifier")]
async fn classifier_status(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<web::Json<ClassifierStatus>> {
    authorize(&principal, Action::RetrainClassifier)?;

    Ok(web::Json(status(&state).await?))
}

/// Retrain the classifier on every stored correction, in the background.
/// Platform admins.
///
/// The committed model is fine-tuned on the corrections and served as soon
/// as it is ready, without a restart; follow it on `GET /admin/classifier`
/// (`retraining` turns false, `corrections_learned` counts them). The
/// server also retrains at start-up.
#[utoipa::path(
    tag = "complaints",
    security(("bearer" = [])),
    responses(
        (status = 202, description = "Retraining runs (or already ran when asked)", body = ClassifierStatus),
        (status = 403, description = "Not a platform admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/classifier/retraining")]
async fn retrain(state: web::Data<AppState>, principal: Principal) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::RetrainClassifier)?;

    retraining::spawn(&state);
    tracing::info!(by = %principal.user_id, "classifier retraining requested");
    Ok(HttpResponse::Accepted().json(status(&state).await?))
}

async fn status(state: &AppState) -> ApiResult<ClassifierStatus> {
    let served = state.classifier.status();
    Ok(ClassifierStatus {
        corrections: corrections::count(&state.db).await?,
        corrections_learned: served.corrections_learned,
        retrained_at: served.retrained_at,
        retraining: served.retraining,
    })
}

/// The suggestions for `text`, named from the taxonomy.
async fn classification(state: &AppState, text: &str) -> ApiResult<Classification> {
    let classifier = state.classifier.clone();
    let owned = text.to_owned();
    let (categories_ranked, natures_ranked) =
        tokio::task::spawn_blocking(move || classifier.suggest(&owned))
            .await
            .map_err(ApiError::internal)?;
    let names = Names::load(&state.db).await?;

    Ok(Classification {
        categories: names.suggestions(&categories_ranked, &names.categories),
        natures: names.suggestions(&natures_ranked, &names.natures),
    })
}

/// The taxonomy's names by code.
struct Names {
    categories: HashMap<String, (String, String)>,
    natures: HashMap<String, (String, String)>,
}

impl Names {
    async fn load(db: &impl ConnectionTrait) -> ApiResult<Self> {
        let categories = categories::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|row| (row.code, (row.name_zh, row.name_en)))
            .collect();
        let natures = natures::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|row| (row.code, (row.name_zh, row.name_en)))
            .collect();
        Ok(Self {
            categories,
            natures,
        })
    }

    /// The first few ranked labels the taxonomy knows, with their names.
    fn suggestions(
        &self,
        ranked: &[Scored],
        names: &HashMap<String, (String, String)>,
    ) -> Vec<Suggestion> {
        ranked
            .iter()
            .filter_map(|scored| {
                names.get(&scored.label).map(|(zh, en)| Suggestion {
                    code: scored.label.clone(),
                    name_zh: zh.clone(),
                    name_en: en.clone(),
                    score: scored.score,
                })
            })
            .take(SUGGESTIONS)
            .collect()
    }
}
