//! Questions and answers (咨询问答): publishing an answered enquiry whose
//! consumer agreed, as a redacted public copy, and the public list of them
//! with the same full-text search as published complaints.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::enquiries::{Enquiry, EnquiryState, PublicQuestion, PublicQuestionQuery};
use shared::{EnquiryId, Page, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::disclosure::projection::Consumer;
use crate::enquiries::store::{self, locked};
use crate::entities::{associations, enquiries, published_questions as published};
use crate::error::{ApiError, ApiResult, Fields};
use crate::i18n::Text;
use crate::pagination;
use crate::policy::{Action, authorize};
use crate::search::index::{Index, Words};
use crate::search::query::{check_limit, query_terms};
use crate::search::segment::document_tokens;
use crate::state::AppState;

/// The full-text index over published questions.
const INDEX: Index = Index {
    table: "published_questions",
    fts: "question_search",
};

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(publish)
        .service(unpublish)
        .service(public_list);
}

/// Publish an answered enquiry as a question and answer, with personal
/// information removed (staff of the association it was asked of). Only
/// when its consumer agreed when asking.
#[utoipa::path(
    tag = "enquiries",
    security(("bearer" = [])),
    params(("enquiry_id" = EnquiryId, Path)),
    responses(
        (status = 200, description = "The enquiry, with the id of its public copy", body = Enquiry),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not association staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enquiry of the caller's association", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not answered yet, or its consumer did not agree to publication", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/enquiries/{enquiry_id}/publication")]
async fn publish(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<EnquiryId>,
) -> ApiResult<web::Json<Enquiry>> {
    authorize(&principal, Action::HandleEnquiries)?;

    let txn = state.writer.begin().await?;
    let enquiry = locked(&txn, &principal, *id).await?;
    check_publishable(&enquiry)?;
    write(&txn, &enquiry, state.clock.now()).await?;
    txn.commit().await?;

    tracing::info!(enquiry = %enquiry.id, by = %principal.user_id, "question published");
    Ok(web::Json(store::view(&state.db, enquiry).await?))
}

/// Take a published question and answer down.
#[utoipa::path(
    tag = "enquiries",
    security(("bearer" = [])),
    params(("enquiry_id" = EnquiryId, Path)),
    responses(
        (status = 204, description = "It is no longer public (or never was)"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not association staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enquiry of the caller's association", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/enquiries/{enquiry_id}/publication")]
async fn unpublish(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<EnquiryId>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::HandleEnquiries)?;

    let txn = state.writer.begin().await?;
    let enquiry = locked(&txn, &principal, *id).await?;
    published::Entity::delete_many()
        .filter(published::Column::EnquiryId.eq(enquiry.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

fn check_publishable(enquiry: &enquiries::Model) -> ApiResult<()> {
    if store::state(enquiry)? != EnquiryState::Answered {
        return Err(ApiError::conflict(Text::new(
            "只有已答复、未转为投诉的咨询可以公开。",
            "Only an answered enquiry that did not become a complaint can be published.",
        )));
    }
    if !enquiry.consent_to_publish {
        return Err(ApiError::conflict(Text::new(
            "咨询人提问时未同意公开，不能公开这条咨询。",
            "The consumer did not agree to publication when asking; it cannot be published.",
        )));
    }
    Ok(())
}

/// The public copy of the enquiry, if it is published.
pub async fn copy_of(
    db: &impl ConnectionTrait,
    enquiry: Uuid,
) -> ApiResult<Option<published::Model>> {
    Ok(published::Entity::find()
        .filter(published::Column::EnquiryId.eq(enquiry))
        .one(db)
        .await?)
}

/// Rewrites the public copy after the answer changed, if there is one.
pub async fn refresh(db: &impl ConnectionTrait, enquiry: &enquiries::Model) -> ApiResult<()> {
    if let Some(copy) = copy_of(db, enquiry.id).await? {
        write(db, enquiry, copy.published_at).await?;
    }
    Ok(())
}

/// Writes (or rewrites) the redacted public copy: the consumer's name,
/// phone and e-mail, and any other personal information the redactor finds,
/// are removed from the question and from the answer.
async fn write(
    db: &impl ConnectionTrait,
    enquiry: &enquiries::Model,
    published_at: DateTime<Utc>,
) -> ApiResult<()> {
    let consumer = Consumer::of_user(db, enquiry.consumer_id).await?;
    let question = consumer.redact(&enquiry.question);
    let answer = consumer.redact(enquiry.answer.as_deref().unwrap_or_default());
    let association = associations::Entity::find_by_id(enquiry.association_id)
        .one(db)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    let mut row = published::ActiveModel {
        id: NotSet,
        enquiry_id: Set(enquiry.id),
        association_id: Set(enquiry.association_id),
        association_name: Set(association),
        region_code: Set(enquiry.region_code.clone()),
        search_tokens: Set(document_tokens(&format!("{question}\n{answer}"))),
        question: Set(question),
        answer: Set(answer),
        asked_at: Set(enquiry.asked_at),
        answered_at: Set(enquiry.answered_at.unwrap_or(enquiry.updated_at)),
        published_at: Set(published_at),
    };
    match copy_of(db, enquiry.id).await? {
        Some(existing) => {
            row.id = Set(existing.id);
            published::Entity::update(row).exec(db).await?;
        }
        None => {
            published::Entity::insert(row).exec(db).await?;
        }
    }
    Ok(())
}

/// Published questions and answers, newest first; `q` finds those holding
/// every word (Chinese word segmentation). Anonymous.
#[utoipa::path(
    tag = "public",
    params(PublicQuestionQuery),
    responses(
        (status = 200, description = "One page of questions and answers", body = Page<PublicQuestion>),
        (status = 422, description = "A query without words or over 100 characters, or a bad cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/questions")]
async fn public_list(
    state: web::Data<AppState>,
    query: crate::http::Query<PublicQuestionQuery>,
) -> ApiResult<web::Json<Page<PublicQuestion>>> {
    let mut fields = Fields::default();
    let words = query_terms(query.q.as_deref(), &mut fields);
    let limit = check_limit(query.limit, &mut fields);
    fields.finish()?;

    let mut select = published::Entity::find();
    if !words.is_empty() {
        let backend = state.db.get_database_backend();
        select = select.filter(INDEX.matching(backend, &words, Words::All));
    }
    if let Some(before) = pagination::decode_number(query.cursor.as_deref())? {
        select = select.filter(published::Column::Id.lt(before));
    }
    let rows = select
        .order_by_desc(published::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let (rows, next_cursor) = pagination::page(rows, limit, |last| last.id.to_string());
    Ok(web::Json(Page {
        items: rows.into_iter().map(public).collect(),
        next_cursor,
    }))
}

fn public(row: published::Model) -> PublicQuestion {
    PublicQuestion {
        id: row.id,
        question: row.question,
        answer: row.answer,
        association_name: row.association_name,
        region_code: row.region_code,
        asked_at: row.asked_at,
        answered_at: row.answered_at,
        published_at: row.published_at,
    }
}
