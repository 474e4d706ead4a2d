//! `/enquiries`: a consumer asks a question, and the enquiries each caller
//! may read: a consumer's own, the staff's association's.

use actix_web::{HttpResponse, get, post, web};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::accounts::{StaffRole, UserKind};
use shared::enquiries::{AskRequest, Enquiry, EnquiryState};
use shared::validation::free_text;
use shared::{EnquiryId, Page, PageQuery, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::businesses::registry;
use crate::complaints::audience::staff_with;
use crate::enquiries::store::{self, visible};
use crate::entities::enquiries;
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::{Json, Query};
use crate::i18n::Text;
use crate::notifications::{Notice, notify};
use crate::organisations::routing;
use crate::pagination;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(ask).service(list).service(one);
}

/// Ask the association a question (consumers). The association serving
/// `region_code` answers it, or turns it into a complaint.
#[utoipa::path(
    tag = "enquiries",
    security(("bearer" = [])),
    request_body(content = AskRequest, example = json!({"question": "网上买的羽绒服收到后不合适，拆了吊牌还能七天无理由退货吗？", "region_code": "440305", "consent_to_publish": true})),
    responses(
        (status = 201, description = "The enquiry, waiting for an answer", body = Enquiry),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a consumer account", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A question under 10 or over 2,000 characters, or an unknown region", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/enquiries")]
async fn ask(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<AskRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::AskQuestions)?;
    let body = body.into_inner()?;
    let (question, region_code) = check(&state, &body).await?;

    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    let association = routing::serving(&txn, &region_code).await?;
    let row = enquiries::ActiveModel {
        id: Set(Uuid::now_v7()),
        consumer_id: Set(principal.user_id.0),
        association_id: Set(association.id),
        region_code: Set(region_code),
        question: Set(question),
        consent_to_publish: Set(body.consent_to_publish),
        state: Set(EnquiryState::Open.as_str().to_owned()),
        answer: Set(None),
        answered_by: Set(None),
        answered_at: Set(None),
        complaint_id: Set(None),
        asked_at: Set(now),
        updated_at: Set(now),
    };
    let enquiry = enquiries::Entity::insert(row)
        .exec_with_returning(&txn)
        .await?;
    let staff = staff_with(
        &txn,
        association.id,
        &[StaffRole::IntakeOfficer, StaffRole::AssociationAdmin],
    )
    .await?;
    let notice = Notice {
        complaint_id: None,
        kind: "enquiry_asked",
        title: Text::new("收到一条新的消费咨询。", "A consumer asked a new question."),
    };
    notify(&txn, &staff, &notice, now).await?;
    txn.commit().await?;
    state.events.wake(&staff);

    tracing::info!(enquiry = %enquiry.id, consumer = %principal.user_id, association = %association.id, "enquiry asked");
    Ok(HttpResponse::Created().json(store::view(&state.db, enquiry).await?))
}

async fn check(state: &AppState, body: &AskRequest) -> ApiResult<(String, String)> {
    let mut fields = Fields::default();
    let question = fields.check(
        "question",
        free_text(&body.question, 10, 2000),
        Text::new(
            "问题为 10 到 2000 个字，不能包含控制字符。",
            "The question is 10 to 2,000 characters, without control characters.",
        ),
    );
    let region = registry::check_region(
        &state.db,
        &mut fields,
        "region_code",
        Some(&body.region_code),
    )
    .await?;
    fields.finish()?;
    question
        .zip(region)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("checked enquiry fields went missing")))
}

/// The enquiries the caller may read, newest first: a consumer's own; the
/// staff's association's; every one for platform admins.
#[utoipa::path(
    tag = "enquiries",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of enquiries", body = Page<Enquiry>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A business account: businesses have no enquiries", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad cursor or limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/enquiries")]
async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    query: Query<PageQuery>,
) -> ApiResult<web::Json<Page<Enquiry>>> {
    let mut select = enquiries::Entity::find();
    match principal.kind {
        UserKind::Consumer => {
            select = select.filter(enquiries::Column::ConsumerId.eq(principal.user_id.0));
        }
        UserKind::Staff => {
            authorize(&principal, Action::HandleEnquiries)?;
            let association = principal.association_id.map(|a| a.0);
            select = select.filter(enquiries::Column::AssociationId.eq(association));
        }
        UserKind::PlatformAdmin => {}
        UserKind::Business => authorize(&principal, Action::HandleEnquiries)?,
    }

    let limit = pagination::limit(query.limit)?;
    if let Some(before) = pagination::decode_id(query.cursor.as_deref())? {
        select = select.filter(enquiries::Column::Id.lt(before));
    }
    let rows = select
        .order_by_desc(enquiries::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let (rows, next_cursor) = pagination::page(rows, limit, |last| last.id.to_string());
    Ok(web::Json(Page {
        items: store::views(&state.db, rows).await?,
        next_cursor,
    }))
}

/// One enquiry: its consumer, and the staff of the association it was
/// asked of (others get 404).
#[utoipa::path(
    tag = "enquiries",
    security(("bearer" = [])),
    params(("enquiry_id" = EnquiryId, Path)),
    responses(
        (status = 200, description = "The enquiry", body = Enquiry),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enquiry that the caller may read", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/enquiries/{enquiry_id}")]
async fn one(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<EnquiryId>,
) -> ApiResult<web::Json<Enquiry>> {
    let enquiry = visible(&state.db, &principal, *id).await?;
    Ok(web::Json(store::view(&state.db, enquiry).await?))
}
