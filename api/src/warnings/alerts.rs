//! `GET /associations/{association_id}/alerts`: surges in the complaints an
//! association handles, by business, category and region, with the
//! complaints that make each one, for its staff to look into.

use std::collections::HashMap;

use actix_web::{HttpRequest, get, web};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use shared::warnings::{AlertEvidence, SurgeAlert, SurgeAlerts, SurgeDimension};
use shared::{AssociationId, ComplaintId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::entities::{businesses, categories, complaints, regions};
use crate::error::ApiResult;
use crate::i18n::Lang;
use crate::organisations::associations::find;
use crate::policy::{Action, authorize};
use crate::state::AppState;
use crate::warnings::surge::{Surge, SurgeRule, detect};

/// The most complaints an alert lists as evidence.
const EVIDENCE_SHOWN: usize = 50;

pub fn configure(config: &mut ServiceConfig) {
    config.service(read_alerts);
}

/// Surges in the complaints the association handles (its staff, and
/// platform admins).
///
/// Counts the complaints filed in the last 7 days up to the server's clock
/// (the current window) against each of the 8 weeks before, by business, by
/// category and by the region the complaint names, whatever their state.
/// A key alerts when its current count is at least 5, at least its weekly
/// mean plus three standard deviations, and at least three times its weekly
/// mean: a business that is always busy does not alert on an ordinary week,
/// a quiet one that suddenly draws complaints does. Each alert lists the
/// complaints of the current window (at most 50, oldest first) and how many
/// there are. The evidence is for staff: case numbers only, no consumers.
#[utoipa::path(
    tag = "warnings",
    security(("bearer" = [])),
    params(("association_id" = AssociationId, Path)),
    responses(
        (status = 200, description = "The alerts, businesses first", body = SurgeAlerts),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this association", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/associations/{association_id}/alerts")]
async fn read_alerts(
    state: web::Data<AppState>,
    request: HttpRequest,
    principal: Principal,
    id: web::Path<AssociationId>,
) -> ApiResult<web::Json<SurgeAlerts>> {
    authorize(&principal, Action::ReadSurgeAlerts(*id))?;
    let association = find(&state, *id).await?;

    let rule = SurgeRule::default();
    let now = state.clock.now();
    let filings = recent_filings(&state.db, association.id, &rule, now).await?;

    let mut alerts = Vec::new();
    for dimension in [
        SurgeDimension::Business,
        SurgeDimension::Category,
        SurgeDimension::Region,
    ] {
        let keyed = filings
            .iter()
            .map(|filing| (key_of(filing, dimension), filing.filed_at, filing));
        let surges = detect(&rule, now, keyed);
        alerts.extend(surges.into_iter().map(|surge| alert(dimension, surge)));
    }
    label(&state.db, &mut alerts, Lang::of(&request)).await?;

    Ok(web::Json(SurgeAlerts {
        association_id: *id,
        window_start: rule.current_start(now),
        window_end: now,
        window_days: rule.window.num_days() as u32,
        baseline_windows: rule.baseline_windows,
        alerts,
    }))
}

#[derive(FromQueryResult)]
struct Filing {
    id: Uuid,
    number: String,
    business_id: Uuid,
    category_code: String,
    region_code: String,
    filed_at: DateTime<Utc>,
}

/// The association's complaints filed in the current window or the
/// baseline, oldest first.
async fn recent_filings(
    db: &impl ConnectionTrait,
    association: Uuid,
    rule: &SurgeRule,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Filing>> {
    Ok(complaints::Entity::find()
        .select_only()
        .columns([
            complaints::Column::Id,
            complaints::Column::Number,
            complaints::Column::BusinessId,
            complaints::Column::CategoryCode,
            complaints::Column::RegionCode,
            complaints::Column::FiledAt,
        ])
        .filter(complaints::Column::AssociationId.eq(association))
        .filter(complaints::Column::FiledAt.gt(rule.earliest(now)))
        .filter(complaints::Column::FiledAt.lte(now))
        .order_by_asc(complaints::Column::FiledAt)
        .order_by_asc(complaints::Column::Id)
        .into_model::<Filing>()
        .all(db)
        .await?)
}

fn key_of(filing: &Filing, dimension: SurgeDimension) -> String {
    match dimension {
        SurgeDimension::Business => filing.business_id.to_string(),
        SurgeDimension::Category => filing.category_code.clone(),
        SurgeDimension::Region => filing.region_code.clone(),
    }
}

/// The alert of one surge, its label still empty.
fn alert(dimension: SurgeDimension, surge: Surge<String, &Filing>) -> SurgeAlert {
    SurgeAlert {
        dimension,
        label: String::new(),
        current_count: surge.current,
        baseline_counts: surge.baseline,
        baseline_mean: surge.mean,
        baseline_sd: surge.sd,
        evidence_total: surge.evidence.len() as u32,
        evidence: surge
            .evidence
            .iter()
            .take(EVIDENCE_SHOWN)
            .map(|filing| AlertEvidence {
                complaint_id: ComplaintId(filing.id),
                number: filing.number.clone(),
                filed_at: filing.filed_at,
            })
            .collect(),
        key: surge.key,
    }
}

/// Names each alert's business, category or region; a key that has none
/// (a record since removed) is its own label.
async fn label(db: &impl ConnectionTrait, alerts: &mut [SurgeAlert], lang: Lang) -> ApiResult<()> {
    let keys = |dimension| -> Vec<String> {
        alerts
            .iter()
            .filter(|a| a.dimension == dimension)
            .map(|a| a.key.clone())
            .collect()
    };
    let business_ids: Vec<Uuid> = keys(SurgeDimension::Business)
        .iter()
        .filter_map(|key| key.parse().ok())
        .collect();
    let category_codes = keys(SurgeDimension::Category);
    let region_codes = keys(SurgeDimension::Region);

    let mut names: HashMap<(SurgeDimension, String), String> = HashMap::new();
    if !business_ids.is_empty() {
        for row in businesses::Entity::find()
            .filter(businesses::Column::Id.is_in(business_ids))
            .all(db)
            .await?
        {
            names.insert((SurgeDimension::Business, row.id.to_string()), row.name);
        }
    }
    if !category_codes.is_empty() {
        for row in categories::Entity::find()
            .filter(categories::Column::Code.is_in(category_codes))
            .all(db)
            .await?
        {
            let name = match lang {
                Lang::ZhCn => row.name_zh,
                Lang::En => row.name_en,
            };
            names.insert((SurgeDimension::Category, row.code), name);
        }
    }
    if !region_codes.is_empty() {
        for row in regions::Entity::find()
            .filter(regions::Column::Code.is_in(region_codes))
            .all(db)
            .await?
        {
            names.insert((SurgeDimension::Region, row.code), row.name);
        }
    }

    for alert in alerts {
        alert.label = names
            .remove(&(alert.dimension, alert.key.clone()))
            .unwrap_or_else(|| alert.key.clone());
    }
    Ok(())
}
