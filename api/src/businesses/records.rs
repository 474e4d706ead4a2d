//! `GET /public/businesses/{business_id}`: a business's public record (处理记录)
//! for anyone: who it is, its membership, outlets and customer-service
//! contacts, and how it handled its complaints over all time and the last
//! twelve months, with the complaint-handling index.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use sea_orm::{ConnectionTrait, EntityTrait};
use shared::businesses::Suspension;
use shared::records::{HandlingRecord, MergedRecord, PublicBusinessRecord};
use shared::{BusinessId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::businesses::handling::{self, Period};
use crate::businesses::{handling_index, outlets};
use crate::deadlines::calendar::china;
use crate::entities::businesses;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Open outlets shown on the record; the outlet list pages through the rest.
const OUTLETS_SHOWN: u64 = 50;
/// Published complaints shown on the record; the search lists them all.
const LATEST_SHOWN: u32 = 5;

pub fn configure(config: &mut ServiceConfig) {
    config.service(get_public_record);
}

/// A business's public record and handling record. Public.
///
/// A record that was merged into another answers `308 Permanent Redirect`
/// with `Location` pointing at that one's record (and `merged_into` in the
/// body), so that old links keep working.
#[utoipa::path(
    tag = "public",
    params(("business_id" = BusinessId, Path)),
    responses(
        (status = 200, description = "The public record", body = PublicBusinessRecord),
        (status = 308, description = "The record was merged into another; follow `Location`", body = MergedRecord,
            headers(("Location" = String, description = "The record it was merged into"))),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/businesses/{business_id}")]
async fn get_public_record(
    state: web::Data<AppState>,
    id: web::Path<BusinessId>,
) -> ApiResult<HttpResponse> {
    let business = businesses::Entity::find_by_id(id.0)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("经营者", "business"))?;
    if let Some(target) = business.merged_into {
        return Ok(merged(BusinessId(target)));
    }

    let today = state.clock.now().with_timezone(&china()).date_naive();
    let min_cases = state.settings.index_min_cases;
    let all_time = record(
        &state.db,
        *id,
        Period {
            from: None,
            to: today,
        },
        min_cases,
    )
    .await?;
    let last_12_months = record(&state.db, *id, Period::year_to(today), min_cases).await?;
    let (outlets, outlet_count) = outlets::open_outlets(&state.db, *id, OUTLETS_SHOWN).await?;
    let case_publicity = crate::disclosure::publicity::for_business(&state.db, *id).await?;
    let latest = crate::search::routes::run(
        &state.db,
        &shared::publication::PublicSearchQuery {
            business_id: Some(*id),
            limit: Some(LATEST_SHOWN),
            ..Default::default()
        },
    )
    .await?;

    Ok(HttpResponse::Ok().json(PublicBusinessRecord {
        id: *id,
        name: business.name,
        credit_code: business.credit_code,
        region_code: business.region_code,
        member: business.member,
        member_since: business.member_since,
        suspended: business.suspended_at.map(|since| Suspension {
            reason: business.suspension_reason.unwrap_or_default(),
            since,
        }),
        service_contacts: business
            .service_contacts
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok()),
        outlets,
        outlet_count,
        all_time,
        last_12_months,
        case_publicity,
        published_complaints: latest.total,
        latest_complaints: latest.items,
    }))
}

fn merged(target: BusinessId) -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/public/businesses/{target}"),
        ))
        .json(MergedRecord {
            merged_into: target,
        })
}

/// The handling record of one business over a period.
pub async fn record(
    db: &impl ConnectionTrait,
    business: BusinessId,
    period: Period,
    min_cases: u64,
) -> ApiResult<HandlingRecord> {
    let tally = handling::of_business(db, business.0, period).await?;
    let index = handling_index::index(&tally, min_cases);

    Ok(HandlingRecord {
        from: period.from,
        to: period.to,
        received: tally.received,
        rates: handling_index::rates(&tally),
        index: index.ok(),
        index_withheld: index.err(),
        index_min_cases: min_cases,
    })
}
